// The replication lab's engine: the kit's engine (kit/labEngine.ts) bound to the streaming-replication
// model, plus what this lab adds to every update — the linearizability checker's verdict on the client
// history (recomputed only when an operation's outcome changes). The worker's whole API.

import {
  checkClientHistory,
  createMultiLeaderRun,
  type ConflictResolution,
  runCompareTrial,
  COMPARE_SYSTEMS,
  type CompareFault,
  type CompareSystem,
  type CompareTrial,
  runFailureTrial,
  type FailureKind,
  type FailureTrial,
  createReplicationRun,
  replicationFrame,
  validateReplicationConfig,
  type ReplicationCommand,
  type ReplicationConfig,
  type ReplicationFrame,
  type ReplicationRun,
} from '../kernel/protocols/replication/index.ts';
import { formatReplicationCommand, formatReplicationHeader, type ReplicationScenarioStep } from '../scenario/replication.ts';
import { applyMultiLeaderStep, applyReplicationStep, type ReplicationStepOutcome } from '../scenario/replication-runner.ts';
import { parseScenario } from '../scenario/parse.ts';
import { createLabEngine, type LabInitResult, type LabJournal, type LabScenarioLoadResult, type LabScenarioStepResult, type LabUpdate, type ScenarioStepView } from './kit/labEngine.ts';

export interface VerdictView {
  readonly verdict: 'linearizable' | 'not-linearizable' | 'unknown' | 'idle';
  readonly message: string;
}

export interface ReplicationExtra {
  readonly verdict: VerdictView;
}

type ReplicationTraceLike = { readonly timeMs: number };
export type ReplicationUpdate = LabUpdate<ReplicationFrame, ReplicationTraceLike, ReplicationExtra>;
export type ReplicationInitResult = LabInitResult<ReplicationUpdate>;
export type ReplicationScenarioStepView = ScenarioStepView<ReplicationScenarioStep['kind']>;
export type ReplicationScenarioLoadResult = LabScenarioLoadResult<ReplicationConfig, ReplicationUpdate, ReplicationScenarioStep['kind']>;
export type ReplicationScenarioStepResult = LabScenarioStepResult<ReplicationStepOutcome, ReplicationUpdate>;
export type ReplicationJournal = LabJournal<ReplicationConfig, ReplicationCommand>;

/** The checker gives up after this many steps (a verdict of `unknown`, said so). */
const CHECK_STEP_BUDGET = 300_000;

interface ReplicationLabState {
  signature: string;
  verdict: VerdictView;
}

/** The sweep the page asks for: a configuration, how the primary fails, how many trials. */
export interface SweepRequest {
  readonly config: ReplicationConfig;
  readonly failure: FailureKind;
  readonly trials: number;
}

export interface SweepSlice {
  readonly results: readonly FailureTrial[];
  /** The next trial to run (== trials when done). */
  readonly next: number;
}

/** One comparison trial of every system, with its fault; `writes` only for the first trial (the timelines). */
export interface CompareRow {
  readonly trial: number;
  readonly bySystem: readonly { readonly system: CompareSystem; readonly trial: CompareTrial }[];
}

/** A multi-leader scenario played to its end with the page's choices in place of its header's. */
export interface MultiLeaderPlayRequest {
  readonly source: string;
  /** null: the file's own rule. */
  readonly resolve: ConflictResolution | null;
  /** n2's clock ahead (+) or behind (−), the other leaders exact; null: the file's own skews. */
  readonly n2SkewMs: number | null;
}

export interface MultiLeaderStepView {
  readonly line: number;
  readonly text: string;
  /** The comment lines just above the step. */
  readonly narration: string;
  readonly tMs: number;
  /** After the step: what a read of each key returns at each leader (null: nothing stored). */
  readonly stored: readonly { readonly node: string; readonly alive: boolean; readonly partition: number; readonly values: Readonly<Record<string, string | number | null>> }[];
  readonly expectation: { readonly ok: boolean; readonly detail: string } | null;
  readonly refused: string | null;
}

export type MultiLeaderPlayResult =
  | { readonly ok: false; readonly errors: readonly string[] }
  | {
      readonly ok: true;
      readonly leaders: number;
      readonly resolve: ConflictResolution;
      readonly skewMs: readonly number[];
      /** What the file's header says (its expectations were written for these). */
      readonly fileResolve: ConflictResolution;
      readonly fileSkewMs: readonly number[];
      readonly keys: readonly string[];
      readonly steps: readonly MultiLeaderStepView[];
      readonly writes: readonly { readonly id: number; readonly key: string; readonly value: string | number | null; readonly node: string; readonly clockMs: number; readonly lost: boolean }[];
      readonly converged: boolean;
      readonly verdict: VerdictView;
    };

