// A coordinator (or saga orchestrator) and 2–5 participants on the kit's simulated network: the pure
// protocol functions (protocol.ts) carried out with latency, timers, crashes, partitions and
// dropped messages; a concurrent reader; and the measures every run reports (outcome per
// transaction, atomicity, time locks were held and blocked, throughput, anomalies).

import { Prng, type PrngState } from '../../prng.ts';
import { Scheduler, type SchedulerSnapshot } from '../../scheduler.ts';
import { Network, NO_CHANCE, type DropReason, type NetworkSnapshot } from '../../net/network.ts';
import { Transport, type InFlight, type TransportSnapshot } from '../../net/transport.ts';
import { applyNetworkCommand, type NetworkCommandHost } from '../../net/commands.ts';
import type { ReplayableSimulation } from '../../history.ts';
import {
  crashCoordinator,
  crashParticipant,
  initialCoordinator,
  initialParticipant,
  locksHeld,
  stepCoordinator,
  stepParticipant,
  timerDelayMs,
  type CoordinatorState,
  type NodeInput,
  type ParticipantState,
  type ProtocolContext,
  type Send,
} from './protocol.ts';
import { checkAtomicity, durablePhase, isFinal, judgeRead, outcomeOf, type DurablePhase, type ParticipantDisplayState, type ReadResult, type TxnOutcome, type Violation } from './measure.ts';
import {
  COORDINATOR,
  OPENING_BALANCE,
  assertNever,
  participantIds,
  validateCommitConfig,
  type CommitCommand,
  type CommitConfig,
  type CommitMessage,
  type NodeId,
  type ParticipantId,
  type TxnId,
} from './types.ts';

export type CommitTraceEvent =
  | { readonly kind: 'send'; readonly timeMs: number; readonly messageId: number; readonly from: NodeId; readonly to: NodeId; readonly type: CommitMessage['type']; readonly txn: TxnId }
  | { readonly kind: 'deliver'; readonly timeMs: number; readonly messageId: number; readonly from: NodeId; readonly to: NodeId; readonly type: CommitMessage['type'] }
  | { readonly kind: 'drop'; readonly timeMs: number; readonly messageId: number; readonly from: NodeId; readonly to: NodeId; readonly reason: DropReason }
  | { readonly kind: 'log'; readonly timeMs: number; readonly node: NodeId; readonly txn: TxnId; readonly entry: string }
  | { readonly kind: 'outcome'; readonly timeMs: number; readonly txn: TxnId; readonly outcome: TxnOutcome }
  | { readonly kind: 'action'; readonly timeMs: number; readonly command: CommitCommand };

type TimerEvent = { readonly type: 'timer'; readonly node: NodeId; readonly key: string; readonly seq: number };
type KernelEvent = InFlight<CommitMessage> | TimerEvent;

export interface TxnRecord {
  readonly id: TxnId;
  readonly beganMs: number;
  /** False when the coordinator was down: the client's request never started it. */
  readonly began: boolean;
  readonly outcome: TxnOutcome;
  /** When the outcome became final (committed, aborted, compensated, split), else null. */
  readonly decidedMs: number | null;
}

export interface ReadRecord {
  readonly reader: string;
  readonly requestedMs: number;
  readonly completedMs: number | null;
  /** Why it waits now: participants down, or holding a lock or a pending flag. */
  readonly waitingFor: readonly string[];
  readonly result: ReadResult | null;
}

interface VotePlan {
  readonly participant: ParticipantId;
  readonly txn: TxnId | null;
  readonly yes: boolean;
}

/** Open intervals (`p1 t1` → since ms) and closed totals per participant. */
interface Clock {
  readonly open: Readonly<Record<string, number>>;
  readonly totals: Readonly<Record<string, number>>;
}

export interface CommitSnapshot {
  readonly nowMs: number;
  readonly prng: PrngState;
  readonly scheduler: SchedulerSnapshot<KernelEvent>;
  readonly network: NetworkSnapshot;
  readonly transport: TransportSnapshot<CommitMessage>;
  readonly coordinator: CoordinatorState;
  readonly participants: readonly ParticipantState[];
  readonly txns: readonly TxnRecord[];
  readonly reads: readonly ReadRecord[];
  readonly votePlans: readonly VotePlan[];
  readonly pendingDrops: readonly (readonly [NodeId, NodeId])[];
  readonly lockClock: Clock;
  readonly blockedClock: Clock;
  readonly violations: readonly Violation[];
  readonly sent: number;
}

