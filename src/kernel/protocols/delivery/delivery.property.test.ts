// Over random fault schedules (crashes at every point, restarts, lost acks, failovers, zombies,
// rebalances): with a retrying producer, acks=all, commit-after and the side effect covered by an
// idempotency key inside its window, an inbox or an outbox with an idempotent relay, every produced
// transfer takes effect exactly once. Then each planted bug is caught by some schedule. The seed is
// printed; rerun one with DELIVERY_PROPERTY_SEED=<seed>.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { commitViolations, deliveryTally } from './run.ts';
import type { DeliveryConfig } from './config.ts';
import { FAULTS, faultCommand, type Fault } from './faults.ts';
import { play, produce, restart } from './testing.ts';

const SEED = Number(process.env.DELIVERY_PROPERTY_SEED ?? 20_261_202);
const RUNS = Number(process.env.DELIVERY_PROPERTY_RUNS ?? 1000);

const faultSchedule = fc.array(fc.record({ atMs: fc.integer({ min: 0, max: 1500 }), fault: fc.constantFrom(...FAULTS) }), { maxLength: 8 });

/**
 * Produce, apply the faults at their times, then drain: restart whatever is down every 2 s (an
 * armed crash may strike after a restart) until everything runs and nothing is pending.
 */
function playSchedule(config: Partial<DeliveryConfig>, count: number, faults: readonly { atMs: number; fault: Fault }[]) {
  const effect = config.effect ?? 'plain';
  const sorted = [...faults].sort((a, b) => a.atMs - b.atMs).filter(({ fault }) => effect === 'outbox' || !fault.includes('relay'));
  const { run } = play(config, [[0, produce(count)], ...sorted.map(({ atMs, fault }) => [atMs, faultCommand(fault)] as const)]);
  const nodes = effect === 'outbox' ? (['producer', 'consumer', 'relay'] as const) : (['producer', 'consumer'] as const);
  for (let round = 1; round <= 15; round++) {
    run.history.advanceTo(1500 + round * 2000);
    const down = nodes.filter((node) => !run.simulation.isAlive(node));
    if (down.length === 0 && deliveryTally(run.simulation).pending === 0 && round > 2) break;
    for (const node of down) run.history.apply(restart(node));
  }
  return { run, tally: deliveryTally(run.simulation) };
}

const protectedSettings = fc.record({
  seed: fc.nat(1000),
  producer: fc.constantFrom('at-least-once' as const, 'idempotent' as const, 'transactional' as const),
  consumer: fc.constantFrom('commit-after' as const, 'transactional' as const),
  effect: fc.constantFrom('idempotency-key' as const, 'inbox' as const, 'outbox' as const),
  partitions: fc.integer({ min: 1, max: 3 }),
  count: fc.integer({ min: 1, max: 8 }),
});

describe(`random fault schedules (seed ${SEED}, ${RUNS} runs)`, () => {
  console.log(`delivery property tests: seed ${SEED}, ${RUNS} runs (DELIVERY_PROPERTY_SEED / DELIVERY_PROPERTY_RUNS to change)`);

  it('commit-after with an idempotency key, inbox or outbox: effects always equal the transfers produced', () => {
    fc.assert(
      fc.property(protectedSettings, faultSchedule, (settings, faults) => {
        const { count, ...config } = settings;
        const { tally, run } = playSchedule({ ...config, acks: 'all' }, count, faults);
        expect(tally.effects).toBe(count);
        expect(tally).toMatchObject({ duplicates: 0, lost: 0, pending: 0 });
        expect(commitViolations(run.simulation)).toEqual([]);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  }, 120_000);

  it('without protection the same schedules do duplicate (the property above is not vacuous)', () => {
    const result = fc.check(
      fc.property(protectedSettings, faultSchedule, (settings, faults) => {
        const { count, ...config } = settings;
        return playSchedule({ ...config, effect: 'plain', acks: 'all' }, count, faults).tally.duplicates === 0;
      }),
      { seed: SEED, numRuns: 300 },
    );
    expect(result.failed).toBe(true);
  }, 60_000);

  it('planted bug "dedup-after-effect": some schedule pays a transfer twice', () => {
    const result = fc.check(
      fc.property(fc.nat(1000), faultSchedule, (seed, faults) => playSchedule({ seed, effect: 'idempotency-key', bug: 'dedup-after-effect' }, 5, faults).tally.duplicates === 0),
      { seed: SEED, numRuns: 300 },
    );
    expect(result.failed).toBe(true);
    console.log(`dedup-after-effect caught by: ${JSON.stringify(result.counterexample)}`);
  }, 60_000);

  it('planted bug "commit-before-processing": some schedule loses a transfer, and the commit checker flags every run', () => {
    const result = fc.check(
      fc.property(fc.nat(1000), faultSchedule, (seed, faults) => playSchedule({ seed, effect: 'inbox', bug: 'commit-before-processing' }, 5, faults).tally.lost === 0),
      { seed: SEED, numRuns: 300 },
    );
    expect(result.failed).toBe(true);
    console.log(`commit-before-processing caught by: ${JSON.stringify(result.counterexample)}`);
    fc.assert(
      fc.property(fc.nat(1000), (seed) => {
        const { run } = play({ seed, effect: 'inbox', bug: 'commit-before-processing' }, [[0, produce(3)], [3000, null]]);
        expect(commitViolations(run.simulation).length).toBeGreaterThan(0);
        expect(deliveryTally(run.simulation).exactlyOnce).toBe(true); // No crash: the bug is invisible to the tally, not to the commit checker.
      }),
      { seed: SEED, numRuns: 50 },
    );
  }, 60_000);
});
