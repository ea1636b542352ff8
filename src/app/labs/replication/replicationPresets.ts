// The replication lab's shipped scenarios (src/scenario/presets/replication-*.scenario) that this page can play:
// the multi-leader ones (leaders=2|3) run in the CLI and the tests.
import { createPresetCatalogue } from '../../kit/presets.ts';

export const replicationPresets = createPresetCatalogue(
  import.meta.glob<string>(['../../../scenario/presets/replication-*.scenario', '!../../../scenario/presets/replication-multileader-*.scenario'], { query: '?raw', import: 'default' }),
  {
    route: '/replication',
    prefix: 'replication-',
    titleWords: { rpo0: 'RPO = 0,', rto30: 'RTO = 30 s', nonstrict: 'non-strict', stonith: 'STONITH', '2': '2' },
  },
);
