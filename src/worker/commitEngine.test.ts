// The transactions engine on the kit: a preset loads and steps to its lesson's end, commands apply,
// seek and fork work, the fault schedule is compared across protocols, and the exhaustive mode
// returns a counterexample as frames (and its speed in states per second).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultCommitConfig, defaultExploreOptions } from '../kernel/protocols/commit/index.ts';
import { createCommitEngine } from './commitEngine.ts';
import { replayText } from './kit/replayText.ts';

let fakeNowMs = 0;
const clock = () => (fakeNowMs += 1);
const preset = (name: string) => readFileSync(join(import.meta.dirname, '../scenario/presets', name), 'utf8');

describe('transactions engine', () => {
  it('plays the 2PC blocking preset step by step, every expectation holding', () => {
    const engine = createCommitEngine(clock);
    const loaded = engine.loadScenario(preset('commit-2pc-blocking.scenario'));
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    expect(loaded.steps[0]!.narration).toMatch(/The coordinator sends PREPARE/);
    for (let index = 0; index < loaded.steps.length; index++) {
      const result = engine.scenarioStep(index);
      if (result.outcome.kind === 'expect') expect(result.outcome.ok, loaded.steps[index]!.text).toBe(true);
    }
    expect(engine.update().frame.transactions).toMatchObject([{ id: 't1', outcome: 'aborted' }]);
  });

  it('applies commands, seeks back and forks', () => {
    const engine = createCommitEngine(clock);
    expect(engine.init(defaultCommitConfig({ latencyMsMin: 10, latencyMsMax: 10 })).ok).toBe(true);
    engine.command({ type: 'txn', txn: 't1' });
    let update = engine.advanceTo(500, 1000);
    expect(update.frame.participants.map((participant) => participant.state)).toEqual(['committed', 'committed', 'committed']);
    update = engine.seek(15);
    expect(update.atHead).toBe(false);
    expect(update.frame.participants.map((participant) => participant.state)).toEqual(['prepared', 'prepared', 'prepared']);
    update = engine.command({ type: 'crash', node: 'coordinator' });
    expect(update.atHead).toBe(true);
    update = engine.advanceTo(1500, 1000);
    expect(update.frame.transactions[0]!.outcome).toBe('blocked');
    expect(update.frame.participants[1]!.sentence).toMatch(/blocked/);
  });

  it('compares one fault schedule across the protocols', () => {
    const engine = createCommitEngine(clock);
    const loaded = engine.loadScenario(preset('commit-3pc-partition-split.scenario'));
    if (!loaded.ok) throw new Error('bad preset');
    loaded.steps.forEach((_, index) => engine.scenarioStep(index));
    const result = engine.compare();
    if (!result.ok) throw new Error(result.problem);
    expect(result.columns.map((column) => column.label)).toEqual(['2PC', '3PC', 'saga (orchestrated)', 'saga (choreographed)']);
    expect(result.columns[1]!.measures.atomic).toBe(false);
    expect(result.columns[0]!.measures.atomic).toBe(true);
  });

  it('explores a small instance and returns the planted bug as frames', () => {
    const answer = createCommitEngine(clock).explore(defaultExploreOptions({ participantCount: 2, maxFaults: 2, bug: 'send-before-log' }));
    if ('problem' in answer) throw new Error(answer.problem);
    expect(answer.violation!.steps.at(-1)!.frame.participants.map((participant) => participant.state).sort()).toEqual(['aborted', 'committed']);
    expect(answer.statesPerSecond).toBeGreaterThan(0);
    expect(createCommitEngine(clock).explore(defaultExploreOptions({ participantCount: 5 }))).toEqual({ problem: 'the exhaustive mode takes 2 or 3 participants' });
  });

  it('writes the user\'s actions back in the commit grammar and replays into the same frame', () => {
    const engine = createCommitEngine(clock);
    expect(engine.init(defaultCommitConfig({ protocol: '3pc', seed: 7 })).ok).toBe(true);
    engine.command({ type: 'vote', participant: 'p3', yes: false, txn: null });
    engine.advanceTo(40, 1000);
    engine.command({ type: 'txn', txn: 't1' });
    engine.advanceTo(65, 1000);
    engine.command({ type: 'partition', groups: [['coordinator', 'p1'], ['p2', 'p3']] });
    engine.command({ type: 'drop-next', from: 'coordinator', to: 'p1' });
    engine.command({ type: 'read', reader: 'r1' });
    const update = engine.advanceTo(900, 1000);
    const text = engine.actionsAsScenario()!;
    expect(text).toContain('commit protocol=3pc participants=3 seed=7');
    expect(text).toContain('partition coordinator,p1 | p2,p3');
    expect(text).toContain('drop next coordinator->p1');
    const replayed = replayText(createCommitEngine(clock), text);
    expect(replayed.config).toEqual(engine.journal().config);
    expect(replayed.update.frame).toEqual(update.frame);
    expect(replayed.update.lanes?.map((lane) => lane.frame.transactions)).toEqual(update.lanes?.map((lane) => lane.frame.transactions));
  });

  it('opens the last counterexample as a timed scenario that breaks atomicity', () => {
    const engine = createCommitEngine(clock);
    expect(engine.counterexampleScenario()).toBeNull();
    engine.explore(defaultExploreOptions({ protocol: '3pc', participantCount: 2, maxFaults: 1, faults: ['partition'] }));
    const timed = engine.counterexampleScenario()!;
    expect(timed.reproduced).toBe(true);
    const loaded = engine.loadScenario(timed.text);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    const outcomes = loaded.steps.map((_, index) => engine.scenarioStep(index).outcome);
    expect(outcomes.at(-1)).toMatchObject({ kind: 'expect', ok: true });
  });
});
