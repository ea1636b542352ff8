// The page's store: the kit's lab store plus grading (which runs in the same worker as the run).
import type { StoreApi } from 'zustand/vanilla';
import type { YoursCommand } from '../../../kernel/protocols/yours/simulation.ts';
import type { GradeReport } from '../../../kernel/protocols/yours/grade.ts';
import type { CompileProblem, YoursLabConfig, YoursUpdate } from '../../../worker/yoursEngine.ts';
import type { ChaosSettings } from '../../../worker/kit/labEngine.ts';
import type { ElectionStepOutcome } from '../../../scenario/yours-runner.ts';
import type { WorkloadName } from '../../../kernel/protocols/yours/workload.ts';
import { createLabStore, type KitActions, type KitState } from '../../kit/labStore.ts';
import type { YoursConnection } from './yoursConnection.ts';

export const PLAYBACK_SPEEDS: readonly number[] = [25, 50, 100, 250, 1000];
export const DEFAULT_SPEED = 250;

export interface YoursOwnActions {
  /** Grade the running node's code over `runs` random fault schedules. */
  grade(runs: number): Promise<GradeReport | CompileProblem>;
  /** Chaos mode: the kit engine's nemesis (random crashes, restarts, partitions, heals from the seed). */
  setChaos(settings: ChaosSettings): Promise<void>;
}

export type YoursLabState = KitState<YoursUpdate, YoursCommand> & { readonly actions: KitActions<YoursCommand> & YoursOwnActions };
export type YoursLabStore = StoreApi<YoursLabState>;

export function createYoursStore(options: { readonly config: YoursLabConfig; readonly connect: () => YoursConnection; readonly speed?: number }): YoursLabStore {
  return createLabStore<YoursLabConfig, YoursCommand, YoursUpdate, ElectionStepOutcome, YoursConnection, Record<never, never>, YoursOwnActions>(
    { config: options.config, connect: options.connect, speed: options.speed ?? DEFAULT_SPEED, persistKey: null },
    ({ call, show }) => ({
      state: {},
      actions: {
        grade: (runs) => call((connection) => connection.grade(options.config.source, options.config.nodeCount, runs, options.config.workload ?? 'election')),
        setChaos: async (settings) => show(await call((connection) => connection.setChaos(settings))),
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
export const selectChaos = (state: YoursLabState) => state.update?.chaos ?? null;
export const selectScenario = (state: YoursLabState) => state.scenario;
export const selectSpeed = (state: YoursLabState) => state.speed;
export const selectPlaying = (state: YoursLabState) => state.playing;
export const selectWorkload = (state: YoursLabState): WorkloadName => state.update?.frame.workload ?? 'election';
export const selectVerdict = (state: YoursLabState) => state.update?.frame.verdict ?? null;
export const selectRecentOperations = (state: YoursLabState) => state.update?.frame.recentOperations;
