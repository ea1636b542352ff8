// Runs a replication scenario for the CLI: a JSON line after each command (the contract), then a
// closing summary with the measures and the checker's verdict; returns whether every step ran and every expectation held.

import { applyMultiLeaderStep, applyReplicationStep, multiLeaderStepRecord, replicationStepRecord } from '../scenario/replication-runner.ts';
import { checkClientHistory, createMultiLeaderRun, createReplicationRun, replicationFrame, type MultiLeaderConfig } from '../kernel/protocols/replication/index.ts';
import type { ReplicationScenario } from '../scenario/replication.ts';

export function runReplicationScenarioCli(scenario: ReplicationScenario, print: (value: unknown) => void): boolean {
  if (scenario.multiLeader) return runMultiLeader(scenario, scenario.multiLeader, print);
  const run = createReplicationRun(scenario.config);
  const { config } = scenario;
  print({ lab: 'replication', seed: config.seed, nodes: run.simulation.nodeIds, mode: config.mode, failover: config.failover, fencing: config.fencing, witness: config.witness, strict: config.strict });
  let allHeld = true;
  for (const step of scenario.steps) {
    const outcome = applyReplicationStep(run, step);
    const record = replicationStepRecord(run, step);
    if (outcome.kind === 'expect') {
      if (!outcome.ok) allHeld = false;
      print({ ...record, expect: step.text.replace(/^expect\s+/, ''), ok: outcome.ok, detail: outcome.detail });
    } else if (outcome.kind === 'refused') {
      allHeld = false;
      print({ ...record, error: outcome.reason });
    } else {
      print(record);
    }
  }
  const frame = replicationFrame(run);
  const result = checkClientHistory(run.simulation.operations);
  print({
    verdict: result.verdict,
    message: result.message,
    lostWrites: frame.measures.lostWrites,
    lost: frame.writes.filter((write) => write.status === 'lost').map((write) => ({ key: write.key, value: write.value, node: write.node, lsn: write.lsn, timeline: write.timeline })),
    splitBrain: frame.measures.splitBrain?.explanation ?? null,
    rpoMs: frame.measures.rpoMs,
    rtoMs: frame.measures.rtoMs,
    unavailability: frame.measures.windows,
    writeLatency: frame.measures.latency,
    discarded: frame.discards.map(({ node, how, atMs, forkLsn, writeIds }) => ({ node, how, atMs, forkLsn, writeIds })),
    t_ms: frame.nowMs,
  });
  return allHeld;
}

function runMultiLeader(scenario: ReplicationScenario, config: MultiLeaderConfig, print: (value: unknown) => void): boolean {
  const run = createMultiLeaderRun(config);
  print({ lab: 'replication', seed: config.seed, nodes: run.simulation.nodeIds, leaders: config.leaderCount, resolve: config.resolve, skewMs: config.clockSkewMs });
  let allHeld = true;
  for (const step of scenario.steps) {
    const outcome = applyMultiLeaderStep(run, step);
    const record = multiLeaderStepRecord(run, step);
    if (outcome.kind === 'expect') {
      if (!outcome.ok) allHeld = false;
      print({ ...record, expect: step.text.replace(/^expect\s+/, ''), ok: outcome.ok, detail: outcome.detail });
    } else if (outcome.kind === 'refused') {
      allHeld = false;
      print({ ...record, error: outcome.reason });
    } else {
      print(record);
    }
  }
  const lost = run.simulation.lostWrites();
  const result = checkClientHistory(run.simulation.operations);
  print({ verdict: result.verdict, message: result.message, lostWrites: lost.length, lost: lost.map((write) => ({ key: write.key, value: write.value, node: write.node, clockMs: write.clockMs })), converged: run.simulation.converged(), t_ms: run.simulation.nowMs });
  return allHeld;
}
