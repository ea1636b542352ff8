// PostgreSQL-style streaming replication with failover in a simulated network: a primary's WAL,
// standbys' walreceivers (write / flush / replay), sync/async/quorum commit, manual / naive /
// Patroni-style managed failover, fencing, timelines, pg_rewind and re-clone. Seeded and replayable.

import { Prng, type PrngState } from '../../prng.ts';
import { Scheduler, type SchedulerSnapshot } from '../../scheduler.ts';
import { Network, NO_CHANCE, type DropReason, type NetworkSnapshot } from '../../net/network.ts';
import { Transport, type InFlight, type TransportSnapshot } from '../../net/transport.ts';
import { applyNetworkCommand, type NetworkCommandHost } from '../../net/commands.ts';
import type { ReplayableSimulation } from '../../history.ts';
import {
  assertNever,
  commitRecordBytes,
  END_OF_RECOVERY_BYTES,
  FIRST_LSN,
  formatLsn,
  nodeIdOf,
  nodeIndexOf,
  validateReplicationConfig,
  WITNESS_ID,
  type ClientOperation,
  type NodeId,
  type ReplicationCommand,
  type ReplicationConfig,
  type ReplicationTraceEvent,
  type Role,
  type TimelineSwitch,
  type WalRecord,
} from './types.ts';

// ——— Messages ———

export type ReplicationMessage =
  /** XLogData (records, possibly none: then it is a keepalive) from a primary's walsender. */
  | { readonly type: 'Wal'; readonly records: readonly WalRecord[]; readonly endLsn: number; readonly sentAtMs: number }
  /** A standby's status (START_REPLICATION when it first arrives): its positions and the newest keepalive it heard. */
  | { readonly type: 'Status'; readonly write: number; readonly flush: number; readonly replay: number; readonly lastUid: number; readonly echoSentAtMs: number }
  /** The primary will not stream to this standby: its WAL is not a prefix of the primary's. */
  | { readonly type: 'Refuse'; readonly reason: string }
  /** A primary's heartbeat to the witness (naive failover with witness=on). */
  | { readonly type: 'WitnessPing' };

export type ReplicationMessageType = ReplicationMessage['type'];
export type InFlightMessage = InFlight<ReplicationMessage>;

// ——— State ———

/** The primary's view of one standby, as `pg_stat_replication` shows it. */
export interface WalSenderState {
  readonly standby: NodeId;
  /** LSN sent so far (the walsender's own position). */
  sent: number;
  /** Positions the standby last reported. */
  write: number;
  flush: number;
  replay: number;
  lastReplyMs: number;
  /** Caught up once (PostgreSQL's `streaming` state, not `catchup`): only then can it be a synchronous standby. */
  streaming: boolean;
  /** The standby's write position in the status before this one: no progress twice means messages were lost. */
  previousWrite: number;
}

interface NodeState {
  readonly id: NodeId;
  readonly index: number;
  /** The role the node plays when alive (a crashed node keeps the role it will restart in). */
  role: Exclude<Role, 'down'>;
  timeline: number;
  /** Switchpoints of the timelines before `timeline` (the `.history` file). */
  history: TimelineSwitch[];
  /** Contiguous from FIRST_LSN; records are shared and never mutated. */
  wal: WalRecord[];
  /** Standby: end of WAL written / flushed / replayed. A primary's are all its WAL end. */
  flush: number;
  replay: number;
  /** Received records that arrived ahead of a gap (the walreceiver's reorder buffer, like TCP's). */
  buffer: WalRecord[];
  upstream: NodeId | null;
  /** Why this standby cannot follow its upstream (its WAL forked off), or null. */
  diverged: string | null;
  lastHeardUpstreamMs: number;
  /** Newest keepalive send time heard from the upstream: echoed back, it renews the upstream's lease. */
  echoSentAtMs: number;
  senders: WalSenderState[];
  /** Commits logged but not yet acknowledged (waiting for synchronous standbys). */
  waiting: { opId: number; lsn: number }[];
  /** End of the newest commit this node acknowledged as primary. */
  ackedLsn: number;
  /** Non-strict sync: too few synchronous standbys, so commits are acknowledged by the primary alone. */
  degraded: boolean;
  /** Fencing-token epoch this node writes with while primary. */
  epoch: number;
  promotedAtMs: number;
  /** Lease fencing: the newest keepalive each lease-granting standby echoed (-1: never). */
  leases: Map<NodeId, number>;
  /** Managed: last successful leader-lock renewal, and whether a DCS retry is under way. */
  lastRenewMs: number;
  retryPending: boolean;
  /** Lease fencing: the lease has run out and writes are refused (shown as `demoted`). */
  leaseLapsed: boolean;
  /** Bumped at crash and restart: timers of an earlier life are ignored. */
  life: number;
  /** Key → value, as of `replay`. */
  data: Map<string, string | number | null>;
}

/** The consensus store (etcd/Consul in Patroni; pg_auto_failover's monitor plays the same part). */
export interface DcsState {
  holder: NodeId | null;
  expiresAtMs: number;
  /** Bumped at every acquisition: etcd's revision, the managed mode's fencing token. */
  revision: number;
  /** Patroni's /sync key: the only standby allowed to take over in synchronous mode. */
  syncStandby: NodeId | null;
  lastLeader: NodeId | null;
}

/** A span during which a node acted as a primary that accepts writes. */
export interface PrimaryInterval {
  readonly node: NodeId;
  readonly timeline: number;
  readonly startMs: number;
  endMs: number | null;
}

/** A primary told a client "committed" (the moment it sent the answer). */
export interface Acknowledgement {
  readonly node: NodeId;
  readonly opId: number;
  readonly atMs: number;
}

/** Records a rewind or a re-clone threw away. */
export interface Discard {
  readonly node: NodeId;
  readonly how: 'rewind' | 'reclone';
  readonly atMs: number;
  readonly forkLsn: number;
  readonly records: readonly WalRecord[];
}

type TimedEvent =
  | { readonly type: 'client-arrive'; readonly opId: number }
  | { readonly type: 'client-reply'; readonly opId: number; readonly ok: boolean; readonly value: string | number | null; readonly detail: string }
  | { readonly type: 'flush' | 'replay'; readonly node: NodeId; readonly life: number; readonly lsn: number }
  | { readonly type: 'tick' | 'loop' | 'retry-deadline'; readonly node: NodeId; readonly life: number };

type KernelEvent = InFlightMessage | TimedEvent;

export interface ReplicationSnapshot {
  readonly nowMs: number;
  readonly prng: PrngState;
  readonly scheduler: SchedulerSnapshot<KernelEvent>;
  readonly network: NetworkSnapshot;
  readonly transport: TransportSnapshot<ReplicationMessage>;
  readonly nodes: readonly NodeState[];
  readonly dcs: DcsState;
  readonly witnessHeardMs: readonly (readonly [NodeId, number])[];
  readonly guardEpoch: number;
  readonly operations: readonly ClientOperation[];
  readonly opRecordUid: readonly (readonly [number, number])[];
  readonly intervals: readonly PrimaryInterval[];
  readonly acks: readonly Acknowledgement[];
  readonly discards: readonly Discard[];
  readonly nextUid: number;
}

/** Patroni's watchdog fires this long before the lock's TTL runs out (safety_margin). */
export const WATCHDOG_SAFETY_MARGIN_MS = 5000;

