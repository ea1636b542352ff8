// The quorums lab's engine: owns the one mutable replicated-store run and the linearizability check,
// and answers every call with a plain-data update. The worker's whole API (quorum.worker.ts); it
// takes a wall clock so tests can drive it in Node.

import {
  createQuorumRun,
  findSessionAnomalies,
  findStaleReads,
  levelLabel,
  quorumFrame,
  toCheckerHistory,
  validateQuorumConfig,
  type QuorumCommand,
  type QuorumConfig,
  type QuorumFrame,
  type QuorumOperation,
  type QuorumRun,
} from '../kernel/protocols/quorum/index.ts';
import { registerModel, startLinearizabilityCheck, type LinearizabilityCheck, type RegisterInput, type RegisterOutput } from '../kernel/checkers/linearizability/index.ts';
import { parseScenario } from '../scenario/parse.ts';
import type { ScenarioError } from '../scenario/lexer.ts';
import type { QuorumScenario } from '../scenario/quorum.ts';
import { applyQuorumStep, type QuorumStepOutcome } from '../scenario/quorum-runner.ts';

/** The linearizability check of the operations at the viewed moment, as far as it has got. */
export interface CheckerView {
  /** `idle`: nothing to check yet; `running`: still searching; `unknown`: gave up (step budget spent). */
  readonly state: 'idle' | 'running' | 'linearizable' | 'not-linearizable' | 'unknown';
  /** Operations handed to the checker (finished ones; writes in doubt included). */
  readonly operationCount: number;
  readonly stepsUsed: number;
  readonly stepBudget: number;
  readonly message: string;
  /** When not linearizable: one sentence, then the several-line explanation. */
  readonly summary: string | null;
  readonly text: string | null;
  /** The lab's operation id of the operation that cannot be placed. */
  readonly blockedOperationId: number | null;
  /** The longest linearizable prefix, as the lab's operation ids, in the order they take effect. */
  readonly prefixOperationIds: readonly number[];
}

export interface StaleReadView {
  readonly readId: number;
  readonly newerWriteId: number;
  readonly explanation: string;
}

export interface SessionAnomalyView {
  readonly kind: string;
  readonly readId: number;
  readonly earlierId: number;
  readonly explanation: string;
}

/** Operations of one kind and level: latencies in normal operation, outcomes under faults. */
export interface LevelStats {
  /** "read ONE", "write QUORUM", "read raft" … */
  readonly label: string;
  readonly kind: 'read' | 'write';
  readonly level: string;
  /** Completion − invocation of ok operations that ran while the network had no fault. */
  readonly normalLatenciesMs: readonly number[];
  readonly normal: OutcomeCounts;
  /** Operations that overlapped a partition, a cut link or a crashed replica. */
  readonly underFault: OutcomeCounts;
}

export interface OutcomeCounts {
  readonly ok: number;
  readonly fail: number;
  readonly timeout: number;
}

export interface QuorumUpdate {
  readonly frame: QuorumFrame;
  readonly atHead: boolean;
  /** For advance calls: whether the requested time was reached within the wall budget. */
  readonly reached: boolean;
  readonly staleReads: readonly StaleReadView[];
  readonly sessionAnomalies: readonly SessionAnomalyView[];
  readonly check: CheckerView;
  readonly stats: readonly LevelStats[];
  /** Stretches of virtual time with a fault (partition, cut or crash); `endMs` null = still on. */
  readonly faultWindows: readonly { readonly startMs: number; readonly endMs: number | null }[];
  /** True when the run came from a scenario (its steps wait in the engine). */
  readonly scenarioLoaded: boolean;
}

export type QuorumInitResult = { readonly ok: true; readonly update: QuorumUpdate } | { readonly ok: false; readonly problems: readonly string[] };

export interface QuorumScenarioStepView {
  readonly line: number;
  readonly text: string;
  readonly kind: QuorumScenario['steps'][number]['kind'];
  readonly durationMs: number | null;
}

export type QuorumScenarioLoadResult =
  | { readonly ok: true; readonly config: QuorumConfig; readonly steps: readonly QuorumScenarioStepView[]; readonly update: QuorumUpdate }
  | { readonly ok: false; readonly errors: readonly ScenarioError[] };

