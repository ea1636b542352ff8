// The election experiment's engine (Raft §9.3, Figure 16): runs trials in wall-time slices so the page stays live.
// It is the experiment worker's whole API (see experiment.worker.ts); it takes a wall clock so tests drive it in Node.

import {
  cumulativeDistribution,
  PAPER_LIKE_SETUP,
  runElectionTrial,
  summarizeDowntimes,
  type DowntimeSummary,
  type ElectionExperimentSetup,
  type ElectionTimeoutRange,
  type TrialResult,
} from '../kernel/protocols/raft/election-experiment.ts';

/** What the user chose: the seed, how many trials per range, and which ranges. */
export interface ExperimentPlan {
  readonly seed: number;
  readonly trialsPerRange: number;
  readonly ranges: readonly ElectionTimeoutRange[];
}

export const MAX_TRIALS_PER_RANGE = 10_000;

export type ExperimentStatus = 'idle' | 'running' | 'done' | 'cancelled';

/** One range's results so far: enough to draw its CDF, its progress bar and its table row. */
export interface RangeReport {
  readonly range: ElectionTimeoutRange;
  readonly trialsDone: number;
  readonly trialsPlanned: number;
  readonly summary: DowntimeSummary;
  /** Cumulative fractions over the trials run so far (failed trials count in the denominator). */
  readonly cdf: readonly { readonly downtimeMs: number; readonly fraction: number }[];
  /** Why trials found no new leader, with counts (e.g. "no new leader within 30000 ms": 100). */
  readonly failures: readonly { readonly reason: string; readonly count: number }[];
}

export interface ExperimentReport {
  readonly status: ExperimentStatus;
  readonly plan: ExperimentPlan | null;
  readonly setup: ElectionExperimentSetup;
  readonly ranges: readonly RangeReport[];
  readonly trialsDone: number;
  readonly trialsPlanned: number;
  /** Wall time spent running trials, for "n trials in s seconds". */
  readonly wallMs: number;
}

export type ExperimentStartResult = { readonly ok: true; readonly report: ExperimentReport } | { readonly ok: false; readonly problems: readonly string[] };

export function validatePlan(plan: ExperimentPlan): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(plan.seed) || plan.seed < 0 || plan.seed > 0xffffffff) problems.push(`The seed must be a whole number from 0 to ${0xffffffff}; got ${plan.seed}.`);
  if (!Number.isInteger(plan.trialsPerRange) || plan.trialsPerRange < 1 || plan.trialsPerRange > MAX_TRIALS_PER_RANGE) {
    problems.push(`Trials per range must be a whole number from 1 to ${MAX_TRIALS_PER_RANGE}; got ${plan.trialsPerRange}.`);
  }
  if (plan.ranges.length === 0) problems.push('Choose at least one election-timeout range.');
  for (const { electionTimeoutMsMin: min, electionTimeoutMsMax: max } of plan.ranges) {
    if (!Number.isInteger(min) || !Number.isInteger(max) || min < 2 || max < min) problems.push(`The range ${min}–${max} ms is not a range of whole milliseconds from 2 up.`);
  }
  return problems;
}

/**
 * Trials run trial-major (trial 0 of every range, then trial 1, …) so that every curve grows
 * together and a cancelled run still compares all ranges. Each trial is deterministic in
 * (range, trial index, seed), so the order changes nothing in the results.
 */
export function createExperimentEngine(nowMs: () => number, setup: ElectionExperimentSetup = PAPER_LIKE_SETUP) {
  let plan: ExperimentPlan | null = null;
  let status: ExperimentStatus = 'idle';
  let results: TrialResult[][] = [];
  let nextTrial = 0;
  let wallMs = 0;

  const trialsDone = () => results.reduce((sum, list) => sum + list.length, 0);

  const report = (): ExperimentReport => ({
    status,
    plan,
    setup,
    ranges: (plan?.ranges ?? []).map((range, index) => rangeReport(range, results[index]!, plan!.trialsPerRange)),
    trialsDone: trialsDone(),
    trialsPlanned: plan ? plan.trialsPerRange * plan.ranges.length : 0,
    wallMs,
  });

  return {
    /** A new experiment (forgets the previous one); nothing runs until `runFor`. */
    start(next: ExperimentPlan): ExperimentStartResult {
      const problems = validatePlan(next);
      if (problems.length > 0) return { ok: false, problems };
      plan = { seed: next.seed, trialsPerRange: next.trialsPerRange, ranges: next.ranges.map((range) => ({ ...range })) };
      results = plan.ranges.map(() => []);
      nextTrial = 0;
      wallMs = 0;
      status = 'running';
      return { ok: true, report: report() };
    },

    /** Runs trials until `wallBudgetMs` of real time has passed (at least one trial), then reports. */
    runFor(wallBudgetMs: number): ExperimentReport {
      if (status !== 'running' || !plan) return report();
      const startedMs = nowMs();
      const ranges = plan.ranges;
      do {
        const rangeIndex = trialsDone() % ranges.length;
        results[rangeIndex]!.push(runElectionTrial(ranges[rangeIndex]!, nextTrial, plan.seed, setup));
        if (rangeIndex === ranges.length - 1) nextTrial++;
        if (nextTrial >= plan.trialsPerRange) {
          status = 'done';
          break;
        }
      } while (nowMs() - startedMs < wallBudgetMs);
      wallMs += nowMs() - startedMs;
      return report();
    },

    /** Stops the run, keeping the trials already run. */
    cancel(): ExperimentReport {
      if (status === 'running') status = 'cancelled';
      return report();
    },

    report,
  };
}

export type ExperimentEngine = ReturnType<typeof createExperimentEngine>;

function rangeReport(range: ElectionTimeoutRange, results: readonly TrialResult[], trialsPlanned: number): RangeReport {
  const failureCounts = new Map<string, number>();
  for (const result of results) if (result.downtimeMs === null) failureCounts.set(result.reason, (failureCounts.get(result.reason) ?? 0) + 1);
  return {
    range: { ...range },
    trialsDone: results.length,
    trialsPlanned,
    summary: summarizeDowntimes(results),
    cdf: cumulativeDistribution(results),
    failures: [...failureCounts].map(([reason, count]) => ({ reason, count })),
  };
}
