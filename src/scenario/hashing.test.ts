// The hashing scenario language: the example, errors with line and column, and the presets as golden lessons.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HashingSession } from '../kernel/protocols/hashing/index.ts';
import { formatHashingChange, type HashingScenario } from './hashing.ts';
import { applyHashingStep, type HashingStepOutcome, type LastMovement } from './hashing-runner.ts';
import { parseScenario } from './parse.ts';

const PRESETS = join(import.meta.dirname, 'presets');

function parsed(source: string): HashingScenario {
  const result = parseScenario(source);
  if (!result.ok) throw new Error(result.errors.map((error) => `${error.line}:${error.column}: ${error.message}`).join('\n'));
  if (result.scenario.lab !== 'hashing') throw new Error(`expected a hashing scenario, got ${result.scenario.lab}`);
  return result.scenario;
}

function run(scenario: HashingScenario) {
  const session = new HashingSession(scenario.config);
  let last: LastMovement = { count: 0, fraction: 0 };
  const outcomes: { step: HashingScenario['steps'][number]; outcome: HashingStepOutcome }[] = [];
  for (const step of scenario.steps) {
    const outcome = applyHashingStep(session, step, last);
    if (outcome.kind === 'changed') last = { count: outcome.outcome.moved.movedKeyCount, fraction: outcome.outcome.moved.movedFraction };
    outcomes.push({ step, outcome });
  }
  return { session, outcomes };
}

describe('parsing', () => {
  it('reads the example of the issue', () => {
    const scenario = parsed(`hashing strategy=ring nodes=10 vnodes=100 keys=100000 seed=1 replicas=3
add n11
remove n3
fail n2
recover n2
expect moved <= 0.12          # fraction of keys whose owner changed at the last step
expect maxload <= 1.3         # max/mean keys per node
`);
    expect(scenario.config).toMatchObject({ strategy: 'ring', vnodesPerNode: 100, keyCount: 100_000, seed: 1, replicaCount: 3 });
    expect(scenario.config.nodes.map((node) => node.id)).toEqual(['n1', 'n2', 'n3', 'n4', 'n5', 'n6', 'n7', 'n8', 'n9', 'n10']);
    expect(scenario.steps.map((step) => (step.kind === 'change' ? step.change.kind : 'expect'))).toEqual(['add', 'remove', 'fail', 'recover', 'expect', 'expect']);
    expect(scenario.steps[0]).toMatchObject({ line: 2, text: 'add n11', change: { kind: 'add', id: 'n11', weight: 1 } });
    expect(scenario.steps[4]).toMatchObject({ line: 6, kind: 'expect', expectation: { metric: 'moved', comparison: '<=', value: 0.12 } });
  });

  it('reads distributions, weights and set', () => {
    const scenario = parsed('hashing nodes=3 weights=n1:2,n3:0.5 distribution=zipf exponent=1.1 epsilon=0.1 strategy=bounded-loads\nadd x weight=3\nweight n2 4\nset vnodes=200 strategy=jump replicas=2 epsilon=0.5\n');
    expect(scenario.config.nodes.map((node) => node.weight)).toEqual([2, 1, 0.5]);
    expect(scenario.config.distribution).toEqual({ kind: 'zipf', exponent: 1.1 });
    expect(scenario.config.epsilon).toBe(0.1);
    expect(scenario.steps[0]).toMatchObject({ change: { kind: 'add', id: 'x', weight: 3 } });
    expect(scenario.steps[1]).toMatchObject({ change: { kind: 'weight', id: 'n2', weight: 4 } });
    expect(scenario.steps[2]).toMatchObject({ change: { kind: 'set', settings: { vnodesPerNode: 200, strategy: 'jump', replicaCount: 2, epsilon: 0.5 } } });
  });

  const bad: readonly [string, string, number, number, RegExp][] = [
    ['unknown strategy', 'hashing strategy=maglev\n', 1, 18, /unknown strategy "maglev"/],
    ['too many vnodes', 'hashing vnodes=501\n', 1, 16, /vnodes must be from 1 to 500/],
    ['too many keys', 'hashing keys=2000000\n', 1, 14, /keys must be from 1 to 1000000/],
    ['unknown option', 'hashing nodes=3 colour=red\n', 1, 17, /unknown option "colour"/],
    ['bad distribution', 'hashing distribution=pareto\n', 1, 22, /uniform or zipf/],
    ['exponent without zipf', 'hashing exponent=1.2\n', 1, 9, /only applies to distribution=zipf/],
    ['weight for an unknown node', 'hashing nodes=3 weights=n1:2,n9:1\n', 1, 30, /unknown node "n9"/],
    ['unknown node', 'hashing nodes=3\nremove n4\n', 2, 8, /unknown node "n4"/],
    ['node added twice', 'hashing nodes=3\nadd n4\nadd n4\n', 3, 5, /n4 already exists/],
    ['removed node used later', 'hashing nodes=3\nremove n2\nfail n2\n', 3, 6, /unknown node "n2"/],
    ['recover an up node', 'hashing nodes=3\nrecover n1\n', 2, 9, /not down/],
    ['fail twice', 'hashing nodes=3\nfail n1\nfail n1\n', 3, 6, /already down/],
    ['bad weight', 'hashing\nadd n11 weight=heavy\n', 2, 16, /weight must be a number/],
    ['zero weight', 'hashing\nweight n1 0\n', 2, 11, /above 0/],
    ['unknown set option', 'hashing\nset keys=10\n', 2, 5, /unknown option "keys"/],
    ['unknown command', 'hashing\n  explode n1\n', 2, 3, /unknown command "explode"/],
    ['unknown expectation', 'hashing\nexpect happiness >= 1\n', 2, 8, /unknown expectation "happiness"/],
    ['bad comparison', 'hashing\nexpect moved => 0.1\n', 2, 14, /comparison/],
    ['moved above 1', 'hashing\nexpect moved <= 12\n', 2, 17, /from 0 to 1/],
    ['missing argument', 'hashing\nremove\n', 2, 8, /missing argument/],
    ['last node removed', 'hashing nodes=1\nremove n1\n', 2, 8, /last node/],
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
    const result = parseScenario('hashing nodes=3\nremove n9\nset vnodes=0\nexpect moved\n');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((error) => error.line)).toEqual([2, 3, 4]);
  });

  it('survives hostile input without throwing', () => {
    for (const source of ['hashing\n' + 'x'.repeat(100_000), 'hashing\nadd <script>', 'hashing seed=99999999999999999999', 'hashing\nexpect maxload <= 1e999', 'hashing weights=:,']) {
      expect(() => parseScenario(source)).not.toThrow();
      expect(parseScenario(source).ok).toBe(false);
    }
  });
});

