// Quorum scenario language: parsing (with line and column errors), the shipped quorum presets as
// golden lessons (each expectation holds, and fails when the lesson's key setting is flipped), determinism.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario } from './parse.ts';
import { applyQuorumStep, type QuorumStepOutcome } from './quorum-runner.ts';
import { createQuorumRun } from '../kernel/protocols/quorum/index.ts';
import type { QuorumScenario, QuorumScenarioStep } from './quorum.ts';

const PRESETS = join(import.meta.dirname, 'presets');

function parsed(source: string): QuorumScenario {
  const result = parseScenario(source);
  if (!result.ok) throw new Error(result.errors.map((error) => `${error.line}:${error.column}: ${error.message}`).join('\n'));
  if (result.scenario.lab !== 'quorum') throw new Error(`not a quorum scenario: ${result.scenario.lab}`);
  return result.scenario;
}

function runScenario(scenario: QuorumScenario) {
  const run = createQuorumRun(scenario.config);
  const outcomes: { step: QuorumScenarioStep; outcome: QuorumStepOutcome }[] = scenario.steps.map((step) => ({ step, outcome: applyQuorumStep(run, step) }));
  const failed = outcomes
    .filter(({ outcome }) => outcome.kind === 'expect' && !outcome.ok)
    .map(({ step, outcome }) => `line ${step.line} "${step.text}": ${outcome.kind === 'expect' ? outcome.detail : ''}`);
  return { run, outcomes, failed };
}

/** The first line that is not blank or a comment names the lab. */
const isQuorumPreset = (file: string) =>
  file.endsWith('.scenario') &&
  /^quorum\b/.test(readFileSync(join(PRESETS, file), 'utf8').split('\n').map((line) => line.trim()).find((line) => line !== '' && !line.startsWith('#')) ?? '');

