// Runs a CRDT scenario for the CLI: a header line, then one JSON line per command and
// expectation (line, cmd, t_ms, replicas, converged, …); returns whether every expectation held.

import { applyCrdtStep, crdtJsonLine } from '../scenario/crdt-runner.ts';
import { createCrdtRun } from '../kernel/protocols/crdt/index.ts';
import type { CrdtScenario } from '../scenario/crdt.ts';

export function runCrdtScenarioCli(scenario: CrdtScenario, print: (value: unknown) => void): boolean {
  const run = createCrdtRun(scenario.config);
  const { config } = scenario;
  const type = run.simulation.opType ?? run.simulation.stateType;
  print({
    lab: 'crdt',
    type: config.type,
    title: type.title,
    source: type.source,
    sync: config.sync,
    ...(config.sync === 'op' ? { delivery: config.delivery, requirement: run.simulation.opType!.delivery } : {}),
    seed: config.seed,
    replicas: run.simulation.replicaIds,
    ...(config.bug ? { bug: config.bug } : {}),
    ...(config.raft ? { raft: true } : {}),
  });
  let allHeld = true;
  for (const step of scenario.steps) {
    const outcome = applyCrdtStep(run, step);
    if (outcome.kind === 'expect' && !outcome.ok) allHeld = false;
    print(crdtJsonLine(run, step, outcome));
  }
  return allHeld;
}
