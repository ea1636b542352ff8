// Postgres vs Raft on the same workload and fault: the shapes of their guarantees, on a few seeded trials.

import { describe, expect, it } from 'vitest';
import { runCompareTrial, summarizeCompare, type CompareSetup } from './compare.ts';

const SHORT: CompareSetup = { runMs: 60_000, writeEveryMs: 250, faultFromMs: 10_000, faultToMs: 15_000, latencyMsMin: 1, latencyMsMax: 3 };
const trials = (system: Parameters<typeof runCompareTrial>[0], fault: Parameters<typeof runCompareTrial>[1]) =>
  summarizeCompare(system, [1, 2, 3].map((seed) => runCompareTrial(system, fault, seed, SHORT)));

describe('Postgres streaming replication vs a 3-node Raft store', () => {
  it('primary isolated while clients still reach it: async streaming loses the writes it acknowledged alone; sync and Raft lose none', () => {
    expect(trials('async+managed', 'isolate').lostMean).toBeGreaterThan(10);
    expect(trials('sync+managed', 'isolate').lostMax).toBe(0);
    expect(trials('raft-3', 'isolate').lostMax).toBe(0);
  });

  it('primary killed: managed failover waits out the lock TTL (tens of seconds); Raft elects a leader in about an election timeout', () => {
    const postgres = trials('sync+managed', 'kill');
    const raft = trials('raft-3', 'kill');
    expect(postgres.unavailableP50Ms).toBeGreaterThan(10_000);
    expect(postgres.unavailableP99Ms).toBeLessThanOrEqual(40_000 + 1000);
    expect(raft.unavailableP99Ms).toBeLessThan(5000);
  });

  it('the checker on the client history (writes and reads): async with an isolated primary is caught not linearizable in some trial; sync and Raft always pass', () => {
    const seeds = [1, 2, 3, 4, 5];
    const verdicts = (system: Parameters<typeof runCompareTrial>[0]) => seeds.map((seed) => runCompareTrial(system, 'isolate', seed, SHORT).linearizable);
    expect(verdicts('async+managed')).toContain('not-linearizable');
    expect(verdicts('sync+managed').every((verdict) => verdict === 'linearizable')).toBe(true);
    expect(verdicts('raft-3').every((verdict) => verdict === 'linearizable')).toBe(true);
  });

  it('a minority partition (the synchronous standby cut off): sync streaming stops acknowledging for a while; async and Raft go on', () => {
    expect(trials('sync+managed', 'minority').unavailableP50Ms!).toBeGreaterThan(5000);
    expect(trials('async+managed', 'minority').unavailableP99Ms!).toBeLessThan(1000);
    expect(trials('raft-3', 'minority').unavailableP99Ms!).toBeLessThan(2000);
    expect(trials('sync+managed', 'minority').lostMax).toBe(0);
  });

  it('sync commit costs a round trip to the standby: its median write latency is above async\'s', () => {
    expect(trials('sync+managed', 'kill').latencyP50Ms!).toBeGreaterThan(trials('async+managed', 'kill').latencyP50Ms!);
  });
});
