// The replication lab's store: the kit's lab store (src/app/kit/labStore.ts) plus what this lab adds —
// writes with distinct values, reads, and the failover commands (promote, rewind, reclone). One store per lab instance.

import type { StoreApi } from 'zustand/vanilla';
import type { FailureTrial, NodeId, ReplicationCommand, ReplicationConfig } from '../../../kernel/protocols/replication/index.ts';
import type { CompareRow, MultiLeaderPlayRequest, MultiLeaderPlayResult, ReplicationScenarioStepView, ReplicationUpdate, SweepRequest } from '../../../worker/replicationEngine.ts';
import type { CompareFault } from '../../../kernel/protocols/replication/index.ts';
import type { ReplicationStepOutcome } from '../../../scenario/replication-runner.ts';
import { createLabStore, type KitActions, type KitState } from '../../kit/labStore.ts';
import type { ScenarioState as KitScenarioState } from '../../kit/scenarioState.ts';
import type { ReplicationConnection } from './replicationConnection.ts';

export type ScenarioState = KitScenarioState<ReplicationScenarioStepView['kind']>;

/** Virtual milliseconds per wall second: failover takes tens of seconds, so the top speeds are high. */
export const PLAYBACK_SPEEDS: readonly number[] = [100, 250, 1000, 2500, 5000, 10_000];
export const DEFAULT_SPEED = 1000;

export function formatTimeMs(timeMs: number): string {
  return timeMs >= 10_000 ? `${(timeMs / 1000).toFixed(1)} s` : `${Math.round(timeMs)} ms`;
}

export interface ReplicationOwnActions {
  /** A client write through `node` (or the read-write session's primary); values count up so each is distinct. */
  write(node: NodeId | null): Promise<void>;
  read(node: NodeId): Promise<void>;
  nodeCommand(type: 'promote' | 'rewind' | 'reclone' | 'crash' | 'restart', node: string): Promise<void>;
  setKey(key: string): void;
  /** Run the RPO/RTO sweep in the worker, slice by slice (progress shows between slices). */
  startSweep(request: SweepRequest): Promise<void>;
  cancelSweep(): void;
  /** Postgres vs Raft on the same workload and fault, in the worker, slice by slice. */
  startCompare(fault: CompareFault, trials: number): Promise<void>;
  cancelCompare(): void;
  /** Play a multi-leader scenario in the worker with the chosen conflict rule and clock skew (apart from the cluster above). */
  playMultiLeader(request: MultiLeaderPlayRequest): Promise<void>;
}

export interface CompareState {
  readonly fault: CompareFault;
  readonly trials: number;
  readonly rows: readonly CompareRow[];
  readonly running: boolean;
  readonly cancelled: boolean;
}

export interface SweepState {
  readonly request: SweepRequest;
  readonly results: readonly FailureTrial[];
  readonly running: boolean;
  readonly cancelled: boolean;
}

export type ReplicationLabActions = KitActions<ReplicationCommand> & ReplicationOwnActions;

interface ReplicationOwnState {
  readonly nextValue: number;
  readonly key: string;
  readonly sweep: SweepState | null;
  readonly compare: CompareState | null;
  readonly multiLeader: MultiLeaderPlayResult | null;
}

/** Wall time one sweep slice may spend in the worker before the page shows progress. */
const SWEEP_SLICE_MS = 60;

export type ReplicationLabState = KitState<ReplicationUpdate, ReplicationCommand> & ReplicationOwnState & { readonly actions: ReplicationLabActions };
export type ReplicationLabStore = StoreApi<ReplicationLabState>;

export interface ReplicationStoreOptions {
  readonly config: ReplicationConfig;
  readonly connect: () => ReplicationConnection;
  readonly speed?: number;
  readonly persistKey?: string | null;
  readonly scenarioStepDelayMs?: number;
}

