// Multi-leader replication (DDIA 5.3): 2–3 leaders (regions) each accept writes and replicate them to the
// others asynchronously; concurrent writes to one key are resolved by last-write-wins on (skewed) clocks,
// kept as siblings with version vectors for the client to merge, or merged (set union, counter).

import { Prng, type PrngState } from '../../prng.ts';
import { Scheduler, type SchedulerSnapshot } from '../../scheduler.ts';
import { Network, NO_CHANCE, type NetworkSnapshot } from '../../net/network.ts';
import { Transport, type InFlight, type TransportSnapshot } from '../../net/transport.ts';
import { applyNetworkCommand, type NetworkCommand, type NetworkCommandHost } from '../../net/commands.ts';
import { History, type ReplayableSimulation } from '../../history.ts';
import { assertNever, nodeIdOf, nodeIndexOf, type ClientOperation, type NodeId } from './types.ts';

/**
 * - `lww`: keep the version with the highest (clock, node) stamp — Cassandra's rule; a leader whose
 *   clock runs behind writes "older" versions that silently lose, even to writes they had seen;
 * - `siblings`: keep every version no other version has seen (version vectors); a read returns them
 *   all and the client's next write, which has seen them, replaces them (Riak, Dynamo);
 * - `merge-set` / `merge-counter`: a merge function (set union; a counter summing increments) — CRDT-style, nothing lost.
 */
export type ConflictResolution = 'lww' | 'siblings' | 'merge-set' | 'merge-counter';
export const CONFLICT_RESOLUTIONS: readonly ConflictResolution[] = ['lww', 'siblings', 'merge-set', 'merge-counter'];

export interface MultiLeaderConfig {
  readonly leaderCount: number;
  readonly seed: number;
  readonly resolve: ConflictResolution;
  /** Per leader: how far its clock is ahead (+) or behind (−) real time. */
  readonly clockSkewMs: readonly number[];
  readonly latencyMsMin: number;
  readonly latencyMsMax: number;
  /** How often a leader re-sends what a peer has not acknowledged (after a partition heals). */
  readonly resendEveryMs: number;
}

export function defaultMultiLeaderConfig(overrides: Partial<MultiLeaderConfig> = {}): MultiLeaderConfig {
  const leaderCount = overrides.leaderCount ?? 2;
  return { leaderCount, seed: 1, resolve: 'lww', clockSkewMs: Array.from({ length: leaderCount }, () => 0), latencyMsMin: 30, latencyMsMax: 80, resendEveryMs: 500, ...overrides };
}

/** One write as it travels: its value, the writer's clock stamp, and the version vector of what the writer had seen. */
export interface LeaderVersion {
  readonly writeId: number;
  /** The client operation that wrote it. */
  readonly opId: number;
  readonly key: string;
  readonly value: string | number;
  readonly node: NodeId;
  /** The writer's clock (real time + skew) when it wrote. */
  readonly clockMs: number;
  /** Per leader index: writes of that leader this one has seen; its own entry counts itself. */
  readonly vector: readonly number[];
}

export type MultiLeaderCommand =
  | NetworkCommand<NodeId, NodeId>
  | { readonly type: 'write'; readonly node: NodeId; readonly key: string; readonly value: string | number }
  | { readonly type: 'read'; readonly node: NodeId; readonly key: string };

type Message = { readonly type: 'Replicate'; readonly versions: readonly LeaderVersion[] } | { readonly type: 'Ack'; readonly writeIds: readonly number[] };
type TimedEvent = { readonly type: 'resend' } | { readonly type: 'reply'; readonly opId: number; readonly value: string | number | null };
type KernelEvent = InFlight<Message> | TimedEvent;

export type MultiLeaderTraceEvent =
  | { readonly kind: 'action'; readonly timeMs: number; readonly command: MultiLeaderCommand }
  | { readonly kind: 'apply'; readonly timeMs: number; readonly node: NodeId; readonly writeId: number; readonly kept: boolean };

interface LeaderState {
  readonly id: NodeId;
  readonly index: number;
  /** Per key: the versions kept (one for lww; the concurrent ones for siblings; every one for the merges). */
  versions: Map<string, LeaderVersion[]>;
  /** Per key: the version vector of everything received. */
  seen: Map<string, number[]>;
  /** Writes this leader originated or received; what each peer has acknowledged. */
  log: LeaderVersion[];
  acked: Map<NodeId, Set<number>>;
  counter: number;
}

