// The kit's store factory for a simulated lab: mirrors the engine's updates, serialises calls to the
// worker, plays virtual time on animation frames, seeks and forks, plays scenarios step by step, and
// keeps the user's actions across a reload (the engine's journal). A lab adds its own state and
// actions through `extend`; see src/README.md.

import { createStore, type StoreApi } from 'zustand/vanilla';
import type { LabInitResult, LabJournal, LabScenarioLoadResult, LabScenarioStepResult } from '../../worker/kit/labEngine.ts';
import { loadedScenario, playToNextBeat, withStepStatus, type ScenarioLineStatus, type ScenarioState } from './scenarioState.ts';
import { readJournal, writeJournal } from './journal.ts';

/** What the kit reads of every update. */
export interface KitUpdate {
  readonly frame: { readonly nowMs: number; readonly headMs: number };
  readonly atHead: boolean;
  readonly reached: boolean;
}

/** The engine calls the kit store makes (a `LabConnection` of a kit engine has them all). */
export interface KitConnection<Config, Command, Update, Outcome> {
  init(config: Config): Promise<LabInitResult<Update>>;
  command(command: Command): Promise<Update>;
  advanceTo(timeMs: number, wallBudgetMs: number): Promise<Update>;
  stepToNextEvent(): Promise<Update>;
  seek(timeMs: number): Promise<Update>;
  loadScenario(source: string): Promise<LabScenarioLoadResult<Config, Update>>;
  scenarioStep(index: number): Promise<LabScenarioStepResult<Outcome, Update>>;
  journal(): Promise<LabJournal<Config, Command>>;
  restore(journal: LabJournal<Config, Command>): Promise<LabInitResult<Update>>;
  /** The branch's actions in the lab's grammar (engines whose lab has a scenario writer). */
  actionsAsScenario?(): Promise<string | null>;
  dispose(): void;
}

export interface KitActions<Command> {
  start(): void;
  stop(): void;
  /** Apply a user command at the shown moment (forks the run when it is in the past); kept across a reload. */
  act(command: Command): Promise<void>;
  togglePlay(): void;
  setPlaying(playing: boolean): void;
  setSpeed(speed: number): void;
  seek(timeMs: number): Promise<void>;
  step(): Promise<void>;
  loadScenario(name: string, source: string): Promise<void>;
  failScenario(name: string, message: string): void;
  scenarioNext(): Promise<void>;
  /** A lesson's "Next": play to the next step a note introduces. */
  scenarioNextBeat(): Promise<void>;
  /** Start the loaded scenario again and replay its first `stepCount` steps at once (presenter mode's ← and number keys). */
  scenarioReplayTo(stepCount: number): Promise<void>;
  /** The actions of this branch as a scenario of the lab's grammar (null: the lab cannot write one). */
  actionsAsScenario(): Promise<string | null>;
  scenarioPlayAll(): Promise<void>;
  scenarioPause(): void;
  closeScenario(): void;
}

export interface KitState<Update, Command> {
  readonly status: 'starting' | 'running' | 'failed';
  readonly problems: readonly string[];
  readonly update: Update | null;
  readonly playing: boolean;
  /** Virtual milliseconds per wall second. */
  readonly speed: number;
  readonly scenario: ScenarioState | null;
  /** Shown when a saved session was restored after a reload. */
  readonly restoredNote: string | null;
  readonly actions: KitActions<Command>;
}

/** What a lab's `extend` gets: the store's set/get, the serialised call, and the kit's actions. */
export interface KitTools<Update, Command, Connection, State> {
  readonly set: (partial: Partial<State>) => void;
  readonly get: () => State;
  /** Queue a call to the engine; calls run one at a time, in order. */
  call<T>(work: (connection: Connection) => Promise<T>): Promise<T>;
  /** Show an update the lab got from its own call. */
  show(update: Update): void;
  readonly kit: KitActions<Command>;
}

export interface LabStoreOptions<Config, Command, Update extends KitUpdate, Outcome, Connection extends KitConnection<Config, Command, Update, Outcome>, State> {
  readonly config: Config;
  readonly connect: () => Connection;
  /** Virtual milliseconds per wall second. */
  readonly speed: number;
  /** Where the user's actions are kept across a reload (null: nowhere, e.g. a scenario or a test). */
  readonly persistKey?: string | null;
  /** Wall time between steps when a scenario plays to the end. */
  readonly scenarioStepDelayMs?: number;
  /** A scenario's `run` step plays at least this fast (a lesson should not drag), then the user's speed returns. */
  readonly scenarioRunSpeed?: number;
  /** Work for the worker on a frame while time stands still (the quorum lab's checker), or null. */
  readonly idleCall?: (state: State) => ((connection: Connection) => Promise<Update>) | null;
  /** How a scenario step's outcome reads in the list. */
  readonly describeOutcome?: (outcome: Outcome, update: Update) => { readonly status: ScenarioLineStatus; readonly detail: string | null };
  /** State to set after a reload restored the user's actions (e.g. the next value to write). */
  readonly afterRestore?: (update: Update) => Partial<State>;
  /** State to set when a scenario loads. */
  readonly afterScenarioLoad?: () => Partial<State>;
}

