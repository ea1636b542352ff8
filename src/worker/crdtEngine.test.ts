// The CRDT engine on the kit: a preset loads and steps, user commands apply, seek and fork work,
// and the frame carries the merges the space-time diagram draws (with the values each saw).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultCrdtConfig } from '../kernel/protocols/crdt/index.ts';
import { createCrdtEngine } from './crdtEngine.ts';

let fakeNowMs = 0;
const clock = () => (fakeNowMs += 1);

describe('CRDT engine', () => {
  it('plays the add-wins preset step by step to its converged outcome', () => {
    const engine = createCrdtEngine(clock);
    const loaded = engine.loadScenario(readFileSync(join(import.meta.dirname, '../scenario/presets/crdt-or-set-add-wins.scenario'), 'utf8'));
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    expect(loaded.steps[0]!.narration).toMatch(/Observed-remove set, add-wins/);
    let last = loaded.update;
    for (let index = 0; index < loaded.steps.length; index++) {
      const result = engine.scenarioStep(index);
      if (result.outcome.kind === 'expect') expect(result.outcome.ok, loaded.steps[index]!.text).toBe(true);
      last = result.update;
    }
    expect(last.frame.converged).toBe(true);
    expect(last.frame.replicas.map((replica) => replica.valueText)).toEqual(['{milk}', '{milk}', '{milk}']);
    const merged = last.frame.exchanges.filter((exchange) => exchange.status === 'merged' && exchange.changed);
    expect(merged.length).toBeGreaterThan(0);
    expect(merged.at(-1)).toMatchObject({ beforeText: expect.any(String), incomingText: expect.any(String), afterText: expect.any(String), endedAtMs: expect.any(Number) });
  });

  it('applies commands, seeks back and forks', () => {
    const engine = createCrdtEngine(clock);
    const started = engine.init(defaultCrdtConfig({ type: 'g-counter', replicaCount: 2 }));
    expect(started.ok).toBe(true);
    engine.command({ type: 'operation', replica: 'r1', operation: { kind: 'inc', amount: 3 } });
    engine.command({ type: 'merge', from: 'r1', to: 'r2' });
    let update = engine.advanceTo(100, 1000);
    expect(update.frame.replicas.map((replica) => replica.value)).toEqual([3, 3]);
    update = engine.seek(0);
    expect(update.frame.replicas.map((replica) => replica.value)).toEqual([3, 0]);
    update = engine.command({ type: 'operation', replica: 'r2', operation: { kind: 'inc', amount: 1 } });
    expect(update.atHead).toBe(true);
    expect(update.frame.headMs).toBe(0);
    expect(update.frame.replicas.map((replica) => replica.value)).toEqual([3, 1]);
  });
});

describe('CRDT engine: your actions as a scenario', () => {
  type Engine = ReturnType<typeof createCrdtEngine>;
  /** Export, load the text in a fresh engine, play every step: the same frame as the run it came from. */
  function roundTrip(engine: Engine, endMs: number): string {
    const update = engine.advanceTo(endMs, 1e9);
    const text = engine.actionsAsScenario()!;
    const replayEngine = createCrdtEngine(clock);
    const loaded = replayEngine.loadScenario(text);
    if (!loaded.ok) throw new Error(`${JSON.stringify(loaded.errors)}\n${text}`);
    expect(loaded.config).toEqual(engine.journal().config);
    let replayed = loaded.update;
    loaded.steps.forEach((_, index) => {
      replayed = replayEngine.scenarioStep(index).update;
    });
    expect(replayed.frame).toEqual(update.frame);
    return text;
  }

  it('an OR-Set with merges in flight, a partition and lossy links replays into the same run', () => {
    const engine = createCrdtEngine(clock);
    const init = engine.init(defaultCrdtConfig({ type: 'or-set', replicaCount: 4, seed: 11, lossPercent: 20, gossipIntervalMs: 250, clockSkewMs: [0, -30, 0, 45] }));
    if (!init.ok) throw new Error(init.problems.join('; '));
    engine.command({ type: 'operation', replica: 'r1', operation: { kind: 'add', element: 'milk' } });
    engine.command({ type: 'merge', from: 'r1', to: 'r2' });
    engine.advanceTo(3, 1e9);
    engine.command({ type: 'isolate', node: 'r3' });
    engine.command({ type: 'operation', replica: 'r2', operation: { kind: 'remove', element: 'milk' } });
    engine.command({ type: 'operation', replica: 'r3', operation: { kind: 'add', element: 'milk' } });
    engine.command({ type: 'operation', replica: 'r4', operation: { kind: 'add', element: 'eggs' } });
    engine.command({ type: 'sync' });
    engine.advanceTo(700, 1e9);
    engine.command({ type: 'heal' });
    engine.command({ type: 'cut', from: 'r1', to: 'r4', bothWays: false });
    engine.command({ type: 'sync' });
    const text = roundTrip(engine, 2_000);
    expect(text).toContain('crdt type=or-set replicas=4 seed=11 loss=20% gossip=250ms skew=r1:+0ms,r2:-30ms,r3:+0ms,r4:+45ms');
    expect(text).toContain('merge r1 r2 nowait\nrun 3ms\nisolate r3');
  });

  it('says so, in a comment, where an element has text the grammar cannot carry', () => {
    const engine = createCrdtEngine(clock);
    engine.init(defaultCrdtConfig({ type: 'g-set', replicaCount: 2, seed: 1 }));
    engine.command({ type: 'operation', replica: 'r1', operation: { kind: 'add', element: 'two words' } });
    expect(engine.actionsAsScenario()).toContain('# add r1 "two words": text the scenario grammar cannot carry (not replayed)');
  });

  it('a sequence with quoted text, a register and a Raft-backed counter (nowait) replay the same', () => {
    const sequence = createCrdtEngine(clock);
    sequence.init(defaultCrdtConfig({ type: 'sequence', replicaCount: 2, seed: 5 }));
    sequence.command({ type: 'operation', replica: 'r1', operation: { kind: 'insert', position: 0, text: 'say "hi" ✓' } });
    sequence.command({ type: 'merge', from: 'r1', to: 'r2' });
    sequence.advanceTo(40, 1e9);
    sequence.command({ type: 'operation', replica: 'r2', operation: { kind: 'delete', position: 2 } });
    expect(roundTrip(sequence, 500)).toContain('insert r1 0 "say \\"hi\\" ✓"');

    const register = createCrdtEngine(clock);
    register.init(defaultCrdtConfig({ type: 'lww-register', replicaCount: 3, seed: 2 }));
    register.command({ type: 'operation', replica: 'r1', operation: { kind: 'set', value: 'new york' } });
    register.command({ type: 'operation', replica: 'r2', operation: { kind: 'set', value: 'paris' } });
    register.command({ type: 'sync' });
    expect(roundTrip(register, 300)).toContain('set r1 "new york"');

    const bank = createCrdtEngine(clock);
    bank.init(defaultCrdtConfig({ type: 'pn-counter', replicaCount: 3, seed: 8, raft: true }));
    bank.command({ type: 'operation', replica: 'r1', operation: { kind: 'inc', amount: 100 } });
    bank.advanceTo(500, 1e9);
    bank.command({ type: 'partition', groups: [['r1'], ['r2', 'r3']] });
    bank.command({ type: 'operation', replica: 'r1', operation: { kind: 'withdraw', amount: 60 } });
    bank.command({ type: 'operation', replica: 'r2', operation: { kind: 'withdraw', amount: 60 } });
    expect(roundTrip(bank, 1_500)).toContain('withdraw r1 60 nowait');
  });
});
