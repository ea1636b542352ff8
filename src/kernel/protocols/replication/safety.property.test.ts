// Property: over random fault schedules, synchronous commit with managed failover and fencing never
// loses an acknowledged write nor lets two primaries acknowledge at once; the same checkers catch
// the planted bugs (async commit; naive failover without fencing). Prints the seed of any failure.

import { describe, expect, it } from 'vitest';
import { defaultReplicationConfig, runFailureTrial, runTrial, summarizeSweep, type ReplicationConfig, type WorkloadOptions } from './index.ts';

/** Shorter runs than the sweep's so 1,000 schedules fit a unit-test budget; faults still outlast the TTL. */
const WORKLOAD: WorkloadOptions = { durationMs: 70_000, operationEveryMs: 400, readEvery: 2, faultCount: 2, quietMs: 50_000 };
const TRIALS = Number(process.env.REPLICATION_TRIALS ?? 1000);

function safeConfig(seed: number): ReplicationConfig {
  const fencing = (['stonith', 'lease', 'token'] as const)[seed % 3]!;
  const twoNodes = seed % 2 === 0;
  return defaultReplicationConfig({ nodeCount: twoNodes ? 2 : 3, witness: twoNodes, mode: 'sync', strict: seed % 4 < 2, failover: 'managed', fencing });
}

describe('safety over random fault schedules', () => {
  it(`sync + managed failover + fencing: no acknowledged write lost, never two primaries acknowledging (${TRIALS} schedules)`, () => {
    for (let seed = 1; seed <= TRIALS; seed++) {
      const config = safeConfig(seed);
      const { measures } = runTrial(config, seed, WORKLOAD);
      const where = `seed ${seed} (${config.nodeCount} nodes, strict=${config.strict}, fencing=${config.fencing})`;
      expect(measures.lostWrites, `${where}: ${measures.lost[0]?.explanation}`).toBe(0);
      expect(measures.splitBrain, `${where}: ${measures.splitBrain?.explanation}`).toBeNull();
    }
  }, 600_000);

  it('planted bug 1 — async commit: the lost-writes checker finds acknowledged writes lost in some schedules', () => {
    let found = 0;
    for (let seed = 1; seed <= 100 && found === 0; seed++) {
      if (runTrial({ ...safeConfig(seed), mode: 'async' }, seed, WORKLOAD).measures.lostWrites > 0) found = seed;
    }
    expect(found, 'no schedule lost a write under async commit').toBeGreaterThan(0);
  });

  it('planted bug 2 — naive failover without fencing: the split-brain detector fires in some schedules', () => {
    let found = 0;
    for (let seed = 1; seed <= 100 && found === 0; seed++) {
      const config = defaultReplicationConfig({ nodeCount: 2, mode: 'async', failover: 'naive', fencing: 'none' });
      if (runTrial(config, seed, WORKLOAD).measures.splitBrain !== null) found = seed;
    }
    expect(found, 'no schedule produced a split brain').toBeGreaterThan(0);
  });
});

describe('the RPO/RTO sweep', () => {
  it('sync + managed + witness: no trial loses a write and every one recovers within ttl + loop_wait; async + crash under load can lose', () => {
    const safe = summarizeSweep(Array.from({ length: 10 }, (_, trial) => runFailureTrial(defaultReplicationConfig({ nodeCount: 2, witness: true, mode: 'sync', failover: 'managed', fencing: 'lease' }), trial, 'crash')));
    expect(safe.zeroLossTrials).toBe(10);
    expect(safe.unrecoveredTrials).toBe(0);
    expect(safe.rtoMaxMs!).toBeLessThanOrEqual(40_000 + 1000);
    const isolated = summarizeSweep(Array.from({ length: 5 }, (_, trial) => runFailureTrial(defaultReplicationConfig({ nodeCount: 3, mode: 'async', failover: 'managed' }), trial, 'isolate')));
    expect(isolated.lostMax).toBeGreaterThan(0);
  });
});
