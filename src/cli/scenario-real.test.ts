// `npm run scenario -- <file> --target real`: the two drills on real etcd and PostgreSQL, and what the real target refuses (exit 2, line and column).

import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireRealSystems } from '../live/live-test-support.ts';

function runReal(file: string) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/scenario.ts', file, '--target', 'real'], { encoding: 'utf8', timeout: 140_000 });
  const lines = result.stdout.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
  return { status: result.status, lines, stderr: result.stderr };
}

function withScenario(text: string, test: (file: string) => void): void {
  const folder = mkdtempSync(join(tmpdir(), 'quorum-lab-scenario-'));
  try {
    const file = join(folder, 'test.scenario');
    writeFileSync(file, text);
    test(file);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

describe('--target real', () => {
  // Real etcd elections take wall time; on a loaded 2-core machine one may come late: one retry, reported by vitest.
  it('runs the etcd drill on a real cluster: same JSON lines as the simulation, wall-clock, every expectation held', { timeout: 150_000, retry: 1 }, () => {
    requireRealSystems({ etcd: true });
    const { status, lines, stderr } = runReal('src/live/drills/etcd-quorum.scenario');
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(lines[0]).toMatchObject({ target: 'real', system: 'etcd', clock: 'wall' });
    const steps = lines.slice(1);
    for (const line of steps) {
      expect(line).toMatchObject({ clock: 'wall', target: 'real' });
      expect(typeof line.t_ms).toBe('number');
      for (const node of line.nodes as Record<string, unknown>[]) expect(Object.keys(node)).toEqual(expect.arrayContaining(['id', 'role', 'term', 'alive']));
    }
    const refused = steps.find((line) => line.cmd === 'request c=3')!;
    expect(refused.request).toMatchObject({ ok: false });
    expect(String((refused.request as { error: string }).error)).toContain('quorum lost: 1 of 3 members reachable, a write needs 2');
    expect(steps.filter((line) => 'expect' in line).every((line) => line.ok === true)).toBe(true);
  });

  it('catches a stale serializable read from a member cut off from the majority (the checker says not linearizable)', { timeout: 150_000, retry: 1 }, () => {
    requireRealSystems({ etcd: true });
    const { status, lines, stderr } = runReal('src/live/drills/etcd-stale-read.scenario');
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const stale = lines.filter((line) => line.cmd === 'read x via n1 serializable')[1]!;
    expect(stale.read).toMatchObject({ ok: true, value: 'old' });
    expect(String(lines.find((line) => line.expect === 'not-linearizable')!.detail)).toContain('returned "old"');
  });

  it('runs the PostgreSQL split-brain drill on a real pair: two primaries, rewind, the lost writes', { timeout: 150_000 }, () => {
    requireRealSystems({ postgres: true });
    const { status, lines, stderr } = runReal('src/live/drills/postgres-split-brain.scenario');
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const last = lines[lines.length - 1]!;
    expect(last).toMatchObject({ primaries: ['n2'], lostWrites: 2, splitBrain: true });
    expect(last.writes).toEqual([
      { key: 'x', value: '1', node: 'n1', status: 'acknowledged' },
      { key: 'x', value: '2', node: 'n1', status: 'lost' },
      { key: 'y', value: '9', node: 'n1', status: 'lost' },
      { key: 'x', value: '3', node: 'n2', status: 'acknowledged' },
    ]);
    expect(last.nodes).toEqual([
      expect.objectContaining({ id: 'n1', role: 'standby', timeline: 2, alive: true, streaming: true }),
      expect.objectContaining({ id: 'n2', role: 'primary', timeline: 2, alive: true }),
    ]);
  });

  it('refuses, before starting anything, what real etcd cannot do: exit 2 with line and column', () => {
    withScenario('raft nodes=3 latency=5-10\nrun 1s\ntimeout n1\ncut n1 n2\nexpect safe\n', (file) => {
      const { status, stderr, lines } = runReal(file);
      expect(status).toBe(2);
      expect(lines).toEqual([]);
      expect(stderr).toContain(`${file}:1:14: "latency" is simulated network quality`);
      expect(stderr).toContain(`${file}:3:1: "timeout" fires a simulated election timer`);
      expect(stderr).toContain(`${file}:4:1: "cut" (one way) cannot be made on etcd's peer links`);
      expect(stderr).toContain(`${file}:5:1: the real target cannot see inside etcd`);
    });
  });

  it('refuses what real PostgreSQL cannot do here, and labs without a real target', () => {
    withScenario('replication nodes=2 failover=managed\nreclone n1\n', (file) => {
      const { status, stderr } = runReal(file);
      expect(status).toBe(2);
      expect(stderr).toContain(`${file}:1:21: failover=managed needs a failover manager`);
      expect(stderr).toContain(`${file}:2:1: "reclone" is not available on the real target yet`);
    });
    withScenario('hashing nodes=3\n', (file) => {
      const { status, stderr } = runReal(file);
      expect(status).toBe(2);
      expect(stderr).toContain(`${file}:1:1: the real target runs "raft" scenarios on etcd and "replication" scenarios on PostgreSQL, not "hashing"`);
    });
  });
});
