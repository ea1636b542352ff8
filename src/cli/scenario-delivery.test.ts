// The scenario CLI on delivery scenarios as a user runs it: a header line, then one JSON line per
// command with line, cmd, t_ms, produced, appended, effects, duplicates, lost, committedOffsets;
// exit 0 when every expectation holds, 1 when one fails, 2 for a bad file.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

function runScenario(source: string) {
  const file = join(mkdtempSync(join(tmpdir(), 'scenario-delivery-')), 'test.scenario');
  writeFileSync(file, source);
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/scenario.ts'), file], { encoding: 'utf8', cwd: root });
  const lines = result.stdout.trim().split('\n').filter(Boolean);
  return { ...result, records: lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('npm run scenario (delivery)', () => {
  it('prints the contract fields after each command and exits 0 when every expectation holds', () => {
    const { status, records, stderr } = runScenario('delivery producer=at-least-once consumer=commit-after effect=plain seed=1\nproduce 100\ncrash consumer after-effect\nrun 3s\nrestart consumer\nrun 10s\nexpect effects == 101\nexpect duplicates > 0\nexpect lost == 0\n');
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(records[0]).toMatchObject({ lab: 'delivery', producer: 'at-least-once', consumer: 'commit-after', effect: 'plain', seed: 1 });
    for (const record of records.slice(1)) {
      expect(record).toEqual(
        expect.objectContaining({ line: expect.any(Number), cmd: expect.any(String), t_ms: expect.any(Number), produced: expect.any(Number), appended: expect.any(Number), effects: expect.any(Number), duplicates: expect.any(Number), lost: expect.any(Number), committedOffsets: expect.any(Array) }),
      );
    }
    expect(records[3]).toMatchObject({ cmd: 'run 3s', effects: 1, notes: [expect.stringContaining('crashed before committing offset 1')] });
  });

  it('exits 1 when an expectation fails and 2 with file:line:column for a bad file', () => {
    expect(runScenario('delivery\nproduce 3\nrun 2s\nexpect effects == 4\n').status).toBe(1);
    const bad = runScenario('delivery\nproduce three\n');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/test\.scenario:2:9: count must be a whole number/);
  });
});
