// The shipped Raft scenario presets (src/scenario/presets/*.scenario). The folder holds every lab's
// presets; the menu lists the ones whose header names the raft lab. They are small text files, so
// they are bundled with the lab's chunk rather than fetched one by one.
import { navigate, routeHref } from '../../shell/router.ts';

const sources = import.meta.glob<string>('../../../scenario/presets/*.scenario', { query: '?raw', import: 'default', eager: true });

/** The first line that is not blank or a comment: the header that names the lab. */
function headerLab(source: string): string | null {
  for (const line of source.split(/\r?\n/)) {
    const text = line.replace(/#.*/, '').trim();
    if (text) return text.split(/\s+/)[0] ?? null;
  }
  return null;
}

const presets = new Map(
  Object.entries(sources)
    .filter(([, source]) => headerLab(source) === 'raft')
    .map(([path, source]) => [path.slice(path.lastIndexOf('/') + 1, -'.scenario'.length), source]),
);

export const PRESET_NAMES: readonly string[] = [...presets.keys()].sort();

/** "leader-crash" → "Leader crash". */
export function presetTitle(name: string): string {
  const words = name.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function hasPreset(name: string): boolean {
  return presets.has(name);
}

export async function loadPreset(name: string): Promise<string | null> {
  return presets.get(name) ?? null;
}

/** Open a preset through the URL (so the run can be shared), keeping the chosen speed. */
export function openPreset(name: string): void {
  const params = new URLSearchParams(window.location.hash.split('?')[1] ?? '');
  const kept: Record<string, string> = { scenario: name };
  const speed = params.get('speed');
  if (speed) kept.speed = speed;
  navigate(routeHref('/raft', kept));
}
