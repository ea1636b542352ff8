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
