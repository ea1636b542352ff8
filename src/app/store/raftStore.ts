// The Raft lab's store factory: mirrors the worker's frames and trace, and runs the playback loop.
// One store per lab instance (no singleton); components select small slices, handlers call actions.

import { createStore, type StoreApi } from 'zustand/vanilla';
import type { RaftConfig } from '../../kernel/protocols/raft/simulation.ts';
import type { RaftCommand } from '../../kernel/protocols/raft/commands.ts';
import type { RaftMessageView, RaftNodeView } from '../../kernel/protocols/raft/run.ts';
import type { NodeId } from '../../kernel/protocols/raft/types.ts';
import type { Violation } from '../../kernel/protocols/raft/invariants.ts';
import { DEFAULT_CHAOS_INTENSITY_PERCENT, type ChaosSettings, type ChaosState, type RaftUpdate, type ScenarioOverrides, type ScenarioStepView } from '../../worker/raftEngine.ts';
import type { ScenarioLineStatus as KitScenarioLineStatus, ScenarioLineView as KitScenarioLineView, ScenarioState as KitScenarioState } from '../kit/scenarioState.ts';
import { playToNextBeat } from '../kit/scenarioState.ts';
import type { RaftConnection } from './raftConnection.ts';
import { createTraceMirror, type TraceMirror } from './traceMirror.ts';
import { readJournal, writeJournal } from '../kit/journal.ts';

export type PlaybackSpeed = number | 'max';

/** From very slow (1/100x) to as fast as the machine allows. */
export const PLAYBACK_SPEEDS: readonly PlaybackSpeed[] = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 'max'];
export const DEFAULT_SPEED: PlaybackSpeed = 0.1;

/** Real time the worker may spend per animation frame, leaving the rest of the frame to drawing. */
const WALL_BUDGET_PER_FRAME_MS = 10;
/** A frame gap longer than this (tab hidden, debugger) is not turned into a leap of virtual time. */
const MAX_FRAME_GAP_MS = 100;

/** A violation the user clicked: the moment and nodes to highlight, and the log index it names. */
export interface ViolationHighlight {
  readonly violation: Violation;
  readonly timeMs: number;
  readonly nodes: readonly NodeId[];
  /** The log index the violation is about, when its detail names one. */
  readonly logIndex: number | null;
}

export type MessageFault = { readonly kind: 'drop' } | { readonly kind: 'duplicate' } | { readonly kind: 'delay'; readonly delayMs: number };

export type NoticeTone = 'info' | 'success' | 'warning';

export interface Notice {
  readonly id: number;
  readonly tone: NoticeTone;
  readonly text: string;
  /** A follow-up the user can take, e.g. resend a refused request to the leader it named. */
  readonly retryVia?: { readonly node: NodeId; readonly value: string };
}

export type ScenarioLineStatus = KitScenarioLineStatus;
export type ScenarioLineView = KitScenarioLineView<ScenarioStepView['kind']>;
export type ScenarioState = KitScenarioState<ScenarioStepView['kind']>;

export interface RaftLabActions {
  start(): void;
  stop(): void;
  act(command: RaftCommand): Promise<void>;
  play(): void;
  pause(): void;
  togglePlay(): void;
  step(): Promise<void>;
  setSpeed(speed: PlaybackSpeed): void;
  seek(timeMs: number): void;
  select(node: NodeId | null): void;
  /** A client write with a fresh value, to the leader or through a given node. */
  sendRequest(via?: NodeId, value?: string): Promise<void>;
  dismissNotice(id: number): void;
  /** Play at the current speed until the run reaches `timeMs`; false if the user paused first. */
  playUntil(timeMs: number): Promise<boolean>;
  /** Parse a scenario, restart the run with its config, and wait for its steps to be played. */
  loadScenario(name: string, source: string, overrides?: ScenarioOverrides): Promise<void>;
  /** Show why a scenario could not be loaded (e.g. an unknown preset). */
  failScenario(name: string, message: string): void;
  scenarioNext(): Promise<void>;
  /** A lesson's "Next": play to the next step a note introduces. */
  scenarioNextBeat(): Promise<void>;
  /** Start the loaded scenario again and replay its first `stepCount` steps at once (presenter mode's ← and number keys). */
  scenarioReplayTo(stepCount: number): Promise<void>;
  /** The actions of this branch as a scenario of the Raft grammar (replays into the same run). */
  actionsAsScenario(): Promise<string | null>;
  scenarioPlayAll(): Promise<void>;
  scenarioPause(): void;
  closeScenario(): void;
  /** Jump to the moment of a violation and highlight its nodes (and log entry, when it names one). */
  showViolation(violation: Violation): void;
  clearHighlight(): void;
  /** Pick a message in flight to act on (playback pauses, so it stays put). */
  selectMessage(messageId: number | null): void;
  /** Drop, duplicate or delay one message in flight, recorded like any user action. */
  faultMessage(messageId: number, fault: MessageFault): Promise<void>;
  setChaos(settings: ChaosSettings): Promise<void>;
}