/** The whole-line comments just above each line (a blank line ends a run of them), as the kit's lexer reads narration. */
function narrationByLine(source: string): Map<number, string> {
  const result = new Map<number, string>();
  let comments: string[] = [];
  source.split(/\r?\n/).forEach((raw, index) => {
    const text = raw.trim();
    if (text.startsWith('#')) comments.push(text.replace(/^#\s?/, ''));
    else if (text === '') comments = [];
    else {
      result.set(index + 1, comments.join(' '));
      comments = [];
    }
  });
  return result;
}

/** Play a multi-leader scenario to its end: each step's stored values, the expectations, lost writes, the checker's verdict. */
export function playMultiLeader(request: MultiLeaderPlayRequest): MultiLeaderPlayResult {
  const parsed = parseScenario(request.source);
  if (!parsed.ok) return { ok: false, errors: parsed.errors.map((error) => `line ${error.line}, column ${error.column}: ${error.message}`) };
  const scenario = parsed.scenario;
  if (scenario.lab !== 'replication' || scenario.multiLeader === null) return { ok: false, errors: ['not a multi-leader scenario: its header needs leaders=2 or leaders=3'] };
  const base = scenario.multiLeader;
  const skewMs = request.n2SkewMs === null ? base.clockSkewMs : base.clockSkewMs.map((_, index) => (index === 1 ? request.n2SkewMs! : 0));
  const config = { ...base, resolve: request.resolve ?? base.resolve, clockSkewMs: skewMs };
  const run = createMultiLeaderRun(config);
  const { simulation } = run;
  const narration = narrationByLine(request.source);
  const keys = [...new Set(scenario.steps.flatMap((step) => ('key' in step && typeof step.key === 'string' ? [step.key] : [])))];
  const steps: MultiLeaderStepView[] = [];
  for (const step of scenario.steps) {
    const outcome = applyMultiLeaderStep(run, step);
    steps.push({
      line: step.line,
      text: step.text,
      narration: narration.get(step.line) ?? '',
      tMs: simulation.nowMs,
      stored: simulation.nodeIds.map((node) => ({
        node,
        alive: simulation.network.isAlive(node),
        partition: simulation.network.groupIndexOf(node),
        values: Object.fromEntries(keys.map((key) => [key, simulation.readAt(node, key)])),
      })),
      expectation: outcome.kind === 'expect' ? { ok: outcome.ok, detail: outcome.detail } : null,
      refused: outcome.kind === 'refused' ? outcome.reason : null,
    });
  }
  const lost = new Set(simulation.lostWrites().map((write) => write.opId));
  const result = checkClientHistory(simulation.operations, { stepBudget: CHECK_STEP_BUDGET });
  return {
    ok: true,
    leaders: config.leaderCount,
    resolve: config.resolve,
    skewMs: config.clockSkewMs,
    fileResolve: base.resolve,
    fileSkewMs: base.clockSkewMs,
    keys,
    steps,
    writes: simulation.writes.map((write) => ({ id: write.opId, key: write.key, value: write.value, node: write.node, clockMs: write.clockMs, lost: lost.has(write.opId) })),
    converged: simulation.converged(),
    verdict: { verdict: result.verdict, message: result.message },
  };
}

export function createReplicationEngine(wallClockMs: () => number) {
  const engine = createLabEngine<ReplicationConfig, ReplicationCommand, ReplicationRun, ReplicationFrame, ReplicationScenarioStep, ReplicationStepOutcome, ReplicationTraceLike, ReplicationLabState, ReplicationExtra>(
    {
      lab: 'replication',
      validateConfig: validateReplicationConfig,
      createRun: createReplicationRun,
      frame: replicationFrame,
      // Multi-leader scenarios (leaders=2|3) run in the CLI and the tests; this page draws one primary and its standbys.
      scenarioOf: (scenario) => (scenario.lab === 'replication' && scenario.multiLeader === null ? scenario : null),
      applyStep: applyReplicationStep,
      scenarioWriter: {
        header: formatReplicationHeader,
        command: (command, runAfter) => formatReplicationCommand(command, runAfter.simulation.network.getGroups()),
      },
      createState: (): ReplicationLabState => ({ signature: '', verdict: { verdict: 'idle', message: 'No finished operations yet.' } }),
      extra(current, state): ReplicationExtra {
        const operations = current.simulation.operations;
        const signature = operations.map((operation) => `${operation.id}:${operation.status}`).join(',');
        if (signature !== state.signature) {
          state.signature = signature;
          const finished = operations.some((operation) => operation.status !== 'pending');
          if (!finished) state.verdict = { verdict: 'idle', message: 'No finished operations yet.' };
          else {
            const result = checkClientHistory(operations, { stepBudget: CHECK_STEP_BUDGET });
            state.verdict = { verdict: result.verdict, message: result.message };
          }
        }
        return { verdict: state.verdict };
      },
    },
    wallClockMs,
  );
  return {
    ...engine,
    /** Run sweep trials from `from` until `wallBudgetMs` is spent (at least one), so the page can show progress and cancel between slices. */
    sweepSlice(request: SweepRequest, from: number, wallBudgetMs: number): SweepSlice {
      const problems = validateReplicationConfig(request.config);
      if (problems.length > 0) throw new RangeError(problems.join('; '));
      const deadline = wallClockMs() + wallBudgetMs;
      const results: FailureTrial[] = [];
      let next = from;
      do {
        results.push(runFailureTrial(request.config, next, request.failure));
        next += 1;
      } while (next < request.trials && wallClockMs() < deadline);
      return { results, next };
    },
    /** A multi-leader scenario with the page's conflict rule and clock skew (it runs apart from the page's cluster). */
    multiLeaderPlay: playMultiLeader,
    /** Postgres (async, sync; managed) vs Raft: trials from `from` until the wall budget is spent. */
    compareSlice(fault: CompareFault, trials: number, from: number, wallBudgetMs: number): { readonly rows: readonly CompareRow[]; readonly next: number } {
      const deadline = wallClockMs() + wallBudgetMs;
      const rows: CompareRow[] = [];
      let next = from;
      do {
        const trial = next;
        rows.push({
          trial,
          bySystem: COMPARE_SYSTEMS.map((system) => {
            const result = runCompareTrial(system, fault, trial + 1);
            // Only the first trial's writes are drawn: the rest would be megabytes of messages.
            return { system, trial: trial === 0 ? result : { ...result, writes: [] } };
          }),
        });
        next += 1;
      } while (next < trials && wallClockMs() < deadline);
      return { rows, next };
    },
  };
}

export type ReplicationEngine = ReturnType<typeof createReplicationEngine>;
