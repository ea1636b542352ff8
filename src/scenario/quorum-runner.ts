// Runs quorum scenario steps against a run (headless in the CLI and tests; step by step in a worker later).

import {
  checkOperations,
  findMissedWrites,
  findSessionAnomalies,
  findStaleReads,
  levelLabel,
  type EndpointId,
  type QuorumCommand,
  type QuorumOperation,
  type QuorumRun,
  type ReplicaId,
} from '../kernel/protocols/quorum/index.ts';
import { networkCommandOf } from './network-words.ts';
import type { RegisterValue } from '../kernel/checkers/linearizability/index.ts';
import type { Comparison, HistoryFlag, QuorumExpectation, QuorumScenarioStep } from './quorum.ts';

export type QuorumStepOutcome =
  | { readonly kind: 'applied'; readonly command: QuorumCommand }
  /** An operation was issued; when the step waited, it has its outcome. */
  | { readonly kind: 'operation'; readonly operationId: number }
  | { readonly kind: 'ran'; readonly durationMs: number }
  | { readonly kind: 'expect'; readonly ok: boolean; readonly detail: string };

/**
 * Carry out one step. A waiting operation (and `await`) runs until the outcome is known, then 1 ms
 * more: what the scenario does next is then strictly later in real time, so the checker treats the
 * two as ordered (equal times count as concurrent).
 */
export function applyQuorumStep(run: QuorumRun, step: QuorumScenarioStep): QuorumStepOutcome {
  switch (step.kind) {
    case 'run':
      run.history.advanceTo(run.history.viewMs + step.durationMs);
      return { kind: 'ran', durationMs: step.durationMs };
    case 'await':
      awaitOperations(run, () => run.simulation.operations.some(unfinished));
      return { kind: 'ran', durationMs: 0 };
    case 'expect':
      return { kind: 'expect', ...checkQuorumExpectation(run, step.expectation) };
    case 'write':
    case 'read': {
      const level = step.level ?? undefined;
      const via = step.via ?? undefined;
      const request =
        step.kind === 'write'
          ? { client: step.client, kind: 'write' as const, key: step.key, value: step.value, ...(level !== undefined ? { level } : {}), ...(via ? { via } : {}) }
          : { client: step.client, kind: 'read' as const, key: step.key, ...(level !== undefined ? { level } : {}), ...(via ? { via } : {}) };
      run.history.apply({ type: 'operation', request });
      const operationId = run.simulation.operations.length - 1;
      if (step.wait) awaitOperations(run, () => unfinished(run.simulation.operation(operationId)!));
      return { kind: 'operation', operationId };
    }
    default: {
      const command = commandForQuorumStep(step);
      run.history.apply(command);
      return { kind: 'applied', command };
    }
  }
}

export function commandForQuorumStep(step: Exclude<QuorumScenarioStep, { kind: 'run' | 'await' | 'expect' | 'write' | 'read' }>): QuorumCommand {
  switch (step.kind) {
    case 'crash':
    case 'restart':
    case 'isolate':
    case 'heal':
    case 'cut':
    case 'restore':
    case 'partition': {
      // Quorum ids need no resolving (no `leader` reference), so this never answers an error.
      const command = networkCommandOf<ReplicaId, EndpointId, ReplicaId, EndpointId>(step, { crashable: (id) => id, movable: (id) => id });
      if ('error' in command) throw new Error(command.error);
      return command;
    }
    case 'set':
      return { type: 'configure', settings: step.settings };
    case 'session':
      return {
        type: 'session',
        client: step.client,
        ...(step.readYourWrites !== undefined ? { readYourWrites: step.readYourWrites } : {}),
        ...(step.monotonicReads !== undefined ? { monotonicReads: step.monotonicReads } : {}),
      };
  }
}

function unfinished(operation: QuorumOperation): boolean {
  return operation.status === 'queued' || operation.status === 'pending';
}

/** Every operation has an outcome within its timeout, so this ends; the bound is a guard. */
function awaitOperations(run: QuorumRun, waiting: () => boolean): void {
  const limitMs = run.simulation.nowMs + 64 * 65 * run.simulation.settings.operationTimeoutMs;
  while (waiting() && run.simulation.nowMs <= limitMs) {
    if (!run.history.stepToNextEvent()) break;
  }
  run.history.advanceTo(run.simulation.nowMs + 1);
}

