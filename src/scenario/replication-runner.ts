// Runs replication scenario steps against a run (headless in the CLI and tests; step by step in a worker), and words each step's JSON line.

import {
  checkClientHistory,
  type MultiLeaderRun,
  measure,
  replicationFrame,
  type NodeId,
  type ReplicationCommand,
  type ReplicationRun,
  type ReplicationTraceEvent,
} from '../kernel/protocols/replication/index.ts';
import { networkCommandOf } from './network-words.ts';
import type { Comparison, ReplicationExpectation, ReplicationScenarioStep } from './replication.ts';

export type ReplicationStepOutcome =
  | { readonly kind: 'applied'; readonly commands: readonly ReplicationCommand[] }
  /** The cluster would not do it (promote a primary, rewind with no primary to rewind onto, …). */
  | { readonly kind: 'refused'; readonly reason: string }
  | { readonly kind: 'operation'; readonly operationId: number }
  | { readonly kind: 'ran'; readonly durationMs: number }
  | { readonly kind: 'expect'; readonly ok: boolean; readonly detail: string };

/**
 * Where a write or read without `via` goes: libpq's target_session_attrs=read-write asks n1, n2, …
 * in order and takes the first live node that says it is a primary (if none does, the first live
 * node, which refuses a write).
 */
export function readWriteSessionNode(run: ReplicationRun): NodeId {
  const { simulation } = run;
  const alive = simulation.nodeIds.filter((id) => simulation.isAlive(id));
  return alive.find((id) => simulation.role(id) === 'primary') ?? alive[0] ?? simulation.nodeIds[0]!;
}

/**
 * Carry out one step. A waiting operation runs until its outcome is known (at most the config's
 * writeWaitMs, 1 s: a blocked synchronous commit then shows as pending), then 1 ms more, so the
 * next line is strictly later in real time.
 */
export function applyReplicationStep(run: ReplicationRun, step: ReplicationScenarioStep): ReplicationStepOutcome {
  const { history, simulation } = run;
  switch (step.kind) {
    case 'run':
      history.advanceTo(history.viewMs + step.durationMs);
      return { kind: 'ran', durationMs: step.durationMs };
    case 'expect':
      return { kind: 'expect', ...checkReplicationExpectation(run, step.expectation) };
    case 'write':
    case 'read': {
      const node = step.via ?? readWriteSessionNode(run);
      history.apply(step.kind === 'write' ? { type: 'write', node, key: step.key, value: step.value } : { type: 'read', node, key: step.key });
      const operationId = simulation.operations.length - 1;
      if (step.wait) {
        const limitMs = simulation.nowMs + run.config.writeWaitMs;
        while (simulation.operation(operationId)!.status === 'pending' && simulation.nowMs < limitMs) {
          const next = simulation.nextEventTimeMs();
          if (next === undefined || next > limitMs) break;
          history.advanceTo(next);
        }
        history.advanceTo(simulation.nowMs + 1);
      }
      return { kind: 'operation', operationId };
    }
    case 'load': {
      const commands: ReplicationCommand[] = [];
      const endMs = history.viewMs + step.durationMs;
      let value = simulation.operations.filter((operation) => operation.kind === 'write' && operation.key === step.key).length;
      for (let atMs = history.viewMs; atMs < endMs; atMs += step.everyMs) {
        history.advanceTo(atMs);
        value += 1;
        const command: ReplicationCommand = { type: 'write', node: readWriteSessionNode(run), key: step.key, value };
        history.apply(command);
        commands.push(command);
      }
      history.advanceTo(endMs);
      return { kind: 'applied', commands };
    }
    default: {
      const command = commandForReplicationStep(step);
      const traceLength = history.trace.length;
      history.apply(command);
      const refusal = history.trace.slice(traceLength).find((event): event is Extract<ReplicationTraceEvent, { kind: 'refused' }> => event.kind === 'refused');
      return refusal ? { kind: 'refused', reason: refusal.reason } : { kind: 'applied', commands: [command] };
    }
  }
}

export function commandForReplicationStep(step: Extract<ReplicationScenarioStep, { kind: 'promote' | 'rewind' | 'reclone' | 'crash' | 'restart' | 'isolate' | 'partition' | 'heal' | 'cut' | 'restore' }>): ReplicationCommand {
  switch (step.kind) {
    case 'promote':
    case 'rewind':
    case 'reclone':
      return { type: step.kind, node: step.node };
    default: {
      // Replication ids need no resolving (no `leader` reference), so this never answers an error.
      const command = networkCommandOf<NodeId, NodeId, NodeId, NodeId>(step, { crashable: (id) => id, movable: (id) => id });
      if ('error' in command) throw new Error(command.error);
      return command;
    }
  }
}

