// The CRDT lab's URL: `#/crdts?type=or-set&replicas=3&seed=1&sync=state` ⇄ a starting config, or
// `?scenario=crdt-or-set-add-wins` (the preset's header fixes the config), with readable errors.
import { CRDT_TYPE_NAMES, defaultCrdtConfig, MAX_REPLICAS, MIN_REPLICAS, validateCrdtConfig, type CrdtConfig } from '../../../kernel/protocols/crdt/index.ts';
import { readSharedScenario } from '../../kit/sharedScenario.ts';
import { readUrlParameters } from '../../kit/urlParameters.ts';

export const KNOWN_PARAMETERS = ['type', 'replicas', 'seed', 'sync', 'gossip', 'raft', 'scenario', 'actions', 'speed'] as const;

export interface CrdtUrlSettings {
  readonly config: CrdtConfig;
  readonly seedMissing: boolean;
  readonly scenario: string | null;
  /** A shared run (`actions=`, made by "Copy link"): scenario text whose header fixes the config. */
  readonly sharedScenario: string | null;
  readonly speed: number | null;
}

export type CrdtUrlResult = { readonly ok: true; readonly settings: CrdtUrlSettings } | { readonly ok: false; readonly problems: readonly string[] };

export function parseCrdtUrl(params: URLSearchParams): CrdtUrlResult {
  // The kit's reader: unknown names, a name given twice, numbers in range, on/off, choices — one sentence each.
  const url = readUrlParameters(params, KNOWN_PARAMETERS);
  const seed = url.whole('seed', 0, 0xffffffff);
  const replicaCount = url.whole('replicas', MIN_REPLICAS, MAX_REPLICAS) ?? 3;
  const speed = url.whole('speed', 1, 100_000);
  const gossipIntervalMs = url.whole('gossip', 0, 60_000) ?? 0;
  const type = url.oneOf('type', CRDT_TYPE_NAMES) ?? 'or-set';
  const sync = url.oneOf('sync', ['state', 'op'] as const) ?? 'state';
  const raft = url.onOff('raft') ?? false;
  const scenario = url.matching('scenario', /^crdt-[a-z0-9-]+$/, 'a CRDT preset name (crdt-…)');
  const sharedScenario = readSharedScenario(params, url.problems, scenario !== null);
  if (url.problems.length > 0) return { ok: false, problems: url.problems };
  const config = defaultCrdtConfig({ type, replicaCount, seed: seed ?? 1, sync, gossipIntervalMs, raft });
  const invalid = validateCrdtConfig(config);
  if (invalid.length > 0) return { ok: false, problems: invalid };
  return { ok: true, settings: { config, seedMissing: seed === null && scenario === null && sharedScenario === null, scenario, sharedScenario, speed } };
}

export function crdtUrlParameters(config: CrdtConfig): Record<string, string | number> {
  return { type: config.type, replicas: config.replicaCount, seed: config.seed, sync: config.sync, ...(config.gossipIntervalMs > 0 ? { gossip: config.gossipIntervalMs } : {}), ...(config.raft ? { raft: 'on' } : {}) };
}
