// What a recorded run of operations shows: the checker's History, stale reads, quorum misses and
// session anomalies (read-your-writes, monotonic reads), each explained in plain words.

import {
  checkLinearizability,
  createHistory,
  registerModel,
  type CheckOptions,
  type History,
  type LinearizabilityResult,
  type OperationDraft,
  type RegisterInput,
  type RegisterOutput,
  type RegisterValue,
  type JsonOperationRecord,
} from '../../checkers/linearizability/index.ts';
import { compareVersions, formatVersion, type QuorumOperation } from './types.ts';

export type RegisterHistory = History<RegisterInput, RegisterOutput>;

/**
 * The checker's view: ok → ok, fail → fail (removed before checking), timeout → indeterminate.
 * An operation still waiting at the end of the run counts as a timeout (a write may yet land; a
 * read that has not answered constrains nothing); queued ones never started. History ids are not
 * operation ids: `operationIds[i]` maps back.
 */
export function toCheckerHistory(operations: readonly QuorumOperation[]): { history: RegisterHistory; operationIds: number[] } {
  const drafts: OperationDraft<RegisterInput, RegisterOutput>[] = [];
  const operationIds: number[] = [];
  for (const operation of operations) {
    if (operation.invokeMs === null) continue;
    const unfinished = operation.status === 'pending' || operation.status === 'timeout';
    if (unfinished && operation.kind === 'read') continue;
    const status = operation.status === 'ok' ? 'ok' : operation.status === 'fail' ? 'fail' : 'indeterminate';
    const input: RegisterInput = operation.kind === 'read' ? { kind: 'read', key: operation.key } : { kind: 'write', key: operation.key, value: operation.value ?? null };
    const output: RegisterOutput | undefined =
      status === 'indeterminate' ? undefined : operation.kind === 'read' ? { kind: 'read', value: operation.value ?? null } : { kind: 'write' };
    drafts.push({
      clientId: operation.client,
      input,
      output,
      status,
      invocationTime: operation.invokeMs,
      completionTime: operation.completeMs ?? operation.invokeMs,
    });
    operationIds.push(operation.id);
  }
  return { history: createHistory(drafts, 'ms'), operationIds };
}

export function checkOperations(operations: readonly QuorumOperation[], options?: CheckOptions): LinearizabilityResult<RegisterInput, RegisterOutput> {
  return checkLinearizability(toCheckerHistory(operations).history, registerModel, options);
}

/** The JSON-lines record the scenario CLI prints and `npm run check` reads (see the checker's README). */
export function operationRecord(operation: QuorumOperation): JsonOperationRecord & { level: string; coordinator: string; detail?: string } {
  const status = operation.status === 'ok' ? 'ok' : operation.status === 'fail' ? 'fail' : 'timeout';
  const record = {
    client: operation.client,
    op: operation.kind,
    key: operation.key,
    value: operation.kind === 'read' && status !== 'ok' ? null : (operation.value ?? null),
    status,
    invoke_ms: operation.invokeMs ?? 0,
    complete_ms: status === 'timeout' ? null : (operation.completeMs ?? 0),
    level: levelLabel(operation),
    coordinator: operation.coordinator,
  } satisfies JsonOperationRecord & { level: string; coordinator: string };
  return operation.detail === '' ? record : { ...record, detail: operation.detail };
}

/** "ONE", "QUORUM", "ALL", an explicit count, or "raft" in consensus mode (where a log majority decides). */
export function levelLabel(operation: QuorumOperation): string {
  if (operation.required === 0) return 'raft';
  return typeof operation.level === 'number' ? String(operation.level) : operation.level;
}

const done = (operation: QuorumOperation): operation is QuorumOperation & { invokeMs: number; completeMs: number } =>
  operation.status === 'ok' && operation.invokeMs !== null && operation.completeMs !== null;

