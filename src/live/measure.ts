// Measures the live lab on this machine: time to a ready etcd cluster and PostgreSQL pair, leader failover after SIGKILL, memory.
//   npx tsx src/live/measure.ts [--runs 5]

import { EtcdCluster } from './etcd-cluster.ts';
import { PostgresCluster } from './postgres-cluster.ts';
import { descendantsOf } from './supervisor.ts';
import { readFileSync } from 'node:fs';

const runsAt = process.argv.indexOf('--runs');
const runs = runsAt === -1 ? 5 : Math.max(1, Math.min(50, Number(process.argv[runsAt + 1]) || 5));

function residentMiB(pids: readonly number[]): number {
  let kilobytes = 0;
  for (const pid of pids) {
    try {
      kilobytes += Number(/^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // Gone.
    }
  }
  return kilobytes / 1024;
}

const summary = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return `median ${Math.round(sorted[Math.floor(sorted.length / 2)]!)} ms, min ${Math.round(sorted[0]!)}, max ${Math.round(sorted[sorted.length - 1]!)} (${values.length} runs)`;
};

for (const timing of [{ heartbeatIntervalMs: 50, electionTimeoutMs: 250 }, { heartbeatIntervalMs: 100, electionTimeoutMs: 1000 }]) {
  const ready: number[] = [];
  const failover: number[] = [];
  const memory: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const startedAt = performance.now();
    const cluster = await EtcdCluster.start({ memberCount: 3, ...timing });
    try {
      ready.push(performance.now() - startedAt);
      const views = await cluster.view();
      memory.push(residentMiB(views.map((view) => view.pid!)));
      // A small workload first, so the leader has something to replicate: 20 puts.
      const leader = EtcdCluster.leaderOf(views)!.name;
      for (let index = 0; index < 20; index += 1) await cluster.put(`k${index}`, String(index), leader);
      const killedAt = performance.now();
      await cluster.kill(leader);
      await cluster.waitUntil((all) => EtcdCluster.leaderOf(all) !== null, 20_000, 'new leader');
      failover.push(performance.now() - killedAt);
    } finally {
      await cluster.stop();
    }
  }
  console.log(`etcd 3 members, heartbeat ${timing.heartbeatIntervalMs} ms, election timeout ${timing.electionTimeoutMs} ms:`);
  console.log(`  ready (all answering, leader elected): ${summary(ready)}`);
  console.log(`  leader SIGKILLed -> new leader seen (status polled every 50 ms): ${summary(failover)}`);
  console.log(`  resident memory of the 3 members: ${Math.round(Math.min(...memory))}-${Math.round(Math.max(...memory))} MiB`);
}

const pgReady: number[] = [];
const pgMemory: number[] = [];
const promote: number[] = [];
const rewind: number[] = [];
for (let run = 0; run < Math.min(runs, 3); run += 1) {
  const startedAt = performance.now();
  const cluster = await PostgresCluster.start({ nodeCount: 2, mode: 'async' });
  try {
    pgReady.push(performance.now() - startedAt);
    const views = await cluster.view();
    pgMemory.push(residentMiB(views.flatMap((view) => [view.pid!, ...descendantsOf(view.pid!)])));
    for (let index = 0; index < 20; index += 1) await cluster.write(`k${index}`, String(index), 'n1');
    cluster.partition([['n1'], ['n2']]);
    let at = performance.now();
    await cluster.promote('n2');
    promote.push(performance.now() - at);
    await cluster.write('k0', 'diverged', 'n1');
    cluster.heal();
    at = performance.now();
    await cluster.rewind('n1');
    await cluster.waitUntil((all) => all.some((view) => view.id === 'n1' && view.streaming), 20_000, 'n1 streaming');
    rewind.push(performance.now() - at);
  } finally {
    await cluster.stop();
  }
}
console.log('PostgreSQL primary + 1 streaming standby (async):');
console.log(`  ready (initdb, primary up, pg_basebackup, standby streaming): ${summary(pgReady)}`);
console.log(`  promote (pg_promote + checkpoint): ${summary(promote)}`);
console.log(`  rewind (fast stop, pg_rewind, restart, streaming again): ${summary(rewind)}`);
console.log(`  resident memory of both servers and their backends: ${Math.round(Math.min(...pgMemory))}-${Math.round(Math.max(...pgMemory))} MiB`);
