// Key sets (uniform and Zipf) and load statistics, including max/mean against virtual nodes.
import { describe, expect, it } from 'vitest';
import { Prng } from '../../prng.ts';
import { generateKeySet, hottestKeys, keyName, sampleRequests } from './keys.ts';
import { loadStatistics, maxOverMeanByVnodes } from './load.ts';
import { murmur3String } from './murmur3.ts';
import { makeNodes } from './nodes.ts';

describe('key sets', () => {
  it('the same seed gives the same keys; another seed gives other keys', () => {
    const a = generateKeySet({ keyCount: 1000, seed: 5, distribution: { kind: 'zipf', exponent: 1 } });
    const b = generateKeySet({ keyCount: 1000, seed: 5, distribution: { kind: 'zipf', exponent: 1 } });
    const c = generateKeySet({ keyCount: 1000, seed: 6, distribution: { kind: 'zipf', exponent: 1 } });
    expect(b.hashes).toEqual(a.hashes);
    expect(b.popularity).toEqual(a.popularity);
    expect(c.hashes).not.toEqual(a.hashes);
    expect(a.hashes[17]).toBe(murmur3String(keyName(a, 17)));
  });

  it('uniform keys are equally popular', () => {
    const keys = generateKeySet({ keyCount: 400, seed: 1, distribution: { kind: 'uniform' } });
    expect(new Set(keys.popularity).size).toBe(1);
    expect(keys.popularity.reduce((sum, share) => sum + share, 0)).toBeCloseTo(1, 12);
  });

  it('Zipf: the key of rank r gets a share ∝ 1/r^s; exponent 0 is uniform', () => {
    const keyCount = 1000;
    const keys = generateKeySet({ keyCount, seed: 3, distribution: { kind: 'zipf', exponent: 1 } });
    let harmonic = 0;
    for (let rank = 1; rank <= keyCount; rank++) harmonic += 1 / rank;
    const [first, second] = hottestKeys(keys, 2);
    expect(keys.popularity[first!]).toBeCloseTo(1 / harmonic, 12);
    expect(keys.popularity[second!]).toBeCloseTo(1 / 2 / harmonic, 12);
    expect(keys.popularity.reduce((sum, share) => sum + share, 0)).toBeCloseTo(1, 12);
    const flat = generateKeySet({ keyCount, seed: 3, distribution: { kind: 'zipf', exponent: 0 } });
    expect(Math.max(...flat.popularity)).toBeCloseTo(Math.min(...flat.popularity), 15);
  });

  it('sampled requests follow the popularity', () => {
    const keys = generateKeySet({ keyCount: 100, seed: 9, distribution: { kind: 'zipf', exponent: 1.2 } });
    const requests = sampleRequests(keys, 200_000, new Prng(4));
    const hottest = hottestKeys(keys, 1)[0]!;
    const observed = requests.filter((key) => key === hottest).length / requests.length;
    expect(Math.abs(observed - keys.popularity[hottest]!)).toBeLessThan(0.005);
  });
});

describe('load statistics', () => {
  it('counts keys and request share per node, with max/mean and standard deviation', () => {
    const owners = Int32Array.from([0, 0, 1, 2, 2, 2]);
    const popularity = Float64Array.from([0.5, 0.1, 0.1, 0.1, 0.1, 0.1]);
    const { keys, requests } = loadStatistics(owners, 3, { popularity });
    expect([...keys.perNode]).toEqual([2, 1, 3]);
    expect([keys.mean, keys.max, keys.maxNode, keys.maxOverMean]).toEqual([2, 3, 2, 1.5]);
    expect(keys.standardDeviation).toBeCloseTo(Math.sqrt(2 / 3), 12);
    expect(requests.perNode[0]).toBeCloseTo(0.6, 12);
    expect(requests.maxNode).toBe(0);
    expect(requests.maxOverMean).toBeCloseTo(0.6 / (1 / 3), 12);
  });

  it('counts only the given nodes when asked (serving load with a node down)', () => {
    const { keys } = loadStatistics(Int32Array.from([0, 2, 2, 2]), 3, { countedNodes: [true, false, true] });
    expect([keys.mean, keys.maxOverMean]).toEqual([2, 1.5]);
  });

  it('"more virtual nodes smooth the load, but do not fix a hot key"', () => {
    const nodes = makeNodes(20);
    const keys = generateKeySet({ keyCount: 100_000, seed: 12, distribution: { kind: 'zipf', exponent: 1.1 } });
    const points = maxOverMeanByVnodes(nodes, keys.hashes, [1, 10, 100, 500], { popularity: keys.popularity });
    expect(points.map((point) => point.vnodesPerNode)).toEqual([1, 10, 100, 500]);
    expect(points[3]!.keysMaxOverMean).toBeLessThan(1.15);
    expect(points[0]!.keysMaxOverMean).toBeGreaterThan(2 * (points[3]!.keysMaxOverMean - 1) + 1);
    expect(points[3]!.keysStandardDeviation).toBeLessThan(points[0]!.keysStandardDeviation);
    // The node holding the hottest key carries at least that key's share, whatever the vnodes.
    const hottestShare = keys.popularity[hottestKeys(keys, 1)[0]!]!;
    expect(hottestShare * nodes.length).toBeGreaterThan(1.5);
    for (const point of points) expect(point.requestsMaxOverMean).toBeGreaterThanOrEqual(hottestShare * nodes.length);
  });
});
