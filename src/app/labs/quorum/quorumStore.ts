// The quorums lab's store factory: mirrors the worker's updates, serialises calls, plays the run and
// scenarios, keeps the operation form. One store per lab instance; components select small slices.

import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ConsistencyLevel, QuorumCommand, QuorumConfig, QuorumSettings } from '../../../kernel/protocols/quorum/index.ts';
import type { ScenarioError } from '../../../scenario/lexer.ts';
import type { QuorumJournal, QuorumScenarioStepView, QuorumUpdate } from '../../../worker/quorumEngine.ts';
import type { QuorumConnection } from './quorumConnection.ts';

export type ScenarioLineStatus = 'pending' | 'running' | 'done' | 'passed' | 'failed' | 'error';

export interface ScenarioLineView extends QuorumScenarioStepView {
  readonly status: ScenarioLineStatus;
  readonly detail: string | null;
}

export interface ScenarioState {
  readonly name: string;
  readonly source: string;
  readonly errors: readonly ScenarioError[] | null;
  readonly steps: readonly ScenarioLineView[];
  readonly nextStep: number;
  readonly busy: boolean;
  readonly autoPlaying: boolean;
}

/** What the operation form holds: who asks, through whom, for what, at which level. */
export interface OperationForm {
  readonly client: string;
  /** A replica id, or 'auto' (the client's home replica or the load balancer's pick). */
  readonly coordinator: string;
  readonly key: string;
  readonly readLevel: ConsistencyLevel;
  readonly writeLevel: ConsistencyLevel;
}

/** Virtual milliseconds per wall second. */
export const PLAYBACK_SPEEDS: readonly number[] = [10, 25, 50, 100, 250, 1000];
export const DEFAULT_SPEED = 50;

export function formatSpeed(speed: number): string {
  return `${speed / 1000}×`;
}

export function formatTimeMs(timeMs: number): string {
  return `${Math.round(timeMs)} ms`;
}

export interface QuorumLabActions {
  start(): void;
  stop(): void;
  act(command: QuorumCommand): Promise<void>;
  /** Issue a read or write from the form; a write's value counts up so every value is distinct. */
  issue(kind: 'read' | 'write'): Promise<void>;
  setForm(form: Partial<OperationForm>): void;
  /** A small measuring workload: every client writes and reads at ONE, QUORUM and ALL (queued, played at 1× or faster). */
  measureLevels(): Promise<void>;
  configure(settings: Partial<QuorumSettings>): Promise<void>;
  togglePlay(): void;
  setPlaying(playing: boolean): void;
  setSpeed(speed: number): void;
  seek(timeMs: number): Promise<void>;
  step(): Promise<void>;
  /** Select an operation in the history (null clears) and show the moment it completed. */
  selectOperation(id: number | null, jump?: boolean): Promise<void>;
  loadScenario(name: string, source: string): Promise<void>;
  failScenario(name: string, message: string): void;
  scenarioNext(): Promise<void>;
  scenarioPlayAll(): Promise<void>;
  scenarioPause(): void;
  closeScenario(): void;
}

export interface QuorumLabState {
  readonly status: 'starting' | 'running' | 'failed';
  readonly problems: readonly string[];
  readonly update: QuorumUpdate | null;
  readonly playing: boolean;
  readonly speed: number;
  readonly form: OperationForm;
  /** The next write's value (1, 2, 3 …): distinct values make stale reads easy to see. */
  readonly nextValue: number;
  readonly selectedOperationId: number | null;
  readonly scenario: ScenarioState | null;
  /** Shown when a saved session was restored after a reload. */
  readonly restoredNote: string | null;
  readonly actions: QuorumLabActions;
}

export type QuorumLabStore = StoreApi<QuorumLabState>;

export interface QuorumStoreOptions {
  readonly config: QuorumConfig;
  readonly connect: () => QuorumConnection;
  readonly speed?: number;
  /** Where the user's actions are kept across a reload (null: nowhere, e.g. in tests). */
  readonly persistKey?: string | null;
  readonly scenarioStepDelayMs?: number;
}

/** Wall time one playback call may spend in the worker. */
const ADVANCE_BUDGET_MS = 14;
const CHECK_BUDGET_MS = 30;
const JOURNAL_SAVE_INTERVAL_MS = 2000;

function readJournal(key: string | null | undefined): QuorumJournal | null {
  if (!key || typeof localStorage === 'undefined') return null;
  try {
    const text = localStorage.getItem(key);
    return text ? (JSON.parse(text) as QuorumJournal) : null;
  } catch {
    return null;
  }
}