export class ReplicationSimulation implements ReplayableSimulation<ReplicationCommand, ReplicationSnapshot, ReplicationTraceEvent> {
  readonly config: ReplicationConfig;
  readonly network: Network;
  readonly nodeIds: readonly NodeId[];
  /** Members of the consensus store (managed failover): the first three database hosts, and the witness. */
  readonly dcsVoters: readonly NodeId[];
  nowMs = 0;
  private readonly prng: Prng;
  private readonly scheduler = new Scheduler<KernelEvent>();
  private readonly transport: Transport<ReplicationMessage, TimedEvent>;
  private nodes: NodeState[];
  private dcsState: DcsState;
  private witnessHeardMs = new Map<NodeId, number>();
  /** Token fencing: the newest epoch the storage has seen. */
  private guardEpoch = 1;
  private operationList: ClientOperation[] = [];
  /** A logged write's record uid (to tell whether it survived). */
  private opRecordUid = new Map<number, number>();
  private intervalList: PrimaryInterval[] = [];
  private ackList: Acknowledgement[] = [];
  private discardList: Discard[] = [];
  private nextUid = 1;
  private sink: ((event: ReplicationTraceEvent) => void) | null = null;
  private readonly observers: ((event: ReplicationTraceEvent) => void)[] = [];
  private readonly networkHost: NetworkCommandHost<NodeId>;

  constructor(config: ReplicationConfig) {
    const problems = validateReplicationConfig(config);
    if (problems.length > 0) throw new RangeError(problems.join('; '));
    this.config = config;
    this.prng = new Prng(config.seed);
    this.nodeIds = Array.from({ length: config.nodeCount }, (_, index) => nodeIdOf(index));
    this.dcsVoters = [...this.nodeIds.slice(0, 3), ...(config.witness ? [WITNESS_ID] : [])];
    const endpoints = [...this.nodeIds, ...(config.witness ? [WITNESS_ID] : [])];
    this.network = new Network(endpoints, { latencyMsMin: config.latencyMsMin, latencyMsMax: config.latencyMsMax, loss: NO_CHANCE, duplication: NO_CHANCE });
    this.transport = new Transport(this.network, this.prng, this.scheduler, {
      nowMs: () => this.nowMs,
      onSend: (message) => this.emitSend(message),
      onDrop: (message, reason) => this.emitDrop(message, reason),
    });
    this.networkHost = {
      network: this.network,
      dropBlocked: () => this.transport.dropBlocked(),
      crash: (id) => this.crash(id),
      restart: (id) => this.restart(id),
    };
    this.nodes = this.nodeIds.map((id, index) => ({
      id,
      index,
      role: index === 0 ? 'primary' : 'standby',
      timeline: 1,
      history: [],
      wal: [],
      flush: FIRST_LSN,
      replay: FIRST_LSN,
      buffer: [],
      upstream: index === 0 ? null : this.nodeIds[0]!,
      diverged: null,
      lastHeardUpstreamMs: 0,
      echoSentAtMs: 0,
      // The cluster starts with its standbys already streaming from n1.
      senders: index === 0 ? this.nodeIds.slice(1).map((standby) => ({ standby, sent: FIRST_LSN, write: FIRST_LSN, flush: FIRST_LSN, replay: FIRST_LSN, lastReplyMs: 0, previousWrite: FIRST_LSN, streaming: true })) : [],
      waiting: [],
      ackedLsn: FIRST_LSN,
      degraded: false,
      epoch: 1,
      promotedAtMs: 0,
      // At start every standby has just heard from n1, so none promotes before timeoutMs.
      leases: new Map(this.nodeIds.slice(1).map((other) => [other, 0])),
      lastRenewMs: 0,
      retryPending: false,
      leaseLapsed: false,
      life: 0,
      data: new Map(),
    }));
    this.dcsState = { holder: config.failover === 'managed' ? this.nodeIds[0]! : null, expiresAtMs: config.ttlMs, revision: 1, syncStandby: config.mode === 'sync' ? this.nodeIds[1]! : null, lastLeader: this.nodeIds[0]! };
    this.intervalList.push({ node: this.nodeIds[0]!, timeline: 1, startMs: 0, endMs: null });
    for (const node of this.nodes) this.startTimers(node);
  }

  // ——— ReplayableSimulation ———

  nextEventTimeMs(): number | undefined {
    return this.scheduler.peekTimeMs();
  }

  processNextEvent(): void {
    const scheduled = this.scheduler.pop();
    if (!scheduled) return;
    this.nowMs = scheduled.timeMs;
    const event = scheduled.event;
    switch (event.type) {
      case 'deliver': {
        const message = this.transport.arrive(event);
        if (message) this.deliver(message);
        return;
      }
      case 'client-arrive':
        return this.clientArrive(event.opId);
      case 'client-reply':
        return this.clientReply(event.opId, event.ok, event.value, event.detail);
      case 'flush':
      case 'replay':
      case 'tick':
      case 'loop':
      case 'retry-deadline': {
        const node = this.node(event.node);
        if (node.life !== event.life || !this.isAlive(node.id)) return;
        if (event.type === 'flush') return this.flushed(node, event.lsn);
        if (event.type === 'replay') return this.replayed(node, event.lsn);
        if (event.type === 'tick') return this.tick(node);
        if (event.type === 'loop') return this.patroniLoop(node);
        return this.retryDeadline(node);
      }
      default:
        return assertNever(event);
    }
  }

  advanceClockTo(timeMs: number): void {
    if (timeMs > this.nowMs) this.nowMs = timeMs;
  }

  setTraceSink(sink: ((event: ReplicationTraceEvent) => void) | null): void {
    this.sink = sink;
  }

  /** Observers (tests, checkers) see every event, replayed or not. */
  addObserver(observer: (event: ReplicationTraceEvent) => void): void {
    this.observers.push(observer);
  }

  apply(command: ReplicationCommand): void {
    this.emit({ kind: 'action', timeMs: this.nowMs, command });
    switch (command.type) {
      case 'crash':
      case 'restart':
      case 'partition':
      case 'isolate':
      case 'move':
      case 'heal':
      case 'cut':
      case 'restore-link':
        return applyNetworkCommand(this.networkHost, command);
      case 'write':
      case 'read':
        return this.invoke(command);
      case 'promote':
        return this.promoteCommand(command);
      case 'rewind':
      case 'reclone':
        return this.rebuildCommand(command);
      default:
        return assertNever(command);
    }
  }

  snapshot(): ReplicationSnapshot {
    return {
      nowMs: this.nowMs,
      prng: this.prng.getState(),
      scheduler: this.scheduler.snapshot(),
      network: this.network.snapshot(),
      transport: this.transport.snapshot(),
      nodes: this.nodes.map(copyNode),
      dcs: { ...this.dcsState },
      witnessHeardMs: [...this.witnessHeardMs],
      guardEpoch: this.guardEpoch,
      operations: this.operationList.slice(),
      opRecordUid: [...this.opRecordUid],
      intervals: this.intervalList.map((interval) => ({ ...interval })),
      acks: this.ackList.slice(),
      discards: this.discardList.slice(),
      nextUid: this.nextUid,
    };
  }

