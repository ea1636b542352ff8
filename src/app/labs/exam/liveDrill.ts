// The Build drills on the live lab: the live server (`npm start`) checks what the learner did to the
// real etcd cluster or PostgreSQL pair (`drill.check`: what it observed after each kill, before each
// write). The exam only asks and records; the link and its token come from the learner, never stored
// in the attempt or its export.
import { parseLiveLink, type Availability, type DrillCheck } from '../live/liveWords.ts';
import type { DrillId } from './examModel.ts';

export type LiveAnswer = { readonly ok: true; readonly checks: readonly DrillCheck[] } | { readonly ok: false; readonly problem: string };

/** The `#/live?api=…&token=…` link `npm start` prints, read with the live page's own rules. */
export function readLiveLink(pasted: string): { readonly ok: true; readonly api: string; readonly token: string } | { readonly ok: false; readonly problem: string } {
  const text = pasted.trim();
  const query = text.includes('?') ? text.slice(text.indexOf('?') + 1) : '';
  const link = parseLiveLink(new URLSearchParams(query));
  if (link.kind === 'ready') return { ok: true, api: link.api, token: link.token };
  if (link.kind === 'missing') return { ok: false, problem: 'Paste the link `npm start` printed (…#/live?api=http://127.0.0.1:<port>&token=…).' };
  return { ok: false, problem: link.problems.join('; ') };
}

export async function checkOnLiveLab(link: { readonly api: string; readonly token: string }, drill: DrillId, fetcher: typeof fetch = fetch): Promise<LiveAnswer> {
  const headers = { authorization: `Bearer ${link.token}`, 'content-type': 'application/json' };
  let availability: Availability;
  try {
    const response = await fetcher(`${link.api}/api/live/availability`, { headers });
    if (response.status === 401) return { ok: false, problem: 'the live server refused the token (a new `npm start` makes a new one: copy its link again)' };
    if (response.status === 403) return { ok: false, problem: 'the live server refused this page (it was started for another origin)' };
    availability = (await response.json()) as Availability;
  } catch (error) {
    return { ok: false, problem: `no answer from the live server at ${link.api} (${(error as Error).message}): is \`npm start\` running? The simulated lab works without it.` };
  }
  const system = drill === 'etcd-quorum' ? availability.etcd : availability.postgres;
  if (!system?.ok) return { ok: false, problem: system ? `${system.problem} — install with: ${system.install}` : 'the live server did not say what is installed' };
  try {
    const response = await fetcher(`${link.api}/api/live/command`, { method: 'POST', headers, body: JSON.stringify({ type: 'drill.check', drill }) });
    const body = (await response.json()) as { result?: { checks?: DrillCheck[] }; error?: string; problem?: string };
    const checks = body.result?.checks;
    if (!response.ok || !Array.isArray(checks)) return { ok: false, problem: String(body.error ?? body.problem ?? `HTTP ${response.status}`) };
    return { ok: true, checks: checks.map((check) => ({ name: String(check.name), ok: check.ok === true, saw: String(check.saw) })) };
  } catch (error) {
    return { ok: false, problem: `the check did not come back (${(error as Error).message})` };
  }
}
