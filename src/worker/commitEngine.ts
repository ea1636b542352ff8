// The transactions lab's engine: the kit's engine (kit/labEngine.ts) bound to the commit simulation,
// plus what this lab adds — the loaded scenario's fault schedule replayed under every protocol (the
// side-by-side table), and the exhaustive mode (every interleaving of a small instance, with the
// counterexample as frames the page steps through). The worker's whole API.

import {
  commitFrame,
  createCommitRun,
  explore,
  modelFrame,
  validateCommitConfig,
  Lanes,
  validateExploreOptions,
  type CommitCommand,
  type CommitConfig,
  type CommitFrame,
  type CommitMeasures,
  type CommitRun,
  type CommitTraceEvent,
  type ExploreOptions,
  type ExploreStep,
  type LaneView,
  type ModelFrame,
  type ParticipantDisplayState,
} from '../kernel/protocols/commit/index.ts';
import { formatCommitCommand, formatCommitHeader, type CommitScenarioStep } from '../scenario/commit.ts';
import { timedCounterexample } from '../scenario/commit-counterexample.ts';
import { applyCommitStep, compareCommitSchedule, type ComparedRun, type CommitStepOutcome } from '../scenario/commit-runner.ts';
import { createLabEngine, type LabInitResult, type LabJournal, type LabScenarioLoadResult, type LabScenarioStepResult, type LabUpdate, type ScenarioStepView } from './kit/labEngine.ts';

/** With "side by side" on, every update carries the three protocols' lanes at the same moment. */
export type CommitUpdate = LabUpdate<CommitFrame, CommitTraceEvent, { readonly lanes: readonly LaneView[] | null }>;
export type CommitInitResult = LabInitResult<CommitUpdate>;
export type CommitScenarioStepView = ScenarioStepView<CommitScenarioStep['kind']>;
export type CommitScenarioLoadResult = LabScenarioLoadResult<CommitConfig, CommitUpdate, CommitScenarioStep['kind']>;
export type CommitScenarioStepResult = LabScenarioStepResult<CommitStepOutcome, CommitUpdate>;
export type CommitJournal = LabJournal<CommitConfig, CommitCommand>;

/** One protocol's column in the side-by-side table, and its final picture in a few words. */
export interface ComparedColumn {
  readonly label: string;
  readonly measures: CommitMeasures;
  readonly participants: readonly { readonly id: string; readonly state: ParticipantDisplayState; readonly alive: boolean }[];
  readonly outcomes: readonly { readonly id: string; readonly outcome: string }[];
}

export type CompareResult = { readonly ok: true; readonly columns: readonly ComparedColumn[] } | { readonly ok: false; readonly problem: string };

export interface ExploreAnswer {
  readonly distinctStates: number;
  readonly transitions: number;
  readonly truncated: boolean;
  readonly blockedStates: number;
  readonly elapsedMs: number;
  readonly statesPerSecond: number;
  readonly violation: { readonly explanation: string; readonly steps: readonly { readonly action: string; readonly frame: ModelFrame }[] } | null;
}

export function createCommitEngine(wallClockMs: () => number) {
  let sideBySide = true;
  /** The last exploration's counterexample, kept for "Open as a timed run". */
  let lastCounterexample: { readonly options: ExploreOptions; readonly path: readonly ExploreStep[] } | null = null;
  let lanes: Lanes | null = null;
  const engine = createLabEngine<CommitConfig, CommitCommand, CommitRun, CommitFrame, CommitScenarioStep, CommitStepOutcome, CommitTraceEvent, undefined, { readonly lanes: readonly LaneView[] | null }>(
    {
      lab: 'commit',
      validateConfig: validateCommitConfig,
      createRun: createCommitRun,
      frame: commitFrame,
      scenarioOf: (scenario) => (scenario.lab === 'commit' ? scenario : null),
      applyStep: applyCommitStep,
      extra: (run) => {
        if (!sideBySide) return { lanes: null };
        if (lanes?.config !== run.config) lanes = new Lanes(run.config);
        return { lanes: lanes.at(run.history.commands, run.history.viewMs) };
      },
      scenarioWriter: {
        header: formatCommitHeader,
        command: (command, runAfter) => formatCommitCommand(command, runAfter.simulation.network.getGroups()),
      },
    },
    wallClockMs,
  );
  return {
    ...engine,
    /** The three protocols as live lanes beside the run (off: updates carry none, and cost nothing). */
    setSideBySide(on: boolean): CommitUpdate {
      sideBySide = on;
      if (!on) lanes = null;
      return engine.update();
    },
    /**
     * This run's transfers and faults — every command recorded so far, a scenario's or the user's —
     * replayed at the same moments under 2PC, 3PC and both sagas, up to the latest moment.
     */
    compare(): CompareResult {
      const journal = engine.journal();
      if (!journal.commands.some((entry) => entry.command.type === 'txn')) return { ok: false, problem: 'Start a transfer first: the comparison replays this run’s transfers and faults under every protocol.' };
      return {
        ok: true,
        columns: compareCommitSchedule(journal.config, journal.commands, journal.headMs).map(({ label, measures, frame }: ComparedRun) => ({
          label,
          measures,
          participants: frame.participants.map((participant) => ({ id: participant.id, state: participant.state, alive: participant.alive })),
          outcomes: frame.transactions.map((txn) => ({ id: txn.id, outcome: txn.outcome })),
        })),
      };
    },
    /**
     * The last counterexample as a scenario of the commit grammar (the same faults after the same
     * messages, in the timed simulation), checked to break atomicity; null when there is none.
     */
    counterexampleScenario(): { readonly text: string; readonly reproduced: boolean } | null {
      if (!lastCounterexample) return null;
      const timed = timedCounterexample(lastCounterexample.options, lastCounterexample.path);
      return { text: timed.text, reproduced: timed.reproduced };
    },
    /** Every interleaving of a small instance; the counterexample (if any) as frames. */
    explore(options: ExploreOptions): ExploreAnswer | { readonly problem: string } {
      const problems = validateExploreOptions(options);
      if (problems.length > 0) return { problem: problems.join('; ') };
      const started = wallClockMs();
      const result = explore(options);
      lastCounterexample = result.violation ? { options, path: result.violation.path } : null;
      const elapsedMs = Math.max(1, wallClockMs() - started);
      return {
        distinctStates: result.distinctStates,
        transitions: result.transitions,
        truncated: result.truncated,
        blockedStates: result.blockedStates,
        elapsedMs: Math.round(elapsedMs),
        statesPerSecond: Math.round((result.distinctStates * 1000) / elapsedMs),
        violation: result.violation ? { explanation: result.violation.explanation, steps: result.violation.path.map((step) => ({ action: step.action, frame: modelFrame(step.state) })) } : null,
      };
    },
  };
}

export type CommitEngine = ReturnType<typeof createCommitEngine>;
