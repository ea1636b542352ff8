// The quorums lab's engine: the kit's engine (kit/labEngine.ts) bound to the replicated-store model,
// plus what this lab adds to every update — the linearizability check in wall-clock slices, stale
// reads, session anomalies, per-level statistics and fault windows. The worker's whole API.

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
import { formatQuorumCommand, formatQuorumHeader, type QuorumScenarioStep } from '../scenario/quorum.ts';
import { applyQuorumStep, type QuorumStepOutcome } from '../scenario/quorum-runner.ts';
import { createLabEngine, type LabEngine, type LabInitResult, type LabJournal, type LabScenarioLoadResult, type LabScenarioStepResult, type LabUpdate, type ScenarioStepView } from './kit/labEngine.ts';

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

/** What this lab's updates carry besides the kit's fields. */
export interface QuorumExtra {
  readonly staleReads: readonly StaleReadView[];
  readonly sessionAnomalies: readonly SessionAnomalyView[];
  readonly check: CheckerView;
  readonly stats: readonly LevelStats[];
  /** Stretches of virtual time with a fault (partition, cut or crash); `endMs` null = still on. */
  readonly faultWindows: readonly { readonly startMs: number; readonly endMs: number | null }[];
}

export type QuorumUpdate = LabUpdate<QuorumFrame, QuorumTraceEventLike, QuorumExtra>;
/** The quorum lab streams no trace: its frame carries every operation. */
type QuorumTraceEventLike = { readonly timeMs: number };
export type QuorumInitResult = LabInitResult<QuorumUpdate>;
export type QuorumScenarioStepView = ScenarioStepView<QuorumScenarioStep['kind']>;
export type QuorumScenarioLoadResult = LabScenarioLoadResult<QuorumConfig, QuorumUpdate, QuorumScenarioStep['kind']>;
export type QuorumScenarioStepResult = LabScenarioStepResult<QuorumStepOutcome, QuorumUpdate>;
export type QuorumJournal = LabJournal<QuorumConfig, QuorumCommand>;

export interface QuorumEngineOptions {
  /** Checker steps before it answers "unknown (gave up)". */
  readonly checkStepBudget?: number;
  /** Wall time each call spends on the check before answering. */
  readonly checkSliceMs?: number;
}

const CHECK_STEPS_PER_SLICE = 2_000;
export const DEFAULT_CHECK_STEP_BUDGET = 2_000_000;
const DEFAULT_CHECK_SLICE_MS = 6;

export type QuorumEngine = LabEngine<QuorumConfig, QuorumCommand, QuorumUpdate, QuorumStepOutcome, QuorumScenarioStep['kind']> & {
  /** Spend up to `wallBudgetMs` on the linearizability check, then answer. */
  checkFor(wallBudgetMs: number): QuorumUpdate;
};

interface FaultTransition {
  readonly timeMs: number;
  readonly faulty: boolean;
}

/** The lab's bookkeeping per run: when faults began and ended, and the check in progress. */
interface QuorumLabState {
  transitions: FaultTransition[];
  /** The check of the operations as they stood when it started; restarted when they change. */
  check: { signature: string; search: LinearizabilityCheck<RegisterInput, RegisterOutput> | null; operationIds: number[]; view: CheckerView } | null;
}

export function createQuorumEngine(wallClockMs: () => number, options: QuorumEngineOptions = {}): QuorumEngine {
  const checkStepBudget = options.checkStepBudget ?? DEFAULT_CHECK_STEP_BUDGET;
  const checkSliceMs = options.checkSliceMs ?? DEFAULT_CHECK_SLICE_MS;

  const faultyNow = (current: QuorumRun): boolean => {
    const { simulation } = current;
    if (simulation.network.getGroups().length > 1 || simulation.network.getCuts().length > 0) return true;
    return simulation.replicaIds.some((id) => !simulation.isAlive(id));
  };

  const noteFaultState = (current: QuorumRun, state: QuorumLabState) => {
    const faulty = faultyNow(current);
    const last = state.transitions.at(-1);
    if ((last?.faulty ?? false) !== faulty) state.transitions.push({ timeMs: current.history.viewMs, faulty });
  };

  const faultWindows = (state: QuorumLabState): { startMs: number; endMs: number | null }[] => {
    const windows: { startMs: number; endMs: number | null }[] = [];
    for (const transition of state.transitions) {
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
  const refreshCheck = (current: QuorumRun, state: QuorumLabState) => {
    const operations = current.simulation.operations.filter((operation) => operation.status !== 'pending' && operation.status !== 'queued');
    const signature = operationSignature(operations);
    if (state.check?.signature === signature) return;
    const { history, operationIds } = toCheckerHistory(operations);
    if (history.operations.length === 0) {
      state.check = { signature, search: null, operationIds, view: idleView(0, 'No finished operations yet: nothing to check.') };
      return;
    }
    state.check = {
      signature,
      search: startLinearizabilityCheck(history, registerModel),
      operationIds,
      view: { ...idleView(history.operations.length, 'Checking…'), state: 'running' },
    };
  };

  const runCheck = (current: QuorumRun, state: QuorumLabState, wallBudgetMs: number) => {
    refreshCheck(current, state);
    const check = state.check;
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

  const levelStats = (operations: readonly QuorumOperation[], headMs: number, windows: readonly { startMs: number; endMs: number | null }[]): LevelStats[] => {
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

  const engine = createLabEngine<QuorumConfig, QuorumCommand, QuorumRun, QuorumFrame, QuorumScenarioStep, QuorumStepOutcome, QuorumTraceEventLike, QuorumLabState, QuorumExtra>(
    {
      lab: 'quorum',
      validateConfig: validateQuorumConfig,
      createRun: createQuorumRun,
      frame: quorumFrame,
      scenarioOf: (scenario) => (scenario.lab === 'quorum' ? scenario : null),
      applyStep: applyQuorumStep,
      createState: (): QuorumLabState => ({ transitions: [], check: null }),
      afterApply(current, state, forkedAtMs) {
        // The discarded future takes its fault transitions along.
        if (forkedAtMs !== null) state.transitions = state.transitions.filter((transition) => transition.timeMs <= forkedAtMs);
        noteFaultState(current, state);
      },
      extra(current, state): QuorumExtra {
        runCheck(current, state, checkSliceMs);
        const operations = current.simulation.operations;
        const windows = faultWindows(state);
        return {
          staleReads: findStaleReads(operations).map((stale) => ({ readId: stale.read.id, newerWriteId: stale.newerWrite.id, explanation: stale.explanation })),
          sessionAnomalies: operations.length > 400 ? [] : findSessionAnomalies(operations).map((anomaly) => ({ kind: anomaly.kind, readId: anomaly.read.id, earlierId: anomaly.earlier.id, explanation: anomaly.explanation })),
          check: state.check?.view ?? idleView(0, 'No finished operations yet: nothing to check.'),
          stats: levelStats(operations, current.history.headMs, windows),
          faultWindows: windows,
        };
      },
      scenarioWriter: {
        header: formatQuorumHeader,
        command: (command, runAfter) => formatQuorumCommand(command, runAfter.simulation.network.getGroups()),
      },
    },
    wallClockMs,
  );

  return {
    ...engine,
    checkFor(wallBudgetMs) {
      const { run, state } = engine.current();
      runCheck(run, state, wallBudgetMs);
      return engine.update();
    },
  };
}
