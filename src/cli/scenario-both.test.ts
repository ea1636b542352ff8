// `npm run scenario -- <file> --target both`: the simulation's prediction beside real etcd's observation, line by line.

import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mergeLines } from './scenario-both.ts';
import { requireRealSystems } from '../live/live-test-support.ts';

const node = (id: string, role: string, alive = role !== 'crashed') => ({ id, role, alive });

describe('one timeline, two targets (merging)', () => {
  it('an expectation agrees when it holds (or fails) on both', () => {
    const merged = mergeLines({ line: 9, cmd: 'expect leader', t_ms: 3000, expect: 'leader', ok: true }, { line: 9, cmd: 'expect leader', t_ms: 3147, clock: 'wall', expect: 'leader', ok: true });
    expect(merged).toMatchObject({ line: 9, cmd: 'expect leader', agree: true, why: 'the expectation held on both', sim: { clock: 'virtual', t_ms: 3000 }, real: { clock: 'wall', t_ms: 3147 } });
    const differ = mergeLines({ line: 9, cmd: 'expect leader', expect: 'leader', ok: true }, { line: 9, cmd: 'expect leader', expect: 'leader', ok: false });
    expect(differ).toMatchObject({ agree: false, why: 'the expectation held in the simulation but failed on the real system' });
  });

  it('a state line agrees on how many are alive and how many lead, not on which node (crash leader picks different nodes)', () => {
    const sim = { line: 14, cmd: 'run 3s', nodes: [node('n1', 'follower'), node('n2', 'leader'), node('n3', 'crashed')] };
    const real = { line: 14, cmd: 'run 3s', nodes: [node('n1', 'crashed'), node('n2', 'follower'), node('n3', 'leader')] };
    expect(mergeLines(sim, real)).toMatchObject({ agree: true, why: 'alive: sim n1,n2, real n2,n3; leading: sim n2, real n3' });
    const noLeader = { ...real, nodes: [node('n1', 'crashed'), node('n2', 'follower'), node('n3', 'follower')] };
    expect(mergeLines(sim, noLeader)).toMatchObject({ agree: false, why: 'alive: sim n1,n2, real n2,n3; leading: sim n2, real none' });
    // PostgreSQL: two primaries predicted, one observed.
    const split = { line: 20, cmd: 'promote n2', nodes: [node('n1', 'primary'), node('n2', 'primary')] };
    expect(mergeLines(split, { line: 20, cmd: 'promote n2', nodes: [node('n1', 'standby'), node('n2', 'primary')] }).agree).toBe(false);
  });

  it('a line the simulation did not print has no prediction', () => {
    expect(mergeLines(undefined, { line: 3, cmd: 'run 1s', nodes: [] })).toMatchObject({ sim: null, agree: null });
  });
});

describe('--target both', () => {
  it('refuses a file that only one target can run, with line and column (exit 2, nothing started)', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/scenario.ts', 'src/live/drills/etcd-stale-read.scenario', '--target', 'both'], { encoding: 'utf8', timeout: 60_000 });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/etcd-stale-read\.scenario:\d+:\d+: simulation: unknown command "read"/);
  });

  // Real etcd elections take wall time; on a loaded 2-core machine one may come late: one retry, reported by vitest.
  it('runs the etcd drill on the simulation and on real etcd: every line has both, every expectation agrees', { timeout: 150_000, retry: 1 }, () => {
    requireRealSystems({ etcd: true });
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/scenario.ts', 'src/live/drills/etcd-quorum.scenario', '--target', 'both'], { encoding: 'utf8', timeout: 140_000 });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ target: 'both', lab: 'raft', sim: { clock: 'virtual' }, real: { target: 'real', system: 'etcd', clock: 'wall' } });
    const steps = lines.filter((line) => typeof line.line === 'number');
    expect(steps.length).toBeGreaterThan(20);
    for (const step of steps) {
      expect(step.sim).not.toBeNull();
      expect(step.real).toMatchObject({ clock: 'wall' });
    }
    const expectations = steps.filter((step) => (step.real as Record<string, unknown>).expect !== undefined);
    expect(expectations.length).toBe(7);
    expect(expectations.every((step) => step.agree === true)).toBe(true);
    expect(lines.at(-1)).toEqual({ summary: true, simulation: 'every expectation held', real: 'every expectation held' });
  });
});