function writeJournal(key: string | null | undefined, journal: QuorumJournal | null): void {
  if (!key || typeof localStorage === 'undefined') return;
  try {
    if (journal === null || journal.commands.length === 0) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(journal));
  } catch {
    // Storage full or forbidden: the run still works, it just will not survive a reload.
  }
}

export function createQuorumStore(options: QuorumStoreOptions): QuorumLabStore {
  let connection: QuorumConnection | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  let inFlight = 0;
  let frameRequest: number | null = null;
  let lastWallMs: number | null = null;
  /** A scenario `run` step plays to this time, then resolves. */
  let runUntil: { targetMs: number; resolve: () => void } | null = null;
  let stopped = false;
  let lastSavedWallMs = 0;
  const stepDelayMs = options.scenarioStepDelayMs ?? 500;

  const store = createStore<QuorumLabState>()((set, get) => {
    const call = <T>(work: (remote: QuorumConnection) => Promise<T>): Promise<T> => {
      inFlight += 1;
      const next = queue.then(() => {
        if (!connection) throw new Error('The quorum worker is not running.');
        return work(connection);
      });
      queue = next.catch(() => undefined).finally(() => {
        inFlight -= 1;
      });
      return next;
    };

    const show = (update: QuorumUpdate) => {
      if (stopped) return;
      set({ update, status: 'running' });
    };

    const saveJournal = () => {
      if (!options.persistKey || get().scenario) return;
      void call((remote) => remote.journal()).then((journal) => writeJournal(options.persistKey, journal), ignoreAfterStop);
    };

    /** A call still queued when the page closed finds no worker: nothing to show then. */
    const ignoreAfterStop = (error: unknown) => {
      if (!stopped) throw error;
    };

    const tick = (wallMs: number) => {
      frameRequest = null;
      if (stopped) return;
      const state = get();
      const previous = lastWallMs ?? wallMs;
      lastWallMs = wallMs;
      const update = state.update;
      if (state.playing && wallMs - lastSavedWallMs > JOURNAL_SAVE_INTERVAL_MS) {
        // While time runs, operations finish: keep the saved head moving so a reload shows them.
        lastSavedWallMs = wallMs;
        saveJournal();
      }
      if (update && inFlight === 0) {
        if (state.playing) {
          const elapsed = Math.min(100, wallMs - previous);
          let target = update.frame.nowMs + Math.max(1, Math.round((elapsed * state.speed) / 1000));
          if (runUntil) target = Math.min(target, runUntil.targetMs);
          void call((remote) => remote.advanceTo(target, ADVANCE_BUDGET_MS)).then((next) => {
            show(next);
            if (runUntil && next.frame.nowMs >= runUntil.targetMs) {
              const { resolve } = runUntil;
              runUntil = null;
              set({ playing: false });
              resolve();
            }
          }, ignoreAfterStop);
        } else if (update.check.state === 'running') {
          void call((remote) => remote.checkFor(CHECK_BUDGET_MS)).then(show, ignoreAfterStop);
        }
      }
      frameRequest = requestAnimationFrame(tick);
    };

    const scenarioSet = (change: Partial<ScenarioState>) => {
      const scenario = get().scenario;
      if (scenario) set({ scenario: { ...scenario, ...change } });
    };

    const setLine = (index: number, status: ScenarioLineStatus, detail: string | null) => {
      const scenario = get().scenario;
      if (!scenario) return;
      set({ scenario: { ...scenario, steps: scenario.steps.map((line, lineIndex) => (lineIndex === index ? { ...line, status, detail } : line)) } });
    };

    const runScenarioStep = async (): Promise<boolean> => {
      const scenario = get().scenario;
      if (!scenario || scenario.busy || scenario.nextStep >= scenario.steps.length) return false;
      const index = scenario.nextStep;
      const line = scenario.steps[index]!;
      scenarioSet({ busy: true });
      setLine(index, 'running', null);
      try {
        if (line.kind === 'run' && line.durationMs !== null) {
          // Played at the chosen speed so the messages can be watched; the engine's own step would leap.
          const nowMs = get().update?.frame.nowMs ?? 0;
          const chosenSpeed = get().speed;
          await new Promise<void>((resolve) => {
            runUntil = { targetMs: nowMs + line.durationMs!, resolve };
            set({ playing: true, speed: Math.max(chosenSpeed, 250) });
          });
          // The step hurried playback along; the user's own speed comes back afterwards.
          set({ speed: chosenSpeed });
          setLine(index, 'done', `played ${line.durationMs} ms`);
        } else {
          const result = await call((remote) => remote.scenarioStep(index));
          show(result.update);
          const outcome = result.outcome;
          if (outcome.kind === 'expect') setLine(index, outcome.ok ? 'passed' : 'failed', outcome.detail);
          else if (outcome.kind === 'operation') {
            const operation = result.update.frame.operations[outcome.operationId];
            setLine(index, 'done', operation ? `operation #${operation.id}: ${operation.status}` : null);
          } else setLine(index, 'done', null);
        }
      } catch (error) {
        setLine(index, 'error', error instanceof Error ? error.message : String(error));
      }
      scenarioSet({ busy: false, nextStep: index + 1 });
      return true;
    };

    const actions: QuorumLabActions = {
      start() {
        stopped = false;
        connection = options.connect();
        const journal = readJournal(options.persistKey);
        const sameConfig = journal !== null && JSON.stringify(journal.config) === JSON.stringify(options.config);
        const starting = sameConfig
          ? call((remote) => remote.restore(journal))
          : call((remote) => remote.init(options.config));
        void starting.then((result) => {
          if (!result.ok) set({ status: 'failed', problems: result.problems });
          else {
            show(result.update);
            if (sameConfig) set({ restoredNote: `Restored your ${journal.commands.length} actions from before the reload (up to ${Math.round(journal.headMs)} ms).`, nextValue: nextValueAfter(result.update) });
          }
        });
        if (typeof requestAnimationFrame !== 'undefined') frameRequest = requestAnimationFrame(tick);
      },
      stop() {
        stopped = true;
        if (frameRequest !== null) cancelAnimationFrame(frameRequest);
        frameRequest = null;
        connection?.dispose();
        connection = null;
      },
      async act(command) {
        const update = await call((remote) => remote.command(command));
        show(update);
        saveJournal();
      },
      async issue(kind) {
        const { form, nextValue, update } = get();
        if (!update) return;
        const via = form.coordinator === 'auto' ? {} : { via: form.coordinator };
        const key = form.key.trim() || 'x';
        if (kind === 'write') {
          set({ nextValue: nextValue + 1 });
          await actions.act({ type: 'operation', request: { client: form.client, kind: 'write', key, value: nextValue, level: form.writeLevel, ...via } });
        } else {
          await actions.act({ type: 'operation', request: { client: form.client, kind: 'read', key, level: form.readLevel, ...via } });
        }
        // An operation is only interesting while time moves.
        if (!get().playing) set({ playing: true });
      },
      async measureLevels() {
        const update = get().update;
        if (!update) return;
        const levels: (ConsistencyLevel | undefined)[] = update.frame.mode === 'consensus' ? [undefined] : ['ONE', 'QUORUM', 'ALL'];
        const perLevel = update.frame.mode === 'consensus' ? 8 : 4;
        const key = get().form.key.trim() || 'x';
        for (const client of update.frame.clients) {
          for (const level of levels) {
            for (let round = 0; round < perLevel; round++) {
              const value = get().nextValue;
              set({ nextValue: value + 1 });
              const at = level === undefined ? {} : { level };
              await actions.act({ type: 'operation', request: { client: client.id, kind: 'write', key, value, ...at } });
              await actions.act({ type: 'operation', request: { client: client.id, kind: 'read', key, ...at } });
            }
          }
        }
        set({ playing: true, speed: Math.max(get().speed, 1000) });
      },
      setForm(form) {
        set({ form: { ...get().form, ...form } });
      },
      async configure(settings) {
        await actions.act({ type: 'configure', settings });
      },
      togglePlay() {
        set({ playing: !get().playing });
        if (get().playing) lastWallMs = null;
        else saveJournal();
      },
      setPlaying(playing) {
        set({ playing });
      },
      setSpeed(speed) {
        set({ speed });
      },
      async seek(timeMs) {
        set({ playing: false });
        show(await call((remote) => remote.seek(timeMs)));
      },
      async step() {
        set({ playing: false });
        show(await call((remote) => remote.stepToNextEvent()));
      },
      async selectOperation(id, jump = true) {
        set({ selectedOperationId: id });
        if (id === null || !jump) return;
        const operation = get().update?.frame.operations[id];
        if (!operation || operation.invokeMs === null) return;
        await actions.seek(operation.completeMs ?? operation.invokeMs);
        // Seeking back re-runs the past: the operation list is the one at that moment, so keep the selection.
        set({ selectedOperationId: id });
      },
      async loadScenario(name, source) {
        set({ playing: false, selectedOperationId: null });
        runUntil = null;
        const result = await call((remote) => remote.loadScenario(source));
        if (!result.ok) {
          set({ scenario: { name, source, errors: result.errors, steps: [], nextStep: 0, busy: false, autoPlaying: false } });
          return;
        }
        set({
          scenario: { name, source, errors: null, steps: result.steps.map((step) => ({ ...step, status: 'pending', detail: null })), nextStep: 0, busy: false, autoPlaying: false },
          nextValue: 100,
        });
        show(result.update);
      },
      failScenario(name, message) {
        set({ scenario: { name, source: '', errors: [{ line: 1, column: 1, message }], steps: [], nextStep: 0, busy: false, autoPlaying: false } });
      },
      async scenarioNext() {
        await runScenarioStep();
      },
      async scenarioPlayAll() {
        scenarioSet({ autoPlaying: true });
        while (get().scenario?.autoPlaying && (await runScenarioStep())) {
          await new Promise((resolve) => setTimeout(resolve, stepDelayMs));
        }
        scenarioSet({ autoPlaying: false });
      },
      scenarioPause() {
        scenarioSet({ autoPlaying: false });
      },
      closeScenario() {
        set({ scenario: null });
      },
    };

    return {
      status: 'starting',
      problems: [],
      update: null,
      playing: true,
      speed: options.speed ?? DEFAULT_SPEED,
      form: { client: 'c1', coordinator: 'auto', key: 'x', readLevel: options.config.readLevel, writeLevel: options.config.writeLevel },
      nextValue: 1,
      selectedOperationId: null,
      scenario: null,
      restoredNote: null,
      actions,
    };
  });
  return store;
}

