// The transactions lab's URL: `#/commit?protocol=2pc&participants=3&seed=1` (saga=orchestrated|choreographed,
// lock=on for the semantic lock) ⇄ a starting config, or `?scenario=commit-2pc-blocking`, with readable errors.
import { readSharedScenario } from '../../kit/sharedScenario.ts';
import { readUrlParameters } from '../../kit/urlParameters.ts';
import { defaultCommitConfig, MAX_PARTICIPANTS, MIN_PARTICIPANTS, PROTOCOLS, SAGA_STYLES, validateCommitConfig, type CommitConfig, type Protocol, type SagaStyle } from '../../../kernel/protocols/commit/index.ts';

export const KNOWN_PARAMETERS = ['protocol', 'saga', 'participants', 'seed', 'lock', 'scenario', 'actions', 'speed'] as const;

export interface CommitUrlSettings {
  readonly config: CommitConfig;
  /** True when the URL named no seed (nor a scenario, whose header fixes one): the page picks one. */
  readonly seedMissing: boolean;
  readonly scenario: string | null;
  /** A shared run (`actions=`, made by "Copy link"): scenario text whose header fixes the config. */
  readonly sharedScenario: string | null;
  readonly speed: number | null;
}

export type CommitUrlResult = { readonly ok: true; readonly settings: CommitUrlSettings } | { readonly ok: false; readonly problems: readonly string[] };

export function parseCommitUrl(params: URLSearchParams): CommitUrlResult {
  const url = readUrlParameters(params, KNOWN_PARAMETERS);
  const { problems } = url;
  const seed = url.whole('seed', 0, 0xffffffff);
  const participantCount = url.whole('participants', MIN_PARTICIPANTS, MAX_PARTICIPANTS) ?? 3;
  const speed = url.whole('speed', 1, 100_000);
  const protocol = url.oneOf<Protocol>('protocol', PROTOCOLS) ?? '2pc';
  const sagaStyle = url.oneOf<SagaStyle>('saga', SAGA_STYLES) ?? 'orchestrated';
  const semanticLock = url.onOff('lock') ?? false;
  const scenario = url.matching('scenario', /^commit-[a-z0-9-]+$/, 'a transactions preset name (commit-…)');
  const sharedScenario = readSharedScenario(params, url.problems, scenario !== null);
  if (problems.length > 0) return { ok: false, problems };
  const config = defaultCommitConfig({ protocol, sagaStyle, participantCount, semanticLock: protocol === 'saga' && semanticLock, ...(seed !== null ? { seed } : {}) });
  const configProblems = validateCommitConfig(config);
  if (configProblems.length > 0) return { ok: false, problems: configProblems };
  return { ok: true, settings: { config, seedMissing: seed === null && scenario === null && sharedScenario === null, scenario, sharedScenario, speed } };
}

export function commitUrlParameters(config: CommitConfig): Record<string, string> {
  const parameters: Record<string, string> = { protocol: config.protocol, participants: String(config.participantCount), seed: String(config.seed) };
  if (config.protocol === 'saga') parameters.saga = config.sagaStyle;
  if (config.protocol === 'saga' && config.semanticLock) parameters.lock = 'on';
  return parameters;
}
