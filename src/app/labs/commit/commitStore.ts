// The transactions lab's store: the kit's lab store (src/app/kit/labStore.ts) plus what this lab adds —
// the workload buttons (a transfer, a NO vote, a reader, a dropped message), the side-by-side
// comparison, and the exhaustive mode with the counterexample being replayed. One store per page.

import type { StoreApi } from 'zustand/vanilla';
import type { CommitCommand, CommitConfig, ExploreOptions, NodeId, ParticipantId } from '../../../kernel/protocols/commit/index.ts';
import type { CommitUpdate, CompareResult, ExploreAnswer } from '../../../worker/commitEngine.ts';
import type { CommitStepOutcome } from '../../../scenario/commit-runner.ts';
import { createLabStore, type KitActions, type KitState } from '../../kit/labStore.ts';
import type { CommitConnection } from './commitConnection.ts';

/** Virtual milliseconds per wall second. */
export const PLAYBACK_SPEEDS: readonly number[] = [10, 25, 50, 100, 250, 1000];
export const DEFAULT_SPEED = 50;

export function formatTimeMs(timeMs: number): string {
  return `${Math.round(timeMs)} ms`;
}

export interface CommitOwnActions {
  /** Begin the next transfer (t1, t2, …). */
  transfer(): Promise<void>;
  /** From now on `participant` votes no (its saga step fails), or yes again. */
  setVote(participant: ParticipantId, yes: boolean): Promise<void>;
  /** A concurrent reader sums every balance. */
  read(): Promise<void>;
  dropNext(from: NodeId, to: NodeId): Promise<void>;
  compare(): Promise<void>;
  explore(options: ExploreOptions): Promise<void>;
  /** Show step `index` of the counterexample instead of the live run; null goes back to the run. */
  setReplayIndex(index: number | null): void;
  /** Open the counterexample as a timed run: a scenario in the normal player and timeline. */
  openCounterexample(): Promise<void>;
  /** Show 2PC, 3PC and a saga as live lanes on this run's transfers and faults. */
  setSideBySide(on: boolean): Promise<void>;
}

export type CommitLabActions = KitActions<CommitCommand> & CommitOwnActions;

interface CommitOwnState {
  /** Participants told to vote no (the buttons' state; the run's vote plan is in the worker). */
  readonly noVotes: readonly ParticipantId[];
  readonly readers: number;
  readonly comparison: CompareResult | null;
  readonly comparing: boolean;
  readonly exploration: ExploreAnswer | null;
  readonly exploreProblem: string | null;
  readonly exploring: boolean;
  readonly replayIndex: number | null;
  readonly sideBySide: boolean;
  /** Said when the counterexample's timed run did not reproduce the split (the timing differs from the model's). */
  readonly counterexampleNote: string | null;
}

export type CommitLabState = KitState<CommitUpdate, CommitCommand> & CommitOwnState & { readonly actions: CommitLabActions };
export type CommitLabStore = StoreApi<CommitLabState>;

export interface CommitStoreOptions {
  readonly config: CommitConfig;
  readonly connect: () => CommitConnection;
  readonly speed?: number;
  readonly persistKey?: string | null;
  readonly scenarioStepDelayMs?: number;
}

const INITIAL: CommitOwnState = { noVotes: [], readers: 0, comparison: null, comparing: false, exploration: null, exploreProblem: null, exploring: false, replayIndex: null, sideBySide: true, counterexampleNote: null };

export function createCommitStore(options: CommitStoreOptions): CommitLabStore {
  return createLabStore<CommitConfig, CommitCommand, CommitUpdate, CommitStepOutcome, CommitConnection, CommitOwnState, CommitOwnActions>(
    {
      config: options.config,
      connect: options.connect,
      speed: options.speed ?? DEFAULT_SPEED,
      persistKey: options.persistKey ?? null,
      ...(options.scenarioStepDelayMs !== undefined ? { scenarioStepDelayMs: options.scenarioStepDelayMs } : {}),
      scenarioRunSpeed: 100,
      afterScenarioLoad: () => ({ noVotes: [], readers: 0, comparison: null, replayIndex: null }),
    },
    ({ set, get, call, show, kit }) => {
      const own: CommitOwnActions = {
        async transfer() {
          const count = get().update?.frame.transactions.length ?? 0;
          await kit.act({ type: 'txn', txn: `t${count + 1}` });
          kit.setPlaying(true);
        },
        async setVote(participant, yes) {
          set({ noVotes: yes ? get().noVotes.filter((id) => id !== participant) : [...get().noVotes, participant] });
          await kit.act({ type: 'vote', participant, yes, txn: null });
        },
        async read() {
          const readers = get().readers + 1;
          set({ readers });
          await kit.act({ type: 'read', reader: `r${readers}` });
          kit.setPlaying(true);
        },
        async dropNext(from, to) {
          await kit.act({ type: 'drop-next', from, to });
        },
        async compare() {
          set({ comparing: true });
          const comparison = await call((connection) => connection.compare());
          set({ comparison, comparing: false });
        },
        async explore(exploreOptions) {
          set({ exploring: true, exploreProblem: null, exploration: null, replayIndex: null });
          kit.setPlaying(false);
          const answer = await call((connection) => connection.explore(exploreOptions));
          if ('problem' in answer) set({ exploring: false, exploreProblem: answer.problem });
          else set({ exploring: false, exploration: answer });
        },
        setReplayIndex(index) {
          if (index !== null) kit.setPlaying(false);
          set({ replayIndex: index });
        },
        async openCounterexample() {
          const timed = await call((connection) => connection.counterexampleScenario());
          if (!timed) return;
          set({
            replayIndex: null,
            counterexampleNote: timed.reproduced ? null : 'This timed run did not reproduce the split: the simulation’s message timing differs from the model’s order. Step through the model’s path instead.',
          });
          await kit.loadScenario('counterexample', timed.text);
          // A new run (the scenario's): the lanes follow it if they were on.
          if (get().sideBySide) show(await call((connection) => connection.setSideBySide(true)));
        },
        async setSideBySide(on) {
          set({ sideBySide: on });
          show(await call((connection) => connection.setSideBySide(on)));
        },
      };
      return { state: INITIAL, actions: own };
    },
  );
}

// Module-scope selectors: each returns an existing reference, never a fresh object.
export const selectStatus = (state: CommitLabState) => state.status;
export const selectProblems = (state: CommitLabState) => state.problems;
export const selectFrame = (state: CommitLabState) => state.update?.frame ?? null;
export const selectNowMs = (state: CommitLabState) => state.update?.frame.nowMs ?? 0;
export const selectHeadMs = (state: CommitLabState) => state.update?.frame.headMs ?? 0;
export const selectAtHead = (state: CommitLabState) => state.update?.atHead ?? true;
export const selectScenario = (state: CommitLabState) => state.scenario;
export const selectNoVotes = (state: CommitLabState) => state.noVotes;
export const selectComparison = (state: CommitLabState) => state.comparison;
export const selectComparing = (state: CommitLabState) => state.comparing;
export const selectExploration = (state: CommitLabState) => state.exploration;
export const selectExploreProblem = (state: CommitLabState) => state.exploreProblem;
export const selectExploring = (state: CommitLabState) => state.exploring;
export const selectReplayIndex = (state: CommitLabState) => state.replayIndex;
export const selectSideBySide = (state: CommitLabState) => state.sideBySide;
export const selectLanes = (state: CommitLabState) => state.update?.lanes ?? null;
export const selectCounterexampleNote = (state: CommitLabState) => state.counterexampleNote;