  restore(snapshot: ReplicationSnapshot): void {
    this.nowMs = snapshot.nowMs;
    this.prng.setState(snapshot.prng);
    this.scheduler.restore(snapshot.scheduler);
    this.network.restoreSnapshot(snapshot.network);
    this.transport.restore(snapshot.transport);
    this.nodes = snapshot.nodes.map(copyNode);
    this.dcsState = { ...snapshot.dcs };
    this.witnessHeardMs = new Map(snapshot.witnessHeardMs);
    this.guardEpoch = snapshot.guardEpoch;
    this.operationList = snapshot.operations.slice();
    this.opRecordUid = new Map(snapshot.opRecordUid);
    this.intervalList = snapshot.intervals.map((interval) => ({ ...interval }));
    this.ackList = snapshot.acks.slice();
    this.discardList = snapshot.discards.slice();
    this.nextUid = snapshot.nextUid;
  }

  // ——— Questions (read by checkers, the frame and the scenario runner) ———

  get operations(): readonly ClientOperation[] {
    return this.operationList;
  }

  operation(id: number): ClientOperation | undefined {
    return this.operationList[id];
  }

  get primaryIntervals(): readonly PrimaryInterval[] {
    return this.intervalList;
  }

  get acknowledgements(): readonly Acknowledgement[] {
    return this.ackList;
  }

  get discards(): readonly Discard[] {
    return this.discardList;
  }

  get dcs(): Readonly<DcsState> {
    return this.dcsState;
  }

  isAlive(id: NodeId): boolean {
    return this.network.isAlive(id);
  }

  /** A primary whose lease has lapsed refuses writes: it shows as `demoted`. */
  role(id: NodeId): Role {
    if (!this.isAlive(id)) return 'down';
    const node = this.node(id);
    return node.role === 'primary' && !this.leaseValid(node) ? 'demoted' : node.role;
  }

  timeline(id: NodeId): number {
    return this.node(id).timeline;
  }

  timelineHistory(id: NodeId): readonly TimelineSwitch[] {
    return this.node(id).history;
  }

  wal(id: NodeId): readonly WalRecord[] {
    return this.node(id).wal;
  }

  walEnd(id: NodeId): number {
    return walEndOf(this.node(id));
  }

  positions(id: NodeId): { sent: number; write: number; flush: number; replay: number } {
    const node = this.node(id);
    const write = walEndOf(node);
    if (node.role === 'primary') return { sent: write, write, flush: write, replay: write };
    const sender = node.upstream === null ? undefined : this.node(node.upstream).senders.find((candidate) => candidate.standby === id);
    return { sent: sender?.sent ?? node.flush, write, flush: node.flush, replay: node.replay };
  }

  upstream(id: NodeId): NodeId | null {
    return this.node(id).upstream;
  }

  divergence(id: NodeId): string | null {
    return this.node(id).diverged;
  }

  senders(id: NodeId): readonly WalSenderState[] {
    return this.node(id).senders;
  }

  isDegraded(id: NodeId): boolean {
    return this.node(id).degraded;
  }

  read(id: NodeId, key: string): string | number | null {
    return this.node(id).data.get(key) ?? null;
  }

  dataOf(id: NodeId): ReadonlyMap<string, string | number | null> {
    return this.node(id).data;
  }

  /** Nodes that would accept a write right now (alive primaries whose lease, if any, is valid). */
  acceptingPrimaries(): NodeId[] {
    return this.nodes.filter((node) => this.isAlive(node.id) && node.role === 'primary' && this.leaseValid(node)).map((node) => node.id);
  }

  /** The lease a primary holds under lease fencing (ms), or null when fencing is not `lease`. */
  leaseUntilMs(id: NodeId): number | null {
    return this.config.fencing === 'lease' ? this.leaseExpiry(this.node(id)) : null;
  }

  /** Whose history counts: the newest primary (highest timeline, then latest promotion), alive or down. */
  referenceNode(): NodeId {
    let best: NodeState | undefined;
    for (const node of this.nodes) {
      if (node.role !== 'primary') continue;
      if (!best || node.timeline > best.timeline || (node.timeline === best.timeline && node.promotedAtMs > best.promotedAtMs)) best = node;
    }
    if (best) return best.id;
    // Nobody is primary (all demoted): the most advanced node's history is what a failover would keep.
    for (const node of this.nodes) {
      if (!best || node.timeline > best.timeline || (node.timeline === best.timeline && walEndOf(node) > walEndOf(best))) best = node;
    }
    return best!.id;
  }

  /** Whether the write's WAL record is in this node's WAL. */
  holdsWrite(id: NodeId, opId: number): boolean {
    const uid = this.opRecordUid.get(opId);
    if (uid === undefined) return false;
    const operation = this.operationList[opId]!;
    const record = recordAt(this.node(id).wal, operation.lsn!);
    return record?.uid === uid;
  }

  messagesInFlight(): IterableIterator<InFlightMessage> {
    return this.transport.values();
  }

  canReachDcs(id: NodeId): boolean {
    if (!this.isAlive(id)) return false;
    const reachable = this.dcsVoters.filter((voter) => this.isAlive(voter) && (voter === id || this.reachable(id, voter))).length;
    return reachable >= Math.floor(this.dcsVoters.length / 2) + 1;
  }

  reachable(a: NodeId, b: NodeId): boolean {
    return this.network.blockedReason(a, b) === null && this.network.blockedReason(b, a) === null;
  }

  // ——— Clients ———

  private invoke(command: Extract<ReplicationCommand, { type: 'write' | 'read' }>): void {
    if (!this.nodeIds.includes(command.node)) throw new RangeError(`unknown node ${command.node}`);
    const operation: ClientOperation = {
      id: this.operationList.length,
      kind: command.type,
      key: command.key,
      value: command.type === 'write' ? command.value : null,
      node: command.node,
      invokeMs: this.nowMs,
      completeMs: null,
      status: 'pending',
      detail: '',
      lsn: null,
      timeline: null,
    };
    this.operationList.push(operation);
    this.emit({ kind: 'invoke', timeMs: this.nowMs, opId: operation.id });
    // Clients reach every live node (partitions cut nodes from nodes, not clients from nodes).
    this.scheduler.schedule(this.nowMs + this.clientLatencyMs(), { type: 'client-arrive', opId: operation.id });
  }

  private clientArrive(opId: number): void {
    const operation = this.operationList[opId]!;
    const node = this.node(operation.node);
    if (!this.isAlive(node.id)) return this.answer(opId, false, null, `${node.id} is down: connection refused`);
    if (operation.kind === 'read') return this.answer(opId, true, this.visibleValue(node, operation.key), '');
    if (node.role !== 'primary') {
      const why = node.role === 'standby' ? `${node.id} is a standby: cannot execute INSERT in a read-only transaction` : `${node.id} was demoted and accepts no writes`;
      return this.answer(opId, false, null, why);
    }
    if (!this.leaseValid(node)) {
      this.checkLease(node);
      return this.answer(opId, false, null, `${node.id}'s lease ran out: it refuses writes (a standby may have promoted)`);
    }
    if (this.config.fencing === 'token' && this.guardEpoch > node.epoch) {
      this.answer(opId, false, null, `storage rejected ${node.id}'s write: fencing token ${node.epoch} is older than ${this.guardEpoch}`);
      return this.demote(node, `storage rejected its fencing token ${node.epoch} (newest ${this.guardEpoch})`, 'token');
    }
    const value = operation.value;
    const record = this.append(node, { kind: 'commit', writeId: opId, key: operation.key, value });
    this.opRecordUid.set(opId, record.uid);
    this.updateOperation(opId, { lsn: record.lsn, timeline: record.timeline });
    node.waiting.push({ opId, lsn: record.endLsn });
    this.releaseCommits(node);
  }

