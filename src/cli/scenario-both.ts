// `npm run scenario -- <file> --target both`: the simulation's prediction and the real system's observation of
// one scenario, on one timeline — one JSON line per scenario line with `sim` and `real` side by side.
//
// The simulation runs first (it takes milliseconds), then the real cluster; each real line is printed
// with the simulated line of the same scenario line beside it, and `agree` says whether the two tell the
// same story at that point (as many members alive; as many leaders or primaries; an expectation holding
// on both). Which node leads may differ: elections are random on both targets.
// Exit 0 when every expectation held on both targets, 1 otherwise, 2 when the file is not valid for both.

import { readFileSync } from 'node:fs';
import { formatScenarioError, parseScenario } from '../scenario/parse.ts';
import { tokenizeScenario } from '../scenario/lexer.ts';
import { runRaftScenarioCli } from './scenario-raft.ts';
import { runReplicationScenarioCli } from './scenario-replication.ts';
import { planRealScenario } from './scenario-real.ts';
import { findEtcd, findPostgres } from '../live/binaries.ts';

type Line = Record<string, unknown>;

interface NodeLike {
  readonly id: string;
  readonly role: string;
  readonly alive?: boolean;
}

/** Who is alive and who leads (etcd: leader; PostgreSQL: primaries), as both targets print it. */
function summary(line: Line | undefined): { alive: string[]; leaders: string[] } | null {
  const nodes = line?.nodes as NodeLike[] | undefined;
  if (!Array.isArray(nodes)) return null;
  const alive = nodes.filter((node) => node.alive !== false && node.role !== 'crashed' && node.role !== 'down').map((node) => node.id);
  const leaders = nodes.filter((node) => node.role === 'leader' || node.role === 'primary').map((node) => node.id);
  return { alive, leaders };
}

/** One scenario line on both targets: the prediction, the observation, and whether they agree. */
export function mergeLines(sim: Line | undefined, real: Line): Line {
  const { line, cmd, ...realRest } = real;
  const simRest = sim ? Object.fromEntries(Object.entries(sim).filter(([key]) => key !== 'line' && key !== 'cmd')) : null;
  let agree: boolean | null = null;
  let why = '';
  if (sim && 'ok' in sim && 'ok' in real && (sim.expect !== undefined || real.expect !== undefined)) {
    agree = sim.ok === real.ok;
    why = agree ? `the expectation ${real.ok ? 'held' : 'failed'} on both` : `the expectation ${sim.ok ? 'held' : 'failed'} in the simulation but ${real.ok ? 'held' : 'failed'} on the real system`;
  } else {
    const predicted = summary(sim);
    const observed = summary(real);
    if (predicted && observed) {
      // Counts, not names: `crash leader` picks whichever node leads, which differs between the targets.
      const sameAlive = predicted.alive.length === observed.alive.length;
      const sameLeadership = (predicted.leaders.length > 0) === (observed.leaders.length > 0) && predicted.leaders.length === observed.leaders.length;
      agree = sameAlive && sameLeadership;
      const leadersText = (leaders: string[]) => (leaders.length === 0 ? 'none' : leaders.join(' and '));
      why = `alive: sim ${predicted.alive.join(',') || 'none'}, real ${observed.alive.join(',') || 'none'}; leading: sim ${leadersText(predicted.leaders)}, real ${leadersText(observed.leaders)}`;
    }
  }
  return { line, cmd, sim: simRest ? { clock: 'virtual', ...simRest } : null, real: realRest, agree, ...(why ? { why } : {}) };
}

export async function runBothTargetsCli(file: string, print: (value: unknown) => void = (value) => process.stdout.write(`${JSON.stringify(value)}\n`)): Promise<number> {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (error) {
    process.stderr.write(`${file}: cannot read: ${(error as Error).message}\n`);
    return 2;
  }
  const simulated = parseScenario(source);
  const real = planRealScenario(source);
  const errors = [...(simulated.ok ? [] : simulated.errors.map((error) => ({ ...error, message: `simulation: ${error.message}` }))), ...(real.ok ? [] : real.errors.map((error) => ({ ...error, message: `real target: ${error.message}` })))];
  if (!simulated.ok || !real.ok) {
    for (const error of errors.sort((a, b) => a.line - b.line || a.column - b.column)) process.stderr.write(`${formatScenarioError(file, error)}\n`);
    return 2;
  }
  const scenario = simulated.scenario;
  if (scenario.lab !== 'raft' && scenario.lab !== 'replication') {
    process.stderr.write(`${file}: --target both runs raft (etcd) and replication (PostgreSQL) scenarios\n`);
    return 2;
  }
  const found = scenario.lab === 'raft' ? findEtcd() : findPostgres();
  if (!found.ok) {
    process.stderr.write(`${found.problem}\n${found.install}\n`);
    return 2;
  }
  const simLines = new Map<number, Line>();
  let simSummary: Line | null = null;
  const collect = (value: unknown) => {
    const line = value as Line;
    if (typeof line.line === 'number') simLines.set(line.line, line);
    else simSummary = line;
  };
  const simHeld = scenario.lab === 'raft' ? runRaftScenarioCli(scenario, collect) : runReplicationScenarioCli(scenario, collect);
  let realHeld: boolean;
  let headerPrinted = false;
  try {
    realHeld = await real.run((value) => {
      const line = value as Line;
      if (typeof line.line !== 'number') {
        // The real target's first line describes it (startup time, timing notes); a later one sums up its run.
        print(headerPrinted ? { real: line } : { target: 'both', lab: tokenizeScenario(source)[0]!.tokens[0]!.text, sim: { clock: 'virtual', ...(simSummary ?? {}) }, real: line });
        headerPrinted = true;
        return;
      }
      print(mergeLines(simLines.get(line.line), line));
    });
  } catch (error) {
    process.stderr.write(`${file}: the real ${scenario.lab === 'raft' ? 'etcd cluster' : 'PostgreSQL pair'} could not run: ${(error as Error).message}\n`);
    return 1;
  }
  print({ summary: true, simulation: simHeld ? 'every expectation held' : 'an expectation failed', real: realHeld ? 'every expectation held' : 'an expectation failed' });
  return simHeld && realHeld ? 0 : 1;
}
