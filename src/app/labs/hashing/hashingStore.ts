// The hashing lab's store factory: mirrors the worker's frames, serialises calls, plays scenarios step by step.
// One store per lab instance (no singleton); components select small slices, handlers call actions.

import type { ScenarioLineStatus, ScenarioLineView as KitScenarioLineView, ScenarioState as KitScenarioState } from '../../kit/scenarioState.ts';
import { playToNextBeat } from '../../kit/scenarioState.ts';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { HashingChange, HashingConfig } from '../../../kernel/protocols/hashing/index.ts';
import type { HashingExtras, HashingFrame, HashingScenarioStepView, KeyDetail } from '../../../worker/hashingEngine.ts';
import { formatHashingChange } from '../../../scenario/hashing.ts';
import type { HashingConnection } from './hashingConnection.ts';

export type { ScenarioLineStatus } from '../../kit/scenarioState.ts';
export type ScenarioLineView = KitScenarioLineView<HashingScenarioStepView['kind']>;
export type ScenarioState = KitScenarioState<HashingScenarioStepView['kind']>;

export type Hover = { readonly kind: 'node'; readonly id: string } | { readonly kind: 'key'; readonly samplePosition: number } | null;

export interface Notice {
  readonly tone: 'info' | 'success' | 'warning';
  readonly text: string;
}

export interface HashingLabActions {
  start(): void;
  stop(): void;
  change(change: HashingChange): Promise<boolean>;
  select(nodeId: string | null): void;
  hover(hover: Hover): void;
  lookupKey(query: string): Promise<void>;
  loadScenario(name: string, source: string): Promise<void>;
  failScenario(name: string, message: string): void;
  scenarioNext(): Promise<void>;
  /** A lesson's "Next": play to the next step a note introduces. */
  scenarioNextBeat(): Promise<void>;
  scenarioPlayAll(): Promise<void>;
  scenarioPause(): void;
  closeScenario(): void;
}

export interface HashingLabState {
  readonly status: 'starting' | 'ready' | 'failed';
  /** True while the worker computes (a change over a million keys takes a moment). */
  readonly busy: boolean;
  readonly problems: readonly string[];
  readonly frame: HashingFrame | null;
  readonly extras: HashingExtras | null;
  readonly selectedNodeId: string | null;
  readonly hover: Hover;
  readonly notice: Notice | null;
  /** What the user did since the start, as scenario lines (copyable as a scenario). */
  readonly history: readonly string[];
  readonly keyDetail: KeyDetail | { readonly error: string } | null;
  readonly scenario: ScenarioState | null;
  readonly actions: HashingLabActions;
}

export type HashingLabStore = StoreApi<HashingLabState>;

export interface HashingStoreOptions {
  readonly config: HashingConfig;
  readonly connect: () => HashingConnection;
  /** Pause between steps when a scenario plays to the end, so each change can be seen. */
  readonly scenarioStepDelayMs?: number;
  /** Where the user's changes are kept across a reload (null: nowhere, e.g. a preset or a shared run). */
  readonly persistKey?: string | null;
}

/** What a reload needs to rebuild the user's run: the start and the changes, in order. */
interface HashingJournal {
  readonly config: HashingConfig;
  readonly changes: readonly HashingChange[];
}

