// How each election-timeout range is drawn and named on the measure page: label, dash, marker, colour slot.
import { FIGURE_16_RANGES, type ElectionTimeoutRange } from '../../../../kernel/protocols/raft/election-experiment.ts';

/** "150–155 ms", as the paper's Figure 16 labels its curves. */
export function rangeLabel(range: ElectionTimeoutRange): string {
  return `${range.electionTimeoutMsMin}–${range.electionTimeoutMsMax} ms`;
}

/** The URL's spelling: "150-155". */
export function rangeKey(range: ElectionTimeoutRange): string {
  return `${range.electionTimeoutMsMin}-${range.electionTimeoutMsMax}`;
}

/**
 * Every range keeps its style whichever ranges are chosen, so a picture from one run can be
 * compared with another. Dash patterns and marker shapes tell the curves apart without colour.
 */
const DASHES = ['2 4', '10 4', 'none', '14 4 3 4', '6 3', 'none', '3 2 3 2 10 2'];

export interface SeriesStyle {
  /** Index among Figure 16's ranges: picks marker shape and colour (`--series-<n>`). */
  readonly index: number;
  readonly dash: string;
  readonly colour: string;
}

export function seriesStyle(range: ElectionTimeoutRange): SeriesStyle {
  const found = FIGURE_16_RANGES.findIndex((candidate) => rangeKey(candidate) === rangeKey(range));
  const index = found === -1 ? 0 : found;
  return { index, dash: DASHES[index]!, colour: `var(--series-${index})` };
}
