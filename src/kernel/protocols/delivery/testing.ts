// Test helper shared by the delivery kernel's tests: play commands at virtual times, return the run.

import type { DeliveryCommand, DeliveryConfig } from './config.ts';
import { defaultDeliveryConfig } from './config.ts';
import { createDeliveryRun, deliveryTally, type DeliveryRun } from './run.ts';
import type { Tally } from './checkers.ts';

/** `[timeMs, command]` pairs in time order; a null command just runs to that time. */
export type Schedule = readonly (readonly [number, DeliveryCommand | null])[];

export function play(overrides: Partial<DeliveryConfig>, schedule: Schedule): { run: DeliveryRun; tally: Tally } {
  const run = createDeliveryRun(defaultDeliveryConfig(overrides));
  for (const [atMs, command] of schedule) {
    run.history.advanceTo(atMs);
    if (command) run.history.apply(command);
  }
  return { run, tally: deliveryTally(run.simulation) };
}

export const produce = (count: number): DeliveryCommand => ({ type: 'produce', count });
export const crashConsumerAt = (point: 'before-effect' | 'after-effect' | 'after-commit'): DeliveryCommand => ({ type: 'arm-crash', trap: { node: 'consumer', point } });
export const crashProducerAt = (point: 'before-append' | 'before-ack' | 'after-ack'): DeliveryCommand => ({ type: 'arm-crash', trap: { node: 'producer', point } });
export const restart = (node: 'producer' | 'consumer' | 'relay'): DeliveryCommand => ({ type: 'restart', node });
