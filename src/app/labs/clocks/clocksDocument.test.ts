// The diagram's edits: what they build, what they refuse and why, and that every accepted diagram is a possible execution.
import { describe, expect, it } from 'vitest';
import { computeClocks, generateExecution, tryComputeClocks, vectorRecord } from '../../../kernel/protocols/clocks/index.ts';
import { Prng } from '../../../kernel/prng.ts';
import {
  addLocalEvent,
  addMessage,
  addProcess,
  appendMessage,
  deleteEvents,
  exampleDocument,
  fromExecution,
  letterName,
  moveEvent,
  parseStoredDocument,
  removeLastProcess,
  toExecution,
  type ClocksDocument,
  type EditResult,
} from './clocksDocument.ts';

function ok(result: EditResult): ClocksDocument {
  if (!result.ok) throw new Error(result.reason);
  return result.document;
}

const empty: ClocksDocument = { ...exampleDocument(), events: [], messages: [] };

function vectors(document: ClocksDocument): Record<string, Record<string, number>> {
  const analysis = computeClocks(toExecution(document));
  return Object.fromEntries(analysis.events.map((stamp) => [stamp.event.id, vectorRecord(analysis.processes, stamp.vector)]));
}

describe('editing the diagram', () => {
  it('names events a, b, c … and lanes order events by their position, not by when they were drawn', () => {
    let document = ok(addLocalEvent(empty, 'p1', 50));
    document = ok(addLocalEvent(document, 'p1', 20));
    document = ok(addMessage(document, 'p1', 30, 'p2', 40));
    expect(document.events.map((event) => event.id)).toEqual(['a', 'b', 'c', 'd']);
    // b (t=20) comes before the send c (t=30), which comes before a (t=50).
    expect(vectors(document)).toEqual({
      b: { p1: 1, p2: 0, p3: 0 },
      c: { p1: 2, p2: 0, p3: 0 },
      d: { p1: 2, p2: 1, p3: 0 },
      a: { p1: 3, p2: 0, p3: 0 },
    });
    expect(letterName(25)).toBe('z');
    expect(letterName(26)).toBe('aa');
  });

  it('refuses a message whose receive would come before its send, or that stays on one process, with a reason', () => {
    const backwards = addMessage(empty, 'p1', 50, 'p2', 30);
    expect(backwards).toEqual({ ok: false, reason: expect.stringContaining('would come before the send') });
    expect(addMessage(empty, 'p1', 10, 'p1', 30)).toEqual({ ok: false, reason: expect.stringContaining('another process') });
    expect(addMessage(empty, 'p1', 10, 'p9', 30)).toEqual({ ok: false, reason: 'There is no process p9.' });
  });

  it('never puts two events of one lane at the same instant', () => {
    let document = ok(addLocalEvent(empty, 'p1', 10));
    document = ok(addLocalEvent(document, 'p1', 10));
    expect(document.events.map((event) => event.timeTicks)).toEqual([10, 11]);
  });

  it('moves an event along its lane, but not a send past its receive (or a receive before its send)', () => {
    let document = ok(addMessage(empty, 'p1', 10, 'p2', 40));
    document = ok(addLocalEvent(document, 'p1', 20));
    expect(ok(moveEvent(document, 'c', 5)).events.find((event) => event.id === 'c')?.timeTicks).toBe(5);
    expect(vectors(ok(moveEvent(document, 'c', 5))).a).toEqual({ p1: 2, p2: 0, p3: 0 });
    const sendTooLate = moveEvent(document, 'a', 45);
    expect(sendTooLate.ok).toBe(false);
    if (!sendTooLate.ok) expect(sendTooLate.reason).toMatch(/a sends m1, which b on p2 receives at 40/);
    expect(moveEvent(document, 'b', 10).ok).toBe(false);
  });

  it('deleting one end of a hand-drawn message removes the message and its other end; a named event stays', () => {
    let document = ok(appendMessage(empty, 'p1', 'p2'));
    document = ok(addLocalEvent(document, 'p3', 5));
    const withoutSend = ok(deleteEvents(document, ['a']));
    expect(withoutSend.events.map((event) => event.id)).toEqual(['c']);
    expect(withoutSend.messages).toEqual([]);
    expect(deleteEvents(document, []).ok).toBe(false);
  });

  it('adds processes up to 8 and removes the last one with everything on it', () => {
    let document = empty;
    for (let count = 4; count <= 8; count++) document = ok(addProcess(document));
    expect(document.processes).toHaveLength(8);
    expect(addProcess(document).ok).toBe(false);
    document = ok(appendMessage(document, 'p1', 'p8'));
    document = ok(removeLastProcess(document));
    expect(document.processes).toHaveLength(7);
    expect(document.events).toEqual([]);
    expect(document.messages).toEqual([]);
    let small: ClocksDocument = { ...empty, processes: ['p1', 'p2'] };
    expect(removeLastProcess(small).ok).toBe(false);
    small = ok(addProcess(small));
    expect(small.processes).toEqual(['p1', 'p2', 'p3']);
  });

  it('over 500 random edit sequences (seeded), every accepted diagram is a possible execution', () => {
    for (let seed = 1; seed <= 500; seed++) {
      const prng = new Prng(seed);
      let document = empty;
      for (let step = 0; step < 12; step++) {
        const process = () => document.processes[prng.intBetween(0, document.processes.length - 1)] as string;
        const choice = prng.intBetween(0, 3);
        const result = choice === 0
          ? addLocalEvent(document, process(), prng.intBetween(1, 100))
          : choice === 1
            ? addMessage(document, process(), prng.intBetween(1, 100), process(), prng.intBetween(1, 100))
            : choice === 2 && document.events.length > 0
              ? moveEvent(document, (document.events[prng.intBetween(0, document.events.length - 1)] as { id: string }).id, prng.intBetween(1, 100))
              : document.events.length > 0
                ? deleteEvents(document, [(document.events[prng.intBetween(0, document.events.length - 1)] as { id: string }).id])
                : addLocalEvent(document, process(), 1);
        if (result.ok) document = result.document;
        const clocks = tryComputeClocks(toExecution(document));
        expect(clocks.ok, `seed ${seed} step ${step}: ${clocks.ok ? '' : clocks.issues.map((issue) => issue.reason).join('; ')}`).toBe(true);
      }
    }
  });
});

