// The delivery lab's shipped scenarios (src/scenario/presets/delivery-*.scenario), each loaded as text when asked for.
import { createPresetCatalogue } from '../../kit/presets.ts';

export const deliveryPresets = createPresetCatalogue(import.meta.glob<string>('../../../scenario/presets/delivery-*.scenario', { query: '?raw', import: 'default' }), {
  route: '/delivery',
  prefix: 'delivery-',
  titleWords: { eos: 'EOS', acks: 'acks' },
});