  /**
   * What a read on this node sees. A commit that waits for its synchronous standbys is flushed locally
   * but not yet visible to other sessions: PostgreSQL marks it in the clog "but still show[s it] as
   * running in the procarray" until the wait ends (xact.c, RecordTransactionCommit). Once the node stops
   * waiting (demoted, restarted) those records are simply committed — the known way an unacknowledged
   * write becomes visible.
   */
  private visibleValue(node: NodeState, key: string): string | number | null {
    if (node.role !== 'primary' || node.waiting.length === 0) return node.data.get(key) ?? null;
    const waiting = new Set(node.waiting.map((entry) => entry.opId));
    for (let index = node.wal.length - 1; index >= 0; index--) {
      const record = node.wal[index]!;
      if (record.kind === 'commit' && record.key === key && !waiting.has(record.writeId)) return record.value;
    }
    return null;
  }

  /** Send the client its answer (it arrives one latency later). */
  private answer(opId: number, ok: boolean, value: string | number | null, detail: string): void {
    this.scheduler.schedule(this.nowMs + this.clientLatencyMs(), { type: 'client-reply', opId, ok, value, detail });
  }

  private clientReply(opId: number, ok: boolean, value: string | number | null, detail: string): void {
    const operation = this.operationList[opId]!;
    if (operation.status !== 'pending') return;
    this.updateOperation(opId, {
      status: ok ? 'acknowledged' : 'failed',
      completeMs: this.nowMs,
      detail,
      ...(operation.kind === 'read' && ok ? { value } : {}),
    });
    this.emit({ kind: 'complete', timeMs: this.nowMs, opId, status: ok ? 'acknowledged' : 'failed' });
  }

  private updateOperation(opId: number, changes: Partial<ClientOperation>): void {
    // Records are immutable, so a snapshot's shallow copy of the list keeps the past intact.
    this.operationList[opId] = { ...this.operationList[opId]!, ...changes };
  }

  private clientLatencyMs(): number {
    return this.network.sampleLatencyMs(this.prng);
  }

  // ——— The primary: WAL, walsenders, commit rules ———

  private append(node: NodeState, body: Pick<WalRecord, 'kind' | 'writeId' | 'key' | 'value'>): WalRecord {
    const lsn = walEndOf(node);
    const bytes = body.kind === 'commit' ? commitRecordBytes(body.key, body.value) : END_OF_RECOVERY_BYTES;
    const record: WalRecord = { uid: this.nextUid++, prevUid: lastUidOf(node), lsn, endLsn: lsn + bytes, timeline: node.timeline, origin: node.id, atMs: this.nowMs, ...body };
    node.wal.push(record);
    // The primary flushes its own WAL before anything is acknowledged.
    node.flush = node.replay = record.endLsn;
    if (record.kind === 'commit') node.data.set(record.key, record.value);
    for (const sender of node.senders) this.stream(node, sender);
    return record;
  }

  /** Send a standby every record it has not been sent yet. */
  private stream(primary: NodeState, sender: WalSenderState): void {
    const end = walEndOf(primary);
    if (sender.sent >= end) return;
    const from = indexAfter(primary.wal, sender.sent);
    this.transport.send(primary.id, sender.standby, { type: 'Wal', records: primary.wal.slice(from), endLsn: end, sentAtMs: this.nowMs });
    sender.sent = end;
  }

  /** Synchronous candidates in priority order: standbys that replied within `timeoutMs`. */
  private connectedSenders(primary: NodeState): WalSenderState[] {
    return primary.senders
      .filter((sender) => sender.streaming && this.nowMs - sender.lastReplyMs < this.config.timeoutMs)
      .sort((a, b) => nodeIndexOf(a.standby) - nodeIndexOf(b.standby));
  }

  /** Whether a commit ending at `lsn` may be acknowledged now, by the commit mode's rule. */
  private commitDurable(primary: NodeState, lsn: number): boolean {
    const { mode, syncCount } = this.config;
    if (mode === 'async') return true;
    const connected = this.connectedSenders(primary);
    if (mode === 'sync') {
      // Patroni names the synchronous standby (its /sync key); plain PostgreSQL's FIRST 1 (*) takes
      // the highest-priority connected one.
      const synchronous = this.config.failover === 'managed' ? connected.find((sender) => sender.standby === this.dcsState.syncStandby) : connected[0];
      if (synchronous === undefined) return primary.degraded;
      return synchronous.flush >= lsn;
    }
    // ANY k (*): any k standbys have flushed it.
    const flushed = primary.senders.filter((sender) => sender.flush >= lsn).length;
    if (flushed >= syncCount) return true;
    return connected.length < syncCount && primary.degraded;
  }

  private releaseCommits(primary: NodeState): void {
    if (primary.role !== 'primary' || primary.waiting.length === 0 || !this.leaseValid(primary)) return;
    const still: { opId: number; lsn: number }[] = [];
    for (const entry of primary.waiting) {
      if (this.commitDurable(primary, entry.lsn)) {
        this.ackList.push({ node: primary.id, opId: entry.opId, atMs: this.nowMs });
        primary.ackedLsn = Math.max(primary.ackedLsn, entry.lsn);
        this.answer(entry.opId, true, null, primary.degraded && this.config.mode !== 'async' ? `acknowledged by ${primary.id} alone: synchronous replication degraded to async` : '');
      } else {
        still.push(entry);
      }
    }
    primary.waiting = still;
  }

  /** Non-strict synchronous replication: with too few synchronous standbys connected, stop waiting for them. */
  private updateDegraded(primary: NodeState): void {
    if (this.config.mode === 'async') return;
    const connected = this.connectedSenders(primary).length;
    const needed = this.config.mode === 'sync' ? 1 : this.config.syncCount;
    const degraded = !this.config.strict && connected < needed;
    if (degraded !== primary.degraded) {
      primary.degraded = degraded;
      this.emit({ kind: 'role', timeMs: this.nowMs, node: primary.id, role: 'primary', timeline: primary.timeline, why: degraded ? 'too few synchronous standbys: commits no longer wait for them (degraded to async)' : 'synchronous standbys back: commits wait for them again' });
    }
    this.releaseCommits(primary);
  }

  // ——— Heartbeats, status, naive failover ———

  private tick(node: NodeState): void {
    this.scheduler.schedule(this.nowMs + this.config.heartbeatMs, { type: 'tick', node: node.id, life: node.life });
    if (node.role === 'primary') {
      this.checkLease(node);
      if (node.role !== 'primary') return;
      for (const sender of node.senders) this.transport.send(node.id, sender.standby, { type: 'Wal', records: [], endLsn: walEndOf(node), sentAtMs: this.nowMs });
      if (this.config.witness) this.transport.send(node.id, WITNESS_ID, { type: 'WitnessPing' });
      // Managed mode degrades only from the HA loop, after it has told the DCS (see patroniLoop).
      if (this.config.failover !== 'managed') this.updateDegraded(node);
      else this.releaseCommits(node);
      return;
    }
    if (node.upstream !== null && node.diverged === null) this.sendStatus(node);
    if (this.config.failover === 'naive' && node.role === 'standby') this.naiveCheck(node);
  }

  private sendStatus(node: NodeState): void {
    if (node.upstream === null) return;
    this.transport.send(node.id, node.upstream, { type: 'Status', write: walEndOf(node), flush: node.flush, replay: node.replay, lastUid: lastUidOf(node), echoSentAtMs: node.echoSentAtMs });
  }

