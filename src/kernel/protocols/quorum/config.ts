// The replicated store's configuration, the settings a user may change mid-run, and its commands.

import type { NetworkCommand } from '../../net/commands.ts';
import {
  MAX_CLIENTS,
  MAX_REPLICAS,
  MIN_CLIENTS,
  MIN_REPLICAS,
  type ClientId,
  type ConsistencyLevel,
  type EndpointId,
  type OperationRequest,
  type QuorumMode,
  type ReplicaId,
  type VersionScheme,
} from './types.ts';

/** What may change while the store runs (a `configure` command). */
export interface QuorumSettings {
  readonly latencyMsMin: number;
  readonly latencyMsMax: number;
  /** Chance of losing a message, in percent (0–100). */
  readonly lossPercent: number;
  /** Chance of delivering a message twice, in percent (0–100). */
  readonly duplicationPercent: number;
  /** A client gives up on an operation after this long: a read fails, a write becomes indeterminate. */
  readonly operationTimeoutMs: number;
  /** Leaderless: after answering a read, send the newest value to replicas that returned older ones. */
  readonly readRepair: boolean;
  /** Leaderless: when preference-list replicas stay silent, use the next replicas on the ring with a hint. */
  readonly sloppyQuorum: boolean;
  /** Sloppy quorum: how long the coordinator waits before it treats silent replicas as down. */
  readonly fallbackAfterMs: number;
  /** How often a replica holding hinted writes tries to hand them to the replica they belong to. */
  readonly handoffIntervalMs: number;
  readonly readLevel: ConsistencyLevel;
  readonly writeLevel: ConsistencyLevel;
  readonly versionScheme: VersionScheme;
  /** Per replica (index order): how far its clock is ahead (+) or behind (−), for `timestamp` versions. */
  readonly clockSkewMs: readonly number[];
}

export interface QuorumConfig extends QuorumSettings {
  readonly replicaCount: number;
  readonly clientCount: number;
  readonly mode: QuorumMode;
  readonly seed: number;
  /** Dynamo's N: copies of each key, on consecutive replicas of the ring. At most replicaCount. */
  readonly replicationFactor: number;
  /** Session guarantees every client starts with (a `session` command changes one client's). */
  readonly readYourWrites: boolean;
  readonly monotonicReads: boolean;
  /** Consensus mode: the Raft lab's timing. */
  readonly electionTimeoutMsMin: number;
  readonly electionTimeoutMsMax: number;
  readonly heartbeatIntervalMs: number;
}

export function defaultQuorumConfig(overrides: Partial<QuorumConfig> = {}): QuorumConfig {
  const replicaCount = overrides.replicaCount ?? 3;
  return {
    replicaCount,
    clientCount: 2,
    mode: 'leaderless',
    seed: 1,
    replicationFactor: overrides.replicationFactor ?? replicaCount,
    readYourWrites: false,
    monotonicReads: false,
    latencyMsMin: 5,
    latencyMsMax: 15,
    lossPercent: 0,
    duplicationPercent: 0,
    operationTimeoutMs: 250,
    readRepair: false,
    sloppyQuorum: false,
    fallbackAfterMs: 60,
    handoffIntervalMs: 100,
    readLevel: 'QUORUM',
    writeLevel: 'QUORUM',
    versionScheme: 'counter',
    clockSkewMs: Array.from({ length: replicaCount }, () => 0),
    electionTimeoutMsMin: 150,
    electionTimeoutMsMax: 300,
    heartbeatIntervalMs: 50,
    ...overrides,
  };
}

/** What is wrong with a config a user typed (URL, scenario, form); empty when nothing is. */
export function validateQuorumConfig(config: QuorumConfig): string[] {
  const problems: string[] = [];
  const integer = (name: keyof QuorumConfig, min: number, max: number) => {
    const value = config[name] as number;
    if (!Number.isInteger(value) || value < min || value > max) problems.push(`${name} must be a whole number from ${min} to ${max} (got ${value})`);
  };
  integer('replicaCount', MIN_REPLICAS, MAX_REPLICAS);
  integer('clientCount', MIN_CLIENTS, MAX_CLIENTS);
  integer('seed', 0, 0xffffffff);
  integer('replicationFactor', 1, config.replicaCount);
  problems.push(...validateQuorumSettings(config, config.replicaCount));
  integer('electionTimeoutMsMin', 1, 600_000);
  integer('electionTimeoutMsMax', 1, 600_000);
  integer('heartbeatIntervalMs', 1, 600_000);
  if (config.electionTimeoutMsMax < config.electionTimeoutMsMin) problems.push('electionTimeoutMsMax must be at least electionTimeoutMsMin');
  return problems;
}

export function validateQuorumSettings(settings: QuorumSettings, replicaCount: number): string[] {
  const problems: string[] = [];
  const integer = (name: keyof QuorumSettings, min: number, max: number) => {
    const value = settings[name] as number;
    if (!Number.isInteger(value) || value < min || value > max) problems.push(`${name} must be a whole number from ${min} to ${max} (got ${value})`);
  };
  integer('latencyMsMin', 1, 600_000);
  integer('latencyMsMax', 1, 600_000);
  integer('lossPercent', 0, 100);
  integer('duplicationPercent', 0, 100);
  integer('operationTimeoutMs', 1, 600_000);
  integer('fallbackAfterMs', 1, 600_000);
  integer('handoffIntervalMs', 1, 600_000);
  if (settings.latencyMsMax < settings.latencyMsMin) problems.push('latencyMsMax must be at least latencyMsMin');
  if (settings.clockSkewMs.length !== replicaCount) problems.push(`clockSkewMs needs one entry per replica (${replicaCount})`);
  for (const level of [settings.readLevel, settings.writeLevel]) {
    if (typeof level === 'number' && (!Number.isInteger(level) || level < 1 || level > MAX_REPLICAS)) problems.push(`an explicit R or W must be a whole number from 1 to ${MAX_REPLICAS} (got ${level})`);
  }
  return problems;
}

/**
 * User actions as a tagged union: a click, a drag or a scenario line becomes one of these; the
 * history records them so a replay includes them.
 */
export type QuorumCommand =
  | { readonly type: 'operation'; readonly request: OperationRequest }
  /** The kit's shared network words: replicas crash; replicas and clients sit on islands. */
  | NetworkCommand<ReplicaId, EndpointId>
  | { readonly type: 'configure'; readonly settings: Partial<QuorumSettings> }
  | { readonly type: 'session'; readonly client: ClientId; readonly readYourWrites?: boolean; readonly monotonicReads?: boolean };
