// Runs transactions-lab scenario steps against a run (headless in the CLI and tests; step by step in
// the worker), checks expectations, words each step's JSON line, and replays one scenario's fault
// schedule under every protocol for the side-by-side table.

import {
  commitFrame,
  createCommitRun,
  measureRun,
  type CommitCommand,
  type CommitConfig,
  type CommitFrame,
  type CommitMeasures,
  type CommitRun,
} from '../kernel/protocols/commit/index.ts';
import { networkCommandOf } from './network-words.ts';
import type { CommitExpectation, CommitScenario, CommitScenarioStep } from './commit.ts';

export type CommitStepOutcome =
  | { readonly kind: 'applied'; readonly command: CommitCommand }
  | { readonly kind: 'ran'; readonly durationMs: number }
  | { readonly kind: 'expect'; readonly ok: boolean; readonly detail: string };

/** Carry out one step now: a command applies at the current moment, `run` plays virtual time. */
export function applyCommitStep(run: CommitRun, step: CommitScenarioStep): CommitStepOutcome {
  switch (step.kind) {
    case 'run':
      run.history.advanceTo(run.history.viewMs + step.durationMs);
      return { kind: 'ran', durationMs: step.durationMs };
    case 'expect':
      return { kind: 'expect', ...checkCommitExpectation(run, step.expectation) };
    default: {
      const command = commandForCommitStep(step);
      run.history.apply(command);
      return { kind: 'applied', command };
    }
  }
}

export function commandForCommitStep(step: Exclude<CommitScenarioStep, { kind: 'run' | 'expect' }>): CommitCommand {
  switch (step.kind) {
    case 'txn':
      return { type: 'txn', txn: step.txn };
    case 'vote':
      return { type: 'vote', participant: step.participant, yes: step.yes, txn: null };
    case 'drop':
      return { type: 'drop-next', from: step.from, to: step.to };
    case 'read':
      return { type: 'read', reader: step.reader };
    default: {
      // Node ids need no resolving here (no `leader` reference), so this never answers an error.
      const command = networkCommandOf(step, { crashable: (id) => id, movable: (id) => id });
      if ('error' in command) throw new Error(command.error);
      return command;
    }
  }
}

export function checkCommitExpectation(run: CommitRun, expectation: CommitExpectation): { ok: boolean; detail: string } {
  const { simulation } = run;
  const outcomes = () => simulation.txns.map((txn) => `${txn.id} ${txn.outcome}`).join(', ') || 'no transactions';
  switch (expectation.kind) {
    case 'outcome': {
      const txn = simulation.txn(expectation.txn);
      if (!txn) return { ok: false, detail: `there is no transaction ${expectation.txn} (${outcomes()})` };
      return { ok: txn.outcome === expectation.outcome, detail: `${txn.id} is ${txn.outcome}` };
    }
    case 'blocked':
    case 'not-blocked': {
      const blocked = simulation.isBlocked(expectation.participant);
      const shown = simulation.displayState(expectation.participant);
      return {
        ok: blocked === (expectation.kind === 'blocked'),
        detail: blocked
          ? `${expectation.participant} voted yes, holds its locks and cannot learn the decision`
          : `${expectation.participant} is not blocked (${simulation.isAlive(expectation.participant) ? shown.state : 'down'}${shown.txn ? ` in ${shown.txn}` : ''})`,
      };
    }
    case 'state': {
      const shown = simulation.displayState(expectation.participant);
      return { ok: shown.state === expectation.state, detail: `${expectation.participant} is ${shown.state}${shown.txn ? ` in ${shown.txn}` : ''}` };
    }
    case 'atomic':
    case 'not-atomic': {
      const split = simulation.txns.filter((txn) => txn.outcome === 'split');
      const atomic = split.length === 0;
      return {
        ok: atomic === (expectation.kind === 'atomic'),
        detail: atomic ? `no transaction split (${outcomes()})` : simulation.violations.find((violation) => violation.checker === 'atomicity')?.explanation ?? `${split.map((txn) => txn.id).join(', ')} split`,
      };
    }
    case 'anomaly':
    case 'no-anomaly': {
      const done = simulation.reads.filter((read) => read.result !== null);
      const anomalous = done.filter((read) => read.result!.anomaly);
      const waiting = simulation.reads.filter((read) => read.result === null);
      const detail =
        anomalous.length > 0
          ? `${anomalous[0]!.reader} read a total of ${anomalous[0]!.result!.total} (expected ${anomalous[0]!.result!.expectedTotal}): ${anomalous[0]!.result!.balances.map((entry) => `${entry.id} ${entry.balance}`).join(', ')}`
          : `${done.length} read(s) saw consistent totals${waiting.length > 0 ? `; ${waiting.map((read) => read.reader).join(', ')} still waiting (${waiting[0]!.waitingFor.join('; ')})` : ''}`;
      return { ok: (anomalous.length > 0) === (expectation.kind === 'anomaly'), detail };
    }
  }
}

