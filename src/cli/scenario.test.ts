// The scenario CLI as a user runs it: JSON lines, exit 0/1/2, `file:line:column` errors on stderr.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

function runCli(source: string) {
  const file = join(mkdtempSync(join(tmpdir(), 'scenario-')), 'test.scenario');
  writeFileSync(file, source);
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/scenario.ts'), file], { encoding: 'utf8', cwd: root });
  return { ...result, file, lines: result.stdout.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line)) };
}

describe('npm run scenario', () => {
  it('prints a JSON line per command with the cluster, and exits 0 when every expectation holds', () => {
    const { status, lines } = runCli('raft nodes=3 seed=4\nrun 1s\nexpect leader\nrequest x=1\nrun 200ms\nexpect committed >= 1\n');
    expect(status).toBe(0);
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatchObject({ line: 2, cmd: 'run 1s', t_ms: 1000 });
    expect(lines[0].nodes).toHaveLength(3);
    expect(Object.keys(lines[0].nodes[0]).sort()).toEqual(['alive', 'commitIndex', 'id', 'log', 'partition', 'role', 'term', 'votedFor']);
    expect(lines[1]).toMatchObject({ line: 3, expect: 'leader', ok: true });
    expect(lines[4].ok).toBe(true);
  });

  it('exits 1 with ok:false and a detail when an expectation fails', () => {
    const { status, lines } = runCli('raft nodes=3 seed=4\nrun 1s\nexpect term >= 50\n');
    expect(status).toBe(1);
    expect(lines[1]).toMatchObject({ line: 3, expect: 'term >= 50', ok: false });
    expect(lines[1].detail).toMatch(/highest term among alive nodes is \d+/);
  });

  it('exits 2 with file:line:column: message on stderr for a malformed file', () => {
    const { status, stderr, file, stdout } = runCli('raft nodes=3\nrun 1s\ncrash n7\n');
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim()).toBe(`${file}:3:7: unknown node "n7" (this cluster has n1..n3, or say leader)`);
  });
});
