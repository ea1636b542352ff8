// A scenario carried in a link: the user's actions exported as scenario text, in the URL as base64url
// of its UTF-8 bytes (no server: the link is the whole run). Decoding says what is wrong, never throws.

/** Links longer than this are refused by some browsers and chat tools: the page offers the file instead. */
export const MAX_SHARED_LINK_CHARACTERS = 8_000;

export function encodeSharedScenario(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function decodeSharedScenario(encoded: string): { readonly ok: true; readonly text: string } | { readonly ok: false; readonly problem: string } {
  if (!/^[A-Za-z0-9_-]*$/.test(encoded)) return { ok: false, problem: 'the shared run is not a link this app made (unexpected characters)' };
  try {
    const binary = atob(encoded.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(binary, (character) => character.charCodeAt(0));
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { ok: false, problem: 'the shared run is cut short or damaged (copy the whole link)' };
  }
}

/** A lab URL's `actions=` (a shared run), decoded; a problem goes to `problems` in the URL reader's words. */
export function readSharedScenario(params: URLSearchParams, problems: string[], presetNamed: boolean): string | null {
  const raw = params.get('actions');
  if (raw === null) return null;
  if (presetNamed) problems.push('A link names a preset (“scenario”) or a shared run (“actions”), not both.');
  const decoded = decodeSharedScenario(raw);
  if (decoded.ok) return decoded.text;
  problems.push(`“actions”: ${decoded.problem}.`);
  return null;
}
