// Runs hashing scenario steps against a session (headless in the CLI and tests, inside the worker in the app).

import type { ChangeOutcome, HashingSession } from '../kernel/protocols/hashing/index.ts';
import type { HashingComparison, HashingExpectation, HashingScenarioStep } from './hashing.ts';

export type HashingStepOutcome =
  | { readonly kind: 'changed'; readonly outcome: ChangeOutcome }
  | { readonly kind: 'expect'; readonly ok: boolean; readonly detail: string }
  /** The change could not be made (the parser checks node ids, so this is rare: e.g. a bad weight mix). */
  | { readonly kind: 'error'; readonly detail: string };

/** Keys moved at the last change; `expect moved` reads it. Zero before any change. */
export interface LastMovement {
  readonly count: number;
  readonly fraction: number;
}

export function applyHashingStep(session: HashingSession, step: HashingScenarioStep, last: LastMovement): HashingStepOutcome {
  if (step.kind === 'expect') return { kind: 'expect', ...checkHashingExpectation(session, step.expectation, last) };
  try {
    return { kind: 'changed', outcome: session.apply(step.change) };
  } catch (error) {
    return { kind: 'error', detail: (error as Error).message };
  }
}

const compare: Record<HashingComparison, (actual: number, expected: number) => boolean> = {
  '>=': (a, b) => a >= b,
  '<=': (a, b) => a <= b,
  '==': (a, b) => a === b,
  '>': (a, b) => a > b,
  '<': (a, b) => a < b,
};

/** The figure an expectation reads, rounded as it is printed, so `expect` agrees with what the user sees. */
export function hashingMetricValue(session: HashingSession, metric: HashingExpectation['metric'], last: LastMovement): number {
  const loads = session.loads();
  switch (metric) {
    case 'moved':
      return round(last.fraction, 4);
    case 'moved-keys':
      return last.count;
    case 'maxload':
      return round(loads.keys.maxOverMean, 3);
    case 'maxrequests':
      return round(loads.requests.maxOverMean, 3);
    case 'spread':
      return round(loads.keys.mean === 0 ? 0 : loads.keys.standardDeviation / loads.keys.mean, 4);
  }
}

export function checkHashingExpectation(session: HashingSession, expectation: HashingExpectation, last: LastMovement): { ok: boolean; detail: string } {
  const actual = hashingMetricValue(session, expectation.metric, last);
  const ok = compare[expectation.comparison](actual, expectation.value);
  const described = expectation.metric === 'moved' ? `${actual} (${last.count} keys)` : String(actual);
  return { ok, detail: `${expectation.metric} is ${described}${ok ? '' : `, expected ${expectation.comparison} ${expectation.value}`}` };
}

export function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** The state as plain JSON: keys per node (healthy or not), max/mean and spread. */
export function hashingStateAsJson(session: HashingSession) {
  const loads = session.loads();
  const nodes = session.config.nodes;
  const keys: Record<string, number> = {};
  nodes.forEach((node, index) => {
    keys[node.id] = loads.keys.perNode[index]!;
  });
  const down = nodes.filter((node) => !node.up).map((node) => node.id);
  return {
    strategy: session.config.strategy,
    loads: keys,
    maxload: round(loads.keys.maxOverMean, 3),
    stddev: round(loads.keys.standardDeviation, 1),
    ...(session.config.distribution.kind === 'zipf' ? { maxrequests: round(loads.requests.maxOverMean, 3) } : {}),
    ...(down.length > 0 ? { down } : {}),
  };
}
