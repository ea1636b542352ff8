// §9.3: "randomized election timeouts" bound the time to replace a crashed leader; without
// randomness, split votes repeat.

import { describe, expect, it } from 'vitest';
import { cumulativeDistribution, runElectionTrial, summarizeDowntimes } from './election-experiment.ts';

describe('§9.3 Leader election experiment (Figure 16)', () => {
  it('"a small amount of randomization in the election timeout is enough to avoid split votes": 150-300 ms elects quickly every time', () => {
    const results = Array.from({ length: 40 }, (_, trial) => runElectionTrial({ electionTimeoutMsMin: 150, electionTimeoutMsMax: 300 }, trial, 1));
    const summary = summarizeDowntimes(results);
    expect(summary.elected).toBe(40);
    // At least most of a heartbeat interval (75 ms) must pass before anyone notices; a healthy
    // election finishes within one timeout range plus a few round trips.
    expect(summary.percentilesMs.min!).toBeGreaterThanOrEqual(75);
    expect(summary.percentilesMs.max!).toBeLessThan(1000);
    const curve = cumulativeDistribution(results);
    expect(curve.at(-1)).toMatchObject({ fraction: 1 });
    expect(curve.every((point, index) => index === 0 || point.downtimeMs >= curve[index - 1]!.downtimeMs)).toBe(true);
  });

  it('"Without any randomness, leader election consistently took longer than 10 seconds due to many split votes"', () => {
    const setup = { nodeCount: 5, latencyMsMin: 3, latencyMsMax: 5, trialLimitMs: 10_000 };
    const results = Array.from({ length: 5 }, (_, trial) => runElectionTrial({ electionTimeoutMsMin: 150, electionTimeoutMsMax: 150 }, trial, 1, setup));
    expect(results.every((result) => result.downtimeMs === null)).toBe(true);
  });

  it('is deterministic: the same trial and seed give the same downtime', () => {
    const range = { electionTimeoutMsMin: 150, electionTimeoutMsMax: 175 };
    expect(runElectionTrial(range, 7, 3)).toEqual(runElectionTrial(range, 7, 3));
  });
});