describe('documents from executions and from storage', () => {
  it('places a random execution so that every message points forwards and the clocks are unchanged', () => {
    const execution = generateExecution({ seed: 3, processCount: 4, eventCount: 40 });
    const analysis = computeClocks(execution);
    const document = fromExecution(execution, { kind: 'random', seed: 3, processCount: 4, eventCount: 40 }, analysis.topologicalOrder);
    const timeOf = new Map(document.events.map((event) => [event.id, event.timeTicks]));
    for (const message of document.messages) expect(timeOf.get(message.receive!)!).toBeGreaterThan(timeOf.get(message.send)!);
    const again = computeClocks(toExecution(document));
    for (const stamp of analysis.events) {
      expect(again.events[again.index.eventIndex.get(stamp.event.id)!]!.vector).toEqual(stamp.vector);
    }
  });

  it('reads back what it stored, and turns anything malformed into null rather than a broken page', () => {
    const document = ok(appendMessage(exampleDocument(), 'p3', 'p1'));
    expect(parseStoredDocument(JSON.stringify(document))).toEqual(document);
    for (const bad of [null, '', '{', '[]', '{"version":2}', JSON.stringify({ ...document, events: [{ id: 'x', process: 'nowhere', timeTicks: 1, label: 'x' }] }), JSON.stringify({ ...document, messages: [{ id: 'm', from: 'p1', to: 'p2', send: 'ghost', receive: null }] })]) {
      expect(parseStoredDocument(bad)).toBeNull();
    }
  });
});
