// The hashing lab's shipped scenarios (src/scenario/presets/hashing-*.scenario), each loaded as text when asked for.
const loaders = import.meta.glob<string>('../../../scenario/presets/hashing-*.scenario', { query: '?raw', import: 'default' });

const presets = new Map(Object.entries(loaders).map(([path, load]) => [path.slice(path.lastIndexOf('/') + 1, -'.scenario'.length), load]));

export const HASHING_PRESET_NAMES: readonly string[] = [...presets.keys()].sort();

/** "hashing-join-leave-ring" → "Join leave ring". */
export function presetTitle(name: string): string {
  const words = name.replace(/^hashing-/, '').replace(/-/g, ' ').replace(/\bmod n\b/, 'mod-N').replace(/\bzipf\b/, 'Zipf');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export async function loadHashingPreset(name: string): Promise<string | null> {
  const load = presets.get(name);
  return load ? load() : null;
}
