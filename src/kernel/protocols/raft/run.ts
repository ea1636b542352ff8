// A Raft run = simulation + history, and the plain-data frame the UI draws from it.

import { History } from '../../history.ts';
import type { RaftCommand } from './commands.ts';
import { RaftSimulation, type RaftConfig, type RaftSnapshot } from './simulation.ts';
import type { DisplayRole, RaftTraceEvent } from './trace.ts';
import type { LogEntry, NodeId, RaftMessageType } from './types.ts';
import { summarize } from './simulation.ts';
import { RaftTraceStore } from './trace-store.ts';

export type RaftHistory = History<RaftCommand, RaftSnapshot, RaftTraceEvent>;

export interface RaftRun {
  readonly config: RaftConfig;
  readonly simulation: RaftSimulation;
  readonly history: RaftHistory;
}

/** Virtual time between checkpoints: a backwards seek re-runs at most this much. */
export const CHECKPOINT_INTERVAL_MS = 1000;

export function createRaftRun(config: RaftConfig): RaftRun {
  const simulation = new RaftSimulation(config);
  const history = new History(simulation, { checkpointIntervalMs: CHECKPOINT_INTERVAL_MS, trace: new RaftTraceStore() });
  return { config, simulation, history };
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
}

export interface RaftMessageView {
  readonly id: number;
  readonly from: NodeId;
  readonly to: NodeId;
  readonly type: RaftMessageType;
  readonly term: number;
  readonly summary: string;
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
    })),
    messages: [...simulation.messagesInFlight()].map((message) => ({
      id: message.id,
      from: message.from,
      to: message.to,
      type: message.message.type,
      term: message.message.term,
      summary: summarize(message.message),
      sentAtMs: message.sentAtMs,
      deliverAtMs: message.deliverAtMs,
      lost: message.lost,
    })),
    groups: network.getGroups(),
    cuts: network.getCuts(),
    traceLength: history.traceEndIndexAt(simulation.nowMs),
  };
}