function nextValueAfter(update: QuorumUpdate): number {
  let highest = 0;
  for (const operation of update.frame.operations) if (operation.kind === 'write' && typeof operation.value === 'number') highest = Math.max(highest, operation.value);
  return highest + 1;
}

// Module-scope selectors: each returns an existing reference, never a fresh object.
export const selectStatus = (state: QuorumLabState) => state.status;
export const selectProblems = (state: QuorumLabState) => state.problems;
export const selectUpdate = (state: QuorumLabState) => state.update;
export const selectFrame = (state: QuorumLabState) => state.update?.frame ?? null;
export const selectReplicas = (state: QuorumLabState) => state.update?.frame.replicas;
export const selectClients = (state: QuorumLabState) => state.update?.frame.clients;
export const selectGroups = (state: QuorumLabState) => state.update?.frame.groups;
export const selectCuts = (state: QuorumLabState) => state.update?.frame.cuts;
export const selectMessages = (state: QuorumLabState) => state.update?.frame.messages;
export const selectNowMs = (state: QuorumLabState) => state.update?.frame.nowMs ?? 0;
export const selectHeadMs = (state: QuorumLabState) => state.update?.frame.headMs ?? 0;
export const selectSettings = (state: QuorumLabState) => state.update?.frame.settings;
export const selectMode = (state: QuorumLabState) => state.update?.frame.mode;
export const selectReplicationFactor = (state: QuorumLabState) => state.update?.frame.replicationFactor ?? 3;
export const selectReplicaCount = (state: QuorumLabState) => state.update?.frame.replicas.length ?? 3;
export const selectOperations = (state: QuorumLabState) => state.update?.frame.operations;
export const selectStaleReads = (state: QuorumLabState) => state.update?.staleReads;
export const selectSessionAnomalies = (state: QuorumLabState) => state.update?.sessionAnomalies;
export const selectCheck = (state: QuorumLabState) => state.update?.check;
export const selectStats = (state: QuorumLabState) => state.update?.stats;
export const selectFaultWindows = (state: QuorumLabState) => state.update?.faultWindows;
export const selectAtHead = (state: QuorumLabState) => state.update?.atHead ?? true;
export const selectPlaying = (state: QuorumLabState) => state.playing;
export const selectSpeed = (state: QuorumLabState) => state.speed;
export const selectForm = (state: QuorumLabState) => state.form;
export const selectNextValue = (state: QuorumLabState) => state.nextValue;
export const selectSelectedOperationId = (state: QuorumLabState) => state.selectedOperationId;
export const selectScenario = (state: QuorumLabState) => state.scenario;
export const selectRestoredNote = (state: QuorumLabState) => state.restoredNote;
export const selectReplica = (id: string) => (state: QuorumLabState) => state.update?.frame.replicas.find((replica) => replica.id === id);
export const selectClient = (id: string) => (state: QuorumLabState) => state.update?.frame.clients.find((client) => client.id === id);
