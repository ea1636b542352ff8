// A Raft cluster in a simulated network: carries out the nodes' effects (sends, timers), draws
// latency, loss and timeouts from the seeded prng, applies user commands and emits the trace.

import { Prng, type PrngState } from '../../prng.ts';
import { Scheduler, type SchedulerSnapshot } from '../../scheduler.ts';
import { Network, type DropReason, type NetworkSnapshot, type LinkQuality } from '../../net/network.ts';
import { Transport, type InFlight, type TransportSnapshot } from '../../net/transport.ts';
import { applyNetworkCommand, type NetworkCommandHost } from '../../net/commands.ts';
import type { ReplayableSimulation } from '../../history.ts';
import { RaftNode, type RaftNodeSnapshot } from './node.ts';
import { assertNever, type RaftCommand, type RaftTiming } from './commands.ts';
import type { DisplayRole, RaftTraceEvent } from './trace.ts';
import { NO_FEATURES, nodeIdOf, type NodeId, type RaftBug, type RaftFeatures, type RaftMessage, type TimerKind } from './types.ts';

export interface RaftConfig extends RaftTiming {
  readonly nodeCount: number;
  readonly seed: number;
  readonly bugs: readonly RaftBug[];
  readonly features: RaftFeatures;
}

/** Close to raft.github.io's defaults so the animation reads well when slowed down. */
export const DEFAULT_TIMING: RaftTiming = {
  electionTimeoutMsMin: 150,
  electionTimeoutMsMax: 300,
  heartbeatIntervalMs: 50,
  latencyMsMin: 10,
  latencyMsMax: 20,
  lossPercent: 0,
  duplicationPercent: 0,
};

export const MAX_NODES = 9;

export function defaultRaftConfig(overrides: Partial<RaftConfig> = {}): RaftConfig {
  return { nodeCount: 5, seed: 1, bugs: [], features: NO_FEATURES, ...DEFAULT_TIMING, ...overrides };
}

/** Checks a config a user typed (URL, scenario, form); returns what is wrong, or nothing. */
export function validateRaftConfig(config: RaftConfig): string[] {
  const problems: string[] = [];
  const integer = (name: keyof RaftConfig, min: number, max: number) => {
    const value = config[name] as number;
    if (!Number.isInteger(value) || value < min || value > max) problems.push(`${name} must be a whole number from ${min} to ${max} (got ${value})`);
  };
  integer('nodeCount', 1, MAX_NODES);
  integer('seed', 0, 0xffffffff);
  integer('electionTimeoutMsMin', 1, 600_000);
  integer('electionTimeoutMsMax', 1, 600_000);
  integer('heartbeatIntervalMs', 1, 600_000);
  integer('latencyMsMin', 1, 600_000);
  integer('latencyMsMax', 1, 600_000);
  integer('lossPercent', 0, 100);
  integer('duplicationPercent', 0, 100);
  if (config.electionTimeoutMsMax < config.electionTimeoutMsMin) problems.push('electionTimeoutMsMax must be at least electionTimeoutMsMin');
  if (config.latencyMsMax < config.latencyMsMin) problems.push('latencyMsMax must be at least latencyMsMin');
  return problems;
}

type TimerEvent = { readonly type: 'timer'; readonly node: NodeId; readonly timer: TimerKind };

/** What the scheduler holds: a message to deliver (the in-flight record itself) or a timer. */
type KernelEvent = InFlightMessage | TimerEvent;

export type InFlightMessage = InFlight<RaftMessage>;

export interface TimerState {
  readonly startedAtMs: number;
  readonly deadlineMs: number;
  /**
   * When the scheduler will next look at this timer. Followers reset their election timer on
   * every heartbeat; rather than queue an event per reset, a reset that moves the deadline later
   * only records it, and the pending event re-arms itself at the new deadline when it comes due.
   */
  readonly wakeAtMs: number;
}

interface NodeTimers {
  election: TimerState | null;
  heartbeat: TimerState | null;
}

export interface RaftSnapshot {
  readonly nowMs: number;
  readonly prng: PrngState;
  readonly scheduler: SchedulerSnapshot<KernelEvent>;
  readonly network: NetworkSnapshot;
  readonly nodes: readonly RaftNodeSnapshot[];
  readonly transport: TransportSnapshot<RaftMessage>;
  readonly timers: readonly (readonly [TimerState | null, TimerState | null])[];
  readonly timing: RaftTiming;
}

interface ObservedState {
  role: DisplayRole;
  term: number;
  votedFor: NodeId | null;
  log: unknown;
  logLength: number;
  commitIndex: number;
}