  /** A standby that heard nothing from its primary for `timeoutMs` follows a newer primary it can see, or promotes itself. */
  private naiveCheck(node: NodeState): void {
    if (node.upstream === null || this.nowMs - node.lastHeardUpstreamMs < this.config.timeoutMs) return;
    const newer = this.nodes.find(
      (other) => other.id !== node.id && other.role === 'primary' && this.isAlive(other.id) && other.timeline > node.timeline && this.reachable(node.id, other.id) && isPrefixOf(node.wal, other.wal),
    );
    if (newer) return this.follow(node, newer.id, `heard nothing from ${node.upstream}; ${newer.id} is a newer primary (timeline ${newer.timeline})`);
    if (this.config.witness) {
      const witnessHeard = this.witnessHeardMs.get(node.upstream) ?? 0;
      if (!this.isAlive(WITNESS_ID) || !this.reachable(node.id, WITNESS_ID)) return; // No second opinion: stay a standby.
      if (this.nowMs - witnessHeard < this.config.timeoutMs) return; // The witness still hears the primary.
    }
    this.promote(node, `heard nothing from ${node.upstream} for ${this.config.timeoutMs / 1000} s${this.config.witness ? ' (and neither did the witness)' : ''}`);
  }

  // ——— Delivery ———

  private deliver(inFlight: InFlightMessage): void {
    this.emit({ kind: 'deliver', timeMs: this.nowMs, messageId: inFlight.id, from: inFlight.from, to: inFlight.to });
    const { from, to, message } = inFlight;
    if (to === WITNESS_ID) {
      if (message.type === 'WitnessPing') this.witnessHeardMs.set(from, this.nowMs);
      return;
    }
    const node = this.node(to);
    switch (message.type) {
      case 'Wal':
        return this.receiveWal(node, from, message);
      case 'Status':
        return this.receiveStatus(node, from, message);
      case 'Refuse':
        if (node.upstream === from && node.role !== 'primary' && node.diverged === null) {
          node.diverged = message.reason;
          this.emit({ kind: 'role', timeMs: this.nowMs, node: node.id, role: node.role, timeline: node.timeline, why: `cannot follow ${from}: ${message.reason}` });
        }
        return;
      case 'WitnessPing':
        return;
      default:
        return assertNever(message);
    }
  }

  private receiveWal(node: NodeState, from: NodeId, message: Extract<ReplicationMessage, { type: 'Wal' }>): void {
    // Only the upstream's stream counts (an old primary in a split brain may still be sending).
    if (node.role === 'primary' || node.upstream !== from || node.diverged !== null) return;
    node.lastHeardUpstreamMs = this.nowMs;
    node.echoSentAtMs = Math.max(node.echoSentAtMs, message.sentAtMs);
    const before = walEndOf(node);
    for (const record of message.records) {
      if (record.lsn < walEndOf(node)) continue;
      if (!node.buffer.some((held) => held.lsn === record.lsn)) node.buffer.push(record);
    }
    // Write every record that continues the WAL; one that does not match the last record means a fork.
    for (;;) {
      const end = walEndOf(node);
      const index = node.buffer.findIndex((record) => record.lsn === end);
      if (index === -1) break;
      const record = node.buffer[index]!;
      node.buffer.splice(index, 1);
      if (record.prevUid !== lastUidOf(node)) {
        node.diverged = `its WAL after ${formatLsn(end)} is not ${from}'s`;
        node.buffer = [];
        break;
      }
      node.wal.push(record);
      if (record.timeline > node.timeline) {
        node.history = [...node.history, { timeline: node.timeline, forkLsn: record.lsn }];
        node.timeline = record.timeline;
        this.emit({ kind: 'role', timeMs: this.nowMs, node: node.id, role: node.role, timeline: node.timeline, why: `followed ${from} onto timeline ${record.timeline}` });
      }
    }
    node.buffer = node.buffer.filter((record) => record.lsn > walEndOf(node));
    const written = walEndOf(node);
    if (written > before) {
      this.scheduler.schedule(this.nowMs + this.prng.intBetween(this.config.flushMsMin, this.config.flushMsMax), { type: 'flush', node: node.id, life: node.life, lsn: written });
    }
  }

  private flushed(node: NodeState, lsn: number): void {
    if (lsn <= node.flush || lsn > walEndOf(node)) return;
    node.flush = lsn;
    this.sendStatus(node);
    this.scheduler.schedule(this.nowMs + this.prng.intBetween(this.config.replayMsMin, this.config.replayMsMax), { type: 'replay', node: node.id, life: node.life, lsn });
  }

  private replayed(node: NodeState, lsn: number): void {
    if (lsn <= node.replay || lsn > node.flush) return;
    for (let index = indexAfter(node.wal, node.replay); index < node.wal.length && node.wal[index]!.endLsn <= lsn; index++) {
      const record = node.wal[index]!;
      if (record.kind === 'commit') node.data.set(record.key, record.value);
    }
    node.replay = lsn;
    this.sendStatus(node);
  }

  private receiveStatus(primary: NodeState, standby: NodeId, status: Extract<ReplicationMessage, { type: 'Status' }>): void {
    // A node that is not a primary does not stream (no cascading replication here): the standby hears nothing.
    if (primary.role !== 'primary') return;
    const end = walEndOf(primary);
    let problem: string | null = null;
    if (status.write > end) problem = `its WAL (${formatLsn(status.write)}) is ahead of ${primary.id}'s (${formatLsn(end)}) on another timeline`;
    else if (status.write > FIRST_LSN && recordEndingAt(primary.wal, status.write)?.uid !== status.lastUid) problem = `its WAL up to ${formatLsn(status.write)} is not in ${primary.id}'s history (timeline ${primary.timeline})`;
    if (problem !== null) {
      primary.senders = primary.senders.filter((sender) => sender.standby !== standby);
      this.transport.send(primary.id, standby, { type: 'Refuse', reason: problem });
      return;
    }
    let sender = primary.senders.find((candidate) => candidate.standby === standby);
    if (!sender) {
      sender = { standby, sent: status.write, write: status.write, flush: status.flush, replay: status.replay, lastReplyMs: this.nowMs, previousWrite: status.write, streaming: false };
      primary.senders.push(sender);
    }
    // Two statuses with no progress while records are outstanding: they were lost, send them again.
    if (status.write < sender.sent && status.write === sender.previousWrite && status.write === sender.write) sender.sent = status.write;
    sender.previousWrite = sender.write;
    sender.write = status.write;
    sender.flush = Math.max(sender.flush, status.flush);
    sender.replay = Math.max(sender.replay, status.replay);
    sender.lastReplyMs = this.nowMs;
    primary.leases.set(standby, Math.max(primary.leases.get(standby) ?? -1, status.echoSentAtMs));
    if (status.write >= walEndOf(primary)) sender.streaming = true;
    this.checkLease(primary);
    this.stream(primary, sender);
    if (this.config.failover !== 'managed') this.updateDegraded(primary);
    else this.releaseCommits(primary);
  }

  // ——— Fencing ———

  /** When a primary's lease runs out: naive/manual = the last keepalive each standby echoed + timeout; managed = the watchdog. */
  private leaseExpiry(node: NodeState): number {
    if (this.config.failover === 'managed') return node.lastRenewMs + this.config.ttlMs - WATCHDOG_SAFETY_MARGIN_MS;
    let expiry = Number.POSITIVE_INFINITY;
    // A standby promises nothing beyond `timeoutMs` after the newest keepalive it heard from us.
    for (const echoed of node.leases.values()) expiry = Math.min(expiry, echoed < 0 ? 0 : echoed + this.config.timeoutMs - 1);
    return expiry;
  }