function formatValue(value: RegisterValue | undefined): string {
  if (value === null || value === undefined) return 'nil';
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function describe(operation: QuorumOperation): string {
  const verb = operation.kind === 'read' ? `read of ${operation.key}` : `write of ${formatValue(operation.value)} to ${operation.key}`;
  return `${operation.client}'s ${verb}`;
}

function interval(operation: QuorumOperation): string {
  return `[${operation.invokeMs} ms, ${operation.completeMs === null ? '…' : `${operation.completeMs} ms`}]`;
}

export interface StaleRead {
  readonly read: QuorumOperation;
  /** A completed write the read should have seen (or something newer). */
  readonly newerWrite: QuorumOperation;
  /** The completed write(s) of the returned value, all finished before `newerWrite` began; empty for nil. */
  readonly staleWrites: readonly QuorumOperation[];
  readonly explanation: string;
}

/**
 * Stale reads, judged by real time alone (so it works in either mode and on any history): a read
 * returned a value older than a write that completed before the read was invoked. "Older" means
 * every write of the returned value completed before that newer write was invoked (or the value
 * is nil: never written). Each stale read makes the history non-linearizable; the converse does
 * not hold. Writes whose outcome is unknown could have landed late, so they never make a value old.
 */
export function findStaleReads(operations: readonly QuorumOperation[]): StaleRead[] {
  interface KeyWrites {
    /** Writes of each value (type-tagged), done or in doubt. */
    readonly byValue: Map<string, QuorumOperation[]>;
    /** Done writes by completion time, with the running latest-invoked write of each prefix. */
    readonly done: (QuorumOperation & { invokeMs: number; completeMs: number })[];
    latestInvoked: QuorumOperation[];
  }
  const keys = new Map<string, KeyWrites>();
  for (const operation of operations) {
    if (operation.kind !== 'write' || operation.invokeMs === null || operation.status === 'queued' || operation.status === 'fail') continue;
    let writes = keys.get(operation.key);
    if (!writes) {
      writes = { byValue: new Map(), done: [], latestInvoked: [] };
      keys.set(operation.key, writes);
    }
    const valueKey = tagged(operation.value);
    writes.byValue.set(valueKey, [...(writes.byValue.get(valueKey) ?? []), operation]);
    if (done(operation)) writes.done.push(operation);
  }
  for (const writes of keys.values()) {
    writes.done.sort((a, b) => a.completeMs - b.completeMs || a.id - b.id);
    let latest: QuorumOperation | undefined;
    writes.latestInvoked = writes.done.map((write) => (latest = latest === undefined || write.invokeMs! > latest.invokeMs! ? write : latest));
  }
  const found: StaleRead[] = [];
  for (const read of operations) {
    if (read.kind !== 'read' || !done(read)) continue;
    const writes = keys.get(read.key);
    if (!writes) continue;
    const sameValue = read.value === null ? [] : (writes.byValue.get(tagged(read.value)) ?? []);
    // Any write of the returned value still in doubt could be the one the read saw, late.
    const valueWrites = sameValue.filter(done);
    if (sameValue.length > valueWrites.length) continue;
    if (read.value !== null && valueWrites.length === 0) continue; // A value from nowhere is the checker's business.
    // Among writes done before the read began, the one invoked last is the best witness; a write of
    // the read's own value can never qualify (it does not complete before it is invoked).
    let low = 0;
    let high = writes.done.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (writes.done[middle]!.completeMs < read.invokeMs) low = middle + 1;
      else high = middle;
    }
    if (low === 0) continue;
    const newerWrite = writes.latestInvoked[low - 1]!;
    const lastValueCompleteMs = Math.max(Number.NEGATIVE_INFINITY, ...valueWrites.map((write) => write.completeMs));
    if (!(lastValueCompleteMs < newerWrite.invokeMs!)) continue;
    const lastValueWrite = valueWrites.find((write) => write.completeMs === lastValueCompleteMs);
    const source =
      lastValueWrite === undefined
        ? `nothing had ever written ${read.key}`
        : `${formatValue(read.value)} was written by ${describe(lastValueWrite)}, which completed at ${lastValueWrite.completeMs} ms, before that newer write began`;
    found.push({
      read,
      newerWrite,
      staleWrites: valueWrites,
      explanation:
        `Stale read: ${describe(read)} at ${interval(read)} returned ${formatValue(read.value)}, but ${describe(newerWrite)} had completed at ${newerWrite.completeMs} ms, ` +
        `before the read began; ${source}.`,
    });
  }
  return found;
}

