// The hashing lab's URL: `#/hashing?seed=1&strategy=ring&nodes=10&vnodes=100&keys=100000` ⇄ a starting config, with readable errors.
import { readSharedScenario } from '../../kit/sharedScenario.ts';
import { readUrlParameters } from '../../kit/urlParameters.ts';
import { defaultHashingConfig, hashingLimits, strategyNames, validateHashingConfig, type HashingConfig, type StrategyName } from '../../../kernel/protocols/hashing/index.ts';

export const KNOWN_PARAMETERS = ['seed', 'strategy', 'nodes', 'vnodes', 'keys', 'replicas', 'dist', 'exponent', 'epsilon', 'scenario', 'actions'] as const;

export interface HashingUrlSettings {
  readonly config: HashingConfig;
  /** True when the URL named no seed (nor a scenario, whose header fixes one): the page picks one. */
  readonly seedMissing: boolean;
  readonly scenario: string | null;
  /** A shared run (`actions=`, made by "Copy link"): scenario text whose header fixes the start. */
  readonly sharedScenario: string | null;
}

export type HashingUrlResult = { readonly ok: true; readonly settings: HashingUrlSettings } | { readonly ok: false; readonly problems: readonly string[] };

export function parseHashingUrl(params: URLSearchParams): HashingUrlResult {
  const url = readUrlParameters(params, KNOWN_PARAMETERS);
  const { problems } = url;
  let config = defaultHashingConfig();
  const seed = url.whole('seed', 0, 0xffffffff);
  if (seed !== null) config = { ...config, seed };
  const nodeCount = url.whole('nodes', 1, hashingLimits.nodeCountMax);
  if (nodeCount !== null) config = { ...config, nodes: Array.from({ length: nodeCount }, (_, index) => ({ id: `n${index + 1}`, weight: 1, up: true })) };
  const vnodes = url.whole('vnodes', hashingLimits.vnodesPerNodeMin, hashingLimits.vnodesPerNodeMax);
  if (vnodes !== null) config = { ...config, vnodesPerNode: vnodes };
  const keys = url.whole('keys', 1, hashingLimits.keyCountMax);
  if (keys !== null) config = { ...config, keyCount: keys };
  const replicas = url.whole('replicas', 1, hashingLimits.replicaCountMax);
  if (replicas !== null) config = { ...config, replicaCount: replicas };
  const epsilon = url.decimal('epsilon', 0, hashingLimits.epsilonMax);
  if (epsilon !== null) config = { ...config, epsilon };
  const strategy = url.oneOf('strategy', strategyNames);
  if (strategy !== null) config = { ...config, strategy: strategy as StrategyName };
  const distribution = url.oneOf('dist', ['uniform', 'zipf'] as const);
  const exponent = url.decimal('exponent', 0, hashingLimits.zipfExponentMax);
  if (distribution === 'zipf') config = { ...config, distribution: { kind: 'zipf', exponent: exponent ?? 1 } };
  else if (exponent !== null) problems.push('“exponent” only applies with dist=zipf.');
  const scenario = url.matching('scenario', /^hashing-[a-z0-9-]+$/, 'a hashing preset name (hashing-…, lowercase letters, digits and dashes)');
  const sharedScenario = readSharedScenario(params, problems, scenario !== null);
  if (problems.length > 0) return { ok: false, problems };
  const configProblems = validateHashingConfig(config);
  if (configProblems.length > 0) return { ok: false, problems: configProblems };
  return { ok: true, settings: { config, seedMissing: seed === null && url.text('scenario') === null && sharedScenario === null, scenario, sharedScenario } };
}

/** URL parameters for a starting config; node-set changes made since are not in the URL (they are in the change log). */
export function hashingUrlParameters(config: HashingConfig): Record<string, string> {
  const parameters: Record<string, string> = {
    seed: String(config.seed),
    strategy: config.strategy,
    nodes: String(config.nodes.length),
    vnodes: String(config.vnodesPerNode),
    keys: String(config.keyCount),
    replicas: String(config.replicaCount),
  };
  if (config.distribution.kind === 'zipf') {
    parameters.dist = 'zipf';
    parameters.exponent = String(config.distribution.exponent);
  }
  if (config.epsilon !== defaultHashingConfig().epsilon) parameters.epsilon = String(config.epsilon);
  return parameters;
}

/** The scenario header line for a starting config (node weights and down nodes as set at the start). */
export function hashingScenarioHeader(config: HashingConfig): string {
  const parts = [
    'hashing',
    `strategy=${config.strategy}`,
    `nodes=${config.nodes.length}`,
    `vnodes=${config.vnodesPerNode}`,
    `keys=${config.keyCount}`,
    `seed=${config.seed}`,
    `replicas=${config.replicaCount}`,
  ];
  if (config.distribution.kind === 'zipf') parts.push('distribution=zipf', `exponent=${config.distribution.exponent}`);
  if (config.epsilon !== defaultHashingConfig().epsilon) parts.push(`epsilon=${config.epsilon}`);
  const weighted = config.nodes.filter((node) => node.weight !== 1);
  if (weighted.length > 0) parts.push(`weights=${weighted.map((node) => `${node.id}:${node.weight}`).join(',')}`);
  return parts.join(' ');
}
