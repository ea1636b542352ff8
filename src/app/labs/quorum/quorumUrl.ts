// The quorums lab's URL: `#/quorums?seed=5&replicas=3&clients=2&mode=leaderless&rf=3&repair=1` ⇄ a starting config, with readable errors.
import { readSharedScenario } from '../../kit/sharedScenario.ts';
import { readUrlParameters } from '../../kit/urlParameters.ts';
import { defaultQuorumConfig, MAX_CLIENTS, MAX_REPLICAS, MIN_CLIENTS, MIN_REPLICAS, validateQuorumConfig, type QuorumConfig } from '../../../kernel/protocols/quorum/index.ts';

export const KNOWN_PARAMETERS = ['seed', 'replicas', 'clients', 'mode', 'rf', 'repair', 'sloppy', 'ryw', 'monotonic', 'scenario', 'actions', 'speed', 'tab'] as const;

export interface QuorumUrlSettings {
  readonly config: QuorumConfig;
  /** True when the URL named no seed (nor a scenario, whose header fixes one): the page picks one. */
  readonly seedMissing: boolean;
  readonly scenario: string | null;
  /** A shared run (`actions=`, made by "Copy link"): scenario text whose header fixes the config. */
  readonly sharedScenario: string | null;
  readonly speed: number | null;
}

export type QuorumUrlResult = { readonly ok: true; readonly settings: QuorumUrlSettings } | { readonly ok: false; readonly problems: readonly string[] };

const SWITCHES = { repair: 'readRepair', sloppy: 'sloppyQuorum', ryw: 'readYourWrites', monotonic: 'monotonicReads' } as const;

export function parseQuorumUrl(params: URLSearchParams): QuorumUrlResult {
  const url = readUrlParameters(params, KNOWN_PARAMETERS);
  const { problems } = url;
  const seed = url.whole('seed', 0, 0xffffffff);
  const replicaCount = url.whole('replicas', MIN_REPLICAS, MAX_REPLICAS) ?? 3;
  const clientCount = url.whole('clients', MIN_CLIENTS, MAX_CLIENTS) ?? 2;
  const replicationFactor = url.whole('rf', 1, replicaCount) ?? replicaCount;
  const speed = url.whole('speed', 1, 100_000);
  const mode = url.oneOf('mode', ['leaderless', 'consensus'] as const) ?? 'leaderless';
  const overrides: Partial<Record<(typeof SWITCHES)[keyof typeof SWITCHES], boolean>> = {};
  for (const [name, field] of Object.entries(SWITCHES)) {
    const value = url.onOff(name);
    if (value !== null) overrides[field] = value;
  }
  const scenario = url.matching('scenario', /^quorum-[a-z0-9-]+$/, 'a quorum preset name (quorum-…, lowercase letters, digits and dashes)');
  const sharedScenario = readSharedScenario(params, url.problems, scenario !== null);
  if (problems.length > 0) return { ok: false, problems };
  const config = defaultQuorumConfig({
    replicaCount,
    clientCount,
    replicationFactor,
    mode,
    ...(seed !== null ? { seed } : {}),
    ...overrides,
  });
  const configProblems = validateQuorumConfig(config);
  if (configProblems.length > 0) return { ok: false, problems: configProblems };
  return { ok: true, settings: { config, seedMissing: seed === null && scenario === null && sharedScenario === null, scenario, sharedScenario, speed } };
}

/** URL parameters for a starting config (only what differs from the defaults, plus the seed). */
export function quorumUrlParameters(config: QuorumConfig): Record<string, string> {
  const parameters: Record<string, string> = { seed: String(config.seed), replicas: String(config.replicaCount), clients: String(config.clientCount), mode: config.mode };
  if (config.replicationFactor !== config.replicaCount) parameters.rf = String(config.replicationFactor);
  for (const [name, field] of Object.entries(SWITCHES)) if (config[field]) parameters[name] = '1';
  return parameters;
}

