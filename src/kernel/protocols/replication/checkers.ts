// What a replication run is judged by, apart from the code it judges: split-brain, acknowledged
// writes lost, RPO and RTO, write latency, and the linearizability checker's verdict on the client history.

import {
  checkLinearizability,
  createHistory,
  registerModel,
  type CheckOptions,
  type LinearizabilityResult,
  type OperationDraft,
  type RegisterInput,
  type RegisterOutput,
} from '../../checkers/linearizability/index.ts';
import type { Acknowledgement, PrimaryInterval } from './simulation.ts';
import type { ClientOperation, NodeId } from './types.ts';

// ——— Split-brain ———

export interface SplitBrain {
  readonly nodes: readonly [NodeId, NodeId];
  /** The overlap of their primary spans, and one acknowledgement of each inside it. */
  readonly fromMs: number;
  readonly toMs: number;
  readonly acknowledgements: readonly [Acknowledgement, Acknowledgement];
  readonly explanation: string;
}

/**
 * Two nodes acknowledged writes while both were primary: acknowledgements by different nodes, each
 * inside a span in which that node was primary, the two spans overlapping and both
 * acknowledgements inside the overlap. Two primaries that exist at once but where one acknowledges
 * nothing meanwhile (fenced, blocked on a synchronous standby) are not a split brain: no client was
 * told two different histories.
 */
export function findSplitBrain(intervals: readonly PrimaryInterval[], acknowledgements: readonly Acknowledgement[], nowMs: number): SplitBrain | null {
  const byNode = new Map<NodeId, Acknowledgement[]>();
  for (const ack of acknowledgements) {
    const list = byNode.get(ack.node) ?? [];
    list.push(ack);
    byNode.set(ack.node, list);
  }
  const inside = (node: NodeId, fromMs: number, toMs: number) => byNode.get(node)?.find((ack) => ack.atMs >= fromMs && ack.atMs <= toMs);
  for (let i = 0; i < intervals.length; i++) {
    for (let j = i + 1; j < intervals.length; j++) {
      const a = intervals[i]!;
      const b = intervals[j]!;
      if (a.node === b.node) continue;
      const fromMs = Math.max(a.startMs, b.startMs);
      const toMs = Math.min(a.endMs ?? nowMs, b.endMs ?? nowMs);
      if (fromMs > toMs) continue;
      const ackA = inside(a.node, fromMs, toMs);
      const ackB = inside(b.node, fromMs, toMs);
      if (ackA && ackB) {
        return {
          nodes: [a.node, b.node],
          fromMs,
          toMs,
          acknowledgements: [ackA, ackB],
          explanation: `${a.node} (timeline ${a.timeline}) and ${b.node} (timeline ${b.timeline}) were both primary from ${fromMs} ms to ${toMs} ms and both acknowledged writes: ${a.node} at ${ackA.atMs} ms, ${b.node} at ${ackB.atMs} ms`,
        };
      }
    }
  }
  return null;
}

// ——— Lost acknowledged writes, RPO ———

/** What the checkers need to know about the surviving history. */
export interface SurvivorView {
  /** The node whose history counts now (the newest primary). */
  readonly reference: NodeId;
  readonly holdsWrite: (node: NodeId, opId: number) => boolean;
}

export interface LostWrite {
  readonly operation: ClientOperation;
  readonly explanation: string;
}

/** Acknowledged writes that the surviving primary's history does not contain. */
export function findLostWrites(operations: readonly ClientOperation[], survivors: SurvivorView): LostWrite[] {
  const lost: LostWrite[] = [];
  for (const operation of operations) {
    if (operation.kind !== 'write' || operation.status !== 'acknowledged') continue;
    if (survivors.holdsWrite(survivors.reference, operation.id)) continue;
    lost.push({
      operation,
      explanation: `${operation.key}=${String(operation.value)} was acknowledged by ${operation.node} at ${operation.completeMs} ms (timeline ${operation.timeline}) but is not in ${survivors.reference}'s history`,
    });
  }
  return lost;
}

export interface RecoveryPoint {
  readonly lostWrites: number;
  /**
   * History lost, in ms: from the last acknowledged write the survivor kept (before the first lost
   * one) to the last lost acknowledgement. 0 when nothing was lost.
   */
  readonly rpoMs: number;
}

export function recoveryPoint(operations: readonly ClientOperation[], lost: readonly LostWrite[]): RecoveryPoint {
  if (lost.length === 0) return { lostWrites: 0, rpoMs: 0 };
  const lostIds = new Set(lost.map((entry) => entry.operation.id));
  const firstLostMs = Math.min(...lost.map((entry) => entry.operation.completeMs!));
  const lastLostMs = Math.max(...lost.map((entry) => entry.operation.completeMs!));
  let keptMs = 0;
  for (const operation of operations) {
    if (operation.kind === 'write' && operation.status === 'acknowledged' && !lostIds.has(operation.id) && operation.completeMs! <= firstLostMs) keptMs = Math.max(keptMs, operation.completeMs!);
  }
  return { lostWrites: lost.length, rpoMs: lastLostMs - keptMs };
}

// ——— RTO ———

export interface UnavailabilityWindow {
  /** The first write refused (or left unanswered, or answered slowly). */
  readonly fromMs: number;
  /** The first write acknowledged after it; null while writes are still refused. */
  readonly toMs: number | null;
  readonly refusedWrites: number;
  /** Who acknowledged the write that ended it. */
  readonly recoveredOn: NodeId | null;
}