function formatValue(value: RegisterValue | undefined): string {
  if (value === null || value === undefined) return 'nil';
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

export function checkQuorumExpectation(run: QuorumRun, expectation: QuorumExpectation): { ok: boolean; detail: string } {
  const { simulation } = run;
  const operations = simulation.operations;
  switch (expectation.kind) {
    case 'flag':
      return checkFlag(run, expectation.flag);
    case 'status': {
      const last = operations.filter((operation) => operation.client === expectation.client && !unfinished(operation)).at(-1);
      if (!last) return { ok: false, detail: `${expectation.client} has no finished operation` };
      const what = `${expectation.client}'s last operation (${last.kind} of ${last.key}${last.kind === 'write' ? `=${formatValue(last.value)}` : ''} at ${levelLabel(last)})`;
      return { ok: last.status === expectation.status, detail: `${what} ended ${last.status}${last.detail ? `: ${last.detail}` : ''}` };
    }
    case 'read': {
      const last = operations.filter((operation) => operation.client === expectation.client && operation.kind === 'read' && operation.key === expectation.key && operation.status === 'ok').at(-1);
      if (!last) return { ok: false, detail: `${expectation.client} has no successful read of ${expectation.key}` };
      return { ok: last.value === expectation.value, detail: `${expectation.client}'s last read of ${expectation.key} returned ${formatValue(last.value)} (expected ${formatValue(expectation.value)})` };
    }
    case 'stored': {
      const stored = simulation.storedAt(expectation.replica, expectation.key);
      const value = stored?.value ?? null;
      return { ok: value === expectation.value, detail: `${expectation.replica} holds ${expectation.key}=${formatValue(value)} (expected ${formatValue(expectation.value)})` };
    }
    case 'hints': {
      const count = simulation.replicaIds.reduce((sum, id) => sum + simulation.hintsOf(id).length, 0);
      return compare('hinted writes held', count, expectation.comparison, expectation.count);
    }
  }
}

function checkFlag(run: QuorumRun, flag: HistoryFlag): { ok: boolean; detail: string } {
  const operations = run.simulation.operations;
  const found = <T extends { explanation: string }>(items: readonly T[], wanted: boolean, noun: string) => ({
    ok: items.length > 0 === wanted,
    detail: items.length > 0 ? `${items.length} ${noun}; first: ${items[0]!.explanation}` : `no ${noun}`,
  });
  switch (flag) {
    case 'stale-read':
    case 'no-stale-read':
      return found(findStaleReads(operations), flag === 'stale-read', 'stale read(s)');
    case 'missed-write':
    case 'no-missed-write':
      return found(findMissedWrites(operations), flag === 'missed-write', 'read(s) missing an acknowledged write');
    case 'read-your-writes-violation':
    case 'monotonic-reads-violation': {
      const kind = flag === 'read-your-writes-violation' ? 'read-your-writes' : 'monotonic-reads';
      return found(findSessionAnomalies(operations).filter((anomaly) => anomaly.kind === kind), true, `${kind} violation(s)`);
    }
    case 'no-session-anomaly':
      return found(findSessionAnomalies(operations), false, 'session anomaly(ies)');
    case 'linearizable':
    case 'not-linearizable': {
      const result = checkOperations(operations);
      return { ok: result.verdict === flag, detail: result.message };
    }
    case 'leader':
    case 'no-leader': {
      if (run.config.mode !== 'consensus') return { ok: false, detail: 'leaders exist only in mode=consensus' };
      const leader = run.simulation.currentLeader();
      const detail = leader ? `${leader.id} leads term ${leader.currentTerm}` : 'no alive replica leads';
      return { ok: (leader !== undefined) === (flag === 'leader'), detail };
    }
  }
}

function compare(what: string, actual: number, comparison: Comparison, expected: number): { ok: boolean; detail: string } {
  const ok =
    comparison === '>=' ? actual >= expected
    : comparison === '<=' ? actual <= expected
    : comparison === '==' ? actual === expected
    : comparison === '>' ? actual > expected
    : actual < expected;
  return { ok, detail: `${what}: ${actual} (expected ${comparison} ${expected})` };
}
