// A replicated-store run = simulation + history (seek, fork), and the plain-data frame a view draws from it.

import { History } from '../../history.ts';
import type { QuorumCommand, QuorumConfig, QuorumSettings } from './config.ts';
import { QuorumSimulation, type QuorumSnapshot } from './simulation.ts';
import type { QuorumTraceEvent } from './trace.ts';
import type { ClientId, EndpointId, QuorumMessageType, QuorumOperation, ReplicaId, Versioned } from './types.ts';

export type QuorumHistory = History<QuorumCommand, QuorumSnapshot, QuorumTraceEvent>;

export interface QuorumRun {
  readonly config: QuorumConfig;
  readonly simulation: QuorumSimulation;
  readonly history: QuorumHistory;
}

/** Virtual time between checkpoints: a backwards seek re-runs at most this much. */
export const CHECKPOINT_INTERVAL_MS = 1000;

export function createQuorumRun(config: QuorumConfig): QuorumRun {
  const simulation = new QuorumSimulation(config);
  const history = new History(simulation, { checkpointIntervalMs: CHECKPOINT_INTERVAL_MS });
  return { config, simulation, history };
}

export interface ReplicaView {
  readonly id: ReplicaId;
  /** `replica` in leaderless mode; the Raft role in consensus mode; `crashed` when down. */
  readonly role: 'replica' | 'follower' | 'candidate' | 'leader' | 'crashed';
  readonly partition: number;
  readonly store: readonly { readonly key: string; readonly stored: Versioned }[];
  readonly hints: readonly { readonly intended: ReplicaId; readonly key: string; readonly stored: Versioned }[];
  /** Consensus mode. */
  readonly term: number | null;
  readonly commitIndex: number | null;
  readonly logLength: number | null;
}

export interface ClientView {
  readonly id: ClientId;
  readonly partition: number;
  readonly home: ReplicaId;
  readonly readYourWrites: boolean;
  readonly monotonicReads: boolean;
  readonly current: number | null;
  readonly queued: readonly number[];
}

export interface MessageView {
  readonly id: number;
  readonly from: EndpointId;
  readonly to: EndpointId;
  readonly type: QuorumMessageType;
  readonly opId: number;
  readonly sentAtMs: number;
  readonly deliverAtMs: number;
  readonly lost: boolean;
}

export interface QuorumFrame {
  readonly seed: number;
  readonly mode: QuorumConfig['mode'];
  readonly replicationFactor: number;
  readonly nowMs: number;
  readonly headMs: number;
  readonly settings: QuorumSettings;
  readonly replicas: readonly ReplicaView[];
  readonly clients: readonly ClientView[];
  readonly messages: readonly MessageView[];
  readonly groups: readonly (readonly EndpointId[])[];
  readonly cuts: readonly (readonly [EndpointId, EndpointId])[];
  /** Every operation issued so far, in issue order (the history view's rows come from these). */
  readonly operations: readonly QuorumOperation[];
}

export function quorumFrame(run: QuorumRun): QuorumFrame {
  const { simulation, history } = run;
  const network = simulation.network;
  return {
    seed: run.config.seed,
    mode: run.config.mode,
    replicationFactor: run.config.replicationFactor,
    nowMs: simulation.nowMs,
    headMs: history.headMs,
    settings: simulation.settings,
    replicas: simulation.replicaIds.map((id) => {
      const node = simulation.raftNode(id);
      return {
        id,
        role: simulation.displayRole(id),
        partition: network.groupIndexOf(id),
        store: [...simulation.storeOf(id)].map(([key, stored]) => ({ key, stored })),
        hints: simulation.hintsOf(id).map((hint) => ({ intended: hint.intended, key: hint.key, stored: hint.stored })),
        term: node?.currentTerm ?? null,
        commitIndex: node ? node.commitIndex : null,
        logLength: node ? node.log.length : null,
      };
    }),
    clients: simulation.clientIds.map((id) => ({ id, partition: network.groupIndexOf(id), ...simulation.sessionOf(id) })),
    messages: [...simulation.messagesInFlight()].map((message) => ({
      id: message.id,
      from: message.from,
      to: message.to,
      type: message.message.type,
      opId: 'opId' in message.message ? message.message.opId : -1,
      sentAtMs: message.sentAtMs,
      deliverAtMs: message.deliverAtMs,
      lost: message.lost,
    })),
    groups: network.getGroups(),
    cuts: network.getCuts(),
    operations: simulation.operations,
  };
}
