// Runs a transactions-lab scenario for the CLI: a header line, then one JSON line per command and
// expectation (line, cmd, t_ms, coordinator, participants, transactions, …); returns whether every
// expectation held.

import { applyCommitStep, commitJsonLine } from '../scenario/commit-runner.ts';
import { createCommitRun } from '../kernel/protocols/commit/index.ts';
import type { CommitScenario } from '../scenario/commit.ts';

export function runCommitScenarioCli(scenario: CommitScenario, print: (value: unknown) => void): boolean {
  const run = createCommitRun(scenario.config);
  const { config } = scenario;
  print({
    lab: 'commit',
    protocol: config.protocol,
    ...(config.protocol === 'saga' ? { saga: config.sagaStyle, semantic_lock: config.semanticLock } : {}),
    seed: config.seed,
    participants: run.simulation.participantIds,
    ...(config.bug ? { bug: config.bug } : {}),
  });
  let allHeld = true;
  for (const step of scenario.steps) {
    const outcome = applyCommitStep(run, step);
    if (outcome.kind === 'expect' && !outcome.ok) allHeld = false;
    print(commitJsonLine(run, step, outcome));
  }
  return allHeld;
}
