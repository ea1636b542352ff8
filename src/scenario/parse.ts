// Entry point of the scenario language: reads the header to pick the lab, then parses each line.

import { ScenarioSyntaxError, tokenizeScenario, type ScenarioError } from './lexer.ts';
import { defaultRaftConfig, MAX_NODES } from '../kernel/protocols/raft/simulation.ts';
import { parseRaftHeader, parseRaftStep, type RaftScenario, type RaftScenarioStep } from './raft.ts';

export type Scenario = RaftScenario;

export type ParseResult = { readonly ok: true; readonly scenario: Scenario } | { readonly ok: false; readonly errors: readonly ScenarioError[] };

export const KNOWN_LABS = ['raft'] as const;

/** Parses a whole file; collects one error per bad line rather than stopping at the first. */
export function parseScenario(source: string): ParseResult {
  const lines = tokenizeScenario(source);
  const header = lines[0];
  if (!header) return { ok: false, errors: [{ line: 1, column: 1, message: 'the scenario is empty: its first line names the lab, e.g. "raft nodes=5 seed=42"' }] };
  const lab = header.tokens[0]!;
  if (lab.text !== 'raft') {
    return {
      ok: false,
      errors: [{ line: header.line, column: lab.column, message: `the first line must name the lab (${KNOWN_LABS.join(', ')}), got "${lab.text}"` }],
    };
  }
  const errors: ScenarioError[] = [];
  let config;
  try {
    config = parseRaftHeader(header);
  } catch (error) {
    errors.push(toScenarioError(error));
    // Keep checking the other lines against the largest cluster, so one run reports every error.
    config = defaultRaftConfig({ nodeCount: MAX_NODES });
  }
  const steps: RaftScenarioStep[] = [];
  let started = false;
  for (const line of lines.slice(1)) {
    try {
      const step = parseRaftStep(line, config);
      if (step.kind === 'log' && started) {
        throw new ScenarioSyntaxError(line.line, 1, '"log" sets a node up and may only come before the first "run"');
      }
      if (step.kind === 'run') started = true;
      steps.push(step);
    } catch (error) {
      errors.push(toScenarioError(error));
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, scenario: { lab: 'raft', config, steps } };
}

export function formatScenarioError(fileName: string, error: ScenarioError): string {
  return `${fileName}:${error.line}:${error.column}: ${error.message}`;
}

function toScenarioError(error: unknown): ScenarioError {
  if (error instanceof ScenarioSyntaxError) return { line: error.line, column: error.column, message: error.message };
  throw error;
}
