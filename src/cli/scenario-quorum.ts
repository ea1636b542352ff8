// Runs a quorum scenario for the CLI: a JSON line per operation result, command and expectation,
// then the checker's verdict; returns whether every expectation held.

import { applyQuorumStep } from '../scenario/quorum-runner.ts';
import { checkOperations, createQuorumRun, findStaleReads, operationRecord, type QuorumRun } from '../kernel/protocols/quorum/index.ts';
import type { QuorumScenario } from '../scenario/quorum.ts';

export function runQuorumScenarioCli(scenario: QuorumScenario, print: (value: unknown) => void): boolean {
  const run = createQuorumRun(scenario.config);
  const { config } = scenario;
  print({
    lab: 'quorum',
    mode: config.mode,
    seed: config.seed,
    replicas: run.simulation.replicaIds,
    clients: run.simulation.clientIds,
    n: config.replicationFactor,
  });
  let allHeld = true;
  const reported = new Set<number>();
  // Operations are printed once they have an outcome, in the order they got it.
  const printFinished = (line: number, cmd: string) => {
    const finished = run.simulation.operations
      .filter((operation) => !reported.has(operation.id) && operation.status !== 'queued' && operation.status !== 'pending')
      .sort((a, b) => (a.completeMs ?? 0) - (b.completeMs ?? 0) || a.id - b.id);
    for (const operation of finished) {
      reported.add(operation.id);
      print({ line, cmd, ...operationRecord(operation) });
    }
  };
  for (const step of scenario.steps) {
    const outcome = applyQuorumStep(run, step);
    const base = { line: step.line, cmd: step.text, t_ms: run.simulation.nowMs };
    if (outcome.kind === 'expect') {
      if (!outcome.ok) allHeld = false;
      print({ ...base, expect: step.text.replace(/^expect\s+/, ''), ok: outcome.ok, detail: outcome.detail });
    } else if (outcome.kind === 'operation') {
      if (run.simulation.operation(outcome.operationId)!.status === 'queued' || run.simulation.operation(outcome.operationId)!.status === 'pending') print({ ...base, issued: outcome.operationId });
    } else {
      print(base);
    }
    printFinished(step.line, step.text);
  }
  // Let operations still running finish, so every one is reported with its outcome.
  finishOutstanding(run);
  printFinished(0, '(end)');
  const result = checkOperations(run.simulation.operations);
  const stale = findStaleReads(run.simulation.operations);
  print({
    verdict: result.verdict,
    message: result.message,
    operations: run.simulation.operations.length,
    stale_reads: stale.map((found) => found.explanation),
    t_ms: run.simulation.nowMs,
  });
  return allHeld;
}

function finishOutstanding(run: QuorumRun): void {
  const timeoutMs = run.simulation.settings.operationTimeoutMs;
  for (let round = 0; round < 70 && run.simulation.operations.some((operation) => operation.status === 'queued' || operation.status === 'pending'); round++) {
    run.history.advanceTo(run.simulation.nowMs + timeoutMs);
  }
}