export function checkReplicationExpectation(run: ReplicationRun, expectation: ReplicationExpectation): { ok: boolean; detail: string } {
  const { simulation } = run;
  switch (expectation.kind) {
    case 'flag': {
      if (expectation.flag === 'converged' || expectation.flag === 'not-converged') return { ok: false, detail: 'convergence is a multi-leader expectation' };
      if (expectation.flag === 'linearizable' || expectation.flag === 'not-linearizable') {
        const result = checkClientHistory(simulation.operations);
        return { ok: result.verdict === expectation.flag, detail: result.message };
      }
      const found = measure(simulation).splitBrain;
      return { ok: (found !== null) === (expectation.flag === 'split-brain'), detail: found?.explanation ?? 'no two primaries acknowledged writes at the same time' };
    }
    case 'count': {
      const measures = measure(simulation);
      const actual =
        expectation.what === 'primaries' ? simulation.acceptingPrimaries().length
        : expectation.what === 'lost-writes' ? measures.lostWrites
        : expectation.what === 'rpo' ? measures.rpoMs
        : measures.rtoMs;
      const extra =
        expectation.what === 'primaries' ? ` (${simulation.acceptingPrimaries().join(', ') || 'none'})`
        : expectation.what === 'lost-writes' && measures.lost.length > 0 ? `; first: ${measures.lost[0]!.explanation}`
        : '';
      const unit = expectation.what === 'rpo' || expectation.what === 'rto' ? ' ms' : '';
      return compare(`${expectation.what}: ${actual}${unit}${extra}`, actual, expectation.comparison, expectation.value);
    }
    case 'role': {
      const role = simulation.role(expectation.node);
      const why = simulation.divergence(expectation.node);
      return { ok: role === expectation.role, detail: `${expectation.node} is ${role} on timeline ${simulation.timeline(expectation.node)}${why ? ` (cannot follow: ${why})` : ''}` };
    }
    case 'timeline':
      return compare(`${expectation.node} is on timeline ${simulation.timeline(expectation.node)}`, simulation.timeline(expectation.node), expectation.comparison, expectation.value);
    case 'stored': {
      const value = simulation.read(expectation.node, expectation.key);
      return { ok: value === expectation.value, detail: `${expectation.node} has replayed ${expectation.key}=${value ?? 'nil'} (expected ${expectation.value ?? 'nil'})` };
    }
    case 'last-write': {
      const frame = replicationFrame(run);
      const last = frame.writes.at(-1);
      if (!last) return { ok: false, detail: 'no write was issued yet' };
      return { ok: last.status === expectation.status, detail: `the last write (${last.key}=${last.value} via ${last.node}) is ${last.status}${last.detail ? `: ${last.detail}` : ''}` };
    }
  }
}

function compare(detail: string, actual: number, comparison: Comparison, expected: number): { ok: boolean; detail: string } {
  const ok =
    comparison === '>=' ? actual >= expected
    : comparison === '<=' ? actual <= expected
    : comparison === '==' ? actual === expected
    : comparison === '>' ? actual > expected
    : actual < expected;
  return { ok, detail: `${detail} (expected ${comparison} ${expected})` };
}

/** The JSON line after a step: the issue's contract (line, cmd, t_ms, nodes, primaries, lostWrites, splitBrain, writes) plus RPO/RTO. */
export function replicationStepRecord(run: ReplicationRun, step: { readonly line: number; readonly text: string }) {
  const frame = replicationFrame(run);
  return {
    line: step.line,
    cmd: step.text,
    t_ms: frame.nowMs,
    nodes: frame.nodes.map((node) => ({ id: node.id, role: node.role, timeline: node.timeline, alive: node.alive, partition: node.partition, lsn: node.lsn })),
    primaries: frame.primaries,
    lostWrites: frame.measures.lostWrites,
    splitBrain: frame.measures.splitBrain !== null,
    rpoMs: frame.measures.rpoMs,
    rtoMs: frame.measures.rtoMs,
    writes: frame.writes.map((write) => ({ key: write.key, value: write.value, node: write.node, status: write.status })),
  };
}

// ——— Multi-leader (leaders=2|3) ———

