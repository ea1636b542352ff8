// The scenario CLI on hashing files as a user runs it: JSON lines with moved/loads/maxload, exit 0/1/2, file:line:column errors.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

function runCli(source: string) {
  const file = join(mkdtempSync(join(tmpdir(), 'scenario-hashing-')), 'test.scenario');
  writeFileSync(file, source);
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/scenario.ts'), file], { encoding: 'utf8', cwd: root });
  return { ...result, file, lines: result.stdout.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line)) };
}

describe('npm run scenario (hashing)', () => {
  it('prints the starting state and a JSON line per command, and exits 0 when every expectation holds', () => {
    const { status, lines } = runCli('hashing strategy=ring nodes=4 vnodes=100 keys=10000 seed=1\nadd n5\nexpect moved <= 0.3\nexpect maxload <= 1.5\n');
    expect(status).toBe(0);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatchObject({ line: 1, cmd: 'hashing strategy=ring nodes=4 vnodes=100 keys=10000 seed=1', moved: { count: 0, fraction: 0 } });
    expect(Object.keys(lines[0].loads)).toEqual(['n1', 'n2', 'n3', 'n4']);
    expect(lines[1]).toMatchObject({ line: 2, cmd: 'add n5', ideal: { count: 2000, fraction: 0.2 } });
    expect(Object.keys(lines[1].loads)).toEqual(['n1', 'n2', 'n3', 'n4', 'n5']);
    // On a ring every key that moved went to the new node.
    expect(lines[1].moved.count).toBe(lines[1].loads.n5);
    expect(lines[1].moved.fraction).toBeCloseTo(lines[1].moved.count / 10_000, 4);
    const total = Object.values(lines[1].loads as Record<string, number>).reduce((sum, keys) => sum + keys, 0);
    expect(total).toBe(10_000);
    expect(lines[1].maxload).toBeCloseTo(Math.max(...Object.values(lines[1].loads as Record<string, number>)) / 2000, 3);
    expect(lines[2]).toMatchObject({ line: 3, expect: 'moved <= 0.3', ok: true });
    expect(lines[3]).toMatchObject({ line: 4, expect: 'maxload <= 1.5', ok: true });
  });

  it('exits 1 with ok:false and a detail when an expectation fails', () => {
    const { status, lines } = runCli('hashing strategy=mod-n nodes=10 keys=10000\nadd n11\nexpect moved <= 0.12\n');
    expect(status).toBe(1);
    expect(lines[2]).toMatchObject({ line: 3, expect: 'moved <= 0.12', ok: false });
    expect(lines[2].detail).toMatch(/^moved is 0\.\d+ \(\d+ keys\), expected <= 0.12$/);
  });

  it('exits 2 with file:line:column: message on stderr for a malformed file', () => {
    const { status, stderr, file, stdout } = runCli('hashing nodes=3\nadd n4\nfail n7\n');
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim()).toBe(`${file}:3:6: unknown node "n7" (nodes here: n1, n2, n3, n4)`);
  });

  it('runs every shipped hashing preset with exit 0', () => {
    for (const name of ['hashing-join-leave-ring', 'hashing-join-leave-mod-n']) {
      const result = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/scenario.ts'), join(root, 'src/scenario/presets', `${name}.scenario`)], { encoding: 'utf8', cwd: root });
      expect(result.status, `${name}: ${result.stderr}`).toBe(0);
    }
  });
});
