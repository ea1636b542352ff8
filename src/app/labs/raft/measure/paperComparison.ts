// What the Raft paper reports for Figure 16 (§9.3), set against what this run measured, range by range.
import type { RangeReport } from '../../../../worker/experimentEngine.ts';
import { formatDowntime } from '../../../geometry/experimentPlot.ts';
import { rangeKey } from './series.ts';

export interface PaperClaim {
  readonly rangeKey: string;
  /** The randomness the paper speaks of, as it says it. */
  readonly what: string;
  readonly paper: string;
  /** This run's matching number, in words, or null when the range was not run. */
  readonly measured: string | null;
}

const CLAIMS: readonly { rangeKey: string; what: string; paper: string; measure(range: RangeReport, trialLimitMs: number): string }[] = [
  {
    rangeKey: '150-150',
    what: 'No randomness (150–150 ms)',
    paper: 'Elections often took longer than 10 s, because of many split votes.',
    measure: (range, trialLimitMs) => {
      const { elected, trials, percentilesMs } = range.summary;
      if (elected === 0) return `No new leader within ${formatDowntime(trialLimitMs)} in any of ${trials} trials.`;
      return `A new leader in ${elected} of ${trials} trials; median ${formatDowntime(percentilesMs.p50!)}.`;
    },
  },
  {
    rangeKey: '150-155',
    what: '5 ms of randomness (150–155 ms)',
    paper: 'Median downtime 287 ms.',
    measure: (range) => (range.summary.percentilesMs.p50 === null ? 'No trial elected a leader.' : `Median downtime ${formatDowntime(range.summary.percentilesMs.p50)} over ${range.summary.trials} trials.`),
  },
  {
    rangeKey: '150-200',
    what: '50 ms of randomness (150–200 ms)',
    paper: 'Worst case 513 ms over 1000 trials.',
    measure: (range) =>
      range.summary.percentilesMs.max === null
        ? 'No trial elected a leader.'
        : `Worst case ${formatDowntime(range.summary.percentilesMs.max)} over ${range.summary.trials} trials${range.summary.elected < range.summary.trials ? ` (${range.summary.trials - range.summary.elected} without a leader)` : ''}.`,
  },
  {
    rangeKey: '12-24',
    what: 'Scaled-down timeouts (12–24 ms)',
    paper: '35 ms on average.',
    measure: (range) => (range.summary.meanMs === null ? 'No trial elected a leader.' : `${formatDowntime(range.summary.meanMs)} on average over ${range.summary.elected} elections.`),
  },
];

export function comparePaper(ranges: readonly RangeReport[], trialLimitMs: number): PaperClaim[] {
  return CLAIMS.map((claim) => {
    const range = ranges.find((candidate) => rangeKey(candidate.range) === claim.rangeKey && candidate.trialsDone > 0);
    return { rangeKey: claim.rangeKey, what: claim.what, paper: claim.paper, measured: range ? claim.measure(range, trialLimitMs) : null };
  });
}
