// A Raft run = simulation + history, and the plain-data frame the UI draws from it.

import { History } from '../../history.ts';
import type { RaftCommand } from './commands.ts';
import { RaftSimulation, type RaftConfig, type RaftSnapshot } from './simulation.ts';
import { describeSend, type DisplayRole, type RaftTraceEvent } from './trace.ts';
import type { LogEntry, NodeId, RaftMessageType } from './types.ts';
import { messageDetail } from './simulation.ts';
import { RaftTraceStore } from './trace-store.ts';
import { RaftInvariantChecker } from './invariants.ts';

export type RaftHistory = History<RaftCommand, RaftSnapshot, RaftTraceEvent>;

export interface RaftRun {
  readonly config: RaftConfig;
  readonly simulation: RaftSimulation;
  readonly history: RaftHistory;
  /** Checks Raft's safety properties after every recorded event, when asked for. */
  checker: RaftInvariantChecker | null;
}

/** Virtual time between checkpoints: a backwards seek re-runs at most this much. */
export const CHECKPOINT_INTERVAL_MS = 1000;

export function createRaftRun(config: RaftConfig, options: { checked?: boolean } = {}): RaftRun {
  const simulation = new RaftSimulation(config);
  const history = new History(simulation, { checkpointIntervalMs: CHECKPOINT_INTERVAL_MS, trace: new RaftTraceStore() });
  const checker = options.checked ? RaftInvariantChecker.attach(simulation) : null;
  return { config, simulation, history, checker };
}

/**
 * Apply a user command. Acting in the past forks the run; the checker's memory of the discarded
 * future is then wrong, so it is rebuilt by re-running the kept commands from the start in a
 * scratch run (deterministic, so it sees exactly the events the kept branch had).
 */
export function applyCommand(run: RaftRun, command: RaftCommand): void {
  const forking = !run.history.atHead;
  run.history.apply(command);
  if (forking && run.checker) {
    run.checker.stop();
    const scratch = createRaftRun(run.config, { checked: true });
    for (const recorded of run.history.commands) {
      scratch.history.advanceTo(recorded.timeMs);
      scratch.history.apply(recorded.command);
    }
    run.checker = scratch.checker!;
    run.checker.moveTo(run.simulation);
  }
}

export interface RaftNodeView {
  readonly id: NodeId;
  readonly role: DisplayRole;
  readonly term: number;
  readonly votedFor: NodeId | null;
  readonly leaderId: NodeId | null;
  readonly commitIndex: number;
  readonly log: readonly LogEntry[];
  readonly partition: number;
  readonly electionTimer: { readonly startedAtMs: number; readonly deadlineMs: number } | null;
  /** Leader only: per follower. */
  readonly nextIndex: Readonly<Record<NodeId, number>>;
  readonly matchIndex: Readonly<Record<NodeId, number>>;
  readonly votesGranted: readonly NodeId[];
  /** PreVote: the node is asking whether it could win, without having raised its term. */
  readonly preVoting: boolean;
}

export interface RaftMessageView {
  readonly id: number;
  readonly from: NodeId;
  readonly to: NodeId;
  readonly type: RaftMessageType;
  readonly term: number;
  readonly summary: string;
  /** The message's numbers, laid out as a send event's `detail` (see trace.ts). */
  readonly detail: readonly number[];
  readonly sentAtMs: number;
  readonly deliverAtMs: number;
  readonly lost: boolean;
}

export interface RaftFrame {
  readonly seed: number;
  readonly nowMs: number;
  readonly headMs: number;
  readonly nodes: readonly RaftNodeView[];
  readonly messages: readonly RaftMessageView[];
  readonly groups: readonly (readonly NodeId[])[];
  readonly cuts: readonly (readonly [NodeId, NodeId])[];
  readonly traceLength: number;
}

export function raftFrame(run: RaftRun): RaftFrame {
  const { simulation, history } = run;
  const network = simulation.network;
  return {
    seed: run.config.seed,
    nowMs: simulation.nowMs,
    headMs: history.headMs,
    nodes: simulation.nodes.map((node) => ({
      id: node.id,
      role: simulation.displayRole(node),
      term: node.currentTerm,
      votedFor: node.votedFor,
      leaderId: simulation.isAlive(node.id) ? node.leaderId : null,
      commitIndex: simulation.isAlive(node.id) ? node.commitIndex : 0,
      log: node.log,
      partition: network.groupIndexOf(node.id),
      electionTimer: simulation.electionTimerOf(node.id),
      nextIndex: node.role === 'leader' ? Object.fromEntries(node.nextIndex) : {},
      matchIndex: node.role === 'leader' ? Object.fromEntries([...node.matchIndex].filter(([id]) => id !== node.id)) : {},
      votesGranted: [...node.votesGranted],
      preVoting: simulation.isAlive(node.id) && node.preVoting,
    })),
    messages: [...simulation.messagesInFlight()].map((message) => {
      const { type, term } = message.message;
      const detail = messageDetail(message.message);
      return {
        id: message.id,
        from: message.from,
        to: message.to,
        type,
        term,
        summary: describeSend({ type, term, detail }),
        detail,
        sentAtMs: message.sentAtMs,
        deliverAtMs: message.deliverAtMs,
        lost: message.lost,
      };
    }),
    groups: network.getGroups(),
    cuts: network.getCuts(),
    traceLength: history.traceEndIndexAt(simulation.nowMs),
  };
}