export interface RaftLabState {
  readonly status: 'idle' | 'starting' | 'running' | 'failed';
  readonly problems: readonly string[];
  readonly config: RaftConfig;
  /** The moment shown: the frame's time, plus a fraction of a millisecond while playing slowly. */
  readonly nowMs: number;
  readonly frameNowMs: number;
  readonly headMs: number;
  readonly atHead: boolean;
  readonly nodeIds: readonly NodeId[];
  readonly nodesById: Readonly<Record<NodeId, RaftNodeView>>;
  readonly messages: readonly RaftMessageView[];
  readonly groups: readonly (readonly NodeId[])[];
  readonly cuts: readonly (readonly [NodeId, NodeId])[];
  /** Mirrored trace events at or before the shown moment (an index into `trace.events`). */
  readonly traceLength: number;
  /** Changes whenever the mirrored trace changes; `traceEpoch` changes when a fork cut it. */
  readonly traceVersion: number;
  readonly traceEpoch: number;
  readonly playing: boolean;
  readonly speed: PlaybackSpeed;
  readonly selectedNodeId: NodeId | null;
  readonly notices: readonly Notice[];
  readonly requestCount: number;
  readonly scenario: ScenarioState | null;
  /** Safety violations the checker found in this branch of the run (some may be after the shown moment). */
  readonly violations: readonly Violation[];
  readonly highlight: ViolationHighlight | null;
  readonly selectedMessageId: number | null;
  readonly chaos: ChaosState;
  readonly actions: RaftLabActions;
}

export type RaftLabStore = StoreApi<RaftLabState> & {
  /** The newest part of the worker's trace, mirrored in place (see traceMirror.ts). */
  readonly trace: TraceMirror;
};

export interface RaftStoreOptions {
  readonly config: RaftConfig;
  readonly connect: () => RaftConnection;
  readonly speed?: PlaybackSpeed;
  readonly autoplay?: boolean;
  /** Where the user's actions are kept across a reload (null or absent: nowhere, e.g. a scenario or a test). */
  readonly persistKey?: string | null;
  /** Injected so tests can drive frames by hand. */
  readonly requestFrame?: (callback: (wallMs: number) => void) => number;
  readonly cancelFrame?: (handle: number) => void;
}

const MAX_NOTICES = 3;
const SUCCESS_NOTICE_MS = 5_000;
const WARNING_NOTICE_MS = 20_000;

