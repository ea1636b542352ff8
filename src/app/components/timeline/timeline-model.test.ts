// Tests for the diagram's data: message segments, role bands and actions built (incrementally) from a Raft trace.

import { describe, expect, it } from 'vitest';
import { createRaftRun } from '../../../kernel/protocols/raft/run.ts';
import { defaultRaftConfig } from '../../../kernel/protocols/raft/simulation.ts';
import type { RaftTraceEvent } from '../../../kernel/protocols/raft/trace.ts';
import { Prng } from '../../../kernel/prng.ts';
import { describeCommand, lowerBound, TimelineModel, upperBound, type MessageSegment } from './timeline-model.ts';

type SendEvent = Extract<RaftTraceEvent, { kind: 'send' }>;

function send(overrides: Partial<SendEvent> & Pick<SendEvent, 'messageId' | 'timeMs'>): SendEvent {
  return {
    kind: 'send',
    from: 'n1',
    to: 'n2',
    type: 'AppendEntries',
    term: 1,
    // AppendEntries [prevLogIndex, prevLogTerm, entry count, leaderCommit]: a heartbeat.
    detail: [0, 0, 0, 0],
    deliverAtMs: overrides.timeMs + 10,
    ...overrides,
  };
}

/** A real trace from the kernel: an election, a client write, the leader crashing, a partition, healing. */
function kernelTrace(seed: number, endMs = 6000): RaftTraceEvent[] {
  const run = createRaftRun(defaultRaftConfig({ seed, lossPercent: 5 }));
  const history = run.history;
  const leader = () => run.simulation.nodes.find((node) => run.simulation.displayRole(node) === 'leader')?.id;
  history.advanceTo(1500);
  history.apply({ type: 'request', value: 'x=1' });
  history.advanceTo(2500);
  const crashed = leader();
  if (crashed) history.apply({ type: 'crash', node: crashed });
  history.advanceTo(3300);
  history.apply({ type: 'partition', groups: [['n1', 'n2'], ['n3', 'n4', 'n5']] });
  history.advanceTo(4000);
  if (crashed) history.apply({ type: 'restart', node: crashed });
  history.apply({ type: 'heal' });
  history.advanceTo(endMs);
  return history.trace.slice();
}

/** Plain-data view of a model, for comparing two of them. */
function snapshot(model: TimelineModel, nodes: readonly string[]) {
  return {
    segments: model.segments.map((segment) => ({ ...segment })),
    bands: nodes.map((node) => model.bandsOf(node).map((band) => ({ ...band }))),
    actions: model.actions.map((action) => action.label),
    notable: model.notableEvents.length,
    maxFlightMs: model.maxFlightMs,
    droppedCount: model.droppedCount,
  };
}

const NODES = ['n1', 'n2', 'n3', 'n4', 'n5'];

describe('message segments', () => {
  it('runs an arrow from the send to the delivery', () => {
    const model = new TimelineModel();
    model.sync([send({ messageId: 1, timeMs: 100, deliverAtMs: 112 }), { kind: 'deliver', timeMs: 112, messageId: 1, from: 'n1', to: 'n2' }]);
    expect(model.segments).toHaveLength(1);
    expect(model.segments[0]).toMatchObject({
      from: 'n1',
      to: 'n2',
      sentAtMs: 100,
      endAtMs: 112,
      outcome: 'delivered',
      endFraction: 1,
      kind: 'heartbeat',
      summary: 'AppendEntries term 1, prev (0, 0), heartbeat, commit 0',
    });
  });

  it('ends an undelivered arrow at its planned delivery', () => {
    const model = new TimelineModel();
    model.sync([send({ messageId: 1, timeMs: 100, deliverAtMs: 118 })]);
    expect(model.segments[0]).toMatchObject({ outcome: 'in-flight', endAtMs: 118, endFraction: 1 });
  });

  it('ends a dropped arrow where the drop happened, with the reason, part of the way across', () => {
    const model = new TimelineModel();
    model.sync([
      send({ messageId: 1, timeMs: 100, deliverAtMs: 120 }),
      { kind: 'drop', timeMs: 105, messageId: 1, from: 'n1', to: 'n2', reason: 'crashed' },
      send({ messageId: 2, timeMs: 110, deliverAtMs: 125 }),
      { kind: 'drop', timeMs: 110, messageId: 2, from: 'n1', to: 'n2', reason: 'partition' },
    ]);
    expect(model.segments[0]).toMatchObject({ outcome: 'dropped', endAtMs: 105, endFraction: 0.25, dropReason: 'crashed' });
    // Blocked at the send: the X sits on the sender's lane.
    expect(model.segments[1]).toMatchObject({ outcome: 'dropped', endAtMs: 110, endFraction: 0, dropReason: 'partition' });
    expect(model.droppedCount).toBe(2);
  });

  it('tells the message kinds apart, heartbeats from AppendEntries with entries by the entry count', () => {
    const model = new TimelineModel();
    model.sync([
      send({ messageId: 1, timeMs: 1, type: 'RequestVote', detail: [0, 0] }),
      send({ messageId: 2, timeMs: 2, type: 'RequestVoteReply', detail: [1] }),
      send({ messageId: 3, timeMs: 3, type: 'RequestVoteReply', detail: [0] }),
      send({ messageId: 4, timeMs: 4, type: 'AppendEntries', detail: [0, 0, 0, 0] }),
      send({ messageId: 5, timeMs: 5, type: 'AppendEntries', detail: [0, 0, 2, 0] }),
      send({ messageId: 6, timeMs: 6, type: 'AppendEntriesReply', detail: [1, 2] }),
      send({ messageId: 7, timeMs: 7, type: 'AppendEntriesReply', detail: [0, 0] }),
    ]);
    expect(model.segments.map((segment) => segment.kind)).toEqual([
      'request-vote',
      'vote-granted',
      'vote-refused',
      'heartbeat',
      'append-entries',
      'append-ok',
      'append-refused',
    ]);
  });
});

