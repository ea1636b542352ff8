// The simulation carries out user commands on messages in flight, and a checked run rebuilds its
// checker when the user forks the run.

import { describe, expect, it } from 'vitest';
import { applyCommand, createRaftRun } from './run.ts';
import { defaultRaftConfig } from './simulation.ts';
import type { RaftTraceEvent } from './trace.ts';

function firstInFlight(run: ReturnType<typeof createRaftRun>) {
  const message = [...run.simulation.messagesInFlight()][0];
  if (!message) throw new Error('no message in flight');
  return message;
}

function eventsFor(run: ReturnType<typeof createRaftRun>, messageId: number): RaftTraceEvent[] {
  return run.history.trace.slice().filter((event) => 'messageId' in event && event.messageId === messageId);
}

describe('messages in flight', () => {
  it('drop-message: the message never arrives and the drop says a user did it', () => {
    const run = createRaftRun(defaultRaftConfig({ seed: 3 }));
    run.history.advanceTo(1000);
    const message = firstInFlight(run);
    run.history.apply({ type: 'drop-message', messageId: message.id });
    run.history.advanceTo(1100);
    const kinds = eventsFor(run, message.id).map((event) => (event.kind === 'drop' ? `drop:${event.reason}` : event.kind));
    expect(kinds).toEqual(['send', 'drop:user']);
  });

  it('duplicate-message: a second copy with its own id and latency arrives too', () => {
    const run = createRaftRun(defaultRaftConfig({ seed: 3 }));
    run.history.advanceTo(1000);
    const message = firstInFlight(run);
    const sendsBefore = run.history.trace.slice().filter((event) => event.kind === 'send').length;
    run.history.apply({ type: 'duplicate-message', messageId: message.id });
    const copies = run.history.trace.slice(run.history.trace.length - 1);
    expect(copies[0]).toMatchObject({ kind: 'send', from: message.from, to: message.to, type: message.message.type });
    expect(run.history.trace.slice().filter((event) => event.kind === 'send').length).toBe(sendsBefore + 1);
    run.history.advanceTo(1100);
    expect(eventsFor(run, message.id).map((event) => event.kind)).toEqual(['send', 'deliver']);
  });

  it('delay-message: the message arrives later by the delay, exactly once', () => {
    const run = createRaftRun(defaultRaftConfig({ seed: 3 }));
    run.history.advanceTo(1000);
    const message = firstInFlight(run);
    run.history.apply({ type: 'delay-message', messageId: message.id, delayMs: 40 });
    run.history.advanceTo(1200);
    const events = eventsFor(run, message.id);
    expect(events.map((event) => event.kind)).toEqual(['send', 'deliver']);
    expect(events[1]!.timeMs).toBe(message.deliverAtMs + 40);
  });
});

describe('a checked run', () => {
  it('forgets violations of a discarded future when the user forks before them', () => {
    const run = createRaftRun(defaultRaftConfig({ seed: 1, nodeCount: 3, bugs: ['forget-on-restart'] }), { checked: true });
    applyCommand(run, { type: 'cut', from: 'n1', to: 'n3', bothWays: false });
    applyCommand(run, { type: 'timeout', node: 'n1' });
    run.history.advanceTo(30);
    applyCommand(run, { type: 'crash', node: 'n2' });
    applyCommand(run, { type: 'restart', node: 'n2' });
    applyCommand(run, { type: 'timeout', node: 'n3' });
    run.history.advanceTo(60);
    expect(run.checker!.violations.map((violation) => violation.name)).toContain('election-safety');

    run.history.seek(20);
    applyCommand(run, { type: 'heal' });
    expect(run.checker!.violations).toEqual([]);
    run.history.advanceTo(3000);
    expect(run.checker!.violations).toEqual([]);
    expect(run.simulation.currentLeader()).toBeDefined();
  });
});