export function createRaftStore(options: RaftStoreOptions): RaftLabStore {
  const requestFrame = options.requestFrame ?? ((callback) => requestAnimationFrame(callback));
  const cancelFrame = options.cancelFrame ?? ((handle) => cancelAnimationFrame(handle));
  const trace = createTraceMirror();

  let connection: RaftConnection | null = null;
  /** Every worker call goes through this chain, so updates arrive and apply in order. */
  let queue: Promise<unknown> = Promise.resolve();
  let pendingCalls = 0;
  let frameHandle: number | null = null;
  let lastWallMs: number | null = null;
  /** Virtual time the playback has reached (fractional at slow speeds). */
  let cursorMs = 0;
  let pendingSeekMs: number | null = null;
  /** Set by playUntil: playback stops there and resolves the promise. */
  let stopAtMs: number | null = null;
  let resolvePlayUntil: ((reached: boolean) => void) | null = null;
  /** Where the current scenario `run` step ends, so pausing and resuming keeps its length. */
  let scenarioRunTargetMs: number | null = null;
  /** The switches the loaded scenario was opened with, for a replay. */
  let lastScenarioOverrides: ScenarioOverrides | undefined;
  let workerTraceEpoch = -1;
  let seeking = false;
  let nextNoticeId = 1;
  /** Client writes accepted by a leader whose fate (committed or overwritten) is not known yet. */
  let acceptedWrites: { readonly value: string; readonly index: number; readonly node: string }[] = [];
  /** Each start gets a generation, so a late answer from a stopped worker is ignored. */
  let generation = 0;

  const store = createStore<RaftLabState>()((set, get) => {
    const notify = (tone: NoticeTone, text: string, retryVia?: Notice['retryVia']) => {
      const notice: Notice = { id: nextNoticeId++, tone, text, ...(retryVia ? { retryVia } : {}) };
      set({ notices: [...get().notices, notice].slice(-MAX_NOTICES) });
      // Good news fades quickly; a warning stays long enough to act on its button.
      setTimeout(() => actions.dismissNotice(notice.id), tone === 'success' ? SUCCESS_NOTICE_MS : WARNING_NOTICE_MS);
    };

    /**
     * Writes a leader accepted, watched until their fate is known: committed (a node's commitIndex
     * covers the index and the entry there is this write) or overwritten (a committed entry there is
     * another). Raft never undoes a committed entry, so neither answer can change afterwards.
     */
    const settleAcceptedWrites = (nodes: readonly RaftNodeView[]) => {
      if (acceptedWrites.length === 0) return;
      acceptedWrites = acceptedWrites.filter((write) => {
        const decided = nodes.find((node) => node.commitIndex >= write.index && node.log[write.index - 1] !== undefined);
        if (!decided) return true;
        const entry = decided.log[write.index - 1]!;
        if (entry.value === write.value) {
          const holders = nodes.filter((node) => node.log[write.index - 1]?.value === write.value).length;
          notify('success', `${write.value} committed at log index ${write.index}: ${holders} of ${nodes.length} nodes hold it, a majority — it will never be undone.`);
        } else {
          notify('warning', `${write.value} was never committed: ${write.node} lost its leadership before a majority held it, and index ${write.index} now holds ${entry.value} (term ${entry.term}) from a later leader.`);
        }
        return false;
      });
    };

    const applyUpdate = (update: RaftUpdate) => {
      const replaced = trace.apply(update);
      const traceChanged = replaced || update.events.length > 0;
      const frame = update.frame;
      const state = get();
      const nodesById: Record<NodeId, RaftNodeView> = {};
      for (const node of frame.nodes) nodesById[node.id] = sharedNode(state.nodesById[node.id], node);
      const nodeIds = frame.nodes.map((node) => node.id);
      cursorMs = Math.max(frame.nowMs, Math.min(cursorMs, frame.nowMs + 0.999));
      const epochChanged = update.traceEpoch !== workerTraceEpoch;
      workerTraceEpoch = update.traceEpoch;
      set({
        nowMs: cursorMs,
        frameNowMs: frame.nowMs,
        headMs: frame.headMs,
        atHead: update.atHead,
        nodeIds: sameJson(state.nodeIds, nodeIds) ? state.nodeIds : nodeIds,
        nodesById,
        messages: frame.messages,
        groups: sameJson(state.groups, frame.groups) ? state.groups : frame.groups,
        cuts: sameJson(state.cuts, frame.cuts) ? state.cuts : frame.cuts,
        traceLength: trace.localIndex(frame.traceLength),
        traceVersion: traceChanged ? state.traceVersion + 1 : state.traceVersion,
        // Views that keep their own model of the trace (the timeline) rebuild when this changes.
        traceEpoch: replaced || epochChanged ? state.traceEpoch + 1 : state.traceEpoch,
        violations: sameViolations(state.violations, update.violations) ? state.violations : update.violations,
        chaos: sameJson(state.chaos, update.chaos) ? state.chaos : update.chaos,
      });
      if (update.atHead) settleAcceptedWrites(frame.nodes);
    };

    /** Queue a call to the worker; its update is applied unless the run was restarted meanwhile. */
    const call = (task: (connection: RaftConnection) => Promise<RaftUpdate>): Promise<RaftUpdate | null> => callFor(task, (update) => update);

    const callFor = <T>(task: (connection: RaftConnection) => Promise<T>, updateOf: (result: T) => RaftUpdate | null): Promise<T | null> => {
      const callGeneration = generation;
      pendingCalls += 1;
      const result = queue.then(async () => {
        if (!connection || callGeneration !== generation) return null;
        const answer = await task(connection);
        if (callGeneration !== generation) return null;
        const update = updateOf(answer);
        if (update) applyUpdate(update);
        return answer;
      });
      queue = result
        .catch((error: unknown) => {
          set({ status: 'failed', playing: false, problems: [`The simulation stopped: ${errorText(error)}`] });
        })
        .finally(() => {
          pendingCalls -= 1;
        });
      return result.catch(() => null);
    };

    const tick = (wallMs: number) => {
      frameHandle = requestFrame(tick);
      const state = get();
      if (!state.playing || state.status !== 'running') {
        lastWallMs = null;
        return;
      }
      const elapsedMs = lastWallMs === null ? 0 : Math.min(Math.max(0, wallMs - lastWallMs), MAX_FRAME_GAP_MS);
      lastWallMs = wallMs;
      if (stopAtMs !== null && state.frameNowMs >= stopAtMs) {
        finishPlayUntil(true);
        return;
      }
      if (state.speed === 'max') {
        if (pendingCalls > 0) return;
        const stop = stopAtMs;
        void call((c) => (stop === null ? c.advanceFor(WALL_BUDGET_PER_FRAME_MS) : c.advanceTo(stop, WALL_BUDGET_PER_FRAME_MS)));
        return;
      }
      cursorMs += elapsedMs * state.speed;
      if (stopAtMs !== null) cursorMs = Math.min(cursorMs, stopAtMs);
      if (pendingCalls > 0) return;
      if (Math.floor(cursorMs) > state.frameNowMs) {
        void call((c) => c.advanceTo(Math.floor(cursorMs), WALL_BUDGET_PER_FRAME_MS)).then((update) => {
          // The machine could not keep up: drop the debt instead of piling it up.
          if (update && !update.reached) cursorMs = update.frame.nowMs;
        });
      } else {
        // Between two milliseconds nothing happens, so the shown moment can move on by itself.
        set({ nowMs: Math.min(cursorMs, state.frameNowMs + 0.999) });
      }
    };

    const finishPlayUntil = (reached: boolean) => {
      const resolve = resolvePlayUntil;
      stopAtMs = null;
      resolvePlayUntil = null;
      if (reached) set({ playing: false, nowMs: get().frameNowMs });
      resolve?.(reached);
    };

    const setScenario = (change: Partial<ScenarioState>) => {
      const scenario = get().scenario;
      if (scenario) set({ scenario: { ...scenario, ...change } });
    };

    const setStep = (index: number, status: ScenarioLineStatus, detail: string | null = null) => {
      const scenario = get().scenario;
      if (!scenario) return;
      set({ scenario: { ...scenario, steps: scenario.steps.map((step, position) => (position === index ? { ...step, status, detail } : step)) } });
    };

    /** Keep the user's actions for a reload (never a scenario's: it replays from its file). */
    const saveJournal = () => {
      if (!options.persistKey || get().scenario) return;
      void callFor((c) => c.journal(), () => null).then((journal) => {
        if (journal) writeJournal(options.persistKey, journal);
      });
    };

    const runSeeks = async () => {
      if (seeking) return;
      seeking = true;
      while (pendingSeekMs !== null) {
        const target = pendingSeekMs;
        pendingSeekMs = null;
        cursorMs = target;
        await call((c) => c.seek(target));
      }
      seeking = false;
    };

    const actions: RaftLabActions = {
      start() {
        if (connection) return;
        generation += 1;
        const startGeneration = generation;
        connection = options.connect();
        trace.reset();
        acceptedWrites = [];
        cursorMs = 0;
        set({ status: 'starting', problems: [] });
        const started = connection;
        pendingCalls += 1;
        // A reload rebuilds the user's run from its journal (same config, same actions at the same times).
        const journal = readJournal<RaftConfig, RaftCommand>(options.persistKey);
        const restoring = journal !== null && JSON.stringify(journal.config) === JSON.stringify(get().config);
        queue = (restoring ? started.restore(journal) : started.init(get().config))
          .then((result) => {
            if (startGeneration !== generation) return;
            if (!result.ok) {
              set({ status: 'failed', problems: result.problems, playing: false });
              return;
            }
            applyUpdate(result.update);
            cursorMs = result.update.frame.nowMs;
            set({ status: 'running' });
            if (restoring) notify('info', `Restored your ${journal.commands.length} actions from before the reload (up to ${formatTimeMs(journal.headMs)}).`);
          })
          .catch((error: unknown) => {
            if (startGeneration === generation) set({ status: 'failed', playing: false, problems: [`The simulation could not start: ${errorText(error)}`] });
          })
          .finally(() => {
            pendingCalls -= 1;
          });
        frameHandle = requestFrame(tick);
      },

      stop() {
        generation += 1;
        if (resolvePlayUntil) finishPlayUntil(false);
        if (frameHandle !== null) cancelFrame(frameHandle);
        frameHandle = null;
        connection?.dispose();
        connection = null;
        set({ status: 'idle' });
      },

      async act(command) {
        const forking = !get().atHead;
        const viewMs = get().frameNowMs;
        const update = await call((c) => c.command(command));
        if (!update) return;
        cursorMs = update.frame.nowMs;
        if (forking) notify('warning', `Forked the run at ${formatTimeMs(viewMs)}: the recorded future after that moment was discarded.`);
        if (command.type === 'request') reportClientOutcome(update, command.value);
        saveJournal();
      },

      play() {
        if (get().status !== 'running') return;
        lastWallMs = null;
        set({ playing: true });
      },

      pause() {
        set({ playing: false, nowMs: get().frameNowMs });
        saveJournal();
        cursorMs = get().frameNowMs;
        if (resolvePlayUntil) finishPlayUntil(false);
      },

      togglePlay() {
        if (get().playing) actions.pause();
        else actions.play();
      },

      async step() {
        actions.pause();
        const update = await call((c) => c.stepToNextEvent());
        if (update) cursorMs = update.frame.nowMs;
      },

      setSpeed(speed) {
        lastWallMs = null;
        set({ speed });
      },

      seek(timeMs) {
        actions.pause();
        pendingSeekMs = Math.max(0, Math.round(timeMs));
        void runSeeks();
      },

      select(node) {
        set({ selectedNodeId: node });
      },

      async sendRequest(via, value) {
        const count = get().requestCount + 1;
        set({ requestCount: count });
        const written = value ?? `x${count}`;
        await actions.act(via ? { type: 'request', value: written, via } : { type: 'request', value: written });
      },

      dismissNotice(id) {
        set({ notices: get().notices.filter((notice) => notice.id !== id) });
      },

      playUntil(timeMs) {
        if (resolvePlayUntil) finishPlayUntil(false);
        if (get().status !== 'running') return Promise.resolve(false);
        if (get().frameNowMs >= timeMs) return Promise.resolve(true);
        return new Promise<boolean>((resolve) => {
          stopAtMs = timeMs;
          resolvePlayUntil = resolve;
          lastWallMs = null;
          set({ playing: true });
        });
      },

      async loadScenario(name, source, overrides) {
        lastScenarioOverrides = overrides;
        actions.pause();
        scenarioRunTargetMs = null;
        set({
          scenario: { name, source, errors: null, steps: [], nextStep: 0, busy: true, autoPlaying: false },
          selectedNodeId: null,
          selectedMessageId: null,
          highlight: null,
        });
        const result = await callFor(
          (c) => c.loadScenario(source, overrides),
          (loaded) => (loaded.ok ? loaded.update : null),
        );
        if (!result) return;
        if (!result.ok) {
          setScenario({ errors: result.errors, busy: false });
          return;
        }
        cursorMs = 0;
        set({ config: result.config, status: 'running', problems: [], requestCount: 0 });
        setScenario({ steps: result.steps.map((step) => ({ ...step, status: 'pending', detail: null })), busy: false });
      },

      failScenario(name, message) {
        set({ scenario: { name, source: '', errors: [{ line: 0, column: 0, message }], steps: [], nextStep: 0, busy: false, autoPlaying: false } });
      },

      async scenarioNext() {
        const scenario = get().scenario;
        if (!scenario || scenario.busy || scenario.nextStep >= scenario.steps.length) return;
        const index = scenario.nextStep;
        const step = scenario.steps[index]!;
        setScenario({ busy: true });
        setStep(index, 'running');
        if (step.kind === 'run') {
          scenarioRunTargetMs ??= get().frameNowMs + (step.durationMs ?? 0);
          const reached = await actions.playUntil(scenarioRunTargetMs);
          if (!reached) {
            setStep(index, 'pending', 'paused: continue to play the rest of this step');
            setScenario({ busy: false, autoPlaying: false });
            return;
          }
          scenarioRunTargetMs = null;
          setStep(index, 'done');
        } else {
          const result = await callFor(
            (c) => c.scenarioStep(index),
            (answer) => answer.update,
          );
          if (!result) {
            // The call was overtaken (the worker restarted, another load began): leave the step to do again, never stuck busy.
            setStep(index, 'pending');
            setScenario({ busy: false });
            return;
          }
          cursorMs = result.update.frame.nowMs;
          const outcome = result.outcome;
          if (outcome.kind === 'expect') setStep(index, outcome.ok ? 'passed' : 'failed', outcome.detail);
          else if (outcome.kind === 'error') setStep(index, 'error', outcome.detail);
          else setStep(index, 'done');
        }
        setScenario({ busy: false, nextStep: index + 1 });
      },

      actionsAsScenario: () => callFor((c) => c.actionsAsScenario(), () => null),

      scenarioNextBeat: () =>
        playToNextBeat(
          () => get().scenario,
          () => actions.scenarioNext(),
          (autoPlaying) => setScenario({ autoPlaying }),
        ),

      async scenarioReplayTo(stepCount) {
        const scenario = get().scenario;
        if (!scenario || scenario.errors || scenario.busy) return;
        // The run is deterministic: a fresh load and the same steps give the same moment, with none
        // of the recorded future a seek would keep (replaying a step over it would do it twice).
        await actions.loadScenario(scenario.name, scenario.source, lastScenarioOverrides);
        const count = Math.min(stepCount, get().scenario?.steps.length ?? 0);
        setScenario({ busy: true });
        for (let index = 0; index < count; index++) {
          const result = await callFor(
            (c) => c.scenarioStep(index),
            (answer) => answer.update,
          );
          if (!result) break;
          cursorMs = result.update.frame.nowMs;
          const outcome = result.outcome;
          if (outcome.kind === 'expect') setStep(index, outcome.ok ? 'passed' : 'failed', outcome.detail);
          else if (outcome.kind === 'error') setStep(index, 'error', outcome.detail);
          else setStep(index, 'done');
          setScenario({ nextStep: index + 1 });
        }
        setScenario({ busy: false });
      },

      async scenarioPlayAll() {
        setScenario({ autoPlaying: true });
        for (;;) {
          const scenario = get().scenario;
          if (!scenario || !scenario.autoPlaying || scenario.nextStep >= scenario.steps.length) break;
          await actions.scenarioNext();
        }
        setScenario({ autoPlaying: false });
      },

      scenarioPause() {
        setScenario({ autoPlaying: false });
        actions.pause();
      },

      closeScenario() {
        actions.scenarioPause();
        scenarioRunTargetMs = null;
        set({ scenario: null });
      },

      showViolation(violation) {
        set({ highlight: { violation, timeMs: violation.timeMs, nodes: violation.nodes, logIndex: violation.logIndex } });
        actions.seek(violation.timeMs);
      },

      clearHighlight() {
        set({ highlight: null });
      },

      selectMessage(messageId) {
        if (messageId !== null) actions.pause();
        set({ selectedMessageId: messageId });
      },

      async faultMessage(messageId, fault) {
        const command: RaftCommand =
          fault.kind === 'drop'
            ? { type: 'drop-message', messageId }
            : fault.kind === 'duplicate'
              ? { type: 'duplicate-message', messageId }
              : { type: 'delay-message', messageId, delayMs: fault.delayMs };
        await actions.act(command);
        // A dropped message is gone; a delayed or duplicated one can still be acted on.
        if (fault.kind === 'drop' && get().selectedMessageId === messageId) set({ selectedMessageId: null });
      },

      async setChaos(settings) {
        await call((c) => c.setChaos(settings));
      },
    };

    const reportClientOutcome = (update: RaftUpdate, value: string) => {
      const outcome = [...update.events].reverse().find((event) => event.kind === 'client' && event.value === value);
      if (!outcome || outcome.kind !== 'client') return;
      if (outcome.accepted) {
        notify('info', `${outcome.node} accepted ${value} at log index ${outcome.index}: it commits once a majority holds it.`);
        if (outcome.index !== null) acceptedWrites.push({ value, index: outcome.index, node: outcome.node ?? '' });
      } else if (outcome.node === null) notify('warning', `No leader to take ${value} right now: an election needs a majority of the nodes to reach each other.`);
      else if (outcome.leaderHint) notify('warning', `${outcome.node} refused ${value}: it is not the leader. Leader hint: ${outcome.leaderHint}.`, { node: outcome.leaderHint, value });
      else notify('warning', `${outcome.node} refused ${value}: it is not the leader and knows no leader yet.`);
    };

    return {
      status: 'idle',
      problems: [],
      config: options.config,
      nowMs: 0,
      frameNowMs: 0,
      headMs: 0,
      atHead: true,
      nodeIds: [],
      nodesById: {},
      messages: [],
      groups: [],
      cuts: [],
      traceLength: 0,
      traceVersion: 0,
      traceEpoch: 0,
      playing: options.autoplay ?? true,
      speed: options.speed ?? DEFAULT_SPEED,
      selectedNodeId: null,
      notices: [],
      requestCount: 0,
      scenario: null,
      violations: [],
      highlight: null,
      selectedMessageId: null,
      chaos: { enabled: false, intensityPercent: DEFAULT_CHAOS_INTENSITY_PERCENT, faultCount: 0 },
      actions,
    };
  });

  return Object.assign(store, { trace });
}

