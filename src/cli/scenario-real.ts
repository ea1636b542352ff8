// `npm run scenario -- <file> --target real`: a raft scenario on real etcd, a replication scenario on real PostgreSQL.
// Exit codes as for the simulation: 0 all expectations held, 1 one failed (or a step could not run), 2 bad file or
// a command the real target cannot do (with line and column), or the real programs are missing.

import { readFileSync } from 'node:fs';
import { formatScenarioError } from '../scenario/parse.ts';
import type { ScenarioError } from '../scenario/lexer.ts';
import { tokenizeScenario } from '../scenario/lexer.ts';
import { parseRaftForEtcd, runRaftOnEtcd, type Print } from '../live/raft-on-etcd.ts';
import { parseReplicationScenario, replicationRealTargetProblems } from '../live/replication-scenario.ts';
import { runReplicationOnPostgres } from '../live/replication-on-postgres.ts';
import { findEtcd, findPostgres } from '../live/binaries.ts';

export type RealPlan = { readonly ok: true; readonly run: (print: Print) => Promise<boolean> } | { readonly ok: false; readonly errors: readonly ScenarioError[] };

/** Parses a scenario for the real target; every error (grammar or real-target limit) with its line and column. */
export function planRealScenario(source: string): RealPlan {
  const lines = tokenizeScenario(source);
  const header = lines[0];
  if (!header) return { ok: false, errors: [{ line: 1, column: 1, message: 'the scenario is empty: its first line names the lab (raft or replication for the real target)' }] };
  const lab = header.tokens[0]!;
  if (lab.text === 'raft') {
    const parsed = parseRaftForEtcd(header, lines.slice(1));
    if (!parsed.ok) return parsed;
    return { ok: true, run: (print) => runRaftOnEtcd(parsed.scenario, print) };
  }
  if (lab.text === 'replication') {
    const parsed = parseReplicationScenario(header, lines.slice(1));
    if (!parsed.ok) return parsed;
    const problems = replicationRealTargetProblems(parsed.scenario, header.line);
    if (problems.length > 0) return { ok: false, errors: problems };
    return { ok: true, run: (print) => runReplicationOnPostgres(parsed.scenario, print) };
  }
  return { ok: false, errors: [{ line: header.line, column: lab.column, message: `the real target runs "raft" scenarios on etcd and "replication" scenarios on PostgreSQL, not "${lab.text}"` }] };
}

export async function runRealScenarioCli(file: string): Promise<number> {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (error) {
    process.stderr.write(`${file}: cannot read: ${(error as Error).message}\n`);
    return 2;
  }
  const plan = planRealScenario(source);
  if (!plan.ok) {
    for (const error of plan.errors) process.stderr.write(`${formatScenarioError(file, error)}\n`);
    return 2;
  }
  const lab = tokenizeScenario(source)[0]!.tokens[0]!.text;
  const found = lab === 'raft' ? findEtcd() : findPostgres();
  if (!found.ok) {
    process.stderr.write(`${found.problem}\n${found.install}\n`);
    return 2;
  }
  try {
    return (await plan.run((value) => process.stdout.write(`${JSON.stringify(value)}\n`))) ? 0 : 1;
  } catch (error) {
    process.stderr.write(`${file}: the real ${lab === 'raft' ? 'etcd cluster' : 'PostgreSQL pair'} could not run: ${(error as Error).message}\n`);
    return 1;
  }
}
