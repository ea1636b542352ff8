// The delivery engine on the kit: a preset loads and steps, commands apply, seek and fork work, and
// the crash-point matrix comes in slices.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDeliveryConfig } from '../kernel/protocols/delivery/index.ts';
import { MATRIX_FAULTS } from '../scenario/delivery-matrix.ts';
import { createDeliveryEngine } from './deliveryEngine.ts';

let fakeNowMs = 0;
const clock = () => (fakeNowMs += 1);

describe('delivery engine', () => {
  it('plays the duplicate-charge preset step by step, every expectation holding', () => {
    const engine = createDeliveryEngine(clock);
    const loaded = engine.loadScenario(readFileSync(join(import.meta.dirname, '../scenario/presets/delivery-duplicate-charge.scenario'), 'utf8'));
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    expect(loaded.steps[0]!.narration).toMatch(/Ten transfers/);
    let last = loaded.update;
    for (let index = 0; index < loaded.steps.length; index++) {
      const result = engine.scenarioStep(index);
      if (result.outcome.kind === 'expect') expect(result.outcome.ok, loaded.steps[index]!.text).toBe(true);
      last = result.update;
    }
    expect(last.frame.tally).toMatchObject({ duplicates: 2, lost: 0 });
    expect(last.frame.notes.some((note) => note.text.includes('crashed before committing offset 1'))).toBe(true);
  });

  it('applies commands, seeks back and forks', () => {
    const engine = createDeliveryEngine(clock);
    expect(engine.init(defaultDeliveryConfig()).ok).toBe(true);
    engine.command({ type: 'produce', count: 3 });
    let update = engine.advanceTo(2000, 1000);
    expect(update.frame.tally.effects).toBe(3);
    update = engine.seek(0);
    expect(update.frame.tally.effects).toBe(0);
    update = engine.command({ type: 'crash', node: 'consumer' });
    expect(update.atHead).toBe(true);
    update = engine.advanceTo(2000, 1000);
    expect(update.frame.tally).toMatchObject({ effects: 0, pending: 3 });
    expect(update.frame.explanations.some((sentence) => sentence.startsWith('The consumer is down'))).toBe(true);
  });

  it('computes the matrix in slices', () => {
    const engine = createDeliveryEngine(clock);
    const first = engine.matrixSlice('curated', 0, 0);
    expect(first.next).toBe(1);
    expect(first.rows[0]).toHaveLength(MATRIX_FAULTS.length);
    expect(first.total).toBeGreaterThan(5);
  });
});

describe('delivery engine: your actions as a scenario', () => {
  it('writes every kind of fault back and replays into the same run', () => {
    const engine = createDeliveryEngine(clock);
    const init = engine.init(defaultDeliveryConfig({ seed: 6, producer: 'idempotent', consumer: 'commit-after', effect: 'idempotency-key', dedupWindowMs: 60_000, partitions: 3, requestTimeoutMs: 250 }));
    if (!init.ok) throw new Error(init.problems.join('; '));
    engine.command({ type: 'produce', count: 10 });
    engine.command({ type: 'lose-next-ack' });
    engine.advanceTo(37, 1e9);
    engine.command({ type: 'arm-crash', trap: { node: 'consumer', point: 'after-effect' } });
    engine.command({ type: 'failover' });
    engine.advanceTo(400, 1e9);
    engine.command({ type: 'zombie' });
    engine.command({ type: 'produce', count: 3 });
    engine.command({ type: 'rebalance', when: 'after-effect' });
    engine.command({ type: 'crash', node: 'producer' });
    engine.advanceTo(900, 1e9);
    engine.command({ type: 'restart', node: 'producer' });
    engine.command({ type: 'rebalance', when: 'now' });
    const update = engine.advanceTo(5_000, 1e9);

    const text = engine.actionsAsScenario()!;
    expect(text).toContain('delivery producer=idempotent consumer=commit-after effect=idempotency-key seed=6 partitions=3 dedup-window=60000ms request-timeout=250ms');
    expect(text).toContain('produce 10\nlose next ack\nrun 37ms\ncrash consumer after-effect\nfailover broker');
    expect(text).toContain('zombie producer');
    expect(text).toContain('rebalance after-effect\ncrash producer');
    const replayEngine = createDeliveryEngine(clock);
    const loaded = replayEngine.loadScenario(text);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    expect(loaded.config).toEqual(engine.journal().config);
    let replayed = loaded.update;
    loaded.steps.forEach((_, index) => {
      replayed = replayEngine.scenarioStep(index).update;
    });
    expect(replayed.frame).toEqual(update.frame);
  });
});