describe('safety lab additions', () => {
  it('draws PreVote apart from RequestVote, and names the message faults a user applied', () => {
    const model = new TimelineModel();
    model.sync([
      send({ messageId: 1, timeMs: 1, type: 'PreVote', detail: [0, 0] }),
      send({ messageId: 2, timeMs: 2, type: 'RequestVote', detail: [0, 0] }),
      { kind: 'action', timeMs: 3, command: { type: 'delay-message', messageId: 2, delayMs: 50 } },
      { kind: 'action', timeMs: 4, command: { type: 'drop-message', messageId: 1 } },
    ]);
    expect(model.segments.map((segment) => segment.kind)).toEqual(['pre-vote', 'request-vote']);
    expect(model.actions.map((action) => action.label)).toEqual(['delay message 2 +50 ms', 'drop message 1']);
  });
});

describe('role bands', () => {
  it('starts every lane as a follower of term 0 and splits it at each role or term change', () => {
    const model = new TimelineModel();
    model.sync([
      { kind: 'term', timeMs: 150, node: 'n1', term: 1 },
      { kind: 'role', timeMs: 150, node: 'n1', role: 'candidate', term: 1 },
      { kind: 'role', timeMs: 180, node: 'n1', role: 'leader', term: 1 },
      { kind: 'role', timeMs: 900, node: 'n1', role: 'crashed', term: 1 },
      { kind: 'role', timeMs: 1400, node: 'n1', role: 'follower', term: 1 },
      { kind: 'term', timeMs: 1500, node: 'n1', term: 2 },
    ]);
    expect(model.bandsOf('n1').map(({ role, term, startMs, endMs }) => [role, term, startMs, endMs])).toEqual([
      ['follower', 0, 0, 150],
      // The term change and the role change at 150 make one band, not a zero-width one.
      ['candidate', 1, 150, 180],
      ['leader', 1, 180, 900],
      ['crashed', 1, 900, 1400],
      ['follower', 1, 1400, 1500],
      ['follower', 2, 1500, Number.POSITIVE_INFINITY],
    ]);
    expect(model.bandsOf('n7')).toEqual([{ node: 'n7', role: 'follower', term: 0, startMs: 0, endMs: Number.POSITIVE_INFINITY }]);
  });

  it('finds the band at a time and the bands overlapping a window', () => {
    const model = new TimelineModel();
    model.sync([
      { kind: 'role', timeMs: 100, node: 'n2', role: 'candidate', term: 1 },
      { kind: 'role', timeMs: 200, node: 'n2', role: 'leader', term: 1 },
    ]);
    expect(model.bandAt('n2', 50).role).toBe('follower');
    expect(model.bandAt('n2', 100).role).toBe('candidate');
    expect(model.bandAt('n2', 5000).role).toBe('leader');
    expect(model.bandRange('n2', 150, 160)).toEqual([1, 2]);
    expect(model.bandRange('n2', 0, 1000)).toEqual([0, 3]);
  });
});

describe('user actions', () => {
  it('marks each action with a label and the node it concerns', () => {
    const model = new TimelineModel();
    model.sync([
      { kind: 'action', timeMs: 10, command: { type: 'crash', node: 'n3' } },
      { kind: 'action', timeMs: 20, command: { type: 'partition', groups: [['n1', 'n2'], ['n3']] } },
      { kind: 'action', timeMs: 30, command: { type: 'request', value: 'x=1', via: 'n2' } },
    ]);
    expect(model.actions.map(({ label, node }) => [label, node])).toEqual([
      ['crash n3', 'n3'],
      ['partition n1,n2 | n3', null],
      ['request x=1 via n2', 'n2'],
    ]);
    expect(describeCommand({ type: 'cut', from: 'n1', to: 'n2', bothWays: true })).toBe('cut n1↔n2');
  });
});

