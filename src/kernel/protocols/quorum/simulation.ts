// A replicated key-value store in a simulated network: replicas, clients and coordinators for the
// leaderless (Dynamo) mode and the consensus (Raft) mode, driven by the seeded prng and the scheduler.

import { Prng, type PrngState } from '../../prng.ts';
import { Scheduler, type SchedulerSnapshot } from '../../scheduler.ts';
import { Network, type DropReason, type LinkQuality, type NetworkSnapshot } from '../../net/network.ts';
import { Transport, type InFlight, type TransportSnapshot } from '../../net/transport.ts';
import { applyNetworkCommand, type NetworkCommandHost } from '../../net/commands.ts';
import type { ReplayableSimulation } from '../../history.ts';
import type { RegisterValue } from '../../checkers/linearizability/index.ts';
import { RaftNode, type RaftNodeSnapshot } from '../raft/node.ts';
import type { RaftEffect, TimerKind } from '../raft/types.ts';
import type { DisplayRole } from '../raft/trace.ts';
import { validateQuorumConfig, validateQuorumSettings, type QuorumCommand, type QuorumConfig, type QuorumSettings } from './config.ts';
import type { QuorumTraceEvent } from './trace.ts';
import {
  assertNever,
  clientIdOf,
  compareVersions,
  formatLevel,
  replicaIdOf,
  replicaIndexOf,
  requiredReplies,
  type ClientId,
  type LoggedOperation,
  type OperationKind,
  type OperationRequest,
  type QuorumMessage,
  type QuorumOperation,
  type ReplicaId,
  type Version,
  type Versioned,
} from './types.ts';

/** Most operations a client may have waiting behind its current one (queues stay bounded). */
export const MAX_QUEUED_PER_CLIENT = 64;

export type InFlightMessage = InFlight<QuorumMessage>;

/** Everything the scheduler holds besides messages. */
type TimedEvent =
  | { readonly type: 'client-timeout'; readonly opId: number }
  | { readonly type: 'coordinator-deadline'; readonly replica: ReplicaId; readonly opId: number }
  | { readonly type: 'fallback'; readonly replica: ReplicaId; readonly opId: number }
  | { readonly type: 'handoff-tick' }
  | { readonly type: 'raft-timer'; readonly replica: ReplicaId; readonly timer: TimerKind; readonly generation: number };

type KernelEvent = InFlightMessage | TimedEvent;

/** A hinted write a stand-in replica keeps for a preference-list replica it could not reach (Dynamo §4.6). */
export interface Hint {
  readonly intended: ReplicaId;
  readonly key: string;
  readonly stored: Versioned;
}

/** A coordinator's view of one operation it is serving: who was asked, who answered. */
export interface PendingRequest {
  readonly opId: number;
  readonly client: ClientId;
  readonly kind: OperationKind;
  readonly key: string;
  /** A write's value and stamp. */
  readonly value: RegisterValue;
  readonly version: Version | null;
  readonly required: number;
  readonly minVersion: Version | null;
  /** The key's preference list (leaderless); empty in consensus mode. */
  readonly targets: readonly ReplicaId[];
  contacted: ReplicaId[];
  responders: ReplicaId[];
  /** Reads: each responder's copy, aligned with `responders`. */
  replies: (Versioned | null)[];
  best: Versioned | null;
  answered: boolean;
}

interface ReplicaState {
  readonly id: ReplicaId;
  readonly index: number;
  /** Durable: survives a crash. In consensus mode, the state machine (volatile, rebuilt from the log). */
  store: Map<string, Versioned>;
  /** Durable hinted writes, keyed by `intended + '\u0000' + key`. */
  hints: Map<string, Hint>;
  /** Highest version counter seen (Lamport), durable. */
  lamport: number;
  /** Last timestamp issued, so one replica never issues the same stamp twice. */
  lastTimestamp: number;
  /** Volatile: operations this replica coordinates; duplicates of a request are ignored. */
  seen: Set<number>;
  pending: Map<number, PendingRequest>;
  /** Consensus mode: last log index applied to the state machine, and the operations applied. */
  applied: number;
  appliedOps: Set<number>;
}

interface ClientState {
  readonly id: ClientId;
  /** The replica a sticky client always uses. */
  readonly home: ReplicaId;
  readYourWrites: boolean;
  monotonicReads: boolean;
  /** Highest version this client wrote / read, per key (the session's memory). */
  written: Map<string, Version>;
  read: Map<string, Version>;
  current: number | null;
  queue: number[];
}

interface RaftTimers {
  election: number;
  heartbeat: number;
  electionDeadlineMs: number | null;
}

export interface QuorumSnapshot {
  readonly nowMs: number;
  readonly prng: PrngState;
  readonly scheduler: SchedulerSnapshot<KernelEvent>;
  readonly network: NetworkSnapshot;
  readonly settings: QuorumSettings;
  readonly replicas: readonly ReplicaState[];
  readonly raft: readonly RaftNodeSnapshot[] | null;
  readonly raftTimers: readonly RaftTimers[];
  readonly clients: readonly ClientState[];
  readonly operations: readonly QuorumOperation[];
  readonly transport: TransportSnapshot<QuorumMessage>;
  readonly handoffTickScheduled: boolean;
}

