// 2–6 replicas of one CRDT over the kit's simulated network: local updates, anti-entropy by state
// (merge = least upper bound) or by operations (with a delivery layer that is causal and
// exactly-once, or raw), periodic gossip, partitions, loss, duplication, reordering, crashes, skewed
// clocks; the checkers run after every event. Optionally a Raft-replicated account runs the same
// counter workload beside it (bank-raft.ts).

import { Prng, type PrngState } from '../../prng.ts';
import { Scheduler, type SchedulerSnapshot } from '../../scheduler.ts';
import { Network, type DropReason, type LinkQuality, type NetworkSnapshot } from '../../net/network.ts';
import { Transport, type InFlight, type TransportSnapshot } from '../../net/transport.ts';
import { applyNetworkCommand, type NetworkCommandHost } from '../../net/commands.ts';
import type { ReplayableSimulation } from '../../history.ts';
import { BankOnRaft, type BankEvent, type BankMessage, type BankSnapshot } from './bank-raft.ts';
import { allAliveEqual, checkConvergence, checkMergePair, checkMonotonicUpdate, type LawViolation } from './checkers.ts';
import { validateCrdtConfig, validateCrdtSettings, type CrdtCommand, type CrdtConfig, type CrdtSettings } from './config.ts';
import { PLANTED_BUG_TYPES } from './planted-bugs.ts';
import { OP_BASED_TYPES, STATE_BASED_TYPES } from './registry.ts';
import type { CrdtMessageKind, CrdtTraceEvent } from './trace.ts';
import { entryOf, formatVector, incremented, mergeVectors, vectorLessOrEqual } from './vector.ts';
import {
  assertNever,
  formatCrdtMetadata,
  formatCrdtValue,
  metadataBytes,
  replicaIdOf,
  replicaIndexOf,
  type AnyOpBasedType,
  type AnyStateBasedType,
  type CrdtMetadata,
  type CrdtOperation,
  type CrdtValue,
  type ReplicaId,
  type VersionVector,
} from './types.ts';

/** An op-based update on the wire: its id (origin and sequence), its causal past, and the downstream operation. */
export interface OpEnvelope {
  readonly origin: ReplicaId;
  readonly sequence: number;
  /** What the origin had delivered when it issued this one (excluding it). */
  readonly dependencies: VersionVector;
  readonly downstream: unknown;
  readonly operation: CrdtOperation;
}

export type CrdtMessage =
  | { readonly type: 'state'; readonly exchange: number; readonly state: unknown; readonly delivered: VersionVector }
  | { readonly type: 'ops'; readonly exchange: number; readonly envelopes: readonly OpEnvelope[] }
  | BankMessage;

export type InFlightMessage = InFlight<CrdtMessage>;

type TimedEvent = { readonly type: 'gossip' } | BankEvent;
type KernelEvent = InFlightMessage | TimedEvent;

export interface ReplicaState {
  readonly id: ReplicaId;
  /** The type's payload (immutable: every update and merge makes a new one, sharing what did not change). */
  readonly state: unknown;
  /** Updates this state includes, per origin (state mode: the god's-eye view; op mode: the delivery layer's vector). */
  readonly delivered: VersionVector;
  /** Op mode, raw delivery: each operation id applied, with repeats. */
  readonly appliedIds: readonly string[];
  /** Op mode: every operation delivered here, in delivery order (re-sent by merge and sync). */
  readonly log: readonly OpEnvelope[];
  /** Op mode, causal delivery: arrived, waiting for causal predecessors. */
  readonly buffer: readonly OpEnvelope[];
  /** Updates this replica issued (op mode numbers them). */
  readonly issued: number;
  /** Last physical clock reading used for a stamp: readings strictly increase per replica. */
  readonly lastClockMs: number;
}

/** A local update as the user asked for it, and what became of it. */
export interface OperationRecord {
  readonly id: number;
  readonly replica: ReplicaId;
  readonly operation: CrdtOperation;
  readonly timeMs: number;
  readonly applied: boolean;
  /** Why it was a no-op (precondition failed, replica down), or ''. */
  readonly reason: string;
  readonly valueAfter: CrdtValue;
}