/** Wall time one playback call may spend in the worker. */
const ADVANCE_BUDGET_MS = 14;
const JOURNAL_SAVE_INTERVAL_MS = 2000;

/** Outcomes shaped like `{ kind: 'expect', ok, detail }` read as passed/failed; anything else is done. */
function defaultDescribeOutcome(outcome: unknown): { status: ScenarioLineStatus; detail: string | null } {
  const shaped = outcome as { kind?: string; ok?: boolean; detail?: string } | null;
  if (shaped?.kind === 'expect') return { status: shaped.ok ? 'passed' : 'failed', detail: shaped.detail ?? null };
  if (shaped?.kind === 'error') return { status: 'error', detail: shaped.detail ?? null };
  return { status: 'done', detail: null };
}

export function createLabStore<
  Config,
  Command,
  Update extends KitUpdate,
  Outcome,
  Connection extends KitConnection<Config, Command, Update, Outcome>,
  Extra extends object,
  ExtraActions extends object,
>(
  options: LabStoreOptions<Config, Command, Update, Outcome, Connection, KitState<Update, Command> & Extra & { readonly actions: KitActions<Command> & ExtraActions }>,
  extend: (tools: KitTools<Update, Command, Connection, KitState<Update, Command> & Extra & { readonly actions: KitActions<Command> & ExtraActions }>) => { readonly state: Extra; readonly actions: ExtraActions },
): StoreApi<KitState<Update, Command> & Extra & { readonly actions: KitActions<Command> & ExtraActions }> {
  type State = KitState<Update, Command> & Extra & { readonly actions: KitActions<Command> & ExtraActions };
  let connection: Connection | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  let inFlight = 0;
  let frameRequest: number | null = null;
  let lastWallMs: number | null = null;
  /** A scenario `run` step plays to this time, then resolves. */
  let runUntil: { targetMs: number; resolve: () => void } | null = null;
  let stopped = false;
  let lastSavedWallMs = 0;
  const stepDelayMs = options.scenarioStepDelayMs ?? 500;
  const describeOutcome = options.describeOutcome ?? defaultDescribeOutcome;

  return createStore<State>()((setState, getState) => {
    const set = (partial: Partial<State>) => setState(partial as State);
    const get = getState;

    const call = <T>(work: (remote: Connection) => Promise<T>): Promise<T> => {
      inFlight += 1;
      const next = queue.then(() => {
        if (!connection) throw new Error('The lab’s worker is not running.');
        return work(connection);
      });
      queue = next
        .catch(() => undefined)
        .finally(() => {
          inFlight -= 1;
        });
      return next;
    };

    const show = (update: Update) => {
      if (stopped) return;
      set({ update, status: 'running' } as Partial<State>);
    };

    /** A call still queued when the page closed finds no worker: nothing to show then. */
    const ignoreAfterStop = (error: unknown) => {
      if (!stopped) throw error;
    };

    const saveJournal = () => {
      if (!options.persistKey || get().scenario) return;
      void call((remote) => remote.journal()).then((journal) => writeJournal(options.persistKey, journal), ignoreAfterStop);
    };

    const tick = (wallMs: number) => {
      frameRequest = null;
      if (stopped) return;
      const state = get();
      const previous = lastWallMs ?? wallMs;
      lastWallMs = wallMs;
      const update = state.update;
      if (state.playing && wallMs - lastSavedWallMs > JOURNAL_SAVE_INTERVAL_MS) {
        // While time runs, things finish: keep the saved head moving so a reload shows them.
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
              set({ playing: false } as Partial<State>);
              resolve();
            }
          }, ignoreAfterStop);
        } else {
          const idle = options.idleCall?.(state);
          if (idle) void call(idle).then(show, ignoreAfterStop);
        }
      }
      frameRequest = requestAnimationFrame(tick);
    };

    const setScenario = (change: Partial<ScenarioState>) => {
      const scenario = get().scenario;
      if (scenario) set({ scenario: { ...scenario, ...change } } as Partial<State>);
    };

    const setLine = (index: number, status: ScenarioLineStatus, detail: string | null) => {
      const scenario = get().scenario;
      if (scenario) set({ scenario: withStepStatus(scenario, index, status, detail) } as Partial<State>);
    };

    const runScenarioStep = async (): Promise<boolean> => {
      const scenario = get().scenario;
      if (!scenario || scenario.busy || scenario.nextStep >= scenario.steps.length) return false;
      const index = scenario.nextStep;
      const line = scenario.steps[index]!;
      setScenario({ busy: true });
      setLine(index, 'running', null);
      try {
        if (line.kind === 'run' && line.durationMs !== null) {
          // Played at the chosen speed so the messages can be watched; the engine's own step would leap.
          const nowMs = get().update?.frame.nowMs ?? 0;
          const chosenSpeed = get().speed;
          await new Promise<void>((resolve) => {
            runUntil = { targetMs: nowMs + line.durationMs!, resolve };
            set({ playing: true, speed: Math.max(chosenSpeed, options.scenarioRunSpeed ?? chosenSpeed) } as Partial<State>);
          });
          // The step hurried playback along; the user's own speed comes back afterwards.
          set({ speed: chosenSpeed } as Partial<State>);
          setLine(index, 'done', `played ${line.durationMs} ms`);
        } else {
          const result = await call((remote) => remote.scenarioStep(index));
          show(result.update);
          const { status, detail } = describeOutcome(result.outcome, result.update);
          setLine(index, status, detail);
        }
      } catch (error) {
        setLine(index, 'error', error instanceof Error ? error.message : String(error));
      }
      setScenario({ busy: false, nextStep: index + 1 });
      return true;
    };

    const kit: KitActions<Command> = {
      start() {
        stopped = false;
        connection = options.connect();
        const journal = readJournal<Config, Command>(options.persistKey);
        const sameConfig = journal !== null && JSON.stringify(journal.config) === JSON.stringify(options.config);
        const starting = sameConfig ? call((remote) => remote.restore(journal)) : call((remote) => remote.init(options.config));
        void starting.then((result) => {
          if (!result.ok) set({ status: 'failed', problems: result.problems } as Partial<State>);
          else {
            show(result.update);
            if (sameConfig) {
              set({
                restoredNote: `Restored your ${journal.commands.length} actions from before the reload (up to ${Math.round(journal.headMs)} ms).`,
                ...options.afterRestore?.(result.update),
              } as Partial<State>);
            }
          }
        }, ignoreAfterStop);
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
      togglePlay() {
        set({ playing: !get().playing } as Partial<State>);
        if (get().playing) lastWallMs = null;
        else saveJournal();
      },
      setPlaying(playing) {
        set({ playing } as Partial<State>);
      },
      setSpeed(speed) {
        set({ speed } as Partial<State>);
      },
      async seek(timeMs) {
        set({ playing: false } as Partial<State>);
        show(await call((remote) => remote.seek(timeMs)));
      },
      async step() {
        set({ playing: false } as Partial<State>);
        show(await call((remote) => remote.stepToNextEvent()));
      },
      async loadScenario(name, source) {
        set({ playing: false } as Partial<State>);
        runUntil = null;
        const result = await call((remote) => remote.loadScenario(source));
        if (!result.ok) {
          set({ scenario: loadedScenario(name, source, null, result.errors) } as Partial<State>);
          return;
        }
        set({ scenario: loadedScenario(name, source, result.steps, null), ...options.afterScenarioLoad?.() } as Partial<State>);
        show(result.update);
      },
      failScenario(name, message) {
        set({ scenario: loadedScenario(name, '', null, [{ line: 1, column: 1, message }]) } as Partial<State>);
      },
      async scenarioNext() {
        await runScenarioStep();
      },
      actionsAsScenario: () => call(async (remote) => (remote.actionsAsScenario ? remote.actionsAsScenario() : null)),
      scenarioNextBeat: () =>
        playToNextBeat(
          () => get().scenario,
          runScenarioStep,
          (autoPlaying) => setScenario({ autoPlaying }),
        ),
      async scenarioReplayTo(stepCount) {
        const scenario = get().scenario;
        if (!scenario || scenario.errors || scenario.busy) return;
        // The run is deterministic: a fresh load and the same steps (a `run` leaps at once in the
        // engine) give the same moment, without the recorded future a seek would keep.
        set({ playing: false } as Partial<State>);
        runUntil = null;
        setScenario({ busy: true, autoPlaying: false });
        const result = await call((remote) => remote.loadScenario(scenario.source));
        if (!result.ok) {
          set({ scenario: loadedScenario(scenario.name, scenario.source, null, result.errors) } as Partial<State>);
          return;
        }
        let replayed = loadedScenario(scenario.name, scenario.source, result.steps, null);
        let update = result.update;
        const count = Math.min(stepCount, replayed.steps.length);
        for (let index = 0; index < count; index++) {
          const step = await call((remote) => remote.scenarioStep(index));
          const { status, detail } = describeOutcome(step.outcome, step.update);
          replayed = withStepStatus(replayed, index, status, detail);
          update = step.update;
        }
        show(update);
        set({ scenario: { ...replayed, nextStep: count }, ...options.afterScenarioLoad?.() } as Partial<State>);
      },
      async scenarioPlayAll() {
        setScenario({ autoPlaying: true });
        while (get().scenario?.autoPlaying && (await runScenarioStep())) {
          await new Promise((resolve) => setTimeout(resolve, stepDelayMs));
        }
        setScenario({ autoPlaying: false });
      },
      scenarioPause() {
        setScenario({ autoPlaying: false });
      },
      closeScenario() {
        set({ scenario: null } as Partial<State>);
      },
    };

    const extension = extend({ set, get, call, show, kit });
    return {
      status: 'starting',
      problems: [],
      update: null,
      playing: true,
      speed: options.speed,
      scenario: null,
      restoredNote: null,
      ...extension.state,
      actions: { ...kit, ...extension.actions },
    } as State;
  });
}
