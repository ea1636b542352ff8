// The hashing lab's shipped scenarios (src/scenario/presets/hashing-*.scenario), each loaded as text when asked for.
import { createPresetCatalogue } from '../../kit/presets.ts';

export const hashingPresets = createPresetCatalogue(import.meta.glob<string>('../../../scenario/presets/hashing-*.scenario', { query: '?raw', import: 'default' }), {
  route: '/hashing',
  prefix: 'hashing-',
  titleWords: { 'mod n': 'mod-N', zipf: 'Zipf' },
});
