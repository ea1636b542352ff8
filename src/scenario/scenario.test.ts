// Scenario language: parsing (with line and column errors), the shipped presets as golden
// lessons, determinism of runs, and the Figure 8 preset catching the commit-old-term bug.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario } from './parse.ts';
import { applyScenarioStep } from './raft-runner.ts';
import { createRaftRun } from '../kernel/protocols/raft/run.ts';
import type { RaftScenario } from './raft.ts';
import { RAFT_BUGS } from '../kernel/protocols/raft/types.ts';

const PRESETS = join(import.meta.dirname, 'presets');

function parsed(source: string): RaftScenario {
  const result = parseScenario(source);
  if (!result.ok) throw new Error(result.errors.map((error) => `${error.line}:${error.column}: ${error.message}`).join('\n'));
  if (result.scenario.lab !== 'raft') throw new Error(`expected a raft scenario, got ${result.scenario.lab}`);
  return result.scenario;
}

function firstCommandLine(source: string): string {
  return source.split('\n').map((line) => line.trim()).find((line) => line !== '' && !line.startsWith('#')) ?? '';
}

function runScenario(scenario: RaftScenario) {
  const run = createRaftRun(scenario.config, { checked: true });
  const checker = run.checker!;
  const outcomes = scenario.steps.map((step) => ({ step, outcome: applyScenarioStep(run, step) }));
  return { run, checker, outcomes };
}

describe('parsing', () => {
  it('reads the example of the issue', () => {
    const scenario = parsed(`raft nodes=5 seed=42          # first line
run 2s
crash leader
restart n1
partition n1,n2 | n3,n4,n5
heal
request x=1
request y=2 via n3
timeout n3
expect leader
expect term >= 2
expect committed >= 3
`);
    expect(scenario.config).toMatchObject({ nodeCount: 5, seed: 42 });
    expect(scenario.steps.map((step) => step.kind)).toEqual([
      'run', 'crash', 'restart', 'partition', 'heal', 'request', 'request', 'timeout', 'expect', 'expect', 'expect',
    ]);
    expect(scenario.steps[0]).toMatchObject({ kind: 'run', durationMs: 2000, line: 2 });
    expect(scenario.steps[1]).toMatchObject({ kind: 'crash', node: { kind: 'leader' } });
    expect(scenario.steps[3]).toMatchObject({ kind: 'partition', groups: [['n1', 'n2'], ['n3', 'n4', 'n5']] });
    expect(scenario.steps[6]).toMatchObject({ kind: 'request', value: 'y=2', via: { kind: 'node', id: 'n3' } });
    expect(scenario.steps[9]).toMatchObject({ kind: 'expect', expectation: { kind: 'term', comparison: '>=', value: 2 } });
  });

  it('reads timing options, units and bugs on the first line', () => {
    const scenario = parsed('raft nodes=3 seed=9 election=100-200 heartbeat=20ms latency=5-15 loss=10% duplication=2 bug=commit-old-term,no-truncate\nrun 1.5s\n');
    expect(scenario.config).toMatchObject({
      nodeCount: 3, seed: 9, electionTimeoutMsMin: 100, electionTimeoutMsMax: 200, heartbeatIntervalMs: 20,
      latencyMsMin: 5, latencyMsMax: 15, lossPercent: 10, duplicationPercent: 2, bugs: ['commit-old-term', 'no-truncate'],
    });
    expect(scenario.steps[0]).toMatchObject({ durationMs: 1500 });
  });

  const bad: readonly [string, string, number, number, RegExp][] = [
    ['empty file', '# only a comment\n', 1, 1, /empty/],
    ['wrong lab', 'paxos nodes=3\n', 1, 1, /first line must name the lab/],
    ['too many nodes', 'raft nodes=12\n', 1, 12, /nodes must be from 1 to 9/],
    ['unknown option', 'raft nodes=3 colour=red\n', 1, 14, /unknown option "colour"/],
    ['bad duration', 'raft\nrun 2x\n', 2, 5, /duration/],
    ['unknown node', 'raft nodes=3\ncrash n4\n', 2, 7, /unknown node "n4"/],
    ['unknown command', 'raft\n  explode n1\n', 2, 3, /unknown command "explode"/],
    ['node named twice', 'raft\npartition n1,n2 | n2,n3\n', 2, 19, /n2 is named twice/],
    ['empty group', 'raft\npartition n1,n2 | | n3\n', 2, 1, /empty/],
    ['bad comparison', 'raft\nexpect term => 2\n', 2, 13, /comparison/],
    ['missing argument', 'raft\ncrash\n', 2, 7, /missing argument/],
    ['log after run', 'raft\nrun 1s\nlog n1 1,2\n', 3, 1, /before the first "run"/],
    ['decreasing terms', 'raft\nlog n1 2,1\n', 2, 8, /never decrease/],
  ];
  for (const [name, source, line, column, message] of bad) {
    it(`reports ${name} with its line and column`, () => {
      const result = parseScenario(source);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.errors[0]).toMatchObject({ line, column });
      expect(result.errors[0]!.message).toMatch(message);
    });
  }

  it('reports every bad line, not only the first', () => {
    const result = parseScenario('raft nodes=3\ncrash n9\nrun soon\nheal now\n');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((error) => error.line)).toEqual([2, 3, 4]);
  });

  it('survives hostile input without throwing', () => {
    for (const source of ['raft\n' + 'x'.repeat(100_000), 'raft\n\u0000\u202e<script>alert(1)</script>', 'raft seed=99999999999999999999', 'raft\nrun 1e999s', 'raft\nrequest']) {
      expect(() => parseScenario(source)).not.toThrow();
      expect(parseScenario(source).ok).toBe(false);
    }
  });
});

