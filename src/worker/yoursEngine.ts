// The "bring your own node" lab's engine: the kit's engine (kit/labEngine.ts) hosting the learner's
// node (compiled by yours/compileNode.ts) or our own Raft, plus the grader. The config carries the
// node's source text, so a journal or a failing graded case rebuilds exactly the same run.

import { createYoursRun, yoursFrame, type YoursFrame, type YoursRun } from '../kernel/protocols/yours/run.ts';
import type { YoursCommand, YoursTraceEvent } from '../kernel/protocols/yours/simulation.ts';
import { DEFAULT_GRADE_OPTIONS, gradeNode, playGradeCase, type GradeOptions, type GradeReport } from '../kernel/protocols/yours/grade.ts';
import { ourRaftFactory } from '../kernel/protocols/yours/our-raft.ts';
import { validateYoursConfig, type CodePlace, type DescribeError, type NodeFactory, type YoursConfig } from '../kernel/protocols/yours/types.ts';
import { compileNode } from './yours/compileNode.ts';
import { createLabEngine, type LabInitResult, type LabUpdate } from './kit/labEngine.ts';
import { networkNemesis } from '../kernel/net/nemesis.ts';
import { nodeIds } from '../kernel/protocols/yours/types.ts';
import type { WorkloadName } from '../kernel/protocols/yours/workload.ts';
import type { RaftScenarioStep } from '../scenario/raft.ts';
import { applyElectionStepNow, electionOnlyErrors, simulatedCluster, type ElectionStepOutcome } from '../scenario/yours-runner.ts';

export interface YoursLabConfig extends YoursConfig {
  /** The node's JavaScript, or "our-raft" for the reference. */
  readonly source: string;
  /** Replay graded case `seed` (its fault schedule) instead of an empty run. */
  readonly gradeCase: boolean;
}

export const OUR_RAFT_SOURCE = 'our-raft';

export type YoursUpdate = LabUpdate<YoursFrame, YoursTraceEvent, Record<never, never>>;
export type YoursInitResult = LabInitResult<YoursUpdate>;

/** A node that will not compile: the message and where. */
export interface CompileProblem {
  readonly message: string;
  readonly place: CodePlace | null;
}

let cached: { source: string; factory: NodeFactory; describeError: DescribeError | undefined } | null = null;

function nodeOf(source: string): { factory: NodeFactory; describeError: DescribeError | undefined } | CompileProblem {
  if (source === OUR_RAFT_SOURCE) return { factory: ourRaftFactory, describeError: undefined };
  if (cached?.source === source) return cached;
  const compiled = compileNode(source);
  if (!compiled.ok) return { message: compiled.message, place: compiled.place };
  cached = { source, factory: compiled.factory, describeError: compiled.describeError };
  return cached;
}

export function gradeOptionsFor(config: Pick<YoursConfig, 'nodeCount' | 'workload'>, runs: number): GradeOptions {
  return { ...DEFAULT_GRADE_OPTIONS, nodeCount: config.nodeCount, runs, workload: config.workload ?? 'election' };
}

export const DEFAULT_CHAOS_INTENSITY_PERCENT = 10;

type YoursLabRun = YoursRun & { readonly config: YoursLabConfig };

function createRun(config: YoursLabConfig): YoursLabRun {
  const node = nodeOf(config.source);
  if ('message' in node) throw new Error(node.message);
  const run = config.gradeCase
    ? playGradeCase(node.factory, config.seed, { ...gradeOptionsFor(config, 1), latencyMsMin: config.latencyMsMin, latencyMsMax: config.latencyMsMax }, node.describeError)
    : createYoursRun(config, node.factory, node.describeError);
  return { ...run, config };
}

export function createYoursEngine(wallClockMs: () => number) {
  /** The node and clients of the latest run: a scenario opened on the page runs them (its header gives nodes and seed). */
  let current: Pick<YoursLabConfig, 'source' | 'workload' | 'latencyMsMin' | 'latencyMsMax'> = { source: OUR_RAFT_SOURCE, workload: 'election', latencyMsMin: 5, latencyMsMax: 15 };
  const engine = createLabEngine<YoursLabConfig, YoursCommand, YoursLabRun, YoursFrame, RaftScenarioStep, ElectionStepOutcome, YoursTraceEvent>(
    {
      lab: 'raft',
      validateConfig: (config) => {
        const problems = validateYoursConfig(config);
        const node = nodeOf(config.source);
        if ('message' in node) problems.push(node.message);
        return problems;
      },
      createRun: (config) => {
        current = { source: config.source, workload: config.workload ?? 'election', latencyMsMin: config.latencyMsMin, latencyMsMax: config.latencyMsMax };
        return createRun(config);
      },
      frame: yoursFrame,
      // A raft scenario runs against the learner's node unchanged; steps it cannot carry out are errors with their place.
      scenarioOf: (scenario) => {
        if (scenario.lab !== 'raft') return null;
        const errors = electionOnlyErrors(scenario.steps);
        if (errors.length > 0) return { errors };
        const { nodeCount, seed } = scenario.config;
        return { config: { ...current, nodeCount, seed, lossPercent: 0, gradeCase: false }, steps: scenario.steps };
      },
      applyStep: (run, step) => applyElectionStepNow(simulatedCluster(run), step),
      nemesis: (config, intensityPercent, fromMs, toMs) => networkNemesis(config.seed, intensityPercent, nodeIds(config.nodeCount), fromMs, toMs),
      defaultChaosIntensityPercent: DEFAULT_CHAOS_INTENSITY_PERCENT,
    },
    wallClockMs,
  );
  return {
    ...engine,
    /** Check the node's text without running it. */
    compile(source: string): CompileProblem | null {
      const node = nodeOf(source);
      return 'message' in node ? node : null;
    },
    /** "Grade my node": `runs` random fault schedules from seed 1 under `workload`'s checks; each failure names its seed. */
    grade(source: string, nodeCount: number, runs: number, workload: WorkloadName = 'election'): GradeReport | CompileProblem {
      const node = nodeOf(source);
      if ('message' in node) return node;
      return gradeNode(node.factory, gradeOptionsFor({ nodeCount, workload }, runs), node.describeError);
    },
  };
}

export type YoursEngine = ReturnType<typeof createYoursEngine>;
