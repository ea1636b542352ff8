// `npm run scenario -- <file>`: runs a scenario headless and prints one JSON line per command.
// Exit codes: 0 all expectations held, 1 an expectation failed (or a step could not run), 2 bad file.

import { readFileSync } from 'node:fs';
import { formatScenarioError, parseScenario } from '../scenario/parse.ts';
import { applyScenarioStep, nodesAsJson } from '../scenario/raft-runner.ts';
import { createRaftRun } from '../kernel/protocols/raft/run.ts';

function main(argv: readonly string[]): number {
  const file = argv[0];
  if (!file || argv.length > 1) {
    process.stderr.write('usage: npm run scenario -- <file.scenario>\n');
    return 2;
  }
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (error) {
    process.stderr.write(`${file}: cannot read: ${(error as Error).message}\n`);
    return 2;
  }
  const parsed = parseScenario(source);
  if (!parsed.ok) {
    for (const error of parsed.errors) process.stderr.write(`${formatScenarioError(file, error)}\n`);
    return 2;
  }
  const run = createRaftRun(parsed.scenario.config);
  let failed = false;
  for (const step of parsed.scenario.steps) {
    const outcome = applyScenarioStep(run, step);
    const base = { line: step.line, cmd: step.text, t_ms: run.simulation.nowMs };
    if (outcome.kind === 'expect') {
      if (!outcome.ok) failed = true;
      print({ ...base, expect: step.text.replace(/^expect\s+/, ''), ok: outcome.ok, detail: outcome.detail });
    } else if (outcome.kind === 'error') {
      failed = true;
      print({ ...base, ok: false, detail: outcome.detail, nodes: nodesAsJson(run) });
    } else {
      print({ ...base, nodes: nodesAsJson(run) });
    }
  }
  return failed ? 1 : 0;
}

function print(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

process.exitCode = main(process.argv.slice(2));