describe('presets (golden scenarios)', () => {
  // Other labs ship presets here too; only the ones whose first command line is a raft header are Raft scenarios.
  const files = readdirSync(PRESETS).filter((file) => file.endsWith('.scenario') && /^raft\b/.test(firstCommandLine(readFileSync(join(PRESETS, file), 'utf8'))));

  it('there are presets for crash, partitions, split vote, Figure 7 and quorum loss', () => {
    expect(files).toEqual(expect.arrayContaining([
      'leader-crash.scenario', 'minority-partition.scenario', 'majority-partition.scenario', 'split-vote.scenario',
      'figure-7-log-repair.scenario', 'quorum-loss.scenario', 'figure-8.scenario', 'figure-8e.scenario',
    ]));
  });

  for (const file of files) {
    const source = readFileSync(join(PRESETS, file), 'utf8');
    const scenario = parsed(source);
    const breaksRaft = scenario.config.bugs.length > 0;
    it(`${file}: every expectation holds${breaksRaft ? '' : ' and no safety property is violated'}`, () => {
      const { outcomes, checker } = runScenario(scenario);
      const failed = outcomes.filter(({ outcome }) => (outcome.kind === 'expect' && !outcome.ok) || outcome.kind === 'error');
      expect(failed.map(({ step, outcome }) => `line ${step.line} "${step.text}": ${JSON.stringify(outcome)}`)).toEqual([]);
      expect(outcomes.some(({ outcome }) => outcome.kind === 'expect')).toBe(true);
      if (!breaksRaft) expect(checker.violations).toEqual([]);
    });
    if (breaksRaft) {
      it(`${file}: with the bug switched off, the same script runs safely`, () => {
        const { checker, run } = runScenario({ ...scenario, config: { ...scenario.config, bugs: [] } });
        expect(checker.violations).toEqual([]);
        // And the cluster still works: a leader exists at the end (or comes within a few seconds).
        run.history.advanceTo(run.history.viewMs + 3000);
        expect(run.simulation.currentLeader()).toBeDefined();
      });
    }
  }

  it('every break-it switch has a preset that shows its failure', () => {
    const bugs = new Set(files.flatMap((file) => parsed(readFileSync(join(PRESETS, file), 'utf8')).config.bugs));
    expect([...bugs].sort()).toEqual([...RAFT_BUGS].sort());
  });

  it('PreVote: the same rejoin deposes the leader without PreVote and leaves it alone with it', () => {
    const source = readFileSync(join(PRESETS, 'prevote-rejoin.scenario'), 'utf8');
    const withPreVote = runScenario(parsed(source));
    const without = runScenario(parsed(source.replace(' prevote=on', '')));
    const termOf = (result: ReturnType<typeof runScenario>) => Math.max(...result.run.simulation.nodes.map((node) => node.currentTerm));
    expect(termOf(withPreVote)).toBe(1);
    expect(termOf(without)).toBeGreaterThan(4);
    expect(without.run.simulation.currentLeader()?.id).not.toBe(undefined);
  });

  it('CheckQuorum: an isolated leader steps down with it, and keeps leading nothing without it', () => {
    const source = readFileSync(join(PRESETS, 'check-quorum.scenario'), 'utf8');
    const roleAfterIsolation = (text: string) => {
      const scenario = parsed(text);
      const run = createRaftRun(scenario.config, { checked: true });
      for (const step of scenario.steps) {
        if (step.kind === 'heal') break;
        applyScenarioStep(run, step);
      }
      return run.simulation.displayRole(run.simulation.node('n1')!);
    };
    expect(roleAfterIsolation(source)).not.toBe('leader');
    expect(roleAfterIsolation(source.replace(' checkquorum=on', ''))).toBe('leader');
  });

  it('leader no-op: earlier-term entries commit at once with it, and wait for a client write without it', () => {
    const source = readFileSync(join(PRESETS, 'leader-noop.scenario'), 'utf8');
    const withNoop = runScenario(parsed(source));
    const without = runScenario(parsed(source.replace(' noop=on', '').replace('expect committed == 3', 'expect committed == 0')));
    expect(withNoop.run.simulation.node('n1')!.commitIndex).toBe(3);
    expect(without.run.simulation.node('n1')!.commitIndex).toBe(0);
  });

  it('Figure 7: the leader repairs all six follower logs (a)-(f) to match its own', () => {
    const { run } = runScenario(parsed(readFileSync(join(PRESETS, 'figure-7-log-repair.scenario'), 'utf8')));
    const terms = (id: string) => run.simulation.node(id)!.log.map((entry) => entry.term).join(',');
    const leaderLog = terms('n1');
    expect(leaderLog).toBe('1,1,1,4,4,5,5,6,6,6,8');
    for (const follower of ['n2', 'n3', 'n4', 'n5', 'n6', 'n7']) expect(terms(follower)).toBe(leaderLog);
  });

  it('Figure 8, checked step by step against the paper', () => {
    const scenario = parsed(readFileSync(join(PRESETS, 'figure-8.scenario'), 'utf8'));
    const run = createRaftRun(scenario.config, { checked: true });
    const logs = () => Object.fromEntries(run.simulation.nodes.map((node) => [node.id, node.log.map((entry) => entry.term).join('')]));
    const stages: Record<string, ReturnType<typeof logs>> = {};
    for (const step of scenario.steps) {
      // Snapshot the logs when each figure panel's narration begins.
      const panel = /^\(([a-e])\)/.exec(step.narration)?.[1];
      if (panel) stages[`before ${panel}`] = logs();
      applyScenarioStep(run, step);
    }
    stages.end = logs();
    // (a)->(b): S1 leads term 2 and got index 2 (term 2) to S2 only.
    expect(stages['before b']).toEqual({ n1: '12', n2: '12', n3: '1', n4: '1', n5: '1' });
    // (b)->(c): S5 led term 3 and took a different index 2 (term 3) before crashing.
    expect(stages['before c']!.n5).toBe('13');
    // (c)->(d): S1, leader of term 4, has put its term-2 entry on a majority, uncommitted.
    expect(stages['before d']).toEqual({ n1: '12', n2: '12', n3: '12', n4: '12', n5: '13' });
    // (d): S5, leader of term 5, overwrote index 2 on every server it reaches.
    expect(stages.end).toEqual({ n1: '12', n2: '13', n3: '13', n4: '13', n5: '13' });
    expect(run.checker!.violations).toEqual([]);
  });

  it('Figure 8 with the commit-old-term bug: the checker flags the committed entry being overwritten', () => {
    const { checker, outcomes } = runScenario(parsed(readFileSync(join(PRESETS, 'bug-commit-old-term.scenario'), 'utf8')));
    const names = new Set(checker.violations.map((violation) => violation.name));
    expect(names).toContain('leader-completeness');
    expect(names).toContain('committed-entry-durable');
    expect(names).toContain('state-machine-safety');
    // Each names the entry it is about: index 2, the term-2 entry S1 wrongly committed.
    for (const violation of checker.violations) expect(violation.logIndex).toBe(2);
    expect(outcomes.find(({ step }) => step.text === 'expect committed == 2')?.outcome).toMatchObject({ ok: true });
  });
});

describe('determinism', () => {
  it('the same scenario and seed give an identical trace, byte for byte', () => {
    const source = readFileSync(join(PRESETS, 'minority-partition.scenario'), 'utf8').replace('raft nodes=5 seed=7', 'raft nodes=5 seed=7 loss=10 duplication=5');
    const first = runScenario(parsed(source)).run.history.trace.slice();
    const second = runScenario(parsed(source)).run.history.trace.slice();
    expect(first.length).toBeGreaterThan(500);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
  });

  it('a different seed gives a different trace', () => {
    const source = readFileSync(join(PRESETS, 'leader-crash.scenario'), 'utf8');
    const first = runScenario(parsed(source)).run.history.trace.slice();
    const second = runScenario(parsed(source.replace('seed=42', 'seed=43'))).run.history.trace.slice();
    expect(JSON.stringify(second)).not.toBe(JSON.stringify(first));
  });
});
