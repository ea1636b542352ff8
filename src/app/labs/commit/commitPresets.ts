// The transactions lab's shipped scenarios (src/scenario/presets/commit-*.scenario), each loaded as text when asked for.
import { createPresetCatalogue } from '../../kit/presets.ts';

export const commitPresets = createPresetCatalogue(import.meta.glob<string>('../../../scenario/presets/commit-*.scenario', { query: '?raw', import: 'default' }), {
  route: '/commit',
  prefix: 'commit-',
  titleWords: { '2pc': '2PC', '3pc': '3PC' },
});
