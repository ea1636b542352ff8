// The page's URL: `#/raft/yours?seed=7&nodes=3` (and, for a shared link, `&code=<base64url>` or
// `&template=vote-twice`), read with the kit's reader, one sentence per problem.
import { readUrlParameters } from '../../kit/urlParameters.ts';
import { MAX_NODES, MIN_NODES } from '../../../kernel/protocols/yours/types.ts';
import { NODE_TEMPLATES, type NodeTemplateName } from '../../../worker/yours/templates.ts';
import { WORKLOADS, type WorkloadName } from '../../../kernel/protocols/yours/workload.ts';

export const YOURS_PATH = '/raft/yours';
const KNOWN = ['seed', 'nodes', 'code', 'template', 'speed', 'workload', 'scenario'] as const;

export interface YoursUrlSettings {
  readonly seed: number;
  readonly seedMissing: boolean;
  readonly nodeCount: number;
  /** Code from a shared link (replaces the editor's text on opening). */
  readonly sharedCode: string | null;
  readonly template: NodeTemplateName | null;
  /** Which clients run (null: the template's, else the election). */
  readonly workload: WorkloadName | null;
  /** A preset scenario to open (examples/maelstrom/scenarios). */
  readonly scenario: string | null;
}

export type YoursUrlResult = { readonly ok: true; readonly settings: YoursUrlSettings } | { readonly ok: false; readonly problems: readonly string[] };

export function parseYoursUrl(params: URLSearchParams): YoursUrlResult {
  const reader = readUrlParameters(params, KNOWN);
  const seed = reader.whole('seed', 0, 0xffffffff);
  const nodeCount = reader.whole('nodes', MIN_NODES, MAX_NODES) ?? 3;
  reader.whole('speed', 1, 100_000);
  const template = reader.oneOf('template', Object.keys(NODE_TEMPLATES) as NodeTemplateName[]);
  const workload = reader.oneOf('workload', WORKLOADS);
  const scenario = reader.text('scenario');
  const raw = reader.text('code');
  let sharedCode: string | null = null;
  if (raw !== null) {
    sharedCode = decodeCode(raw);
    if (sharedCode === null) reader.problems.push('“code” is not a node this page can read (it should be the text a “Copy link” button made).');
  }
  if (reader.problems.length > 0) return { ok: false, problems: reader.problems };
  return { ok: true, settings: { seed: seed ?? 1, seedMissing: seed === null, nodeCount, sharedCode, template, workload, scenario } };
}

/** UTF-8 text as base64url, for a link. */
export function encodeCode(source: string): string {
  const bytes = new TextEncoder().encode(source);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function decodeCode(text: string): string | null {
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)));
  } catch {
    return null;
  }
}
