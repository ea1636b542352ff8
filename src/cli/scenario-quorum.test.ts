// The scenario CLI on quorum scenarios as a user runs it: operation results and the verdict as JSON
// lines (readable by `npm run check`), exit 0/1/2, `file:line:column` errors on stderr.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

function runCli(script: string, args: readonly string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(root, script), ...args], { encoding: 'utf8', cwd: root });
  return { ...result, lines: result.stdout.trim().split('\n').filter(Boolean) };
}

function runScenario(source: string) {
  const file = join(mkdtempSync(join(tmpdir(), 'scenario-quorum-')), 'test.scenario');
  writeFileSync(file, source);
  const result = runCli('src/cli/scenario.ts', [file]);
  return { ...result, file, records: result.lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

const EXAMPLE = `quorum replicas=3 clients=2 mode=leaderless seed=5
write c1 x=1 level=ALL
partition r1,c1 | r2,r3,c2
write c1 x=2 level=ONE via r1
read c2 x level=ONE via r3
run 500ms
expect stale-read
expect not-linearizable
heal
`;

describe('npm run scenario (quorum)', () => {
  it("prints each operation's result and the checker's verdict, and exits 0 when every expectation holds", () => {
    const { status, records, stderr } = runScenario(EXAMPLE);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const operations = records.filter((record) => 'op' in record);
    expect(operations).toHaveLength(3);
    for (const record of operations) {
      expect(record).toEqual(expect.objectContaining({ client: expect.any(String), op: expect.any(String), key: 'x', status: expect.any(String), invoke_ms: expect.any(Number) }));
      expect('complete_ms' in record && 'value' in record).toBe(true);
    }
    expect(operations.map((record) => [record.client, record.op, record.value, record.status])).toEqual([
      ['c1', 'write', 1, 'ok'],
      ['c1', 'write', 2, 'ok'],
      ['c2', 'read', 1, 'ok'],
    ]);
    expect(records.filter((record) => 'expect' in record).map((record) => record.ok)).toEqual([true, true]);
    const verdict = records.at(-1)!;
    expect(verdict.verdict).toBe('not-linearizable');
    expect(verdict.stale_reads).toEqual([expect.stringMatching(/^Stale read: c2's read of x/)]);
  });

  it('its output is a history `npm run check` reads: the same verdict', () => {
    const { stdout } = runScenario(EXAMPLE);
    const file = join(mkdtempSync(join(tmpdir(), 'scenario-quorum-')), 'history.jsonl');
    writeFileSync(file, stdout);
    const check = runCli('src/cli/check.ts', [file]);
    expect(check.status).toBe(1); // Not linearizable.
    expect(check.stdout).toMatch(/read of x by c2 returned 1/);
  });

  it('timeouts print status "timeout" with complete_ms null, failed reads "fail", each with a reason', () => {
    const { records } = runScenario('quorum replicas=3 clients=1 seed=2\npartition r1,c1 | r2,r3\nwrite c1 x=1 level=QUORUM via r1\nread c1 x level=ALL via r1\n');
    const [write, read] = records.filter((record) => 'op' in record);
    expect(write).toMatchObject({ op: 'write', status: 'timeout', complete_ms: null, detail: expect.stringMatching(/r1 had 1 of 2 acks/) });
    expect(read).toMatchObject({ op: 'read', status: 'fail', value: null, complete_ms: expect.any(Number) });
  });

  it('exits 1 with ok:false and a detail when an expectation fails', () => {
    const { status, records } = runScenario(EXAMPLE.replace('expect stale-read', 'expect no-stale-read'));
    expect(status).toBe(1);
    const failed = records.find((record) => record.expect === 'no-stale-read')!;
    expect(failed).toMatchObject({ line: 7, ok: false });
    expect(failed.detail).toMatch(/1 stale read\(s\); first: Stale read/);
  });

  it('exits 2 with file:line:column: message on stderr for a malformed file', () => {
    const { status, stderr, file, stdout } = runScenario('quorum replicas=3\nwrite c1 x=1 via r5\n');
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim()).toBe(`${file}:2:18: unknown replica "r5" (this cluster has r1..r3)`);
  });
});