export const MAX_VIOLATIONS = 50;

export class CommitSimulation implements ReplayableSimulation<CommitCommand, CommitSnapshot, CommitTraceEvent> {
  readonly config: CommitConfig;
  readonly participantIds: readonly ParticipantId[];
  readonly nodeIds: readonly NodeId[];
  readonly network: Network;
  readonly context: ProtocolContext;
  nowMs = 0;
  private readonly prng: Prng;
  private readonly scheduler = new Scheduler<KernelEvent>();
  private readonly transport: Transport<CommitMessage, TimerEvent>;
  private coordinatorState: CoordinatorState = initialCoordinator();
  private participantStates: ParticipantState[];
  private txnList: TxnRecord[] = [];
  private readList: ReadRecord[] = [];
  private votePlans: VotePlan[] = [];
  private pendingDrops: (readonly [NodeId, NodeId])[] = [];
  private lockClock: Clock = { open: {}, totals: {} };
  private blockedClock: Clock = { open: {}, totals: {} };
  private violationList: Violation[] = [];
  private sent = 0;
  private sink: ((event: CommitTraceEvent) => void) | null = null;
  private readonly networkHost: NetworkCommandHost<NodeId>;

  constructor(config: CommitConfig) {
    const problems = validateCommitConfig(config);
    if (problems.length > 0) throw new RangeError(problems.join('; '));
    this.config = config;
    this.prng = new Prng(config.seed);
    this.participantIds = participantIds(config.participantCount);
    this.nodeIds = [COORDINATOR, ...this.participantIds];
    this.network = new Network(this.nodeIds, { latencyMsMin: config.latencyMsMin, latencyMsMax: config.latencyMsMax, loss: NO_CHANCE, duplication: NO_CHANCE });
    this.transport = new Transport(this.network, this.prng, this.scheduler, {
      nowMs: () => this.nowMs,
      onSend: (message) => {
        this.sent += 1;
        this.emit({ kind: 'send', timeMs: this.nowMs, messageId: message.id, from: message.from as NodeId, to: message.to as NodeId, type: message.message.type, txn: message.message.txn });
      },
      onDrop: (message, reason) => this.emit({ kind: 'drop', timeMs: this.nowMs, messageId: message.id, from: message.from as NodeId, to: message.to as NodeId, reason }),
    });
    this.participantStates = this.participantIds.map((id) => initialParticipant(id, OPENING_BALANCE));
    this.context = { config, participants: this.participantIds, votesYes: (participant, txn) => this.votesYes(participant, txn) };
    this.networkHost = {
      network: this.network,
      dropBlocked: () => this.transport.dropBlocked(),
      crash: (id) => this.crash(id),
      restart: (id) => this.restart(id),
    };
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
        if (!message) break;
        this.emit({ kind: 'deliver', timeMs: this.nowMs, messageId: message.id, from: message.from as NodeId, to: message.to as NodeId, type: message.message.type });
        this.feed(message.to as NodeId, { kind: 'message', from: message.from as NodeId, message: message.message });
        break;
      }
      case 'timer': {
        const state = this.stateOf(event.node);
        if (!this.network.isAlive(event.node) || state.timers[event.key] !== event.seq) return;
        this.feed(event.node, { kind: 'timer', key: event.key });
        break;
      }
      default:
        assertNever(event);
    }
    this.refresh();
  }

  advanceClockTo(timeMs: number): void {
    if (timeMs > this.nowMs) this.nowMs = timeMs;
  }

  setTraceSink(sink: ((event: CommitTraceEvent) => void) | null): void {
    this.sink = sink;
  }

  apply(command: CommitCommand): void {
    this.emit({ kind: 'action', timeMs: this.nowMs, command });
    switch (command.type) {
      case 'txn': {
        const began = this.network.isAlive(COORDINATOR);
        this.txnList.push({ id: command.txn, beganMs: this.nowMs, began, outcome: began ? 'running' : 'aborted', decidedMs: began ? null : this.nowMs });
        if (began) this.feed(COORDINATOR, { kind: 'begin', txn: command.txn });
        break;
      }
      case 'vote':
        this.votePlans.push({ participant: command.participant, txn: command.txn, yes: command.yes });
        break;
      case 'drop-next': {
        let oldest: InFlight<CommitMessage> | undefined;
        for (const message of this.transport.values()) if (message.from === command.from && message.to === command.to && (!oldest || message.deliverAtMs < oldest.deliverAtMs)) oldest = message;
        if (oldest) this.transport.drop(oldest.id, 'user');
        else this.pendingDrops.push([command.from, command.to]);
        break;
      }
      case 'read':
        this.readList.push({ reader: command.reader, requestedMs: this.nowMs, completedMs: null, waitingFor: [], result: null });
        break;
      case 'crash':
      case 'restart':
      case 'partition':
      case 'isolate':
      case 'move':
      case 'heal':
      case 'cut':
      case 'restore-link':
        applyNetworkCommand(this.networkHost, command);
        break;
      default:
        assertNever(command);
    }
    this.refresh();
  }

  snapshot(): CommitSnapshot {
    return {
      nowMs: this.nowMs,
      prng: this.prng.getState(),
      scheduler: this.scheduler.snapshot(),
      network: this.network.snapshot(),
      transport: this.transport.snapshot(),
      coordinator: this.coordinatorState,
      participants: this.participantStates.slice(),
      txns: this.txnList.slice(),
      reads: this.readList.slice(),
      votePlans: this.votePlans.slice(),
      pendingDrops: this.pendingDrops.slice(),
      lockClock: this.lockClock,
      blockedClock: this.blockedClock,
      violations: this.violationList.slice(),
      sent: this.sent,
    };
  }

  restore(snapshot: CommitSnapshot): void {
    this.nowMs = snapshot.nowMs;
    this.prng.setState(snapshot.prng);
    this.scheduler.restore(snapshot.scheduler);
    this.network.restoreSnapshot(snapshot.network);
    this.transport.restore(snapshot.transport);
    this.coordinatorState = snapshot.coordinator;
    this.participantStates = snapshot.participants.slice();
    this.txnList = snapshot.txns.slice();
    this.readList = snapshot.reads.slice();
    this.votePlans = snapshot.votePlans.slice();
    this.pendingDrops = snapshot.pendingDrops.slice();
    this.lockClock = snapshot.lockClock;
    this.blockedClock = snapshot.blockedClock;
    this.violationList = snapshot.violations.slice();
    this.sent = snapshot.sent;
  }

  // ——— Questions ———

  get coordinator(): CoordinatorState {
    return this.coordinatorState;
  }

  get participants(): readonly ParticipantState[] {
    return this.participantStates;
  }

  participant(id: ParticipantId): ParticipantState {
    const state = this.participantStates[this.participantIds.indexOf(id)];
    if (!state) throw new RangeError(`unknown participant ${id}`);
    return state;
  }

  get txns(): readonly TxnRecord[] {
    return this.txnList;
  }

  txn(id: TxnId): TxnRecord | undefined {
    return this.txnList.find((record) => record.id === id);
  }

  get reads(): readonly ReadRecord[] {
    return this.readList;
  }

  get violations(): readonly Violation[] {
    return this.violationList;
  }

  /** Messages sent so far (the protocol's cost on the wire). */
  get messagesSent(): number {
    return this.sent;
  }

  isAlive(id: NodeId): boolean {
    return this.network.isAlive(id);
  }

  messagesInFlight(): IterableIterator<InFlight<CommitMessage>> {
    return this.transport.values();
  }

  /** Alive, voted yes (or precommitted) in some transaction, and past its timeout without a decision. */
  isBlocked(id: ParticipantId): boolean {
    if (!this.isAlive(id)) return false;
    return Object.values(this.participant(id).txns).some((record) => (record.phase === 'prepared' || record.phase === 'precommitted') && record.inquiries > 0);
  }

  /** What a participant is doing in the transaction that matters most now: the one it holds locks for, else the newest. */
  displayState(id: ParticipantId): { state: ParticipantDisplayState; txn: TxnId | null } {
    const participant = this.participant(id);
    const locked = locksHeld(participant)[0];
    const txn = locked ?? this.txnList.at(-1)?.id ?? null;
    if (txn === null) return { state: 'idle', txn: null };
    return { state: this.phaseIn(participant, txn), txn };
  }

  /** A participant's state in one transaction: its durable phase, or working while the transaction runs and it has not voted or stepped. */
  phaseIn(participant: ParticipantState, txn: TxnId): ParticipantDisplayState {
    const phase = durablePhase(participant, txn);
    if (phase !== null) return phase;
    const record = this.txn(txn);
    if (!record) return 'idle';
    return isFinal(record.outcome) || !record.began ? 'aborted' : 'working';
  }

  /** Milliseconds each participant has held locks (2PC/3PC) or pending flags (sagas), counting intervals still open. */
  lockHeldMs(id: ParticipantId): number {
    return clockTotal(this.lockClock, id, this.nowMs);
  }

  blockedMs(id: ParticipantId): number {
    return clockTotal(this.blockedClock, id, this.nowMs);
  }

  // ——— Driving the protocol ———

  private stateOf(id: NodeId): CoordinatorState | ParticipantState {
    return id === COORDINATOR ? this.coordinatorState : this.participant(id);
  }

  private votesYes(participant: ParticipantId, txn: TxnId): boolean {
    for (let index = this.votePlans.length - 1; index >= 0; index--) {
      const plan = this.votePlans[index]!;
      if (plan.participant === participant && (plan.txn === null || plan.txn === txn)) return plan.yes;
    }
    return true;
  }

  /** Hand one input to a node, then carry out what it returned: log records traced, timers scheduled, messages sent. */
  private feed(id: NodeId, input: NodeInput): void {
    const before = this.stateOf(id);
    const result = id === COORDINATOR ? stepCoordinator(this.context, this.coordinatorState, input) : stepParticipant(this.context, before as ParticipantState, input);
    const after = result.state;
    if (id === COORDINATOR) this.coordinatorState = after as CoordinatorState;
    else this.participantStates[this.participantIds.indexOf(id as ParticipantId)] = after as ParticipantState;
    for (const record of after.log.slice(before.log.length)) this.emit({ kind: 'log', timeMs: this.nowMs, node: id, txn: record.txn, entry: record.entry });
    for (const [key, seq] of Object.entries(after.timers)) {
      if (before.timers[key] !== seq) this.scheduler.schedule(this.nowMs + timerDelayMs(this.config, key), { type: 'timer', node: id, key, seq });
    }
    for (const send of result.sends) this.send(id, send);
  }

  private send(from: NodeId, send: Send): void {
    this.transport.send(from, send.to, send.message);
    const planned = this.pendingDrops.findIndex(([dropFrom, dropTo]) => dropFrom === from && dropTo === send.to);
    if (planned === -1) return;
    this.pendingDrops.splice(planned, 1);
    let newest: InFlight<CommitMessage> | undefined;
    for (const message of this.transport.values()) if (message.from === from && message.to === send.to && (!newest || message.id > newest.id)) newest = message;
    if (newest) this.transport.drop(newest.id, 'user');
  }

  private crash(id: NodeId): void {
    if (!this.isAlive(id)) return;
    this.network.crash(id);
    this.transport.dropAllTo(id);
    // The disk survives; memory and timers do not.
    if (id === COORDINATOR) this.coordinatorState = crashCoordinator(this.coordinatorState);
    else this.participantStates[this.participantIds.indexOf(id as ParticipantId)] = crashParticipant(this.participant(id as ParticipantId));
  }

  private restart(id: NodeId): void {
    if (this.isAlive(id)) return;
    this.network.restart(id);
    this.feed(id, { kind: 'recover' });
  }

  // ——— Measures, reads and checkers after every change ———

  private refresh(): void {
    const liveLocks: Record<string, true> = {};
    const liveBlocked: Record<string, true> = {};
    for (const participant of this.participantStates) {
      for (const txn of locksHeld(participant)) liveLocks[`${participant.id} ${txn}`] = true;
      if (!this.isAlive(participant.id)) continue;
      for (const [txn, record] of Object.entries(participant.txns)) {
        if ((record.phase === 'prepared' || record.phase === 'precommitted') && record.inquiries > 0) liveBlocked[`${participant.id} ${txn}`] = true;
      }
    }
    this.lockClock = tick(this.lockClock, liveLocks, this.nowMs);
    this.blockedClock = tick(this.blockedClock, liveBlocked, this.nowMs);
    this.refreshOutcomes();
    this.refreshReads();
  }

  private refreshOutcomes(): void {
    let changed = false;
    const next = this.txnList.map((record) => {
      // A participant never changes a decision, so these outcomes are final (an abort is rechecked: a
      // late PREPARE can still make a participant that never voted vote yes for a moment).
      if (record.outcome === 'committed' || record.outcome === 'compensated' || record.outcome === 'split') return record;
      const observations = this.participantStates.map((participant) => ({
        phase: durablePhase(participant, record.id) as DurablePhase,
        blocked: this.isAlive(participant.id) && (participant.txns[record.id]?.inquiries ?? 0) > 0 && ['prepared', 'precommitted'].includes(durablePhase(participant, record.id) ?? ''),
      }));
      const end = this.coordinatorState.log.find((entry) => entry.txn === record.id && entry.entry.startsWith('end '))?.entry;
      const remembered = this.coordinatorState.txns[record.id];
      const forgot = this.isAlive(COORDINATOR) && remembered === undefined && !this.coordinatorState.log.some((entry) => entry.txn === record.id);
      const outcome = outcomeOf(this.config.protocol, observations, record.began, end, forgot || remembered?.decision === false);
      if (outcome === record.outcome) return record;
      changed = true;
      this.emit({ kind: 'outcome', timeMs: this.nowMs, txn: record.id, outcome });
      return { ...record, outcome, decidedMs: isFinal(outcome) ? (record.decidedMs ?? this.nowMs) : null };
    });
    if (!changed) return;
    this.txnList = next;
    // Only a transaction that just split can break atomicity (checking them all would grow with the run).
    const split = this.txnList.filter((record) => record.outcome === 'split').map((record) => record.id);
    if (split.length > 0) for (const violation of checkAtomicity(this.config.protocol, split, this.participantStates, this.coordinatorState)) this.noteViolation(violation);
  }

  /**
   * A read takes every balance at one moment, but (2PC/3PC) it waits for each write lock like a
   * two-phase-locking reader, and (sagas with a semantic lock) for each pending flag; a saga
   * without one reads whatever each service has committed locally.
   */
  private refreshReads(): void {
    if (!this.readList.some((read) => read.completedMs === null)) return;
    const waitingFor: string[] = [];
    for (const participant of this.participantStates) {
      if (!this.isAlive(participant.id)) waitingFor.push(`${participant.id} is down`);
      else {
        const held = locksHeld(participant);
        if (held.length > 0) waitingFor.push(`${participant.id} ${this.config.protocol === 'saga' ? 'has a pending flag' : 'holds a lock'} for ${held.join(', ')}`);
      }
    }
    this.readList = this.readList.map((read) => {
      if (read.completedMs !== null) return read;
      if (waitingFor.length > 0) return { ...read, waitingFor };
      const result = judgeRead(this.participantStates.map((participant) => ({ id: participant.id, balance: participant.balance })));
      if (result.anomaly) this.noteViolation({ checker: 'anomaly', txn: read.reader, explanation: `${read.reader} read a total of ${result.total} (expected ${result.expectedTotal}): ${result.balances.map((entry) => `${entry.id} ${entry.balance}`).join(', ')}` });
      return { ...read, completedMs: this.nowMs, waitingFor: [], result };
    });
  }

  private noteViolation(violation: Violation): void {
    if (this.violationList.length >= MAX_VIOLATIONS) return;
    if (this.violationList.some((known) => known.explanation === violation.explanation)) return;
    this.violationList.push(violation);
  }

  private emit(event: CommitTraceEvent): void {
    this.sink?.(event);
  }
}

function tick(clock: Clock, live: Readonly<Record<string, true>>, nowMs: number): Clock {
  let open: Record<string, number> | null = null;
  let totals: Record<string, number> | null = null;
  for (const key of Object.keys(clock.open)) {
    if (live[key]) continue;
    open ??= { ...clock.open };
    totals ??= { ...clock.totals };
    const participant = key.split(' ')[0]!;
    totals[participant] = (totals[participant] ?? 0) + nowMs - clock.open[key]!;
    delete open[key];
  }
  for (const key of Object.keys(live)) {
    if (key in clock.open) continue;
    open ??= { ...clock.open };
    open[key] = nowMs;
  }
  return open === null ? clock : { open, totals: totals ?? clock.totals };
}

function clockTotal(clock: Clock, participant: string, nowMs: number): number {
  let total = clock.totals[participant] ?? 0;
  for (const [key, since] of Object.entries(clock.open)) if (key.split(' ')[0] === participant) total += nowMs - since;
  return total;
}