export class QuorumSimulation implements ReplayableSimulation<QuorumCommand, QuorumSnapshot, QuorumTraceEvent> {
  readonly config: QuorumConfig;
  readonly network: Network;
  readonly replicaIds: readonly ReplicaId[];
  readonly clientIds: readonly ClientId[];
  nowMs = 0;
  settings: QuorumSettings;
  private readonly prng: Prng;
  private readonly scheduler = new Scheduler<KernelEvent>();
  private replicas: ReplicaState[];
  /** Consensus mode only: the Raft state machine of each replica, composed, not modified. */
  readonly raftNodes: readonly RaftNode[] | null;
  private raftTimers: RaftTimers[];
  private clients: ClientState[];
  private operationList: QuorumOperation[] = [];
  private readonly transport: Transport<QuorumMessage, TimedEvent>;
  private handoffTickScheduled = false;
  private sink: ((event: QuorumTraceEvent) => void) | null = null;
  private readonly observers: ((event: QuorumTraceEvent) => void)[] = [];
  private readonly preferenceLists = new Map<string, readonly ReplicaId[]>();

  /** What the kit's shared network words (crash, partition, cut, …) act on. */
  private readonly networkHost: NetworkCommandHost<ReplicaId>;

  constructor(config: QuorumConfig) {
    const problems = validateQuorumConfig(config);
    if (problems.length > 0) throw new RangeError(problems.join('; '));
    this.config = config;
    this.settings = pickSettings(config);
    this.prng = new Prng(config.seed);
    this.replicaIds = Array.from({ length: config.replicaCount }, (_, index) => replicaIdOf(index));
    this.clientIds = Array.from({ length: config.clientCount }, (_, index) => clientIdOf(index));
    this.network = new Network([...this.replicaIds, ...this.clientIds], linkQuality(this.settings));
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
    this.replicas = this.replicaIds.map((id, index) => ({
      id,
      index,
      store: new Map(),
      hints: new Map(),
      lamport: 0,
      lastTimestamp: Number.NEGATIVE_INFINITY,
      seen: new Set(),
      pending: new Map(),
      applied: 0,
      appliedOps: new Set(),
    }));
    this.clients = this.clientIds.map((id, index) => ({
      id,
      home: this.replicaIds[index % this.replicaIds.length]!,
      readYourWrites: config.readYourWrites,
      monotonicReads: config.monotonicReads,
      written: new Map(),
      read: new Map(),
      current: null,
      queue: [],
    }));
    this.raftTimers = this.replicaIds.map(() => ({ election: 0, heartbeat: 0, electionDeadlineMs: null }));
    if (config.mode === 'consensus') {
      const ids = this.replicaIds;
      this.raftNodes = ids.map((id) => new RaftNode(id, ids.filter((other) => other !== id)));
      for (const node of this.raftNodes) {
        node.start();
        this.settleRaft(this.replicaState(node.id));
      }
    } else {
      this.raftNodes = null;
    }
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
        return message ? this.deliver(message) : undefined;
      }
      case 'client-timeout':
        return this.clientTimeout(event.opId);
      case 'coordinator-deadline':
        this.replicaState(event.replica).pending.delete(event.opId);
        return;
      case 'fallback':
        return this.fallBack(event.replica, event.opId);
      case 'handoff-tick':
        return this.handoffTick();
      case 'raft-timer':
        return this.raftTimerFired(event.replica, event.timer, event.generation);
      default:
        return assertNever(event);
    }
  }

  advanceClockTo(timeMs: number): void {
    if (timeMs > this.nowMs) this.nowMs = timeMs;
  }

  setTraceSink(sink: ((event: QuorumTraceEvent) => void) | null): void {
    this.sink = sink;
  }

  /** Observers (tests, checkers) see every event, replayed or not. */
  addObserver(observer: (event: QuorumTraceEvent) => void): void {
    this.observers.push(observer);
  }

  apply(command: QuorumCommand): void {
    this.emit({ kind: 'action', timeMs: this.nowMs, command });
    switch (command.type) {
      case 'operation':
        this.issue(command.request);
        return;
      case 'crash':
      case 'restart':
      case 'partition':
      case 'isolate':
      case 'move':
      case 'heal':
      case 'cut':
      case 'restore-link':
        return applyNetworkCommand(this.networkHost, command);
      case 'configure': {
        const settings = { ...this.settings, ...command.settings };
        const problems = validateQuorumSettings(settings, this.config.replicaCount);
        if (problems.length > 0) throw new RangeError(problems.join('; '));
        this.settings = settings;
        this.network.quality = linkQuality(settings);
        return;
      }
      case 'session': {
        const client = this.clientState(command.client);
        if (command.readYourWrites !== undefined) client.readYourWrites = command.readYourWrites;
        if (command.monotonicReads !== undefined) client.monotonicReads = command.monotonicReads;
        return;
      }
      default:
        return assertNever(command);
    }
  }

  // ——— Questions ———

  get operations(): readonly QuorumOperation[] {
    return this.operationList;
  }

  operation(id: number): QuorumOperation | undefined {
    return this.operationList[id];
  }

  isAlive(replica: ReplicaId): boolean {
    return this.network.isAlive(replica);
  }

  /** Dynamo's preference list: N consecutive replicas of the ring, starting where the key hashes. */
  preferenceList(key: string): readonly ReplicaId[] {
    let list = this.preferenceLists.get(key);
    if (list === undefined) {
      const start = fnv1a(key) % this.replicaIds.length;
      list = Array.from({ length: this.config.replicationFactor }, (_, offset) => this.replicaIds[(start + offset) % this.replicaIds.length]!);
      this.preferenceLists.set(key, list);
    }
    return list;
  }

  /** A replica's copy of a key (its own store; hinted copies are apart, see `hintsOf`). */
  storedAt(replica: ReplicaId, key: string): Versioned | undefined {
    return this.replicaState(replica).store.get(key);
  }

  storeOf(replica: ReplicaId): ReadonlyMap<string, Versioned> {
    return this.replicaState(replica).store;
  }

  hintsOf(replica: ReplicaId): readonly Hint[] {
    return [...this.replicaState(replica).hints.values()];
  }

  pendingAt(replica: ReplicaId): readonly PendingRequest[] {
    return [...this.replicaState(replica).pending.values()];
  }

  raftNode(replica: ReplicaId): RaftNode | undefined {
    return this.raftNodes?.[replicaIndexOf(replica)];
  }

  /** Consensus mode: the alive leader of the highest term, if any. */
  currentLeader(): RaftNode | undefined {
    let best: RaftNode | undefined;
    for (const node of this.raftNodes ?? []) {
      if (node.role === 'leader' && this.isAlive(node.id) && (!best || node.currentTerm > best.currentTerm)) best = node;
    }
    return best;
  }

  displayRole(replica: ReplicaId): DisplayRole | 'replica' | 'crashed' {
    if (!this.isAlive(replica)) return 'crashed';
    return this.raftNode(replica)?.role ?? 'replica';
  }

  electionDeadlineMs(replica: ReplicaId): number | null {
    return this.raftTimers[replicaIndexOf(replica)]!.electionDeadlineMs;
  }

  sessionOf(client: ClientId): { readonly home: ReplicaId; readonly readYourWrites: boolean; readonly monotonicReads: boolean; readonly current: number | null; readonly queued: readonly number[] } {
    const state = this.clientState(client);
    return { home: state.home, readYourWrites: state.readYourWrites, monotonicReads: state.monotonicReads, current: state.current, queued: state.queue.slice() };
  }

  messagesInFlight(): IterableIterator<InFlightMessage> {
    return this.transport.values();
  }

  // ——— Snapshots ———

  snapshot(): QuorumSnapshot {
    return {
      nowMs: this.nowMs,
      prng: this.prng.getState(),
      scheduler: this.scheduler.snapshot(),
      network: this.network.snapshot(),
      settings: this.settings,
      replicas: this.replicas.map(copyReplica),
      raft: this.raftNodes?.map((node) => node.snapshot()) ?? null,
      raftTimers: this.raftTimers.map((timers) => ({ ...timers })),
      clients: this.clients.map(copyClient),
      operations: this.operationList.slice(),
      transport: this.transport.snapshot(),
      handoffTickScheduled: this.handoffTickScheduled,
    };
  }

  restore(snapshot: QuorumSnapshot): void {
    this.nowMs = snapshot.nowMs;
    this.prng.setState(snapshot.prng);
    this.scheduler.restore(snapshot.scheduler);
    this.network.restoreSnapshot(snapshot.network);
    this.settings = snapshot.settings;
    this.replicas = snapshot.replicas.map(copyReplica);
    this.raftNodes?.forEach((node, index) => node.restore(snapshot.raft![index]!));
    this.raftTimers = snapshot.raftTimers.map((timers) => ({ ...timers }));
    this.clients = snapshot.clients.map(copyClient);
    this.operationList = snapshot.operations.slice();
    this.transport.restore(snapshot.transport);
    this.handoffTickScheduled = snapshot.handoffTickScheduled;
  }

  // ——— Clients ———

  private issue(request: OperationRequest): void {
    const client = this.clientState(request.client);
    const sticky = client.readYourWrites || client.monotonicReads;
    // A client with no session guarantee goes through whichever replica a load balancer picks, and
    // a load balancer sits on the client's side of a partition: it routes to replicas the client can
    // reach (alive, no cut in between). Only when none is reachable does the request cross the cut and
    // time out, which is then the lesson. One draw either way, so runs without faults replay as before.
    const reachable = this.replicaIds.filter((replica) => this.isAlive(replica) && this.network.blockedReason(client.id, replica) === null);
    const pool = reachable.length > 0 ? reachable : this.replicaIds;
    const coordinator = request.via ?? (sticky ? client.home : pool[this.prng.intBetween(0, pool.length - 1)]!);
    if (!this.replicaIds.includes(coordinator)) throw new RangeError(`unknown replica ${coordinator}`);
    const level = request.level ?? (request.kind === 'read' ? this.settings.readLevel : this.settings.writeLevel);
    const operation: QuorumOperation = {
      id: this.operationList.length,
      client: client.id,
      kind: request.kind,
      key: request.key,
      value: request.kind === 'write' ? request.value : undefined,
      level,
      required: this.config.mode === 'consensus' ? 0 : requiredReplies(level, this.config.replicationFactor),
      coordinator,
      status: 'queued',
      invokeMs: null,
      completeMs: null,
      version: null,
      detail: '',
    };
    this.operationList.push(operation);
    if (client.queue.length >= MAX_QUEUED_PER_CLIENT) {
      // Refused before it was sent: it never started, so it cannot have taken effect.
      this.updateOperation(operation.id, { status: 'fail', detail: `${client.id} already has ${MAX_QUEUED_PER_CLIENT} operations waiting` });
      return;
    }
    client.queue.push(operation.id);
    if (client.current === null) this.invokeNext(client);
  }

  private invokeNext(client: ClientState): void {
    const opId = client.queue.shift();
    if (opId === undefined) return;
    const operation = this.operationList[opId]!;
    client.current = opId;
    this.updateOperation(opId, { status: 'pending', invokeMs: this.nowMs });
    this.emit({ kind: 'invoke', timeMs: this.nowMs, opId });
    let minVersion: Version | null = null;
    if (this.config.mode === 'leaderless' && operation.kind === 'read') {
      if (client.readYourWrites) minVersion = newer(minVersion, client.written.get(operation.key) ?? null);
      if (client.monotonicReads) minVersion = newer(minVersion, client.read.get(operation.key) ?? null);
    }
    this.transport.send(client.id, operation.coordinator, {
      type: 'ClientRequest',
      opId,
      kind: operation.kind,
      key: operation.key,
      value: operation.kind === 'write' ? operation.value! : null,
      required: operation.required,
      minVersion,
    });
    this.scheduler.schedule(this.nowMs + this.settings.operationTimeoutMs, { type: 'client-timeout', opId });
  }

  private clientReply(client: ClientState, message: Extract<QuorumMessage, { type: 'ClientReply' }>): void {
    const operation = this.operationList[message.opId];
    if (!operation || operation.status !== 'pending' || operation.client !== client.id) return; // Late or duplicate.
    if (message.ok) {
      const version = message.version;
      if (version !== null) {
        const memory = operation.kind === 'write' ? client.written : client.read;
        memory.set(operation.key, newer(memory.get(operation.key) ?? null, version)!);
      }
      this.complete(client, operation, {
        status: 'ok',
        version,
        ...(operation.kind === 'read' ? { value: message.value } : {}),
      });
    } else {
      this.complete(client, operation, { status: 'fail', detail: message.reason });
    }
  }

  private clientTimeout(opId: number): void {
    const operation = this.operationList[opId]!;
    if (operation.status !== 'pending') return;
    const client = this.clientState(operation.client);
    // Jepsen's rule: a read that got no answer changed nothing (fail); a write may have landed (indeterminate).
    this.complete(client, operation, { status: operation.kind === 'read' ? 'fail' : 'timeout', detail: this.whyNoAnswer(operation) });
  }

  private complete(client: ClientState, operation: QuorumOperation, changes: Partial<QuorumOperation>): void {
    this.updateOperation(operation.id, { ...changes, completeMs: this.nowMs });
    this.emit({ kind: 'complete', timeMs: this.nowMs, opId: operation.id, status: changes.status! });
    client.current = null;
    this.invokeNext(client);
  }

  /** A god's-eye note on why a client heard nothing in time (the client itself cannot know). */
  private whyNoAnswer(operation: QuorumOperation): string {
    const timeout = `no answer within ${this.settings.operationTimeoutMs} ms`;
    const coordinator = operation.coordinator;
    if (!this.isAlive(coordinator)) return `${timeout}: coordinator ${coordinator} is down`;
    if (this.network.blockedReason(operation.client, coordinator) !== null) return `${timeout}: ${operation.client} cannot reach ${coordinator}`;
    const pending = this.replicaState(coordinator).pending.get(operation.id);
    if (this.config.mode === 'consensus') {
      const node = this.raftNode(coordinator)!;
      const where =
        node.role === 'leader' ? `${coordinator} leads term ${node.currentTerm} but no majority acknowledged the entry`
        : node.leaderId !== null ? `${coordinator} passed it to ${node.leaderId}, and no majority committed it`
        : `${coordinator} knows no leader`;
      return `${timeout}: ${where}`;
    }
    if (!pending) return `${timeout}: ${coordinator} never saw the request or its reply was lost`;
    const noun = operation.kind === 'read' ? 'replies' : 'acks';
    const silent = pending.contacted.filter((replica) => !pending.responders.includes(replica));
    if (pending.answered) return `${timeout}: ${coordinator} answered but the reply was lost`;
    if (pending.responders.length >= pending.required && pending.minVersion !== null) {
      return `${timeout}: ${coordinator} had ${pending.responders.length} ${noun}, none with this session's version`;
    }
    return `${timeout}: ${coordinator} had ${pending.responders.length} of ${pending.required} ${noun} at ${formatLevel(operation.level)}${silent.length > 0 ? ` (${silent.join(', ')} silent)` : ''}`;
  }

  private updateOperation(opId: number, changes: Partial<QuorumOperation>): void {
    // Records are immutable, so a snapshot's shallow copy of the list keeps the past intact.
    this.operationList[opId] = { ...this.operationList[opId]!, ...changes };
  }

  // ——— Delivery ———

  private deliver(inFlight: InFlightMessage): void {
    this.emit({ kind: 'deliver', timeMs: this.nowMs, messageId: inFlight.id, from: inFlight.from, to: inFlight.to });
    const { from, to, message } = inFlight;
    if (message.type === 'ClientReply') {
      const client = this.clients.find((state) => state.id === to);
      if (client) this.clientReply(client, message);
      return;
    }
    const replica = this.replicaState(to);
    switch (message.type) {
      case 'ClientRequest':
        return this.config.mode === 'consensus' ? this.consensusRequest(replica, from, message) : this.coordinate(replica, from, message);
      case 'Store':
        this.storeCopy(replica, message.key, { value: message.value, version: message.version }, message.hintFor);
        return this.transport.send(replica.id, from, { type: 'StoreAck', opId: message.opId });
      case 'StoreAck':
        return this.acknowledged(replica, from, message.opId);
      case 'Fetch':
        return this.transport.send(replica.id, from, { type: 'FetchReply', opId: message.opId, key: message.key, stored: this.readCopy(replica, message.key) });
      case 'FetchReply':
        return this.fetched(replica, from, message.opId, message.stored);
      case 'Repair':
        return this.storeCopy(replica, message.key, message.stored, null);
      case 'Handoff':
        this.storeCopy(replica, message.key, message.stored, null);
        return this.transport.send(replica.id, from, { type: 'HandoffAck', key: message.key, version: message.stored.version });
      case 'HandoffAck': {
        const hintKey = `${from}\u0000${message.key}`;
        const hint = replica.hints.get(hintKey);
        // A newer hint for the same key may have arrived since; only the delivered one goes.
        if (hint && compareVersions(hint.stored.version, message.version) === 0) replica.hints.delete(hintKey);
        return;
      }
      case 'Raft': {
        const node = this.raftNode(replica.id)!;
        const before = { role: node.role, term: node.currentTerm };
        node.receive(from, message.message);
        return this.settleRaft(replica, before);
      }
      case 'Forward':
        return this.forwarded(replica, from, message);
      case 'Result': {
        const pending = replica.pending.get(message.opId);
        if (!pending) return;
        replica.pending.delete(message.opId);
        return this.transport.send(replica.id, pending.client, message.ok
          ? { type: 'ClientReply', opId: message.opId, ok: true, value: message.value, version: message.version }
          : { type: 'ClientReply', opId: message.opId, ok: false, reason: message.reason });
      }
      default:
        return assertNever(message);
    }
  }

  // ——— Leaderless coordinator (Dynamo §4.5: "put() and get()") ———

  private coordinate(replica: ReplicaState, client: ClientId, request: Extract<QuorumMessage, { type: 'ClientRequest' }>): void {
    if (replica.seen.has(request.opId)) return; // A duplicated request must not write twice.
    replica.seen.add(request.opId);
    const targets = this.preferenceList(request.key);
    const version = request.kind === 'write' ? this.stamp(replica) : null;
    const pending: PendingRequest = {
      opId: request.opId,
      client,
      kind: request.kind,
      key: request.key,
      value: request.value,
      version,
      required: request.required,
      minVersion: request.minVersion,
      targets,
      contacted: [],
      responders: [],
      replies: [],
      best: null,
      answered: false,
    };
    replica.pending.set(request.opId, pending);
    this.scheduler.schedule(this.nowMs + this.settings.operationTimeoutMs, { type: 'coordinator-deadline', replica: replica.id, opId: request.opId });
    if (this.settings.sloppyQuorum && targets.length < this.replicaIds.length) {
      this.scheduler.schedule(this.nowMs + this.settings.fallbackAfterMs, { type: 'fallback', replica: replica.id, opId: request.opId });
    }
    for (const target of targets) this.contact(replica, pending, target, null);
  }

  /** Ask one replica: the coordinator's own copy is answered at once, others over the network. */
  private contact(replica: ReplicaState, pending: PendingRequest, target: ReplicaId, hintFor: ReplicaId | null): void {
    pending.contacted.push(target);
    if (target === replica.id) {
      if (pending.kind === 'write') {
        this.storeCopy(replica, pending.key, { value: pending.value, version: pending.version! }, hintFor);
        this.acknowledged(replica, replica.id, pending.opId);
      } else {
        this.fetched(replica, replica.id, pending.opId, this.readCopy(replica, pending.key));
      }
      return;
    }
    if (pending.kind === 'write') {
      this.transport.send(replica.id, target, { type: 'Store', opId: pending.opId, key: pending.key, value: pending.value, version: pending.version!, hintFor });
    } else {
      this.transport.send(replica.id, target, { type: 'Fetch', opId: pending.opId, key: pending.key });
    }
  }

  private acknowledged(replica: ReplicaState, from: ReplicaId, opId: number): void {
    const pending = replica.pending.get(opId);
    if (!pending || pending.responders.includes(from)) return;
    pending.responders.push(from);
    if (!pending.answered && pending.responders.length >= pending.required) {
      pending.answered = true;
      this.transport.send(replica.id, pending.client, { type: 'ClientReply', opId, ok: true, value: pending.value, version: pending.version });
    }
  }

  private fetched(replica: ReplicaState, from: ReplicaId, opId: number, stored: Versioned | null): void {
    const pending = replica.pending.get(opId);
    if (!pending || pending.responders.includes(from)) return;
    if (stored) replica.lamport = Math.max(replica.lamport, stored.version.counter);
    pending.responders.push(from);
    pending.replies.push(stored);
    if (stored && (pending.best === null || compareVersions(stored.version, pending.best.version) > 0)) pending.best = stored;
    const best = pending.best;
    if (!pending.answered && pending.responders.length >= pending.required && compareVersions(best?.version ?? null, pending.minVersion) >= 0) {
      pending.answered = true;
      // Last write wins: the newest stamp among the R replies is the answer.
      this.transport.send(replica.id, pending.client, { type: 'ClientReply', opId, ok: true, value: best?.value ?? null, version: best?.version ?? null });
    }
    if (pending.answered && this.settings.readRepair && best) {
      // Read repair (Dynamo §5): replicas that answered with an older copy get the newest one;
      // late answers are repaired as they come, until the coordinator's deadline.
      pending.responders.forEach((responder, index) => {
        const reply = pending.replies[index] ?? null;
        if (compareVersions(reply?.version ?? null, best.version) >= 0) return;
        pending.replies[index] = best;
        if (responder === replica.id) this.storeCopy(replica, pending.key, best, null);
        else this.transport.send(replica.id, responder, { type: 'Repair', key: pending.key, stored: best });
      });
    }
  }

  /** Sloppy quorum (Dynamo §4.6): silent preference-list replicas are replaced by the next ones on the ring. */
  private fallBack(replicaId: ReplicaId, opId: number): void {
    const replica = this.replicaState(replicaId);
    const pending = replica.pending.get(opId);
    if (!pending || pending.answered || !this.isAlive(replicaId) || !this.settings.sloppyQuorum) return;
    const silent = pending.targets.filter((target) => !pending.responders.includes(target));
    const start = this.replicaIds.indexOf(pending.targets[pending.targets.length - 1]!);
    const standIns: ReplicaId[] = [];
    for (let offset = 1; offset < this.replicaIds.length; offset++) {
      const candidate = this.replicaIds[(start + offset) % this.replicaIds.length]!;
      if (!pending.contacted.includes(candidate)) standIns.push(candidate);
    }
    silent.forEach((intended, index) => {
      const standIn = standIns[index];
      if (standIn !== undefined) this.contact(replica, pending, standIn, intended);
    });
  }

  /** Apply a copy if it is newer (last write wins); a hinted copy is kept apart for its owner. */
  private storeCopy(replica: ReplicaState, key: string, stored: Versioned, hintFor: ReplicaId | null): void {
    replica.lamport = Math.max(replica.lamport, stored.version.counter);
    if (hintFor !== null && hintFor !== replica.id) {
      const hintKey = `${hintFor}\u0000${key}`;
      const existing = replica.hints.get(hintKey);
      if (existing && compareVersions(existing.stored.version, stored.version) >= 0) return;
      replica.hints.set(hintKey, { intended: hintFor, key, stored });
      this.emit({ kind: 'store', timeMs: this.nowMs, replica: replica.id, key, version: stored.version, hinted: true });
      if (!this.handoffTickScheduled) {
        this.handoffTickScheduled = true;
        this.scheduler.schedule(this.nowMs + this.settings.handoffIntervalMs, { type: 'handoff-tick' });
      }
      return;
    }
    const existing = replica.store.get(key);
    if (existing && compareVersions(existing.version, stored.version) >= 0) return;
    replica.store.set(key, stored);
    this.emit({ kind: 'store', timeMs: this.nowMs, replica: replica.id, key, version: stored.version, hinted: false });
  }

  /** What a replica answers for a key: its own copy, or a newer hinted copy it holds (a stand-in answers too). */
  private readCopy(replica: ReplicaState, key: string): Versioned | null {
    let best = replica.store.get(key) ?? null;
    for (const hint of replica.hints.values()) {
      if (hint.key === key && (best === null || compareVersions(hint.stored.version, best.version) > 0)) best = hint.stored;
    }
    return best;
  }

  /** Hinted handoff: each replica holding hints offers them to their owners, until acknowledged. */
  private handoffTick(): void {
    this.handoffTickScheduled = false;
    let remaining = false;
    for (const replica of this.replicas) {
      if (replica.hints.size === 0) continue;
      remaining = true;
      if (!this.isAlive(replica.id)) continue;
      for (const hint of replica.hints.values()) this.transport.send(replica.id, hint.intended, { type: 'Handoff', key: hint.key, stored: hint.stored });
    }
    if (remaining) {
      this.handoffTickScheduled = true;
      this.scheduler.schedule(this.nowMs + this.settings.handoffIntervalMs, { type: 'handoff-tick' });
    }
  }

  private stamp(replica: ReplicaState): Version {
    if (this.settings.versionScheme === 'timestamp') {
      const clockMs = this.nowMs + (this.settings.clockSkewMs[replica.index] ?? 0);
      replica.lastTimestamp = Math.max(clockMs, replica.lastTimestamp + 1);
      return { counter: replica.lastTimestamp, replica: replica.index };
    }
    replica.lamport += 1;
    return { counter: replica.lamport, replica: replica.index };
  }

  // ——— Consensus mode: operations go through the Raft log ———

  private consensusRequest(replica: ReplicaState, client: ClientId, request: Extract<QuorumMessage, { type: 'ClientRequest' }>): void {
    if (replica.seen.has(request.opId)) return;
    replica.seen.add(request.opId);
    const node = this.raftNode(replica.id)!;
    const refuse = (reason: string) => this.transport.send(replica.id, client, { type: 'ClientReply', opId: request.opId, ok: false, reason });
    if (node.role !== 'leader' && (node.leaderId === null || node.leaderId === replica.id)) {
      // Nothing was proposed, so this is a definite failure, for writes too.
      return refuse(`${replica.id} knows no leader (an election is under way, or it is on a minority side)`);
    }
    replica.pending.set(request.opId, {
      opId: request.opId,
      client,
      kind: request.kind,
      key: request.key,
      value: request.value,
      version: null,
      required: 0,
      minVersion: null,
      targets: [],
      contacted: [],
      responders: [],
      replies: [],
      best: null,
      answered: false,
    });
    this.scheduler.schedule(this.nowMs + this.settings.operationTimeoutMs, { type: 'coordinator-deadline', replica: replica.id, opId: request.opId });
    if (node.role === 'leader') return this.propose(replica, replica.id, request);
    this.transport.send(replica.id, node.leaderId!, { type: 'Forward', opId: request.opId, kind: request.kind, key: request.key, value: request.value });
  }

  private forwarded(replica: ReplicaState, coordinator: ReplicaId, message: Extract<QuorumMessage, { type: 'Forward' }>): void {
    const node = this.raftNode(replica.id)!;
    if (node.role !== 'leader') {
      return this.transport.send(replica.id, coordinator, { type: 'Result', opId: message.opId, ok: false, reason: `${replica.id} is no longer the leader` });
    }
    if (replica.seen.has(message.opId)) return;
    replica.seen.add(message.opId);
    this.propose(replica, coordinator, message);
  }

  private propose(replica: ReplicaState, coordinator: ReplicaId, request: { opId: number; kind: OperationKind; key: string; value: RegisterValue }): void {
    const node = this.raftNode(replica.id)!;
    // Reads go through the log too: a leader that lost its majority cannot answer them (§8).
    const entry: LoggedOperation = { opId: request.opId, kind: request.kind, key: request.key, value: request.value, coordinator, proposer: replica.id };
    const before = { role: node.role, term: node.currentTerm };
    node.clientRequest(JSON.stringify(entry));
    this.settleRaft(replica, before);
  }

  /** After any Raft input: carry out the node's effects, then apply newly committed entries. */
  private settleRaft(replica: ReplicaState, before?: { role: string; term: number }): void {
    const node = this.raftNode(replica.id)!;
    const effects = node.outbox;
    node.outbox = [];
    for (const effect of effects) this.carryOut(replica, effect);
    if (before && (before.role !== node.role || before.term !== node.currentTerm)) {
      this.emit({ kind: 'role', timeMs: this.nowMs, replica: replica.id, role: node.role, term: node.currentTerm });
    }
    while (replica.applied < node.commitIndex) {
      replica.applied += 1;
      const entry = JSON.parse(node.log[replica.applied - 1]!.value) as LoggedOperation;
      // The state machine applies each operation once, even if a retry logged it twice.
      if (replica.appliedOps.has(entry.opId)) continue;
      replica.appliedOps.add(entry.opId);
      let value = entry.value;
      let version: Version | null;
      if (entry.kind === 'write') {
        version = { counter: replica.applied, replica: 0 };
        replica.store.set(entry.key, { value, version });
        this.emit({ kind: 'store', timeMs: this.nowMs, replica: replica.id, key: entry.key, version, hinted: false });
      } else {
        const stored = replica.store.get(entry.key);
        value = stored?.value ?? null;
        version = stored?.version ?? null;
      }
      if (entry.proposer !== replica.id) continue;
      if (entry.coordinator === replica.id) {
        const pending = replica.pending.get(entry.opId);
        if (!pending) continue;
        replica.pending.delete(entry.opId);
        this.transport.send(replica.id, pending.client, { type: 'ClientReply', opId: entry.opId, ok: true, value, version });
      } else {
        this.transport.send(replica.id, entry.coordinator, { type: 'Result', opId: entry.opId, ok: true, value, version });
      }
    }
  }

  private carryOut(replica: ReplicaState, effect: RaftEffect): void {
    const timers = this.raftTimers[replica.index]!;
    switch (effect.type) {
      case 'send':
        return this.transport.send(replica.id, effect.to, { type: 'Raft', message: effect.message });
      case 'resetElectionTimer': {
        timers.election += 1;
        const deadlineMs = this.nowMs + this.prng.intBetween(this.config.electionTimeoutMsMin, this.config.electionTimeoutMsMax);
        timers.electionDeadlineMs = deadlineMs;
        this.scheduler.schedule(deadlineMs, { type: 'raft-timer', replica: replica.id, timer: 'election', generation: timers.election });
        return;
      }
      case 'stopElectionTimer':
        timers.election += 1;
        timers.electionDeadlineMs = null;
        return;
      case 'startHeartbeatTimer':
        timers.heartbeat += 1;
        this.scheduler.schedule(this.nowMs + this.config.heartbeatIntervalMs, { type: 'raft-timer', replica: replica.id, timer: 'heartbeat', generation: timers.heartbeat });
        return;
      case 'stopHeartbeatTimer':
        timers.heartbeat += 1;
        return;
      default:
        return assertNever(effect);
    }
  }

  private raftTimerFired(replicaId: ReplicaId, timer: TimerKind, generation: number): void {
    const replica = this.replicaState(replicaId);
    const timers = this.raftTimers[replica.index]!;
    // A timer restarted or stopped since this wake-up was queued has a newer generation.
    if (!this.isAlive(replicaId) || timers[timer] !== generation) return;
    const node = this.raftNode(replicaId)!;
    const before = { role: node.role, term: node.currentTerm };
    if (timer === 'election') {
      timers.electionDeadlineMs = null;
      node.electionTimeout();
    } else {
      node.heartbeatTimeout();
    }
    this.settleRaft(replica, before);
  }

  // ——— Faults ———

  private crash(replicaId: ReplicaId): void {
    if (!this.isAlive(replicaId)) return;
    const replica = this.replicaState(replicaId);
    this.network.crash(replicaId);
    // Volatile state is lost; stored copies and hints are on disk and survive.
    replica.pending = new Map();
    replica.seen = new Set();
    const timers = this.raftTimers[replica.index]!;
    timers.election += 1;
    timers.heartbeat += 1;
    timers.electionDeadlineMs = null;
    this.transport.dropAllTo(replicaId);
    const node = this.raftNode(replicaId);
    this.emit({ kind: 'role', timeMs: this.nowMs, replica: replicaId, role: 'crashed', term: node?.currentTerm ?? 0 });
  }

  private restart(replicaId: ReplicaId): void {
    if (this.isAlive(replicaId)) return;
    this.network.restart(replicaId);
    const replica = this.replicaState(replicaId);
    const node = this.raftNode(replicaId);
    if (node) {
      // The key-value state machine is volatile: it is rebuilt by re-applying the committed log.
      replica.store = new Map();
      replica.applied = 0;
      replica.appliedOps = new Set();
      node.restart();
      this.settleRaft(replica, { role: 'crashed', term: node.currentTerm });
    }
  }

  // ——— The network ———

  private emitSend(message: InFlightMessage): void {
    if (this.sink === null && this.observers.length === 0) return;
    const opId = 'opId' in message.message ? message.message.opId : -1;
    this.emit({ kind: 'send', timeMs: this.nowMs, messageId: message.id, from: message.from, to: message.to, type: message.message.type, opId, deliverAtMs: message.deliverAtMs });
  }

  private emitDrop(message: InFlightMessage, reason: DropReason): void {
    this.emit({ kind: 'drop', timeMs: this.nowMs, messageId: message.id, from: message.from, to: message.to, reason });
  }

  private emit(event: QuorumTraceEvent): void {
    this.sink?.(event);
    for (const observer of this.observers) observer(event);
  }

  private replicaState(id: ReplicaId): ReplicaState {
    const replica = this.replicas[replicaIndexOf(id)];
    if (!replica || replica.id !== id) throw new RangeError(`unknown replica ${id}`);
    return replica;
  }

  private clientState(id: ClientId): ClientState {
    const client = this.clients.find((state) => state.id === id);
    if (!client) throw new RangeError(`unknown client ${id}`);
    return client;
  }
}