describe('parsing', () => {
  it("reads the issue's example", () => {
    const scenario = parsed(`quorum replicas=3 clients=2 mode=leaderless seed=5
write c1 x=1 level=ALL
partition r1,c1 | r2,r3,c2
write c1 x=2 level=ONE via r1
read c2 x level=ONE via r3
run 500ms
expect stale-read
expect not-linearizable
heal
`);
    expect(scenario.config).toMatchObject({ replicaCount: 3, clientCount: 2, mode: 'leaderless', seed: 5, replicationFactor: 3 });
    expect(scenario.steps.map((step) => step.kind)).toEqual(['write', 'partition', 'write', 'read', 'run', 'expect', 'expect', 'heal']);
    expect(scenario.steps[0]).toMatchObject({ kind: 'write', client: 'c1', key: 'x', value: 1, level: 'ALL', via: null, wait: true, line: 2 });
    expect(scenario.steps[1]).toMatchObject({ kind: 'partition', groups: [['r1', 'c1'], ['r2', 'r3', 'c2']] });
    expect(scenario.steps[3]).toMatchObject({ kind: 'read', client: 'c2', key: 'x', level: 'ONE', via: 'r3' });
    expect(scenario.steps[5]).toMatchObject({ kind: 'expect', expectation: { kind: 'flag', flag: 'stale-read' } });
  });

  it('reads every header option, set, session, explicit R/W, nowait and each expectation', () => {
    const scenario = parsed(`quorum replicas=5 clients=3 n=3 mode=consensus seed=9 latency=2-8 loss=5% duplication=1 timeout=1s read-repair=on sloppy=on read=ONE write=ALL versions=timestamp skew=r2:-100ms,r5:40 session=ryw,mr election=100-200 heartbeat=20ms
write c3 user.1=alice w=2 nowait
read c1 user.1 r=3 via r5
await
set read-repair=off sloppy-quorum=off r=2 w=2 fallback=30ms handoff=50ms
session c2 ryw=off mr=on
crash r2
restart r2
isolate c1
cut r1 c2
restore r1 c2
expect ok c1
expect timeout c3
expect read c1 user.1=alice
expect stored r2 user.1=nil
expect hints >= 1
expect no-session-anomaly
expect leader
`);
    expect(scenario.config).toMatchObject({
      replicaCount: 5, clientCount: 3, replicationFactor: 3, mode: 'consensus', seed: 9, latencyMsMin: 2, latencyMsMax: 8, lossPercent: 5,
      duplicationPercent: 1, operationTimeoutMs: 1000, readRepair: true, sloppyQuorum: true, readLevel: 'ONE', writeLevel: 'ALL',
      versionScheme: 'timestamp', clockSkewMs: [0, -100, 0, 0, 40], readYourWrites: true, monotonicReads: true,
      electionTimeoutMsMin: 100, electionTimeoutMsMax: 200, heartbeatIntervalMs: 20,
    });
    const [write, read, , set, session] = scenario.steps;
    expect(write).toMatchObject({ kind: 'write', client: 'c3', key: 'user.1', value: 'alice', level: 2, wait: false });
    expect(read).toMatchObject({ kind: 'read', level: 3, via: 'r5', wait: true });
    expect(set).toMatchObject({ kind: 'set', settings: { readRepair: false, sloppyQuorum: false, readLevel: 2, writeLevel: 2, fallbackAfterMs: 30, handoffIntervalMs: 50 } });
    expect(session).toMatchObject({ kind: 'session', client: 'c2', readYourWrites: false, monotonicReads: true });
    expect(scenario.steps.slice(10).map((step) => step.kind === 'expect' && step.expectation)).toEqual([
      { kind: 'status', status: 'ok', client: 'c1' },
      { kind: 'status', status: 'timeout', client: 'c3' },
      { kind: 'read', client: 'c1', key: 'user.1', value: 'alice' },
      { kind: 'stored', replica: 'r2', key: 'user.1', value: null },
      { kind: 'hints', comparison: '>=', count: 1 },
      { kind: 'flag', flag: 'no-session-anomaly' },
      { kind: 'flag', flag: 'leader' },
    ]);
  });

  const bad: readonly [string, string, number, number, RegExp][] = [
    ['too many replicas', 'quorum replicas=9\n', 1, 17, /replicas must be from 3 to 7/],
    ['too many clients', 'quorum clients=6\n', 1, 16, /clients must be from 1 to 5/],
    ['N above the replica count', 'quorum replicas=3 n=4\n', 1, 21, /n \(copies of each key\) must be from 1 to 3/],
    ['unknown mode', 'quorum mode=paxos\n', 1, 13, /mode must be leaderless or consensus/],
    ['unknown option', 'quorum replicas=3 colour=red\n', 1, 19, /unknown option "colour"/],
    ['unknown client', 'quorum clients=2\nwrite c3 x=1\n', 2, 7, /unknown client "c3" \(this scenario has c1..c2\)/],
    ['unknown replica after via', 'quorum\nread c1 x via r4\n', 2, 15, /unknown replica "r4" \(this cluster has r1..r3\)/],
    ['bad level', 'quorum\nread c1 x level=MOST\n', 2, 17, /level must be ONE, QUORUM, ALL/],
    ['R above N', 'quorum replicas=5 n=3\nread c1 x r=4\n', 2, 13, /r must be from 1 to 3/],
    ['w on a read', 'quorum\nread c1 x w=2\n', 2, 11, /unknown option "w" \(known: level, r, via <replica>, nowait\)/],
    ['write without a value', 'quorum\nwrite c1 x\n', 2, 10, /expected an option like key=value/],
    ['write of nil', 'quorum\nwrite c1 x=nil\n', 2, 12, /a write needs a value/],
    ['bad key', 'quorum\nread c1 9lives\n', 2, 9, /a key is a name/],
    ['unknown endpoint in a partition', 'quorum\npartition r1,c1 | r2,x9\n', 2, 22, /unknown replica or client "x9"/],
    ['endpoint named twice', 'quorum\npartition r1,c1 | r2,c1\n', 2, 22, /c1 is named twice/],
    ['unknown expectation', 'quorum\nexpect happiness\n', 2, 8, /unknown expectation "happiness"/],
    ['bad comparison', 'quorum\nexpect hints => 2\n', 2, 14, /comparison/],
    ['unknown command', 'quorum\n  explode r1\n', 2, 3, /unknown command "explode"/],
    ['bad switch', 'quorum\nset read-repair=maybe\n', 2, 17, /read-repair must be on or off/],
    ['bad skew', 'quorum skew=r9:10\n', 1, 13, /skew is a list like/],
    ['extra argument', 'quorum\nheal now\n', 2, 6, /unexpected "now"/],
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
    const result = parseScenario('quorum replicas=3\ncrash r9\nrun soon\nread c7 x\n');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((error) => error.line)).toEqual([2, 3, 4]);
  });

  it('survives hostile input without throwing', () => {
    for (const source of ['quorum\n' + 'x'.repeat(100_000), 'quorum\n\u0000\u202e<script>', 'quorum seed=99999999999999999999', 'quorum\nrun 1e999s', 'quorum\nwrite', 'quorum skew=r1:']) {
      expect(() => parseScenario(source)).not.toThrow();
      expect(parseScenario(source).ok).toBe(false);
    }
  });
});

