// Each checker, apart from the protocol code, shown catching a planted bug — and staying quiet on
// the correct protocol.

import { describe, expect, it } from 'vitest';
import {
  checkAtomicity,
  checkNoNeedlessBlocking,
  checkSagaCompletion,
  createCommitRun,
  defaultCommitConfig,
  initialCoordinator,
  initialParticipant,
  judgeRead,
  type ParticipantState,
} from './index.ts';

function participant(id: `p${number}`, entries: readonly string[], balance = 100): ParticipantState {
  return { ...initialParticipant(id, balance), log: entries.map((entry) => ({ txn: 't1', entry })) };
}

describe('atomicity', () => {
  it('catches participants that decided differently (a hand-made split) and passes agreeing ones', () => {
    const split = [participant('p1', ['prepared', 'commit']), participant('p2', ['prepared', 'abort'])];
    expect(checkAtomicity('2pc', ['t1'], split, initialCoordinator())).toEqual([{ checker: 'atomicity', txn: 't1', explanation: 't1: participants decided differently: p1 committed, p2 aborted' }]);
    const agree = [participant('p1', ['prepared', 'commit']), participant('p2', ['prepared', 'commit'])];
    expect(checkAtomicity('2pc', ['t1'], agree, initialCoordinator())).toEqual([]);
  });

  it('catches the planted bug send-before-log in a run: the decision lost with the crash, presumed abort answers the other way', () => {
    const run = createCommitRun(defaultCommitConfig({ bug: 'send-before-log', latencyMsMin: 10, latencyMsMax: 10, participantCount: 2 }));
    const { history } = run;
    history.apply({ type: 'txn', txn: 't1' });
    history.advanceTo(20); // votes in: COMMIT sent, not yet on disk
    history.apply({ type: 'drop-next', from: 'coordinator', to: 'p2' });
    history.apply({ type: 'crash', node: 'coordinator' });
    history.advanceTo(31); // p1 has its COMMIT; p2 is in doubt
    history.apply({ type: 'partition', groups: [['coordinator', 'p2'], ['p1']] });
    history.apply({ type: 'restart', node: 'coordinator' });
    history.advanceTo(1000);
    expect(run.simulation.txn('t1')!.outcome).toBe('split');
    expect(run.simulation.violations.map((violation) => violation.checker)).toContain('atomicity');
  });

  it('catches a saga whose log says committed while a step was compensated', () => {
    const coordinator = { ...initialCoordinator(), log: [{ txn: 't1', entry: 'end committed' }] };
    const found = checkAtomicity('saga', ['t1'], [participant('p1', ['done']), participant('p2', ['compensated'])], coordinator);
    expect(found[0]?.explanation).toMatch(/the saga log says "end committed" but p1 done, p2 compensated/);
  });
});

describe('saga completion', () => {
  it('catches a half-done saga (a step done, a later one failed, no compensation) and passes finished ones', () => {
    expect(checkSagaCompletion(['t1'], [participant('p1', ['done']), participant('p2', ['failed'])])).toHaveLength(1);
    expect(checkSagaCompletion(['t1'], [participant('p1', ['done', 'compensated']), participant('p2', ['failed'])])).toEqual([]);
    expect(checkSagaCompletion(['t1'], [participant('p1', ['done']), participant('p2', ['done'])])).toEqual([]);
  });
});

describe('no needless blocking', () => {
  it('catches a participant left prepared with every node up, and passes decided ones', () => {
    expect(checkNoNeedlessBlocking(['t1'], [participant('p1', ['prepared', 'commit']), participant('p2', ['prepared'])])).toEqual([
      { checker: 'needless-blocking', txn: 't1', explanation: 'p2 is still prepared in t1 although every node is up and the network is whole' },
    ]);
    expect(checkNoNeedlessBlocking(['t1'], [participant('p1', ['prepared', 'commit']), participant('p2', ['prepared', 'commit'])])).toEqual([]);
  });
});

describe("the reader's anomaly detector", () => {
  it('flags a total that is not the opening total (money left p1 and has not reached p3) and passes a consistent one', () => {
    expect(judgeRead([{ id: 'p1', balance: 90 }, { id: 'p2', balance: 100 }, { id: 'p3', balance: 100 }])).toMatchObject({ total: 290, expectedTotal: 300, anomaly: true });
    expect(judgeRead([{ id: 'p1', balance: 90 }, { id: 'p2', balance: 100 }, { id: 'p3', balance: 110 }]).anomaly).toBe(false);
  });
});
