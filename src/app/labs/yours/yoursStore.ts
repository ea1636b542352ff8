// The page's store: the kit's lab store plus grading (which runs in the same worker as the run).
import type { StoreApi } from 'zustand/vanilla';
import type { YoursCommand } from '../../../kernel/protocols/yours/simulation.ts';
import type { GradeReport } from '../../../kernel/protocols/yours/grade.ts';
import type { CompileProblem, YoursLabConfig, YoursUpdate } from '../../../worker/yoursEngine.ts';
import { createLabStore, type KitActions, type KitState } from '../../kit/labStore.ts';
import type { YoursConnection } from './yoursConnection.ts';

export const PLAYBACK_SPEEDS: readonly number[] = [25, 50, 100, 250, 1000];
export const DEFAULT_SPEED = 250;

export interface YoursOwnActions {
  /** Grade the running node's code over `runs` random fault schedules. */
  grade(runs: number): Promise<GradeReport | CompileProblem>;
}

export type YoursLabState = KitState<YoursUpdate, YoursCommand> & { readonly actions: KitActions<YoursCommand> & YoursOwnActions };
export type YoursLabStore = StoreApi<YoursLabState>;

export function createYoursStore(options: { readonly config: YoursLabConfig; readonly connect: () => YoursConnection; readonly speed?: number }): YoursLabStore {
  return createLabStore<YoursLabConfig, YoursCommand, YoursUpdate, never, YoursConnection, Record<never, never>, YoursOwnActions>(
    { config: options.config, connect: options.connect, speed: options.speed ?? DEFAULT_SPEED, persistKey: null },
    ({ call }) => ({
      state: {},
      actions: {
        grade: (runs) => call((connection) => connection.grade(options.config.source, options.config.nodeCount, runs)),
      },
    }),
  );
}

export const selectStatus = (state: YoursLabState) => state.status;
export const selectProblems = (state: YoursLabState) => state.problems;
export const selectFrame = (state: YoursLabState) => state.update?.frame ?? null;
export const selectNodes = (state: YoursLabState) => state.update?.frame.nodes;
export const selectGroups = (state: YoursLabState) => state.update?.frame.groups;
export const selectCuts = (state: YoursLabState) => state.update?.frame.cuts;
export const selectMessages = (state: YoursLabState) => state.update?.frame.messages;
export const selectNowMs = (state: YoursLabState) => state.update?.frame.nowMs ?? 0;
export const selectHeadMs = (state: YoursLabState) => state.update?.frame.headMs ?? 0;
export const selectAtHead = (state: YoursLabState) => state.update?.atHead ?? true;
export const selectViolations = (state: YoursLabState) => state.update?.frame.violations;
export const selectFaults = (state: YoursLabState) => state.update?.frame.faults;
export const selectLogLines = (state: YoursLabState) => state.update?.frame.logLines;
export const selectStrips = (state: YoursLabState) => state.update?.frame.strips;
