// The lab's session: changes move the keys the strategies promise, failures hand keys over and back, remedies for a hot key.
import { describe, expect, it } from 'vitest';
import { checkOnlyLeaverKeysMove, checkOnlyMovesToJoiner } from './checkers.ts';
import { configAfterChange, defaultHashingConfig, HashingSession, nextNodeId, topIndexes, validateHashingConfig } from './session.ts';

const small = (overrides = {}) => defaultHashingConfig({ keyCount: 20_000, ...overrides });

describe('HashingSession', () => {
  it('a join on the ring moves only keys to the new node, close to the ideal 1/(N+1)', () => {
    const session = new HashingSession(small());
    const nodesBefore = session.config.nodes;
    const before = session.serving;
    const outcome = session.apply({ kind: 'add', id: 'n11', weight: 1 });
    expect(checkOnlyMovesToJoiner(nodesBefore, before, session.config.nodes, session.serving, 'n11')).toBeNull();
    expect(outcome.idealMovedFraction).toBeCloseTo(1 / 11, 12);
    expect(outcome.moved.movedFraction).toBeGreaterThan(0.06);
    expect(outcome.moved.movedFraction).toBeLessThan(0.12);
    expect(outcome.moved.movedKeyCount).toBe(outcome.moved.movedKeyIndexes.length);
  });

  it('mod-N: the same join moves almost every key', () => {
    const session = new HashingSession(small({ strategy: 'mod-n' }));
    const outcome = session.apply({ kind: 'add', id: 'n11', weight: 1 });
    // A key stays only when hash mod 10 = hash mod 11, about 1 key in 11.
    expect(outcome.moved.movedFraction).toBeGreaterThan(0.85);
  });

  it('removal moves only the leaver’s keys; fail then recover hands them over and back', () => {
    const session = new HashingSession(small({ strategy: 'rendezvous' }));
    const nodesBefore = session.config.nodes;
    const before = session.serving;
    session.apply({ kind: 'remove', id: 'n3' });
    expect(checkOnlyLeaverKeysMove(nodesBefore, before, session.config.nodes, session.serving, 'n3')).toBeNull();

    const other = new HashingSession(small());
    const original = other.serving.slice();
    const failed = other.apply({ kind: 'fail', id: 'n2' });
    const n2 = other.config.nodes.findIndex((node) => node.id === 'n2');
    const n2Keys = original.filter((owner) => owner === n2).length;
    expect(failed.moved.movedKeyCount).toBe(n2Keys);
    expect(other.loads().keys.perNode[n2]).toBe(0);
    // Tokens stay on the ring: recovery gives every key back to its old owner.
    const recovered = other.apply({ kind: 'recover', id: 'n2' });
    expect(recovered.moved.movedKeyCount).toBe(n2Keys);
    expect(other.serving).toEqual(original);
  });

  it('a down node’s replicas are served by stand-ins that carry a hint', () => {
    const session = new HashingSession(small({ replicaCount: 3 }));
    const keyIndex = 0;
    const primaryId = session.config.nodes[session.primary[keyIndex]!]!.id;
    session.apply({ kind: 'fail', id: primaryId });
    const replicas = session.replicas(keyIndex);
    expect(new Set(replicas.intended).size).toBe(3);
    expect(replicas.serving).toHaveLength(3);
    const hinted = replicas.serving.filter((placement) => placement.hintFor >= 0);
    expect(hinted.map((placement) => session.config.nodes[placement.hintFor]!.id)).toEqual([primaryId]);
    expect(replicas.serving.every((placement) => session.config.nodes[placement.node]!.up)).toBe(true);
  });

  it('more virtual nodes smooth key load', () => {
    const session = new HashingSession(small({ vnodesPerNode: 1 }));
    const coarse = session.loads().keys.maxOverMean;
    session.apply({ kind: 'set', settings: { vnodesPerNode: 300 } });
    expect(session.loads().keys.maxOverMean).toBeLessThan(1.2);
    expect(coarse).toBeGreaterThan(1.5);
  });

  it('a hot key: reads from replicas or splitting it lowers request max/mean; as placed it stays high', () => {
    const session = new HashingSession(small({ distribution: { kind: 'zipf', exponent: 1.2 }, vnodesPerNode: 300 }));
    const remedies = session.hotKeyRemedies();
    expect(remedies.hottestKeyShare).toBeGreaterThan(0.1);
    expect(remedies.asPlaced).toBeGreaterThan(1.8);
    expect(remedies.readsFromReplicas).toBeLessThan(remedies.asPlaced - 0.3);
    expect(remedies.splitKeys).toBeLessThan(remedies.asPlaced - 0.3);
  });

  it('compares every strategy on the same change; mod-N moves far more than the ring', () => {
    const session = new HashingSession(small());
    const previous = session.config;
    session.apply({ kind: 'add', id: 'n11', weight: 1 });
    const comparison = session.compareStrategies(previous, 5_000);
    expect(comparison.keyCount).toBe(5_000);
    const byName = Object.fromEntries(comparison.strategies.map((figures) => [figures.name, figures]));
    expect(byName['mod-n']!.movedFraction).toBeGreaterThan(0.85);
    expect(byName['ring']!.movedFraction).toBeLessThan(0.15);
    expect(byName['jump']!.supportsArbitraryRemoval).toBe(false);
    expect(byName['jump']!.supportsWeights).toBe(false);
    // After switching strategy there is no "same change" to compare.
    const switched = session.config;
    session.apply({ kind: 'set', settings: { strategy: 'jump' } });
    expect(session.compareStrategies(switched, 5_000).strategies.every((figures) => figures.movedFraction === null)).toBe(true);
  });

  it('the same config gives the same owners', () => {
    const config = small({ distribution: { kind: 'zipf', exponent: 1 }, seed: 77 });
    expect(new HashingSession(config).serving).toEqual(new HashingSession(config).serving);
    expect(new HashingSession({ ...config, seed: 78 }).serving).not.toEqual(new HashingSession(config).serving);
  });
});

describe('config checks', () => {
  it('refuses impossible changes with a readable reason', () => {
    const config = small();
    expect(() => configAfterChange(config, { kind: 'add', id: 'n1', weight: 1 })).toThrow(/already exists/);
    expect(() => configAfterChange(config, { kind: 'remove', id: 'n99' })).toThrow(/there is no node n99/);
    expect(() => configAfterChange(config, { kind: 'recover', id: 'n1' })).toThrow(/not down/);
    expect(() => configAfterChange(config, { kind: 'set', settings: { vnodesPerNode: 501 } })).toThrow(/1 to 500/);
    expect(validateHashingConfig({ ...config, keyCount: 2_000_000 })).toHaveLength(1);
    expect(validateHashingConfig(config)).toEqual([]);
  });

  it('names new nodes with the first free number', () => {
    expect(nextNodeId([{ id: 'n1', weight: 1, up: true }, { id: 'n3', weight: 1, up: true }])).toBe('n2');
  });

  it('topIndexes finds the largest values, largest first, ties by index', () => {
    const values = Float64Array.from([3, 9, 1, 9, 7, 0]);
    expect(topIndexes(values, 3)).toEqual([1, 3, 4]);
    expect(topIndexes(values, 10)).toEqual([1, 3, 4, 0, 2, 5]);
  });
});
