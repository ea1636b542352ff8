// The replication lab's URL: `#/replication?seed=1&nodes=2&mode=async&failover=naive&fencing=none&witness=1&strict=1` ⇄ a starting config, with readable errors.
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

export const KNOWN_PARAMETERS = ['seed', 'nodes', 'mode', 'sync', 'failover', 'fencing', 'witness', 'strict', 'ttl', 'scenario', 'speed'] as const;

export interface ReplicationUrlSettings {
  readonly config: ReplicationConfig;
  /** True when the URL named no seed (nor a scenario, whose header fixes one): the page picks one. */
  readonly seedMissing: boolean;
  readonly scenario: string | null;
  readonly speed: number | null;
}

export type ReplicationUrlResult = { readonly ok: true; readonly settings: ReplicationUrlSettings } | { readonly ok: false; readonly problems: readonly string[] };

export function parseReplicationUrl(params: URLSearchParams): ReplicationUrlResult {
  const problems: string[] = [];
  for (const key of params.keys()) {
    if (!(KNOWN_PARAMETERS as readonly string[]).includes(key)) problems.push(`Unknown parameter “${key}”. Known parameters: ${KNOWN_PARAMETERS.join(', ')}.`);
  }
  const whole = (name: string, min: number, max: number): number | null => {
    const raw = params.get(name);
    if (raw === null) return null;
    if (!/^\d+$/.test(raw.trim()) || Number(raw) < min || Number(raw) > max) {
      problems.push(`“${name}” must be a whole number from ${min} to ${max}; got “${raw}”.`);
      return null;
    }
    return Number(raw);
  };
  const oneOf = <Value extends string>(name: string, allowed: readonly Value[], fallback: Value): Value => {
    const raw = params.get(name);
    if (raw === null) return fallback;
    if (!(allowed as readonly string[]).includes(raw)) {
      problems.push(`“${name}” must be one of ${allowed.join(', ')}; got “${raw}”.`);
      return fallback;
    }
    return raw as Value;
  };
  const onOff = (name: string): boolean | null => {
    const raw = params.get(name);
    if (raw === null) return null;
    if (raw === '1' || raw === 'on' || raw === 'true') return true;
    if (raw === '0' || raw === 'off' || raw === 'false') return false;
    problems.push(`“${name}” must be on or off (1 or 0); got “${raw}”.`);
    return null;
  };
  const seed = whole('seed', 0, 0xffffffff);
  const nodeCount = whole('nodes', MIN_NODES, MAX_NODES) ?? 2;
  const syncCount = whole('sync', 1, MAX_NODES - 1);
  const ttlSeconds = whole('ttl', 1, 600);
  const speed = whole('speed', 1, 100_000);
  const mode = oneOf<CommitMode>('mode', COMMIT_MODES, 'async');
  const failover = oneOf<FailoverMode>('failover', FAILOVER_MODES, 'manual');
  const fencing = oneOf<Fencing>('fencing', FENCINGS, 'none');
  const witness = onOff('witness');
  const strict = onOff('strict');
  const scenario = params.get('scenario');
  if (scenario !== null && !/^replication-[a-z0-9-]+$/.test(scenario)) problems.push(`“scenario” must be a replication preset name (replication-…); got “${scenario}”.`);
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
  return { ok: true, settings: { config, seedMissing: seed === null && scenario === null, scenario, speed } };
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