  private leaseValid(node: NodeState): boolean {
    return this.config.fencing !== 'lease' || this.nowMs < this.leaseExpiry(node);
  }

  /** Trace the moment a lease lapses or comes back (writes are refused while it is lapsed). */
  private checkLease(node: NodeState): void {
    if (this.config.fencing !== 'lease' || node.role !== 'primary') return;
    const lapsed = !this.leaseValid(node);
    if (lapsed === node.leaseLapsed) return;
    node.leaseLapsed = lapsed;
    if (lapsed) {
      const why = this.config.failover === 'managed' ? `the watchdog fired: the lock was not renewed within ttl − ${WATCHDOG_SAFETY_MARGIN_MS / 1000} s` : `its lease ran out at ${this.leaseExpiry(node)} ms: a standby may promote now, so it refuses writes`;
      this.emit({ kind: 'fence', timeMs: this.nowMs, node: node.id, how: 'lease', why });
      this.endInterval(node.id);
    } else {
      this.intervalList.push({ node: node.id, timeline: node.timeline, startMs: this.nowMs, endMs: null });
      this.emit({ kind: 'role', timeMs: this.nowMs, node: node.id, role: 'primary', timeline: node.timeline, why: 'its lease is renewed: it accepts writes again' });
    }
  }

  // ——— Promotion, demotion, following ———

  private promoteCommand(command: Extract<ReplicationCommand, { type: 'promote' }>): void {
    const node = this.node(command.node);
    if (!this.isAlive(node.id)) return this.refuse(command, `${node.id} is down`);
    if (node.role === 'primary') return this.refuse(command, `${node.id} is already a primary`);
    if (this.config.failover === 'managed') {
      if (this.dcsState.holder !== null && this.dcsState.expiresAtMs > this.nowMs && this.dcsState.holder !== node.id) {
        return this.refuse(command, `the leader lock is held by ${this.dcsState.holder} until ${this.dcsState.expiresAtMs} ms: Patroni owns promotion`);
      }
      if (!this.canReachDcs(node.id)) return this.refuse(command, `${node.id} cannot reach a majority of the DCS`);
      return this.acquireAndPromote(node, 'promoted by the operator (lock was free)');
    }
    this.promote(node, 'promoted by the operator (pg_ctl promote)');
    // The operator repoints the other standbys (repmgr standby follow).
    for (const other of this.nodes) {
      if (other !== node && other.role === 'standby' && this.isAlive(other.id)) this.follow(other, node.id, `repointed to ${node.id} after its promotion`);
    }
  }

  /** End recovery: replay what was received, start a new timeline at the end of the WAL, accept writes. */
  private promote(node: NodeState, why: string): void {
    if (this.config.fencing === 'stonith') {
      for (const other of this.nodes) {
        if (other !== node && other.role === 'primary' && this.isAlive(other.id)) {
          this.emit({ kind: 'fence', timeMs: this.nowMs, node: other.id, how: 'stonith', why: `${node.id} powered it off before promoting` });
          this.crash(other.id);
        }
      }
    }
    node.buffer = [];
    const forkLsn = walEndOf(node);
    node.flush = forkLsn;
    this.replayAll(node);
    // Without a shared WAL archive a node only knows the timelines in its own history.
    const timeline = Math.max(node.timeline, ...node.history.map((entry) => entry.timeline)) + 1;
    node.history = [...node.history, { timeline: node.timeline, forkLsn }];
    node.timeline = timeline;
    node.role = 'primary';
    node.upstream = null;
    node.diverged = null;
    node.senders = [];
    node.waiting = [];
    node.degraded = false;
    node.promotedAtMs = this.nowMs;
    node.epoch = this.config.failover === 'managed' ? this.dcsState.revision : timeline;
    node.leases = new Map();
    node.leaseLapsed = false;
    if (this.config.fencing === 'token') this.guardEpoch = Math.max(this.guardEpoch, node.epoch);
    this.append(node, { kind: 'end-of-recovery', writeId: -1, key: '', value: null });
    this.intervalList.push({ node: node.id, timeline, startMs: this.nowMs, endMs: null });
    this.emit({ kind: 'promote', timeMs: this.nowMs, node: node.id, timeline, forkLsn, why });
    this.emit({ kind: 'role', timeMs: this.nowMs, node: node.id, role: 'primary', timeline, why });
    node.ackedLsn = forkLsn;
    if (this.config.failover !== 'managed') this.updateDegraded(node);
  }

  /** Stop accepting writes; waiting commits lose their connection (their outcome is unknown to the client). */
  private demote(node: NodeState, why: string, how: 'lease' | 'token' | 'patroni' | 'rewind'): void {
    if (node.role !== 'primary') return;
    node.role = 'demoted';
    this.endInterval(node.id);
    this.abandonWaiting(node, `${node.id} stopped accepting writes before acknowledging: outcome unknown`);
    node.senders = [];
    if (how !== 'rewind') this.emit({ kind: 'fence', timeMs: this.nowMs, node: node.id, how, why });
    this.emit({ kind: 'role', timeMs: this.nowMs, node: node.id, role: 'demoted', timeline: node.timeline, why });
  }

  private abandonWaiting(node: NodeState, detail: string): void {
    for (const entry of node.waiting) this.updateOperation(entry.opId, { detail });
    node.waiting = [];
  }

  private endInterval(id: NodeId): void {
    for (const interval of this.intervalList) if (interval.node === id && interval.endMs === null) interval.endMs = this.nowMs;
  }

  private follow(node: NodeState, upstream: NodeId, why: string): void {
    if (node.upstream === upstream && node.diverged === null && node.role === 'standby') return;
    node.upstream = upstream;
    node.diverged = null;
    node.buffer = [];
    node.lastHeardUpstreamMs = this.nowMs;
    if (node.role === 'demoted') node.role = 'standby';
    this.emit({ kind: 'role', timeMs: this.nowMs, node: node.id, role: node.role, timeline: node.timeline, why });
    this.sendStatus(node);
  }

  // ——— pg_rewind and re-clone ———

  private rebuildCommand(command: Extract<ReplicationCommand, { type: 'rewind' | 'reclone' }>): void {
    const node = this.node(command.node);
    if (!this.isAlive(node.id)) return this.refuse(command, `${node.id} is down`);
    const source = this.rebuildSource(node);
    if (typeof source === 'string') return this.refuse(command, source);
    this.rebuild(node, source, command.type);
  }

  /** The primary a rebuilt node takes its data from: the newest accepting primary it can reach. */
  private rebuildSource(node: NodeState): NodeState | string {
    const reference = this.node(this.referenceNode());
    if (reference === node) return `${node.id} is itself the newest primary (timeline ${node.timeline}): there is nothing to rewind onto`;
    if (!this.isAlive(reference.id) || reference.role !== 'primary') return `the newest primary ${reference.id} is not running`;
    if (!this.reachable(node.id, reference.id)) return `${node.id} cannot reach ${reference.id}, the newest primary`;
    return reference;
  }

