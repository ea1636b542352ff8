// Replication scenario language: the grammar (every command and expectation), errors with line
// and column, the presets as golden lessons (each holds; flipping the lesson's switch breaks it), the JSON line contract.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario } from './parse.ts';
import { applyMultiLeaderStep, applyReplicationStep, replicationStepRecord, type ReplicationStepOutcome } from './replication-runner.ts';
import { createMultiLeaderRun, createReplicationRun, type MultiLeaderConfig, type ReplicationConfig } from '../kernel/protocols/replication/index.ts';
import type { ReplicationScenario, ReplicationScenarioStep } from './replication.ts';

const PRESETS = join(import.meta.dirname, 'presets');

function parsed(source: string): ReplicationScenario {
  const result = parseScenario(source);
  if (!result.ok) throw new Error(result.errors.map((error) => `${error.line}:${error.column}: ${error.message}`).join('\n'));
  if (result.scenario.lab !== 'replication') throw new Error(`not a replication scenario: ${result.scenario.lab}`);
  return result.scenario;
}

function errorsOf(source: string): string[] {
  const result = parseScenario(source);
  return result.ok ? [] : result.errors.map((error) => `${error.line}:${error.column}: ${error.message}`);
}

function play(scenario: ReplicationScenario, overrides: Partial<ReplicationConfig> & Partial<MultiLeaderConfig> = {}) {
  let apply: (step: ReplicationScenarioStep) => ReplicationStepOutcome;
  if (scenario.multiLeader) {
    const run = createMultiLeaderRun({ ...scenario.multiLeader, ...overrides });
    apply = (step) => applyMultiLeaderStep(run, step);
  } else {
    const run = createReplicationRun({ ...scenario.config, ...overrides });
    apply = (step) => applyReplicationStep(run, step);
  }
  const outcomes: { step: ReplicationScenarioStep; outcome: ReplicationStepOutcome }[] = scenario.steps.map((step) => ({ step, outcome: apply(step) }));
  const failed = outcomes
    .filter(({ outcome }) => (outcome.kind === 'expect' && !outcome.ok) || outcome.kind === 'refused')
    .map(({ step, outcome }) => `line ${step.line} "${step.text}": ${outcome.kind === 'expect' ? outcome.detail : outcome.kind === 'refused' ? outcome.reason : ''}`);
  return { outcomes, failed };
}

const presetFiles = readdirSync(PRESETS).filter((file) => file.startsWith('replication-') && file.endsWith('.scenario'));

