// Network verbs as the UI uses them: partition, isolate, move between islands, cuts, crash, heal.

import { describe, expect, it } from 'vitest';
import { Network, NO_CHANCE } from './network.ts';

const ids = ['n1', 'n2', 'n3', 'n4', 'n5'];
const quality = { latencyMsMin: 10, latencyMsMax: 20, loss: NO_CHANCE, duplication: NO_CHANCE };

describe('Network', () => {
  it('partition puts unnamed nodes together in one more group, ordered by first member', () => {
    const network = new Network(ids, quality);
    network.partition([['n4', 'n3']]);
    expect(network.getGroups()).toEqual([['n1', 'n2', 'n5'], ['n3', 'n4']]);
    expect(network.blockedReason('n1', 'n3')).toBe('partition');
    expect(network.blockedReason('n3', 'n4')).toBeNull();
  });

  it('isolate makes an island of one; moveTo joins another island; empty islands vanish', () => {
    const network = new Network(ids, quality);
    network.isolate('n2');
    expect(network.getGroups()).toEqual([['n1', 'n3', 'n4', 'n5'], ['n2']]);
    expect(network.groupIndexOf('n2')).toBe(1);
    network.isolate('n5');
    network.moveTo('n5', network.groupIndexOf('n2'));
    expect(network.getGroups()).toEqual([['n1', 'n3', 'n4'], ['n2', 'n5']]);
    network.moveTo('n2', 0);
    network.moveTo('n5', 0);
    expect(network.getGroups()).toEqual([ids]);
  });

  it('cuts are one-way; heal joins everything and restores every link', () => {
    const network = new Network(ids, quality);
    network.cut('n1', 'n2');
    expect(network.blockedReason('n1', 'n2')).toBe('cut');
    expect(network.blockedReason('n2', 'n1')).toBeNull();
    network.partition([['n1']]);
    network.heal();
    expect(network.blockedReason('n1', 'n2')).toBeNull();
    expect(network.getGroups()).toEqual([ids]);
  });

  it('nothing reaches a crashed node until it restarts', () => {
    const network = new Network(ids, quality);
    network.crash('n3');
    expect(network.blockedReason('n1', 'n3')).toBe('crashed');
    network.restart('n3');
    expect(network.blockedReason('n1', 'n3')).toBeNull();
  });
});