  /**
   * `rewind`: back to the last record both WALs share (the fork point), then follow the source's
   * timeline. `reclone`: throw the data directory away and take a fresh base backup. Either way the
   * records after the fork are discarded; the trace and `discards` list them.
   */
  private rebuild(node: NodeState, source: NodeState, how: 'rewind' | 'reclone'): void {
    if (node.role === 'primary') this.demote(node, `stopped for ${how === 'rewind' ? 'pg_rewind' : 're-clone'}`, 'rewind');
    let common = 0;
    while (common < node.wal.length && common < source.wal.length && node.wal[common]!.uid === source.wal[common]!.uid) common++;
    const thrownAway = node.wal.slice(common);
    const forkLsn = common === 0 ? FIRST_LSN : node.wal[common - 1]!.endLsn;
    const copied = how === 'reclone' ? source.wal.length : common;
    node.wal = source.wal.slice(0, copied);
    node.timeline = how === 'reclone' ? source.timeline : timelineAt(source, forkLsn);
    node.history = source.history.filter((entry) => entry.timeline < node.timeline);
    node.flush = walEndOf(node);
    node.replay = FIRST_LSN;
    node.data = new Map();
    this.replayAll(node);
    node.role = 'standby';
    node.buffer = [];
    node.senders = [];
    node.waiting = [];
    node.degraded = false;
    node.upstream = null;
    if (thrownAway.length > 0) {
      this.discardList.push({ node: node.id, how, atMs: this.nowMs, forkLsn, records: thrownAway });
      this.emit({ kind: 'discard', timeMs: this.nowMs, node: node.id, how, forkLsn, writeIds: thrownAway.filter((record) => record.kind === 'commit').map((record) => record.writeId) });
    }
    this.follow(node, source.id, how === 'rewind' ? `pg_rewind onto ${source.id} from ${formatLsn(forkLsn)}` : `re-cloned from ${source.id}`);
  }

  private replayAll(node: NodeState): void {
    for (let index = indexAfter(node.wal, node.replay); index < node.wal.length && node.wal[index]!.endLsn <= node.flush; index++) {
      const record = node.wal[index]!;
      if (record.kind === 'commit') node.data.set(record.key, record.value);
    }
    node.replay = node.flush;
  }

  // ——— Managed failover: Patroni's HA loop ———

  private patroniLoop(node: NodeState): void {
    this.scheduler.schedule(this.nowMs + this.config.loopWaitMs, { type: 'loop', node: node.id, life: node.life });
    if (node.role === 'primary') {
      if (this.canReachDcs(node.id)) return this.primaryHoldsLock(node);
      if (!node.retryPending) {
        // Patroni retries DCS calls for retry_timeout before it gives up on the lock.
        node.retryPending = true;
        this.scheduler.schedule(this.nowMs + this.config.retryTimeoutMs, { type: 'retry-deadline', node: node.id, life: node.life });
      }
      return;
    }
    if (!this.canReachDcs(node.id)) return;
    const dcs = this.dcsState;
    const held = dcs.holder !== null && dcs.expiresAtMs > this.nowMs;
    if (held && dcs.holder === node.id) {
      // Restarted while its lock was still valid: Patroni resumes as the primary of its timeline.
      node.role = 'primary';
      node.upstream = null;
      node.lastRenewMs = this.nowMs;
      dcs.expiresAtMs = this.nowMs + this.config.ttlMs;
      this.intervalList.push({ node: node.id, timeline: node.timeline, startMs: this.nowMs, endMs: null });
      this.emit({ kind: 'role', timeMs: this.nowMs, node: node.id, role: 'primary', timeline: node.timeline, why: 'still holds the leader lock: resumes as primary' });
      return;
    }
    if (held) return this.followLeader(node, dcs.holder!);
    const why = this.ineligible(node);
    if (why === null) this.acquireAndPromote(node, `the leader lock expired; ${node.id} is the healthiest member it can see`);
  }

  private retryDeadline(node: NodeState): void {
    node.retryPending = false;
    if (node.role !== 'primary') return;
    if (this.canReachDcs(node.id)) return this.primaryHoldsLock(node);
    this.demote(node, `could not reach the DCS for retry_timeout (${this.config.retryTimeoutMs / 1000} s): demoting itself before its lock can expire`, 'patroni');
  }

  private primaryHoldsLock(node: NodeState): void {
    const dcs = this.dcsState;
    const held = dcs.holder !== null && dcs.expiresAtMs > this.nowMs;
    if (held && dcs.holder !== node.id) return this.demote(node, `the leader lock is held by ${dcs.holder}`, 'patroni');
    if (!held) {
      dcs.revision += 1;
      dcs.holder = node.id;
    }
    dcs.expiresAtMs = this.nowMs + this.config.ttlMs;
    dcs.lastLeader = node.id;
    node.lastRenewMs = this.nowMs;
    this.emit({ kind: 'lock', timeMs: this.nowMs, holder: node.id, expiresAtMs: dcs.expiresAtMs, revision: dcs.revision, why: held ? 'renewed' : 're-acquired' });
    if (!held) {
      node.epoch = dcs.revision;
      if (this.config.fencing === 'token') this.guardEpoch = Math.max(this.guardEpoch, node.epoch);
    }
    this.manageSynchronousStandby(node);
  }

  /**
   * Patroni's synchronous mode: keep a connected synchronous standby named in /sync. A new one is
   * named only once it has flushed every acknowledged commit, and the DCS is told before commits
   * stop waiting (non-strict), so the /sync standby always holds every acknowledged write.
   */
  private manageSynchronousStandby(node: NodeState): void {
    const dcs = this.dcsState;
    if (this.config.mode === 'async') return;
    if (this.config.mode === 'quorum') return this.updateDegraded(node);
    const connected = this.connectedSenders(node);
    if (dcs.syncStandby !== null && connected.some((sender) => sender.standby === dcs.syncStandby)) {
      if (node.degraded) {
        node.degraded = false;
        this.emit({ kind: 'role', timeMs: this.nowMs, node: node.id, role: 'primary', timeline: node.timeline, why: `synchronous standby ${dcs.syncStandby} back: commits wait for it again` });
      }
      return this.releaseCommits(node);
    }
    const caughtUp = connected.find((sender) => sender.flush >= node.ackedLsn);
    if (caughtUp) {
      dcs.syncStandby = caughtUp.standby;
      node.degraded = false;
    } else if (!this.config.strict) {
      dcs.syncStandby = null;
      if (!node.degraded) this.emit({ kind: 'role', timeMs: this.nowMs, node: node.id, role: 'primary', timeline: node.timeline, why: 'no synchronous standby: /sync cleared, commits no longer wait (degraded to async)' });
      node.degraded = true;
    }
    this.releaseCommits(node);
  }

  /** Why this node may not take the lock now, or null (Patroni's is_healthiest_node, simplified). */
  private ineligible(node: NodeState): string | null {
    const dcs = this.dcsState;
    if (this.config.mode === 'sync' && dcs.syncStandby !== node.id && dcs.lastLeader !== node.id) return `only the synchronous standby (${dcs.syncStandby ?? 'none'}) may take over`;
    const mine = walEndOf(node);
    for (const other of this.nodes) {
      if (other === node || !this.isAlive(other.id) || !this.reachable(node.id, other.id)) continue;
      if (other.role === 'primary') return `${other.id} still runs as a primary`;
      // In synchronous mode the /sync standby holds every acknowledged commit: more WAL elsewhere is unacknowledged.
      if (this.config.mode !== 'sync' && walEndOf(other) > mine) return `${other.id} has more WAL`;
    }
    if (this.config.mode === 'quorum') {
      // ANY k of S: a candidate must see S − k + 1 standbys (itself included) to be sure it has every acknowledged commit.
      const standbys = this.config.nodeCount - 1;
      const seen = this.nodes.filter((other) => other.id === node.id || (this.isAlive(other.id) && this.reachable(node.id, other.id) && other.id !== dcs.lastLeader)).length;
      if (seen < standbys - this.config.syncCount + 1) return `sees ${seen} standbys; ANY ${this.config.syncCount} of ${standbys} needs ${standbys - this.config.syncCount + 1}`;
    }
    return null;
  }

