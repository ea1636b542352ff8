// Runs CRDT scenario steps against a run (headless in the CLI and tests; step by step in the
// worker), checks expectations, and words each step's JSON line.

import {
  formatCrdtValue,
  type BankOperation,
  type CrdtCommand,
  type CrdtRun,
  type CrdtValue,
  type ExchangeRecord,
  type OperationRecord,
  type ReplicaId,
} from '../kernel/protocols/crdt/index.ts';
import { networkCommandOf } from './network-words.ts';
import type { Comparison, CrdtExpectation, CrdtScenarioStep } from './crdt.ts';

export type CrdtStepOutcome =
  | { readonly kind: 'operation'; readonly record: OperationRecord; readonly bank: BankOperation | null }
  /** A merge or sync: its messages, each merged or dropped (or still in flight if the wait ran out). */
  | { readonly kind: 'exchange'; readonly exchange: number; readonly messages: readonly ExchangeRecord[] }
  | { readonly kind: 'applied'; readonly command: CrdtCommand }
  | { readonly kind: 'ran'; readonly durationMs: number }
  | { readonly kind: 'expect'; readonly ok: boolean; readonly detail: string };

/**
 * Carry out one step. An operation takes effect at its replica at once (with raft=on the runner
 * also waits for the Raft side's answer); a merge or sync waits until its messages have arrived
 * or been dropped, so the next line sees the result.
 */
export function applyCrdtStep(run: CrdtRun, step: CrdtScenarioStep): CrdtStepOutcome {
  const { simulation, history } = run;
  switch (step.kind) {
    case 'run':
      history.advanceTo(history.viewMs + step.durationMs);
      return { kind: 'ran', durationMs: step.durationMs };
    case 'expect':
      return { kind: 'expect', ...checkCrdtExpectation(run, step.expectation) };
    case 'operation': {
      const bankBefore = simulation.bank?.operations.length ?? 0;
      history.apply({ type: 'operation', replica: step.replica, operation: step.operation });
      const record = simulation.operations.at(-1)!;
      const bank = simulation.bank;
      if (!bank || bank.operations.length === bankBefore) return { kind: 'operation', record, bank: null };
      if (step.wait === false) return { kind: 'operation', record, bank: bank.operation(bank.operations.length - 1)! };
      const bankId = bank.operations.length - 1;
      waitWhile(run, () => bank.operation(bankId)!.status === 'pending', run.config.raftTimeoutMs + 1);
      return { kind: 'operation', record, bank: bank.operation(bankId)! };
    }
    case 'merge':
    case 'sync': {
      history.apply(step.kind === 'merge' ? { type: 'merge', from: step.from, to: step.to } : { type: 'sync' });
      const exchange = simulation.lastExchange;
      if (step.wait !== false) waitWhile(run, () => simulation.exchangeInFlight(exchange), 10 * simulation.settings.latencyMsMax + 1000);
      return { kind: 'exchange', exchange, messages: simulation.exchangeMessages(exchange) };
    }
    default: {
      const command = commandForCrdtStep(step);
      history.apply(command);
      return { kind: 'applied', command };
    }
  }
}

export function commandForCrdtStep(step: Exclude<CrdtScenarioStep, { kind: 'run' | 'expect' | 'operation' | 'merge' | 'sync' }>): CrdtCommand {
  if (step.kind === 'set') return { type: 'configure', settings: step.settings };
  // CRDT ids need no resolving (no `leader` reference), so this never answers an error.
  const command = networkCommandOf<ReplicaId, ReplicaId, ReplicaId, ReplicaId>(step, { crashable: (id) => id, movable: (id) => id });
  if ('error' in command) throw new Error(command.error);
  return command;
}

/** Step through events while `waiting` holds, at most `limitMs` of virtual time. */
function waitWhile(run: CrdtRun, waiting: () => boolean, limitMs: number): void {
  const deadlineMs = run.simulation.nowMs + limitMs;
  while (waiting() && run.simulation.nowMs <= deadlineMs) {
    const next = run.simulation.nextEventTimeMs();
    if (next === undefined || next > deadlineMs) break;
    run.history.stepToNextEvent();
  }
}

/**
 * `{b,a}` and `{a,b}` are the same set; a map's keys are sorted too; a single sibling `{v}` reads
 * as `v` (an MV-Register with one value is written like any register).
 */
export function canonicalValueText(text: string): string {
  if (!text.startsWith('{') || !text.endsWith('}')) return text;
  const inner = text.slice(1, -1);
  if (inner === '') return '{}';
  const parts = inner.split(',').map((part) => part.trim()).sort();
  return parts.length === 1 && !parts[0]!.includes('=') ? parts[0]! : `{${parts.join(',')}}`;
}

function contains(value: CrdtValue, element: string): boolean {
  if (Array.isArray(value)) return (value as readonly string[]).includes(element);
  if (value !== null && typeof value === 'object') return Object.hasOwn(value, element);
  if (typeof value === 'string') return value.includes(element);
  return false;
}

