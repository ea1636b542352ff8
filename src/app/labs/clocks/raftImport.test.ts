// "Open this run in the clocks lab": a Raft trace's sends and deliveries become an execution whose vector clocks follow the messages.
import { describe, expect, it } from 'vitest';
import { computeClocks, vectorRecord } from '../../../kernel/protocols/clocks/index.ts';
import type { RaftTraceEvent } from '../../../kernel/protocols/raft/trace.ts';
import { toExecution } from './clocksDocument.ts';
import { convertRaftHandoff, raftHandoffJson } from './raftImport.ts';

const send = (timeMs: number, messageId: number, from: string, to: string): RaftTraceEvent => ({
  kind: 'send', timeMs, messageId, from, to, type: 'RequestVote', term: 2, deliverAtMs: timeMs + 5, detail: [0, 0],
});
const deliver = (timeMs: number, messageId: number, from: string, to: string): RaftTraceEvent => ({ kind: 'deliver', timeMs, messageId, from, to });

describe('Raft run → space-time diagram', () => {
  it('a broadcast is one send event; deliveries are receives; a dropped message stays in flight', () => {
    const trace: RaftTraceEvent[] = [
      { kind: 'timer', timeMs: 100, node: 'n1', timer: 'election' },
      send(100, 1, 'n1', 'n2'),
      send(100, 2, 'n1', 'n3'),
      { kind: 'drop', timeMs: 100, messageId: 2, from: 'n1', to: 'n3', reason: 'partition' },
      deliver(104, 1, 'n1', 'n2'),
      send(104, 3, 'n2', 'n1'),
      deliver(104, 3, 'n2', 'n1'),
    ];
    const converted = convertRaftHandoff(JSON.parse(raftHandoffJson('seed 1, 3 nodes', ['n1', 'n2', 'n3'], trace)));
    expect(converted.ok).toBe(true);
    if (!converted.ok) return;
    const { document, dropped } = converted;
    expect(dropped).toBe(1);
    expect(document.events.map((event) => [event.id, event.process])).toEqual([['n1:1', 'n1'], ['n2:1', 'n2'], ['n2:2', 'n2'], ['n1:2', 'n1']]);
    expect(document.events[0]!.label).toBe('RequestVote term 2 (broadcast)');
    expect(document.messages.find((message) => message.id === 'm2')).toMatchObject({ send: 'n1:1', receive: null });
    // The reply was delivered in the same millisecond it was sent: nudged one tick later so it points forwards.
    const timeOf = new Map(document.events.map((event) => [event.id, event.timeTicks]));
    expect(timeOf.get('n1:2')).toBeGreaterThan(timeOf.get('n2:2')!);
    const analysis = computeClocks(toExecution(document));
    const vector = (id: string) => vectorRecord(analysis.processes, analysis.events[analysis.index.eventIndex.get(id)!]!.vector);
    expect(vector('n1:2')).toEqual({ n1: 2, n2: 2, n3: 0 });
    expect(document.origin).toEqual({ kind: 'raft', name: 'seed 1, 3 nodes' });
  });

  it('refuses what sessionStorage might hold instead of a run', () => {
    for (const value of [null, 42, { name: 'x' }, { name: 'x', nodes: ['n1'], events: [{ kind: 'send' }] }]) {
      expect(convertRaftHandoff(value).ok).toBe(false);
    }
    expect(convertRaftHandoff({ name: 'x', nodes: ['n1', 'n2'], events: [] })).toEqual({ ok: false, reason: expect.stringContaining('no messages yet') });
  });
});