  private acquireAndPromote(node: NodeState, why: string): void {
    const dcs = this.dcsState;
    dcs.revision += 1;
    dcs.holder = node.id;
    dcs.expiresAtMs = this.nowMs + this.config.ttlMs;
    dcs.lastLeader = node.id;
    dcs.syncStandby = null;
    node.lastRenewMs = this.nowMs;
    this.emit({ kind: 'lock', timeMs: this.nowMs, holder: node.id, expiresAtMs: dcs.expiresAtMs, revision: dcs.revision, why: 'acquired' });
    this.promote(node, why);
    node.ackedLsn = walEndOf(node);
    this.manageSynchronousStandby(node);
  }

  /** Follow the lock holder; a node whose WAL forked off is rewound first (Patroni's use_pg_rewind). */
  private followLeader(node: NodeState, leader: NodeId): void {
    const source = this.node(leader);
    if (!this.isAlive(leader) || !this.reachable(node.id, leader)) return;
    if (!isPrefixOf(node.wal, source.wal) || node.diverged !== null) {
      if (source.role === 'primary') this.rebuild(node, source, 'rewind');
      return;
    }
    this.follow(node, leader, `the leader lock is held by ${leader}`);
  }

  // ——— Faults ———

  private crash(id: NodeId): void {
    if (!this.isAlive(id)) return;
    this.network.crash(id);
    this.transport.dropAllTo(id);
    if (id === WITNESS_ID) return;
    const node = this.node(id);
    node.life += 1;
    if (node.role === 'primary') {
      this.endInterval(id);
      this.abandonWaiting(node, `${id} crashed before acknowledging: the commit may or may not survive`);
    }
    // Written but not flushed WAL lived in the OS cache: a crash loses it.
    node.wal = node.wal.slice(0, indexAfter(node.wal, node.flush));
    node.buffer = [];
    node.senders = [];
    node.retryPending = false;
    this.emit({ kind: 'role', timeMs: this.nowMs, node: id, role: 'down', timeline: node.timeline, why: 'crashed' });
  }

  private restart(id: NodeId): void {
    if (this.isAlive(id)) return;
    this.network.restart(id);
    if (id === WITNESS_ID) return;
    const node = this.node(id);
    node.life += 1;
    node.replay = FIRST_LSN;
    node.data = new Map();
    this.replayAll(node);
    node.lastHeardUpstreamMs = this.nowMs;
    let why = 'restarted: crash recovery, then streams from its upstream again';
    if (node.role === 'primary') {
      if (this.config.failover === 'managed') {
        // Patroni starts PostgreSQL read-only and lets the HA loop decide.
        node.role = 'demoted';
        why = 'restarted by Patroni read-only: the HA loop decides whether it leads or follows';
      } else {
        // No standby.signal: PostgreSQL comes back as the primary it was.
        this.intervalList.push({ node: id, timeline: node.timeline, startMs: this.nowMs, endMs: null });
        // Its lease died with it: under lease fencing it refuses writes until standbys renew it.
        node.leases = new Map(this.nodeIds.filter((other) => other !== id).map((other) => [other, -1]));
        node.leaseLapsed = false;
        node.waiting = [];
        node.degraded = false;
        why = 'restarted as a primary (no standby.signal): it accepts writes on its old timeline';
      }
    }
    this.emit({ kind: 'role', timeMs: this.nowMs, node: id, role: node.role, timeline: node.timeline, why });
    this.startTimers(node);
    if (node.role === 'standby') this.sendStatus(node);
  }

  private startTimers(node: NodeState): void {
    // Random phases: nodes do not tick in lockstep (and a crashed node's old timers are dead).
    this.scheduler.schedule(this.nowMs + this.prng.intBetween(1, this.config.heartbeatMs), { type: 'tick', node: node.id, life: node.life });
    if (this.config.failover === 'managed') this.scheduler.schedule(this.nowMs + this.prng.intBetween(1, this.config.loopWaitMs), { type: 'loop', node: node.id, life: node.life });
  }

  // ——— Trace ———

  private refuse(command: ReplicationCommand, reason: string): void {
    this.emit({ kind: 'refused', timeMs: this.nowMs, command, reason });
  }

  private emitSend(message: InFlightMessage): void {
    if (this.sink === null && this.observers.length === 0) return;
    this.emit({ kind: 'send', timeMs: this.nowMs, messageId: message.id, from: message.from, to: message.to, type: message.message.type, deliverAtMs: message.deliverAtMs });
  }

  private emitDrop(message: InFlightMessage, reason: DropReason): void {
    this.emit({ kind: 'drop', timeMs: this.nowMs, messageId: message.id, from: message.from, to: message.to, reason });
  }

  private emit(event: ReplicationTraceEvent): void {
    this.sink?.(event);
    for (const observer of this.observers) observer(event);
  }

  private node(id: NodeId): NodeState {
    const node = this.nodes[nodeIndexOf(id)];
    if (!node || node.id !== id) throw new RangeError(`unknown node ${id}`);
    return node;
  }
}

// ——— WAL helpers ———

function walEndOf(node: { readonly wal: readonly WalRecord[] }): number {
  return node.wal.at(-1)?.endLsn ?? FIRST_LSN;
}

function lastUidOf(node: { readonly wal: readonly WalRecord[] }): number {
  return node.wal.at(-1)?.uid ?? 0;
}

/** Index of the first record that starts at or after `lsn` (records are contiguous and sorted). */
function indexAfter(wal: readonly WalRecord[], lsn: number): number {
  let low = 0;
  let high = wal.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (wal[middle]!.lsn < lsn) low = middle + 1;
    else high = middle;
  }
  return low;
}

export function recordAt(wal: readonly WalRecord[], lsn: number): WalRecord | undefined {
  const record = wal[indexAfter(wal, lsn)];
  return record?.lsn === lsn ? record : undefined;
}

function recordEndingAt(wal: readonly WalRecord[], endLsn: number): WalRecord | undefined {
  const index = indexAfter(wal, endLsn) - 1;
  const record = wal[index];
  return record?.endLsn === endLsn ? record : undefined;
}

/** Whether `wal` is a prefix of `other` (same records up to its end). */
export function isPrefixOf(wal: readonly WalRecord[], other: readonly WalRecord[]): boolean {
  if (wal.length === 0) return true;
  if (wal.length > other.length) return false;
  return other[wal.length - 1]!.uid === wal[wal.length - 1]!.uid;
}

/** The timeline `node`'s history was on at `lsn`. */
function timelineAt(node: { readonly timeline: number; readonly history: readonly TimelineSwitch[] }, lsn: number): number {
  for (const entry of node.history) if (lsn <= entry.forkLsn) return entry.timeline;
  return node.timeline;
}

function copyNode(node: NodeState): NodeState {
  return {
    ...node,
    history: node.history.slice(),
    wal: node.wal.slice(),
    buffer: node.buffer.slice(),
    senders: node.senders.map((sender) => ({ ...sender })),
    waiting: node.waiting.map((entry) => ({ ...entry })),
    leases: new Map(node.leases),
    data: new Map(node.data),
  };
}
