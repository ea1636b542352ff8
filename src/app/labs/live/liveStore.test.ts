// The live page's store against a fake live server: the token on every call, the advice when the server is
// down or refuses the link, each command's outcome in words, the checker asked after requests, the drill's checks.
import { describe, expect, it } from 'vitest';
import { createLiveStore, type StatusStream } from './liveStore.ts';
import type { LiveStatus } from './liveWords.ts';

const API = 'http://127.0.0.1:41234';
const TOKEN = 'abcdefghijklmnopqrstuvwxyz012345';

interface Seen {
  readonly url: string;
  readonly method: string;
  readonly authorization: string | undefined;
  readonly body: unknown;
}

const etcdStatus: LiveStatus = {
  etcd: {
    members: [
      { id: 'n1', role: 'leader', term: 2, alive: true, partition: 0, leader: 'n1', raftIndex: 9, revision: 1, pid: 11 },
      { id: 'n2', role: 'follower', term: 2, alive: true, partition: 0, leader: 'n1', raftIndex: 9, revision: 1, pid: 12 },
      { id: 'n3', role: 'crashed', term: null, alive: false, partition: 0, leader: null, raftIndex: null, revision: null, pid: null },
    ],
    history: [],
  },
  postgres: null,
};

/** A fake server: routes answer with (status, body); every request is recorded. */
function fakeServer(routes: Record<string, (body: unknown) => [number, unknown]>) {
  const seen: Seen[] = [];
  const fetcher = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    const method = init?.method ?? 'GET';
    const body = init?.body ? JSON.parse(String(init.body)) : undefined;
    seen.push({ url, method, authorization: (init?.headers as Record<string, string> | undefined)?.authorization, body });
    const path = url.slice(API.length).replace(/\?.*$/, '');
    const route = routes[`${method} ${path}`];
    if (!route) return new Response(JSON.stringify({ ok: false, error: `no route ${method} ${path}` }), { status: 404 });
    const [status, answer] = route(body);
    return new Response(JSON.stringify(answer), { status });
  }) as typeof fetch;
  const streams: { url: string; onStatus: (status: LiveStatus) => void; onError: () => void; closed: boolean }[] = [];
  const openStream = (url: string, onStatus: (status: LiveStatus) => void, onError: () => void): StatusStream => {
    const stream = { url, onStatus, onError, closed: false };
    streams.push(stream);
    return { close: () => void (stream.closed = true) };
  };
  return { seen, fetcher, streams, openStream };
}

const available = { ok: true, etcd: { ok: true, path: '/usr/bin/etcd' }, postgres: { ok: false, problem: 'PostgreSQL was not found.', install: 'Install: apt-get install -y postgresql' } };