export interface QuorumScenarioStepResult {
  readonly outcome: QuorumStepOutcome;
  readonly update: QuorumUpdate;
}

/** The user's actions in the current branch: enough to rebuild the run after a reload. */
export interface QuorumJournal {
  readonly config: QuorumConfig;
  readonly commands: readonly { readonly timeMs: number; readonly command: QuorumCommand }[];
  readonly headMs: number;
}

export interface QuorumEngineOptions {
  /** Checker steps before it answers "unknown (gave up)". */
  readonly checkStepBudget?: number;
  /** Wall time each call spends on the check before answering. */
  readonly checkSliceMs?: number;
}

const EVENTS_PER_SLICE = 400;
const CHECK_STEPS_PER_SLICE = 2_000;
export const DEFAULT_CHECK_STEP_BUDGET = 2_000_000;
const DEFAULT_CHECK_SLICE_MS = 6;

export interface QuorumEngine {
  init(config: QuorumConfig): QuorumInitResult;
  /** Apply a user command at the viewed moment (forks the run when the view is in the past). */
  command(command: QuorumCommand): QuorumUpdate;
  /** Run (or replay) forward to `timeMs`, stopping early when `wallBudgetMs` of real time is spent. */
  advanceTo(timeMs: number, wallBudgetMs: number): QuorumUpdate;
  stepToNextEvent(): QuorumUpdate;
  seek(timeMs: number): QuorumUpdate;
  /** Spend up to `wallBudgetMs` on the linearizability check, then answer. */
  checkFor(wallBudgetMs: number): QuorumUpdate;
  update(): QuorumUpdate;
  loadScenario(source: string): QuorumScenarioLoadResult;
  /** Carry out step `index` of the loaded scenario now (a `run` step advances at once). */
  scenarioStep(index: number): QuorumScenarioStepResult;
  journal(): QuorumJournal;
  /** Rebuild a run from a journal (a reload): same config, same commands at the same times. */
  restore(journal: QuorumJournal): QuorumInitResult;
}

interface FaultTransition {
  readonly timeMs: number;
  readonly faulty: boolean;
}

