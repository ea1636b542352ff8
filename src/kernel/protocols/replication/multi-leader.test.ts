// Multi-leader replication (DDIA 5.3, "Handling write conflicts"): what each conflict-resolution rule keeps and what it silently discards.

import { describe, expect, it } from 'vitest';
import { History } from '../../history.ts';
import { defaultMultiLeaderConfig, MultiLeaderSimulation, type ConflictResolution, type MultiLeaderConfig } from './index.ts';

function regions(resolve: ConflictResolution, overrides: Partial<MultiLeaderConfig> = {}) {
  const simulation = new MultiLeaderSimulation(defaultMultiLeaderConfig({ resolve, ...overrides }));
  const history = new History(simulation, { checkpointIntervalMs: 1000 });
  return {
    simulation,
    write: (node: string, key: string, value: string | number) => history.apply({ type: 'write', node, key, value }),
    after: (ms: number) => history.advanceTo(history.viewMs + ms),
    apply: (command: Parameters<typeof history.apply>[0]) => history.apply(command),
  };
}

describe('last write wins on timestamps', () => {
  it('"LWW achieves convergence at the cost of durability": with n2\'s clock 1 s behind, its later write loses to an older one — a lost update', () => {
    const cluster = regions('lww', { clockSkewMs: [0, -1000] });
    cluster.write('n1', 'x', 1);
    cluster.after(500); // n2 has seen x=1.
    cluster.write('n2', 'x', 2); // 500 ms later in real time, stamped 500 ms "earlier".
    cluster.after(500);
    expect(cluster.simulation.converged()).toBe(true);
    expect(cluster.simulation.readAt('n1', 'x')).toBe(1);
    expect(cluster.simulation.readAt('n2', 'x')).toBe(1);
    expect(cluster.simulation.lostWrites().map((write) => write.value)).toEqual([2]);
  });

  it('with correct clocks the causally later write wins and nothing is lost', () => {
    const cluster = regions('lww');
    cluster.write('n1', 'x', 1);
    cluster.after(500);
    cluster.write('n2', 'x', 2);
    cluster.after(500);
    expect(cluster.simulation.readAt('n1', 'x')).toBe(2);
    expect(cluster.simulation.lostWrites()).toEqual([]);
  });

  it('concurrent writes (neither saw the other): one is discarded silently even with perfect clocks', () => {
    const cluster = regions('lww');
    cluster.write('n1', 'x', 1);
    cluster.write('n2', 'x', 2);
    cluster.after(500);
    expect(cluster.simulation.converged()).toBe(true);
    expect(cluster.simulation.lostWrites()).toHaveLength(1);
  });
});

describe('siblings with version vectors', () => {
  it('concurrent writes are both kept; a write that has seen both replaces them', () => {
    const cluster = regions('siblings');
    cluster.write('n1', 'x', 1);
    cluster.write('n2', 'x', 2);
    cluster.after(500);
    expect(cluster.simulation.readAt('n1', 'x')).toBe('1/2');
    expect(cluster.simulation.readAt('n2', 'x')).toBe('1/2');
    cluster.write('n1', 'x', 3); // The client read both siblings and merged them.
    cluster.after(500);
    expect(cluster.simulation.readAt('n2', 'x')).toBe(3);
    expect(cluster.simulation.lostWrites()).toEqual([]);
  });
});

describe('merge functions', () => {
  it('set union keeps every concurrent addition; a counter sums every increment — across a partition too', () => {
    for (const resolve of ['merge-set', 'merge-counter'] as const) {
      const cluster = regions(resolve, { leaderCount: 3, clockSkewMs: [0, 0, 0] });
      cluster.apply({ type: 'partition', groups: [['n1'], ['n2', 'n3']] });
      cluster.write('n1', 'likes', 1);
      cluster.write('n2', 'likes', 2);
      cluster.write('n3', 'likes', 3);
      cluster.after(2000);
      expect(cluster.simulation.converged()).toBe(false);
      cluster.apply({ type: 'heal' });
      cluster.after(2000);
      expect(cluster.simulation.converged()).toBe(true);
      expect(cluster.simulation.readAt('n1', 'likes')).toBe(resolve === 'merge-set' ? '1,2,3' : 6);
      expect(cluster.simulation.lostWrites()).toEqual([]);
    }
  });
});
