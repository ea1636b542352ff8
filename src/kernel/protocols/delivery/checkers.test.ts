// The checkers on hand-made histories: each one shown catching a planted bug, and passing a correct history.

import { describe, expect, it } from 'vitest';
import { checkCommitAfterProcessing, guaranteeOf, tallyEffects, tallyOutput } from './checkers.ts';

const effects = (...transfers: number[]) => transfers.map((transfer) => ({ transfer }));

describe('tallyEffects: expected vs applied, duplicates and losses per transfer', () => {
  it('a correct history: each transfer once', () => {
    expect(tallyEffects({ produced: 3, effects: effects(1, 2, 3), pending: new Set() })).toMatchObject({ expected: 3, effects: 3, duplicates: 0, lost: 0, pending: 0, guarantee: 'exactly-once', exactlyOnce: true });
  });

  it('planted: a transfer paid twice is a duplicate, even when the total looks right because another was lost', () => {
    const tally = tallyEffects({ produced: 3, effects: effects(1, 1, 3), pending: new Set() });
    expect(tally).toMatchObject({ effects: 3, duplicates: 1, lost: 1, duplicatedTransfers: [1], lostTransfers: [2], guarantee: 'none', exactlyOnce: false });
  });

  it('a transfer not yet applied but still on its way is pending, not lost', () => {
    expect(tallyEffects({ produced: 2, effects: effects(1), pending: new Set([2]) })).toMatchObject({ lost: 0, pending: 1, guarantee: 'exactly-once', exactlyOnce: false });
  });

  it('an effect for a transfer never produced is a bug in the simulation, reported', () => {
    expect(() => tallyEffects({ produced: 1, effects: effects(2), pending: new Set() })).toThrow(/never produced/);
  });

  it('the output topic is tallied the same way', () => {
    expect(tallyOutput(2, [1, 2, 2], new Set()).duplicates).toBe(1);
  });
});

describe('guaranteeOf', () => {
  it('names the guarantee a run kept', () => {
    expect([guaranteeOf(0, 0), guaranteeOf(2, 0), guaranteeOf(0, 1), guaranteeOf(1, 1)]).toEqual(['exactly-once', 'at-least-once', 'at-most-once', 'none']);
  });
});

describe('checkCommitAfterProcessing: no commit past a record before it was processed', () => {
  const read = [
    { partition: 0, offset: 0, atMs: 10, order: 1 },
    { partition: 0, offset: 1, atMs: 10, order: 2 },
  ];
  it('a correct commit-after history passes', () => {
    const processed = [
      { partition: 0, offset: 0, atMs: 20, order: 3 },
      { partition: 0, offset: 1, atMs: 30, order: 5 },
    ];
    const commits = [
      { partition: 0, offset: 1, atMs: 25, order: 4 },
      { partition: 0, offset: 2, atMs: 35, order: 6 },
    ];
    expect(checkCommitAfterProcessing(read, processed, commits)).toEqual([]);
  });

  it('planted: committing offset 2 before record 1 is processed — even at the same virtual time — is caught', () => {
    const processed = [
      { partition: 0, offset: 0, atMs: 20, order: 3 },
      { partition: 0, offset: 1, atMs: 30, order: 6 },
    ];
    const commits = [
      { partition: 0, offset: 1, atMs: 20, order: 4 },
      { partition: 0, offset: 2, atMs: 30, order: 5 },
    ];
    expect(checkCommitAfterProcessing(read, processed, commits)).toEqual([{ partition: 0, offset: 1, committedAtMs: 30 }]);
  });

  it('planted: a record never processed at all (an auto-commit of fetched records) is caught', () => {
    expect(checkCommitAfterProcessing(read, [{ partition: 0, offset: 0, atMs: 20, order: 3 }], [{ partition: 0, offset: 2, atMs: 25, order: 4 }])).toEqual([{ partition: 0, offset: 1, committedAtMs: 25 }]);
  });

  it('commits on another partition are not confused with this one', () => {
    expect(checkCommitAfterProcessing(read, [], [{ partition: 1, offset: 5, atMs: 25, order: 4 }])).toEqual([]);
  });
});
