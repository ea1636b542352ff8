// The scenario CLI on crdt scenarios as a user runs it: a header line, then one JSON line per
// command with line, cmd, t_ms, replicas [{id, value, metadataBytes, alive, partition}] and
// converged; exit 0 when every expectation holds, 1 when one fails, 2 for a bad file.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

function runScenario(source: string) {
  const file = join(mkdtempSync(join(tmpdir(), 'scenario-crdt-')), 'test.scenario');
  writeFileSync(file, source);
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/scenario.ts'), file], { encoding: 'utf8', cwd: root });
  const lines = result.stdout.trim().split('\n').filter(Boolean);
  return { ...result, file, records: lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('npm run scenario (crdt)', () => {
  it('prints the contract fields after each command and exits 0 when every expectation holds', () => {
    const { status, records, stderr } = runScenario('crdt type=or-set replicas=3 seed=1\nadd r1 x\npartition r1 | r2,r3\nremove r2 x\nheal\nsync\nexpect converged\nexpect value r2 contains x\n');
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(records[0]).toMatchObject({ lab: 'crdt', type: 'or-set', seed: 1, replicas: ['r1', 'r2', 'r3'] });
    const steps = records.slice(1);
    expect(steps.map((record) => record.line)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    for (const record of steps) {
      expect(record).toEqual(expect.objectContaining({ line: expect.any(Number), cmd: expect.any(String), t_ms: expect.any(Number), converged: expect.any(Boolean) }));
      for (const replica of record.replicas as Record<string, unknown>[]) {
        expect(Object.keys(replica)).toEqual(['id', 'value', 'metadataBytes', 'alive', 'partition']);
      }
    }
    // r2 never saw x: its remove is a no-op the line reports.
    expect(steps[2]).toMatchObject({ cmd: 'remove r2 x', applied: false, noop: expect.stringMatching(/has not observed x/) });
    expect(steps[4]).toMatchObject({ cmd: 'sync', converged: true, messages: expect.arrayContaining([{ from: 'r1', to: 'r2', status: 'merged', changed: true }]) });
  });

  it('exits 1 when an expectation fails and 2 with file:line:column for a bad file', () => {
    expect(runScenario('crdt type=g-counter\ninc r1 1\nexpect value r2 == 1\n').status).toBe(1);
    const bad = runScenario('crdt type=g-counter\ndec r1 1\n');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/test\.scenario:2:1: a G-Counter has no dec/);
  });
});
