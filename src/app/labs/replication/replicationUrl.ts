// The replication lab's URL: `#/replication?seed=1&nodes=2&mode=async&failover=naive&fencing=none&witness=1&strict=1` ⇄ a starting config, with readable errors.
import { readSharedScenario } from '../../kit/sharedScenario.ts';
import { readUrlParameters } from '../../kit/urlParameters.ts';
import {
  COMMIT_MODES,
  defaultReplicationConfig,
  FAILOVER_MODES,
  FENCINGS,
  MAX_NODES,
  MIN_NODES,
  validateReplicationConfig,
  type CommitMode,
  type FailoverMode,
  type Fencing,
  type ReplicationConfig,
} from '../../../kernel/protocols/replication/index.ts';

export const KNOWN_PARAMETERS = ['seed', 'nodes', 'mode', 'sync', 'failover', 'fencing', 'witness', 'strict', 'ttl', 'scenario', 'actions', 'speed'] as const;

export interface ReplicationUrlSettings {
  readonly config: ReplicationConfig;
  /** True when the URL named no seed (nor a scenario, whose header fixes one): the page picks one. */
  readonly seedMissing: boolean;
  readonly scenario: string | null;
  /** A shared run (`actions=`, made by "Copy link"): scenario text whose header fixes the config. */
  readonly sharedScenario: string | null;
  readonly speed: number | null;
}

export type ReplicationUrlResult = { readonly ok: true; readonly settings: ReplicationUrlSettings } | { readonly ok: false; readonly problems: readonly string[] };

export function parseReplicationUrl(params: URLSearchParams): ReplicationUrlResult {
  const url = readUrlParameters(params, KNOWN_PARAMETERS);
  const { problems } = url;
  const seed = url.whole('seed', 0, 0xffffffff);
  const nodeCount = url.whole('nodes', MIN_NODES, MAX_NODES) ?? 2;
  const syncCount = url.whole('sync', 1, MAX_NODES - 1);
  const ttlSeconds = url.whole('ttl', 1, 600);
  const speed = url.whole('speed', 1, 100_000);
  const mode = url.oneOf<CommitMode>('mode', COMMIT_MODES) ?? 'async';
  const failover = url.oneOf<FailoverMode>('failover', FAILOVER_MODES) ?? 'manual';
  const fencing = url.oneOf<Fencing>('fencing', FENCINGS) ?? 'none';
  const witness = url.onOff('witness');
  const strict = url.onOff('strict');
  const scenario = url.matching('scenario', /^replication-[a-z0-9-]+$/, 'a replication preset name (replication-…)');
  const sharedScenario = readSharedScenario(params, url.problems, scenario !== null);
  if (problems.length > 0) return { ok: false, problems };
  const config = defaultReplicationConfig({
    nodeCount,
    mode,
    failover,
    fencing,
    ...(seed !== null ? { seed } : {}),
    ...(syncCount !== null ? { syncCount } : {}),
    ...(witness !== null ? { witness } : {}),
    ...(strict !== null ? { strict } : {}),
    ...(ttlSeconds !== null ? { ttlMs: ttlSeconds * 1000 } : {}),
  });
  const configProblems = validateReplicationConfig(config);
  if (configProblems.length > 0) return { ok: false, problems: configProblems };
  return { ok: true, settings: { config, seedMissing: seed === null && scenario === null && sharedScenario === null, scenario, sharedScenario, speed } };
}

/** URL parameters for a starting config. */
export function replicationUrlParameters(config: ReplicationConfig): Record<string, string> {
  const parameters: Record<string, string> = { seed: String(config.seed), nodes: String(config.nodeCount), mode: config.mode, failover: config.failover, fencing: config.fencing };
  if (config.mode === 'quorum') parameters.sync = String(config.syncCount);
  if (config.witness) parameters.witness = '1';
  if (config.strict) parameters.strict = '1';
  if (config.ttlMs !== 30_000) parameters.ttl = String(Math.round(config.ttlMs / 1000));
  return parameters;
}
