// Entry point of the scenario language: reads the header to pick the lab, then that lab's grammar
// parses the rest. Each lab adds its parser to LAB_PARSERS and its scenario type to `Scenario`.

import { tokenizeScenario, type ScenarioError, type ScenarioLine } from './lexer.ts';
import { parseRaftScenario, type RaftScenario } from './raft.ts';
import { parseHashingScenario, type HashingScenario } from './hashing.ts';
import { parseClocksScenario, type ClocksScenario } from './clocks.ts';
import { parseQuorumScenario, type QuorumScenario } from './quorum.ts';
import { parseCrdtScenario, type CrdtScenario } from './crdt.ts';
import { parseReplicationScenario, type ReplicationScenario } from './replication.ts';
import { parseCommitScenario, type CommitScenario } from './commit.ts';

import { parseDeliveryScenario, type DeliveryScenario } from './delivery.ts';
import { readScenarioDirectives } from './directives.ts';

export type Scenario = RaftScenario | HashingScenario | ClocksScenario | QuorumScenario | CrdtScenario | ReplicationScenario | CommitScenario | DeliveryScenario;

export type ParseResult = { readonly ok: true; readonly scenario: Scenario } | { readonly ok: false; readonly errors: readonly ScenarioError[] };

/** A lab's grammar: the header line (lab name and options) and the lines after it. */
export type LabScenarioParser = (header: ScenarioLine, body: readonly ScenarioLine[]) => ParseResult;

const LAB_PARSERS: Readonly<Record<string, LabScenarioParser>> = {
  raft: parseRaftScenario,
  hashing: parseHashingScenario,
  clocks: parseClocksScenario,
  quorum: parseQuorumScenario,
  crdt: parseCrdtScenario,
  replication: parseReplicationScenario,
  commit: parseCommitScenario,
  delivery: parseDeliveryScenario,
};

export const KNOWN_LABS: readonly string[] = Object.keys(LAB_PARSERS);

/** Parses a whole file; collects one error per bad line rather than stopping at the first. */
export function parseScenario(source: string): ParseResult {
  const lines = tokenizeScenario(source);
  const header = lines[0];
  if (!header) {
    return { ok: false, errors: [{ line: 1, column: 1, message: `the scenario is empty: its first line names the lab (${KNOWN_LABS.join(', ')}), e.g. "raft nodes=5 seed=42"` }] };
  }
  const lab = header.tokens[0]!;
  const parser = Object.hasOwn(LAB_PARSERS, lab.text) ? LAB_PARSERS[lab.text] : undefined;
  if (!parser) {
    return { ok: false, errors: [{ line: header.line, column: lab.column, message: `the first line must name the lab (${KNOWN_LABS.join(', ')}), got "${lab.text}"` }] };
  }
  const parsed = parser(header, lines.slice(1));
  // Talk directives (`# @beat 90s …`) read the same in every lab: their errors join the grammar's.
  const directives = readScenarioDirectives(source);
  if (directives.ok) return parsed;
  const errors = [...(parsed.ok ? [] : parsed.errors), ...directives.errors].sort((a, b) => a.line - b.line || a.column - b.column);
  return { ok: false, errors };
}

export function formatScenarioError(fileName: string, error: ScenarioError): string {
  return `${fileName}:${error.line}:${error.column}: ${error.message}`;
}
