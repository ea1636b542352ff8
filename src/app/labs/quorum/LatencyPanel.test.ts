// Where a configuration sits in PACELC, by construction: the marker the latency panel shows.
import { describe, expect, it } from 'vitest';
import { placeConfiguration } from './LatencyPanel.tsx';

describe('placing a configuration in PACELC', () => {
  it('ONE/ONE is PA/EL; QUORUM/QUORUM is PC/EC; consensus is PC/EC', () => {
    expect(placeConfiguration('leaderless', 1, 1, 3, false)).toMatchObject({ partition: 'PA', normal: 'EL' });
    expect(placeConfiguration('leaderless', 2, 2, 3, false)).toMatchObject({ partition: 'PC', normal: 'EC' });
    expect(placeConfiguration('consensus', 0, 0, 3, false)).toMatchObject({ partition: 'PC', normal: 'EC' });
  });

  it('R = 1 with W = ALL overlaps (EC) yet a write needs every copy (PC); sloppy quorum is PA and gives up overlap', () => {
    expect(placeConfiguration('leaderless', 1, 3, 3, false)).toMatchObject({ partition: 'PC', normal: 'EC' });
    expect(placeConfiguration('leaderless', 2, 2, 3, true)).toMatchObject({ partition: 'PA', normal: 'EL' });
  });
});