export class RaftSimulation implements ReplayableSimulation<RaftCommand, RaftSnapshot, RaftTraceEvent> {
  readonly config: RaftConfig;
  readonly nodes: readonly RaftNode[];
  readonly network: Network;
  nowMs = 0;
  timing: RaftTiming;
  private readonly prng: Prng;
  private readonly scheduler = new Scheduler<KernelEvent>();
  private readonly nodeById: ReadonlyMap<NodeId, RaftNode>;
  private readonly transport: Transport<RaftMessage, TimerEvent>;
  private timers = new Map<NodeId, NodeTimers>();
  private sink: ((event: RaftTraceEvent) => void) | null = null;
  /**
   * Extra observers (the invariant checker): they see what is recorded, never a replay of the
   * recorded past, so a checker's state always matches the head of the run.
   */
  private readonly observers: ((event: RaftTraceEvent, simulation: RaftSimulation) => void)[] = [];
  /** What the kit's shared network words (crash, partition, cut, …) act on. */
  private readonly networkHost: NetworkCommandHost<NodeId>;

  constructor(config: RaftConfig) {
    const problems = validateRaftConfig(config);
    if (problems.length > 0) throw new RangeError(problems.join('; '));
    this.config = config;
    this.timing = pickTiming(config);
    this.prng = new Prng(config.seed);
    const ids = Array.from({ length: config.nodeCount }, (_, index) => nodeIdOf(index));
    const bugs = new Set(config.bugs);
    this.nodes = ids.map((id) => new RaftNode(id, ids.filter((other) => other !== id), bugs, config.features));
    this.nodeById = new Map(this.nodes.map((node) => [node.id, node]));
    this.network = new Network(ids, linkQuality(this.timing));
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
    for (const node of this.nodes) {
      this.timers.set(node.id, { election: null, heartbeat: null });
      node.start();
      this.carryOut(node);
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
    if (event.type === 'deliver') {
      const message = this.transport.arrive(event);
      if (message) this.deliver(message);
    } else {
      this.wakeTimer(event.node, event.timer);
    }
  }

  advanceClockTo(timeMs: number): void {
    if (timeMs > this.nowMs) this.nowMs = timeMs;
  }

  setTraceSink(sink: ((event: RaftTraceEvent) => void) | null): void {
    this.sink = sink;
  }

  addObserver(observer: (event: RaftTraceEvent, simulation: RaftSimulation) => void): () => void {
    this.observers.push(observer);
    return () => {
      const index = this.observers.indexOf(observer);
      if (index !== -1) this.observers.splice(index, 1);
    };
  }

  apply(command: RaftCommand): void {
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
      case 'timeout': {
        const node = this.nodeById.get(command.node);
        if (!node || !this.network.isAlive(node.id) || node.role === 'leader') return;
        this.timersOf(node.id).election = null;
        const before = this.observed(node);
        node.electionTimeout();
        return this.settle(node, before);
      }
      case 'request':
        return this.clientRequest(command.value, command.via);
      case 'load-log': {
        const node = this.nodeById.get(command.node);
        if (!node) return;
        const before = this.observed(node);
        node.loadLog(command.terms, command.currentTerm);
        return this.settle(node, before);
      }
      case 'drop-message':
        return this.transport.drop(command.messageId, 'user');
      case 'duplicate-message':
        return this.transport.duplicate(command.messageId);
      case 'delay-message':
        return this.transport.delay(command.messageId, command.delayMs);
      case 'configure':
        this.timing = { ...this.timing, ...command.timing };
        this.network.quality = linkQuality(this.timing);
        return;
      default:
        return assertNever(command);
    }
  }

  // ——— Questions ———

  node(id: NodeId): RaftNode | undefined {
    return this.nodeById.get(id);
  }

  isAlive(id: NodeId): boolean {
    return this.network.isAlive(id);
  }

  displayRole(node: RaftNode): DisplayRole {
    return this.network.isAlive(node.id) ? node.role : 'crashed';
  }

  /** The alive leader of the highest term, if any. */
  currentLeader(): RaftNode | undefined {
    let best: RaftNode | undefined;
    for (const node of this.nodes) {
      if (node.role === 'leader' && this.isAlive(node.id) && (!best || node.currentTerm > best.currentTerm)) best = node;
    }
    return best;
  }

  messagesInFlight(): IterableIterator<InFlightMessage> {
    return this.transport.values();
  }

  electionTimerOf(id: NodeId): TimerState | null {
    return this.timers.get(id)?.election ?? null;
  }

  // ——— Snapshots ———

