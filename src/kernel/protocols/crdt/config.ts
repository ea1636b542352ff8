// A CRDT lab run's configuration (fixed for the run), its settings (may change mid-run) and the
// user's commands: local operations, one-way merges, a full sync, and the kit's network words.

import type { NetworkCommand } from '../../net/commands.ts';
import type { PlantedBug } from './planted-bugs.ts';
import { OP_BASED_TYPES } from './registry.ts';
import { MAX_REPLICAS, MIN_REPLICAS, type CrdtOperation, type CrdtTypeName, type ReplicaId } from './types.ts';

/**
 * How replicas exchange updates:
 * - `state`: anti-entropy ships a replica's whole state; the receiver merges it (least upper bound);
 * - `op`: each update is broadcast as a downstream operation; `merge`/`sync` re-send the sender's
 *   log so lost messages are repaired.
 */
export type SyncMode = 'state' | 'op';

/**
 * Op-based only. `causal`: the delivery layer buffers an operation until its causal predecessors
 * are delivered and delivers each once (reliable causal broadcast, what the paper assumes).
 * `raw`: every arrival takes effect at once, duplicates and reorderings included — to show why
 * the requirement exists.
 */
export type DeliveryMode = 'causal' | 'raw';

export interface CrdtSettings {
  readonly latencyMsMin: number;
  readonly latencyMsMax: number;
  readonly lossPercent: number;
  readonly duplicationPercent: number;
  /** Periodic anti-entropy: every interval each replica sends its state (or log) to one random peer; 0 = only on command. */
  readonly gossipIntervalMs: number;
  /** Each replica's physical clock minus true (virtual) time, ms; LWW stamps read it. */
  readonly clockSkewMs: readonly number[];
}

export interface CrdtConfig extends CrdtSettings {
  readonly seed: number;
  readonly type: CrdtTypeName;
  readonly replicaCount: number;
  readonly sync: SyncMode;
  readonly delivery: DeliveryMode;
  /** A planted bug in place of the real type (state-based only), to watch the checkers catch it. */
  readonly bug: PlantedBug | null;
  /**
   * Run the same counter workload on a Raft-replicated account beside the CRDT ("when not to"):
   * each inc/dec/withdraw also goes through the Raft log, whose state machine checks the balance.
   */
  readonly raft: boolean;
  /** Raft side: how long a replica waits for its operation to commit before answering "unavailable". */
  readonly raftTimeoutMs: number;
  readonly electionTimeoutMsMin: number;
  readonly electionTimeoutMsMax: number;
  readonly heartbeatIntervalMs: number;
}

export function defaultCrdtConfig(overrides: Partial<CrdtConfig> = {}): CrdtConfig {
  const replicaCount = overrides.replicaCount ?? 3;
  return {
    seed: 1,
    type: 'g-counter',
    replicaCount,
    sync: 'state',
    delivery: 'causal',
    bug: null,
    raft: false,
    raftTimeoutMs: 300,
    electionTimeoutMsMin: 150,
    electionTimeoutMsMax: 300,
    heartbeatIntervalMs: 50,
    latencyMsMin: 5,
    latencyMsMax: 15,
    lossPercent: 0,
    duplicationPercent: 0,
    gossipIntervalMs: 0,
    clockSkewMs: Array.from({ length: replicaCount }, () => 0),
    ...overrides,
  };
}

export function validateCrdtSettings(settings: CrdtSettings, replicaCount: number): string[] {
  const problems: string[] = [];
  if (!(settings.latencyMsMin >= 1 && settings.latencyMsMax >= settings.latencyMsMin)) problems.push(`latency must be at least 1 ms and min ≤ max, got ${settings.latencyMsMin}-${settings.latencyMsMax}`);
  for (const [name, value] of [['loss', settings.lossPercent], ['duplication', settings.duplicationPercent]] as const) {
    if (!(Number.isInteger(value) && value >= 0 && value <= 100)) problems.push(`${name} must be a whole percentage 0–100, got ${value}`);
  }
  if (!(Number.isInteger(settings.gossipIntervalMs) && settings.gossipIntervalMs >= 0)) problems.push(`gossip interval must be 0 (off) or a whole number of ms, got ${settings.gossipIntervalMs}`);
  if (settings.clockSkewMs.length !== replicaCount) problems.push(`clock skew needs one entry per replica (${replicaCount}), got ${settings.clockSkewMs.length}`);
  return problems;
}

export function validateCrdtConfig(config: CrdtConfig): string[] {
  const problems = validateCrdtSettings(config, config.replicaCount);
  if (!(Number.isInteger(config.replicaCount) && config.replicaCount >= MIN_REPLICAS && config.replicaCount <= MAX_REPLICAS)) {
    problems.push(`replicas must be ${MIN_REPLICAS}–${MAX_REPLICAS}, got ${config.replicaCount}`);
  }
  if (config.sync === 'op' && !OP_BASED_TYPES[config.type]) {
    problems.push(`sync=op is offered for ${Object.keys(OP_BASED_TYPES).join(', ')}; ${config.type} is state-based only`);
  }
  if (config.delivery === 'raw' && config.sync !== 'op') problems.push('delivery=raw applies to sync=op only (a state-based merge needs no delivery guarantee)');
  if (config.bug !== null && config.sync !== 'state') problems.push('planted bugs are in the state-based types: use sync=state');
  if (config.raft && config.type !== 'pn-counter' && config.type !== 'g-counter') problems.push('raft=on compares a counter workload: use type=pn-counter (or g-counter)');
  if (config.raft && config.replicaCount < 3) problems.push('raft=on needs at least 3 replicas for a majority to matter');
  return problems;
}

export type CrdtCommand =
  | NetworkCommand<ReplicaId>
  /** A local update at one replica (it takes effect there at once, or is a reported no-op). */
  | { readonly type: 'operation'; readonly replica: ReplicaId; readonly operation: CrdtOperation }
  /** `to` merges `from`'s state (one way): `from` sends it over the network. */
  | { readonly type: 'merge'; readonly from: ReplicaId; readonly to: ReplicaId }
  /** Every alive replica sends its state (or log) to every other: one round of full anti-entropy. */
  | { readonly type: 'sync' }
  | { readonly type: 'configure'; readonly settings: Partial<CrdtSettings> };
