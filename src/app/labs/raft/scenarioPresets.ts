// The shipped Raft scenario presets (src/scenario/presets/*.scenario whose header names the raft lab).
// They are small text files, so they are bundled with the lab's chunk rather than fetched one by one.
import { createPresetCatalogue } from '../../kit/presets.ts';

export const raftPresets = createPresetCatalogue(import.meta.glob<string>('../../../scenario/presets/*.scenario', { query: '?raw', import: 'default', eager: true }), {
  route: '/raft',
  lab: 'raft',
  keepParameters: ['speed'],
  // The guided lessons first (the menu opens on the first), the planted-bug presets last.
  first: ['leader-crash', 'quorum-loss', 'majority-partition', 'minority-partition', 'figure-7-log-repair', 'figure-8', 'figure-8e', 'leader-noop', 'check-quorum', 'disruptive-rejoin', 'prevote-rejoin'],
});
