// The Raft lab's URL: `#/raft?seed=42&nodes=5&speed=0.1` ⇄ a run config, with readable errors.
import { defaultRaftConfig, validateRaftConfig, MAX_NODES, type RaftConfig } from '../../../kernel/protocols/raft/simulation.ts';
import { PLAYBACK_SPEEDS, type PlaybackSpeed } from '../../store/raftStore.ts';

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

export const KNOWN_PARAMETERS = ['seed', 'nodes', 'speed', 'scenario', 'play', ...Object.keys(TIMING_PARAMETERS)] as const;

export interface RaftUrlSettings {
  readonly config: RaftConfig;
  /** True when the URL named no seed (nor a scenario, whose header fixes one): the page picks one. */
  readonly seedMissing: boolean;
  readonly speed: PlaybackSpeed | null;
  readonly scenario: string | null;
  readonly autoplay: boolean;
}

export type RaftUrlResult = { readonly ok: true; readonly settings: RaftUrlSettings } | { readonly ok: false; readonly problems: readonly string[] };

function wholeNumber(raw: string): number | null {
  return /^\d+$/.test(raw.trim()) ? Number(raw) : null;
}

export function parseRaftUrl(params: URLSearchParams): RaftUrlResult {
  const problems: string[] = [];
  const overrides: Partial<Record<keyof RaftConfig, number>> = {};
  // Only numeric fields are read from the URL; `bugs` never is.
  for (const key of params.keys()) {
    if (!(KNOWN_PARAMETERS as readonly string[]).includes(key)) {
      problems.push(`Unknown parameter “${key}”. Known parameters: ${KNOWN_PARAMETERS.join(', ')}.`);
    }
  }
  const readNumber = (name: string, field: keyof RaftConfig, min: number, max: number) => {
    const raw = params.get(name);
    if (raw === null) return;
    const value = wholeNumber(raw);
    if (value === null || value < min || value > max) problems.push(`“${name}” must be a whole number from ${min} to ${max}; got “${raw}”.`);
    else overrides[field] = value;
  };
  readNumber('seed', 'seed', 0, 0xffffffff);
  readNumber('nodes', 'nodeCount', 1, MAX_NODES);
  for (const [name, field] of Object.entries(TIMING_PARAMETERS) as [TimingParameter, keyof RaftConfig][]) {
    readNumber(name, field, field === 'lossPercent' ? 0 : 1, field === 'lossPercent' ? 100 : 600_000);
  }

  let speed: PlaybackSpeed | null = null;
  const rawSpeed = params.get('speed');
  if (rawSpeed !== null) {
    const parsed = rawSpeed === 'max' ? 'max' : Number(rawSpeed);
    if (parsed === 'max' || (Number.isFinite(parsed) && parsed >= 0.01 && parsed <= 10)) speed = parsed;
    else problems.push(`“speed” must be a number from 0.01 to 10 or “max”; got “${rawSpeed}”.`);
  }
  const rawPlay = params.get('play');
  if (rawPlay !== null && rawPlay !== '0' && rawPlay !== '1') problems.push(`“play” must be 0 or 1; got “${rawPlay}”.`);
  const scenario = params.get('scenario');
  if (scenario !== null && !/^[a-z0-9-]+$/.test(scenario)) problems.push(`“scenario” must be a preset name (lowercase letters, digits and dashes); got “${scenario}”.`);

  if (problems.length > 0) return { ok: false, problems };
  const config = defaultRaftConfig(overrides as Partial<RaftConfig>);
  const configProblems = validateRaftConfig(config);
  if (configProblems.length > 0) return { ok: false, problems: configProblems };
  return { ok: true, settings: { config, seedMissing: !params.has('seed') && scenario === null, speed, scenario, autoplay: rawPlay !== '0' } };
}

/** The URL parameters for a config: seed and size always, timing only where it differs from the default. */
export function raftUrlParameters(config: RaftConfig, extra: Record<string, string> = {}): Record<string, string> {
  const defaults = defaultRaftConfig();
  const parameters: Record<string, string> = { seed: String(config.seed), nodes: String(config.nodeCount) };
  for (const [name, field] of Object.entries(TIMING_PARAMETERS) as [TimingParameter, keyof RaftConfig][]) {
    if (config[field] !== defaults[field]) parameters[name] = String(config[field]);
  }
  return { ...parameters, ...extra };
}

/** A fresh seed for a new run (the app may use ambient randomness; the kernel may not). */
export function randomSeed(): number {
  return Math.floor(Math.random() * 1_000_000);
}

export function nearestSpeed(speed: PlaybackSpeed): PlaybackSpeed {
  if (speed === 'max') return speed;
  const numeric = PLAYBACK_SPEEDS.filter((candidate): candidate is number => candidate !== 'max');
  return numeric.reduce((best, candidate) => (Math.abs(Math.log(candidate / speed)) < Math.abs(Math.log(best / speed)) ? candidate : best));
}
