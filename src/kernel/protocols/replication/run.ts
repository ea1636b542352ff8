// A replication run = simulation + history (seek, fork), its measures, and the plain-data frame a view or a JSON line is drawn from.

import { History } from '../../history.ts';
import {
  findLostWrites,
  findSplitBrain,
  recoveryPoint,
  recoveryTimeMs,
  unavailabilityWindows,
  writeLatency,
  type LatencySummary,
  type LostWrite,
  type SplitBrain,
  type UnavailabilityWindow,
} from './checkers.ts';
import { ReplicationSimulation, type ReplicationSnapshot } from './simulation.ts';
import { formatLsn, type ClientOperation, type WalRecord, type NodeId, type ReplicationCommand, type ReplicationConfig, type ReplicationTraceEvent, type Role, type TimelineSwitch } from './types.ts';

export type ReplicationHistory = History<ReplicationCommand, ReplicationSnapshot, ReplicationTraceEvent>;

export interface ReplicationRun {
  readonly config: ReplicationConfig;
  readonly simulation: ReplicationSimulation;
  readonly history: ReplicationHistory;
}

/** Virtual time between checkpoints: a backwards seek re-runs at most this much. */
export const CHECKPOINT_INTERVAL_MS = 2000;

export function createReplicationRun(config: ReplicationConfig): ReplicationRun {
  const simulation = new ReplicationSimulation(config);
  const history = new History(simulation, { checkpointIntervalMs: CHECKPOINT_INTERVAL_MS });
  return { config, simulation, history };
}

// ——— Measures ———

export interface ReplicationMeasures {
  readonly lost: readonly LostWrite[];
  readonly lostWrites: number;
  /** History lost, in ms (see recoveryPoint). */
  readonly rpoMs: number;
  readonly splitBrain: SplitBrain | null;
  readonly windows: readonly UnavailabilityWindow[];
  /** The longest unavailability window so far (an open one counts up to now). */
  readonly rtoMs: number;
  readonly latency: LatencySummary;
  readonly reference: NodeId;
}

export function measure(simulation: ReplicationSimulation): ReplicationMeasures {
  const operations = simulation.operations;
  const reference = simulation.referenceNode();
  const lost = findLostWrites(operations, { reference, holdsWrite: (node, opId) => simulation.holdsWrite(node, opId) });
  const windows = unavailabilityWindows(operations);
  return {
    lost,
    lostWrites: lost.length,
    rpoMs: recoveryPoint(operations, lost).rpoMs,
    splitBrain: findSplitBrain(simulation.primaryIntervals, simulation.acknowledgements, simulation.nowMs),
    windows,
    rtoMs: recoveryTimeMs(windows, simulation.nowMs),
    latency: writeLatency(operations),
    reference,
  };
}

// ——— Frame ———

export interface NodeView {
  readonly id: NodeId;
  readonly role: Role;
  readonly timeline: number;
  readonly alive: boolean;
  readonly partition: number;
  readonly lsn: { readonly sent: number; readonly write: number; readonly flush: number; readonly replay: number };
  /** Bytes and ms behind the newest primary's WAL end (standbys; 0 for a primary). */
  readonly lagBytes: number;
  readonly lagMs: number;
  readonly upstream: NodeId | null;
  /** Why it cannot follow its upstream (its WAL forked off: it needs pg_rewind or a re-clone). */
  readonly diverged: string | null;
  readonly history: readonly TimelineSwitch[];
  /** Lease fencing: when the lease runs out; null otherwise. */
  readonly leaseUntilMs: number | null;
  readonly degraded: boolean;
}

export type WriteStatus = 'pending' | 'acknowledged' | 'failed' | 'lost';

export interface WriteView {
  readonly id: number;
  readonly key: string;
  readonly value: string | number | null;
  readonly node: NodeId;
  readonly status: WriteStatus;
  readonly invokeMs: number;
  readonly completeMs: number | null;
  readonly lsn: string | null;
  readonly timeline: number | null;
  readonly detail: string;
}

export interface ReplicationFrame {
  readonly seed: number;
  /** The run's configuration (a scenario's header may differ from the page's URL). */
  readonly config: ReplicationConfig;
  readonly nowMs: number;
  readonly headMs: number;
  readonly nodes: readonly NodeView[];
  readonly primaries: readonly NodeId[];
  readonly writes: readonly WriteView[];
  readonly reads: readonly ClientOperation[];
  readonly lock: { readonly holder: NodeId | null; readonly expiresAtMs: number; readonly revision: number; readonly syncStandby: NodeId | null } | null;
  readonly discards: readonly DiscardView[];
  readonly measures: Omit<ReplicationMeasures, 'lost'> & { readonly lostWriteIds: readonly number[] };
  readonly groups: readonly (readonly string[])[];
  readonly cuts: readonly (readonly [string, string])[];
  /** Messages in flight (WAL, keepalives, statuses), for the cluster view's animation. */
  readonly messages: readonly MessageView[];
  /**
   * Each node's WAL, newest last (the WAL view draws them side by side). `firstIndex` is the position of
   * the first record shown in the whole WAL, so rows line up record for record (the first records of
   * every WAL are the same ones).
   */
  readonly wals: readonly { readonly node: NodeId; readonly firstIndex: number; readonly records: readonly WalRecordView[] }[];
  readonly witness: boolean;
}

