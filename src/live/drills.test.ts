// The two drills headless on real systems: setup, check (fails, saying what it saw), solve, check (passes, saying what it saw).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveLab } from './lab.ts';
import { isAlive, requireRealSystems, residentMemoryBytes } from './live-test-support.ts';
import { descendantsOf } from './supervisor.ts';
import type { DrillCheck } from './lab.ts';

const lab = new LiveLab();

beforeAll(() => {
  requireRealSystems({ etcd: true, postgres: true });
});

afterAll(async () => {
  await lab.stop();
});

function checksOf(result: unknown): DrillCheck[] {
  return (result as { checks: DrillCheck[] }).checks;
}

describe('drill: kill an etcd member and observe quorum behaviour', () => {
  it('checks fail before the learner acts and pass after the solution, each saying what it saw', async () => {
    await lab.apply({ type: 'drill.setup', drill: 'etcd-quorum' });
    const before = checksOf(await lab.apply({ type: 'drill.check', drill: 'etcd-quorum' }));
    expect(before.map((check) => check.ok)).toEqual([false, false, false, false]);
    expect(before[0]!.saw).toBe('never saw exactly one member down with a leader elected');
    const after = checksOf(await lab.apply({ type: 'drill.solve', drill: 'etcd-quorum' }));
    for (const check of after) console.log(`[drill etcd] ${check.ok ? 'PASS' : 'FAIL'} ${check.name}: ${check.saw}`);
    expect(after.every((check) => check.ok)).toBe(true);
    expect(after[2]!.saw).toContain('quorum lost: 1 of 3 members reachable, a write needs 2');
    expect(lab.history('etcd')!.verdict).toBe('linearizable');
  });
});

describe('drill: split-brain in a 2-node PostgreSQL pair; recover', () => {
  it('checks fail before, then see two primaries, the rewound old primary streaming, and the lost writes by name', { timeout: 150_000 }, async () => {
    const startedAt = performance.now();
    await lab.apply({ type: 'drill.setup', drill: 'postgres-split-brain' });
    const readyMs = performance.now() - startedAt;
    const status = (await lab.status()).postgres!;
    const memoryBytes = status.nodes.flatMap((node) => (node.pid ? [node.pid, ...descendantsOf(node.pid)] : [])).reduce((sum, pid) => sum + residentMemoryBytes(pid), 0);
    console.log(`[measure] postgres: primary + streaming standby ready in ${Math.round(readyMs)} ms (initdb, pg_basebackup, both started, standby streaming); resident memory ${(memoryBytes / 2 ** 20).toFixed(1)} MiB in all (RSS summed over every process, shared buffers counted per process)`);

    const before = checksOf(await lab.apply({ type: 'drill.check', drill: 'postgres-split-brain' }));
    expect(before.map((check) => check.ok)).toEqual([false, false, false]);
    expect(before[0]!.saw).toBe('no two nodes acknowledged writes while both were primary');

    const after = checksOf(await lab.apply({ type: 'drill.solve', drill: 'postgres-split-brain' }));
    for (const check of after) console.log(`[drill postgres] ${check.ok ? 'PASS' : 'FAIL'} ${check.name}: ${check.saw}`);
    expect(after.every((check) => check.ok)).toBe(true);
    expect(after[2]!.saw).toContain('x=2 via n1');
    expect(after[2]!.saw).toContain('y=9 via n1');
    expect(after[1]!.saw).toContain('n1 was rewound and streams from n2 on timeline 2');

    const pids = (await lab.status()).postgres!.nodes.flatMap((node) => [node.pid!, ...descendantsOf(node.pid!)]);
    await lab.apply({ type: 'postgres.stop' });
    expect(pids.filter(isAlive)).toEqual([]);
  });
});
