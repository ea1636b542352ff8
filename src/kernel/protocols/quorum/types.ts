// The replicated store's data: replica and client ids, versions, consistency levels, messages, operations.

import type { RegisterValue } from '../../checkers/linearizability/index.ts';
import type { RaftMessage } from '../raft/types.ts';

export type ReplicaId = string;
export type ClientId = string;
export type EndpointId = ReplicaId | ClientId;

export const MIN_REPLICAS = 3;
export const MAX_REPLICAS = 7;
export const MIN_CLIENTS = 1;
export const MAX_CLIENTS = 5;

export function replicaIdOf(index: number): ReplicaId {
  return `r${index + 1}`;
}

export function clientIdOf(index: number): ClientId {
  return `c${index + 1}`;
}

export function replicaIndexOf(id: ReplicaId): number {
  return Number(id.slice(1)) - 1;
}

export type QuorumMode = 'leaderless' | 'consensus';

/**
 * How a leaderless coordinator stamps a write (last write wins compares stamps):
 * - `counter`: a Lamport counter per replica (one more than the highest counter it has seen), so
 *   a write through a replica that has seen the latest version always wins;
 * - `timestamp`: the coordinator's clock (virtual time plus its skew), as Cassandra does; a replica
 *   whose clock runs behind writes "older" versions and its writes are silently lost.
 * Either way ties break on the coordinator's replica index, so every version is unique.
 */
export type VersionScheme = 'counter' | 'timestamp';

/** A write's stamp. In consensus mode `counter` is the Raft log index and `replica` is 0. */
export interface Version {
  readonly counter: number;
  readonly replica: number;
}

export function compareVersions(a: Version | null, b: Version | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  return a.counter !== b.counter ? a.counter - b.counter : a.replica - b.replica;
}

export function formatVersion(version: Version | null): string {
  return version === null ? 'none' : `${version.counter}@r${version.replica + 1}`;
}

export interface Versioned {
  readonly value: RegisterValue;
  readonly version: Version;
}

/**
 * How many replicas must answer: Cassandra's names, or an explicit count (R or W). QUORUM is a
 * majority of the key's N copies, so two quorums always share a replica.
 */
export type ConsistencyLevel = 'ONE' | 'QUORUM' | 'ALL' | number;

export function requiredReplies(level: ConsistencyLevel, replicationFactor: number): number {
  if (level === 'ONE') return 1;
  if (level === 'QUORUM') return Math.floor(replicationFactor / 2) + 1;
  if (level === 'ALL') return replicationFactor;
  return Math.max(1, Math.min(replicationFactor, Math.floor(level)));
}

export function formatLevel(level: ConsistencyLevel): string {
  return typeof level === 'number' ? String(level) : level;
}

export type OperationKind = 'read' | 'write';

/**
 * An operation's outcome as Jepsen records it: `fail` definitely did not happen (a read that got
 * no answer changed nothing; a consensus refusal proposed nothing); `timeout` is a write nobody
 * knows the fate of (indeterminate). `queued` waits behind the client's previous operation.
 */
export type OperationStatus = 'queued' | 'pending' | 'ok' | 'fail' | 'timeout';

export interface QuorumOperation {
  /** Issue order, from 0: stable, the UI and explanations refer to it. */
  readonly id: number;
  readonly client: ClientId;
  readonly kind: OperationKind;
  readonly key: string;
  /** A write's value; a read's returned value once ok (`null` = never written), else undefined. */
  readonly value: RegisterValue | undefined;
  readonly level: ConsistencyLevel;
  /** R or W for this operation (leaderless); 0 in consensus mode, where a majority decides. */
  readonly required: number;
  /** The replica the client sent it to. */
  readonly coordinator: ReplicaId;
  readonly status: OperationStatus;
  readonly invokeMs: number | null;
  /** When the client got its answer or gave up (for `timeout` the checker treats it as never). */
  readonly completeMs: number | null;
  /** A write's stamp (known when acknowledged) or the stamp of the value a read returned. */
  readonly version: Version | null;
  /** Why it failed or timed out, in plain words (a god's-eye note for the learner). */
  readonly detail: string;
}

/** What a client asks for; `via` names the coordinator, otherwise the client picks one. */
export type OperationRequest =
  | {
      readonly client: ClientId;
      readonly kind: 'read';
      readonly key: string;
      readonly level?: ConsistencyLevel;
      readonly via?: ReplicaId;
    }
  | {
      readonly client: ClientId;
      readonly kind: 'write';
      readonly key: string;
      readonly value: RegisterValue;
      readonly level?: ConsistencyLevel;
      readonly via?: ReplicaId;
    };

/** A consensus-mode log entry's payload (JSON in the Raft entry's `value`). */
export interface LoggedOperation {
  readonly opId: number;
  readonly kind: OperationKind;
  readonly key: string;
  readonly value: RegisterValue;
  /** The replica the client talks to, which relays the result. */
  readonly coordinator: ReplicaId;
  /** The leader that appended it: the one replica that reports the result. */
  readonly proposer: ReplicaId;
}

export type QuorumMessage =
  // Client and coordinator.
  | {
      readonly type: 'ClientRequest';
      readonly opId: number;
      readonly kind: OperationKind;
      readonly key: string;
      readonly value: RegisterValue;
      readonly required: number;
      /** Session guarantees: answer only with a version at least this new. */
      readonly minVersion: Version | null;
    }
  | { readonly type: 'ClientReply'; readonly opId: number; readonly ok: true; readonly value: RegisterValue; readonly version: Version | null }
  | { readonly type: 'ClientReply'; readonly opId: number; readonly ok: false; readonly reason: string }
  // Leaderless replication (Dynamo §4.5–4.6).
  | {
      readonly type: 'Store';
      readonly opId: number;
      readonly key: string;
      readonly value: RegisterValue;
      readonly version: Version;
      /** Sloppy quorum: the preference-list replica this copy stands in for. */
      readonly hintFor: ReplicaId | null;
    }
  | { readonly type: 'StoreAck'; readonly opId: number }
  | { readonly type: 'Fetch'; readonly opId: number; readonly key: string }
  | { readonly type: 'FetchReply'; readonly opId: number; readonly key: string; readonly stored: Versioned | null }
  | { readonly type: 'Repair'; readonly key: string; readonly stored: Versioned }
  | { readonly type: 'Handoff'; readonly key: string; readonly stored: Versioned }
  | { readonly type: 'HandoffAck'; readonly key: string; readonly version: Version }
  // Consensus mode.
  | { readonly type: 'Raft'; readonly message: RaftMessage }
  | { readonly type: 'Forward'; readonly opId: number; readonly kind: OperationKind; readonly key: string; readonly value: RegisterValue }
  | { readonly type: 'Result'; readonly opId: number; readonly ok: true; readonly value: RegisterValue; readonly version: Version | null }
  | { readonly type: 'Result'; readonly opId: number; readonly ok: false; readonly reason: string };

export type QuorumMessageType = QuorumMessage['type'];

export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