export function createHashingStore(options: HashingStoreOptions): HashingLabStore {
  let connection: HashingConnection | null = null;
  /** Every worker call goes through this chain, so frames arrive and apply in order. */
  let queue: Promise<unknown> = Promise.resolve();
  let pending = 0;
  const stepDelayMs = options.scenarioStepDelayMs ?? 900;

  const store = createStore<HashingLabState>()((set, get) => {
    const call = <T>(work: (connection: HashingConnection) => Promise<T>): Promise<T> => {
      pending += 1;
      set({ busy: true });
      const next = queue.then(() => {
        if (!connection) throw new Error('The hashing worker is not running.');
        return work(connection);
      });
      queue = next.catch(() => undefined).finally(() => {
        pending -= 1;
        if (pending === 0) set({ busy: false });
      });
      return next;
    };

    /** The slower figures follow each frame; a newer frame makes an older answer stale. */
    const refreshExtras = () => {
      void call((remote) => remote.extras()).then((extras) => {
        if (extras.version === get().frame?.version) set({ extras });
      });
    };

    const showFrame = (frame: HashingFrame) => {
      const selected = get().selectedNodeId;
      set({
        frame,
        status: 'ready',
        // A removed node can no longer be selected or hovered.
        selectedNodeId: selected !== null && frame.nodes.some((node) => node.id === selected) ? selected : null,
        hover: null,
        keyDetail: null,
      });
      refreshExtras();
    };

    /** The changes made by hand since the start, kept under persistKey (a loaded scenario stops the keeping). */
    let changes: HashingChange[] = [];
    let persisting = Boolean(options.persistKey);
    const saveChanges = () => {
      if (!persisting || !options.persistKey) return;
      try {
        if (changes.length === 0) localStorage.removeItem(options.persistKey);
        else localStorage.setItem(options.persistKey, JSON.stringify({ config: options.config, changes } satisfies HashingJournal));
      } catch {
        // Storage full or forbidden: the run still works, it just will not survive a reload.
      }
    };
    const readChanges = (): readonly HashingChange[] => {
      if (!options.persistKey) return [];
      try {
        const journal = JSON.parse(localStorage.getItem(options.persistKey) ?? 'null') as HashingJournal | null;
        // Another start (a hand-edited entry, an older app) is ignored, not replayed.
        return journal && Array.isArray(journal.changes) && JSON.stringify(journal.config) === JSON.stringify(options.config) ? journal.changes : [];
      } catch {
        return [];
      }
    };

    const init = async (config: HashingConfig) => {
      const result = await call((remote) => remote.init(config));
      if (!result.ok) {
        set({ status: 'failed', problems: result.problems });
        return;
      }
      showFrame(result.frame);
      const saved = readChanges();
      let restored = 0;
      for (const change of saved) {
        if (!(await applyChange(change))) break;
        restored += 1;
      }
      if (restored > 0) set({ notice: { tone: 'info', text: `Restored your ${restored} change${restored === 1 ? '' : 's'} from before the reload.` } });
    };

    const applyChange = async (change: HashingChange): Promise<boolean> => {
      const result = await call((remote) => remote.change(change));
      if (!result.ok) {
        set({ notice: { tone: 'warning', text: result.message } });
        return false;
      }
      changes = [...changes, change];
      saveChanges();
      set({ history: [...get().history, formatHashingChange(change)], notice: null });
      showFrame(result.frame);
      return true;
    };

    const updateScenario = (update: (scenario: ScenarioState) => ScenarioState) => {
      const scenario = get().scenario;
      if (scenario) set({ scenario: update(scenario) });
    };

    const runScenarioStep = async (): Promise<boolean> => {
      const scenario = get().scenario;
      if (!scenario || scenario.errors || scenario.nextStep >= scenario.steps.length) return false;
      const index = scenario.nextStep;
      const setLine = (status: ScenarioLineStatus, detail: string | null) =>
        updateScenario((current) => ({ ...current, steps: current.steps.map((step, at) => (at === index ? { ...step, status, detail } : step)) }));
      updateScenario((current) => ({ ...current, busy: true }));
      setLine('running', null);
      const result = await call((remote) => remote.scenarioStep(index));
      const { outcome } = result;
      if (outcome.kind === 'changed') setLine('done', null);
      else if (outcome.kind === 'expect') setLine(outcome.ok ? 'passed' : 'failed', outcome.detail);
      else setLine('error', outcome.detail);
      showFrame(result.frame);
      updateScenario((current) => ({ ...current, nextStep: index + 1, busy: false }));
      return true;
    };

    return {
      status: 'starting',
      busy: false,
      problems: [],
      frame: null,
      extras: null,
      selectedNodeId: null,
      hover: null,
      notice: null,
      history: [],
      keyDetail: null,
      scenario: null,
      actions: {
        start() {
          if (connection) return;
          connection = options.connect();
          void init(options.config).catch((error: unknown) => set({ status: 'failed', problems: [(error as Error).message] }));
        },
        stop() {
          connection?.dispose();
          connection = null;
        },
        change: applyChange,
        select(nodeId) {
          set({ selectedNodeId: nodeId });
        },
        hover(hover) {
          const current = get().hover;
          if (current === hover) return;
          if (current && hover && current.kind === hover.kind) {
            if (current.kind === 'node' && hover.kind === 'node' && current.id === hover.id) return;
            if (current.kind === 'key' && hover.kind === 'key' && current.samplePosition === hover.samplePosition) return;
          }
          set({ hover });
        },
        async lookupKey(query) {
          const detail = await call((remote) => remote.describeKey(query));
          set({ keyDetail: detail });
        },
        async loadScenario(name, source) {
          set({ scenario: { name, source, errors: null, steps: [], nextStep: 0, busy: true, autoPlaying: false } });
          const result = await call((remote) => remote.loadScenario(source));
          if (!result.ok) {
            set({ scenario: { name, source, errors: result.errors, steps: [], nextStep: 0, busy: false, autoPlaying: false } });
            return;
          }
          // The scenario's run replaces the hand-made one, which stays saved for the next visit.
          persisting = false;
          changes = [];
          set({
            scenario: { name, source, errors: null, steps: result.steps.map((step) => ({ ...step, status: 'pending', detail: null })), nextStep: 0, busy: false, autoPlaying: false },
            history: [],
            selectedNodeId: null,
          });
          showFrame(result.frame);
        },
        failScenario(name, message) {
          set({ scenario: { name, source: '', errors: [{ line: 0, column: 0, message }], steps: [], nextStep: 0, busy: false, autoPlaying: false } });
        },
        async scenarioNext() {
          if (get().scenario?.busy) return;
          await runScenarioStep();
        },
        scenarioNextBeat: () =>
          playToNextBeat(
            () => get().scenario,
            runScenarioStep,
            (autoPlaying) => updateScenario((current) => ({ ...current, autoPlaying })),
          ),
        async scenarioPlayAll() {
          if (get().scenario?.busy) return;
          updateScenario((current) => ({ ...current, autoPlaying: true }));
          while (get().scenario?.autoPlaying && (await runScenarioStep())) {
            const current = get().scenario;
            // No pause after the last step: the panel should say "finished" with nothing left to pause.
            if (!current || current.nextStep >= current.steps.length) break;
            if (stepDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, stepDelayMs));
          }
          updateScenario((current) => ({ ...current, autoPlaying: false }));
        },
        scenarioPause() {
          updateScenario((current) => ({ ...current, autoPlaying: false }));
        },
        closeScenario() {
          set({ scenario: null });
        },
      },
    };
  });
  return store;
}

// Selectors at module scope: each returns a reference the store already holds.
export const selectFrame = (state: HashingLabState) => state.frame;
export const selectExtras = (state: HashingLabState) => state.extras;
export const selectStatus = (state: HashingLabState) => state.status;
export const selectBusy = (state: HashingLabState) => state.busy;
export const selectProblems = (state: HashingLabState) => state.problems;
export const selectSelectedNodeId = (state: HashingLabState) => state.selectedNodeId;
export const selectHover = (state: HashingLabState) => state.hover;
export const selectNotice = (state: HashingLabState) => state.notice;
export const selectHistory = (state: HashingLabState) => state.history;
export const selectKeyDetail = (state: HashingLabState) => state.keyDetail;
export const selectScenario = (state: HashingLabState) => state.scenario;
