// Runs a consistent hashing scenario for the CLI: one JSON line for the header and each step; returns whether everything held.

import { HashingSession } from '../kernel/protocols/hashing/index.ts';
import type { HashingScenario } from '../scenario/hashing.ts';
import { applyHashingStep, hashingStateAsJson, round, type LastMovement } from '../scenario/hashing-runner.ts';

export function runHashingScenarioCli(scenario: HashingScenario, print: (value: unknown) => void): boolean {
  const session = new HashingSession(scenario.config);
  let last: LastMovement = { count: 0, fraction: 0 };
  let allHeld = true;
  // The starting state, so loads before the first change are on record too.
  print({ line: scenario.headerLine, cmd: scenario.headerText, moved: last, ...hashingStateAsJson(session) });
  for (const step of scenario.steps) {
    const outcome = applyHashingStep(session, step, last);
    const base = { line: step.line, cmd: step.text };
    if (outcome.kind === 'changed') {
      const { moved, idealMovedFraction, idealMovedKeyCount } = outcome.outcome;
      last = { count: moved.movedKeyCount, fraction: round(moved.movedFraction, 4) };
      print({ ...base, moved: last, ideal: { count: idealMovedKeyCount, fraction: round(idealMovedFraction, 4) }, ...hashingStateAsJson(session) });
    } else if (outcome.kind === 'expect') {
      if (!outcome.ok) allHeld = false;
      print({ ...base, expect: step.text.replace(/^expect\s+/, ''), ok: outcome.ok, detail: outcome.detail, moved: last, ...hashingStateAsJson(session) });
    } else {
      allHeld = false;
      print({ ...base, ok: false, detail: outcome.detail, moved: last, ...hashingStateAsJson(session) });
    }
  }
  return allHeld;
}
