// Maelstrom's clients as a state machine: request bodies, msg_id / in_reply_to, definite and
// indefinite errors, timeouts that retire a process (Jepsen), replies nobody waits for.
import { describe, expect, it } from 'vitest';
import { completionOf, defaultWorkloadOptions, operationsOf, WorkloadClients, type WorkloadEffect } from './workload.ts';
import { checkEcho, checkLinKv } from './workload-checks.ts';
import type { WorkloadOperation } from './workload.ts';

const options = { ...defaultWorkloadOptions('lin-kv', 15), threadsPerNode: 1 };

function firstRequest(clients: WorkloadClients) {
  const [timer] = clients.start(0) as Extract<WorkloadEffect, { kind: 'timer' }>[];
  const effects = clients.timer(timer!.thread, timer!.token, timer!.atMs);
  const send = effects.find((effect) => effect.kind === 'send') as Extract<WorkloadEffect, { kind: 'send' }>;
  const timeout = effects.find((effect) => effect.kind === 'timer') as Extract<WorkloadEffect, { kind: 'timer' }>;
  return { send, timeout, atMs: timer!.atMs };
}

describe("Maelstrom's lin-kv client", () => {
  it('sends read/write/cas with a msg_id to the node it is bound to', () => {
    const clients = new WorkloadClients('lin-kv', ['n1', 'n2'], 1, options);
    const { send } = firstRequest(clients);
    expect(send.from).toBe('c1');
    expect(send.to).toBe('n1');
    expect(['read', 'write', 'cas']).toContain(send.body.type);
    expect(Number.isInteger(send.body.msg_id)).toBe(true);
    if (send.body.type === 'cas') expect(Object.keys(send.body).sort()).toEqual(['from', 'key', 'msg_id', 'to', 'type']);
  });

  it('completes on the reply whose in_reply_to is its msg_id, and ignores others', () => {
    const clients = new WorkloadClients('lin-kv', ['n1'], 1, options);
    const { send, atMs } = firstRequest(clients);
    expect(clients.reply('c1', { type: 'write_ok', in_reply_to: 999 }, atMs + 5)).toEqual([]);
    const effects = clients.reply('c1', { type: 'read_ok', value: 3, in_reply_to: send.body.msg_id }, atMs + 10);
    expect(effects[0]).toMatchObject({ kind: 'complete', index: 0, completion: { type: 'ok', timeMs: atMs + 10, value: 3 } });
  });

  it('definite errors (1, 10, 11, 20, 21, 22) fail; others (0 timeout, 13 crash, unknown) are :info', () => {
    for (const code of [1, 10, 11, 20, 21, 22]) expect(completionOf('error', { code, text: 'x' }, 0).type).toBe('fail');
    for (const code of [0, 13, 14_000]) expect(completionOf('error', { code }, 0).type).toBe('info');
    expect(completionOf('error', { code: 22, text: 'expected 1' }, 0).error).toBe('error 22 precondition-failed: expected 1');
    expect(completionOf('error', { code: 20 }, 0).error).toBe('error 20 key-does-not-exist');
    expect(completionOf('read', {}, 0)).toMatchObject({ type: 'info' });
  });

  it('a timeout is :info and retires the process: a new client id carries on, a late reply is ignored', () => {
    const clients = new WorkloadClients('lin-kv', ['n1'], 1, options);
    const { send, timeout } = firstRequest(clients);
    const effects = clients.timer(timeout.thread, timeout.token, timeout.atMs);
    expect(effects[0]).toMatchObject({ kind: 'complete', completion: { type: 'info', error: `timed out: no reply within ${options.timeoutMs} ms` } });
    expect(clients.reply('c1', { type: 'write_ok', in_reply_to: send.body.msg_id }, timeout.atMs + 1)).toEqual([]);
    const next = effects[1] as Extract<WorkloadEffect, { kind: 'timer' }>;
    const again = clients.timer(next.thread, next.token, next.atMs);
    expect(again.find((effect) => effect.kind === 'send')).toMatchObject({ from: 'c2', to: 'n1' });
    expect(clients.isClient('c1') && clients.isClient('c2') && !clients.isClient('c3')).toBe(true);
  });

  it('the same seed gives the same requests', () => {
    const bodies = (seed: number) => firstRequest(new WorkloadClients('lin-kv', ['n1'], seed, options)).send.body;
    expect(bodies(7)).toEqual(bodies(7));
  });
});

function op(index: number, client: string, request: WorkloadOperation['request'], invokeMs: number, completion: WorkloadOperation['completion']): WorkloadOperation {
  return { index, client, node: 'n1', request, msgId: index + 1, invokeMs, completion };
}

describe('the workload checks catch planted bugs', () => {
  it('echo: a wrong text fails at the moment it was answered; a timeout alone does not', () => {
    const good = op(0, 'c1', { f: 'echo', echo: 'Please echo 1' }, 0, { type: 'ok', timeMs: 10, value: 'Please echo 1' });
    const lost = op(1, 'c2', { f: 'echo', echo: 'Please echo 2' }, 0, { type: 'info', timeMs: 1000, error: 'timed out' });
    expect(checkEcho([good, lost]).ok).toBe(true);
    const wrong = op(2, 'c1', { f: 'echo', echo: 'Please echo 3' }, 20, { type: 'ok', timeMs: 30, value: 'Please echo 1' });
    expect(checkEcho([good, lost, wrong])).toMatchObject({ ok: false, problemAtMs: 30, operationIndex: 2 });
  });

  it('lin-kv: a read of an overwritten value fails; :fail operations are left out; :info may land late', () => {
    const write1 = op(0, 'c1', { f: 'write', key: 0, value: 1 }, 0, { type: 'ok', timeMs: 10 });
    const write2 = op(1, 'c1', { f: 'write', key: 0, value: 2 }, 20, { type: 'ok', timeMs: 30 });
    const stale = op(2, 'c2', { f: 'read', key: 0 }, 40, { type: 'ok', timeMs: 50, value: 1 });
    expect(checkLinKv([write1, write2, stale])).toMatchObject({ ok: false, problemAtMs: 50, operationIndex: 2 });
    // A failed cas (error 22) definitely did not happen: a read of 2 after it is fine.
    const failedCas = op(2, 'c2', { f: 'cas', key: 0, from: 5, to: 3 }, 40, { type: 'fail', timeMs: 45, error: 'error 22 precondition-failed' });
    const fresh = op(3, 'c2', { f: 'read', key: 0 }, 50, { type: 'ok', timeMs: 60, value: 2 });
    expect(checkLinKv([write1, write2, failedCas, fresh]).ok).toBe(true);
    // A timed-out write may take effect after it: reading its value later is linearizable.
    const lateWrite = op(2, 'c3', { f: 'write', key: 0, value: 7 }, 35, { type: 'info', timeMs: 1035, error: 'timed out' });
    const readLate = op(3, 'c2', { f: 'read', key: 0 }, 2000, { type: 'ok', timeMs: 2010, value: 7 });
    expect(checkLinKv([write1, write2, lateWrite, readLate]).ok).toBe(true);
  });

  it('operationsOf pairs invocations with completions; a pending one stays pending', () => {
    const invoke = op(0, 'c1', { f: 'read', key: 0 }, 5, undefined);
    const operations = operationsOf([
      { kind: 'invoke', operation: invoke },
      { kind: 'invoke', operation: { ...invoke, index: 1, client: 'c2' } },
      { kind: 'complete', index: 0, completion: { type: 'ok', timeMs: 9, value: null } },
    ]);
    expect(operations.map((operation) => operation.completion?.type ?? 'pending')).toEqual(['ok', 'pending']);
  });
});
