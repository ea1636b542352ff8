// Over random fault schedules (crashes, restarts, partitions, dropped messages, no votes, several
// transfers): 2PC never breaks atomicity and, once every node is back and the network whole, no
// participant is left blocked; sagas always end with every step done or compensated (both
// styles); and 3PC's split decision under a partition is found. The seed of each run is printed.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  checkNoNeedlessBlocking,
  checkSagaCompletion,
  COORDINATOR,
  createCommitRun,
  defaultCommitConfig,
  participantIds,
  type CommitCommand,
  type CommitConfig,
  type CommitRun,
  type NodeId,
} from './index.ts';

const RUNS = Number(process.env.COMMIT_PROPERTY_RUNS ?? 1000);
const SEED = Number(process.env.COMMIT_PROPERTY_SEED ?? 20261202);

type Fault =
  | { readonly kind: 'crash' | 'restart'; readonly node: number }
  | { readonly kind: 'partition'; readonly mask: number }
  | { readonly kind: 'heal' }
  | { readonly kind: 'drop'; readonly from: number; readonly to: number }
  | { readonly kind: 'no'; readonly participant: number }
  | { readonly kind: 'txn' };

const fault: fc.Arbitrary<Fault> = fc.oneof(
  fc.record({ kind: fc.constantFrom('crash' as const, 'restart' as const), node: fc.nat(4) }),
  fc.record({ kind: fc.constant('partition' as const), mask: fc.integer({ min: 1, max: 30 }) }),
  fc.record({ kind: fc.constant('heal' as const) }),
  fc.record({ kind: fc.constant('drop' as const), from: fc.nat(4), to: fc.nat(4) }),
  fc.record({ kind: fc.constant('no' as const), participant: fc.nat(3) }),
  fc.record({ kind: fc.constant('txn' as const) }),
);
const schedule = fc.record({
  participantCount: fc.integer({ min: 2, max: 4 }),
  seed: fc.nat(1_000_000),
  steps: fc.array(fc.record({ fault, afterMs: fc.integer({ min: 0, max: 120 }) }), { minLength: 1, maxLength: 14 }),
});
type Schedule = typeof schedule extends fc.Arbitrary<infer T> ? T : never;

/** Play the schedule (a transfer first), then restart everything, heal, and let every timeout fire. */
function play(protocol: CommitConfig['protocol'], sagaStyle: CommitConfig['sagaStyle'], { participantCount, seed, steps }: Schedule, settle = true): CommitRun {
  const run = createCommitRun(defaultCommitConfig({ protocol, sagaStyle, participantCount, seed, latencyMsMin: 5, latencyMsMax: 40 }));
  const ids: NodeId[] = [COORDINATOR, ...participantIds(participantCount)];
  const node = (index: number) => ids[index % ids.length]!;
  let transfers = 0;
  const apply = (command: CommitCommand) => run.history.apply(command);
  apply({ type: 'txn', txn: `t${++transfers}` });
  for (const { fault, afterMs } of steps) {
    run.history.advanceTo(run.history.viewMs + afterMs);
    switch (fault.kind) {
      case 'crash':
      case 'restart':
        apply({ type: fault.kind, node: node(fault.node) });
        break;
      case 'partition': {
        const far = ids.filter((_, index) => fault.mask & (1 << index));
        if (far.length > 0 && far.length < ids.length) apply({ type: 'partition', groups: [ids.filter((id) => !far.includes(id)), far] });
        break;
      }
      case 'heal':
        apply({ type: 'heal' });
        break;
      case 'drop':
        if (node(fault.from) !== node(fault.to)) apply({ type: 'drop-next', from: node(fault.from), to: node(fault.to) });
        break;
      case 'no':
        apply({ type: 'vote', participant: participantIds(participantCount)[fault.participant % participantCount]!, yes: false, txn: `t${transfers + 1}` });
        break;
      case 'txn':
        if (transfers < 4) apply({ type: 'txn', txn: `t${++transfers}` });
        break;
    }
  }
  if (settle) {
    apply({ type: 'heal' });
    for (const id of ids) apply({ type: 'restart', node: id });
    run.history.advanceTo(run.history.viewMs + 5000);
  }
  return run;
}

const describeSchedule = (value: Schedule) => JSON.stringify(value);

describe(`random fault schedules (${RUNS} per property, fast-check seed ${SEED})`, () => {
  it('2PC never breaks atomicity, and once every node is back and the network whole nobody stays blocked', () => {
    console.log(`2PC property: fast-check seed ${SEED}, ${RUNS} runs`);
    fc.assert(
      fc.property(schedule, (value) => {
        const run = play('2pc', 'orchestrated', value);
        const where = describeSchedule(value);
        expect(run.simulation.violations, where).toEqual([]);
        expect(run.simulation.txns.every((txn) => txn.outcome === 'committed' || txn.outcome === 'aborted'), where).toBe(true);
        expect(checkNoNeedlessBlocking(run.simulation.txns.map((txn) => txn.id), run.simulation.participants), where).toEqual([]);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  for (const sagaStyle of ['orchestrated', 'choreographed'] as const) {
    it(`${sagaStyle} sagas always end with every step done or compensated`, () => {
      console.log(`${sagaStyle} saga property: fast-check seed ${SEED}, ${RUNS} runs`);
      fc.assert(
        fc.property(schedule, (value) => {
          const run = play('saga', sagaStyle, value);
          const where = describeSchedule(value);
          expect(checkSagaCompletion(run.simulation.txns.map((txn) => txn.id), run.simulation.participants), where).toEqual([]);
          expect(run.simulation.txns.every((txn) => txn.outcome === 'committed' || txn.outcome === 'compensated' || !txn.began), where).toBe(true);
          // What moved is exactly the committed transfers: compensation restored the rest.
          const committed = run.simulation.txns.filter((txn) => txn.outcome === 'committed').length;
          expect(run.simulation.participants[0]!.balance, where).toBe(100 - 10 * committed);
        }),
        { numRuns: RUNS, seed: SEED },
      );
    });
  }

  it("3PC's split decision under partition is found among the random schedules", () => {
    let found: Schedule | null = null;
    fc.assert(
      fc.property(schedule, (value) => {
        const run = play('3pc', 'orchestrated', value, false);
        if (run.simulation.violations.some((violation) => violation.checker === 'atomicity')) found ??= value;
        return true;
      }),
      { numRuns: RUNS, seed: SEED },
    );
    console.log(`3PC split found (fast-check seed ${SEED}): ${found ? describeSchedule(found) : 'none'}`);
    expect(found).not.toBeNull();
  });
});