describe('running', () => {
  it('an expectation that does not hold fails with the figure it found', () => {
    const { outcomes } = run(parsed('hashing strategy=mod-n nodes=10 keys=20000\nadd n11\nexpect moved <= 0.12\n'));
    expect(outcomes[1]!.outcome).toMatchObject({ kind: 'expect', ok: false });
    expect(outcomes[1]!.outcome.kind === 'expect' && outcomes[1]!.outcome.detail).toMatch(/^moved is 0\.9\d+ \(\d+ keys\), expected <= 0.12$/);
  });
});

describe('presets (golden scenarios)', () => {
  const files = readdirSync(PRESETS).filter((file) => file.startsWith('hashing-') && file.endsWith('.scenario'));

  it('there are presets for join/leave on the ring and under mod-N, vnodes, a hot key and jump removal', () => {
    expect(files).toEqual(expect.arrayContaining([
      'hashing-join-leave-ring.scenario', 'hashing-join-leave-mod-n.scenario', 'hashing-vnodes-smoothing.scenario',
      'hashing-hot-key-zipf.scenario', 'hashing-jump-removal.scenario',
    ]));
  });

  for (const file of files) {
    it(`${file}: every expectation holds`, () => {
      const { outcomes } = run(parsed(readFileSync(join(PRESETS, file), 'utf8')));
      const failed = outcomes.filter(({ outcome }) => (outcome.kind === 'expect' && !outcome.ok) || outcome.kind === 'error');
      expect(failed.map(({ step, outcome }) => `line ${step.line} "${step.text}": ${JSON.stringify(outcome)}`)).toEqual([]);
      expect(outcomes.filter(({ outcome }) => outcome.kind === 'expect').length).toBeGreaterThanOrEqual(3);
    });
  }
});

describe('formatHashingChange', () => {
  it('writes each change as the scenario line that parses back to it', () => {
    const source = 'hashing nodes=3\nadd n4 weight=2\nremove n1\nfail n2\nrecover n2\nweight n3 1.5\nset strategy=jump vnodes=20 epsilon=0.5 replicas=2\n';
    for (const step of parsed(source).steps) {
      if (step.kind !== 'change') continue;
      expect(formatHashingChange(step.change)).toBe(step.text);
    }
  });
});
