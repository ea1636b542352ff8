// Runs a clocks scenario for the CLI: one JSON line per command, then every event with its clocks; returns whether every expectation held.

import { runClocksScenario } from '../scenario/clocks-runner.ts';
import type { ClocksScenario } from '../scenario/clocks.ts';

export function runClocksScenarioCli(scenario: ClocksScenario, print: (value: unknown) => void): boolean {
  const result = runClocksScenario(scenario);
  for (const { step, outcome } of result.outcomes) {
    const base = { line: step.line, cmd: step.text };
    if (outcome.kind === 'expect') {
      print({ ...base, expect: step.text.replace(/^expect\s+/, ''), ok: outcome.ok, relation: outcome.statement, detail: outcome.detail });
    } else {
      print({ ...base, event: outcome.event, how: { lamport: outcome.lamportExplanation, vector: outcome.vectorExplanation } });
    }
  }
  print({ processes: scenario.processes, seed: scenario.seed, ok: result.allHeld, events: result.events });
  return result.allHeld;
}
