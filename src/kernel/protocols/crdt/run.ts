// A CRDT run = simulation + history (seek, fork), and the plain-data frame a view or a JSON line draws from it.

import { History } from '../../history.ts';
import type { BankOperation } from './bank-raft.ts';
import type { CrdtCommand, CrdtConfig, CrdtSettings } from './config.ts';
import type { LawViolation } from './checkers.ts';
import { CrdtSimulation, type CrdtSnapshot, type ExchangeRecord, type OperationRecord } from './simulation.ts';
import type { CrdtTraceEvent } from './trace.ts';
import { formatCrdtValue, type CrdtMetadata, type CrdtValue, type DeliveryRequirement, type ReplicaId, type VersionVector } from './types.ts';

export { formatCrdtValue };

export type CrdtHistory = History<CrdtCommand, CrdtSnapshot, CrdtTraceEvent>;

export interface CrdtRun {
  readonly config: CrdtConfig;
  readonly simulation: CrdtSimulation;
  readonly history: CrdtHistory;
}

/** Virtual time between checkpoints: a backwards seek re-runs at most this much. */
export const CHECKPOINT_INTERVAL_MS = 1000;
/** Most exchange messages a frame carries (the diagram shows the recent past). */
export const FRAME_EXCHANGES = 400;

export function createCrdtRun(config: CrdtConfig): CrdtRun {
  const simulation = new CrdtSimulation(config);
  const history = new History(simulation, { checkpointIntervalMs: CHECKPOINT_INTERVAL_MS });
  return { config, simulation, history };
}

export interface CrdtReplicaView {
  readonly id: ReplicaId;
  readonly alive: boolean;
  /** Index of its partition group (0 when the network is whole). */
  readonly partition: number;
  readonly value: CrdtValue;
  readonly valueText: string;
  readonly metadata: CrdtMetadata;
  readonly metadataBytes: number;
  /** Updates its state includes, per origin replica. */
  readonly delivered: VersionVector;
  /** Op-based: operations waiting for causal predecessors, and the log it re-sends. */
  readonly buffered: number;
  readonly logLength: number;
}

export interface CrdtMessageView {
  readonly id: number;
  readonly from: ReplicaId;
  readonly to: ReplicaId;
  readonly type: string;
  readonly sentAtMs: number;
  readonly deliverAtMs: number;
  readonly lost: boolean;
}

export interface BankView {
  readonly leader: ReplicaId | null;
  readonly term: number;
  /** Each replica's state machine balance (a minority's is stale, not wrong). */
  readonly balances: readonly { readonly id: ReplicaId; readonly balance: number; readonly role: string }[];
  readonly operations: readonly BankOperation[];
}

export interface CrdtFrame {
  readonly seed: number;
  readonly type: CrdtConfig['type'];
  readonly title: string;
  readonly source: string;
  readonly sync: CrdtConfig['sync'];
  readonly delivery: CrdtConfig['delivery'];
  /** Op-based: what the delivery layer must guarantee, and why. */
  readonly deliveryRequirement: DeliveryRequirement | null;
  readonly bug: CrdtConfig['bug'];
  readonly nowMs: number;
  readonly headMs: number;
  readonly settings: CrdtSettings;
  readonly replicas: readonly CrdtReplicaView[];
  readonly messages: readonly CrdtMessageView[];
  readonly groups: readonly (readonly ReplicaId[])[];
  readonly cuts: readonly (readonly [ReplicaId, ReplicaId])[];
  readonly operations: readonly OperationRecord[];
  /** The newest anti-entropy messages (merges, syncs, gossip, op broadcasts), oldest first: the space-time diagram's arrows. */
  readonly exchanges: readonly ExchangeRecord[];
  readonly violations: readonly LawViolation[];
  readonly converged: boolean;
  readonly bank: BankView | null;
}

export function crdtFrame(run: CrdtRun): CrdtFrame {
  const { simulation, history, config } = run;
  const type = simulation.opType ?? simulation.stateType;
  const bank = simulation.bank;
  const leader = bank?.leader();
  return {
    seed: config.seed,
    type: config.type,
    title: type.title,
    source: type.source,
    sync: config.sync,
    delivery: config.delivery,
    deliveryRequirement: simulation.opType?.delivery ?? null,
    bug: config.bug,
    nowMs: simulation.nowMs,
    headMs: history.headMs,
    settings: simulation.settings,
    replicas: simulation.replicaIds.map((id) => {
      const replica = simulation.replica(id);
      const value = simulation.valueOf(id);
      return {
        id,
        alive: simulation.isAlive(id),
        partition: simulation.network.groupIndexOf(id),
        value,
        valueText: formatCrdtValue(value),
        metadata: simulation.metadataOf(id),
        metadataBytes: simulation.metadataBytesOf(id),
        delivered: replica.delivered,
        buffered: replica.buffer.length,
        logLength: replica.log.length,
      };
    }),
    messages: [...simulation.messagesInFlight()].map((message) => ({
      id: message.id,
      from: message.from,
      to: message.to,
      type: message.message.type,
      sentAtMs: message.sentAtMs,
      deliverAtMs: message.deliverAtMs,
      lost: message.lost,
    })),
    groups: simulation.network.getGroups(),
    cuts: simulation.network.getCuts(),
    operations: simulation.operations,
    exchanges: simulation.recentExchanges(FRAME_EXCHANGES),
    violations: simulation.violations,
    converged: simulation.converged(),
    bank: bank
      ? {
          leader: leader?.id ?? null,
          term: leader?.currentTerm ?? Math.max(...bank.nodes.map((node) => node.currentTerm)),
          balances: simulation.replicaIds.map((id, index) => ({ id, balance: bank.balanceAt(id), role: simulation.isAlive(id) ? bank.nodes[index]!.role : 'crashed' })),
          operations: bank.operations,
        }
      : null,
  };
}