/**
 * The JSON line printed after a step: `line`, `cmd`, `t_ms`, `coordinator: {state, alive, log}`,
 * `participants: [{id, state, alive, locks, log}]` and `transactions: [{id, outcome}]` always (other
 * tools read these names), then reads, and an expectation's verdict.
 */
export function commitJsonLine(run: CommitRun, step: CommitScenarioStep, outcome: CommitStepOutcome): Record<string, unknown> {
  const frame = commitFrame(run);
  const line: Record<string, unknown> = {
    line: step.line,
    cmd: step.text,
    t_ms: frame.nowMs,
    coordinator: { state: frame.coordinator.state, alive: frame.coordinator.alive, log: frame.coordinator.log.map((record) => `${record.txn} ${record.entry}`) },
    participants: frame.participants.map((participant) => ({
      id: participant.id,
      state: participant.state,
      alive: participant.alive,
      locks: participant.locks,
      log: participant.log.map((record) => `${record.txn} ${record.entry}`),
      balance: participant.balance,
    })),
    transactions: frame.transactions.map((txn) => ({ id: txn.id, outcome: txn.outcome })),
  };
  if (frame.reads.length > 0) {
    line.reads = frame.reads.map((read) => (read.result ? { reader: read.reader, total: read.result.total, anomaly: read.result.anomaly } : { reader: read.reader, waiting: read.waitingFor }));
  }
  if (outcome.kind === 'expect') {
    line.expect = step.text.replace(/^expect\s+/, '');
    line.ok = outcome.ok;
    line.detail = outcome.detail;
  }
  if (frame.violations.length > 0) line.violations = frame.violations.length;
  return line;
}

/** The protocols compared side by side. */
export const COMPARED: readonly { readonly label: string; readonly protocol: CommitConfig['protocol']; readonly sagaStyle: CommitConfig['sagaStyle'] }[] = [
  { label: '2PC', protocol: '2pc', sagaStyle: 'orchestrated' },
  { label: '3PC', protocol: '3pc', sagaStyle: 'orchestrated' },
  { label: 'saga (orchestrated)', protocol: 'saga', sagaStyle: 'orchestrated' },
  { label: 'saga (choreographed)', protocol: 'saga', sagaStyle: 'choreographed' },
];

export interface ComparedRun {
  readonly label: string;
  readonly config: CommitConfig;
  readonly measures: CommitMeasures;
  readonly frame: CommitFrame;
}

/**
 * One scenario's workload and fault schedule under every protocol: the same seed, the same steps at
 * the same moments (expectations skipped — they were written for one protocol), then the measures.
 * A `vote … no` is a NO vote in 2PC/3PC and a failing step in a saga. The planted bug stays in 2PC.
 */
export function compareCommitScenario(scenario: CommitScenario): ComparedRun[] {
  return COMPARED.map(({ label, protocol, sagaStyle }) => {
    const config: CommitConfig = {
      ...scenario.config,
      protocol,
      sagaStyle,
      bug: protocol === '2pc' ? scenario.config.bug : null,
      semanticLock: protocol === 'saga' && scenario.config.semanticLock,
    };
    const run = createCommitRun(config);
    for (const step of scenario.steps) if (step.kind !== 'expect') applyCommitStep(run, step);
    return { label, config, measures: measureRun(run.simulation), frame: commitFrame(run) };
  });
}

/**
 * A run's recorded commands (a scenario's or the user's own clicks), replayed at the same moments
 * under every protocol, up to `untilMs`: the side-by-side comparison of the page.
 */
export function compareCommitSchedule(config: CommitConfig, commands: readonly { readonly timeMs: number; readonly command: CommitCommand }[], untilMs: number): ComparedRun[] {
  return COMPARED.map(({ label, protocol, sagaStyle }) => {
    const variant: CommitConfig = { ...config, protocol, sagaStyle, bug: protocol === '2pc' ? config.bug : null, semanticLock: protocol === 'saga' && config.semanticLock };
    const run = createCommitRun(variant);
    for (const { timeMs, command } of commands) {
      run.history.advanceTo(timeMs);
      run.history.apply(command);
    }
    run.history.advanceTo(Math.max(untilMs, run.history.viewMs));
    return { label, config: variant, measures: measureRun(run.simulation), frame: commitFrame(run) };
  });
}