  snapshot(): RaftSnapshot {
    return {
      nowMs: this.nowMs,
      prng: this.prng.getState(),
      scheduler: this.scheduler.snapshot(),
      network: this.network.snapshot(),
      nodes: this.nodes.map((node) => node.snapshot()),
      transport: this.transport.snapshot(),
      timers: this.nodes.map((node) => {
        const timers = this.timersOf(node.id);
        return [timers.election, timers.heartbeat] as const;
      }),
      timing: this.timing,
    };
  }

  restore(snapshot: RaftSnapshot): void {
    this.nowMs = snapshot.nowMs;
    this.prng.setState(snapshot.prng);
    this.scheduler.restore(snapshot.scheduler);
    this.network.restoreSnapshot(snapshot.network);
    this.nodes.forEach((node, index) => node.restore(snapshot.nodes[index]!));
    this.transport.restore(snapshot.transport);
    this.nodes.forEach((node, index) => {
      const [election, heartbeat] = snapshot.timers[index]!;
      this.timers.set(node.id, { election, heartbeat });
    });
    this.timing = snapshot.timing;
  }

  // ——— Events ———

  private deliver(message: InFlightMessage): void {
    this.emit({ kind: 'deliver', timeMs: this.nowMs, messageId: message.id, from: message.from, to: message.to });
    const node = this.nodeById.get(message.to)!;
    const before = this.observed(node);
    node.receive(message.from, message.message);
    this.settle(node, before);
  }

  private wakeTimer(id: NodeId, timer: TimerKind): void {
    const timers = this.timersOf(id);
    const state = timers[timer];
    if (!state || !this.network.isAlive(id)) return; // Stopped or crashed.
    if (state.deadlineMs !== this.nowMs) {
      // Reset to a later deadline since this wake-up was queued: sleep on, unless an earlier
      // wake-up superseded this one (then that one is in charge).
      if (state.wakeAtMs === this.nowMs && state.deadlineMs > this.nowMs) {
        timers[timer] = { ...state, wakeAtMs: state.deadlineMs };
        this.scheduler.schedule(state.deadlineMs, { type: 'timer', node: id, timer });
      }
      return;
    }
    timers[timer] = null;
    this.emit({ kind: 'timer', timeMs: this.nowMs, node: id, timer });
    const node = this.nodeById.get(id)!;
    const before = this.observed(node);
    if (timer === 'election') node.electionTimeout();
    else node.heartbeatTimeout();
    this.settle(node, before);
  }

  private crash(id: NodeId): void {
    const node = this.nodeById.get(id);
    if (!node || !this.network.isAlive(id)) return;
    this.network.crash(id);
    this.timers.set(id, { election: null, heartbeat: null });
    this.transport.dropAllTo(id);
    this.emit({ kind: 'role', timeMs: this.nowMs, node: id, role: 'crashed', term: node.currentTerm });
  }

  private restart(id: NodeId): void {
    const node = this.nodeById.get(id);
    if (!node || this.network.isAlive(id)) return;
    this.network.restart(id);
    const before = this.observed(node);
    before.role = 'crashed';
    node.restart();
    this.settle(node, before);
  }

  private clientRequest(value: string, via: NodeId | undefined): void {
    const target = via !== undefined ? this.nodeById.get(via) : this.currentLeader();
    if (!target || !this.network.isAlive(target.id)) {
      this.emit({ kind: 'client', timeMs: this.nowMs, node: target?.id ?? null, value, accepted: false, index: null, leaderHint: null });
      return;
    }
    const before = this.observed(target);
    const outcome = target.clientRequest(value);
    this.emit({
      kind: 'client',
      timeMs: this.nowMs,
      node: target.id,
      value,
      accepted: outcome.accepted,
      index: outcome.accepted ? outcome.index : null,
      leaderHint: outcome.accepted ? null : outcome.leaderHint,
    });
    this.settle(target, before);
  }

  // ——— Carrying out a node's effects ———

  /** After an input to a node: carry out its effects and trace what changed since `before`. */
  private settle(node: RaftNode, before: ObservedState): void {
    this.carryOut(node);
    this.emitChanges(node, before);
  }

  private carryOut(node: RaftNode): void {
    const effects = node.outbox;
    node.outbox = [];
    for (const effect of effects) {
      switch (effect.type) {
        case 'send':
          this.transport.send(node.id, effect.to, effect.message);
          break;
        case 'resetElectionTimer': {
          const { electionTimeoutMsMin: min, electionTimeoutMsMax: max } = this.timing;
          const fixed = this.config.bugs.includes('fixed-election-timeout');
          this.startTimer(node.id, 'election', fixed ? min : this.prng.intBetween(min, max));
          break;
        }
        case 'stopElectionTimer':
          this.timersOf(node.id).election = null;
          break;
        case 'startHeartbeatTimer':
          this.startTimer(node.id, 'heartbeat', this.timing.heartbeatIntervalMs);
          break;
        case 'stopHeartbeatTimer':
          this.timersOf(node.id).heartbeat = null;
          break;
        default:
          assertNever(effect);
      }
    }
  }