export function createQuorumEngine(wallClockMs: () => number, options: QuorumEngineOptions = {}): QuorumEngine {
  const checkStepBudget = options.checkStepBudget ?? DEFAULT_CHECK_STEP_BUDGET;
  const checkSliceMs = options.checkSliceMs ?? DEFAULT_CHECK_SLICE_MS;
  let run: QuorumRun | null = null;
  let scenario: QuorumScenario | null = null;
  let transitions: FaultTransition[] = [];
  /** The check of the operations as they stood when it started; restarted when they change. */
  let check: { signature: string; search: LinearizabilityCheck<RegisterInput, RegisterOutput> | null; operationIds: number[]; view: CheckerView } | null = null;

  const requireRun = (): QuorumRun => {
    if (!run) throw new Error('The quorum engine has no run yet: call init(config) first.');
    return run;
  };

  const faultyNow = (current: QuorumRun): boolean => {
    const { simulation } = current;
    if (simulation.network.getGroups().length > 1 || simulation.network.getCuts().length > 0) return true;
    return simulation.replicaIds.some((id) => !simulation.isAlive(id));
  };

  const noteFaultState = () => {
    const current = requireRun();
    const faulty = faultyNow(current);
    const last = transitions.at(-1);
    if ((last?.faulty ?? false) !== faulty) transitions.push({ timeMs: current.history.viewMs, faulty });
  };

  /** Apply something that may fork the run: the discarded future takes its fault transitions along. */
  const applyTracked = (apply: () => void) => {
    const { history } = requireRun();
    if (!history.atHead) transitions = transitions.filter((transition) => transition.timeMs <= history.viewMs);
    apply();
    noteFaultState();
  };

  const faultWindows = (): { startMs: number; endMs: number | null }[] => {
    const windows: { startMs: number; endMs: number | null }[] = [];
    for (const transition of transitions) {
      if (transition.faulty) windows.push({ startMs: transition.timeMs, endMs: null });
      else if (windows.length > 0) windows[windows.length - 1]!.endMs = transition.timeMs;
    }
    return windows;
  };

  const operationSignature = (operations: readonly QuorumOperation[]): string =>
    operations.map((operation) => `${operation.id}:${operation.status}:${operation.completeMs ?? ''}`).join(',');

  const idleView = (operationCount: number, message: string): CheckerView => ({
    state: 'idle',
    operationCount,
    stepsUsed: 0,
    stepBudget: checkStepBudget,
    message,
    summary: null,
    text: null,
    blockedOperationId: null,
    prefixOperationIds: [],
  });

  /** Restart the check when the finished operations changed (a new outcome, a seek, a fork). */
  const refreshCheck = () => {
    const operations = requireRun().simulation.operations.filter((operation) => operation.status !== 'pending' && operation.status !== 'queued');
    const signature = operationSignature(operations);
    if (check?.signature === signature) return;
    const { history, operationIds } = toCheckerHistory(operations);
    if (history.operations.length === 0) {
      check = { signature, search: null, operationIds, view: idleView(0, 'No finished operations yet: nothing to check.') };
      return;
    }
    check = {
      signature,
      search: startLinearizabilityCheck(history, registerModel),
      operationIds,
      view: { ...idleView(history.operations.length, 'Checking…'), state: 'running' },
    };
  };

  const runCheck = (wallBudgetMs: number) => {
    refreshCheck();
    if (!check?.search || check.view.state !== 'running') return;
    const deadline = wallClockMs() + wallBudgetMs;
    const { search, operationIds } = check;
    do {
      const result = search.advance(Math.min(CHECK_STEPS_PER_SLICE, checkStepBudget - search.stepsUsed));
      if (result) {
        const explanation = result.explanation;
        check.view = {
          ...check.view,
          state: result.verdict === 'unknown' ? 'unknown' : result.verdict,
          stepsUsed: result.stepsUsed,
          message: result.message,
          summary: explanation?.summary ?? null,
          text: explanation?.text ?? null,
          blockedOperationId: explanation ? (operationIds[explanation.blockedOperation.id] ?? null) : null,
          prefixOperationIds: explanation ? explanation.longestPrefix.map((operation) => operationIds[operation.id] ?? -1) : [],
        };
        return;
      }
      if (search.stepsUsed >= checkStepBudget) {
        check.view = {
          ...check.view,
          state: 'unknown',
          stepsUsed: search.stepsUsed,
          message: `unknown: the checker gave up after ${search.stepsUsed.toLocaleString('en')} search steps (the search is exponential in the worst case)`,
        };
        return;
      }
    } while (wallClockMs() < deadline);
    check.view = { ...check.view, stepsUsed: search.stepsUsed, message: `Checking… ${search.stepsUsed.toLocaleString('en')} steps so far` };
  };

  const levelStats = (operations: readonly QuorumOperation[], headMs: number): LevelStats[] => {
    const windows = faultWindows();
    const overlapsFault = (startMs: number, endMs: number) => windows.some((window) => window.startMs <= endMs && (window.endMs === null || window.endMs >= startMs));
    const byLabel = new Map<string, { kind: 'read' | 'write'; level: string; latencies: number[]; normal: { ok: number; fail: number; timeout: number }; underFault: { ok: number; fail: number; timeout: number } }>();
    for (const operation of operations) {
      if (operation.invokeMs === null || (operation.status !== 'ok' && operation.status !== 'fail' && operation.status !== 'timeout')) continue;
      const level = levelLabel(operation);
      const label = `${operation.kind} ${level}`;
      let entry = byLabel.get(label);
      if (!entry) {
        entry = { kind: operation.kind, level, latencies: [], normal: { ok: 0, fail: 0, timeout: 0 }, underFault: { ok: 0, fail: 0, timeout: 0 } };
        byLabel.set(label, entry);
      }
      const endMs = operation.completeMs ?? headMs;
      const faulted = overlapsFault(operation.invokeMs, endMs);
      const counts = faulted ? entry.underFault : entry.normal;
      counts[operation.status] += 1;
      if (!faulted && operation.status === 'ok' && operation.completeMs !== null) entry.latencies.push(operation.completeMs - operation.invokeMs);
    }
    return [...byLabel].map(([label, entry]) => ({ label, kind: entry.kind, level: entry.level, normalLatenciesMs: entry.latencies, normal: entry.normal, underFault: entry.underFault }));
  };

  const makeUpdate = (reached = true): QuorumUpdate => {
    const current = requireRun();
    runCheck(checkSliceMs);
    const operations = current.simulation.operations;
    return {
      frame: quorumFrame(current),
      atHead: current.history.atHead,
      reached,
      staleReads: findStaleReads(operations).map((stale) => ({ readId: stale.read.id, newerWriteId: stale.newerWrite.id, explanation: stale.explanation })),
      sessionAnomalies: operations.length > 400 ? [] : findSessionAnomalies(operations).map((anomaly) => ({ kind: anomaly.kind, readId: anomaly.read.id, earlierId: anomaly.earlier.id, explanation: anomaly.explanation })),
      check: check?.view ?? idleView(0, 'No finished operations yet: nothing to check.'),
      stats: levelStats(operations, current.history.headMs),
      faultWindows: faultWindows(),
      scenarioLoaded: scenario !== null,
    };
  };

  const startRun = (config: QuorumConfig) => {
    run = createQuorumRun(config);
    transitions = [];
    check = null;
  };

  const advanceRun = (targetMs: number, deadlineMs: number): boolean => {
    const { history } = requireRun();
    if (targetMs < history.viewMs) return true;
    for (;;) {
      if (history.advanceTo(targetMs, EVENTS_PER_SLICE)) return true;
      if (wallClockMs() >= deadlineMs) return false;
    }
  };

  const engine: QuorumEngine = {
    init(config) {
      const problems = validateQuorumConfig(config);
      if (problems.length > 0) return { ok: false, problems };
      scenario = null;
      startRun(config);
      return { ok: true, update: makeUpdate() };
    },

    command(command) {
      applyTracked(() => requireRun().history.apply(command));
      return makeUpdate();
    },

    advanceTo(timeMs, wallBudgetMs) {
      const deadline = wallClockMs() + wallBudgetMs;
      const reached = advanceRun(Math.floor(timeMs), deadline);
      return makeUpdate(reached);
    },

    stepToNextEvent() {
      requireRun().history.stepToNextEvent();
      return makeUpdate();
    },

    seek(timeMs) {
      const { history } = requireRun();
      history.seek(Math.min(Math.max(0, Math.floor(timeMs)), history.headMs));
      return makeUpdate();
    },

    checkFor(wallBudgetMs) {
      runCheck(wallBudgetMs);
      return makeUpdate();
    },

    update() {
      return makeUpdate();
    },

    loadScenario(source) {
      const parsed = parseScenario(source);
      if (!parsed.ok) return { ok: false, errors: parsed.errors };
      if (parsed.scenario.lab !== 'quorum') {
        return { ok: false, errors: [{ line: 1, column: 1, message: `this is a ${parsed.scenario.lab} scenario: open it in that lab` }] };
      }
      scenario = parsed.scenario;
      startRun(scenario.config);
      const steps = scenario.steps.map((step) => ({ line: step.line, text: step.text, kind: step.kind, durationMs: step.kind === 'run' ? step.durationMs : null }));
      return { ok: true, config: scenario.config, steps, update: makeUpdate() };
    },

    scenarioStep(index) {
      const step = scenario?.steps[index];
      if (!step) throw new Error(`The loaded scenario has no step ${index}.`);
      let outcome: QuorumStepOutcome = { kind: 'expect', ok: false, detail: 'not run' };
      applyTracked(() => {
        outcome = applyQuorumStep(requireRun(), step);
      });
      return { outcome, update: makeUpdate() };
    },

    journal() {
      const { config, history } = requireRun();
      return { config, commands: history.commands.map(({ timeMs, command }) => ({ timeMs, command })), headMs: history.headMs };
    },

    restore(journal) {
      const problems = validateQuorumConfig(journal.config);
      if (problems.length > 0) return { ok: false, problems };
      scenario = null;
      startRun(journal.config);
      const { history } = requireRun();
      for (const { timeMs, command } of journal.commands) {
        history.advanceTo(timeMs);
        applyTracked(() => history.apply(command));
      }
      history.advanceTo(journal.headMs);
      return { ok: true, update: makeUpdate() };
    },
  };
  return engine;
}
