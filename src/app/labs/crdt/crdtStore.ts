// The CRDT lab's store: the kit's lab store (src/app/kit/labStore.ts) plus what this lab adds — the
// operation form (which replica, what to do), the replica whose metadata is open, and the merge
// selected on the space-time diagram. One store per lab instance; components select small slices.

import type { StoreApi } from 'zustand/vanilla';
import type { CrdtCommand, CrdtConfig, CrdtOperation } from '../../../kernel/protocols/crdt/index.ts';
import type { CrdtUpdate } from '../../../worker/crdtEngine.ts';
import type { CrdtStepOutcome } from '../../../scenario/crdt-runner.ts';
import { createLabStore, type KitActions, type KitState } from '../../kit/labStore.ts';
import type { CrdtConnection } from './crdtConnection.ts';

/** Virtual milliseconds per wall second. */
export const PLAYBACK_SPEEDS: readonly number[] = [10, 25, 50, 100, 250, 1000];
export const DEFAULT_SPEED = 100;

export function formatTimeMs(timeMs: number): string {
  return `${Math.round(timeMs)} ms`;
}

export interface CrdtOwnActions {
  /** A local update at a replica (it takes effect there at once, or is a reported no-op). */
  operate(replica: string, operation: CrdtOperation): Promise<void>;
  /** `to` merges `from`'s state: one message over the network. */
  merge(from: string, to: string): Promise<void>;
  /** Every replica sends its state to every other. */
  sync(): Promise<void>;
  selectReplica(id: string | null): void;
  selectExchange(messageId: number | null): void;
}

export type CrdtLabActions = KitActions<CrdtCommand> & CrdtOwnActions;

interface CrdtOwnState {
  /** The replica whose metadata card is open. */
  readonly selectedReplica: string | null;
  /** The merge message selected on the diagram. */
  readonly selectedExchange: number | null;
}

export type CrdtLabState = KitState<CrdtUpdate, CrdtCommand> & CrdtOwnState & { readonly actions: CrdtLabActions };
export type CrdtLabStore = StoreApi<CrdtLabState>;

export interface CrdtStoreOptions {
  readonly config: CrdtConfig;
  readonly connect: () => CrdtConnection;
  readonly speed?: number;
  readonly persistKey?: string | null;
  readonly scenarioStepDelayMs?: number;
}

export function createCrdtStore(options: CrdtStoreOptions): CrdtLabStore {
  return createLabStore<CrdtConfig, CrdtCommand, CrdtUpdate, CrdtStepOutcome, CrdtConnection, CrdtOwnState, CrdtOwnActions>(
    {
      config: options.config,
      connect: options.connect,
      speed: options.speed ?? DEFAULT_SPEED,
      persistKey: options.persistKey ?? null,
      ...(options.scenarioStepDelayMs !== undefined ? { scenarioStepDelayMs: options.scenarioStepDelayMs } : {}),
      scenarioRunSpeed: 250,
      describeOutcome: (outcome) => {
        if (outcome.kind === 'expect') return { status: outcome.ok ? 'passed' : 'failed', detail: outcome.detail };
        if (outcome.kind === 'operation') {
          const raft = outcome.bank ? ` · Raft: ${outcome.bank.status}${outcome.bank.completeMs !== null ? ` after ${outcome.bank.completeMs - outcome.bank.invokeMs} ms` : ''}` : '';
          return { status: 'done', detail: (outcome.record.applied ? 'applied' : `no-op: ${outcome.record.reason}`) + raft };
        }
        if (outcome.kind === 'exchange') {
          const merged = outcome.messages.filter((message) => message.status === 'merged').length;
          const dropped = outcome.messages.length - merged;
          return { status: 'done', detail: `${merged} merged${dropped > 0 ? `, ${dropped} dropped` : ''}` };
        }
        return { status: 'done', detail: null };
      },
      afterScenarioLoad: () => ({ selectedReplica: null, selectedExchange: null }),
    },
    ({ set, kit }) => {
      const own: CrdtOwnActions = {
        async operate(replica, operation) {
          await kit.act({ type: 'operation', replica, operation });
        },
        async merge(from, to) {
          await kit.act({ type: 'merge', from, to });
          kit.setPlaying(true);
        },
        async sync() {
          await kit.act({ type: 'sync' });
          kit.setPlaying(true);
        },
        selectReplica(id) {
          set({ selectedReplica: id });
        },
        selectExchange(messageId) {
          set({ selectedExchange: messageId });
        },
      };
      return { state: { selectedReplica: null, selectedExchange: null }, actions: own };
    },
  );
}

// Module-scope selectors: each returns an existing reference, never a fresh object.
export const selectStatus = (state: CrdtLabState) => state.status;
export const selectProblems = (state: CrdtLabState) => state.problems;
export const selectFrame = (state: CrdtLabState) => state.update?.frame ?? null;
export const selectReplicas = (state: CrdtLabState) => state.update?.frame.replicas;
export const selectReplicaCount = (state: CrdtLabState) => state.update?.frame.replicas.length ?? 3;
export const selectGroups = (state: CrdtLabState) => state.update?.frame.groups;
export const selectCuts = (state: CrdtLabState) => state.update?.frame.cuts;
export const selectMessages = (state: CrdtLabState) => state.update?.frame.messages;
export const selectOperations = (state: CrdtLabState) => state.update?.frame.operations;
export const selectExchanges = (state: CrdtLabState) => state.update?.frame.exchanges;
export const selectBank = (state: CrdtLabState) => state.update?.frame.bank ?? null;
export const selectViolations = (state: CrdtLabState) => state.update?.frame.violations;
export const selectConverged = (state: CrdtLabState) => state.update?.frame.converged ?? true;
export const selectNowMs = (state: CrdtLabState) => state.update?.frame.nowMs ?? 0;
export const selectHeadMs = (state: CrdtLabState) => state.update?.frame.headMs ?? 0;
export const selectAtHead = (state: CrdtLabState) => state.update?.atHead ?? true;
export const selectPlaying = (state: CrdtLabState) => state.playing;
export const selectSpeed = (state: CrdtLabState) => state.speed;
export const selectScenario = (state: CrdtLabState) => state.scenario;
export const selectSelectedReplica = (state: CrdtLabState) => state.selectedReplica;
export const selectSelectedExchange = (state: CrdtLabState) => state.selectedExchange;
