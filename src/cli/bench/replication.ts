// Benchmark section for the replication lab: the RPO/RTO sweep's cost (trials per second) for a few
// configurations, the workload printed beside the figures, and the measured RPO/RTO as a sanity check.

import { performance } from 'node:perf_hooks';
import { defaultReplicationConfig, runFailureTrial, summarizeSweep, SWEEP_WORKLOAD, type FailureKind, type ReplicationConfig } from '../../kernel/protocols/replication/index.ts';

const TRIALS = 100;
const CASES: readonly { readonly label: string; readonly config: ReplicationConfig; readonly failure: FailureKind }[] = [
  { label: 'async + managed, 3 nodes, crash', config: defaultReplicationConfig({ nodeCount: 3, mode: 'async', failover: 'managed' }), failure: 'crash' },
  { label: 'sync + managed + witness, 2 nodes, crash', config: defaultReplicationConfig({ nodeCount: 2, mode: 'sync', failover: 'managed', witness: true, fencing: 'lease' }), failure: 'crash' },
  { label: 'async + managed, 3 nodes, isolate', config: defaultReplicationConfig({ nodeCount: 3, mode: 'async', failover: 'managed' }), failure: 'isolate' },
  { label: 'async + naive, 2 nodes, isolate', config: defaultReplicationConfig({ nodeCount: 2, mode: 'async', failover: 'naive' }), failure: 'isolate' },
];

export async function runReplicationBench(log: (line: string) => void): Promise<void> {
  log(
    `RPO/RTO sweep: per trial a fresh run, a write every ${SWEEP_WORKLOAD.writeEveryMs} ms, the primary failed at a random moment in ${SWEEP_WORKLOAD.failFromMs / 1000}-${SWEEP_WORKLOAD.failToMs / 1000} s, ` +
      `then ${SWEEP_WORKLOAD.afterMs / 1000} s more (about ${Math.round((SWEEP_WORKLOAD.failToMs + SWEEP_WORKLOAD.afterMs) / SWEEP_WORKLOAD.writeEveryMs)} writes, latency 10-20 ms); ${TRIALS} trials per case, seed 1`,
  );
  log('case                                        trials/s   lost max  lost mean  RTO p50 (s)  RTO p99 (s)  split-brain trials');
  for (const { label, config, failure } of CASES) {
    const started = performance.now();
    const results = Array.from({ length: TRIALS }, (_, trial) => runFailureTrial(config, trial, failure));
    const seconds = (performance.now() - started) / 1000;
    const summary = summarizeSweep(results);
    const sec = (ms: number | null) => (ms === null ? '-' : (ms / 1000).toFixed(1));
    log(`${label.padEnd(43)} ${(TRIALS / seconds).toFixed(0).padStart(8)} ${String(summary.lostMax).padStart(10)} ${summary.lostMean.toFixed(1).padStart(10)} ${sec(summary.rtoP50Ms).padStart(12)} ${sec(summary.rtoP99Ms).padStart(12)} ${String(summary.splitBrainTrials).padStart(19)}`);
  }
}
