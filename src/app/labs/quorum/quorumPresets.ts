// The quorums lab's shipped scenarios (src/scenario/presets/quorum-*.scenario), each loaded as text when asked for.
import { createPresetCatalogue } from '../../kit/presets.ts';

export const quorumPresets = createPresetCatalogue(import.meta.glob<string>('../../../scenario/presets/quorum-*.scenario', { query: '?raw', import: 'default' }), {
  route: '/quorums',
  prefix: 'quorum-',
  // "quorum-stale-read-one" → "Stale read at ONE".
  titleWords: { rw: 'R+W', one: 'at ONE' },
});
