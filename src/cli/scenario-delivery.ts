// Runs a delivery scenario for the CLI: a header line, then one JSON line per command (line, cmd,
// t_ms, produced, appended, effects, duplicates, lost, committedOffsets, …); returns whether every expectation held.

import { createDeliveryRun } from '../kernel/protocols/delivery/index.ts';
import type { DeliveryScenario } from '../scenario/delivery.ts';
import { runDeliveryLines } from '../scenario/delivery-runner.ts';

export function runDeliveryScenarioCli(scenario: DeliveryScenario, print: (value: unknown) => void): boolean {
  const { config } = scenario;
  print({ lab: 'delivery', seed: config.seed, producer: config.producer, consumer: config.consumer, effect: config.effect, acks: config.acks, isolation: config.isolation, partitions: config.partitions, ...(config.effect === 'idempotency-key' ? { dedupWindowMs: config.dedupWindowMs } : {}), ...(config.bug ? { bug: config.bug } : {}) });
  return runDeliveryLines(createDeliveryRun(config), scenario.steps, print);
}
