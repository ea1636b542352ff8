// `npm run experiment -- failover [--trials N] [--fault kill|isolate|minority]`: Postgres streaming replication
// (async and sync, Patroni-style managed failover) against a 3-node Raft store on the same workload and fault.

import { COMPARE_FAULTS, COMPARE_SETUP, COMPARE_SYSTEMS, runCompareTrial, summarizeCompare, type CompareFault } from '../kernel/protocols/replication/index.ts';

export function runFailoverExperiment(args: readonly string[], log: (line: string) => void): number {
  const option = (flag: string): string | undefined => {
    const index = args.indexOf(flag);
    return index === -1 ? undefined : args[index + 1];
  };
  const trials = Number(option('--trials') ?? 100);
  const fault = (option('--fault') ?? 'kill') as CompareFault;
  if (!Number.isInteger(trials) || trials < 1 || !COMPARE_FAULTS.includes(fault)) {
    log('usage: npm run experiment -- failover [--trials N] [--fault kill|isolate|minority]');
    return 2;
  }
  const setup = COMPARE_SETUP;
  log(
    `Failover experiment: a write every ${setup.writeEveryMs} ms and a read of the same key between two writes, for ${setup.runMs / 1000} s, one-way latency ${setup.latencyMsMin}-${setup.latencyMsMax} ms; ` +
      `${fault === 'kill' ? 'the primary/leader killed' : fault === 'isolate' ? 'the primary/leader isolated from the other nodes (clients still reach it)' : 'one standby/follower cut off (a minority partition; the synchronous standby under sync)'} at a random moment in ${setup.faultFromMs / 1000}-${setup.faultToMs / 1000} s; ${trials} trials per system.`,
  );
  log('Postgres: 3 nodes, Patroni defaults (ttl 30 s, loop_wait 10 s, retry_timeout 10 s), sync = non-strict synchronous_mode. Raft: 3 nodes, heartbeat 100 ms, election timeout 1-2 s (etcd defaults).');
  log('system          acked/trial  lost max  lost mean  unavailable p50  p99 (ms)  latency p50  p99 (ms)  linearizable (yes/no/undecided trials)');
  for (const system of COMPARE_SYSTEMS) {
    const results = Array.from({ length: trials }, (_, trial) => runCompareTrial(system, fault, trial + 1, setup));
    const summary = summarizeCompare(system, results);
    const cell = (value: number | null, width: number) => (value === null ? '-' : value.toFixed(0)).padStart(width);
    log(
      `${system.padEnd(15)} ${cell(summary.acknowledgedMean, 11)} ${cell(summary.lostMax, 9)} ${summary.lostMean.toFixed(2).padStart(10)} ${cell(summary.unavailableP50Ms, 16)} ${cell(summary.unavailableP99Ms, 9)} ${cell(summary.latencyP50Ms, 12)} ${cell(summary.latencyP99Ms, 9)}  ${summary.linearizableTrials}/${summary.notLinearizableTrials}/${summary.unknownTrials}`,
    );
  }
  log('Unavailability: from the first write refused (or unanswered, or answered after 1 s) to the next write acknowledged. Lost: acknowledged writes missing from the surviving primary/leader. Linearizable: the checker on each trial\'s client history (a lost write that a later write overwrote before any read cannot show there).');
  return 0;
}