export interface MultiLeaderSnapshot {
  readonly nowMs: number;
  readonly prng: PrngState;
  readonly scheduler: SchedulerSnapshot<KernelEvent>;
  readonly network: NetworkSnapshot;
  readonly transport: TransportSnapshot<Message>;
  readonly leaders: readonly LeaderState[];
  readonly operations: readonly ClientOperation[];
  readonly writes: readonly LeaderVersion[];
}

export class MultiLeaderSimulation implements ReplayableSimulation<MultiLeaderCommand, MultiLeaderSnapshot, MultiLeaderTraceEvent> {
  readonly config: MultiLeaderConfig;
  readonly network: Network;
  readonly nodeIds: readonly NodeId[];
  nowMs = 0;
  private readonly prng: Prng;
  private readonly scheduler = new Scheduler<KernelEvent>();
  private readonly transport: Transport<Message, TimedEvent>;
  private leaders: LeaderState[];
  private operationList: ClientOperation[] = [];
  private writeList: LeaderVersion[] = [];
  private sink: ((event: MultiLeaderTraceEvent) => void) | null = null;
  private readonly host: NetworkCommandHost<NodeId>;

  constructor(config: MultiLeaderConfig) {
    if (config.leaderCount < 2 || config.leaderCount > 3) throw new RangeError('multi-leader needs 2 or 3 leaders');
    if (config.clockSkewMs.length !== config.leaderCount) throw new RangeError('clockSkewMs needs one entry per leader');
    this.config = config;
    this.prng = new Prng(config.seed);
    this.nodeIds = Array.from({ length: config.leaderCount }, (_, index) => nodeIdOf(index));
    this.network = new Network(this.nodeIds, { latencyMsMin: config.latencyMsMin, latencyMsMax: config.latencyMsMax, loss: NO_CHANCE, duplication: NO_CHANCE });
    this.transport = new Transport(this.network, this.prng, this.scheduler, { nowMs: () => this.nowMs, onSend: () => undefined, onDrop: () => undefined });
    this.host = { network: this.network, dropBlocked: () => this.transport.dropBlocked(), crash: (id) => this.crash(id), restart: (id) => this.network.restart(id) };
    this.leaders = this.nodeIds.map((id, index) => ({ id, index, versions: new Map(), seen: new Map(), log: [], acked: new Map(this.nodeIds.filter((peer) => peer !== id).map((peer) => [peer, new Set<number>()])), counter: 0 }));
    this.scheduler.schedule(config.resendEveryMs, { type: 'resend' });
  }

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
        if (message) this.deliver(message.from, message.to, message.message);
        return;
      }
      case 'resend':
        this.scheduler.schedule(this.nowMs + this.config.resendEveryMs, { type: 'resend' });
        for (const leader of this.leaders) if (this.network.isAlive(leader.id)) for (const peer of this.nodeIds) if (peer !== leader.id) this.sendUnacknowledged(leader, peer);
        return;
      case 'reply': {
        const operation = this.operationList[event.opId]!;
        this.operationList[event.opId] = { ...operation, status: 'acknowledged', completeMs: this.nowMs, ...(operation.kind === 'read' ? { value: event.value } : {}) };
        return;
      }
      default:
        return assertNever(event);
    }
  }

  advanceClockTo(timeMs: number): void {
    if (timeMs > this.nowMs) this.nowMs = timeMs;
  }

  setTraceSink(sink: ((event: MultiLeaderTraceEvent) => void) | null): void {
    this.sink = sink;
  }

  apply(command: MultiLeaderCommand): void {
    this.sink?.({ kind: 'action', timeMs: this.nowMs, command });
    switch (command.type) {
      case 'write':
      case 'read':
        return this.clientOperation(command);
      default:
        return applyNetworkCommand(this.host, command);
    }
  }

  snapshot(): MultiLeaderSnapshot {
    return {
      nowMs: this.nowMs,
      prng: this.prng.getState(),
      scheduler: this.scheduler.snapshot(),
      network: this.network.snapshot(),
      transport: this.transport.snapshot(),
      leaders: this.leaders.map(copyLeader),
      operations: this.operationList.slice(),
      writes: this.writeList.slice(),
    };
  }

  restore(snapshot: MultiLeaderSnapshot): void {
    this.nowMs = snapshot.nowMs;
    this.prng.setState(snapshot.prng);
    this.scheduler.restore(snapshot.scheduler);
    this.network.restoreSnapshot(snapshot.network);
    this.transport.restore(snapshot.transport);
    this.leaders = snapshot.leaders.map(copyLeader);
    this.operationList = snapshot.operations.slice();
    this.writeList = snapshot.writes.slice();
  }

  // ——— Questions ———

  get operations(): readonly ClientOperation[] {
    return this.operationList;
  }

  get writes(): readonly LeaderVersion[] {
    return this.writeList;
  }

  /** The versions a leader keeps for a key (several only with siblings or a merge). */
  versionsAt(node: NodeId, key: string): readonly LeaderVersion[] {
    return this.leader(node).versions.get(key) ?? [];
  }

  /** What a read at this leader returns: the value; siblings joined with `/`; the set's members joined with `,`; the counter's sum. */
  readAt(node: NodeId, key: string): string | number | null {
    const versions = this.versionsAt(node, key);
    if (versions.length === 0) return null;
    switch (this.config.resolve) {
      case 'lww':
        return versions[0]!.value;
      case 'siblings':
        if (versions.length === 1) return versions[0]!.value;
        return versions.map((version) => String(version.value)).sort().join('/');
      case 'merge-set':
        return [...new Set(versions.map((version) => String(version.value)))].sort().join(',');
      case 'merge-counter':
        return versions.reduce((sum, version) => sum + Number(version.value), 0);
    }
  }

  /** How many writes this leader has received (its own and replicated). */
  appliedCount(node: NodeId): number {
    return this.leader(node).log.length;
  }

  /** Every live leader holds the same versions of every key. */
  converged(): boolean {
    const keys = new Set(this.writeList.map((write) => write.key));
    const alive = this.nodeIds.filter((id) => this.network.isAlive(id));
    return [...keys].every((key) => new Set(alive.map((id) => JSON.stringify(this.readAt(id, key)))).size === 1);
  }

  /**
   * Acknowledged writes silently discarded: not kept at the reference leader and not in the causal
   * past of anything kept there — no one who saw them chose to overwrite them (DDIA's lost update).
   */
  lostWrites(reference: NodeId = this.nodeIds.find((id) => this.network.isAlive(id)) ?? this.nodeIds[0]!): LeaderVersion[] {
    const lost: LeaderVersion[] = [];
    const leader = this.leader(reference);
    for (const write of this.writeList) {
      const kept = leader.versions.get(write.key) ?? [];
      if (this.operationList[write.opId]?.status !== 'acknowledged') continue;
      const writerIndex = nodeIndexOf(write.node);
      const survives = kept.some((version) => version.writeId === write.writeId || version.vector[writerIndex]! >= write.vector[writerIndex]!);
      if (!survives) lost.push(write);
    }
    return lost;
  }

  // ——— Writes and replication ———

  private clientOperation(command: Extract<MultiLeaderCommand, { type: 'write' | 'read' }>): void {
    const opId = this.operationList.length;
    const leader = this.leader(command.node);
    const operation: ClientOperation = { id: opId, kind: command.type, key: command.key, value: command.type === 'write' ? command.value : null, node: command.node, invokeMs: this.nowMs, completeMs: null, status: 'pending', detail: '', lsn: null, timeline: null };
    this.operationList.push(operation);
    // Each region's clients talk to their local leader; the round trip is short and not modelled.
    if (!this.network.isAlive(leader.id)) {
      this.operationList[opId] = { ...operation, status: 'failed', completeMs: this.nowMs, detail: `${leader.id} is down` };
      return;
    }
    if (command.type === 'read') {
      this.scheduler.schedule(this.nowMs + 1, { type: 'reply', opId, value: this.readAt(leader.id, command.key) });
      return;
    }
    leader.counter += 1;
    const vector = (leader.seen.get(command.key) ?? this.nodeIds.map(() => 0)).slice();
    vector[leader.index] = leader.counter;
    const version: LeaderVersion = { writeId: this.writeList.length + 1, opId, key: command.key, value: command.value, node: leader.id, clockMs: this.nowMs + this.config.clockSkewMs[leader.index]!, vector };
    this.writeList.push(version);
    this.receive(leader, version);
    // Acknowledged once the local leader has it: replication to the other regions is asynchronous.
    this.scheduler.schedule(this.nowMs + 1, { type: 'reply', opId, value: null });
    for (const peer of this.nodeIds) if (peer !== leader.id) this.transport.send(leader.id, peer, { type: 'Replicate', versions: [version] });
  }

  private sendUnacknowledged(leader: LeaderState, peer: NodeId): void {
    const acked = leader.acked.get(peer)!;
    const missing = leader.log.filter((version) => !acked.has(version.writeId));
    if (missing.length > 0 && this.network.blockedReason(leader.id, peer) === null) this.transport.send(leader.id, peer, { type: 'Replicate', versions: missing });
  }

  private deliver(from: NodeId, to: NodeId, message: Message): void {
    const leader = this.leader(to);
    if (message.type === 'Ack') {
      for (const writeId of message.writeIds) leader.acked.get(from)!.add(writeId);
      return;
    }
    for (const version of message.versions) this.receive(leader, version);
    this.transport.send(to, from, { type: 'Ack', writeIds: message.versions.map((version) => version.writeId) });
  }

  /** Apply a version by the conflict-resolution rule. */
  private receive(leader: LeaderState, version: LeaderVersion): void {
    if (leader.log.some((known) => known.writeId === version.writeId)) return;
    leader.log.push(version);
    const seen = leader.seen.get(version.key) ?? this.nodeIds.map(() => 0);
    leader.seen.set(version.key, seen.map((count, index) => Math.max(count, version.vector[index]!)));
    const kept = leader.versions.get(version.key) ?? [];
    let next: LeaderVersion[];
    switch (this.config.resolve) {
      case 'lww': {
        const current = kept[0];
        next = current === undefined || stampAfter(version, current) ? [version] : kept;
        break;
      }
      case 'siblings':
        if (kept.some((other) => dominates(other.vector, version.vector))) next = kept;
        else next = [...kept.filter((other) => !dominates(version.vector, other.vector)), version];
        break;
      case 'merge-set':
      case 'merge-counter':
        next = [...kept, version];
        break;
    }
    leader.versions.set(version.key, next);
    this.sink?.({ kind: 'apply', timeMs: this.nowMs, node: leader.id, writeId: version.writeId, kept: next.includes(version) });
  }

  private crash(id: NodeId): void {
    this.network.crash(id);
    this.transport.dropAllTo(id);
  }

  private leader(id: NodeId): LeaderState {
    const leader = this.leaders[nodeIndexOf(id)];
    if (!leader || leader.id !== id) throw new RangeError(`unknown leader ${id}`);
    return leader;
  }
}