describe('the live store', () => {
  it('connects with the token, reads availability and status, then listens to the event stream (token in the query)', async () => {
    const server = fakeServer({ 'GET /api/live/availability': () => [200, available], 'GET /api/live/status': () => [200, { ok: true, ...etcdStatus }] });
    const store = createLiveStore({ api: API, token: TOKEN, fetch: server.fetcher, openStream: server.openStream });
    await store.getState().actions.connect();
    expect(store.getState().connection).toEqual({ kind: 'online' });
    expect(server.seen.every((request) => request.authorization === `Bearer ${TOKEN}`)).toBe(true);
    expect(store.getState().availability?.postgres).toEqual(available.postgres);
    expect(store.getState().status.etcd?.members.map((member) => member.role)).toEqual(['leader', 'follower', 'crashed']);
    expect(server.streams[0]!.url).toBe(`${API}/api/live/events?token=${TOKEN}`);

    // A status event replaces the status; a broken stream says the server does not answer; the next event says online again.
    server.streams[0]!.onStatus({ etcd: null, postgres: null });
    expect(store.getState().status.etcd).toBeNull();
    server.streams[0]!.onError();
    expect(store.getState().connection).toMatchObject({ kind: 'offline', why: 'not-running' });
    server.streams[0]!.onStatus(etcdStatus);
    expect(store.getState().connection).toEqual({ kind: 'online' });
    store.getState().actions.dispose();
    expect(server.streams[0]!.closed).toBe(true);
  });

  it('no server at all: offline, "not running" (the page then shows how to start it)', async () => {
    const fetcher = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    const store = createLiveStore({ api: API, token: TOKEN, fetch: fetcher, openStream: () => ({ close() {} }) });
    await store.getState().actions.connect();
    expect(store.getState().connection).toEqual({ kind: 'offline', why: 'not-running', detail: `no answer from ${API} (Failed to fetch)` });
  });

  it('a refused token and a refused origin give their own advice', async () => {
    for (const [status, why] of [
      [401, 'token'],
      [403, 'origin'],
    ] as const) {
      const server = fakeServer({ 'GET /api/live/availability': () => [status, { ok: false, error: 'refused' }] });
      const store = createLiveStore({ api: API, token: TOKEN, fetch: server.fetcher, openStream: server.openStream });
      await store.getState().actions.connect();
      expect(store.getState().connection).toEqual({ kind: 'offline', why, detail: 'refused' });
      expect(server.streams).toHaveLength(0);
    }
  });

  it('a write that lost quorum is logged in words, and the checker is asked about the history', async () => {
    const operation = { id: 0, client: 'c1', op: 'write', key: 'c', value: '3', node: 'n2', status: 'indeterminate', invokeMs: 500, completeMs: null, error: 'no answer within 1000 ms (quorum lost: 1 of 3 members reachable, a write needs 2)' };
    const server = fakeServer({
      'POST /api/live/command': () => [200, { ok: true, result: { operation } }],
      'GET /api/live/status': () => [200, { ok: true, ...etcdStatus }],
      'GET /api/live/history': () => [200, { ok: true, jsonLines: '{"format":"quorum-lab-history"}\n{"op":"write"}\n', verdict: 'linearizable', message: 'ok' }],
    });
    const store = createLiveStore({ api: API, token: TOKEN, fetch: server.fetcher, openStream: server.openStream });
    const sending = store.getState().actions.send({ type: 'etcd.put', key: 'c', value: '3', via: 'n2' }, 'writing c=3 via n2');
    expect(store.getState().busy).toBe('writing c=3 via n2');
    await sending;
    expect(store.getState().busy).toBeNull();
    expect(server.seen.find((request) => request.method === 'POST')!.body).toEqual({ type: 'etcd.put', key: 'c', value: '3', via: 'n2' });
    expect(store.getState().log[0]).toMatchObject({ system: 'etcd', tone: 'unknown' });
    expect(store.getState().log[0]!.text).toContain('quorum lost: 1 of 3 members reachable, a write needs 2');
    expect(server.seen.map((request) => request.url)).toContain(`${API}/api/live/history?system=etcd`);
    expect(store.getState().verdicts.etcd).toEqual({ verdict: 'linearizable', message: 'ok', operations: 1, reads: 0 });
  });

  it('a command the server refuses is logged with its reason; a second click while busy sends nothing', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const server = fakeServer({ 'GET /api/live/status': () => [200, { ok: true, etcd: null, postgres: null }] });
    const slowFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      if (init?.method === 'POST') await gate;
      return init?.method === 'POST' ? new Response(JSON.stringify({ ok: false, error: 'no etcd cluster is running: start one first' }), { status: 409 }) : server.fetcher(input, init);
    }) as typeof fetch;
    const store = createLiveStore({ api: API, token: TOKEN, fetch: slowFetch, openStream: server.openStream });
    const first = store.getState().actions.send({ type: 'etcd.kill', node: 'n1' }, 'killing n1');
    await store.getState().actions.send({ type: 'etcd.kill', node: 'n2' }, 'killing n2');
    release();
    await first;
    expect(store.getState().log).toHaveLength(1);
    expect(store.getState().log[0]).toMatchObject({ tone: 'fail', text: 'killing n1: no etcd cluster is running: start one first' });
  });

  it('a drill check keeps each check and what it saw', async () => {
    const checks = [
      { name: 'one member down and a leader still elected', ok: true, saw: 'at 541 ms n1 was down and n2 led term 3' },
      { name: 'a second member down and writes refused', ok: false, saw: 'no write was refused while 2 or more members were down' },
    ];
    const server = fakeServer({
      'POST /api/live/command': () => [200, { ok: true, result: { drill: 'etcd-quorum', checks } }],
      'GET /api/live/status': () => [200, { ok: true, ...etcdStatus }],
    });
    const store = createLiveStore({ api: API, token: TOKEN, fetch: server.fetcher, openStream: server.openStream });
    await store.getState().actions.send({ type: 'drill.check', drill: 'etcd-quorum' }, 'checking the drill');
    expect(store.getState().drill).toEqual({ drill: 'etcd-quorum', checks });
    expect(store.getState().log[0]).toMatchObject({ system: 'drill', text: '1 of 2 checks pass' });
  });

  it('the workload writes w through the leader, then reads it back; never two at once, never ahead of the learner', async () => {
    const posted: unknown[] = [];
    let release: () => void = () => {};
    const server = fakeServer({
      'GET /api/live/status': () => [200, { ok: true, ...etcdStatus }],
      'GET /api/live/history': () => [200, { ok: true, jsonLines: '{}\n', verdict: 'linearizable', message: '' }],
    });
    const fetcher = (async (input: RequestInfo | URL, init?: RequestInit) => {
      if (init?.method !== 'POST') return server.fetcher(input, init);
      const command = JSON.parse(String(init.body)) as { type: string };
      posted.push(command);
      await new Promise<void>((resolve) => (release = resolve));
      const operation = { id: posted.length - 1, client: 'c1', op: command.type === 'etcd.put' ? 'write' : 'read', key: 'w', value: '1', node: 'n1', status: 'ok', invokeMs: 1, completeMs: 2 };
      return new Response(JSON.stringify({ ok: true, result: { operation } }), { status: 200 });
    }) as typeof fetch;
    let tick: () => void = () => {};
    let stopped = false;
    const store = createLiveStore({ api: API, token: TOKEN, fetch: fetcher, openStream: server.openStream, every: (_ms, callback) => ((tick = callback), () => void (stopped = true)) });
    await store.getState().actions.refreshStatus();
    store.getState().actions.setWorkload('etcd');
    expect(store.getState().workload).toBe('etcd');
    tick();
    tick(); // the first request has not answered: nothing more is sent
    await Promise.resolve();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(posted).toEqual([{ type: 'etcd.put', key: 'w', value: '1', via: 'n1' }]);
    release();
    await new Promise((resolve) => setTimeout(resolve, 10));
    tick();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(posted[1]).toEqual({ type: 'etcd.get', key: 'w', via: 'n1', serializable: false });
    // The learner's command waits for the workload's request, then runs: it is not dropped.
    const kill = store.getState().actions.send({ type: 'etcd.kill', node: 'n2' }, 'killing n2');
    expect(store.getState().busy).toBe('killing n2');
    release();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(posted[2]).toEqual({ type: 'etcd.kill', node: 'n2' });
    release();
    await kill;
    store.getState().actions.setWorkload(null);
    expect(stopped).toBe(true);
    expect(store.getState().workload).toBeNull();
    expect(store.getState().log.map((entry) => entry.text)).toEqual(expect.arrayContaining(['write w=1 via n1: committed in 1 ms']));
  });
});
