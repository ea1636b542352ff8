// The transactions lab's scenario language: the grammar parsed, errors with line and
// column, every commit-* preset's expectations as golden lessons (and broken when the lesson's key
// line is changed), determinism, and one fault schedule compared across the protocols.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario } from './parse.ts';
import { applyCommitStep, commitJsonLine, compareCommitScenario } from './commit-runner.ts';
import { createCommitRun } from '../kernel/protocols/commit/index.ts';
import type { CommitScenario } from './commit.ts';

const PRESETS = join(import.meta.dirname, 'presets');
const presetFiles = readdirSync(PRESETS).filter((name) => name.startsWith('commit-'));

function parsed(source: string): CommitScenario {
  const result = parseScenario(source);
  if (!result.ok) throw new Error(result.errors.map((error) => `${error.line}:${error.column}: ${error.message}`).join('\n'));
  if (result.scenario.lab !== 'commit') throw new Error(`not a commit scenario: ${result.scenario.lab}`);
  return result.scenario;
}

function errorsOf(source: string) {
  const result = parseScenario(source);
  if (result.ok) throw new Error('expected errors');
  return result.errors;
}

function play(scenario: CommitScenario) {
  const run = createCommitRun(scenario.config);
  const lines = scenario.steps.map((step) => {
    const outcome = applyCommitStep(run, step);
    return { step, outcome, json: commitJsonLine(run, step, outcome) };
  });
  const failed = lines.filter(({ outcome }) => outcome.kind === 'expect' && !outcome.ok).map(({ step, outcome }) => `line ${step.line} "${step.text}": ${outcome.kind === 'expect' ? outcome.detail : ''}`);
  return { run, lines, failed };
}

describe('parsing', () => {
  it("reads every command and expectation of the issue's grammar", () => {
    const scenario = parsed(`commit protocol=2pc participants=3 seed=1    # protocol: 2pc 3pc saga
txn t1
vote p2 no
crash coordinator
restart coordinator
crash p1
restart p1
partition coordinator,p1 | p2,p3
heal
drop next p2->coordinator
run 1s
read t2 balances
expect outcome t1 committed
expect outcome t1 in-doubt
expect blocked p2
expect atomic
expect not-atomic
expect anomaly
`);
    expect(scenario.config).toMatchObject({ protocol: '2pc', participantCount: 3, seed: 1 });
    expect(scenario.steps.map((step) => step.kind)).toEqual(['txn', 'vote', 'crash', 'restart', 'crash', 'restart', 'partition', 'heal', 'drop', 'run', 'read', 'expect', 'expect', 'expect', 'expect', 'expect', 'expect']);
    expect(scenario.steps[1]).toMatchObject({ kind: 'vote', participant: 'p2', yes: false });
    expect(scenario.steps[6]).toMatchObject({ kind: 'partition', groups: [['coordinator', 'p1'], ['p2', 'p3']] });
    expect(scenario.steps[8]).toMatchObject({ kind: 'drop', from: 'p2', to: 'coordinator' });
    expect(scenario.steps[9]).toMatchObject({ kind: 'run', durationMs: 1000 });
    expect(scenario.steps[10]).toMatchObject({ kind: 'read', reader: 't2' });
    expect(scenario.steps[12]).toMatchObject({ expectation: { kind: 'outcome', txn: 't1', outcome: 'in-doubt' } });
    expect(scenario.steps[13]).toMatchObject({ expectation: { kind: 'blocked', participant: 'p2' } });
  });

  it('reads the saga header and the other options', () => {
    expect(parsed('commit protocol=saga saga=choreographed participants=4 semantic-lock=on latency=5-20 timeout=300ms amount=25\n').config).toMatchObject({
      protocol: 'saga',
      sagaStyle: 'choreographed',
      participantCount: 4,
      semanticLock: true,
      latencyMsMin: 5,
      latencyMsMax: 20,
      timeoutMs: 300,
      amount: 25,
    });
    expect(parsed('commit saga=orchestrated\n').config.protocol).toBe('saga');
    expect(parsed('commit bug=send-before-log\n').config.bug).toBe('send-before-log');
  });

  it('reports each bad line with its line and column, and goes on to the next', () => {
    expect(errorsOf('commit protocol=4pc\n')).toEqual([{ line: 1, column: 17, message: 'protocol must be one of 2pc, 3pc, saga, got "4pc"' }]);
    expect(errorsOf('commit participants=3\nvote p4 no\ndrop next p2-coordinator\nread t2 accounts\nexpect outcome t1 finished\nfly away\n')).toEqual([
      { line: 2, column: 6, message: 'unknown participant "p4" (participants: p1, p2, p3)' },
      { line: 3, column: 11, message: 'expected <from>-><to>, e.g. p2->coordinator, got "p2-coordinator"' },
      { line: 4, column: 9, message: 'a reader reads balances, got "accounts"' },
      { line: 5, column: 19, message: 'outcome must be one of running, committed, aborted, blocked, in-doubt, compensated, split, got "finished"' },
      { line: 6, column: 1, message: 'unknown command "fly" (known: txn, vote, drop next, read, run, crash, restart, isolate, partition, heal, cut, restore, expect)' },
    ]);
    expect(errorsOf('commit protocol=2pc saga=choreographed\n')[0]!.message).toBe('saga=… needs protocol=saga');
    expect(errorsOf('commit protocol=saga bug=send-before-log\n')[0]!.message).toBe('bug=send-before-log is planted in 2pc');
    expect(errorsOf('commit\ncrash p9\n')[0]).toEqual({ line: 2, column: 7, message: 'unknown node "p9" (nodes: coordinator, p1, p2, p3)' });
  });
});