/** Type-tagged, so the number 1 and the string "1" stay different values. */
function tagged(value: RegisterValue | undefined): string {
  return value === null || value === undefined ? 'n' : typeof value === 'number' ? `#${value}` : `s${value}`;
}

export interface MissedWrite {
  readonly read: QuorumOperation;
  readonly write: QuorumOperation;
  readonly explanation: string;
}

/**
 * The quorum condition, by versions (DDIA 5.4): a read must return a version at least as new as
 * that of every write acknowledged before the read began. R + W > N guarantees it without sloppy
 * quorum: every read quorum shares a replica with every write quorum.
 */
export function findMissedWrites(operations: readonly QuorumOperation[]): MissedWrite[] {
  const found: MissedWrite[] = [];
  const writes = operations.filter((operation) => operation.kind === 'write' && done(operation) && operation.version !== null);
  for (const read of operations) {
    if (read.kind !== 'read' || !done(read)) continue;
    for (const write of writes) {
      if (write.key !== read.key || write.completeMs! >= read.invokeMs) continue;
      if (compareVersions(read.version, write.version) >= 0) continue;
      found.push({
        read,
        write,
        explanation:
          `${describe(read)} at ${interval(read)} returned version ${formatVersion(read.version)}, older than version ${formatVersion(write.version)} of ` +
          `${describe(write)}, acknowledged at ${write.completeMs} ms: its read quorum missed every replica of that write's quorum.`,
      });
      break;
    }
  }
  return found;
}

export type SessionAnomalyKind = 'read-your-writes' | 'monotonic-reads';

export interface SessionAnomaly {
  readonly kind: SessionAnomalyKind;
  readonly read: QuorumOperation;
  /** The client's own earlier write (read-your-writes) or read (monotonic reads). */
  readonly earlier: QuorumOperation;
  readonly explanation: string;
}

/** Per client and key, by versions: a read older than the client's own acknowledged write, or than its previous read. */
export function findSessionAnomalies(operations: readonly QuorumOperation[]): SessionAnomaly[] {
  const found: SessionAnomaly[] = [];
  const finished = operations.filter(done).sort((a, b) => a.completeMs - b.completeMs || a.id - b.id);
  for (const read of finished) {
    if (read.kind !== 'read') continue;
    const mine = finished.filter((other) => other.client === read.client && other.key === read.key && other.id !== read.id && other.completeMs <= read.invokeMs);
    const ownWrite = mine.filter((other) => other.kind === 'write' && compareVersions(other.version, read.version) > 0).at(-1);
    if (ownWrite) {
      found.push({
        kind: 'read-your-writes',
        read,
        earlier: ownWrite,
        explanation:
          `Read-your-writes broken: ${describe(read)} at ${interval(read)} returned ${formatValue(read.value)} (version ${formatVersion(read.version)}), ` +
          `but ${read.client} itself had written ${formatValue(ownWrite.value)} (version ${formatVersion(ownWrite.version)}), acknowledged at ${ownWrite.completeMs} ms.`,
      });
    }
    const ownRead = mine.filter((other) => other.kind === 'read' && compareVersions(other.version, read.version) > 0).at(-1);
    if (ownRead) {
      found.push({
        kind: 'monotonic-reads',
        read,
        earlier: ownRead,
        explanation:
          `Monotonic reads broken: ${describe(read)} at ${interval(read)} returned ${formatValue(read.value)} (version ${formatVersion(read.version)}), ` +
          `older than ${formatValue(ownRead.value)} (version ${formatVersion(ownRead.version)}), which ${read.client} had already read at ${interval(ownRead)}: time went backwards.`,
      });
    }
  }
  return found;
}
