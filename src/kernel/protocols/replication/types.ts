// The replication lab's data: node ids, configuration, WAL records, client operations, commands and trace events.

import type { NetworkCommand } from '../../net/commands.ts';

/** Database nodes `n1`..`n5`; `n1` starts as the primary. */
export type NodeId = string;
/** The witness host (a third vote for 2-node setups): pg_auto_failover's monitor, repmgr's witness, a third etcd member. */
export const WITNESS_ID = 'w';
/** What sits on the network: the database nodes and, with `witness=on`, the witness. */
export type EndpointId = NodeId;

export const MIN_NODES = 2;
export const MAX_NODES = 5;

export function nodeIdOf(index: number): NodeId {
  return `n${index + 1}`;
}

export function nodeIndexOf(id: NodeId): number {
  return Number(id.slice(1)) - 1;
}

/**
 * When the primary tells the client "committed":
 * - `async`: after its own WAL flush (synchronous_commit = local, or on with no synchronous standbys);
 * - `sync`: after the synchronous standby flushed the record too (synchronous_standby_names = 'FIRST 1 (*)');
 * - `quorum`: after any `syncCount` standbys flushed it ('ANY k (*)', PostgreSQL 10+).
 */
export type CommitMode = 'async' | 'sync' | 'quorum';

/**
 * Who promotes a standby:
 * - `manual`: the user (`promote n2`), as an operator running `pg_ctl promote`;
 * - `naive`: each standby promotes itself after hearing nothing from its primary for `timeoutMs`;
 * - `managed`: a Patroni-style manager: a leader lock with a TTL in a consensus store.
 */
export type FailoverMode = 'manual' | 'naive' | 'managed';

/**
 * What stops an old primary that is still running from acknowledging writes:
 * - `none`;
 * - `stonith`: the promoting side powers the old primary off through a channel the partition does not cut;
 * - `lease`: the old primary stops accepting writes when its lease runs out (a watchdog under Patroni);
 * - `token`: storage rejects writes carrying an older epoch (a fencing token).
 */
export type Fencing = 'none' | 'stonith' | 'lease' | 'token';

export const COMMIT_MODES: readonly CommitMode[] = ['async', 'sync', 'quorum'];
export const FAILOVER_MODES: readonly FailoverMode[] = ['manual', 'naive', 'managed'];
export const FENCINGS: readonly Fencing[] = ['none', 'stonith', 'lease', 'token'];

export interface ReplicationConfig {
  readonly nodeCount: number;
  readonly seed: number;
  readonly mode: CommitMode;
  /** `quorum`: how many standbys must flush (ANY k). `sync` uses 1. */
  readonly syncCount: number;
  /**
   * When too few synchronous standbys are connected: true = commits wait (PostgreSQL's own behaviour,
   * Patroni's synchronous_mode_strict); false = the primary degrades to async and acknowledges alone.
   */
  readonly strict: boolean;
  readonly failover: FailoverMode;
  readonly fencing: Fencing;
  readonly witness: boolean;
  /** One-way latency between nodes and between a client and a node. */
  readonly latencyMsMin: number;
  readonly latencyMsMax: number;
  /** The primary's keepalive / a standby's status interval (wal_receiver_status_interval, shortened). */
  readonly heartbeatMs: number;
  /** A standby (naive failover) or a primary's walsender (disconnect) gives up after this much silence. */
  readonly timeoutMs: number;
  /** Patroni: the leader lock's TTL (30 s), the HA loop's period (loop_wait, 10 s), and how long a DCS call is retried (retry_timeout, 10 s). */
  readonly ttlMs: number;
  readonly loopWaitMs: number;
  readonly retryTimeoutMs: number;
  /** A standby's fsync after writing received WAL, and its startup process replaying it. */
  readonly flushMsMin: number;
  readonly flushMsMax: number;
  readonly replayMsMin: number;
  readonly replayMsMax: number;
  /** How long a scenario's `write` waits for its outcome before the next line runs (the JSON then says pending). */
  readonly writeWaitMs: number;
}