function stampAfter(a: LeaderVersion, b: LeaderVersion): boolean {
  return a.clockMs !== b.clockMs ? a.clockMs > b.clockMs : nodeIndexOf(a.node) > nodeIndexOf(b.node);
}

/** `a` has seen everything `b` has (and they differ). */
function dominates(a: readonly number[], b: readonly number[]): boolean {
  return a.every((count, index) => count >= b[index]!) && a.some((count, index) => count > b[index]!);
}

function copyLeader(leader: LeaderState): LeaderState {
  return {
    ...leader,
    versions: new Map([...leader.versions].map(([key, versions]) => [key, versions.slice()])),
    seen: new Map([...leader.seen].map(([key, vector]) => [key, vector.slice()])),
    log: leader.log.slice(),
    acked: new Map([...leader.acked].map(([peer, set]) => [peer, new Set(set)])),
  };
}

export interface MultiLeaderRun {
  readonly config: MultiLeaderConfig;
  readonly simulation: MultiLeaderSimulation;
  readonly history: History<MultiLeaderCommand, MultiLeaderSnapshot, MultiLeaderTraceEvent>;
}

export function createMultiLeaderRun(config: MultiLeaderConfig): MultiLeaderRun {
  const simulation = new MultiLeaderSimulation(config);
  return { config, simulation, history: new History(simulation, { checkpointIntervalMs: 1000 }) };
}
