// CRDT scenario language: the grammar parsed, errors with line and column, every crdt-*
// preset's expectations as golden lessons (and broken when the lesson's key line is flipped),
// no-ops reported instead of errors, determinism.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario } from './parse.ts';
import { applyCrdtStep, crdtJsonLine, type CrdtStepOutcome } from './crdt-runner.ts';
import { createCrdtRun } from '../kernel/protocols/crdt/index.ts';
import type { CrdtScenario, CrdtScenarioStep } from './crdt.ts';

const PRESETS = join(import.meta.dirname, 'presets');

function parsed(source: string): CrdtScenario {
  const result = parseScenario(source);
  if (!result.ok) throw new Error(result.errors.map((error) => `${error.line}:${error.column}: ${error.message}`).join('\n'));
  if (result.scenario.lab !== 'crdt') throw new Error(`not a crdt scenario: ${result.scenario.lab}`);
  return result.scenario;
}

function runScenario(scenario: CrdtScenario) {
  const run = createCrdtRun(scenario.config);
  const outcomes: { step: CrdtScenarioStep; outcome: CrdtStepOutcome; json: Record<string, unknown> }[] = scenario.steps.map((step) => {
    const outcome = applyCrdtStep(run, step);
    return { step, outcome, json: crdtJsonLine(run, step, outcome) };
  });
  const failed = outcomes.filter(({ outcome }) => outcome.kind === 'expect' && !outcome.ok).map(({ step, outcome }) => `line ${step.line} "${step.text}": ${outcome.kind === 'expect' ? outcome.detail : ''}`);
  return { run, outcomes, failed };
}