/** Keep the previous object when nothing a view draws has changed, so memoised items skip rendering. */
function sharedNode(previous: RaftNodeView | undefined, next: RaftNodeView): RaftNodeView {
  if (!previous) return next;
  const same =
    previous.role === next.role &&
    previous.term === next.term &&
    previous.votedFor === next.votedFor &&
    previous.leaderId === next.leaderId &&
    previous.commitIndex === next.commitIndex &&
    previous.partition === next.partition &&
    previous.electionTimer?.startedAtMs === next.electionTimer?.startedAtMs &&
    previous.electionTimer?.deadlineMs === next.electionTimer?.deadlineMs &&
    sameLog(previous, next) &&
    sameJson(previous.nextIndex, next.nextIndex) &&
    sameJson(previous.matchIndex, next.matchIndex) &&
    sameJson(previous.votesGranted, next.votesGranted);
  return same ? previous : next;
}

function sameLog(previous: RaftNodeView, next: RaftNodeView): boolean {
  if (previous.log.length !== next.log.length) return false;
  for (let index = previous.log.length - 1; index >= 0; index--) {
    const a = previous.log[index]!;
    const b = next.log[index]!;
    if (a.term !== b.term || a.value !== b.value) return false;
  }
  return true;
}

function sameViolations(a: readonly Violation[], b: readonly Violation[]): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index++) {
    const x = a[index]!;
    const y = b[index]!;
    if (x.name !== y.name || x.timeMs !== y.timeMs || x.detail !== y.detail) return false;
  }
  return true;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function formatTimeMs(timeMs: number): string {
  return timeMs < 10_000 ? `${Math.round(timeMs)} ms` : `${(timeMs / 1000).toFixed(2)} s`;
}

export function formatSpeed(speed: PlaybackSpeed): string {
  if (speed === 'max') return 'max';
  return speed >= 1 ? `${speed}x` : `1/${Math.round(1 / speed)}x`;
}
