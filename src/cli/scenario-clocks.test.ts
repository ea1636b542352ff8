// `npm run scenario` on clocks scenarios as a user runs it: JSON lines, the final event list, exit 0/1/2, file:line:column errors.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

function runCli(source: string) {
  const file = join(mkdtempSync(join(tmpdir(), 'scenario-clocks-')), 'test.scenario');
  writeFileSync(file, source);
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/scenario.ts'), file], { encoding: 'utf8', cwd: root });
  return { ...result, file, lines: result.stdout.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line)) };
}

const EXAMPLE = `clocks processes=p1,p2,p3 seed=3
local p1 a
send p1 p2 m1
local p2 b
recv p2 m1
send p2 p3 m2
recv p3 m2
expect p1:a -> p3:recv(m2)
expect p1:a || p2:b
`;

describe('npm run scenario (clocks)', () => {
  it('prints a line per command and a final line listing every event with id, process, lamport and vector; exit 0', () => {
    const { status, lines, stderr } = runCli(EXAMPLE);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(lines).toHaveLength(9);
    expect(lines[0]).toMatchObject({ line: 2, cmd: 'local p1 a', event: { id: 'p1:a', process: 'p1', lamport: 1, vector: { p1: 1, p2: 0, p3: 0 } } });
    expect(lines[3].how.lamport).toBe('receive m1: max(local 1, received 2) + 1 = 3');
    expect(lines[6]).toMatchObject({ line: 8, expect: 'p1:a -> p3:recv(m2)', ok: true, relation: 'p1:a → p3:recv(m2)' });
    expect(lines[7]).toMatchObject({ line: 9, expect: 'p1:a || p2:b', ok: true, relation: 'p1:a ∥ p2:b' });
    const final = lines[8];
    expect(final.ok).toBe(true);
    expect(final.events).toHaveLength(6);
    for (const event of final.events) expect(Object.keys(event).sort()).toEqual(['id', 'lamport', 'process', 'vector']);
    expect(final.events.find((event: { id: string }) => event.id === 'p3:recv(m2)')).toEqual({ id: 'p3:recv(m2)', process: 'p3', lamport: 5, vector: { p1: 2, p2: 3, p3: 1 } });
  });

  it('exits 1 with ok:false and the refuting vectors when an expectation fails', () => {
    const { status, lines } = runCli(EXAMPLE.replace('expect p1:a || p2:b', 'expect p2:b -> p1:a'));
    expect(status).toBe(1);
    expect(lines[7]).toMatchObject({ line: 9, expect: 'p2:b -> p1:a', ok: false, relation: 'p2:b ∥ p1:a' });
    expect(lines[7].detail).toMatch(/^expected p2:b → p1:a, but p2:b ∥ p1:a\. V\(p2:b\) = \[0, 1, 0\], V\(p1:a\) = \[1, 0, 0\]/);
    expect(lines[8].ok).toBe(false);
  });

  it('exits 2 with file:line:column: message on stderr for a malformed file, printing nothing', () => {
    const { status, stderr, stdout, file } = runCli('clocks processes=p1,p2\nlocal p1 a\nrecv p2 m1\nexpect p1:a -> p2:nope\n');
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toEqual([
      `${file}:3:9: p2 cannot receive m1: m1 has not been sent yet.`,
      `${file}:4:16: no event "p2:nope" in this scenario (p2 has no events)`,
    ]);
  });

  it('runs every shipped clocks preset with exit 0', () => {
    for (const preset of ['clocks-issue-example', 'clocks-lamport-blind-spot', 'clocks-crossing-messages']) {
      const result = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/scenario.ts'), join(root, 'src/scenario/presets', `${preset}.scenario`)], { encoding: 'utf8', cwd: root });
      expect(result.status, `${preset}: ${result.stderr}${result.stdout}`).toBe(0);
    }
  });
});
