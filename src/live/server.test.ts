// The live API refuses what it must (no token, a foreign Origin, a rebinding Host, a bad command), and a server killed mid-run leaves no process or folder behind.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { createInterface } from 'node:readline';
import { startLiveApiServer, type LiveApiServer } from './server.ts';
import { isAlive, requireRealSystems } from './live-test-support.ts';
import { descendantsOf } from './supervisor.ts';
import { sleep } from './etcd-cluster.ts';

const APP_ORIGIN = 'http://127.0.0.1:5173';

function call(port: number, path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: { host: `127.0.0.1:${port}`, ...options.headers } }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} }));
    });
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

describe('the live API guards', () => {
  let server: LiveApiServer;
  beforeAll(async () => {
    server = await startLiveApiServer({ allowedOrigins: [APP_ORIGIN] });
  });
  afterAll(async () => {
    await server.close();
  });
  const auth = () => ({ authorization: `Bearer ${server.token}` });

  it('listens on 127.0.0.1 and answers the app with the token', async () => {
    const answer = await call(server.port, '/api/live/availability', { headers: { ...auth(), origin: APP_ORIGIN } });
    expect(answer.status).toBe(200);
    expect(answer.body.ok).toBe(true);
  });

  it('refuses a request without the token, or with a wrong one', async () => {
    expect((await call(server.port, '/api/live/status')).status).toBe(401);
    expect((await call(server.port, '/api/live/status', { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
  });

  it('refuses a foreign Origin even with the token', async () => {
    const answer = await call(server.port, '/api/live/status', { headers: { ...auth(), origin: 'http://evil.example' } });
    expect(answer.status).toBe(403);
    expect(String(answer.body.error)).toContain('Origin');
  });

  it('refuses a foreign Host (DNS rebinding) even with the token', async () => {
    const answer = await call(server.port, '/api/live/status', { headers: { ...auth(), host: `evil.example:${server.port}` } });
    expect(answer.status).toBe(403);
    expect(String(answer.body.error)).toContain('DNS rebinding');
  });

  it('streams the status as server-sent events, the token in the query (EventSource cannot set headers)', async () => {
    const first = await new Promise<string>((resolve, reject) => {
      const outgoing = request({ host: '127.0.0.1', port: server.port, path: `/api/live/events?token=${server.token}`, headers: { host: `127.0.0.1:${server.port}`, origin: APP_ORIGIN } }, (response) => {
        expect(response.headers['content-type']).toBe('text/event-stream');
        response.setEncoding('utf8');
        response.once('data', (chunk: string) => {
          resolve(chunk);
          outgoing.destroy();
        });
      });
      outgoing.on('error', reject);
      outgoing.end();
    });
    expect(first).toBe('event: status\ndata: {"etcd":null,"postgres":null}\n\n');
  });

  it('validates every command and never takes a command line', async () => {
    const post = (body: unknown) => call(server.port, '/api/live/command', { method: 'POST', headers: { ...auth(), 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post({ type: 'shell', command: 'rm -rf /' })).status).toBe(400);
    expect((await post({ type: 'etcd.kill', node: 'n1; rm -rf /' })).status).toBe(400);
    expect((await post({ type: 'etcd.start', members: 4 })).body.problem).toBe('members must be 3 or 5');
    expect((await post({ type: 'etcd.put', key: 'x', value: '1', via: 'n1', extra: true })).status).toBe(400);
    expect((await post({ type: 'etcd.kill', node: 'n1' })).body.error).toContain('no etcd cluster is running');
    const notJson = await call(server.port, '/api/live/command', { method: 'POST', headers: { ...auth(), 'content-type': 'text/plain' }, body: '{}' });
    expect(notJson.status).toBe(415);
  });
});

describe('a live API server killed mid-run', () => {
  let child: ChildProcess | undefined;
  afterAll(() => {
    if (child?.pid && isAlive(child.pid)) child.kill('SIGKILL');
  });

  it('leaves no etcd or PostgreSQL process and no data folder behind', { timeout: 150_000 }, async () => {
    requireRealSystems({ etcd: true, postgres: true });
    child = spawn(process.execPath, ['--import', 'tsx', 'src/live/server-main.ts', '--app-origin', APP_ORIGIN], { stdio: ['ignore', 'pipe', 'inherit'] });
    const lines = createInterface({ input: child.stdout! });
    const announced = await new Promise<{ liveApi: string; token: string }>((resolve, reject) => {
      lines.on('line', (line) => {
        if (line.startsWith('{')) resolve(JSON.parse(line) as { liveApi: string; token: string });
      });
      child!.once('exit', () => reject(new Error('the server exited before announcing itself')));
    });
    const port = Number(new URL(announced.liveApi).port);
    const headers = { authorization: `Bearer ${announced.token}`, 'content-type': 'application/json' };
    const post = (body: unknown) => call(port, '/api/live/command', { method: 'POST', headers, body: JSON.stringify(body) });
    expect((await post({ type: 'etcd.start', members: 3 })).status).toBe(200);
    expect((await post({ type: 'postgres.start', mode: 'async' })).status).toBe(200);
    // One member paused: SIGKILL must reach a stopped process too.
    expect((await post({ type: 'etcd.pause', node: 'n2' })).status).toBe(200);
    const status = (await call(port, '/api/live/status', { headers })).body as {
      etcd: { members: { pid: number }[]; folder: string };
      postgres: { nodes: { pid: number }[]; folder: string };
    };
    const groups = [...status.etcd.members.map((member) => member.pid), ...status.postgres.nodes.map((node) => node.pid)];
    const pids = [...groups, ...groups.flatMap((group) => descendantsOf(group))];
    expect(pids.length).toBeGreaterThanOrEqual(5 + 2);
    expect(existsSync(status.etcd.folder)).toBe(true);

    child.kill('SIGKILL');
    const deadline = performance.now() + 10_000;
    while (performance.now() < deadline && (pids.some(isAlive) || existsSync(status.etcd.folder) || existsSync(status.postgres.folder))) await sleep(100);
    expect(pids.filter(isAlive)).toEqual([]);
    expect(existsSync(status.etcd.folder)).toBe(false);
    expect(existsSync(status.postgres.folder)).toBe(false);
  });
});