describe('quorum presets (golden lessons)', () => {
  const files = readdirSync(PRESETS).filter(isQuorumPreset);

  it('there is a preset for each lesson of issue 6', () => {
    expect(files.sort()).toEqual([
      'quorum-consensus-minority.scenario',
      'quorum-minority-refuses.scenario',
      'quorum-monotonic-reads.scenario',
      'quorum-read-repair.scenario',
      'quorum-read-your-writes.scenario',
      'quorum-rw-no-overlap.scenario',
      'quorum-rw-overlap.scenario',
      'quorum-sloppy-quorum.scenario',
      'quorum-stale-read-one.scenario',
      'quorum-talk-cap-pacelc-in-5.scenario', // issue 17's talk
    ]);
  });

  for (const file of files) {
    it(`${file}: every expectation holds`, () => {
      const { failed, outcomes } = runScenario(parsed(readFileSync(join(PRESETS, file), 'utf8')));
      expect(failed).toEqual([]);
      expect(outcomes.filter(({ outcome }) => outcome.kind === 'expect').length).toBeGreaterThanOrEqual(3);
    });
  }

  // Each lesson depends on one setting: flipping it must break the lesson's expectations.
  const flips: readonly [string, string, string, RegExp][] = [
    ['quorum-stale-read-one.scenario', 'write c1 x=2 level=ONE via r1', 'write c1 x=2 level=QUORUM via r1', /expect (ok c1|read c2 x=1|stale-read|not-linearizable|missed-write)/],
    ['quorum-minority-refuses.scenario', 'read c1 x level=QUORUM via r1', 'read c1 x level=ONE via r1', /expect fail c1/],
    ['quorum-rw-overlap.scenario', 'read c2 x r=2 via r3', 'read c2 x r=1 via r3', /expect (read c2 x=2|no-missed-write|no-stale-read|linearizable)/],
    ['quorum-read-repair.scenario', 'read-repair=on', 'read-repair=off', /expect stored r[23] x=2/],
    ['quorum-sloppy-quorum.scenario', 'sloppy=on', 'sloppy=off', /expect (ok c1|hints == 2)/],
    ['quorum-consensus-minority.scenario', 'mode=consensus', 'mode=leaderless', /expect (leader|timeout c1|fail c1)/],
    ['quorum-read-your-writes.scenario', 'session c1 ryw=on', 'session c1 ryw=off', /expect (read c1 x=2|fail c1)/],
    ['quorum-monotonic-reads.scenario', 'session c2 mr=on', 'session c2 mr=off', /expect fail c2/],
  ];
  for (const [file, from, to, breaks] of flips) {
    it(`${file}: with "${to}" instead of "${from}" the lesson no longer holds`, () => {
      const source = readFileSync(join(PRESETS, file), 'utf8');
      expect(source).toContain(from);
      const { failed } = runScenario(parsed(source.replace(from, to)));
      expect(failed.length).toBeGreaterThan(0);
      expect(failed.join('\n')).toMatch(breaks);
    });
  }
});

describe('determinism', () => {
  it('the same scenario and seed give an identical trace, byte for byte; another seed does not', () => {
    const source = readFileSync(join(PRESETS, 'quorum-consensus-minority.scenario'), 'utf8').replace('seed=4', 'seed=4 loss=10 duplication=5');
    const first = runScenario(parsed(source)).run.history.trace.slice();
    const second = runScenario(parsed(source)).run.history.trace.slice();
    expect(first.length).toBeGreaterThan(500);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
    const other = runScenario(parsed(source.replace('seed=4', 'seed=5'))).run.history.trace.slice();
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(first));
  });
});
