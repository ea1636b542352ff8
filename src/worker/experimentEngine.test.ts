// The experiment engine as the measure page uses it: start, run in wall-time slices, cancel; same seed, same numbers.
import { describe, expect, it } from 'vitest';
import { FIGURE_16_RANGES, runElectionTrial, summarizeDowntimes } from '../kernel/protocols/raft/election-experiment.ts';
import { createExperimentEngine, type ExperimentPlan, type ExperimentReport } from './experimentEngine.ts';

/** A wall clock that moves `stepMs` each time it is read, so slices are as long as the test says. */
function fakeClock(stepMs: number) {
  let timeMs = 0;
  return () => (timeMs += stepMs);
}

const FAST_RANGES = FIGURE_16_RANGES.filter((range) => range.electionTimeoutMsMax - range.electionTimeoutMsMin >= 25);

function runToEnd(plan: ExperimentPlan, budgetMs = 5): { reports: ExperimentReport[] } {
  const engine = createExperimentEngine(fakeClock(1));
  const started = engine.start(plan);
  expect(started.ok).toBe(true);
  const reports: ExperimentReport[] = [];
  for (let calls = 0; calls < 10_000; calls++) {
    const report = engine.runFor(budgetMs);
    reports.push(report);
    if (report.status !== 'running') break;
  }
  return { reports };
}

describe('§9.3 election experiment engine', () => {
  it('refuses a plan with no ranges, a bad seed or a bad trial count, with readable problems', () => {
    const engine = createExperimentEngine(fakeClock(1));
    const result = engine.start({ seed: -1, trialsPerRange: 0, ranges: [] });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.join(' ')).toMatch(/seed.*Trials per range.*at least one/s);
    expect(engine.start({ seed: 1, trialsPerRange: 5, ranges: [{ electionTimeoutMsMin: 200, electionTimeoutMsMax: 100 }] }).ok).toBe(false);
  });

  it('runs in slices, reports progress that only grows, and ends with every planned trial', () => {
    const plan = { seed: 7, trialsPerRange: 12, ranges: FAST_RANGES };
    const { reports } = runToEnd(plan);
    expect(reports.length).toBeGreaterThan(3);
    for (let i = 1; i < reports.length; i++) expect(reports[i]!.trialsDone).toBeGreaterThan(reports[i - 1]!.trialsDone);
    const last = reports.at(-1)!;
    expect(last.status).toBe('done');
    expect(last.trialsDone).toBe(12 * FAST_RANGES.length);
    expect(last.trialsPlanned).toBe(12 * FAST_RANGES.length);
    expect(structuredClone(last)).toEqual(last);
    // Trial-major order: no range is ever more than one trial ahead of another.
    for (const report of reports) {
      const done = report.ranges.map((range) => range.trialsDone);
      expect(Math.max(...done) - Math.min(...done)).toBeLessThanOrEqual(1);
    }
  });

  it('gives exactly what the kernel function gives trial by trial (the CLI numbers)', () => {
    const plan = { seed: 3, trialsPerRange: 10, ranges: FAST_RANGES };
    const last = runToEnd(plan).reports.at(-1)!;
    plan.ranges.forEach((range, index) => {
      const direct = Array.from({ length: 10 }, (_, trial) => runElectionTrial(range, trial, 3));
      expect(last.ranges[index]!.summary).toEqual(summarizeDowntimes(direct));
      expect(last.ranges[index]!.cdf.at(-1)?.fraction).toBe(1);
    });
  });

  it('the same seed gives the same report, however the work is sliced; another seed differs', () => {
    const plan = { seed: 11, trialsPerRange: 8, ranges: FAST_RANGES };
    const coarse = runToEnd(plan, 1_000).reports.at(-1)!;
    const fine = runToEnd(plan, 1).reports.at(-1)!;
    expect(fine.ranges).toEqual(coarse.ranges);
    const other = runToEnd({ ...plan, seed: 12 }, 1_000).reports.at(-1)!;
    expect(other.ranges).not.toEqual(coarse.ranges);
  });

  it('cancel keeps the trials already run and stops; a new start forgets them', () => {
    const engine = createExperimentEngine(fakeClock(1));
    engine.start({ seed: 1, trialsPerRange: 100, ranges: FAST_RANGES });
    const partial = engine.runFor(4);
    expect(partial.status).toBe('running');
    const cancelled = engine.cancel();
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.trialsDone).toBe(partial.trialsDone);
    expect(engine.runFor(100).trialsDone).toBe(partial.trialsDone);
    const restarted = engine.start({ seed: 2, trialsPerRange: 3, ranges: FAST_RANGES.slice(0, 1) });
    expect(restarted.ok && restarted.report.trialsDone).toBe(0);
  });

  it('a range with no randomness reports "no new leader" for each trial instead of a downtime', () => {
    const { reports } = runToEnd({ seed: 1, trialsPerRange: 2, ranges: [FIGURE_16_RANGES[0]!] }, 1_000);
    const range = reports.at(-1)!.ranges[0]!;
    expect(range.summary.elected).toBe(0);
    expect(range.cdf).toEqual([]);
    expect(range.failures).toEqual([{ reason: 'no new leader within 30000 ms', count: 2 }]);
  });
});
