// The Maelstrom bridge with real processes: the JS and Go example nodes elected, killed, re-elected,
// partitioned and checked; a node that forgets its term on restart caught; nodes that print garbage,
// exit early, never answer init or spin get a clear fault. Real time: these take seconds each.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runYoursCli } from '../yours.ts';
import { DEFAULT_MAELSTROM_OPTIONS, envelopeProblem, MaelstromCluster } from './bridge.ts';

const EXAMPLES = 'examples/maelstrom';
const SHORT = `${EXAMPLES}/scenarios/short-election.scenario`;

async function cli(args: string[]) {
  const lines: Record<string, unknown>[] = [];
  const errors: string[] = [];
  const code = await runYoursCli(args, (value) => lines.push(value as Record<string, unknown>), (text) => errors.push(text));
  return { code, lines, errors, summary: lines[lines.length - 1] as { ok: boolean; faults: string[]; violations: string[] } | undefined };
}

const hasGo = spawnSync('go', ['version']).status === 0;
if (!hasGo) console.log('SKIPPED: the Go example node (no `go` on this machine; Debian: apt-get install golang-go)');

describe('the Maelstrom bridge', () => {
  it('the JS example node: elected, killed, re-elected, partitioned, safe', { timeout: 60_000 }, async () => {
    const result = await cli(['--node', `node ${EXAMPLES}/raft-election.mjs`, SHORT]);
    expect(result.lines.filter((line) => line.ok === false), JSON.stringify(result.lines)).toEqual([]);
    expect(result.code).toBe(0);
  });

  it.skipIf(!hasGo)('the Go example node (standard library only): the same scenario', { timeout: 120_000 }, async () => {
    const binary = join(mkdtempSync(join(tmpdir(), 'quorum-lab-go-')), 'raft-election');
    execFileSync('go', ['build', '-o', binary, '.'], { cwd: `${EXAMPLES}/go`, env: { ...process.env, GOCACHE: join(tmpdir(), 'quorum-lab-gocache'), GOFLAGS: '-mod=mod' } });
    const result = await cli(['--node', binary, SHORT]);
    expect(result.lines.filter((line) => line.ok === false), JSON.stringify(result.lines)).toEqual([]);
    expect(result.code).toBe(0);
  });

  it('a node that forgets its term on restart is caught (and the run exits 1)', { timeout: 60_000 }, async () => {
    const result = await cli(['--node', `node ${EXAMPLES}/raft-election.mjs --forget-on-restart`, `${EXAMPLES}/scenarios/restart.scenario`]);
    expect(result.code).toBe(1);
    expect(result.summary?.violations.join()).toMatch(/n1's term went back from \d+ to 0 after a restart/);
  });

  it('election-only: request and log expectations are errors with line and column', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'quorum-lab-')), 'bad.scenario');
    (await import('node:fs')).writeFileSync(file, 'raft nodes=3\nrun 1s\nrequest x\nexpect committed >= 1\n');
    const result = await cli(['--ours', file]);
    expect(result.code).toBe(2);
    expect(result.errors.join('')).toContain(`${file}:3:1: "request" needs a replicated log`);
    expect(result.errors.join('')).toContain(`${file}:4:8: "expect committed"`);
  });

  describe('nodes that misbehave get a clear fault', () => {
    const clusters: MaelstromCluster[] = [];
    afterAll(async () => {
      for (const cluster of clusters) await cluster.close();
    });
    const start = async (mode: string) => {
      const cluster = new MaelstromCluster({ ...DEFAULT_MAELSTROM_OPTIONS, nodeCount: 2, initTimeoutMs: 1_500, command: `node ${EXAMPLES}/misbehaving.mjs ${mode}` });
      clusters.push(cluster);
      await cluster.start();
      await cluster.run(300);
      return cluster;
    };

    it('garbage on stdout', { timeout: 30_000 }, async () => {
      const cluster = await start('garbage');
      expect(cluster.faults()[0]?.message).toMatch(/not a JSON message.*logs go to stderr/);
      expect(cluster.nodes().map((node) => node.status)).toEqual(['failed', 'failed']);
    });

    it('exits early', { timeout: 30_000 }, async () => {
      const cluster = await start('exit');
      expect(cluster.faults()[0]?.message).toMatch(/process exited \(code 3\)/);
    });

    it('never answers init', { timeout: 30_000 }, async () => {
      const cluster = await start('silent');
      expect(cluster.faults()[0]?.message).toMatch(/did not answer init with init_ok within 1500 ms/);
    });

    it('spins after init: stopped (killed) when the run ends, and never counted as a leader', { timeout: 30_000 }, async () => {
      const cluster = await start('spin');
      expect(cluster.nodes().every((node) => node.role === null)).toBe(true);
      const began = performance.now();
      await cluster.close();
      expect(performance.now() - began).toBeLessThan(2_000);
    });

    it('messages are checked with Maelstrom\'s field names', () => {
      expect(envelopeProblem({ src: 'n1', dest: 'n2', body: { type: 'x', msg_id: 1 } }, 'n1')).toBeNull();
      expect(envelopeProblem({ src: 'n2', dest: 'n2', body: { type: 'x' } }, 'n1')).toMatch(/its own id/);
      expect(envelopeProblem({ src: 'n1', dest: 'n2', body: { msg_id: 1 } }, 'n1')).toMatch(/no string "type"/);
      expect(envelopeProblem({ src: 'n1', dest: 'n2', body: { type: 'x', in_reply_to: 'a' } }, 'n1')).toMatch(/in_reply_to/);
    });
  });
});