export function createReplicationStore(options: ReplicationStoreOptions): ReplicationLabStore {
  return createLabStore<ReplicationConfig, ReplicationCommand, ReplicationUpdate, ReplicationStepOutcome, ReplicationConnection, ReplicationOwnState, ReplicationOwnActions>(
    {
      config: options.config,
      connect: options.connect,
      speed: options.speed ?? DEFAULT_SPEED,
      persistKey: options.persistKey ?? null,
      ...(options.scenarioStepDelayMs !== undefined ? { scenarioStepDelayMs: options.scenarioStepDelayMs } : {}),
      scenarioRunSpeed: 5000,
      describeOutcome: (outcome) => {
        if (outcome.kind === 'expect') return { status: outcome.ok ? 'passed' : 'failed', detail: outcome.detail };
        if (outcome.kind === 'refused') return { status: 'error', detail: outcome.reason };
        return { status: 'done', detail: null };
      },
      afterRestore: (update) => ({ nextValue: nextValueAfter(update) }),
      afterScenarioLoad: () => ({ nextValue: 100 }),
    },
    ({ set, get, kit, call }) => {
      const own: ReplicationOwnActions = {
        async write(node) {
          const { nextValue, key, update } = get();
          if (!update) return;
          // libpq's read-write session: the first live node that says it is a primary.
          const target = node ?? update.frame.nodes.find((candidate) => candidate.role === 'primary')?.id ?? update.frame.nodes.find((candidate) => candidate.alive)?.id ?? 'n1';
          set({ nextValue: nextValue + 1 });
          await kit.act({ type: 'write', node: target, key, value: nextValue });
          if (!get().playing) set({ playing: true });
        },
        async read(node) {
          await kit.act({ type: 'read', node, key: get().key });
          if (!get().playing) set({ playing: true });
        },
        async nodeCommand(type, node) {
          await kit.act({ type, node } as ReplicationCommand);
        },
        setKey(key) {
          set({ key: key.trim() || 'x' });
        },
        async startSweep(request) {
          set({ sweep: { request, results: [], running: true, cancelled: false } });
          let next = 0;
          while (next < request.trials) {
            const current = get().sweep;
            if (!current || current.request !== request || current.cancelled) return;
            const slice = await call((remote) => remote.sweepSlice(request, next, SWEEP_SLICE_MS));
            next = slice.next;
            const after = get().sweep;
            if (!after || after.request !== request) return;
            set({ sweep: { ...after, results: [...after.results, ...slice.results], running: next < request.trials && !after.cancelled } });
          }
        },
        async startCompare(fault, trials) {
          const started: CompareState = { fault, trials, rows: [], running: true, cancelled: false };
          set({ compare: started });
          let next = 0;
          while (next < trials) {
            if (get().compare?.cancelled || get().compare?.fault !== fault || get().compare?.trials !== trials) return;
            const slice = await call((remote) => remote.compareSlice(fault, trials, next, SWEEP_SLICE_MS));
            next = slice.next;
            const after = get().compare;
            if (!after) return;
            set({ compare: { ...after, rows: [...after.rows, ...slice.rows], running: next < trials && !after.cancelled } });
          }
        },
        cancelCompare() {
          const compare = get().compare;
          if (compare?.running) set({ compare: { ...compare, running: false, cancelled: true } });
        },
        async playMultiLeader(request) {
          const result = await call((remote) => remote.multiLeaderPlay(request));
          set({ multiLeader: result });
        },
        cancelSweep() {
          const sweep = get().sweep;
          if (sweep?.running) set({ sweep: { ...sweep, running: false, cancelled: true } });
        },
      };
      return { state: { nextValue: 1, key: 'x', sweep: null, compare: null, multiLeader: null }, actions: own };
    },
  );
}

function nextValueAfter(update: ReplicationUpdate): number {
  let highest = 0;
  for (const write of update.frame.writes) if (typeof write.value === 'number') highest = Math.max(highest, write.value);
  return highest + 1;
}

// Module-scope selectors: each returns an existing reference, never a fresh object.
export const selectStatus = (state: ReplicationLabState) => state.status;
export const selectProblems = (state: ReplicationLabState) => state.problems;
export const selectFrame = (state: ReplicationLabState) => state.update?.frame ?? null;
export const selectNodes = (state: ReplicationLabState) => state.update?.frame.nodes;
export const selectGroups = (state: ReplicationLabState) => state.update?.frame.groups;
export const selectCuts = (state: ReplicationLabState) => state.update?.frame.cuts;
export const selectMessages = (state: ReplicationLabState) => state.update?.frame.messages;
export const selectWals = (state: ReplicationLabState) => state.update?.frame.wals;
export const selectWrites = (state: ReplicationLabState) => state.update?.frame.writes;
export const selectReads = (state: ReplicationLabState) => state.update?.frame.reads;
export const selectMeasures = (state: ReplicationLabState) => state.update?.frame.measures;
export const selectDiscards = (state: ReplicationLabState) => state.update?.frame.discards;
export const selectLock = (state: ReplicationLabState) => state.update?.frame.lock ?? null;
export const selectPrimaries = (state: ReplicationLabState) => state.update?.frame.primaries;
export const selectVerdict = (state: ReplicationLabState) => state.update?.verdict;
export const selectNowMs = (state: ReplicationLabState) => state.update?.frame.nowMs ?? 0;
export const selectHeadMs = (state: ReplicationLabState) => state.update?.frame.headMs ?? 0;
export const selectAtHead = (state: ReplicationLabState) => state.update?.atHead ?? true;
export const selectPlaying = (state: ReplicationLabState) => state.playing;
export const selectSpeed = (state: ReplicationLabState) => state.speed;
export const selectScenario = (state: ReplicationLabState) => state.scenario;
export const selectRestoredNote = (state: ReplicationLabState) => state.restoredNote;
export const selectKey = (state: ReplicationLabState) => state.key;
export const selectSweep = (state: ReplicationLabState) => state.sweep;
export const selectCompare = (state: ReplicationLabState) => state.compare;
export const selectMultiLeader = (state: ReplicationLabState) => state.multiLeader;
export const selectNode = (id: string) => (state: ReplicationLabState) => state.update?.frame.nodes.find((node) => node.id === id);
