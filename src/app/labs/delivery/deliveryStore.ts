// The delivery lab's store: the kit's lab store plus what this lab adds — the crash-point matrix
// (computed in the worker, row slice by row slice) and the cell the user picked. One store per lab instance.

import type { StoreApi } from 'zustand/vanilla';
import type { DeliveryCommand, DeliveryConfig } from '../../../kernel/protocols/delivery/index.ts';
import type { MatrixCell, MatrixSetting } from '../../../scenario/delivery-matrix.ts';
import type { DeliveryUpdate, MatrixScope } from '../../../worker/deliveryEngine.ts';
import type { DeliveryStepOutcome } from '../../../scenario/delivery-runner.ts';
import { createLabStore, type KitActions, type KitState } from '../../kit/labStore.ts';
import { deliveryScenarioOf } from '../../../scenario/delivery.ts';
import type { DeliveryConnection } from './deliveryConnection.ts';

/** Virtual milliseconds per wall second: a message crosses the path in about 50 ms. */
export const PLAYBACK_SPEEDS: readonly number[] = [50, 100, 250, 500, 1000, 5000];
export const DEFAULT_SPEED = 250;
/** Wall time one matrix slice may take in the worker. */
const MATRIX_SLICE_MS = 60;

export function formatTimeMs(timeMs: number): string {
  if (timeMs >= 120_000) return `${Math.floor(timeMs / 60_000)} min ${((timeMs % 60_000) / 1000).toFixed(0)} s`;
  return timeMs >= 10_000 ? `${(timeMs / 1000).toFixed(1)} s` : `${Math.round(timeMs)} ms`;
}

export interface MatrixState {
  readonly scope: MatrixScope;
  readonly settings: readonly MatrixSetting[];
  readonly rows: readonly (readonly MatrixCell[])[];
  readonly total: number;
  readonly running: boolean;
}

export interface DeliveryOwnActions {
  /** Apply one of the lab's commands and keep playing (a fault only strikes when messages move). */
  perform(command: DeliveryCommand): Promise<void>;
  startMatrix(scope: MatrixScope): Promise<void>;
  cancelMatrix(): void;
  showMatrix(shown: boolean): void;
  /** The run so far as a `delivery` scenario (the user's commands at their virtual times, up to the shown moment). */
  exportRun(): Promise<string | null>;
}

export type DeliveryLabActions = KitActions<DeliveryCommand> & DeliveryOwnActions;

interface DeliveryOwnState {
  readonly matrix: MatrixState | null;
  readonly matrixShown: boolean;
}

export type DeliveryLabState = KitState<DeliveryUpdate, DeliveryCommand> & DeliveryOwnState & { readonly actions: DeliveryLabActions };
export type DeliveryLabStore = StoreApi<DeliveryLabState>;

export interface DeliveryStoreOptions {
  readonly config: DeliveryConfig;
  readonly connect: () => DeliveryConnection;
  readonly speed?: number;
  readonly persistKey?: string | null;
  readonly scenarioStepDelayMs?: number;
}

export function createDeliveryStore(options: DeliveryStoreOptions): DeliveryLabStore {
  return createLabStore<DeliveryConfig, DeliveryCommand, DeliveryUpdate, DeliveryStepOutcome, DeliveryConnection, DeliveryOwnState, DeliveryOwnActions>(
    {
      config: options.config,
      connect: options.connect,
      speed: options.speed ?? DEFAULT_SPEED,
      persistKey: options.persistKey ?? null,
      ...(options.scenarioStepDelayMs !== undefined ? { scenarioStepDelayMs: options.scenarioStepDelayMs } : {}),
      scenarioRunSpeed: 1000,
    },
    ({ set, get, call, kit }) => {
      const own: DeliveryOwnActions = {
        async perform(command) {
          await kit.act(command);
          kit.setPlaying(true);
        },
        async startMatrix(scope) {
          const current = get().matrix;
          if (current && current.scope === scope && (current.running || current.rows.length === current.total)) return;
          set({ matrix: { scope, settings: [], rows: [], total: 0, running: true } });
          let next = 0;
          for (;;) {
            const slice = await call((remote) => remote.matrixSlice(scope, next, MATRIX_SLICE_MS));
            const after = get().matrix;
            if (!after || after.scope !== scope || !after.running) return;
            next = slice.next;
            const done = next >= slice.total;
            set({ matrix: { scope, settings: [...after.settings, ...slice.settings], rows: [...after.rows, ...slice.rows], total: slice.total, running: !done } });
            if (done) return;
          }
        },
        cancelMatrix() {
          const current = get().matrix;
          if (current?.running) set({ matrix: { ...current, running: false } });
        },
        showMatrix(shown) {
          set({ matrixShown: shown });
        },
        async exportRun() {
          const frame = get().update?.frame;
          if (!frame) return null;
          const journal = await call((remote) => remote.journal());
          const shown = journal.commands.filter((entry) => entry.timeMs <= frame.nowMs);
          return deliveryScenarioOf(journal.config, shown, frame.nowMs);
        },
      };
      return { state: { matrix: null, matrixShown: false }, actions: own };
    },
  );
}

// Module-scope selectors: each returns an existing reference, never a fresh object.
export const selectStatus = (state: DeliveryLabState) => state.status;
export const selectProblems = (state: DeliveryLabState) => state.problems;
export const selectFrame = (state: DeliveryLabState) => state.update?.frame ?? null;
export const selectNowMs = (state: DeliveryLabState) => state.update?.frame.nowMs ?? 0;
export const selectHeadMs = (state: DeliveryLabState) => state.update?.frame.headMs ?? 0;
export const selectAtHead = (state: DeliveryLabState) => state.update?.atHead ?? true;
export const selectScenario = (state: DeliveryLabState) => state.scenario;
export const selectMatrix = (state: DeliveryLabState) => state.matrix;
export const selectMatrixShown = (state: DeliveryLabState) => state.matrixShown;
export const selectRestoredNote = (state: DeliveryLabState) => state.restoredNote;