  private startTimer(id: NodeId, timer: TimerKind, delayMs: number): void {
    const timers = this.timersOf(id);
    const pending = timers[timer];
    const deadlineMs = this.nowMs + delayMs;
    // A wake-up already queued at or before the new deadline will re-arm itself (see wakeTimer).
    if (pending && pending.wakeAtMs > this.nowMs && pending.wakeAtMs <= deadlineMs) {
      timers[timer] = { startedAtMs: this.nowMs, deadlineMs, wakeAtMs: pending.wakeAtMs };
      return;
    }
    timers[timer] = { startedAtMs: this.nowMs, deadlineMs, wakeAtMs: deadlineMs };
    this.scheduler.schedule(deadlineMs, { type: 'timer', node: id, timer });
  }

  private emitSend(message: InFlightMessage): void {
    if (!this.sink) return; // Skip building the event when nobody records it (replays).
    this.emit({
      kind: 'send',
      timeMs: this.nowMs,
      messageId: message.id,
      from: message.from,
      to: message.to,
      type: message.message.type,
      term: message.message.term,
      deliverAtMs: message.deliverAtMs,
      detail: messageDetail(message.message),
    });
  }

  private emitDrop(message: InFlightMessage, reason: DropReason): void {
    this.emit({ kind: 'drop', timeMs: this.nowMs, messageId: message.id, from: message.from, to: message.to, reason });
  }

  // ——— Tracing state changes ———

  private observed(node: RaftNode): ObservedState {
    return {
      role: this.displayRole(node),
      term: node.currentTerm,
      votedFor: node.votedFor,
      log: node.log,
      logLength: node.log.length,
      commitIndex: node.commitIndex,
    };
  }

  private emitChanges(node: RaftNode, before: ObservedState): void {
    if (!this.sink) return;
    const timeMs = this.nowMs;
    const id = node.id;
    if (node.currentTerm !== before.term) this.emit({ kind: 'term', timeMs, node: id, term: node.currentTerm });
    const role = this.displayRole(node);
    if (role !== before.role) this.emit({ kind: 'role', timeMs, node: id, role, term: node.currentTerm });
    if (node.votedFor !== null && (node.votedFor !== before.votedFor || node.currentTerm !== before.term)) {
      this.emit({ kind: 'vote', timeMs, node: id, term: node.currentTerm, votedFor: node.votedFor });
    }
    if (node.log !== before.log || node.log.length !== before.logLength) {
      this.emit({ kind: 'log', timeMs, node: id, length: node.log.length, lastTerm: node.lastLogTerm });
    }
    if (node.commitIndex !== before.commitIndex) this.emit({ kind: 'commit', timeMs, node: id, commitIndex: node.commitIndex });
  }

  private emit(event: RaftTraceEvent): void {
    if (!this.sink) return;
    this.sink(event);
    for (const observer of this.observers) observer(event, this);
  }

  private timersOf(id: NodeId): NodeTimers {
    return this.timers.get(id)!;
  }
}

function pickTiming(config: RaftConfig): RaftTiming {
  const { electionTimeoutMsMin, electionTimeoutMsMax, heartbeatIntervalMs, latencyMsMin, latencyMsMax, lossPercent, duplicationPercent } = config;
  return { electionTimeoutMsMin, electionTimeoutMsMax, heartbeatIntervalMs, latencyMsMin, latencyMsMax, lossPercent, duplicationPercent };
}

function linkQuality(timing: RaftTiming): LinkQuality {
  return {
    latencyMsMin: timing.latencyMsMin,
    latencyMsMax: timing.latencyMsMax,
    loss: { numerator: timing.lossPercent, denominator: 100 },
    duplication: { numerator: timing.duplicationPercent, denominator: 100 },
  };
}

/** The numbers `describeSend` needs, in the order trace.ts documents. */
export function messageDetail(message: RaftMessage): number[] {
  switch (message.type) {
    case 'RequestVote':
    case 'PreVote':
      return [message.lastLogIndex, message.lastLogTerm];
    case 'RequestVoteReply':
    case 'PreVoteReply':
      return [message.voteGranted ? 1 : 0];
    case 'AppendEntries':
      return [message.prevLogIndex, message.prevLogTerm, message.entries.length, message.leaderCommit];
    case 'AppendEntriesReply':
      return [message.success ? 1 : 0, message.matchIndex];
    default:
      return assertNever(message);
  }
}
