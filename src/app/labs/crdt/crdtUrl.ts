// The CRDT lab's URL: `#/crdts?type=or-set&replicas=3&seed=1&sync=state` ⇄ a starting config, or
// `?scenario=crdt-or-set-add-wins` (the preset's header fixes the config), with readable errors.
import { CRDT_TYPE_NAMES, defaultCrdtConfig, MAX_REPLICAS, MIN_REPLICAS, validateCrdtConfig, type CrdtConfig, type CrdtTypeName } from '../../../kernel/protocols/crdt/index.ts';

export const KNOWN_PARAMETERS = ['type', 'replicas', 'seed', 'sync', 'gossip', 'raft', 'scenario', 'speed'] as const;

export interface CrdtUrlSettings {
  readonly config: CrdtConfig;
  readonly seedMissing: boolean;
  readonly scenario: string | null;
  readonly speed: number | null;
}

export type CrdtUrlResult = { readonly ok: true; readonly settings: CrdtUrlSettings } | { readonly ok: false; readonly problems: readonly string[] };

export function parseCrdtUrl(params: URLSearchParams): CrdtUrlResult {
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
  const seed = whole('seed', 0, 0xffffffff);
  const replicaCount = whole('replicas', MIN_REPLICAS, MAX_REPLICAS) ?? 3;
  const speed = whole('speed', 1, 100_000);
  const gossipIntervalMs = whole('gossip', 0, 60_000) ?? 0;
  const type = params.get('type') ?? 'or-set';
  if (!(CRDT_TYPE_NAMES as readonly string[]).includes(type)) problems.push(`“type” must be one of ${CRDT_TYPE_NAMES.join(', ')}; got “${type}”.`);
  const sync = params.get('sync') ?? 'state';
  if (sync !== 'state' && sync !== 'op') problems.push(`“sync” must be state or op; got “${sync}”.`);
  const raftRaw = params.get('raft');
  const raft = raftRaw === '1' || raftRaw === 'on';
  if (raftRaw !== null && !raft && raftRaw !== '0' && raftRaw !== 'off') problems.push(`“raft” must be on or off; got “${raftRaw}”.`);
  const scenario = params.get('scenario');
  if (scenario !== null && !/^crdt-[a-z0-9-]+$/.test(scenario)) problems.push(`“scenario” must be a CRDT preset name (crdt-…); got “${scenario}”.`);
  if (problems.length > 0) return { ok: false, problems };
  const config = defaultCrdtConfig({ type: type as CrdtTypeName, replicaCount, seed: seed ?? 1, sync: sync as 'state' | 'op', gossipIntervalMs, raft });
  const invalid = validateCrdtConfig(config);
  if (invalid.length > 0) return { ok: false, problems: invalid };
  return { ok: true, settings: { config, seedMissing: seed === null && scenario === null, scenario, speed } };
}

export function crdtUrlParameters(config: CrdtConfig): Record<string, string | number> {
  return { type: config.type, replicas: config.replicaCount, seed: config.seed, sync: config.sync, ...(config.gossipIntervalMs > 0 ? { gossip: config.gossipIntervalMs } : {}), ...(config.raft ? { raft: 'on' } : {}) };
}
