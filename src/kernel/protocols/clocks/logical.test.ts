// Lamport and vector clock rules, and execution validation, on small hand-made executions.

import { describe, expect, it } from 'vitest';
import {
  checkNewMessage,
  ExecutionBuildError,
  ExecutionBuilder,
  validateExecution,
  type Execution,
} from './execution.ts';
import { computeClocks, InvalidExecutionError, stampOf, tryComputeClocks, vectorRecord } from './logical.ts';

/**
 * p1: a, send m1 → p2, local, receive m3
 * p2: x, y, z, receive m1, send m2 → p3
 * p3: q, receive m2, send m3 → p1
 */
function handMade() {
  const builder = new ExecutionBuilder(['p1', 'p2', 'p3']);
  const ids = {
    a: builder.local('p1', 'a'),
    sendM1: builder.send('p1', 'p2', 'm1'),
    x: builder.local('p2', 'x'),
    y: builder.local('p2', 'y'),
    z: builder.local('p2', 'z'),
    receiveM1: builder.receive('p2', 'm1'),
    sendM2: builder.send('p2', 'p3', 'm2'),
    q: builder.local('p3', 'q'),
    receiveM2: builder.receive('p3', 'm2'),
    sendM3: builder.send('p3', 'p1', 'm3'),
    b: builder.local('p1', 'b'),
    receiveM3: builder.receive('p1', 'm3'),
  };
  return { execution: builder.build(), ids };
}

describe('Lamport clocks (Lamport 1978, IR1 and IR2)', () => {
  it('IR1: each process increments its clock between two successive events', () => {
    const { execution, ids } = handMade();
    const analysis = computeClocks(execution);
    expect([ids.x, ids.y, ids.z].map((id) => stampOf(analysis, id).lamport)).toEqual([1, 2, 3]);
    expect(stampOf(analysis, ids.a).lamportExplanation).toBe('first event on p1, local event: 0 + 1 = 1');
  });

  it('IR2: a receive sets the clock past both its own value and the timestamp the message carries', () => {
    const { execution, ids } = handMade();
    const analysis = computeClocks(execution);
    // The local clock (3) is ahead of what m1 carries (2).
    expect(stampOf(analysis, ids.sendM1).lamport).toBe(2);
    expect(stampOf(analysis, ids.receiveM1).lamport).toBe(4);
    expect(stampOf(analysis, ids.receiveM1).lamportExplanation).toBe('receive m1: max(local 3, received 2) + 1 = 4');
    // The message (7) is ahead of the local clock (3).
    expect(stampOf(analysis, ids.sendM3).lamport).toBe(7);
    expect(stampOf(analysis, ids.receiveM3).lamport).toBe(8);
    expect(stampOf(analysis, ids.receiveM3).lamportExplanation).toBe('receive m3: max(local 3, received 7) + 1 = 8');
    expect(stampOf(analysis, ids.sendM2).lamportExplanation).toBe('send m2: 4 + 1 = 5; m2 carries 5');
  });
});