/** What a rewind or re-clone threw away: the records themselves, from position `startIndex` (just after the fork) on. */
export interface DiscardView {
  readonly node: NodeId;
  readonly how: 'rewind' | 'reclone';
  readonly atMs: number;
  readonly forkLsn: string;
  readonly writeIds: readonly number[];
  readonly startIndex: number;
  /** The first WAL_VIEW_RECORDS of them. */
  readonly records: readonly WalRecordView[];
}

export interface MessageView {
  readonly id: number;
  readonly from: string;
  readonly to: string;
  readonly type: string;
  /** WAL messages: how many records they carry (0: a keepalive). */
  readonly records: number;
  readonly sentAtMs: number;
  readonly deliverAtMs: number;
}

export interface WalRecordView {
  readonly uid: number;
  readonly lsn: string;
  readonly timeline: number;
  readonly kind: 'commit' | 'end-of-recovery';
  readonly writeId: number;
  readonly text: string;
}

/** At most this many newest records per node reach the view (older ones are the same on every node). */
export const WAL_VIEW_RECORDS = 40;

export function replicationFrame(run: ReplicationRun): ReplicationFrame {
  const { simulation, history } = run;
  const measures = measure(simulation);
  const lostIds = new Set(measures.lost.map((entry) => entry.operation.id));
  const referenceEnd = simulation.walEnd(measures.reference);
  const referenceWal = simulation.wal(measures.reference);
  return {
    seed: run.config.seed,
    config: run.config,
    nowMs: simulation.nowMs,
    headMs: history.headMs,
    nodes: simulation.nodeIds.map((id) => {
      const lsn = simulation.positions(id);
      const behind = referenceWal.find((record) => record.endLsn > lsn.replay);
      const primary = simulation.role(id) === 'primary';
      return {
        id,
        role: simulation.role(id),
        timeline: simulation.timeline(id),
        alive: simulation.isAlive(id),
        partition: simulation.network.groupIndexOf(id),
        lsn,
        lagBytes: primary ? 0 : Math.max(0, referenceEnd - lsn.replay),
        lagMs: primary || behind === undefined ? 0 : simulation.nowMs - behind.atMs,
        upstream: simulation.upstream(id),
        diverged: simulation.divergence(id),
        history: simulation.timelineHistory(id),
        leaseUntilMs: simulation.leaseUntilMs(id),
        degraded: simulation.isDegraded(id),
      };
    }),
    primaries: simulation.acceptingPrimaries(),
    writes: simulation.operations.filter((operation) => operation.kind === 'write').map((operation) => writeView(operation, lostIds.has(operation.id))),
    reads: simulation.operations.filter((operation) => operation.kind === 'read'),
    lock: run.config.failover === 'managed' ? { holder: simulation.dcs.holder, expiresAtMs: simulation.dcs.expiresAtMs, revision: simulation.dcs.revision, syncStandby: simulation.dcs.syncStandby } : null,
    discards: simulation.discards.map((discard) => ({
      node: discard.node,
      how: discard.how,
      atMs: discard.atMs,
      forkLsn: formatLsn(discard.forkLsn),
      writeIds: discard.records.filter((record) => record.kind === 'commit').map((record) => record.writeId),
      // The records before the fork are the node's WAL prefix, kept by the rewind: the first thrown-away record sat right after them.
      startIndex: simulation.wal(discard.node).filter((record) => record.endLsn <= discard.forkLsn).length,
      records: discard.records.slice(0, WAL_VIEW_RECORDS).map(walRecordView),
    })),
    measures: {
      lostWrites: measures.lostWrites,
      lostWriteIds: [...lostIds],
      rpoMs: measures.rpoMs,
      splitBrain: measures.splitBrain,
      windows: measures.windows,
      rtoMs: measures.rtoMs,
      latency: measures.latency,
      reference: measures.reference,
    },
    groups: simulation.network.getGroups(),
    cuts: simulation.network.getCuts(),
    messages: [...simulation.messagesInFlight()].map((message) => ({
      id: message.id,
      from: message.from,
      to: message.to,
      type: message.message.type,
      records: message.message.type === 'Wal' ? message.message.records.length : 0,
      sentAtMs: message.sentAtMs,
      deliverAtMs: message.deliverAtMs,
    })),
    wals: simulation.nodeIds.map((id) => {
      const wal = simulation.wal(id);
      return { node: id, firstIndex: Math.max(0, wal.length - WAL_VIEW_RECORDS), records: wal.slice(-WAL_VIEW_RECORDS).map(walRecordView) };
    }),
    witness: run.config.witness,
  };
}

function walRecordView(record: WalRecord): WalRecordView {
  return {
    uid: record.uid,
    lsn: formatLsn(record.lsn),
    timeline: record.timeline,
    kind: record.kind,
    writeId: record.writeId,
    text: record.kind === 'commit' ? `${record.key}=${String(record.value)}` : 'end of recovery',
  };
}

function writeView(operation: ClientOperation, lost: boolean): WriteView {
  return {
    id: operation.id,
    key: operation.key,
    value: operation.value,
    node: operation.node,
    status: lost ? 'lost' : operation.status,
    invokeMs: operation.invokeMs,
    completeMs: operation.completeMs,
    lsn: operation.lsn === null ? null : formatLsn(operation.lsn),
    timeline: operation.timeline,
    detail: operation.detail,
  };
}

