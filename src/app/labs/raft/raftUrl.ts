// The Raft lab's URL: `#/raft?seed=42&nodes=5&speed=0.1` ⇄ a run config, with readable errors.
import { readSharedScenario } from '../../kit/sharedScenario.ts';
import { defaultRaftConfig, validateRaftConfig, MAX_NODES, type RaftConfig } from '../../../kernel/protocols/raft/simulation.ts';
import { NO_FEATURES, RAFT_BUGS, type RaftBug, type RaftFeatures } from '../../../kernel/protocols/raft/types.ts';
import { PLAYBACK_SPEEDS, type PlaybackSpeed } from '../../store/raftStore.ts';
import { readUrlParameters } from '../../kit/urlParameters.ts';

/** URL parameter → config field; short names because people type and share these. */
const TIMING_PARAMETERS = {
  electionMin: 'electionTimeoutMsMin',
  electionMax: 'electionTimeoutMsMax',
  heartbeat: 'heartbeatIntervalMs',
  latencyMin: 'latencyMsMin',
  latencyMax: 'latencyMsMax',
  loss: 'lossPercent',
} as const satisfies Record<string, keyof RaftConfig>;

type TimingParameter = keyof typeof TIMING_PARAMETERS;

/** URL switch → extension; the same short names as the scenario header's `prevote=on` etc. */
const FEATURE_PARAMETERS = { prevote: 'preVote', checkquorum: 'checkQuorum', noop: 'leaderNoop' } as const satisfies Record<string, keyof RaftFeatures>;

export const KNOWN_PARAMETERS = ['seed', 'nodes', 'speed', 'scenario', 'actions', 'play', 'bugs', ...Object.keys(FEATURE_PARAMETERS), ...Object.keys(TIMING_PARAMETERS)] as const;

export interface RaftUrlSettings {
  readonly config: RaftConfig;
  /** True when the URL named no seed (nor a scenario, whose header fixes one): the page picks one. */
  readonly seedMissing: boolean;
  readonly speed: PlaybackSpeed | null;
  readonly scenario: string | null;
  /** A shared run (`actions=`, made by "Copy link"): scenario text whose header fixes the config. */
  readonly sharedScenario: string | null;
  readonly autoplay: boolean;
  /** Switches the URL sets explicitly: with a scenario they replace its header's (see ScenarioOverrides). */
  readonly overrides: { readonly bugs?: readonly RaftBug[]; readonly features?: RaftFeatures };
}

export type RaftUrlResult = { readonly ok: true; readonly settings: RaftUrlSettings } | { readonly ok: false; readonly problems: readonly string[] };

export function parseRaftUrl(params: URLSearchParams): RaftUrlResult {
  const url = readUrlParameters(params, KNOWN_PARAMETERS);
  const { problems } = url;
  const overrides: Partial<Record<keyof RaftConfig, number>> = {};
  // Numbers, the break-it switches (`bugs=a,b`) and the extensions (`prevote=1`).
  const readNumber = (name: string, field: keyof RaftConfig, min: number, max: number) => {
    const value = url.whole(name, min, max);
    if (value !== null) overrides[field] = value;
  };
  readNumber('seed', 'seed', 0, 0xffffffff);
  readNumber('nodes', 'nodeCount', 1, MAX_NODES);
  for (const [name, field] of Object.entries(TIMING_PARAMETERS) as [TimingParameter, keyof RaftConfig][]) {
    readNumber(name, field, field === 'lossPercent' ? 0 : 1, field === 'lossPercent' ? 100 : 600_000);
  }

  let bugs: RaftBug[] = [];
  const rawBugs = params.get('bugs');
  if (rawBugs !== null && rawBugs.trim() !== '') {
    for (const name of rawBugs.split(',').map((part) => part.trim())) {
      if ((RAFT_BUGS as readonly string[]).includes(name)) {
        if (!bugs.includes(name as RaftBug)) bugs.push(name as RaftBug);
      } else problems.push(`“bugs” lists an unknown switch “${name}”. Known: ${RAFT_BUGS.join(', ')}.`);
    }
    bugs = RAFT_BUGS.filter((bug) => bugs.includes(bug));
  }
  const features: Record<keyof RaftFeatures, boolean> = { ...NO_FEATURES };
  for (const [name, field] of Object.entries(FEATURE_PARAMETERS)) {
    const value = url.onOff(name);
    if (value !== null) features[field] = value;
  }

  let speed: PlaybackSpeed | null = null;
  const rawSpeed = params.get('speed');
  if (rawSpeed !== null) {
    const parsed = rawSpeed === 'max' ? 'max' : Number(rawSpeed);
    if (parsed === 'max' || (Number.isFinite(parsed) && parsed >= 0.01 && parsed <= 10)) speed = parsed;
    else problems.push(`“speed” must be a number from 0.01 to 10 or “max”; got “${rawSpeed}”.`);
  }
  const play = url.oneOf('play', ['0', '1'] as const);
  const scenario = url.matching('scenario', /^[a-z0-9-]+$/, 'a preset name (lowercase letters, digits and dashes)');
  const sharedScenario = readSharedScenario(params, problems, scenario !== null);

  if (problems.length > 0) return { ok: false, problems };
  const config = defaultRaftConfig({ ...(overrides as Partial<RaftConfig>), bugs, features });
  const configProblems = validateRaftConfig(config);
  if (configProblems.length > 0) return { ok: false, problems: configProblems };
  const featuresGiven = Object.keys(FEATURE_PARAMETERS).some((name) => params.has(name));
  const switches = { ...(params.has('bugs') ? { bugs } : {}), ...(featuresGiven ? { features } : {}) };
  return { ok: true, settings: { config, seedMissing: !params.has('seed') && scenario === null && sharedScenario === null, speed, scenario, sharedScenario, autoplay: play !== '0', overrides: switches } };
}

/** The URL parameters for a config: seed and size always, timing only where it differs from the default. */
export function raftUrlParameters(config: RaftConfig, extra: Record<string, string> = {}): Record<string, string> {
  const defaults = defaultRaftConfig();
  const parameters: Record<string, string> = { seed: String(config.seed), nodes: String(config.nodeCount) };
  for (const [name, field] of Object.entries(TIMING_PARAMETERS) as [TimingParameter, keyof RaftConfig][]) {
    if (config[field] !== defaults[field]) parameters[name] = String(config[field]);
  }
  if (config.bugs.length > 0) parameters.bugs = config.bugs.join(',');
  for (const [name, field] of Object.entries(FEATURE_PARAMETERS)) if (config.features[field]) parameters[name] = '1';
  return { ...parameters, ...extra };
}

export type SwitchGroup = 'bugs' | 'features';

/** The URL parameters that set one group of switches explicitly (every one of them, on or off). */
export function switchParameters(config: RaftConfig, group: SwitchGroup): Record<string, string> {
  if (group === 'bugs') return { bugs: config.bugs.join(',') };
  return Object.fromEntries(Object.entries(FEATURE_PARAMETERS).map(([name, field]) => [name, config.features[field] ? '1' : '0']));
}

export function nearestSpeed(speed: PlaybackSpeed): PlaybackSpeed {
  if (speed === 'max') return speed;
  const numeric = PLAYBACK_SPEEDS.filter((candidate): candidate is number => candidate !== 'max');
  return numeric.reduce((best, candidate) => (Math.abs(Math.log(candidate / speed)) < Math.abs(Math.log(best / speed)) ? candidate : best));
}