describe('vector clocks (Fidge 1988, Mattern 1989)', () => {
  it('ticks its own entry on every event and takes the componentwise max on receipt', () => {
    const { execution, ids } = handMade();
    const analysis = computeClocks(execution);
    const vectors = Object.fromEntries(Object.entries(ids).map(([name, id]) => [name, stampOf(analysis, id).vector]));
    expect(vectors).toEqual({
      a: [1, 0, 0],
      sendM1: [2, 0, 0],
      x: [0, 1, 0],
      y: [0, 2, 0],
      z: [0, 3, 0],
      receiveM1: [2, 4, 0],
      sendM2: [2, 5, 0],
      q: [0, 0, 1],
      receiveM2: [2, 5, 2],
      sendM3: [2, 5, 3],
      b: [3, 0, 0],
      receiveM3: [4, 5, 3],
    });
    expect(stampOf(analysis, ids.receiveM1).vectorExplanation).toBe('receive m1: max([0, 3, 0], [2, 0, 0]) = [2, 3, 0]; p2 + 1 → [2, 4, 0]');
    expect(vectorRecord(analysis.processes, stampOf(analysis, ids.receiveM3).vector)).toEqual({ p1: 4, p2: 5, p3: 3 });
  });

  it('handles an event that receives two messages (as ShiViz logs allow)', () => {
    const execution: Execution = {
      processes: ['p1', 'p2', 'p3'],
      events: [
        { id: 'a', process: 'p1', label: '', sends: ['m1'], receives: [] },
        { id: 'b', process: 'p2', label: '', sends: [], receives: [] },
        { id: 'c', process: 'p2', label: '', sends: ['m2'], receives: [] },
        { id: 'd', process: 'p3', label: '', sends: [], receives: ['m1', 'm2'] },
      ],
      messages: [
        { id: 'm1', from: 'p1', to: 'p3' },
        { id: 'm2', from: 'p2', to: 'p3' },
      ],
    };
    const analysis = computeClocks(execution);
    expect(stampOf(analysis, 'd').vector).toEqual([1, 2, 1]);
    expect(stampOf(analysis, 'd').lamport).toBe(3);
    expect(stampOf(analysis, 'd').lamportExplanation).toBe('receive m1, m2: max(start 0, received 1 from m1, received 2 from m2) + 1 = 3');
  });
});

describe('validation', () => {
  it('the builder refuses a receive before its send, with a reason', () => {
    const builder = new ExecutionBuilder(['p1', 'p2']);
    expect(() => builder.receive('p2', 'm1')).toThrow(new ExecutionBuildError('p2 cannot receive m1: m1 has not been sent yet.'));
    builder.send('p1', 'p2', 'm1');
    expect(() => builder.receive('p1', 'm1')).toThrow(/addressed to p2/);
    expect(() => builder.send('p1', 'p1', 'm2')).toThrow(/to itself/);
  });

  it('refuses a message whose receive happens before its send (a cycle), naming the loop', () => {
    // p2 receives m1 and then sends m2; p1 receives m2 and only then sends m1: m1 would arrive before it leaves.
    const execution: Execution = {
      processes: ['p1', 'p2'],
      events: [
        { id: 'p1:1', process: 'p1', label: '', sends: [], receives: ['m2'] },
        { id: 'p1:2', process: 'p1', label: '', sends: ['m1'], receives: [] },
        { id: 'p2:1', process: 'p2', label: '', sends: [], receives: ['m1'] },
        { id: 'p2:2', process: 'p2', label: '', sends: ['m2'], receives: [] },
      ],
      messages: [
        { id: 'm1', from: 'p1', to: 'p2' },
        { id: 'm2', from: 'p2', to: 'p1' },
      ],
    };
    const issues = validateExecution(execution);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.code).toBe('cycle');
    expect(issues[0]?.reason).toMatch(/^Message m\d would be received \(at p\d:1\) before it is sent: /);
    expect(issues[0]?.reason).toContain('→');
    const result = tryComputeClocks(execution);
    expect(result.ok).toBe(false);
    expect(() => computeClocks(execution)).toThrow(InvalidExecutionError);
  });

  it('refuses a receive listed before the send on the same process, and a receive on the wrong process', () => {
    const execution: Execution = {
      processes: ['p1', 'p2'],
      events: [
        { id: 'r', process: 'p2', label: '', sends: [], receives: ['m1'] },
        { id: 's', process: 'p1', label: '', sends: ['m1'], receives: [] },
      ],
      messages: [{ id: 'm1', from: 'p1', to: 'p1' }],
    };
    expect(validateExecution(execution).map((issue) => issue.code).sort()).toEqual(['message-to-self', 'wrong-receiver']);
  });

  it('checkNewMessage explains why a drag from a later point to an earlier one is refused', () => {
    const { execution, ids } = handMade();
    expect(checkNewMessage(execution, ids.x, ids.b)).toEqual({ ok: true });
    // a → m1 → receive m1 → send m2, so a message from send m2 back to a would arrive before it leaves.
    const refused = checkNewMessage(execution, ids.sendM2, ids.a);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.reason).toMatch(/already happens before the send/);
    expect(checkNewMessage(execution, ids.a, ids.b).ok).toBe(false);
  });
});
