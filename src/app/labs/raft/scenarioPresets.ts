// The shipped scenario presets (src/scenario/presets/*.scenario), each loaded as text when asked for.
const loaders = import.meta.glob<string>('../../../scenario/presets/*.scenario', { query: '?raw', import: 'default' });

const presets = new Map(Object.entries(loaders).map(([path, load]) => [path.slice(path.lastIndexOf('/') + 1, -'.scenario'.length), load]));

export const PRESET_NAMES: readonly string[] = [...presets.keys()].sort();

/** "leader-crash" → "Leader crash". */
export function presetTitle(name: string): string {
  const words = name.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export async function loadPreset(name: string): Promise<string | null> {
  const load = presets.get(name);
  return load ? load() : null;
}
