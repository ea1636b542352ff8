// Benchmark section for the CRDT lab: for each type, 100,000 random operations spread over 3
// replicas with a one-way merge between two random replicas after every 100 operations; printed:
// updates per second, merges per second (states as they grew), and each replica's metadata
// bytes at the end (the workload is printed next to the figures).

import { performance } from 'node:perf_hooks';
import { Prng } from '../../kernel/prng.ts';
import { ALL_TYPE_NAMES, CHUNK_NODES, metadataBytes, operationForLength, replicaIdOf, STATE_BASED_TYPES, type CrdtTypeName, type RgaState } from '../../kernel/protocols/crdt/index.ts';

/** Every type, the sequence too (its nodes are chunked, so an edit copies one chunk, not the text). */
const OPERATIONS = 100_000;
const REPLICAS = 3;
const MERGE_EVERY = 100;
const SEED = 14;
/** Set elements: 64 names, so each element's tags and tombstones stay arrays of a few thousand. */
const ELEMENT_COUNT = 64;

interface Result {
  readonly type: CrdtTypeName;
  readonly operations: number;
  readonly applied: number;
  readonly updatesPerSecond: number;
  readonly merges: number;
  readonly mergesPerSecond: number;
  readonly metadataBytes: readonly number[];
  readonly valueBytes: number;
}

function benchType(name: CrdtTypeName): Result {
  const type = STATE_BASED_TYPES[name];
  const prng = new Prng(SEED);
  const ids = Array.from({ length: REPLICAS }, (_, index) => replicaIdOf(index));
  const states: unknown[] = ids.map(() => type.initial());
  let applied = 0;
  let merges = 0;
  let updateMs = 0;
  let mergeMs = 0;
  const operations = OPERATIONS;
  for (let step = 1; step <= operations; step++) {
    const index = prng.intBetween(0, REPLICAS - 1);
    const operation = operationForLength(name, prng.nextUint32() & 0x3ff, name === 'sequence' ? (states[index] as RgaState).length : 0, ELEMENT_COUNT);
    const started = performance.now();
    // Clocks in step with virtual time (one tick per operation, no skew), so every LWW write is newer than what it has seen.
    const outcome = type.update(states[index], operation, { replica: ids[index]!, clockMs: step });
    updateMs += performance.now() - started;
    if (outcome.ok) {
      states[index] = outcome.state;
      applied += 1;
    }
    if (step % MERGE_EVERY === 0) {
      const from = prng.intBetween(0, REPLICAS - 1);
      const to = (from + prng.intBetween(1, REPLICAS - 1)) % REPLICAS;
      const mergeStarted = performance.now();
      states[to] = type.merge(states[to], states[from]);
      mergeMs += performance.now() - mergeStarted;
      merges += 1;
    }
  }
  return {
    type: name,
    operations,
    applied,
    updatesPerSecond: operations / (updateMs / 1000),
    merges,
    mergesPerSecond: merges / (mergeMs / 1000),
    metadataBytes: states.map((state) => metadataBytes(type.metadata(state))),
    valueBytes: Math.max(...states.map((state) => JSON.stringify(type.value(state)).length)),
  };
}

function formatRate(perSecond: number): string {
  return perSecond >= 1e6 ? `${(perSecond / 1e6).toFixed(1)} M/s` : perSecond >= 1e3 ? `${(perSecond / 1e3).toFixed(1)} k/s` : `${perSecond.toFixed(0)}/s`;
}

export async function runCrdtBench(log: (line: string) => void): Promise<void> {
  log(
    `CRDT types, state-based: ${OPERATIONS.toLocaleString('en')} random operations per type (operationForLength with 10-bit choices: counters inc/dec 1-5; sets add 2/3, remove 1/3 over ${ELEMENT_COUNT} elements (G-Set: adds only); ` +
      `registers 4 values; map 3 keys, 1/4 removes; sequence 1/3 deletes, inserts of 1-2 chars at random positions) on ${REPLICAS} replicas, clocks = the operation's number (no skew), ` +
      `a one-way merge between two random replicas after every ${MERGE_EVERY} operations; seed ${SEED}. Rates time update() and merge() only; metadata = UTF-8 JSON bytes of each replica's metadata at the end. The sequence keeps its nodes in chunks of ${CHUNK_NODES} (an edit copies one); a merge still searches the text for each new node's reference, linear per node.`,
  );
  log('| type | operations | updates applied (rest no-ops) | updates/s | merges | merges/s | metadata bytes per replica | value bytes |');
  log('|---|---|---|---|---|---|---|---|');
  for (const name of ALL_TYPE_NAMES) {
    const result = benchType(name);
    log(
      `| ${name} | ${result.operations.toLocaleString('en')} | ${result.applied.toLocaleString('en')} | ${formatRate(result.updatesPerSecond)} | ${result.merges.toLocaleString('en')} | ${formatRate(result.mergesPerSecond)} | ${result.metadataBytes.map((bytes) => bytes.toLocaleString('en')).join(' / ')} | ${result.valueBytes.toLocaleString('en')} |`,
    );
  }
}
