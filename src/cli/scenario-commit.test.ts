// The scenario CLI on commit scenarios as a user runs it: a header line, then one JSON line per
// command with line, cmd, t_ms, coordinator {state, alive, log}, participants [{id, state, alive,
// locks, log}] and transactions [{id, outcome}]; exit 0 when every expectation holds, 1 when one
// fails, 2 for a bad file.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

function runScenario(source: string) {
  const file = join(mkdtempSync(join(tmpdir(), 'scenario-commit-')), 'test.scenario');
  writeFileSync(file, source);
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/scenario.ts'), file], { encoding: 'utf8', cwd: root });
  const lines = result.stdout.trim().split('\n').filter(Boolean);
  return { ...result, records: lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('npm run scenario (commit)', () => {
  it('prints the contract fields after each command and exits 0 when every expectation holds', () => {
    const { status, records, stderr } = runScenario('commit protocol=2pc participants=3 seed=1 latency=10\ntxn t1\nrun 15ms\ncrash coordinator\nrun 1s\nexpect blocked p2\nexpect outcome t1 blocked\n');
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(records[0]).toMatchObject({ lab: 'commit', protocol: '2pc', seed: 1, participants: ['p1', 'p2', 'p3'] });
    for (const record of records.slice(1)) {
      expect(record).toEqual(expect.objectContaining({ line: expect.any(Number), cmd: expect.any(String), t_ms: expect.any(Number), transactions: expect.any(Array) }));
      expect(Object.keys(record.coordinator as object)).toEqual(['state', 'alive', 'log']);
      for (const participant of record.participants as Record<string, unknown>[]) expect(Object.keys(participant).slice(0, 5)).toEqual(['id', 'state', 'alive', 'locks', 'log']);
    }
    expect(records[4]).toMatchObject({ cmd: 'run 1s', coordinator: { alive: false }, participants: [{ id: 'p1', state: 'prepared', locks: ['t1'], log: ['t1 prepared'] }, {}, {}], transactions: [{ id: 't1', outcome: 'blocked' }] });
  });

  it('exits 1 when an expectation fails and 2 with file:line:column for a bad file', () => {
    expect(runScenario('commit\ntxn t1\nrun 1s\nexpect outcome t1 aborted\n').status).toBe(1);
    const bad = runScenario('commit\nvote p7 no\n');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/test\.scenario:2:6: unknown participant "p7"/);
  });
});