export function defaultReplicationConfig(overrides: Partial<ReplicationConfig> = {}): ReplicationConfig {
  return {
    nodeCount: 2,
    seed: 1,
    mode: 'async',
    syncCount: 1,
    strict: false,
    failover: 'manual',
    fencing: 'none',
    witness: false,
    latencyMsMin: 10,
    latencyMsMax: 20,
    heartbeatMs: 1000,
    timeoutMs: 10_000,
    ttlMs: 30_000,
    loopWaitMs: 10_000,
    retryTimeoutMs: 10_000,
    flushMsMin: 1,
    flushMsMax: 4,
    replayMsMin: 1,
    replayMsMax: 8,
    writeWaitMs: 1000,
    ...overrides,
  };
}

export function validateReplicationConfig(config: ReplicationConfig): string[] {
  const problems: string[] = [];
  const whole = (value: number, what: string, min: number, max = Number.MAX_SAFE_INTEGER) => {
    if (!Number.isInteger(value) || value < min || value > max) problems.push(`${what} must be a whole number from ${min} to ${max}, got ${value}`);
  };
  whole(config.nodeCount, 'nodes', MIN_NODES, MAX_NODES);
  whole(config.seed, 'seed', 0, 0xffffffff);
  whole(config.syncCount, 'sync', 1, Math.max(1, config.nodeCount - 1));
  whole(config.latencyMsMin, 'latency (min)', 1);
  whole(config.latencyMsMax, 'latency (max)', config.latencyMsMin);
  for (const [value, what] of [
    [config.heartbeatMs, 'heartbeat'],
    [config.timeoutMs, 'timeout'],
    [config.ttlMs, 'ttl'],
    [config.loopWaitMs, 'loop'],
    [config.retryTimeoutMs, 'retry'],
    [config.writeWaitMs, 'write wait'],
  ] as const) whole(value, what, 1);
  if (config.mode !== 'quorum' && config.syncCount !== 1) problems.push(`sync=k applies to mode=quorum only`);
  if (config.flushMsMax < config.flushMsMin || config.replayMsMax < config.replayMsMin) problems.push('flush/replay ranges end before they start');
  return problems;
}

/** Patroni refuses to start unless loop_wait + 2 × retry_timeout ≤ ttl: the primary must give up before its lock can expire. */
export function patroniTimingProblem(config: ReplicationConfig): string | null {
  const needed = config.loopWaitMs + 2 * config.retryTimeoutMs;
  return needed <= config.ttlMs ? null : `loop_wait + 2 × retry_timeout = ${needed / 1000} s exceeds ttl = ${config.ttlMs / 1000} s: the lock can expire while the old primary still believes it leads (Patroni refuses this configuration; the lab runs it to show why)`;
}

// ——— WAL ———

export type WalRecordKind = 'commit' | 'end-of-recovery';

/**
 * One WAL record. `lsn` is the byte position where it starts and `endLsn` where the next starts
 * (PostgreSQL prints LSNs as two hex halves, see `formatLsn`). Records are immutable and shared
 * between nodes; `uid` identifies one record across copies, so two WALs agree up to a position
 * exactly when they hold the same record there.
 */
export interface WalRecord {
  readonly uid: number;
  /** The record just before it (0 for the first): a standby accepts a record only after this one. */
  readonly prevUid: number;
  readonly kind: WalRecordKind;
  readonly lsn: number;
  readonly endLsn: number;
  readonly timeline: number;
  /** The node that wrote it (the primary of its timeline). */
  readonly origin: NodeId;
  readonly atMs: number;
  /** `commit`: the client write it carries. */
  readonly writeId: number;
  readonly key: string;
  readonly value: string | number | null;
}

/** The first LSN a fresh cluster writes at (after initdb's own records). */
export const FIRST_LSN = 0x3000028;

export function formatLsn(lsn: number): string {
  const high = Math.floor(lsn / 0x100000000);
  const low = lsn % 0x100000000;
  return `${high.toString(16).toUpperCase()}/${low.toString(16).toUpperCase()}`;
}

