// Random fault schedules for the property tests and the chaos of a test run: each fault at a
// virtual time, drawn by fast-check (tests) from a small vocabulary that covers every fault point.

import type { DeliveryCommand } from './config.ts';

export type Fault =
  | 'crash producer before-append'
  | 'crash producer before-ack'
  | 'crash producer after-ack'
  | 'crash consumer before-effect'
  | 'crash consumer after-effect'
  | 'crash consumer after-commit'
  | 'crash relay after-effect'
  | 'crash producer'
  | 'crash consumer'
  | 'restart producer'
  | 'restart consumer'
  | 'restart relay'
  | 'lose next ack'
  | 'failover broker'
  | 'zombie producer'
  | 'rebalance'
  | 'rebalance after-effect';

export const FAULTS: readonly Fault[] = [
  'crash producer before-append',
  'crash producer before-ack',
  'crash producer after-ack',
  'crash consumer before-effect',
  'crash consumer after-effect',
  'crash consumer after-commit',
  'crash relay after-effect',
  'crash producer',
  'crash consumer',
  'restart producer',
  'restart consumer',
  'restart relay',
  'lose next ack',
  'failover broker',
  'zombie producer',
  'rebalance',
  'rebalance after-effect',
];

/** The command a fault word stands for (the scenario language's words, so a failing schedule reads as a scenario). */
export function faultCommand(fault: Fault): DeliveryCommand {
  const words = fault.split(' ');
  if (words[0] === 'crash' && words.length === 3) {
    const node = words[1] as 'producer' | 'consumer' | 'relay';
    return { type: 'arm-crash', trap: { node, point: words[2] } as never };
  }
  if (words[0] === 'crash' || words[0] === 'restart') return { type: words[0], node: words[1] as 'producer' | 'consumer' | 'relay' };
  if (fault === 'lose next ack') return { type: 'lose-next-ack' };
  if (fault === 'failover broker') return { type: 'failover' };
  if (fault === 'zombie producer') return { type: 'zombie' };
  return { type: 'rebalance', when: fault === 'rebalance' ? 'now' : 'after-effect' };
}
