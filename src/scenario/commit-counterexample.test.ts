// The exhaustive mode's counterexamples as timed runs: each one, built from the model's path, is a
// scenario of the commit grammar that parses, plays in the timed simulation and breaks atomicity —
// checked by replaying the text itself, not by trusting the builder.

import { describe, expect, it } from 'vitest';
import { defaultExploreOptions, explore, type ExploreOptions } from '../kernel/protocols/commit/index.ts';
import { timedCounterexample } from './commit-counterexample.ts';
import { parseScenario } from './parse.ts';
import { applyCommitStep } from './commit-runner.ts';
import { createCommitRun } from '../kernel/protocols/commit/index.ts';

function replay(text: string) {
  const parsed = parseScenario(text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  if (parsed.scenario.lab !== 'commit') throw new Error('not a commit scenario');
  const run = createCommitRun(parsed.scenario.config);
  const verdicts = parsed.scenario.steps.map((step) => applyCommitStep(run, step)).filter((outcome) => outcome.kind === 'expect');
  return { run, verdicts };
}

const CASES: readonly [string, ExploreOptions][] = [
  ['2PC send-before-log', defaultExploreOptions({ protocol: '2pc', participantCount: 2, maxFaults: 2, faults: ['drop', 'crash'], bug: 'send-before-log' })],
  ['3PC under a partition', defaultExploreOptions({ protocol: '3pc', participantCount: 2, maxFaults: 1, faults: ['partition'] })],
  ['3PC backup-skips-precommit', defaultExploreOptions({ protocol: '3pc', participantCount: 2, maxFaults: 2, faults: ['crash'], bug: 'backup-skips-precommit' })],
];

describe('a counterexample as a timed run', () => {
  for (const [name, options] of CASES) {
    it(`${name}: the scenario replays into a split`, () => {
      const result = explore(options);
      expect(result.violation).not.toBeNull();
      const timed = timedCounterexample(options, result.violation!.path);
      console.log(`${name}: seed ${timed.seed}, reproduced ${timed.reproduced}\n${timed.text}`);
      expect(timed.reproduced).toBe(true);
      const { run, verdicts } = replay(timed.text);
      expect(verdicts).toEqual([{ kind: 'expect', ok: true, detail: expect.stringMatching(/decided differently/) }]);
      expect(run.simulation.txn('t1')?.outcome).toBe('split');
    });
  }
});