export function checkCrdtExpectation(run: CrdtRun, expectation: CrdtExpectation): { ok: boolean; detail: string } {
  const { simulation } = run;
  const describeAll = () => simulation.replicaIds.map((id) => `${id}${simulation.isAlive(id) ? '' : ' (down)'} ${formatCrdtValue(simulation.valueOf(id))}`).join(', ');
  switch (expectation.kind) {
    case 'converged':
    case 'diverged': {
      const converged = simulation.converged();
      return { ok: converged === (expectation.kind === 'converged'), detail: `${converged ? 'every alive replica holds the same state' : 'alive replicas hold different states'}: ${describeAll()}` };
    }
    case 'value': {
      const actual = formatCrdtValue(simulation.valueOf(expectation.replica));
      return { ok: canonicalValueText(actual) === canonicalValueText(expectation.expected), detail: `${expectation.replica} holds ${actual} (expected ${expectation.expected})` };
    }
    case 'contains':
    case 'not-contains': {
      const value = simulation.valueOf(expectation.replica);
      const found = contains(value, expectation.element);
      return { ok: found === (expectation.kind === 'contains'), detail: `${expectation.replica} holds ${formatCrdtValue(value)}: ${expectation.element} is ${found ? '' : 'not '}in it` };
    }
    case 'text': {
      const actual = String(simulation.valueOf(expectation.replica));
      return { ok: actual === expectation.expected, detail: `${expectation.replica} reads ${JSON.stringify(actual)} (expected ${JSON.stringify(expectation.expected)})` };
    }
    case 'metadata':
      return compare(`${expectation.replica}'s metadata bytes`, simulation.metadataBytesOf(expectation.replica), expectation.comparison, expectation.bytes);
    case 'noop':
    case 'applied': {
      const last = simulation.operations.at(-1);
      if (!last) return { ok: false, detail: 'no operation has run yet' };
      const what = `the last operation (${last.operation.kind} at ${last.replica})`;
      return { ok: last.applied === (expectation.kind === 'applied'), detail: last.applied ? `${what} took effect` : `${what} was a no-op: ${last.reason}` };
    }
    case 'no-violation':
    case 'violation': {
      const found = simulation.violations.filter((violation) => expectation.kind === 'no-violation' || expectation.law === null || violation.law === expectation.law);
      const detail = found.length > 0 ? `${found.length} finding(s); first: ${found[0]!.law}: ${found[0]!.explanation}` : 'the checkers found nothing';
      return { ok: (found.length > 0) === (expectation.kind === 'violation'), detail };
    }
    case 'raft-status': {
      const last = simulation.bank?.operations.at(-1);
      if (!last) return { ok: false, detail: 'no operation has gone through Raft yet' };
      const latency = last.completeMs === null ? '' : ` after ${last.completeMs - last.invokeMs} ms`;
      return { ok: last.status === expectation.status, detail: `Raft: ${last.kind} ${last.amount} at ${last.replica} ended ${last.status}${latency}${last.detail ? `: ${last.detail}` : ''}` };
    }
    case 'raft-balance': {
      const leader = simulation.bank?.leader();
      if (!leader) return { ok: false, detail: 'Raft has no leader now: no balance to read' };
      return compare(`the balance at the Raft leader ${leader.id}`, simulation.bank!.balanceAt(leader.id), expectation.comparison, expectation.value);
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

/**
 * The JSON line printed after a step: `line`, `cmd`, `t_ms`, `replicas: [{id, value,
 * metadataBytes, alive, partition}]` and `converged` always (other tools read these names), then
 * what the step did: a no-op's reason, a merge's messages, the Raft side's answer, an
 * expectation's verdict.
 */
export function crdtJsonLine(run: CrdtRun, step: CrdtScenarioStep, outcome: CrdtStepOutcome): Record<string, unknown> {
  const { simulation } = run;
  const line: Record<string, unknown> = {
    line: step.line,
    cmd: step.text,
    t_ms: simulation.nowMs,
    replicas: simulation.replicaIds.map((id) => ({
      id,
      value: simulation.valueOf(id),
      metadataBytes: simulation.metadataBytesOf(id),
      alive: simulation.isAlive(id),
      partition: simulation.network.groupIndexOf(id),
    })),
    converged: simulation.converged(),
  };
  switch (outcome.kind) {
    case 'operation':
      line.applied = outcome.record.applied;
      if (!outcome.record.applied) line.noop = outcome.record.reason;
      if (outcome.bank) {
        line.raft = {
          status: outcome.bank.status,
          latency_ms: outcome.bank.completeMs === null ? null : outcome.bank.completeMs - outcome.bank.invokeMs,
          balance: outcome.bank.balanceAfter,
          ...(outcome.bank.detail ? { detail: outcome.bank.detail } : {}),
        };
        line.crdt_latency_ms = 0;
      }
      break;
    case 'exchange':
      line.messages = outcome.messages.map((message) => ({
        from: message.from,
        to: message.to,
        status: message.status,
        ...(message.dropReason ? { reason: message.dropReason } : {}),
        ...(message.status === 'merged' ? { changed: message.changed } : {}),
      }));
      break;
    case 'expect':
      line.expect = step.text.replace(/^expect\s+/, '');
      line.ok = outcome.ok;
      line.detail = outcome.detail;
      break;
    case 'applied':
    case 'ran':
      break;
  }
  if (simulation.violations.length > 0) line.violations = simulation.violations.length;
  return line;
}