describe('incremental building', () => {
  it.each([1, 2, 3])('gives the same model fed in slices as fed at once (kernel trace, seed %i)', (seed) => {
    const trace = kernelTrace(seed);
    const prng = new Prng(seed);
    const incremental = new TimelineModel();
    const growing: RaftTraceEvent[] = [];
    while (growing.length < trace.length) {
      const sliceLength = prng.intBetween(1, 400);
      growing.push(...trace.slice(growing.length, growing.length + sliceLength));
      incremental.sync(growing);
    }
    const whole = new TimelineModel();
    whole.sync(trace);
    expect(snapshot(incremental, NODES)).toEqual(snapshot(whole, NODES));
    expect(incremental.resetCount).toBe(whole.resetCount);
    expect(whole.segments.length).toBeGreaterThan(100);
    expect(whole.droppedCount).toBeGreaterThan(0);
    expect(whole.actions.length).toBeGreaterThanOrEqual(4);
  });

  it('starts over when the trace gets shorter (the run forked) and matches a fresh build', () => {
    const trace = kernelTrace(4);
    const model = new TimelineModel();
    model.sync(trace);
    const forked = trace.slice(0, Math.floor(trace.length / 2));
    model.sync(forked);
    const fresh = new TimelineModel();
    fresh.sync(forked);
    expect(snapshot(model, NODES)).toEqual(snapshot(fresh, NODES));
    expect(model.resetCount).toBe(1);
  });

  it('starts over when the epoch changes or the last seen event is no longer there', () => {
    const model = new TimelineModel();
    const first = [send({ messageId: 1, timeMs: 100 }), send({ messageId: 2, timeMs: 200 })];
    model.sync(first, 1);
    const resetsBefore = model.resetCount;
    model.sync(first, 2);
    expect(model.resetCount).toBe(resetsBefore + 1);
    // A fork followed by enough new events to be longer than before.
    model.sync([send({ messageId: 1, timeMs: 100 }), send({ messageId: 7, timeMs: 150 }), send({ messageId: 8, timeMs: 300 })], 2);
    expect(model.resetCount).toBe(resetsBefore + 2);
    expect(model.segments.map((segment) => segment.messageId)).toEqual([1, 7, 8]);
  });

  it('does not start over for copies of the same events (a trace that crossed a worker boundary)', () => {
    const trace = kernelTrace(5, 3000);
    const model = new TimelineModel();
    model.sync(trace.slice(0, 500));
    const copies = structuredClone(trace);
    expect(model.sync(copies)).toBe(true);
    expect(model.resetCount).toBe(0);
    expect(model.eventCount).toBe(trace.length);
  });
});

describe('visible-window search', () => {
  it('lowerBound and upperBound find the first key at-or-after and after a value', () => {
    const times = [1, 3, 3, 3, 7];
    const identity = (value: number) => value;
    expect([0, 1, 3, 4, 8].map((value) => lowerBound(times, value, identity))).toEqual([0, 0, 1, 4, 5]);
    expect([0, 1, 3, 4, 8].map((value) => upperBound(times, value, identity))).toEqual([0, 1, 4, 4, 5]);
  });

  it('segmentRange holds exactly the arrows a brute-force scan finds overlapping the window (many random windows)', () => {
    const model = new TimelineModel();
    model.sync(kernelTrace(6));
    const prng = new Prng(6);
    const overlaps = (segment: MessageSegment, startMs: number, endMs: number) => segment.sentAtMs <= endMs && segment.endAtMs >= startMs;
    for (let trial = 0; trial < 300; trial++) {
      const startMs = prng.intBetween(-100, 6100);
      const endMs = startMs + prng.intBetween(0, 3000);
      const expected = model.segments.filter((segment) => overlaps(segment, startMs, endMs));
      const [first, last] = model.segmentRange(startMs, endMs);
      const found = model.segments.slice(first, last).filter((segment) => segment.endAtMs >= startMs);
      expect(found).toEqual(expected);
      // The range is tight: a window holds at most a flight's worth of extra arrows.
      expect(last - first).toBeLessThanOrEqual(expected.length + model.segments.filter((s) => s.sentAtMs >= startMs - model.maxFlightMs && s.sentAtMs < startMs).length);
    }
  });

  it('bandRange and actionRange agree with brute force', () => {
    const model = new TimelineModel();
    model.sync(kernelTrace(7));
    const prng = new Prng(7);
    for (let trial = 0; trial < 200; trial++) {
      const startMs = prng.intBetween(0, 6000);
      const endMs = startMs + prng.intBetween(0, 2000);
      for (const node of NODES) {
        const bands = model.bandsOf(node);
        const [first, last] = model.bandRange(node, startMs, endMs);
        expect(bands.slice(first, last)).toEqual(bands.filter((band) => band.startMs <= endMs && band.endMs > startMs));
      }
      const [firstAction, lastAction] = model.actionRange(startMs, endMs);
      expect(model.actions.slice(firstAction, lastAction)).toEqual(model.actions.filter((action) => action.timeMs >= startMs && action.timeMs <= endMs));
    }
  });

  it('lists the last notable events up to a moment, leaving out heartbeats', () => {
    const model = new TimelineModel();
    model.sync(kernelTrace(8));
    const recent = model.notableBefore(2600, 5);
    expect(recent.length).toBe(5);
    expect(recent.every((event) => event.timeMs <= 2600)).toBe(true);
    expect(recent.some((event) => event.kind === 'send' && event.type === 'AppendEntries' && event.detail[2] === 0)).toBe(false);
  });
});
