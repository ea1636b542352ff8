// The replication lab's engine: the kit's engine (kit/labEngine.ts) bound to the streaming-replication
// model, plus what this lab adds to every update — the linearizability checker's verdict on the client
// history (recomputed only when an operation's outcome changes). The worker's whole API.

import {
  checkClientHistory,
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
import type { ReplicationScenarioStep } from '../scenario/replication.ts';
import { applyReplicationStep, type ReplicationStepOutcome } from '../scenario/replication-runner.ts';
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
