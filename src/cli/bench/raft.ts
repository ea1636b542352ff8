// Raft simulation benchmark: how many simulated seconds per wall-clock second, and peak heap,
// with the full history (trace + checkpoints) recorded as the app records it.

import { createRaftRun } from '../../kernel/protocols/raft/run.ts';
import { defaultRaftConfig } from '../../kernel/protocols/raft/simulation.ts';

export const RAFT_WORKLOAD = {
  nodeCount: 5,
  latencyMsMin: 10,
  latencyMsMax: 15,
  electionTimeoutMsMin: 100,
  electionTimeoutMsMax: 200,
  heartbeatIntervalMs: 50,
  requestEveryMs: 100,
  simulatedMs: 600_000,
};

export async function runRaftBench(log: (line: string) => void): Promise<void> {
  const workload = RAFT_WORKLOAD;
  log(
    `Raft: ${workload.nodeCount} nodes, latency ${workload.latencyMsMin}-${workload.latencyMsMax} ms, election timeout ${workload.electionTimeoutMsMin}-${workload.electionTimeoutMsMax} ms, ` +
      `heartbeat ${workload.heartbeatIntervalMs} ms, one client request per ${workload.requestEveryMs} simulated ms, ${workload.simulatedMs / 1000} simulated s, history recorded`,
  );
  for (let repeat = 1; repeat <= 3; repeat++) {
    globalThis.gc?.();
    // The trace lives in typed arrays (outside the JS heap proper), so count both.
    const memory = () => {
      const usage = process.memoryUsage();
      return usage.heapUsed + usage.arrayBuffers;
    };
    const heapBefore = memory();
    let heapPeak = heapBefore;
    const run = createRaftRun(
      defaultRaftConfig({
        seed: repeat,
        nodeCount: workload.nodeCount,
        latencyMsMin: workload.latencyMsMin,
        latencyMsMax: workload.latencyMsMax,
        electionTimeoutMsMin: workload.electionTimeoutMsMin,
        electionTimeoutMsMax: workload.electionTimeoutMsMax,
        heartbeatIntervalMs: workload.heartbeatIntervalMs,
      }),
    );
    const started = performance.now();
    for (let t = workload.requestEveryMs; t <= workload.simulatedMs; t += workload.requestEveryMs) {
      run.history.advanceTo(t);
      run.history.apply({ type: 'request', value: `x=${t}` });
      if (t % 10_000 === 0) heapPeak = Math.max(heapPeak, memory());
    }
    const wallMs = performance.now() - started;
    heapPeak = Math.max(heapPeak, memory());
    const leader = run.simulation.currentLeader();
    const accepted = run.history.trace.slice().filter((event) => event.kind === 'client' && event.accepted).length;
    log(
      `  run ${repeat} (seed ${repeat}): ${(workload.simulatedMs / wallMs).toFixed(0)} simulated s per wall s ` +
        `(${(wallMs / 1000).toFixed(2)} s wall), peak memory (JS heap + array buffers) ${(heapPeak / 2 ** 20).toFixed(0)} MB (${((heapPeak - heapBefore) / 2 ** 20).toFixed(0)} MB above the start), ` +
        `${run.history.trace.length} trace events, ${run.history.checkpointCount} checkpoints, ${accepted} writes accepted, ` +
        `leader ${leader?.id ?? 'none'} commitIndex ${leader?.commitIndex ?? 0}`,
    );
    // Scrubbing cost on the full history.
    const seekStarted = performance.now();
    const seeks = 200;
    for (let i = 0; i < seeks; i++) run.history.seek(((i * 7919) % 600) * 1000 + 337);
    log(`  seek to a random past moment: ${((performance.now() - seekStarted) / seeks).toFixed(2)} ms on average over ${seeks} seeks`);
  }
  log('  For scale (figure quoted in issue 2, not measured here): RaftScope advances 16.6 simulated s per wall s on this workload.');
}