/** Bytes a commit record takes: a 24-byte header, a heap insert and its data, the commit record, aligned to 8. */
export function commitRecordBytes(key: string, value: string | number | null): number {
  const raw = 24 + 54 + key.length + String(value).length + 34;
  return Math.ceil(raw / 8) * 8;
}

export const END_OF_RECOVERY_BYTES = 40;

/** A timeline switch as a `.history` file lists it: `timeline` ended at `forkLsn`, where the next began. */
export interface TimelineSwitch {
  readonly timeline: number;
  readonly forkLsn: number;
}

// ——— Client operations ———

export type OperationStatus = 'pending' | 'acknowledged' | 'failed';

export interface ClientOperation {
  readonly id: number;
  readonly kind: 'write' | 'read';
  readonly key: string;
  /** A write's value; a read's result once acknowledged. */
  readonly value: string | number | null;
  /** The node the client sent it to. */
  readonly node: NodeId;
  readonly invokeMs: number;
  readonly completeMs: number | null;
  readonly status: OperationStatus;
  /** Why it failed or is still pending, in plain words. */
  readonly detail: string;
  /** A write the primary logged: where, on which timeline. */
  readonly lsn: number | null;
  readonly timeline: number | null;
}

// ——— Commands ———

export type ReplicationCommand =
  | NetworkCommand<NodeId, EndpointId>
  | { readonly type: 'write'; readonly node: NodeId; readonly key: string; readonly value: string | number }
  | { readonly type: 'read'; readonly node: NodeId; readonly key: string }
  | { readonly type: 'promote'; readonly node: NodeId }
  | { readonly type: 'rewind'; readonly node: NodeId }
  | { readonly type: 'reclone'; readonly node: NodeId };

export type Role = 'primary' | 'standby' | 'demoted' | 'down';

// ——— Trace ———

export type ReplicationTraceEvent =
  | { readonly kind: 'action'; readonly timeMs: number; readonly command: ReplicationCommand }
  /** A command the cluster could not carry out (promote a primary, rewind with no primary to rewind onto, …). */
  | { readonly kind: 'refused'; readonly timeMs: number; readonly command: ReplicationCommand; readonly reason: string }
  | { readonly kind: 'send'; readonly timeMs: number; readonly messageId: number; readonly from: EndpointId; readonly to: EndpointId; readonly type: string; readonly deliverAtMs: number }
  | { readonly kind: 'deliver'; readonly timeMs: number; readonly messageId: number; readonly from: EndpointId; readonly to: EndpointId }
  | { readonly kind: 'drop'; readonly timeMs: number; readonly messageId: number; readonly from: EndpointId; readonly to: EndpointId; readonly reason: string }
  | { readonly kind: 'invoke'; readonly timeMs: number; readonly opId: number }
  | { readonly kind: 'complete'; readonly timeMs: number; readonly opId: number; readonly status: OperationStatus }
  /** A node's role, timeline or upstream changed; `why` says what did it. */
  | { readonly kind: 'role'; readonly timeMs: number; readonly node: NodeId; readonly role: Role; readonly timeline: number; readonly why: string }
  | { readonly kind: 'promote'; readonly timeMs: number; readonly node: NodeId; readonly timeline: number; readonly forkLsn: number; readonly why: string }
  /** A rewind or re-clone threw these records away. */
  | { readonly kind: 'discard'; readonly timeMs: number; readonly node: NodeId; readonly how: 'rewind' | 'reclone'; readonly forkLsn: number; readonly writeIds: readonly number[] }
  | { readonly kind: 'lock'; readonly timeMs: number; readonly holder: NodeId | null; readonly expiresAtMs: number; readonly revision: number; readonly why: string }
  | { readonly kind: 'fence'; readonly timeMs: number; readonly node: NodeId; readonly how: Fencing | 'patroni'; readonly why: string };

export type ReplicationTraceKind = ReplicationTraceEvent['kind'];

export function assertNever(value: never): never {
  throw new Error(`unexpected ${JSON.stringify(value)}`);
}