describe('parsing', () => {
  it("reads every command and expectation of the issue's grammar", () => {
    const counter = parsed(`crdt type=pn-counter replicas=3 seed=1 sync=op
inc r1 5
dec r2 3
merge r1 r2
sync
partition r1 | r2,r3
heal
crash r3
restart r3
set skew r2=+50ms
run 1s
expect converged
expect diverged
expect value r1 == 7
`);
    expect(counter.config).toMatchObject({ type: 'pn-counter', replicaCount: 3, seed: 1, sync: 'op' });
    expect(counter.steps.map((step) => step.kind)).toEqual(['operation', 'operation', 'merge', 'sync', 'partition', 'heal', 'crash', 'restart', 'set', 'run', 'expect', 'expect', 'expect']);
    expect(counter.steps[0]).toMatchObject({ kind: 'operation', replica: 'r1', operation: { kind: 'inc', amount: 5 }, line: 2 });
    expect(counter.steps[2]).toMatchObject({ kind: 'merge', from: 'r1', to: 'r2' });
    expect(counter.steps[4]).toMatchObject({ kind: 'partition', groups: [['r1'], ['r2', 'r3']] });
    expect(counter.steps[8]).toMatchObject({ kind: 'set', settings: { clockSkewMs: [0, 50, 0] } });
    expect(counter.steps[12]).toMatchObject({ expectation: { kind: 'value', replica: 'r1', expected: '7' } });

    const set = parsed('crdt type=or-set replicas=3 seed=1\nadd r1 x\nremove r2 x\nexpect value r1 contains x\nexpect value r1 not-contains y\n');
    expect(set.steps.map((step) => (step.kind === 'operation' ? step.operation : step.kind === 'expect' ? step.expectation : null))).toEqual([
      { kind: 'add', element: 'x' },
      { kind: 'remove', element: 'x' },
      { kind: 'contains', replica: 'r1', element: 'x' },
      { kind: 'not-contains', replica: 'r1', element: 'y' },
    ]);
    expect(parsed('crdt type=lww-register\nset r1 v\n').steps[0]).toMatchObject({ operation: { kind: 'set', value: 'v' } });
    expect(parsed('crdt type=mv-register\nexpect value r1 == {a,b}\n').steps[0]).toMatchObject({ expectation: { kind: 'value', expected: '{a,b}' } });
    expect(parsed('crdt type=lww-map\nset r1 k=v\nremove r1 k\n').steps.map((step) => step.kind === 'operation' && step.operation)).toEqual([
      { kind: 'put', key: 'k', value: 'v' },
      { kind: 'remove-key', key: 'k' },
    ]);
    const text = parsed('crdt type=sequence\ninsert r1 0 "hi"\ndelete r1 1\nexpect text r1 == "hi there"\ninsert r2 0 "say \\"hi\\""\n');
    expect(text.steps.map((step) => (step.kind === 'operation' ? step.operation : step.kind === 'expect' ? step.expectation : null))).toEqual([
      { kind: 'insert', position: 0, text: 'hi' },
      { kind: 'delete', position: 1 },
      { kind: 'text', replica: 'r1', expected: 'hi there' },
      { kind: 'insert', position: 0, text: 'say "hi"' },
    ]);
  });

  it('reads every header option and the extra expectations', () => {
    const scenario = parsed(`crdt type=pn-counter replicas=4 seed=9 latency=2-8 loss=5% duplication=3 gossip=200ms skew=r2:+50ms,r4:-10ms raft=on raft-timeout=1s election=100-200 heartbeat=20ms
set loss=10 gossip=off latency=1-2
withdraw r1 3
deposit r2 4
expect noop
expect applied
expect metadata r1 <= 200
expect no-violation
expect violation idempotent
expect raft refused
expect raft balance >= -1
`);
    expect(scenario.config).toMatchObject({
      replicaCount: 4, seed: 9, latencyMsMin: 2, latencyMsMax: 8, lossPercent: 5, duplicationPercent: 3, gossipIntervalMs: 200,
      clockSkewMs: [0, 50, 0, -10], raft: true, raftTimeoutMs: 1000, electionTimeoutMsMin: 100, electionTimeoutMsMax: 200, heartbeatIntervalMs: 20,
    });
    expect(scenario.steps[0]).toMatchObject({ kind: 'set', settings: { lossPercent: 10, gossipIntervalMs: 0, latencyMsMin: 1, latencyMsMax: 2 } });
    expect(scenario.steps[2]).toMatchObject({ operation: { kind: 'inc', amount: 4 } });
    expect(scenario.steps.slice(3).map((step) => step.kind === 'expect' && step.expectation)).toEqual([
      { kind: 'noop' },
      { kind: 'applied' },
      { kind: 'metadata', replica: 'r1', comparison: '<=', bytes: 200 },
      { kind: 'no-violation' },
      { kind: 'violation', law: 'idempotent' },
      { kind: 'raft-status', status: 'refused' },
      { kind: 'raft-balance', comparison: '>=', value: -1 },
    ]);
  });

  const bad: readonly [string, string, number, number, RegExp][] = [
    ['a missing type', 'crdt replicas=3\n', 1, 1, /the header names the type/],
    ['an unknown type', 'crdt type=bag\n', 1, 11, /unknown type "bag"/],
    ['too many replicas', 'crdt type=g-set replicas=7\n', 1, 26, /replicas must be from 2 to 6/],
    ['op sync for a state-only type', 'crdt type=mv-register sync=op\n', 1, 1, /sync=op is offered for g-counter, pn-counter, or-set, sequence/],
    ['raw delivery without op sync', 'crdt type=or-set delivery=raw\n', 1, 1, /delivery=raw applies to sync=op only/],
    ['a bug in another type', 'crdt type=or-set bug=counter-merge-adds\n', 1, 1, /planted in g-counter/],
    ['an operation the type lacks', 'crdt type=g-counter\ndec r1 2\n', 2, 1, /a G-Counter has no dec/],
    ['an unknown replica', 'crdt type=g-set replicas=2\nadd r3 x\n', 2, 5, /unknown replica "r3" \(this run has r1..r2\)/],
    ['a zero amount', 'crdt type=g-counter\ninc r1 0\n', 2, 8, /amount must be from 1/],
    ['unterminated text', 'crdt type=sequence\ninsert r1 0 "hi\n', 2, 13, /unterminated text/],
    ['unquoted text', 'crdt type=sequence\ninsert r1 0 hi\n', 2, 13, /expected text in double quotes/],
    ['a replica merging itself', 'crdt type=g-set\nmerge r1 r1\n', 2, 10, /merging itself/],
    ['text on a counter', 'crdt type=g-counter\nexpect text r1 == "x"\n', 2, 8, /for type=sequence/],
    ['raft without raft=on', 'crdt type=pn-counter\nexpect raft ok\n', 2, 8, /needs raft=on/],
    ['bad skew', 'crdt type=lww-register\nset skew r2+50ms\n', 2, 10, /skew is a list like r2=\+50ms/],
    ['an unknown law', 'crdt type=g-set\nexpect violation kindness\n', 2, 18, /unknown law "kindness"/],
    ['an unknown command', 'crdt type=g-set\n  explode r1\n', 2, 3, /unknown command "explode"/],
    ['an extra argument', 'crdt type=g-set\nheal now\n', 2, 6, /unexpected "now"/],
  ];
  for (const [name, source, line, column, message] of bad) {
    it(`reports ${name} with its line and column`, () => {
      const result = parseScenario(source);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.errors[0]!.message).toMatch(message);
      expect(result.errors[0]).toMatchObject({ line, column });
    });
  }

  it('reports every bad line, not only the first', () => {
    const result = parseScenario('crdt type=g-set\ncrash r9\nrun soon\nadd r1\n');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((error) => error.line)).toEqual([2, 3, 4]);
  });

  it('survives hostile input without throwing', () => {
    for (const source of ['crdt\n' + 'x'.repeat(100_000), 'crdt type=sequence\ninsert r1 0 "\u0000\u202e<script>', 'crdt seed=99999999999999999999', 'crdt type=g-set\nrun 1e999s', 'crdt type=g-set\nadd', 'crdt type=lww-register skew=r1:']) {
      expect(() => parseScenario(source)).not.toThrow();
      expect(parseScenario(source).ok).toBe(false);
    }
  });
});

