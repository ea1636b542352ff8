// The scenarios the page offers: the same files `npm run yours` runs (examples/maelstrom/scenarios),
// raft scenarios an election-only node can carry out.
import { createPresetCatalogue } from '../../kit/presets.ts';

export const yoursPresets = createPresetCatalogue(import.meta.glob<string>('../../../../examples/maelstrom/scenarios/*.scenario', { query: '?raw', import: 'default' }), {
  route: '/raft/yours',
  first: ['election', 'restart'],
  keepParameters: ['nodes', 'workload'],
});