/** One message of a merge, sync or gossip exchange, and what became of it. */
export interface ExchangeRecord {
  readonly messageId: number;
  readonly exchange: number;
  readonly from: ReplicaId;
  readonly to: ReplicaId;
  readonly sentAtMs: number;
  readonly status: 'in-flight' | 'merged' | 'dropped';
  readonly dropReason: DropReason | null;
  readonly changed: boolean;
  /** When it arrived or was dropped. */
  readonly endedAtMs: number | null;
  /** What clicking the merge shows: the receiver's value before, what came (a value or the operations), and the result. */
  readonly beforeText: string | null;
  readonly incomingText: string | null;
  readonly afterText: string | null;
  /** The same three as metadata (vectors, dots, tombstones, stamps; state-based only): what merge actually combined. */
  readonly beforeMetadata: string | null;
  readonly incomingMetadata: string | null;
  readonly afterMetadata: string | null;
}

export interface CrdtSnapshot {
  readonly nowMs: number;
  readonly prng: PrngState;
  readonly scheduler: SchedulerSnapshot<KernelEvent>;
  readonly network: NetworkSnapshot;
  readonly transport: TransportSnapshot<CrdtMessage>;
  readonly settings: CrdtSettings;
  readonly replicas: readonly ReplicaState[];
  readonly operations: readonly OperationRecord[];
  readonly exchanges: readonly ExchangeRecord[];
  readonly nextExchange: number;
  readonly gossipScheduled: boolean;
  readonly violations: readonly LawViolation[];
  readonly bank: BankSnapshot | null;
}

/** At most this many checker findings are kept (the first ones matter; a broken type makes many). */
export const MAX_VIOLATIONS = 50;

export class CrdtSimulation implements ReplayableSimulation<CrdtCommand, CrdtSnapshot, CrdtTraceEvent> {
  readonly config: CrdtConfig;
  readonly replicaIds: readonly ReplicaId[];
  readonly network: Network;
  /** The state-based type (or its planted-bug twin); in op mode, `opType` carries the updates. */
  readonly stateType: AnyStateBasedType;
  readonly opType: AnyOpBasedType | null;
  readonly bank: BankOnRaft | null;
  nowMs = 0;
  settings: CrdtSettings;
  private readonly prng: Prng;
  private readonly scheduler = new Scheduler<KernelEvent>();
  private readonly transport: Transport<CrdtMessage, TimedEvent>;
  private replicas: ReplicaState[];
  private operationList: OperationRecord[] = [];
  /** By message id: what became of each anti-entropy message (kept for the runner's reports). */
  private exchangeRecords = new Map<number, ExchangeRecord>();
  private nextExchange = 1;
  private gossipScheduled = false;
  private violationList: LawViolation[] = [];
  private sink: ((event: CrdtTraceEvent) => void) | null = null;
  private readonly networkHost: NetworkCommandHost<ReplicaId>;

