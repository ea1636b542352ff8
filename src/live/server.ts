// The live lab's local API: HTTP + server-sent events on 127.0.0.1 only, a per-start random token, no foreign Origin or Host.
//
// Defences, each for a named attack:
// - bound to 127.0.0.1: nothing else on the network can connect;
// - the Host header must name this server (127.0.0.1:<port> or localhost:<port>): a page on a
//   rebinding domain (evil.example resolving to 127.0.0.1) arrives with its own name and is refused;
// - an Origin header, when present, must be the app's origin or this server's: other pages are refused;
// - every request but a CORS preflight carries the token (Authorization: Bearer, or ?token= for
//   EventSource, which cannot set headers), compared in constant time;
// - commands are JSON objects checked by validateLiveCommand; no field is ever run as a command line.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { validateLiveCommand } from './commands.ts';
import { LiveLab } from './lab.ts';

export interface LiveApiOptions {
  /** Origins of the pages allowed to call the API (the app, e.g. http://127.0.0.1:5173). */
  readonly allowedOrigins: readonly string[];
  /** 0 picks a free port. */
  readonly port?: number;
  readonly lab?: LiveLab;
  /** For tests only; a fresh random token otherwise. */
  readonly token?: string;
  /** How often the event stream sends the status (ms). */
  readonly eventIntervalMs?: number;
}

export interface LiveApiServer {
  readonly port: number;
  readonly token: string;
  readonly origin: string;
  readonly lab: LiveLab;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 16 * 1024;

export async function startLiveApiServer(options: LiveApiOptions): Promise<LiveApiServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const lab = options.lab ?? new LiveLab();
  const eventIntervalMs = options.eventIntervalMs ?? 1000;
  let port = 0;
  const streams = new Set<ServerResponse>();
  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) send(response, 500, { ok: false, error: (error as Error).message });
      else response.end();
    });
  });

  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = () => new Set([...options.allowedOrigins, `http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  function tokenMatches(given: string | null): boolean {
    if (given === null) return false;
    const expected = Buffer.from(token);
    const actual = Buffer.from(given);
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const host = request.headers.host ?? '';
    if (!allowedHosts().has(host)) return send(response, 403, { ok: false, error: `refused: Host "${host}" is not this server (DNS rebinding protection)` });
    const origin = request.headers.origin;
    if (origin !== undefined) {
      if (!allowedOrigins().has(origin)) return send(response, 403, { ok: false, error: `refused: Origin "${origin}" may not use the live lab` });
      response.setHeader('access-control-allow-origin', origin);
      response.setHeader('vary', 'Origin');
    }
    const url = new URL(request.url ?? '/', `http://${host}`);
    if (request.method === 'OPTIONS') {
      response.setHeader('access-control-allow-methods', 'GET, POST');
      response.setHeader('access-control-allow-headers', 'authorization, content-type');
      response.setHeader('access-control-max-age', '600');
      response.writeHead(204).end();
      return;
    }
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? null;
    if (!tokenMatches(bearer ?? url.searchParams.get('token'))) return send(response, 401, { ok: false, error: 'refused: missing or wrong token (use the URL `npm start` printed)' });

    const route = `${request.method} ${url.pathname}`;
    switch (route) {
      case 'GET /api/live/availability':
        return send(response, 200, { ok: true, ...LiveLab.availability() });
      case 'GET /api/live/status':
        return send(response, 200, { ok: true, ...(await lab.status()) });
      case 'GET /api/live/history': {
        const system = url.searchParams.get('system');
        if (system !== 'etcd' && system !== 'postgres') return send(response, 400, { ok: false, problem: 'system must be etcd or postgres' });
        const history = lab.history(system);
        return history ? send(response, 200, { ok: true, ...history }) : send(response, 409, { ok: false, error: `no ${system} is running` });
      }
      case 'POST /api/live/command': {
        if (!(request.headers['content-type'] ?? '').startsWith('application/json')) return send(response, 415, { ok: false, problem: 'send the command as application/json' });
        const body = await readBody(request);
        if (body === null) return send(response, 413, { ok: false, problem: `a command is at most ${MAX_BODY_BYTES} bytes` });
        let parsed: unknown;
        try {
          parsed = JSON.parse(body);
        } catch {
          return send(response, 400, { ok: false, problem: 'the body is not JSON' });
        }
        const validated = validateLiveCommand(parsed);
        if (!validated.ok) return send(response, 400, { ok: false, problem: validated.problem });
        try {
          return send(response, 200, { ok: true, result: await lab.apply(validated.command) });
        } catch (error) {
          return send(response, 409, { ok: false, error: (error as Error).message });
        }
      }
      case 'GET /api/live/events':
        return openEventStream(response);
      default:
        return send(response, 404, { ok: false, error: `no route ${route}` });
    }
  }

  function openEventStream(response: ServerResponse): void {
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    streams.add(response);
    let busy = false;
    const push = async () => {
      if (busy) return;
      busy = true;
      try {
        response.write(`event: status\ndata: ${JSON.stringify(await lab.status())}\n\n`);
      } catch {
        // The next tick tries again; a closed stream is removed below.
      } finally {
        busy = false;
      }
    };
    void push();
    const timer = setInterval(() => void push(), eventIntervalMs);
    response.once('close', () => {
      clearInterval(timer);
      streams.delete(response);
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the API server has no TCP address');
  port = address.port;

  return {
    port,
    token,
    origin: `http://127.0.0.1:${port}`,
    lab,
    async close() {
      for (const stream of streams) stream.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await lab.stop();
    },
  };
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  response.end(text);
}

function readBody(request: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(tooLarge ? null : Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
