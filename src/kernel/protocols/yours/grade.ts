// "Grade my node": many runs, each under its own random fault schedule (crashes, restarts,
// partitions, isolations, heals) drawn from its seed, then the network made whole and every node
// restarted, then a quiet stretch in which a leader must emerge. Every report is checked as it
// happens; each failing run names its seed, and `gradeCaseCommands` rebuilds it exactly.

import { Prng } from '../../prng.ts';
import { checkLeaderAfterHeal, type ElectionViolation } from './checkers.ts';
import { createYoursRun, type YoursRun } from './run.ts';
import type { YoursCommand } from './simulation.ts';
import { checkWorkload } from './workload-checks.ts';
import { operationsOf, type WorkloadName } from './workload.ts';
import { nodeIds, type DescribeError, type NodeFactory, type NodeFault, type YoursConfig } from './types.ts';

export interface GradeOptions {
  readonly runs: number;
  /** The first run's seed; run i uses firstSeed + i. */
  readonly firstSeed: number;
  readonly nodeCount: number;
  /** How long faults keep coming. */
  readonly faultsMs: number;
  /** After the heal: how long a leader may take. */
  readonly livenessBoundMs: number;
  readonly latencyMsMin: number;
  readonly latencyMsMax: number;
  /** The clients that run (absent: election, judged by the election checks and liveness). */
  readonly workload?: WorkloadName;
}

export const DEFAULT_GRADE_OPTIONS: GradeOptions = { runs: 30, firstSeed: 1, nodeCount: 3, faultsMs: 6_000, livenessBoundMs: 3_000, latencyMsMin: 10, latencyMsMax: 40 };

export interface ScheduledFault {
  readonly atMs: number;
  readonly command: YoursCommand;
}

export interface GradeCase {
  readonly seed: number;
  readonly ok: boolean;
  /** The first problem, in words: a safety violation, a fault in the node's code, or no leader after the heal. */
  readonly problem: string | null;
  /** When the first problem happened (scrub there to see it). */
  readonly problemAtMs: number | null;
  readonly violations: readonly ElectionViolation[];
  readonly faults: readonly NodeFault[];
  readonly faultCount: number;
}

export interface GradeReport {
  readonly options: GradeOptions;
  readonly cases: readonly GradeCase[];
  readonly passed: number;
  readonly failed: number;
}

/** The random faults of one graded run, then the heal and restarts at `faultsMs`. Pure. */
export function gradeCaseCommands(seed: number, options: Pick<GradeOptions, 'nodeCount' | 'faultsMs'>): ScheduledFault[] {
  const prng = new Prng((seed ^ 0x2545f491) >>> 0);
  const ids = nodeIds(options.nodeCount);
  const pick = () => ids[prng.intBetween(0, ids.length - 1)]!;
  const commands: ScheduledFault[] = [];
  for (let atMs = prng.intBetween(300, 900); atMs < options.faultsMs; atMs += prng.intBetween(200, 1_200)) {
    const roll = prng.intBetween(0, 99);
    let command: YoursCommand;
    if (roll < 25) command = { type: 'crash', node: pick() };
    else if (roll < 50) command = { type: 'restart', node: pick() };
    else if (roll < 65 && ids.length > 1) {
      const groups: string[][] = [[], []];
      for (const id of ids) groups[prng.intBetween(0, 1)]!.push(id);
      command = { type: 'partition', groups: groups.filter((group) => group.length > 0) };
    } else if (roll < 80) command = { type: 'isolate', node: pick() };
    else command = { type: 'heal' };
    commands.push({ atMs, command });
  }
  commands.push({ atMs: options.faultsMs, command: { type: 'heal' } });
  for (const id of ids) commands.push({ atMs: options.faultsMs, command: { type: 'restart', node: id } });
  return commands;
}

export function gradeConfig(seed: number, options: GradeOptions): YoursConfig {
  return { nodeCount: options.nodeCount, seed, latencyMsMin: options.latencyMsMin, latencyMsMax: options.latencyMsMax, lossPercent: 0, workload: options.workload ?? 'election' };
}

/** Build one graded run and play it to its end (faults, heal, quiet stretch). */
export function playGradeCase(factory: NodeFactory, seed: number, options: GradeOptions, describeError?: DescribeError): YoursRun {
  const run = createYoursRun(gradeConfig(seed, options), factory, describeError);
  for (const { atMs, command } of gradeCaseCommands(seed, options)) {
    run.history.advanceTo(atMs);
    run.history.apply(command);
  }
  run.history.advanceTo(options.faultsMs + options.livenessBoundMs);
  return run;
}

export function gradeOne(factory: NodeFactory, seed: number, options: GradeOptions, describeError?: DescribeError): GradeCase {
  const run = playGradeCase(factory, seed, options, describeError);
  const violations: ElectionViolation[] = [];
  const faults: NodeFault[] = [];
  const trace = run.history.trace;
  for (let index = 0; index < trace.length; index++) {
    const event = trace.get(index);
    if (event.kind === 'violation') violations.push(event.violation);
    else if (event.kind === 'fault') faults.push(event.fault);
  }
  const endMs = options.faultsMs + options.livenessBoundMs;
  const workload = options.workload ?? 'election';
  if (workload !== 'election' && faults.length === 0) {
    // A workload is judged by its clients' history; a leader is not asked of a node that may have none.
    const verdict = checkWorkload(workload, operationsOf(trace.slice()));
    if (verdict.ok === false) violations.push({ kind: 'workload', timeMs: verdict.problemAtMs ?? endMs, text: verdict.summary });
  }
  const liveness =
    workload === 'election' && faults.length === 0
      ? checkLeaderAfterHeal(
          run.simulation.nodes().map((node) => ({ id: node.id, up: node.status === 'up', role: node.role, term: node.term })),
          options.faultsMs,
          endMs,
        )
      : null;
  if (liveness) violations.push(liveness);
  const firstFault = faults[0];
  const firstViolation = violations[0];
  let problem: string | null = null;
  let problemAtMs: number | null = null;
  if (firstFault && (!firstViolation || firstFault.timeMs <= firstViolation.timeMs)) {
    problem = `${firstFault.node} stopped in ${firstFault.callback}${firstFault.place ? ` at line ${firstFault.place.line}` : ''}: ${firstFault.message}`;
    problemAtMs = firstFault.timeMs;
  } else if (firstViolation) {
    problem = firstViolation.text;
    problemAtMs = firstViolation.timeMs;
  }
  return { seed, ok: problem === null, problem, problemAtMs, violations, faults, faultCount: gradeCaseCommands(seed, options).length - options.nodeCount - 1 };
}

export function gradeNode(factory: NodeFactory, options: GradeOptions, describeError?: DescribeError): GradeReport {
  const cases: GradeCase[] = [];
  for (let index = 0; index < options.runs; index++) cases.push(gradeOne(factory, options.firstSeed + index, options, describeError));
  const failed = cases.filter((entry) => !entry.ok).length;
  return { options, cases, passed: cases.length - failed, failed };
}