function newer(a: Version | null, b: Version | null): Version | null {
  return compareVersions(a, b) >= 0 ? a : b;
}

/** FNV-1a, 32 bits: a fixed, well-spread hash so a key's preference list never depends on a seed. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

function copyReplica(replica: ReplicaState): ReplicaState {
  return {
    ...replica,
    store: new Map(replica.store),
    hints: new Map(replica.hints),
    seen: new Set(replica.seen),
    pending: new Map([...replica.pending].map(([opId, pending]) => [opId, copyPending(pending)])),
    appliedOps: new Set(replica.appliedOps),
  };
}

function copyPending(pending: PendingRequest): PendingRequest {
  return { ...pending, contacted: pending.contacted.slice(), responders: pending.responders.slice(), replies: pending.replies.slice() };
}

function copyClient(client: ClientState): ClientState {
  return { ...client, written: new Map(client.written), read: new Map(client.read), queue: client.queue.slice() };
}

function pickSettings(config: QuorumConfig): QuorumSettings {
  const {
    latencyMsMin, latencyMsMax, lossPercent, duplicationPercent, operationTimeoutMs, readRepair, sloppyQuorum,
    fallbackAfterMs, handoffIntervalMs, readLevel, writeLevel, versionScheme, clockSkewMs,
  } = config;
  return {
    latencyMsMin, latencyMsMax, lossPercent, duplicationPercent, operationTimeoutMs, readRepair, sloppyQuorum,
    fallbackAfterMs, handoffIntervalMs, readLevel, writeLevel, versionScheme, clockSkewMs,
  };
}

function linkQuality(settings: QuorumSettings): LinkQuality {
  return {
    latencyMsMin: settings.latencyMsMin,
    latencyMsMax: settings.latencyMsMax,
    loss: { numerator: settings.lossPercent, denominator: 100 },
    duplication: { numerator: settings.duplicationPercent, denominator: 100 },
  };
}
