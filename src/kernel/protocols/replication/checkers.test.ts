// Each checker on hand-made histories: it finds what it should and stays quiet otherwise (a checker that cannot fail proves nothing).

import { describe, expect, it } from 'vitest';
import { checkClientHistory, findLostWrites, findSplitBrain, percentile, recoveryPoint, recoveryTimeMs, unavailabilityWindows, SLOW_WRITE_MS } from './checkers.ts';
import type { ClientOperation } from './types.ts';

function op(id: number, fields: Partial<ClientOperation>): ClientOperation {
  return { id, kind: 'write', key: 'x', value: id, node: 'n1', invokeMs: id * 100, completeMs: id * 100 + 20, status: 'acknowledged', detail: '', lsn: id, timeline: 1, ...fields };
}

describe('split-brain detector', () => {
  const intervals = [
    { node: 'n1', timeline: 1, startMs: 0, endMs: null },
    { node: 'n2', timeline: 2, startMs: 10_000, endMs: null },
  ];

  it('finds two primaries that both acknowledged writes while their spans overlapped', () => {
    const found = findSplitBrain(intervals, [{ node: 'n1', opId: 1, atMs: 12_000 }, { node: 'n2', opId: 2, atMs: 11_000 }], 20_000);
    expect(found?.nodes).toEqual(['n1', 'n2']);
    expect(found?.explanation).toMatch(/both acknowledged writes/);
  });

  it('is quiet when the old primary acknowledged nothing after the new one started (it was fenced or blocked)', () => {
    expect(findSplitBrain(intervals, [{ node: 'n1', opId: 1, atMs: 9000 }, { node: 'n2', opId: 2, atMs: 11_000 }], 20_000)).toBeNull();
  });

  it('is quiet for spans that do not overlap (a clean failover)', () => {
    const clean = [{ ...intervals[0]!, endMs: 9000 }, intervals[1]!];
    expect(findSplitBrain(clean, [{ node: 'n1', opId: 1, atMs: 8000 }, { node: 'n2', opId: 2, atMs: 11_000 }], 20_000)).toBeNull();
  });
});

describe('lost acknowledged writes and RPO', () => {
  const operations = [op(1, {}), op(2, {}), op(3, {}), op(4, { status: 'failed' }), op(5, { status: 'pending' })];

  it('counts acknowledged writes missing from the survivor — never failed or pending ones', () => {
    const lost = findLostWrites(operations, { reference: 'n2', holdsWrite: (_node, id) => id === 1 });
    expect(lost.map((entry) => entry.operation.id)).toEqual([2, 3]);
    expect(recoveryPoint(operations, lost)).toEqual({ lostWrites: 2, rpoMs: 320 - 120 });
  });

  it('RPO is 0 when the survivor holds every acknowledged write', () => {
    const lost = findLostWrites(operations, { reference: 'n2', holdsWrite: () => true });
    expect(recoveryPoint(operations, lost)).toEqual({ lostWrites: 0, rpoMs: 0 });
  });
});

describe('RTO: unavailability windows seen by the client', () => {
  it('opens at the first refused write and closes at the next acknowledgement', () => {
    const writes = [op(1, {}), op(2, { status: 'failed' }), op(3, { status: 'failed' }), op(4, { node: 'n2' }), op(5, {})];
    const windows = unavailabilityWindows(writes);
    expect(windows).toEqual([{ fromMs: 200, toMs: 420, refusedWrites: 2, recoveredOn: 'n2' }]);
    expect(recoveryTimeMs(windows, 1000)).toBe(220);
  });

  it('a write that waited longer than SLOW_WRITE_MS counts as refused until it is answered; an open window counts to now', () => {
    const slow = op(1, { completeMs: 100 + SLOW_WRITE_MS + 500 });
    expect(unavailabilityWindows([slow])).toEqual([{ fromMs: 100, toMs: 1600, refusedWrites: 1, recoveredOn: 'n1' }]);
    const open = unavailabilityWindows([op(1, {}), op(2, { status: 'pending', completeMs: null })]);
    expect(recoveryTimeMs(open, 5000)).toBe(4800);
  });

  it('percentiles are nearest-rank', () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4], 99)).toBe(4);
    expect(percentile([], 50)).toBeNull();
  });
});

describe('linearizability of the client history', () => {
  it('a lost acknowledged write read afterwards makes the history not linearizable', () => {
    const history = [op(1, { value: 1 }), op(2, { value: 2 }), op(3, { kind: 'read', value: 1, invokeMs: 500, completeMs: 520 })];
    expect(checkClientHistory(history).verdict).toBe('not-linearizable');
  });

  it('the same history without the loss is linearizable; a pending write may or may not have landed', () => {
    const history = [op(1, { value: 1 }), op(2, { value: 2, status: 'pending', completeMs: null }), op(3, { kind: 'read', value: 1, invokeMs: 500, completeMs: 520 })];
    expect(checkClientHistory(history).verdict).toBe('linearizable');
  });

  it('a pending write that a read saw still counts (the read is explained by it); one that nobody saw is left out without changing the verdict', () => {
    const seen = [op(1, { value: 1 }), op(2, { value: 2, status: 'pending', completeMs: null }), op(3, { kind: 'read', value: 2, invokeMs: 500, completeMs: 520 })];
    expect(checkClientHistory(seen).verdict).toBe('linearizable');
    // The planted contradiction: a read returns a value no write (pending or not) carried.
    const invented = [op(1, { value: 1 }), op(2, { value: 2, status: 'pending', completeMs: null }), op(3, { kind: 'read', value: 7, invokeMs: 500, completeMs: 520 })];
    expect(checkClientHistory(invented).verdict).toBe('not-linearizable');
    // Seen, then unseen again: the pending write landed (a read saw it) and then vanished — a lost write the checker must still catch.
    const vanished = [...seen, op(4, { kind: 'read', value: 1, invokeMs: 600, completeMs: 620 })];
    expect(checkClientHistory(vanished).verdict).toBe('not-linearizable');
  });
});