describe('no-ops are reported, not errors', () => {
  it('removing an unobserved element and deleting past the end keep the file valid and say why', () => {
    const { outcomes, failed } = runScenario(parsed('crdt type=sequence replicas=2\ninsert r1 0 "ab"\ndelete r1 5\nexpect noop\n'));
    expect(failed).toEqual([]);
    expect(outcomes[1]!.json).toMatchObject({ applied: false, noop: expect.stringMatching(/no character at position 5/) });
  });
});

const isCrdtPreset = (file: string) =>
  file.endsWith('.scenario') && /^crdt\b/.test(readFileSync(join(PRESETS, file), 'utf8').split('\n').map((line) => line.trim()).find((line) => line !== '' && !line.startsWith('#')) ?? '');

describe('crdt presets (golden lessons)', () => {
  const files = readdirSync(PRESETS).filter(isCrdtPreset).sort();

  it('there is a preset for each lesson of issue 14', () => {
    expect(files).toEqual([
      'crdt-2p-set-never-back.scenario',
      'crdt-bank-when-not-to.scenario',
      'crdt-g-counter-partition.scenario',
      'crdt-lww-clock-skew.scenario',
      'crdt-mv-register-siblings.scenario',
      'crdt-op-counter-delivery.scenario',
      'crdt-or-set-add-wins.scenario',
      'crdt-or-set-tombstones.scenario',
      'crdt-planted-bug.scenario',
      'crdt-pn-counter.scenario',
      'crdt-rw-set-remove-wins.scenario',
      'crdt-sequence-interleaving.scenario',
      'crdt-talk-crdts-in-5.scenario', // issue 17's talk
    ]);
  });

  for (const file of files) {
    it(`${file}: every expectation holds`, () => {
      const { failed, outcomes } = runScenario(parsed(readFileSync(join(PRESETS, file), 'utf8')));
      expect(failed).toEqual([]);
      expect(outcomes.filter(({ outcome }) => outcome.kind === 'expect').length).toBeGreaterThanOrEqual(3);
      for (const { json } of outcomes) expect(Object.keys(json).slice(0, 5)).toEqual(['line', 'cmd', 't_ms', 'replicas', 'converged']);
    });
  }

  // Each lesson hangs on one line: flipping it must break the lesson's expectations.
  const flips: readonly [string, string, string, RegExp][] = [
    ['crdt-g-counter-partition.scenario', 'heal\n', 'run 1ms\n', /expect converged/],
    ['crdt-or-set-add-wins.scenario', 'type=or-set', 'type=rw-set', /expect value r1 contains milk/],
    ['crdt-rw-set-remove-wins.scenario', 'type=rw-set', 'type=or-set', /expect value r1 not-contains milk/],
    ['crdt-2p-set-never-back.scenario', 'type=2p-set', 'type=or-set', /expect noop/],
    ['crdt-lww-clock-skew.scenario', 'set skew r2=-50ms', 'set skew r2=+0ms', /expect value r2 == old/],
    ['crdt-mv-register-siblings.scenario', 'type=mv-register', 'type=lww-register', /expect value r1 == \{new,old\}/],
    ['crdt-op-counter-delivery.scenario', 'delivery=raw', 'delivery=causal', /expect (diverged|violation convergence)/],
    ['crdt-planted-bug.scenario', ' bug=counter-merge-adds', '', /expect (value r2 == 2|violation idempotent)/],
    ['crdt-bank-when-not-to.scenario', 'partition r1 | r2,r3', 'run 1ms', /expect raft timeout/],
  ];
  for (const [file, from, to, breaks] of flips) {
    it(`${file}: with "${to.trim()}" instead of "${from.trim()}" the lesson no longer holds`, () => {
      const source = readFileSync(join(PRESETS, file), 'utf8');
      expect(source).toContain(from);
      const { failed } = runScenario(parsed(source.replace(from, to)));
      expect(failed.join('\n')).toMatch(breaks);
    });
  }
});

describe('determinism', () => {
  it('the same scenario and seed give an identical trace, byte for byte', () => {
    const source = readFileSync(join(PRESETS, 'crdt-bank-when-not-to.scenario'), 'utf8').replace('raft=on', 'raft=on loss=10 duplication=10 gossip=50ms');
    const first = runScenario(parsed(source)).run.history.trace.slice();
    const second = runScenario(parsed(source)).run.history.trace.slice();
    expect(first.length).toBeGreaterThan(300);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
  });
});
