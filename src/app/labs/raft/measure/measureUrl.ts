// The measure page's URL: `#/raft/measure?seed=7&trials=100&ranges=150-155,12-24` ⇄ an experiment plan, with readable errors.
import { FIGURE_16_RANGES, type ElectionTimeoutRange } from '../../../../kernel/protocols/raft/election-experiment.ts';
import { rangeKey } from './series.ts';
import { readUrlParameters } from '../../../kit/urlParameters.ts';

export const MEASURE_PATH = '/raft/measure';
export const DEFAULT_TRIALS_PER_RANGE = 100;
/** The worker's limit too (`MAX_TRIALS_PER_RANGE`); the app imports only types from the worker. */
export const MAX_TRIALS_PER_RANGE = 10_000;
export const TRIAL_CHOICES = [20, 100, 1000] as const;
const KNOWN_PARAMETERS = ['seed', 'trials', 'ranges'];

export interface MeasureSettings {
  /** Null when the URL named no seed: the page picks one and pins it in the URL. */
  readonly seed: number | null;
  readonly trialsPerRange: number;
  readonly ranges: readonly ElectionTimeoutRange[];
}

export type MeasureUrlResult = { readonly ok: true; readonly settings: MeasureSettings } | { readonly ok: false; readonly problems: readonly string[] };

export function parseMeasureUrl(params: URLSearchParams): MeasureUrlResult {
  const url = readUrlParameters(params, KNOWN_PARAMETERS);
  const { problems } = url;
  const seed = url.whole('seed', 0, 0xffffffff);
  const trialsPerRange = url.whole('trials', 1, MAX_TRIALS_PER_RANGE) ?? DEFAULT_TRIALS_PER_RANGE;
  let ranges: readonly ElectionTimeoutRange[] = FIGURE_16_RANGES;
  const rawRanges = params.get('ranges');
  if (rawRanges !== null) {
    const keys = rawRanges.split(',').map((key) => key.trim()).filter((key) => key !== '');
    const unknown = keys.filter((key) => !FIGURE_16_RANGES.some((range) => rangeKey(range) === key));
    if (unknown.length > 0 || keys.length === 0) {
      problems.push(`“ranges” lists Figure 16's ranges, comma-separated (${FIGURE_16_RANGES.map(rangeKey).join(', ')}); got “${rawRanges}”.`);
    }
    // Figure order, whatever order the URL used.
    ranges = FIGURE_16_RANGES.filter((range) => keys.includes(rangeKey(range)));
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, settings: { seed, trialsPerRange, ranges } };
}

/** URL parameters for a plan; `ranges` is left out when it is the whole figure. */
export function measureUrlParameters(settings: { seed: number; trialsPerRange: number; ranges: readonly ElectionTimeoutRange[] }): Record<string, string | number> {
  const parameters: Record<string, string | number> = { seed: settings.seed, trials: settings.trialsPerRange };
  if (settings.ranges.length !== FIGURE_16_RANGES.length) parameters.ranges = settings.ranges.map(rangeKey).join(',');
  return parameters;
}