describe('parsing', () => {
  it("reads the issue's grammar: every command and expectation", () => {
    const scenario = parsed(`replication nodes=2 mode=async failover=manual fencing=none seed=1
write x=1 via n1
read x via n2
crash n1
restart n1
partition n1 | n2
isolate n1
heal
promote n2
rewind n1
reclone n1
run 5s
expect primaries == 1
expect split-brain
expect no-split-brain
expect lost-writes == 0
expect lost-writes > 0
expect lost-writes >= 1
expect role n1 standby
expect timeline n2 == 2
expect linearizable
expect not-linearizable
`);
    expect(scenario.config).toMatchObject({ nodeCount: 2, mode: 'async', failover: 'manual', fencing: 'none', seed: 1 });
    expect(scenario.steps.map((step) => step.kind)).toEqual([
      'write', 'read', 'crash', 'restart', 'partition', 'isolate', 'heal', 'promote', 'rewind', 'reclone', 'run',
      'expect', 'expect', 'expect', 'expect', 'expect', 'expect', 'expect', 'expect', 'expect', 'expect',
    ]);
    expect(scenario.steps[0]).toMatchObject({ kind: 'write', key: 'x', value: 1, via: 'n1', wait: true, line: 2 });
    expect(scenario.steps[4]).toMatchObject({ kind: 'partition', groups: [['n1'], ['n2']] });
    expect(scenario.steps[11]).toMatchObject({ expectation: { kind: 'count', what: 'primaries', comparison: '==', value: 1 } });
    expect(scenario.steps[17]).toMatchObject({ expectation: { kind: 'role', node: 'n1', role: 'standby' } });
    expect(scenario.steps[18]).toMatchObject({ expectation: { kind: 'timeline', node: 'n2', comparison: '==', value: 2 } });
  });

  it('reads the other header options (witness, strict, sync=k, latency, ttl, loop, retry, timeout, heartbeat) and the lab\'s extra commands', () => {
    const scenario = parsed(`replication nodes=4 mode=quorum sync=2 strict=on failover=managed fencing=token witness=on seed=9 latency=5-8 ttl=20s loop=5s retry=5s timeout=3s heartbeat=500ms
write x=hello nowait
load 10s every=250ms key=k
crash w
cut n1 n2
restore n1 n2
expect rpo == 0ms
expect rto <= 30s
expect stored n3 x=nil
expect last-write lost
`);
    expect(scenario.config).toMatchObject({ nodeCount: 4, mode: 'quorum', syncCount: 2, strict: true, failover: 'managed', fencing: 'token', witness: true, latencyMsMin: 5, latencyMsMax: 8, ttlMs: 20_000, loopWaitMs: 5000, retryTimeoutMs: 5000, timeoutMs: 3000, heartbeatMs: 500 });
    expect(scenario.steps[0]).toMatchObject({ kind: 'write', value: 'hello', via: null, wait: false });
    expect(scenario.steps[1]).toMatchObject({ kind: 'load', durationMs: 10_000, everyMs: 250, key: 'k' });
    expect(scenario.steps[2]).toMatchObject({ kind: 'crash', node: 'w' });
    expect(scenario.steps[5]).toMatchObject({ expectation: { kind: 'count', what: 'rpo', value: 0 } });
    expect(scenario.steps[6]).toMatchObject({ expectation: { kind: 'count', what: 'rto', comparison: '<=', value: 30_000 } });
  });

  it('reports errors with line and column, one per bad line, in the shared network words\' wording', () => {
    expect(errorsOf(`replication nodes=2
promote n3
crash w
partition n1 |
expect role n1 leader
expect lost-writes about 3
frobnicate
`)).toEqual([
      '2:9: unknown node "n3" (this cluster has n1..n2)',
      '3:7: there is no witness "w" (add witness=on to the first line)',
      '4:1: a partition group is empty (check the | separators)',
      '5:16: a role is primary, standby, demoted or down, got "leader"',
      '6:20: expected a comparison (>= <= == > <), got "about"',
      '7:1: unknown command "frobnicate" (known: write, read, load, run, promote, rewind, reclone, crash, restart, isolate, partition, heal, cut, restore, expect)',
    ]);
    expect(errorsOf('replication nodes=2 colour=blue\n')).toEqual(['1:21: unknown option "colour" (known: nodes, mode, failover, fencing, seed, witness, strict, sync, latency, ttl, loop, retry, timeout, heartbeat, leaders, resolve, skew)']);
    expect(errorsOf('replication nodes=3 mode=async sync=2\n')).toEqual(['1:37: sync=k (ANY k standbys) needs mode=quorum']);
    expect(errorsOf('replication nodes=6\n')).toEqual(['1:19: nodes must be from 2 to 5, got 6']);
  });
});

describe('multi-leader (leaders=2|3)', () => {
  it('reads leaders, resolve and skew; refuses what only a single primary has', () => {
    const scenario = parsed('replication leaders=3 resolve=merge-set skew=n2:-100ms,n3:1s seed=4\nwrite tags=a via n3\nexpect converged\n');
    expect(scenario.multiLeader).toMatchObject({ leaderCount: 3, resolve: 'merge-set', clockSkewMs: [0, -100, 1000], seed: 4 });
    expect(scenario.config.nodeCount).toBe(3);
    expect(errorsOf('replication leaders=2 failover=naive\n')).toEqual(['1:23: "failover" has no meaning with leaders=2: every node is a leader']);
    expect(errorsOf('replication leaders=2\npromote n2\nexpect role n1 primary\n')).toEqual([
      '2:1: "promote" has no meaning with leaders=2: every node is a leader',
      '3:8: "role" has no meaning with leaders=2: every node is a leader',
    ]);
    expect(errorsOf('replication nodes=2\nexpect converged\n')).toEqual(['2:8: "converged" needs leaders=2 or leaders=3 (multi-leader replication)']);
  });
});

