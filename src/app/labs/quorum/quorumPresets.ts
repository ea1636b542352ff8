// The quorums lab's shipped scenarios (src/scenario/presets/quorum-*.scenario), each loaded as text when asked for.
const loaders = import.meta.glob<string>('../../../scenario/presets/quorum-*.scenario', { query: '?raw', import: 'default' });

const presets = new Map(Object.entries(loaders).map(([path, load]) => [path.slice(path.lastIndexOf('/') + 1, -'.scenario'.length), load]));

export const QUORUM_PRESET_NAMES: readonly string[] = [...presets.keys()].sort();

/** "quorum-stale-read-one" → "Stale read one". */
export function presetTitle(name: string): string {
  const words = name.replace(/^quorum-/, '').replace(/-/g, ' ').replace(/\brw\b/, 'R+W').replace(/\bone\b/, 'at ONE');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export async function loadQuorumPreset(name: string): Promise<string | null> {
  const load = presets.get(name);
  return load ? load() : null;
}
