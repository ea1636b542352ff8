// Runs delivery scenario steps against a run (headless in the CLI and tests; step by step in the
// worker), checks expectations, and words each step's JSON line.

import { deliveryTally, outputTally, type DeliveryCommand, type DeliveryRun, type Note } from '../kernel/protocols/delivery/index.ts';
import { networkCommandOf } from './network-words.ts';
import type { Comparison, Counter, DeliveryExpectation, DeliveryScenarioStep } from './delivery.ts';

export type DeliveryStepOutcome =
  | { readonly kind: 'applied'; readonly command: DeliveryCommand }
  | { readonly kind: 'ran'; readonly durationMs: number }
  | { readonly kind: 'expect'; readonly ok: boolean; readonly detail: string };

export function applyDeliveryStep(run: DeliveryRun, step: DeliveryScenarioStep): DeliveryStepOutcome {
  const { history } = run;
  switch (step.kind) {
    case 'run':
    case 'advance':
      history.advanceTo(history.viewMs + step.durationMs);
      return { kind: 'ran', durationMs: step.durationMs };
    case 'expect':
      return { kind: 'expect', ...checkDeliveryExpectation(run, step.expectation) };
    default: {
      const command = commandForDeliveryStep(step);
      history.apply(command);
      return { kind: 'applied', command };
    }
  }
}

export function commandForDeliveryStep(step: Exclude<DeliveryScenarioStep, { kind: 'run' | 'advance' | 'expect' }>): DeliveryCommand {
  switch (step.kind) {
    case 'produce':
      return { type: 'produce', count: step.count };
    case 'arm-crash':
      return { type: 'arm-crash', trap: step.trap };
    case 'lose-next-ack':
      return { type: 'lose-next-ack' };
    case 'failover':
      return { type: 'failover' };
    case 'zombie':
      return { type: 'zombie' };
    case 'rebalance':
      return { type: 'rebalance', when: step.when };
    default: {
      const command = networkCommandOf(step, { crashable: (node) => node, movable: (node) => node });
      if ('error' in command) throw new Error(command.error);
      return command;
    }
  }
}

/** The counters the JSON lines and expectations read. */
export function deliveryCounters(run: DeliveryRun): Record<Counter, number> {
  const tally = deliveryTally(run.simulation);
  const appended = run.simulation.state.partitions.reduce((sum, partition) => sum + partition.records.filter((record) => record.kind === 'data').length, 0);
  return { effects: tally.effects, duplicates: tally.duplicates, lost: tally.lost, produced: tally.produced, appended, pending: tally.pending };
}

function compare(actual: number, comparison: Comparison, expected: number): boolean {
  switch (comparison) {
    case '>=':
      return actual >= expected;
    case '<=':
      return actual <= expected;
    case '==':
      return actual === expected;
    case '>':
      return actual > expected;
    case '<':
      return actual < expected;
  }
}

export function checkDeliveryExpectation(run: DeliveryRun, expectation: DeliveryExpectation): { ok: boolean; detail: string } {
  const tally = deliveryTally(run.simulation);
  const summary = `produced ${tally.produced}, effects ${tally.effects}, duplicates ${tally.duplicates}, lost ${tally.lost}, pending ${tally.pending}`;
  switch (expectation.kind) {
    case 'count': {
      const actual = deliveryCounters(run)[expectation.counter];
      return { ok: compare(actual, expectation.comparison, expectation.value), detail: `${expectation.counter} is ${actual} (${summary})` };
    }
    case 'exactly-once':
      return { ok: tally.exactlyOnce, detail: tally.exactlyOnce ? `every transfer took effect exactly once (${summary})` : `not exactly once: ${summary}` };
    case 'output-exactly-once': {
      const output = outputTally(run.simulation);
      if (!output) return { ok: false, detail: 'there is no output topic (it needs consumer=transactional)' };
      return { ok: output.exactlyOnce, detail: `output topic: ${output.effects} records for ${output.produced} transfers, ${output.duplicates} duplicates, ${output.lost} lost, ${output.pending} pending` };
    }
    case 'guarantee':
      return { ok: tally.guarantee === expectation.guarantee, detail: `the run kept ${tally.guarantee} (${summary})` };
  }
}

/** One JSON line per step: the contract fields (line, cmd, t_ms, produced, appended, effects, duplicates, lost, committedOffsets) and more. */
export function deliveryJsonLine(run: DeliveryRun, step: DeliveryScenarioStep, outcome: DeliveryStepOutcome, newNotes: readonly Note[]): Record<string, unknown> {
  const { simulation } = run;
  const counters = deliveryCounters(run);
  const tally = deliveryTally(simulation);
  const output = outputTally(simulation);
  return {
    line: step.line,
    cmd: step.text,
    t_ms: simulation.nowMs,
    produced: counters.produced,
    appended: counters.appended,
    effects: counters.effects,
    duplicates: counters.duplicates,
    lost: counters.lost,
    committedOffsets: simulation.state.committedOffsets,
    pending: counters.pending,
    guarantee: tally.guarantee,
    ...(output ? { output: { records: output.effects, duplicates: output.duplicates, lost: output.lost } } : {}),
    alive: { producer: simulation.isAlive('producer'), consumer: simulation.isAlive('consumer'), ...(run.config.effect === 'outbox' ? { relay: simulation.isAlive('relay') } : {}) },
    ...(outcome.kind === 'expect' ? { ok: outcome.ok, detail: outcome.detail } : {}),
    ...(newNotes.length > 0 ? { notes: newNotes.map((note) => note.text) } : {}),
  };
}

/** Run a whole scenario, printing its JSON lines; returns whether every expectation held. */
export function runDeliveryLines(run: DeliveryRun, steps: readonly DeliveryScenarioStep[], print: (value: Record<string, unknown>) => void): boolean {
  let allHeld = true;
  for (const step of steps) {
    const before = run.simulation.state.notes;
    const outcome = applyDeliveryStep(run, step);
    if (outcome.kind === 'expect' && !outcome.ok) allHeld = false;
    const after = run.simulation.state.notes;
    // Notes are kept bounded (oldest dropped): the new ones are those not in `before`.
    const fresh = after.filter((note) => !before.includes(note));
    print(deliveryJsonLine(run, step, outcome, fresh));
  }
  return allHeld;
}
