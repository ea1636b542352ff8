// The quorums lab's store: the kit's lab store (src/app/kit/labStore.ts) plus what this lab adds —
// the operation form, distinct write values, the selected operation, the measuring workload, and the
// checker's slices while time stands still. One store per lab instance; components select small slices.

import type { StoreApi } from 'zustand/vanilla';
import type { ConsistencyLevel, QuorumCommand, QuorumConfig, QuorumSettings } from '../../../kernel/protocols/quorum/index.ts';
import type { QuorumScenarioStepView, QuorumUpdate } from '../../../worker/quorumEngine.ts';
import type { QuorumStepOutcome } from '../../../scenario/quorum-runner.ts';
import { createLabStore, type KitActions, type KitState } from '../../kit/labStore.ts';
import type { ScenarioLineView as KitScenarioLineView, ScenarioState as KitScenarioState } from '../../kit/scenarioState.ts';
import type { QuorumConnection } from './quorumConnection.ts';

export type { ScenarioLineStatus } from '../../kit/scenarioState.ts';
export type ScenarioLineView = KitScenarioLineView<QuorumScenarioStepView['kind']>;
export type ScenarioState = KitScenarioState<QuorumScenarioStepView['kind']>;

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

/** What this lab adds to the kit's actions. */
export interface QuorumOwnActions {
  /** Issue a read or write from the form; a write's value counts up so every value is distinct. */
  issue(kind: 'read' | 'write'): Promise<void>;
  setForm(form: Partial<OperationForm>): void;
  /** A small measuring workload: every client writes and reads at ONE, QUORUM and ALL (queued, played at 1× or faster). */
  measureLevels(): Promise<void>;
  configure(settings: Partial<QuorumSettings>): Promise<void>;
  /** Select an operation in the history (null clears) and show the moment it completed. */
  selectOperation(id: number | null, jump?: boolean): Promise<void>;
}

export type QuorumLabActions = KitActions<QuorumCommand> & QuorumOwnActions;

interface QuorumOwnState {
  readonly form: OperationForm;
  /** The next write's value (1, 2, 3 …): distinct values make stale reads easy to see. */
  readonly nextValue: number;
  readonly selectedOperationId: number | null;
}

export type QuorumLabState = KitState<QuorumUpdate, QuorumCommand> & QuorumOwnState & { readonly actions: QuorumLabActions };

export type QuorumLabStore = StoreApi<QuorumLabState>;

export interface QuorumStoreOptions {
  readonly config: QuorumConfig;
  readonly connect: () => QuorumConnection;
  readonly speed?: number;
  /** Where the user's actions are kept across a reload (null: nowhere, e.g. in tests). */
  readonly persistKey?: string | null;
  readonly scenarioStepDelayMs?: number;
}

const CHECK_BUDGET_MS = 30;

export function createQuorumStore(options: QuorumStoreOptions): QuorumLabStore {
  return createLabStore<QuorumConfig, QuorumCommand, QuorumUpdate, QuorumStepOutcome, QuorumConnection, QuorumOwnState, QuorumOwnActions>(
    {
      config: options.config,
      connect: options.connect,
      speed: options.speed ?? DEFAULT_SPEED,
      persistKey: options.persistKey ?? null,
      ...(options.scenarioStepDelayMs !== undefined ? { scenarioStepDelayMs: options.scenarioStepDelayMs } : {}),
      scenarioRunSpeed: 250,
      // While time stands still, the worker spends frames on the linearizability check.
      idleCall: (state) => (state.update?.check.state === 'running' ? (remote) => remote.checkFor(CHECK_BUDGET_MS) : null),
      describeOutcome: (outcome, update) => {
        if (outcome.kind === 'expect') return { status: outcome.ok ? 'passed' : 'failed', detail: outcome.detail };
        if (outcome.kind === 'operation') {
          const operation = update.frame.operations[outcome.operationId];
          return { status: 'done', detail: operation ? `operation #${operation.id}: ${operation.status}` : null };
        }
        return { status: 'done', detail: null };
      },
      afterRestore: (update) => ({ nextValue: nextValueAfter(update) }),
      afterScenarioLoad: () => ({ nextValue: 100, selectedOperationId: null }),
    },
    ({ set, get, kit }) => {
      const own: QuorumOwnActions = {
        async issue(kind) {
          const { form, nextValue, update } = get();
          if (!update) return;
          const via = form.coordinator === 'auto' ? {} : { via: form.coordinator };
          const key = form.key.trim() || 'x';
          if (kind === 'write') {
            set({ nextValue: nextValue + 1 });
            await kit.act({ type: 'operation', request: { client: form.client, kind: 'write', key, value: nextValue, level: form.writeLevel, ...via } });
          } else {
            await kit.act({ type: 'operation', request: { client: form.client, kind: 'read', key, level: form.readLevel, ...via } });
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
                await kit.act({ type: 'operation', request: { client: client.id, kind: 'write', key, value, ...at } });
                await kit.act({ type: 'operation', request: { client: client.id, kind: 'read', key, ...at } });
              }
            }
          }
          set({ playing: true, speed: Math.max(get().speed, 1000) });
        },
        setForm(form) {
          set({ form: { ...get().form, ...form } });
        },
        async configure(settings) {
          await kit.act({ type: 'configure', settings });
        },
        async selectOperation(id, jump = true) {
          set({ selectedOperationId: id });
          if (id === null || !jump) return;
          const operation = get().update?.frame.operations[id];
          if (!operation || operation.invokeMs === null) return;
          await kit.seek(operation.completeMs ?? operation.invokeMs);
          // Seeking back re-runs the past: the operation list is the one at that moment, so keep the selection.
          set({ selectedOperationId: id });
        },
      };
      return {
        state: {
          form: { client: 'c1', coordinator: 'auto', key: 'x', readLevel: options.config.readLevel, writeLevel: options.config.writeLevel },
          nextValue: 1,
          selectedOperationId: null,
        },
        actions: own,
      };
    },
  );
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