describe('presets (golden replication lessons)', () => {
  it('ship the issue\'s lessons', () => {
    expect(presetFiles).toEqual(expect.arrayContaining([
      'replication-drill.scenario',
      'replication-split-brain-2-node.scenario',
      'replication-async-failover-loses-writes.scenario',
      'replication-sync-strict-blocks.scenario',
      'replication-sync-nonstrict-degrades.scenario',
      'replication-managed-patroni.scenario',
      'replication-stonith-prevents-split-brain.scenario',
      'replication-lease-prevents-split-brain.scenario',
      'replication-token-prevents-split-brain.scenario',
      'replication-rpo0-rto30.scenario',
      'replication-multileader-lww-skew.scenario',
      'replication-multileader-siblings.scenario',
      'replication-multileader-merge-counter.scenario',
    ]));
  });

  it.each(presetFiles)('%s: every step runs and every expectation holds', (file) => {
    const { failed } = play(parsed(readFileSync(join(PRESETS, file), 'utf8')));
    expect(failed).toEqual([]);
  });

  it.each([
    ['replication-stonith-prevents-split-brain.scenario', { fencing: 'none' }],
    ['replication-lease-prevents-split-brain.scenario', { fencing: 'none' }],
    ['replication-token-prevents-split-brain.scenario', { fencing: 'none' }],
    ['replication-rpo0-rto30.scenario', { witness: false }],
    ['replication-managed-patroni.scenario', { failover: 'manual' }],
    ['replication-sync-strict-blocks.scenario', { strict: false }],
    ['replication-multileader-lww-skew.scenario', { clockSkewMs: [0, 0] }],
    ['replication-multileader-siblings.scenario', { resolve: 'lww' }],
  ] as const)('%s fails when the lesson\'s switch is flipped (%o)', (file, overrides) => {
    const { failed } = play(parsed(readFileSync(join(PRESETS, file), 'utf8')), overrides);
    expect(failed.length).toBeGreaterThan(0);
  });
});

describe('the JSON line after each command', () => {
  it('carries line, cmd, t_ms, nodes (id, role, timeline, alive, partition, lsn), primaries, lostWrites, splitBrain and every write with its status', () => {
    const scenario = parsed(readFileSync(join(PRESETS, 'replication-split-brain-2-node.scenario'), 'utf8'));
    const run = createReplicationRun(scenario.config);
    const records = scenario.steps.map((step) => {
      applyReplicationStep(run, step);
      return replicationStepRecord(run, step);
    });
    const last = records.at(-1)!;
    expect(Object.keys(last)).toEqual(expect.arrayContaining(['line', 'cmd', 't_ms', 'nodes', 'primaries', 'lostWrites', 'splitBrain', 'writes']));
    expect(Object.keys(last.nodes[0]!)).toEqual(['id', 'role', 'timeline', 'alive', 'partition', 'lsn']);
    expect(Object.keys(last.nodes[0]!.lsn)).toEqual(['sent', 'write', 'flush', 'replay']);
    expect(last.splitBrain).toBe(true);
    expect(last.writes.filter((write) => write.status === 'lost')).toEqual([
      { key: 'a', value: 1, node: 'n1', status: 'lost' },
      { key: 'a', value: 2, node: 'n1', status: 'lost' },
    ]);
    expect(new Set(last.writes.map((write) => write.status))).toEqual(new Set(['acknowledged', 'lost']));
  });

  it('is the same for the same file, run twice (deterministic)', () => {
    const source = readFileSync(join(PRESETS, 'replication-managed-patroni.scenario'), 'utf8');
    const lines = () => {
      const scenario = parsed(source);
      const run = createReplicationRun(scenario.config);
      return JSON.stringify(scenario.steps.map((step) => (applyReplicationStep(run, step), replicationStepRecord(run, step))));
    };
    expect(lines()).toBe(lines());
  });
});
