// Benchmark section for consistent hashing: our ring against the npm `hashring` package, plus the lab's scale target.
import { performance } from 'node:perf_hooks';
import HashRing from 'hashring';
import {
  BoundedLoadsRing,
  ConsistentHashRing,
  createStrategy,
  generateKeySet,
  hashFunctionName,
  loadStatistics,
  makeNodes,
  murmur3String,
  successorTokenIndex,
} from '../../kernel/protocols/hashing/index.ts';

const format = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const formatTwo = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2, minimumFractionDigits: 2 });

function timeMs<T>(work: () => T): { result: T; elapsedMs: number } {
  const start = performance.now();
  const result = work();
  return { result, elapsedMs: performance.now() - start };
}

function maxOverMean(counts: Iterable<number>): number {
  const values = [...counts];
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  return Math.max(...values) / mean;
}

export async function runHashingBench(log: (line: string) => void): Promise<void> {
  const nodeCount = 100;
  const vnodesPerNode = 200;
  const keyCount = 1_000_000;
  const nodes = makeNodes(nodeCount);
  // Both libraries get the same distinct string keys, so each lookup pays for hashing the key too.
  const keys = Array.from({ length: keyCount }, (_, index) => `key-${index}`);

  log(`hashing: workload = ${nodeCount} nodes × ${vnodesPerNode} points each (${format.format(nodeCount * vnodesPerNode)} on the ring), ${format.format(keyCount)} distinct string keys looked up once each, Node ${process.version}`);

  // Ours: MurmurHash3 of the key, binary search over a sorted Uint32Array of tokens.
  const ours = timeMs(() => new ConsistentHashRing(nodes, { vnodesPerNode, hashSeed: 0 }));
  const ring = ours.result;
  const { positions, owners } = ring.tokens;
  const lookupOurs = (key: string): number => owners[successorTokenIndex(positions, murmur3String(key))]!;
  for (let i = 0; i < 20_000; i++) lookupOurs(keys[i]!); // warm up the JIT before timing
  const ourCounts = new Uint32Array(nodeCount);
  const ourRun = timeMs(() => {
    for (let i = 0; i < keyCount; i++) ourCounts[lookupOurs(keys[i]!)]!++;
  });
  const ourRate = keyCount / (ourRun.elapsedMs / 1000);
  // Where our time goes: hashing the strings alone, then the search alone over the precomputed hashes.
  const keyHashes = new Uint32Array(keyCount);
  const hashingOnly = timeMs(() => {
    for (let i = 0; i < keyCount; i++) keyHashes[i] = murmur3String(keys[i]!);
  });
  const searchOnly = timeMs(() => ring.assignOwners(keyHashes));

  // hashring: ketama continuum, MD5 per lookup. Per-server `vnodes: 50` × its 4 points per MD5 digest
  // = 200 points per server, the same count as ours. Its default 5,000-entry LRU cache stays on, as users
  // would have it; with a million distinct keys it almost never hits.
  const servers = Object.fromEntries(nodes.map((node) => [node.id, { vnodes: 50 }]));
  const theirs = timeMs(() => new HashRing(servers));
  const hashRing = theirs.result;
  if (hashRing.size !== nodeCount * vnodesPerNode) throw new Error(`hashring built ${hashRing.size} points, expected ${nodeCount * vnodesPerNode}`);
  for (let i = 0; i < 20_000; i++) hashRing.get(keys[i]!);
  const theirCounts = new Map<string, number>();
  const theirRun = timeMs(() => {
    for (let i = 0; i < keyCount; i++) {
      const server = hashRing.get(keys[i]!)!;
      theirCounts.set(server, (theirCounts.get(server) ?? 0) + 1);
    }
  });
  const theirRate = keyCount / (theirRun.elapsedMs / 1000);

  log(`  quorum-lab ring (${hashFunctionName} + binary search on Uint32Array): build ${formatTwo.format(ours.elapsedMs)} ms, ${format.format(keyCount)} lookups in ${format.format(ourRun.elapsedMs)} ms = ${format.format(ourRate)} lookups/s, max/mean keys per node ${formatTwo.format(maxOverMean(ourCounts))}`);
  log(`    of which: hashing 1,000,000 strings ${format.format(hashingOnly.elapsedMs)} ms, binary search over precomputed hashes ${format.format(searchOnly.elapsedMs)} ms`);
  log(`  npm hashring 3.2.0 (MD5 ketama, 50 vnodes × 4 points, LRU cache 5000): build ${formatTwo.format(theirs.elapsedMs)} ms, ${format.format(keyCount)} lookups in ${format.format(theirRun.elapsedMs)} ms = ${format.format(theirRate)} lookups/s, max/mean keys per node ${formatTwo.format(maxOverMean(theirCounts.values()))}`);
  log(`  ratio quorum-lab / hashring = ${formatTwo.format(ourRate / theirRate)}× lookups per second (same workload, same process, one run each after a 20,000-lookup warm-up)`);

  // The lab's scale target (issue 4): 1,000,000 keys on 200 nodes × 500 vnodes, everything the worker does on a change.
  const scaleNodes = makeNodes(200);
  const scaleVnodes = 500;
  const keySet = timeMs(() => generateKeySet({ keyCount, seed: 1, distribution: { kind: 'zipf', exponent: 1 } }));
  const hashes = keySet.result.hashes;
  log(`hashing scale: workload = 200 nodes × ${scaleVnodes} vnodes (${format.format(200 * scaleVnodes)} tokens), ${format.format(keyCount)} keys; key set (names, hashes, Zipf popularity) ${format.format(keySet.elapsedMs)} ms`);
  const scaleRing = timeMs(() => new ConsistentHashRing(scaleNodes, { vnodesPerNode: scaleVnodes, hashSeed: 0 }));
  const scaleOwners = timeMs(() => scaleRing.result.assignOwners(hashes));
  const statistics = timeMs(() => loadStatistics(scaleOwners.result, scaleNodes.length, { popularity: keySet.result.popularity }));
  log(`  ring: build ${format.format(scaleRing.elapsedMs)} ms, assign ${format.format(scaleOwners.elapsedMs)} ms, load statistics ${format.format(statistics.elapsedMs)} ms (max/mean keys ${formatTwo.format(statistics.result.keys.maxOverMean)}, requests ${formatTwo.format(statistics.result.requests.maxOverMean)})`);
  const bounded = timeMs(() => new BoundedLoadsRing(scaleNodes, { vnodesPerNode: scaleVnodes, hashSeed: 0, epsilon: 0.05 }));
  const boundedOwners = timeMs(() => bounded.result.assignOwners(hashes));
  const boundedStatistics = loadStatistics(boundedOwners.result, scaleNodes.length);
  log(`  bounded loads ε=0.05: build ${format.format(bounded.elapsedMs)} ms, assign ${format.format(boundedOwners.elapsedMs)} ms (max/mean keys ${formatTwo.format(boundedStatistics.keys.maxOverMean)})`);
  for (const name of ['mod-n', 'jump', 'rendezvous'] as const) {
    const strategy = createStrategy(name, scaleNodes);
    const assigned = timeMs(() => strategy.assignOwners(hashes));
    log(`  ${name}: assign ${format.format(assigned.elapsedMs)} ms (${strategy.lookupCost})`);
  }
}