/** Carry out one step on a multi-leader run. Parsing already refused what has no meaning there (promote, load, role, …). */
export function applyMultiLeaderStep(run: MultiLeaderRun, step: ReplicationScenarioStep): ReplicationStepOutcome {
  const { history, simulation } = run;
  switch (step.kind) {
    case 'run':
      history.advanceTo(history.viewMs + step.durationMs);
      return { kind: 'ran', durationMs: step.durationMs };
    case 'write':
    case 'read': {
      const node = step.via ?? 'n1';
      history.apply(step.kind === 'write' ? { type: 'write', node, key: step.key, value: step.value } : { type: 'read', node, key: step.key });
      // The local leader answers at once; 2 ms later the next line is strictly later in real time.
      if (step.wait) history.advanceTo(history.viewMs + 2);
      return { kind: 'operation', operationId: simulation.operations.length - 1 };
    }
    case 'expect':
      return { kind: 'expect', ...checkMultiLeaderExpectation(run, step.expectation) };
    case 'crash':
    case 'restart':
    case 'isolate':
    case 'partition':
    case 'heal':
    case 'cut':
    case 'restore': {
      const command = commandForReplicationStep(step);
      if (command.type === 'promote' || command.type === 'rewind' || command.type === 'reclone') throw new Error('unreachable');
      history.apply(command);
      return { kind: 'applied', commands: [command] };
    }
    default:
      return { kind: 'refused', reason: `"${step.text}" has no meaning with multiple leaders` };
  }
}

export function checkMultiLeaderExpectation(run: MultiLeaderRun, expectation: ReplicationExpectation): { ok: boolean; detail: string } {
  const { simulation } = run;
  switch (expectation.kind) {
    case 'flag':
      if (expectation.flag === 'converged' || expectation.flag === 'not-converged') {
        const converged = simulation.converged();
        return { ok: converged === (expectation.flag === 'converged'), detail: converged ? 'every live leader holds the same values' : 'the leaders hold different values (replication still under way, or cut off)' };
      }
      if (expectation.flag === 'linearizable' || expectation.flag === 'not-linearizable') {
        const result = checkClientHistory(simulation.operations);
        return { ok: result.verdict === expectation.flag, detail: result.message };
      }
      return { ok: false, detail: `${expectation.flag} is not a multi-leader expectation` };
    case 'count': {
      const lost = simulation.lostWrites();
      const detail = lost.length > 0 ? `; first: ${lost[0]!.key}=${lost[0]!.value} written at ${lost[0]!.node} (clock ${lost[0]!.clockMs} ms) was discarded` : '';
      return compare(`lost-writes: ${lost.length}${detail}`, lost.length, expectation.comparison, expectation.value);
    }
    case 'stored': {
      const value = simulation.readAt(expectation.node, expectation.key);
      return { ok: String(value) === String(expectation.value), detail: `${expectation.node} holds ${expectation.key}=${value ?? 'nil'} (expected ${expectation.value ?? 'nil'})` };
    }
    case 'last-write': {
      const last = simulation.operations.filter((operation) => operation.kind === 'write').at(-1);
      if (!last) return { ok: false, detail: 'no write was issued yet' };
      const lost = simulation.lostWrites().some((write) => write.opId === last.id);
      const status = lost ? 'lost' : last.status;
      return { ok: status === expectation.status, detail: `the last write (${last.key}=${last.value} via ${last.node}) is ${status}` };
    }
    default:
      return { ok: false, detail: `${expectation.kind} is not a multi-leader expectation` };
  }
}

/** The JSON line for a multi-leader run: every node is a leader (`primary`); `lsn` holds how many writes each has applied. */
export function multiLeaderStepRecord(run: MultiLeaderRun, step: { readonly line: number; readonly text: string }) {
  const { simulation } = run;
  const lost = new Set(simulation.lostWrites().map((write) => write.opId));
  return {
    line: step.line,
    cmd: step.text,
    t_ms: simulation.nowMs,
    nodes: simulation.nodeIds.map((id) => {
      const applied = simulation.appliedCount(id);
      return { id, role: simulation.network.isAlive(id) ? 'primary' : 'down', timeline: 1, alive: simulation.network.isAlive(id), partition: simulation.network.groupIndexOf(id), lsn: { sent: applied, write: applied, flush: applied, replay: applied } };
    }),
    primaries: simulation.nodeIds.filter((id) => simulation.network.isAlive(id)),
    lostWrites: lost.size,
    splitBrain: false,
    converged: simulation.converged(),
    writes: simulation.operations
      .filter((operation) => operation.kind === 'write')
      .map((operation) => ({ key: operation.key, value: operation.value, node: operation.node, status: lost.has(operation.id) ? 'lost' : operation.status })),
  };
}