  constructor(config: CrdtConfig) {
    const problems = validateCrdtConfig(config);
    if (problems.length > 0) throw new RangeError(problems.join('; '));
    this.config = config;
    this.settings = pickSettings(config);
    this.prng = new Prng(config.seed);
    this.replicaIds = Array.from({ length: config.replicaCount }, (_, index) => replicaIdOf(index));
    this.network = new Network(this.replicaIds, linkQuality(this.settings));
    this.stateType = config.bug ? PLANTED_BUG_TYPES[config.bug] : STATE_BASED_TYPES[config.type];
    this.opType = config.sync === 'op' ? OP_BASED_TYPES[config.type]! : null;
    this.transport = new Transport(this.network, this.prng, this.scheduler, {
      nowMs: () => this.nowMs,
      onSend: (message) => this.traceSend(message),
      onDrop: (message, reason) => this.traceDrop(message, reason),
    });
    this.networkHost = {
      network: this.network,
      dropBlocked: () => this.transport.dropBlocked(),
      crash: (id) => this.crash(id),
      restart: (id) => this.restart(id),
    };
    const initial = this.opType ? this.opType.initial() : this.stateType.initial();
    this.replicas = this.replicaIds.map((id) => ({ id, state: initial, delivered: {}, appliedIds: [], log: [], buffer: [], issued: 0, lastClockMs: Number.NEGATIVE_INFINITY }));
    this.bank = config.raft
      ? new BankOnRaft(
          this.replicaIds,
          {
            nowMs: () => this.nowMs,
            prng: this.prng,
            send: (from, to, message) => this.transport.send(from, to, message),
            schedule: (timeMs, event) => this.scheduler.schedule(timeMs, event),
            isAlive: (id) => this.network.isAlive(id),
          },
          config,
        )
      : null;
    this.scheduleGossip();
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
      case 'gossip':
        this.gossipScheduled = false;
        this.gossip();
        this.scheduleGossip();
        return;
      case 'raft-timer':
      case 'bank-timeout':
        return this.bank?.fire(event);
      default:
        return assertNever(event);
    }
  }

  advanceClockTo(timeMs: number): void {
    if (timeMs > this.nowMs) this.nowMs = timeMs;
  }

  setTraceSink(sink: ((event: CrdtTraceEvent) => void) | null): void {
    this.sink = sink;
  }

  apply(command: CrdtCommand): void {
    this.emit({ kind: 'action', timeMs: this.nowMs, command });
    switch (command.type) {
      case 'operation':
        this.update(command.replica, command.operation);
        return;
      case 'merge':
        this.startExchange([[command.from, command.to]]);
        return;
      case 'sync': {
        const pairs: [ReplicaId, ReplicaId][] = [];
        for (const from of this.replicaIds) for (const to of this.replicaIds) if (from !== to) pairs.push([from, to]);
        this.startExchange(pairs);
        return;
      }
      case 'configure': {
        const settings = { ...this.settings, ...command.settings };
        const problems = validateCrdtSettings(settings, this.config.replicaCount);
        if (problems.length > 0) throw new RangeError(problems.join('; '));
        this.settings = settings;
        this.network.quality = linkQuality(settings);
        this.scheduleGossip();
        return;
      }
      case 'crash':
      case 'restart':
      case 'partition':
      case 'isolate':
      case 'move':
      case 'heal':
      case 'cut':
      case 'restore-link':
        return applyNetworkCommand(this.networkHost, command);
      default:
        return assertNever(command);
    }
  }

  snapshot(): CrdtSnapshot {
    return {
      nowMs: this.nowMs,
      prng: this.prng.getState(),
      scheduler: this.scheduler.snapshot(),
      network: this.network.snapshot(),
      transport: this.transport.snapshot(),
      settings: this.settings,
      // Replica states are immutable records: sharing them is a copy.
      replicas: this.replicas.slice(),
      operations: this.operationList.slice(),
      exchanges: [...this.exchangeRecords.values()],
      nextExchange: this.nextExchange,
      gossipScheduled: this.gossipScheduled,
      violations: this.violationList.slice(),
      bank: this.bank?.snapshot() ?? null,
    };
  }

  restore(snapshot: CrdtSnapshot): void {
    this.nowMs = snapshot.nowMs;
    this.prng.setState(snapshot.prng);
    this.scheduler.restore(snapshot.scheduler);
    this.network.restoreSnapshot(snapshot.network);
    this.transport.restore(snapshot.transport);
    this.settings = snapshot.settings;
    this.replicas = snapshot.replicas.slice();
    this.operationList = snapshot.operations.slice();
    this.exchangeRecords = new Map(snapshot.exchanges.map((record) => [record.messageId, record]));
    this.nextExchange = snapshot.nextExchange;
    this.gossipScheduled = snapshot.gossipScheduled;
    this.violationList = snapshot.violations.slice();
    if (snapshot.bank) this.bank?.restore(snapshot.bank);
  }

  // ——— Questions ———

  get operations(): readonly OperationRecord[] {
    return this.operationList;
  }

  /** The messages of one exchange (a merge, a sync, a gossip round; 0 = op broadcasts), in send order. */
  exchangeMessages(exchange: number): ExchangeRecord[] {
    return [...this.exchangeRecords.values()].filter((record) => record.exchange === exchange);
  }

  /** What the checkers found so far (laws at every merge and update, convergence after every event). */
  get violations(): readonly LawViolation[] {
    return this.violationList;
  }

  /** The exchange id the next merge or sync will get (the runner waits on it). */
  get lastExchange(): number {
    return this.nextExchange - 1;
  }

  replica(id: ReplicaId): ReplicaState {
    const replica = this.replicas[replicaIndexOf(id)];
    if (!replica || replica.id !== id) throw new RangeError(`unknown replica ${id}`);
    return replica;
  }

  isAlive(id: ReplicaId): boolean {
    return this.network.isAlive(id);
  }

  valueOf(id: ReplicaId): CrdtValue {
    return this.valueOfState(this.replica(id).state);
  }

  metadataOf(id: ReplicaId): CrdtMetadata {
    return this.opType ? this.opType.metadata(this.replica(id).state) : this.stateType.metadata(this.replica(id).state);
  }

  /**
   * The bytes a replica keeps to replicate: the type's metadata and, op-based, the delivery
   * layer's vector and its log of operations to re-send (that is where op-based metadata lives).
   */
  metadataBytesOf(id: ReplicaId): number {
    const replica = this.replica(id);
    const own = metadataBytes(this.metadataOf(id));
    if (!this.opType) return own;
    return own + metadataBytes({ vectors: { delivered: replica.delivered } }) + replica.log.reduce((sum, envelope) => sum + envelopeBytes(envelope), 0);
  }

  statesEqual(a: unknown, b: unknown): boolean {
    return this.opType ? this.opType.equal(a, b) : this.stateType.equal(a, b);
  }

  valueOfState(state: unknown): CrdtValue {
    return this.opType ? this.opType.value(state) : this.stateType.value(state);
  }

  /** Every pair of alive replicas holds equal state. */
  converged(): boolean {
    return allAliveEqual((a, b) => this.statesEqual(a, b), this.replicas.map((replica) => ({ state: replica.state, alive: this.isAlive(replica.id) })));
  }

  /** Messages of this exchange (a merge or a sync) still on the wire. */
  exchangeInFlight(exchange: number): boolean {
    for (const message of this.transport.values()) if ('exchange' in message.message && message.message.exchange === exchange) return true;
    return false;
  }

  /** The newest `count` anti-entropy messages, oldest first. */
  recentExchanges(count: number): ExchangeRecord[] {
    const all = [...this.exchangeRecords.values()];
    return all.slice(Math.max(0, all.length - count));
  }

  messagesInFlight(): IterableIterator<InFlightMessage> {
    return this.transport.values();
  }

  // ——— Updates ———

  private update(id: ReplicaId, operation: CrdtOperation): void {
    const operationId = this.operationList.length;
    const replica = this.replica(id);
    if (this.bank && (operation.kind === 'inc' || operation.kind === 'dec' || operation.kind === 'withdraw')) this.bank.submit(id, operation.kind, operation.amount);
    if (!this.isAlive(id)) return this.record(operationId, id, operation, false, `${id} is down: the update cannot run there`);
    const clockMs = Math.max(this.nowMs + (this.settings.clockSkewMs[replicaIndexOf(id)] ?? 0), replica.lastClockMs + 1);
    const context = { replica: id, clockMs };
    if (this.opType) {
      const prepared = this.opType.prepare(replica.state, operation, context);
      if (!prepared.ok) return this.record(operationId, id, operation, false, prepared.reason);
      const sequence = replica.issued + 1;
      const envelope: OpEnvelope = { origin: id, sequence, dependencies: replica.delivered, downstream: prepared.downstream, operation };
      this.setReplica({
        ...replica,
        state: this.opType.effect(replica.state, prepared.downstream),
        delivered: incremented(replica.delivered, id),
        appliedIds: [...replica.appliedIds, envelopeId(envelope)],
        log: [...replica.log, envelope],
        issued: sequence,
        lastClockMs: clockMs,
      });
      this.record(operationId, id, operation, true, '');
      // Broadcast at once; a lost copy is repaired only by a later merge, sync or gossip.
      for (const to of this.replicaIds) if (to !== id) this.transport.send(id, to, { type: 'ops', exchange: 0, envelopes: [envelope] });
    } else {
      const outcome = this.stateType.update(replica.state, operation, context);
      if (!outcome.ok) return this.record(operationId, id, operation, false, outcome.reason);
      this.noteViolations(checkMonotonicUpdate(this.stateType, replica.state, outcome.state, `${operation.kind} at ${id}`));
      this.setReplica({ ...replica, state: outcome.state, delivered: incremented(replica.delivered, id), issued: replica.issued + 1, lastClockMs: clockMs });
      this.record(operationId, id, operation, true, '');
    }
    this.checkConvergence();
  }

  private record(id: number, replica: ReplicaId, operation: CrdtOperation, applied: boolean, reason: string): void {
    const valueAfter = this.valueOf(replica);
    this.operationList.push({ id, replica, operation, timeMs: this.nowMs, applied, reason, valueAfter });
    this.emit({ kind: 'update', timeMs: this.nowMs, replica, operationId: id, operation, applied, reason, value: valueAfter });
  }

  // ——— Anti-entropy ———

  /** Send `from`'s state (or log) to `to` for each pair; one exchange id for them all. */
  private startExchange(pairs: readonly (readonly [ReplicaId, ReplicaId])[]): number {
    const exchange = this.nextExchange++;
    for (const [from, to] of pairs) {
      // A crashed replica sends nothing; a message to a crashed one is dropped by the transport.
      if (!this.isAlive(from)) continue;
      this.transport.send(from, to, this.payloadOf(from, exchange));
    }
    return exchange;
  }

  private payloadOf(from: ReplicaId, exchange: number): CrdtMessage {
    const replica = this.replica(from);
    return this.opType ? { type: 'ops', exchange, envelopes: replica.log } : { type: 'state', exchange, state: replica.state, delivered: replica.delivered };
  }

  private scheduleGossip(): void {
    if (this.gossipScheduled || this.settings.gossipIntervalMs <= 0) return;
    this.gossipScheduled = true;
    this.scheduler.schedule(this.nowMs + this.settings.gossipIntervalMs, { type: 'gossip' });
  }

  /** Each alive replica sends to one peer the prng picks (always one draw per replica, alive or not). */
  private gossip(): void {
    if (this.settings.gossipIntervalMs <= 0) return;
    const pairs: [ReplicaId, ReplicaId][] = [];
    for (const from of this.replicaIds) {
      const others = this.replicaIds.filter((id) => id !== from);
      const to = others[this.prng.intBetween(0, others.length - 1)]!;
      if (this.isAlive(from)) pairs.push([from, to]);
    }
    if (pairs.length > 0) this.startExchange(pairs);
  }

  private deliver(message: InFlightMessage): void {
    const payload = message.message;
    this.emit({ kind: 'deliver', timeMs: this.nowMs, messageId: message.id, from: message.from, to: message.to, type: kindOf(payload) });
    switch (payload.type) {
      case 'state':
        return this.mergeState(message, payload);
      case 'ops':
        return this.deliverOperations(message, payload);
      case 'raft':
      case 'bank-forward':
      case 'bank-result':
        return this.bank?.receive(message.to, message.from, payload);
      default:
        return assertNever(payload);
    }
  }

  private mergeState(message: InFlightMessage, payload: Extract<CrdtMessage, { type: 'state' }>): void {
    const replica = this.replica(message.to);
    const type = this.stateType;
    const after = type.merge(replica.state, payload.state);
    this.noteViolations(checkMergePair(type, replica.state, payload.state));
    const changed = !type.equal(after, replica.state);
    this.setReplica({ ...replica, state: after, delivered: mergeVectors(replica.delivered, payload.delivered) });
    this.noteExchange(message, 'merged', null, changed, {
      beforeText: formatCrdtValue(type.value(replica.state)),
      incomingText: formatCrdtValue(type.value(payload.state)),
      afterText: formatCrdtValue(type.value(after)),
      beforeMetadata: formatCrdtMetadata(type.metadata(replica.state)),
      incomingMetadata: formatCrdtMetadata(type.metadata(payload.state)),
      afterMetadata: formatCrdtMetadata(type.metadata(after)),
    });
    this.emit({
      kind: 'merge',
      timeMs: this.nowMs,
      replica: message.to,
      from: message.from,
      messageId: message.id,
      exchange: payload.exchange,
      before: replica.state,
      incoming: payload.state,
      after,
      changed,
      delivered: 0,
      buffered: 0,
      duplicates: 0,
    });
    this.checkConvergence();
  }

  /**
   * The delivery layer. Causal: an operation is delivered once, and only after everything its
   * origin had delivered before issuing it (the vector test of causal broadcast); early arrivals
   * wait in the buffer, repeats are ignored. Raw: every arrival takes effect at once.
   */
  private deliverOperations(message: InFlightMessage, payload: Extract<CrdtMessage, { type: 'ops' }>): void {
    const type = this.opType!;
    const before = this.replica(message.to);
    let replica = before;
    let deliveredCount = 0;
    let duplicates = 0;
    if (this.config.delivery === 'raw') {
      for (const envelope of payload.envelopes) {
        const id = envelopeId(envelope);
        const seen = replica.appliedIds.includes(id);
        if (seen) duplicates += 1;
        replica = {
          ...replica,
          state: type.effect(replica.state, envelope.downstream),
          appliedIds: [...replica.appliedIds, id],
          log: seen ? replica.log : [...replica.log, envelope],
          delivered: seen ? replica.delivered : mergeVectors(replica.delivered, { [envelope.origin]: Math.max(envelope.sequence, entryOf(replica.delivered, envelope.origin)) }),
        };
        deliveredCount += 1;
      }
    } else {
      let buffer = replica.buffer.slice();
      for (const envelope of payload.envelopes) {
        const known = envelope.sequence <= entryOf(replica.delivered, envelope.origin) || buffer.some((waiting) => envelopeId(waiting) === envelopeId(envelope));
        if (known) duplicates += 1;
        else buffer.push(envelope);
      }
      for (let ready = takeReady(buffer, replica.delivered); ready !== null; ready = takeReady(buffer, replica.delivered)) {
        buffer = buffer.filter((waiting) => waiting !== ready);
        replica = {
          ...replica,
          state: type.effect(replica.state, ready.downstream),
          delivered: incremented(replica.delivered, ready.origin),
          appliedIds: [...replica.appliedIds, envelopeId(ready)],
          log: [...replica.log, ready],
        };
        deliveredCount += 1;
      }
      replica = { ...replica, buffer };
    }
    this.setReplica(replica);
    const changed = !type.equal(before.state, replica.state);
    this.noteExchange(message, 'merged', null, changed, {
      beforeText: formatCrdtValue(type.value(before.state)),
      incomingText: payload.envelopes.map((envelope) => `${envelopeId(envelope)} ${describeOperation(envelope.operation)}`).join(', ') || '(no operations)',
      afterText: formatCrdtValue(type.value(replica.state)) + (replica.buffer.length > 0 ? ` (${replica.buffer.length} waiting for causal predecessors)` : '') + (duplicates > 0 ? ` (${duplicates} already delivered)` : ''),
      beforeMetadata: `delivered ${formatVector(before.delivered)}`,
      incomingMetadata: `${payload.envelopes.length} operation${payload.envelopes.length === 1 ? '' : 's'} from ${message.from}'s log`,
      afterMetadata: `delivered ${formatVector(replica.delivered)}${replica.buffer.length > 0 ? `, ${replica.buffer.length} buffered` : ''}`,
    });
    this.emit({
      kind: 'merge',
      timeMs: this.nowMs,
      replica: message.to,
      from: message.from,
      messageId: message.id,
      exchange: payload.exchange,
      before: before.state,
      incoming: payload.envelopes.map((envelope) => ({ id: envelopeId(envelope), operation: envelope.operation })),
      after: replica.state,
      changed,
      delivered: deliveredCount,
      buffered: replica.buffer.length,
      duplicates,
    });
    this.checkConvergence();
  }

  // ——— Checkers ———

  /**
   * Convergence after every event: replicas whose states include the same updates hold equal
   * states. In raw op delivery "the same updates" means the same set of operation ids, however
   * many times each arrived.
   */
  private checkConvergence(): void {
    const observations = this.replicas.map((replica) => ({
      id: replica.id,
      state: replica.state,
      alive: true,
      delivered: this.config.delivery === 'raw' ? [...new Set(replica.appliedIds)].sort().join(' ') : formatVector(replica.delivered),
    }));
    const found = checkConvergence((a, b) => this.statesEqual(a, b), (state) => this.valueOfState(state), observations);
    this.noteViolations(found.map((violation) => ({ law: 'convergence' as const, explanation: violation.explanation })));
  }

  private noteViolations(found: readonly { law: string; explanation: string }[]): void {
    for (const violation of found) {
      if (this.violationList.length >= MAX_VIOLATIONS) return;
      if (this.violationList.some((known) => known.explanation === violation.explanation)) continue;
      this.violationList.push(violation as LawViolation);
      this.emit({ kind: 'violation', timeMs: this.nowMs, law: violation.law, explanation: violation.explanation });
    }
  }

  // ——— Faults ———

  private crash(id: ReplicaId): void {
    if (!this.isAlive(id)) return;
    this.network.crash(id);
    this.transport.dropAllTo(id);
    this.bank?.crash(id);
  }

  private restart(id: ReplicaId): void {
    if (this.isAlive(id)) return;
    // The replica's payload, log and buffer are durable: a CRDT replica keeps its state on disk.
    this.network.restart(id);
    this.bank?.restart(id);
  }

  // ——— Bookkeeping ———

  private setReplica(replica: ReplicaState): void {
    this.replicas[replicaIndexOf(replica.id)] = replica;
  }

  private noteExchange(
    message: InFlightMessage,
    status: ExchangeRecord['status'],
    dropReason: DropReason | null,
    changed: boolean,
    texts: Partial<Pick<ExchangeRecord, 'beforeText' | 'incomingText' | 'afterText' | 'beforeMetadata' | 'incomingMetadata' | 'afterMetadata'>> = {},
  ): void {
    const record = this.exchangeRecords.get(message.id);
    if (record) this.exchangeRecords.set(message.id, { ...record, status, dropReason, changed, endedAtMs: this.nowMs, ...texts });
  }

  private traceSend(message: InFlightMessage): void {
    const payload = message.message;
    const exchange = 'exchange' in payload ? payload.exchange : -1;
    if (payload.type === 'state' || payload.type === 'ops') {
      this.exchangeRecords.set(message.id, { messageId: message.id, exchange, from: message.from, to: message.to, sentAtMs: message.sentAtMs, status: 'in-flight', dropReason: null, changed: false, endedAtMs: null, beforeText: null, incomingText: null, afterText: null, beforeMetadata: null, incomingMetadata: null, afterMetadata: null });
    }
    if (this.sink) this.emit({ kind: 'send', timeMs: this.nowMs, messageId: message.id, from: message.from, to: message.to, type: kindOf(payload), exchange, deliverAtMs: message.deliverAtMs });
  }

  private traceDrop(message: InFlightMessage, reason: DropReason): void {
    this.noteExchange(message, 'dropped', reason, false);
    this.emit({ kind: 'drop', timeMs: this.nowMs, messageId: message.id, from: message.from, to: message.to, reason });
  }

  private emit(event: CrdtTraceEvent): void {
    this.sink?.(event);
  }
}