/** Writes answered later than this count as refused: the client sat waiting (a blocked synchronous commit). */
export const SLOW_WRITE_MS = 1000;

/**
 * Unavailability windows from the client's side: each opens at the first write refused, unanswered
 * or answered after SLOW_WRITE_MS, and closes when a write is next acknowledged. RTO is the longest.
 */
export function unavailabilityWindows(operations: readonly ClientOperation[]): UnavailabilityWindow[] {
  const writes = operations.filter((operation) => operation.kind === 'write').sort((a, b) => a.invokeMs - b.invokeMs || a.id - b.id);
  const windows: UnavailabilityWindow[] = [];
  let open: { fromMs: number; refused: number } | null = null;
  for (const write of writes) {
    const prompt = write.status === 'acknowledged' && write.completeMs! - write.invokeMs <= SLOW_WRITE_MS;
    if (!prompt) {
      if (open === null) open = { fromMs: write.invokeMs, refused: 0 };
      open.refused += 1;
    }
    if (write.status === 'acknowledged' && open !== null) {
      // A slow write that was finally acknowledged closes the window it opened.
      windows.push({ fromMs: open.fromMs, toMs: write.completeMs!, refusedWrites: open.refused, recoveredOn: write.node });
      open = null;
    }
  }
  if (open !== null) windows.push({ fromMs: open.fromMs, toMs: null, refusedWrites: open.refused, recoveredOn: null });
  return windows;
}

export function recoveryTimeMs(windows: readonly UnavailabilityWindow[], nowMs: number): number {
  return windows.reduce((longest, window) => Math.max(longest, (window.toMs ?? nowMs) - window.fromMs), 0);
}

// ——— Latency ———

export interface LatencySummary {
  readonly count: number;
  readonly p50Ms: number | null;
  readonly p99Ms: number | null;
  readonly maxMs: number | null;
}

export function writeLatency(operations: readonly ClientOperation[]): LatencySummary {
  const latencies = operations
    .filter((operation) => operation.kind === 'write' && operation.status === 'acknowledged')
    .map((operation) => operation.completeMs! - operation.invokeMs)
    .sort((a, b) => a - b);
  return { count: latencies.length, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), maxMs: latencies.at(-1) ?? null };
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

// ——— Linearizability ———

/**
 * Pending writes that can be left out of the check without changing its verdict: a write whose value
 * no other write of its key carries and no answered read returned. Such a write can always be put last
 * in a linearization (nothing ever showed it; moving it after everything leaves every read's answer
 * as it was, since no read saw its value), so leaving it out is the same as placing it at the end — and
 * it spares the search every other place it could go. A failover leaves dozens of these (commits that
 * waited for a synchronous standby that never answered), which otherwise blow up the search (compare.test.ts:
 * sync streaming with its primary isolated is decided only with this).
 */
function unobservedPendingWrites(operations: readonly ClientOperation[]): Set<number> {
  const writesOf = new Map<string, number>();
  const seen = new Set<string>();
  const id = (key: string, value: string | number | null) => `${key}\u0000${typeof value}:${String(value)}`;
  for (const operation of operations) {
    if (operation.kind === 'write') writesOf.set(id(operation.key, operation.value), (writesOf.get(id(operation.key, operation.value)) ?? 0) + 1);
    else if (operation.status === 'acknowledged') seen.add(id(operation.key, operation.value));
  }
  const result = new Set<number>();
  for (const operation of operations) {
    if (operation.kind !== 'write' || operation.status !== 'pending') continue;
    const key = id(operation.key, operation.value);
    if (writesOf.get(key) === 1 && !seen.has(key)) result.add(operation.id);
  }
  return result;
}

/**
 * The client history as the checker reads it: acknowledged → ok, failed → fail (removed), a write
 * still unanswered → indeterminate (it may have landed), an unanswered read constrains nothing.
 * A lost write stays `ok`: the client was told it committed, which is exactly what a later read
 * that misses it contradicts.
 */
export function checkClientHistory(operations: readonly ClientOperation[], options?: CheckOptions): LinearizabilityResult<RegisterInput, RegisterOutput> {
  const drafts: OperationDraft<RegisterInput, RegisterOutput>[] = [];
  const unobserved = unobservedPendingWrites(operations);
  for (const operation of operations) {
    if (operation.status === 'pending' && operation.kind === 'read') continue;
    if (unobserved.has(operation.id)) continue;
    const status = operation.status === 'acknowledged' ? 'ok' : operation.status === 'failed' ? 'fail' : 'indeterminate';
    const input: RegisterInput = operation.kind === 'read' ? { kind: 'read', key: operation.key } : { kind: 'write', key: operation.key, value: operation.value };
    const output: RegisterOutput | undefined = status === 'indeterminate' ? undefined : operation.kind === 'read' ? { kind: 'read', value: operation.value } : { kind: 'write' };
    drafts.push({
      // Each operation is its own connection: the scenario's writes and reads do not share a session.
      clientId: `c${operation.id + 1}`,
      input,
      output,
      status,
      invocationTime: operation.invokeMs,
      completionTime: operation.completeMs ?? operation.invokeMs,
    });
  }
  return checkLinearizability(createHistory(drafts, 'ms'), registerModel, options);
}
