// The CRDT lab's shipped scenarios (src/scenario/presets/crdt-*.scenario), each loaded as text when asked for.
import { createPresetCatalogue } from '../../kit/presets.ts';

export const crdtPresets = createPresetCatalogue(import.meta.glob<string>('../../../scenario/presets/crdt-*.scenario', { query: '?raw', import: 'default' }), {
  route: '/crdts',
  prefix: 'crdt-',
  titleWords: { g: 'G', pn: 'PN', or: 'OR', rw: 'RW', lww: 'LWW', mv: 'MV', '2p': '2P', op: 'op-based' },
});