describe('presets are golden lessons', () => {
  it('there are presets, each opening with its lesson', () => {
    expect(presetFiles.length).toBeGreaterThanOrEqual(2);
    for (const name of presetFiles) expect(readFileSync(join(PRESETS, name), 'utf8').startsWith('# '), name).toBe(true);
  });

  for (const name of presetFiles) {
    it(`${name}: every expectation holds`, () => {
      const { failed, lines } = play(parsed(readFileSync(join(PRESETS, name), 'utf8')));
      expect(failed).toEqual([]);
      expect(lines.filter(({ step }) => step.kind === 'expect').length).toBeGreaterThan(2);
    });
  }

  it('the lessons turn on their key line: without it the expectations fail', () => {
    const flip = (name: string, from: string, to: string) => play(parsed(readFileSync(join(PRESETS, name), 'utf8').replace(from, to))).failed;
    // No crash: nothing blocks.
    expect(flip('commit-2pc-blocking.scenario', 'crash coordinator\n', 'run 1ms\n').length).toBeGreaterThan(0);
    // No partition: 3PC commits everywhere.
    expect(flip('commit-3pc-partition-split.scenario', 'partition coordinator,p1 | p2,p3\n', 'run 1ms\n').length).toBeGreaterThan(0);
    // With a semantic lock the saga reader sees no anomaly.
    expect(flip('commit-saga-compensation.scenario', 'saga=orchestrated', 'saga=orchestrated semantic-lock=on').length).toBeGreaterThan(0);
    // Without it the reader counts a half-done transfer.
    expect(flip('commit-saga-semantic-lock.scenario', 'semantic-lock=on', 'semantic-lock=off').length).toBeGreaterThan(0);
  });

  it('the same scenario gives the same JSON lines twice', () => {
    const source = readFileSync(join(PRESETS, 'commit-3pc-partition-split.scenario'), 'utf8');
    expect(JSON.stringify(play(parsed(source)).lines.map(({ json }) => json))).toBe(JSON.stringify(play(parsed(source)).lines.map(({ json }) => json)));
  });
});

describe('one fault schedule, every protocol', () => {
  it('2PC blocks where 3PC and the sagas move on; only the saga reader sees an anomaly', () => {
    const compared = compareCommitScenario(parsed(readFileSync(join(PRESETS, 'commit-2pc-blocking.scenario'), 'utf8')));
    const byLabel = Object.fromEntries(compared.map((entry) => [entry.label, entry.measures]));
    expect(Object.keys(byLabel)).toEqual(['2PC', '3PC', 'saga (orchestrated)', 'saga (choreographed)']);
    expect(byLabel['2PC']!.blockedMs).toBeGreaterThan(1000);
    expect(byLabel['3PC']!.blockedMs).toBe(0);
    expect(byLabel['2PC']!.atomic && byLabel['3PC']!.atomic).toBe(true);
    expect(byLabel['saga (orchestrated)']!.outcomes.committed + byLabel['saga (orchestrated)']!.outcomes.compensated).toBe(1);
  });
});
