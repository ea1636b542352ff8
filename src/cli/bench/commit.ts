// Transactions lab: the exhaustive mode's speed (distinct states per second) on fixed instances, and
// the simulation's events per second on a transfer workload — each figure printed next to its workload.

import { performance } from 'node:perf_hooks';
import { createCommitRun, defaultCommitConfig, defaultExploreOptions, explore, type ExploreOptions } from '../../kernel/protocols/commit/index.ts';

const INSTANCES: readonly { readonly name: string; readonly options: Partial<ExploreOptions> }[] = [
  { name: '2PC, 3 participants, no fault, votes either way', options: { protocol: '2pc', participantCount: 3, maxFaults: 0 } },
  { name: '2PC, 3 participants, ≤1 drop or crash', options: { protocol: '2pc', participantCount: 3, maxFaults: 1 } },
  // Since the backup coordinator (election, TR4 round) and crashes that cut a broadcast short, 3PC with 3 participants and a crash passes 500,000 states.
  { name: '3PC with the backup coordinator, 2 participants, ≤2 crashes (a crash may cut a broadcast short)', options: { protocol: '3pc', participantCount: 2, maxFaults: 2, faults: ['crash'] } },
  { name: '3PC backup-skips-precommit bug, 2 participants, ≤2 crashes (stops at the counterexample)', options: { protocol: '3pc', participantCount: 2, maxFaults: 2, faults: ['crash'], bug: 'backup-skips-precommit' } },
  { name: '2PC send-before-log bug, 2 participants, ≤2 faults (stops at the counterexample)', options: { protocol: '2pc', participantCount: 2, maxFaults: 2, bug: 'send-before-log' } },
];

export async function runCommitBench(log: (line: string) => void): Promise<void> {
  log('exhaustive mode (breadth-first, one transaction; states = distinct model states):');
  for (const { name, options } of INSTANCES) {
    const started = performance.now();
    const result = explore(defaultExploreOptions(options));
    const elapsedMs = performance.now() - started;
    log(
      `  ${name}: ${result.distinctStates.toLocaleString('en-US')} states, ${result.transitions.toLocaleString('en-US')} transitions in ${elapsedMs.toFixed(0)} ms = ${Math.round((result.distinctStates * 1000) / elapsedMs).toLocaleString('en-US')} states/s${result.violation ? ` (counterexample: ${result.violation.explanation})` : ''}`,
    );
  }
  const transfers = 200;
  const run = createCommitRun(defaultCommitConfig({ protocol: '2pc', participantCount: 5, seed: 1 }));
  const started = performance.now();
  for (let index = 1; index <= transfers; index++) {
    run.history.apply({ type: 'txn', txn: `t${index}` });
    run.history.advanceTo(run.history.viewMs + 300);
  }
  const elapsedMs = performance.now() - started;
  log(`simulation: 2PC, 5 participants, ${transfers} transfers one every 300 virtual ms: ${run.history.trace.length.toLocaleString('en-US')} trace events in ${elapsedMs.toFixed(0)} ms = ${Math.round((run.history.trace.length * 1000) / elapsedMs).toLocaleString('en-US')} events/s`);
}
