// The Build drills on the live lab, against a fake live server: the link read with the live page's rules,
// the checks passed through, and every way it can fail said in words.
import { describe, expect, it } from 'vitest';
import { checkOnLiveLab, readLiveLink } from './liveDrill.ts';
import { evidenceLinkProblem } from './examContent.ts';

const TOKEN = 'abcdefghijklmnopqrstuvwxyz012345';
const LINK = `http://127.0.0.1:5173/#/live?api=http://127.0.0.1:41234&token=${TOKEN}`;

function fakeServer(answers: Record<string, { status: number; body: unknown }>, seen: string[] = []): typeof fetch {
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    seen.push(`${init?.method ?? 'GET'} ${url} ${init?.body ?? ''} ${(init?.headers as Record<string, string>).authorization}`);
    const answer = answers[url.replace('http://127.0.0.1:41234', '')];
    if (!answer) throw new TypeError('Failed to fetch');
    return new Response(JSON.stringify(answer.body), { status: answer.status });
  }) as typeof fetch;
}

const available = { status: 200, body: { ok: true, etcd: { ok: true, path: '/usr/bin/etcd' }, postgres: { ok: false, problem: 'initdb not found', install: 'apt-get install postgresql' } } };

describe('drills on the live lab', () => {
  it('reads the link npm start prints, and refuses others', () => {
    expect(readLiveLink(LINK)).toEqual({ ok: true, api: 'http://127.0.0.1:41234', token: TOKEN });
    expect(readLiveLink('http://x/#/live')).toMatchObject({ ok: false, problem: expect.stringMatching(/npm start/) });
    expect(readLiveLink(`http://x/#/live?api=http://evil.example:80&token=${TOKEN}`)).toMatchObject({ ok: false, problem: expect.stringMatching(/127\.0\.0\.1/) });
  });

  it('asks the live server to check, with the token, and records what it saw', async () => {
    const seen: string[] = [];
    const checks = [{ name: 'leader-after-kill', ok: true, saw: 'at 541 ms n1 was down and n2 led term 3' }, { name: 'recovery', ok: false, saw: 'no write after the restart' }];
    const answer = await checkOnLiveLab(readLiveLink(LINK) as { api: string; token: string }, 'etcd-quorum', fakeServer({ '/api/live/availability': available, '/api/live/command': { status: 200, body: { ok: true, result: { drill: 'etcd-quorum', checks } } } }, seen));
    expect(answer).toEqual({ ok: true, checks });
    expect(seen[1]).toBe(`POST http://127.0.0.1:41234/api/live/command {"type":"drill.check","drill":"etcd-quorum"} Bearer ${TOKEN}`);
  });

  it('says why it cannot: no server, a refused token, a missing program, a server error', async () => {
    const link = { api: 'http://127.0.0.1:41234', token: TOKEN };
    expect(await checkOnLiveLab(link, 'etcd-quorum', fakeServer({}))).toMatchObject({ ok: false, problem: expect.stringMatching(/no answer .* is `npm start` running/) });
    expect(await checkOnLiveLab(link, 'etcd-quorum', fakeServer({ '/api/live/availability': { status: 401, body: { ok: false } } }))).toMatchObject({ ok: false, problem: expect.stringMatching(/refused the token/) });
    expect(await checkOnLiveLab(link, 'postgres-split-brain', fakeServer({ '/api/live/availability': available }))).toMatchObject({ ok: false, problem: 'initdb not found — install with: apt-get install postgresql' });
    expect(await checkOnLiveLab(link, 'etcd-quorum', fakeServer({ '/api/live/availability': available, '/api/live/command': { status: 409, body: { ok: false, error: 'no etcd cluster is running' } } }))).toEqual({ ok: false, problem: 'no etcd cluster is running' });
  });
});

describe('evidence links', () => {
  it('accepts this app\'s lab links only', () => {
    expect(evidenceLinkProblem('#/quorums?actions=abc', 'http://127.0.0.1:5173')).toBeNull();
    expect(evidenceLinkProblem('http://127.0.0.1:5173/#/raft?scenario=figure-8', 'http://127.0.0.1:5173')).toBeNull();
    expect(evidenceLinkProblem('https://example.com/#/raft', 'http://127.0.0.1:5173')).toMatch(/starts with #\//);
    expect(evidenceLinkProblem('', 'http://127.0.0.1:5173')).toMatch(/paste a lab link/);
    expect(evidenceLinkProblem('#/<script>', 'http://127.0.0.1:5173')).toMatch(/not a lab/);
  });
});