function takeReady(buffer: readonly OpEnvelope[], delivered: VersionVector): OpEnvelope | null {
  for (const envelope of buffer) {
    if (envelope.sequence === entryOf(delivered, envelope.origin) + 1 && vectorLessOrEqual(envelope.dependencies, delivered)) return envelope;
  }
  return null;
}

/** `inc 5`, `add x`, `insert 0 "hi"`: an operation as the scenario language writes it. */
export function describeOperation(operation: CrdtOperation): string {
  switch (operation.kind) {
    case 'inc':
    case 'dec':
    case 'withdraw':
      return `${operation.kind} ${operation.amount}`;
    case 'add':
    case 'remove':
      return `${operation.kind} ${operation.element}`;
    case 'set':
      return `set ${operation.value}`;
    case 'put':
      return `set ${operation.key}=${operation.value}`;
    case 'remove-key':
      return `remove ${operation.key}`;
    case 'insert':
      return `insert ${operation.position} ${JSON.stringify(operation.text)}`;
    case 'delete':
      return `delete ${operation.position}`;
  }
}

export function envelopeId(envelope: OpEnvelope): string {
  return `${envelope.origin}:${envelope.sequence}`;
}

function envelopeBytes(envelope: OpEnvelope): number {
  return metadataBytes({ dots: [envelopeId(envelope)], vectors: { dependencies: envelope.dependencies } }) + JSON.stringify(envelope.downstream).length;
}

function kindOf(message: CrdtMessage): CrdtMessageKind {
  if (message.type === 'state' || message.type === 'ops' || message.type === 'raft') return message.type;
  return 'bank';
}

function pickSettings(config: CrdtConfig): CrdtSettings {
  const { latencyMsMin, latencyMsMax, lossPercent, duplicationPercent, gossipIntervalMs, clockSkewMs } = config;
  return { latencyMsMin, latencyMsMax, lossPercent, duplicationPercent, gossipIntervalMs, clockSkewMs };
}

function linkQuality(settings: CrdtSettings): LinkQuality {
  return {
    latencyMsMin: settings.latencyMsMin,
    latencyMsMax: settings.latencyMsMax,
    loss: { numerator: settings.lossPercent, denominator: 100 },
    duplication: { numerator: settings.duplicationPercent, denominator: 100 },
  };
}

