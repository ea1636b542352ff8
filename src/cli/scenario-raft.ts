// Runs a Raft scenario for the CLI: one JSON line per step; returns whether everything held.

import { applyScenarioStep, nodesAsJson, violationsAsJson } from '../scenario/raft-runner.ts';
import { createRaftRun } from '../kernel/protocols/raft/run.ts';
import type { RaftScenario } from '../scenario/raft.ts';

export function runRaftScenarioCli(scenario: RaftScenario, print: (value: unknown) => void): boolean {
  const run = createRaftRun(scenario.config, { checked: true });
  let allHeld = true;
  for (const step of scenario.steps) {
    const outcome = applyScenarioStep(run, step);
    const base = { line: step.line, cmd: step.text, t_ms: run.simulation.nowMs, violations: violationsAsJson(run) };
    if (outcome.kind === 'expect') {
      if (!outcome.ok) allHeld = false;
      print({ ...base, expect: step.text.replace(/^expect\s+/, ''), ok: outcome.ok, detail: outcome.detail });
    } else if (outcome.kind === 'error') {
      allHeld = false;
      print({ ...base, ok: false, detail: outcome.detail, nodes: nodesAsJson(run) });
    } else {
      print({ ...base, nodes: nodesAsJson(run) });
    }
  }
  return allHeld;
}
