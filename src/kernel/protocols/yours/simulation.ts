// A cluster of the learner's nodes on the kit's simulated network. The nodes are opaque code, so
// they cannot be copied: a snapshot is only the moment of boot, and going back means building the
// cluster afresh and re-running it (History with an infinite checkpoint interval does exactly
// that). Everything the nodes see — delivery order, latency, loss, timer firings, random() — comes
// from the seed and the scheduler, so a re-run is the same run.

import { Prng } from '../../prng.ts';
import { Scheduler } from '../../scheduler.ts';
import { Network, NO_CHANCE, type DropReason } from '../../net/network.ts';
import { Transport, type InFlight } from '../../net/transport.ts';
import { applyNetworkCommand, type NetworkCommand } from '../../net/commands.ts';
import type { ReplayableSimulation } from '../../history.ts';
import { ElectionChecker, type ElectionViolation } from './checkers.ts';
import { defaultWorkloadOptions, WorkloadClients, type OperationCompletion, type WorkloadEffect, type WorkloadOperation } from './workload.ts';
import { LIMITS, nodeIds, type Body, type DescribeError, type NodeApi, type NodeCallback, type NodeFactory, type NodeFault, type NodeProgram, type ReportedRole, type ReportedState, type YoursConfig } from './types.ts';

export type YoursCommand = NetworkCommand;

export type YoursTraceEvent =
  | { readonly kind: 'send'; readonly timeMs: number; readonly messageId: number; readonly from: string; readonly to: string; readonly type: string; readonly deliverAtMs: number; readonly body: string }
  | { readonly kind: 'deliver'; readonly timeMs: number; readonly messageId: number; readonly from: string; readonly to: string; readonly type: string }
  | { readonly kind: 'drop'; readonly timeMs: number; readonly messageId: number; readonly from: string; readonly to: string; readonly type: string; readonly reason: DropReason }
  | { readonly kind: 'timer'; readonly timeMs: number; readonly node: string; readonly name: string }
  | { readonly kind: 'report'; readonly timeMs: number; readonly node: string; readonly role: ReportedRole; readonly term: number }
  | { readonly kind: 'log'; readonly timeMs: number; readonly node: string; readonly text: string }
  | { readonly kind: 'fault'; readonly timeMs: number; readonly fault: NodeFault }
  | { readonly kind: 'violation'; readonly timeMs: number; readonly violation: ElectionViolation }
  | { readonly kind: 'action'; readonly timeMs: number; readonly command: YoursCommand }
  | { readonly kind: 'invoke'; readonly timeMs: number; readonly operation: WorkloadOperation }
  | { readonly kind: 'complete'; readonly timeMs: number; readonly index: number; readonly completion: OperationCompletion };

/** A client's timer (its next request, or giving up on one). */
type ClientTimerEvent = { readonly type: 'client-timer'; readonly thread: number; readonly token: number };
/** A message between a client and a node: clients sit beside their node, so partitions do not cut them (as in Maelstrom). */
type ClientMessageEvent = { readonly type: 'client-message'; readonly from: string; readonly to: string; readonly body: Body };

type TimerEvent = { readonly type: 'timer'; readonly node: string; readonly name: string; readonly generation: number };
type BootEvent = { readonly type: 'boot'; readonly node: string };
type SimulationEvent = InFlight<Body> | TimerEvent | BootEvent | ClientTimerEvent | ClientMessageEvent;

export type NodeStatus = 'up' | 'crashed' | 'failed';

interface Slot {
  readonly id: string;
  status: NodeStatus;
  program: NodeProgram | null;
  /** Pending timers by name: the generation a firing must carry to count, and when it fires. */
  timers: Map<string, { readonly generation: number; readonly atMs: number }>;
  /** Persistent storage (JSON text per key): survives crashes. */
  readonly disk: Map<string, string>;
  readonly prng: Prng;
  reported: ReportedState | null;
  fault: NodeFault | null;
  restartedSinceReport: boolean;
}

/** The only snapshot there is: the moment of boot (see the file's opening comment). */
export interface YoursSnapshot {
  readonly boot: true;
}

export interface YoursNodeView {
  readonly id: string;
  readonly status: NodeStatus;
  readonly role: ReportedRole | null;
  readonly term: number | null;
  readonly fault: NodeFault | null;
  readonly timers: readonly { readonly name: string; readonly atMs: number }[];
}

export class YoursSimulation implements ReplayableSimulation<YoursCommand, YoursSnapshot, YoursTraceEvent> {
  readonly ids: readonly string[];
  nowMs = 0;
  private scheduler!: Scheduler<SimulationEvent>;
  network!: Network;
  private prng!: Prng;
  private transport!: Transport<Body, TimerEvent | BootEvent | ClientTimerEvent | ClientMessageEvent>;
  private clients: WorkloadClients | null = null;
  private clientPrng!: Prng;
  private slots!: Map<string, Slot>;
  private checker!: ElectionChecker;
  private timerGeneration = 0;
  private sink: ((event: YoursTraceEvent) => void) | null = null;
  /** The node whose code is running now: the API refuses calls from anywhere else. */
  private running: Slot | null = null;
  private sendsThisCallback = 0;
  private logsThisCallback = 0;

  constructor(
    readonly config: YoursConfig,
    private readonly factory: NodeFactory,
    private readonly describeError: DescribeError = defaultDescribeError,
  ) {
    this.ids = nodeIds(config.nodeCount);
    this.reset();
  }

  /** Back to the moment of boot: fresh nodes, network, generators and checker. */
  private reset(): void {
    this.nowMs = 0;
    this.timerGeneration = 0;
    this.scheduler = new Scheduler<SimulationEvent>();
    this.prng = new Prng(this.config.seed);
    this.network = new Network(this.ids, {
      latencyMsMin: this.config.latencyMsMin,
      latencyMsMax: this.config.latencyMsMax,
      loss: this.config.lossPercent > 0 ? { numerator: this.config.lossPercent, denominator: 100 } : NO_CHANCE,
      duplication: NO_CHANCE,
    });
    this.transport = new Transport<Body, TimerEvent | BootEvent | ClientTimerEvent | ClientMessageEvent>(this.network, this.prng, this.scheduler, {
      nowMs: () => this.nowMs,
      onSend: (message) =>
        this.emit({ kind: 'send', timeMs: this.nowMs, messageId: message.id, from: message.from, to: message.to, type: message.message.type, deliverAtMs: message.deliverAtMs, body: JSON.stringify(message.message) }),
      onDrop: (message, reason) => this.emit({ kind: 'drop', timeMs: this.nowMs, messageId: message.id, from: message.from, to: message.to, type: message.message.type, reason }),
    });
    this.checker = new ElectionChecker();
    this.slots = new Map(
      this.ids.map((id, index) => [
        id,
        {
          id,
          status: 'up' as NodeStatus,
          program: null,
          timers: new Map(),
          disk: new Map(),
          // Each node its own stream, so one node's draws never shift another's.
          prng: new Prng((Math.imul(this.config.seed ^ 0x5bd1e995, 0x9e3779b1) + Math.imul(index + 1, 0x85ebca6b)) >>> 0),
          reported: null,
          fault: null,
          restartedSinceReport: false,
        },
      ]),
    );
    for (const id of this.ids) this.scheduler.schedule(0, { type: 'boot', node: id });
    const workload = this.config.workload ?? 'election';
    this.clientPrng = new Prng((this.config.seed ^ 0x1b873593) >>> 0);
    this.clients = workload === 'election' ? null : new WorkloadClients(workload, this.ids, this.config.seed, defaultWorkloadOptions(workload, this.config.latencyMsMax));
    if (this.clients) this.carryOut(this.clients.start(0));
  }

  /** Do what the clients ask: send to a node, set a timer, record an invocation or a completion. */
  private carryOut(effects: readonly WorkloadEffect[]): void {
    for (const effect of effects) {
      if (effect.kind === 'send') this.scheduleClientMessage(effect.from, effect.to, effect.body as Body);
      else if (effect.kind === 'timer') this.scheduler.schedule(effect.atMs, { type: 'client-timer', thread: effect.thread, token: effect.token });
      else if (effect.kind === 'invoke') this.emit({ kind: 'invoke', timeMs: this.nowMs, operation: effect.operation });
      else this.emit({ kind: 'complete', timeMs: this.nowMs, index: effect.index, completion: effect.completion });
    }
  }

  private scheduleClientMessage(from: string, to: string, body: Body): void {
    this.scheduler.schedule(this.nowMs + this.network.sampleLatencyMs(this.clientPrng), { type: 'client-message', from, to, body });
  }

  // ——— ReplayableSimulation ———

  nextEventTimeMs(): number | undefined {
    return this.scheduler.peekTimeMs();
  }

  processNextEvent(): void {
    const next = this.scheduler.pop();
    if (!next) return;
    this.nowMs = next.timeMs;
    const event = next.event;
    if (event.type === 'boot') return this.boot(this.slot(event.node));
    if (event.type === 'timer') return this.fireTimer(event);
    if (event.type === 'client-timer') return this.carryOut(this.clients?.timer(event.thread, event.token, this.nowMs) ?? []);
    if (event.type === 'client-message') return this.deliverClientMessage(event);
    const message = this.transport.arrive(event);
    if (!message) return;
    const slot = this.slot(message.to);
    this.emit({ kind: 'deliver', timeMs: this.nowMs, messageId: message.id, from: message.from, to: message.to, type: message.message.type });
    this.call(slot, 'onMessage', (program) => program.onMessage?.(message.from, message.message));
  }

  advanceClockTo(timeMs: number): void {
    if (timeMs > this.nowMs) this.nowMs = timeMs;
  }

  apply(command: YoursCommand): void {
    this.emit({ kind: 'action', timeMs: this.nowMs, command });
    applyNetworkCommand(
      {
        network: this.network,
        dropBlocked: () => this.transport.dropBlocked(),
        crash: (id) => this.crash(id),
        restart: (id) => this.restart(id),
      },
      command,
    );
  }

  snapshot(): YoursSnapshot {
    if (this.nowMs !== 0) throw new Error('A cluster of learner nodes cannot be copied after boot: use an infinite checkpoint interval.');
    return { boot: true };
  }

  restore(_snapshot: YoursSnapshot): void {
    this.reset();
  }

  setTraceSink(sink: ((event: YoursTraceEvent) => void) | null): void {
    this.sink = sink;
  }

  // ——— Questions ———

  nodes(): YoursNodeView[] {
    return this.ids.map((id) => {
      const slot = this.slot(id);
      return {
        id,
        status: slot.status,
        role: slot.reported?.role ?? null,
        term: slot.reported?.term ?? null,
        fault: slot.fault,
        timers: [...slot.timers].map(([name, timer]) => ({ name, atMs: timer.atMs })).sort((a, b) => a.atMs - b.atMs),
      };
    });
  }

  inFlight(): InFlight<Body>[] {
    return [...this.transport.values()];
  }

  // ——— Crash and restart ———

  private crash(id: string): void {
    const slot = this.slot(id);
    if (slot.status !== 'up') return;
    this.stop(slot, 'crashed');
  }

  private restart(id: string): void {
    const slot = this.slot(id);
    if (slot.status === 'up') return;
    slot.status = 'up';
    slot.fault = null;
    slot.restartedSinceReport = true;
    this.network.restart(id);
    this.boot(slot);
  }

  private stop(slot: Slot, status: 'crashed' | 'failed'): void {
    slot.status = status;
    slot.program = null;
    slot.timers = new Map();
    slot.reported = null;
    this.network.crash(slot.id);
    this.transport.dropAllTo(slot.id);
  }

  private boot(slot: Slot): void {
    if (slot.status !== 'up') return;
    this.call(slot, 'load', () => {
      slot.program = this.factory(this.apiFor(slot));
    });
    this.call(slot, 'onStart', (program) => program.onStart?.());
  }

  private deliverClientMessage(event: ClientMessageEvent): void {
    if (this.clients?.isClient(event.to)) return this.carryOut(this.clients.reply(event.to, event.body, this.nowMs));
    const slot = this.slot(event.to);
    // A request to a node that is down is lost: the client times out (:info).
    if (slot.status !== 'up') return;
    this.call(slot, 'onMessage', (program) => program.onMessage?.(event.from, event.body));
  }

  private fireTimer(event: TimerEvent): void {
    const slot = this.slot(event.node);
    const timer = slot.timers.get(event.name);
    if (slot.status !== 'up' || !timer || timer.generation !== event.generation) return;
    slot.timers.delete(event.name);
    this.emit({ kind: 'timer', timeMs: this.nowMs, node: slot.id, name: event.name });
    this.call(slot, 'onTimer', (program) => program.onTimer?.(event.name));
  }

  /** Run the node's code; whatever it throws stops the node with a fault (never the simulation). */
  private call(slot: Slot, callback: NodeCallback, body: (program: NodeProgram) => void): void {
    if (slot.status !== 'up') return;
    if (callback !== 'load' && !slot.program) return;
    this.running = slot;
    this.sendsThisCallback = 0;
    this.logsThisCallback = 0;
    try {
      body(slot.program ?? {});
    } catch (error) {
      const { message, place } = this.describeError(error);
      const fault: NodeFault = { node: slot.id, timeMs: this.nowMs, callback, message, place };
      this.stop(slot, 'failed');
      slot.fault = fault;
      this.emit({ kind: 'fault', timeMs: this.nowMs, fault });
    } finally {
      this.running = null;
    }
  }

  // ——— The node's API ———

  private apiFor(slot: Slot): NodeApi {
    const peers = this.ids.filter((id) => id !== slot.id);
    const guard = (what: string) => {
      if (this.running !== slot) throw new ApiError(`${what} was called outside onStart, onMessage or onTimer (code that runs later, e.g. after await, is not supported: time comes only from setTimer)`);
    };
    return {
      id: slot.id,
      peers,
      send: (to, body) => {
        guard('send()');
        if (typeof to === 'string' && this.clients?.isClient(to)) {
          this.countSend();
          return this.scheduleClientMessage(slot.id, to, cleanBody(body));
        }
        if (typeof to !== 'string' || !this.slots.has(to)) throw new ApiError(`send(to, body): “${String(to)}” is not a node of this cluster (${this.ids.join(', ')})${this.clients ? ' nor a client that wrote to it' : ''}`);
        if (to === slot.id) throw new ApiError('send(to, body): a node cannot send to itself');
        const clean = cleanBody(body);
        this.countSend();
        this.transport.send(slot.id, to, clean);
      },
      setTimer: (name, ms) => {
        guard('setTimer()');
        if (typeof name !== 'string' || name === '') throw new ApiError('setTimer(name, ms): the name must be a non-empty string');
        if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0 || ms > LIMITS.timerMsMax) throw new ApiError(`setTimer(name, ms): ms must be a number from 0 to ${LIMITS.timerMsMax} (got ${String(ms)})`);
        if (!slot.timers.has(name) && slot.timers.size >= LIMITS.timersPerNode) throw new ApiError(`more than ${LIMITS.timersPerNode} timers at once on one node`);
        const generation = ++this.timerGeneration;
        const atMs = this.nowMs + Math.round(ms);
        slot.timers.set(name, { generation, atMs });
        this.scheduler.schedule(atMs, { type: 'timer', node: slot.id, name, generation });
      },
      cancelTimer: (name) => {
        guard('cancelTimer()');
        slot.timers.delete(name);
      },
      random: () => slot.prng.float(),
      report: (state) => {
        guard('report()');
        const role = (state as Partial<ReportedState> | null)?.role;
        const term = (state as Partial<ReportedState> | null)?.term;
        if (role !== 'follower' && role !== 'candidate' && role !== 'leader') throw new ApiError(`report({role, term}): role must be "follower", "candidate" or "leader" (got ${JSON.stringify(role) ?? 'nothing'})`);
        if (typeof term !== 'number' || !Number.isInteger(term) || term < 0) throw new ApiError(`report({role, term}): term must be a whole number ≥ 0 (got ${JSON.stringify(term) ?? 'nothing'})`);
        if (slot.reported && slot.reported.role === role && slot.reported.term === term) return;
        slot.reported = { role, term };
        this.emit({ kind: 'report', timeMs: this.nowMs, node: slot.id, role, term });
        for (const violation of this.checker.observe(this.nowMs, slot.id, role, term, slot.restartedSinceReport)) this.emit({ kind: 'violation', timeMs: this.nowMs, violation });
        slot.restartedSinceReport = false;
      },
      disk: {
        read: (key) => {
          const text = slot.disk.get(String(key));
          return text === undefined ? undefined : JSON.parse(text);
        },
        write: (key, value) => {
          guard('disk.write()');
          const text = JSON.stringify(value);
          if (text === undefined) slot.disk.delete(String(key));
          else slot.disk.set(String(key), text);
        },
      },
      log: (...parts) => {
        guard('log()');
        this.logsThisCallback += 1;
        if (this.logsThisCallback > LIMITS.logLinesPerCallback) return;
        const text = parts.map((part) => (typeof part === 'string' ? part : safeJson(part))).join(' ');
        this.emit({ kind: 'log', timeMs: this.nowMs, node: slot.id, text: text.length > LIMITS.logLineChars ? `${text.slice(0, LIMITS.logLineChars)}…` : text });
      },
    };
  }

  private countSend(): void {
    this.sendsThisCallback += 1;
    if (this.sendsThisCallback > LIMITS.sendsPerCallback) throw new ApiError(`more than ${LIMITS.sendsPerCallback} sends in one callback: stopped (a send inside a runaway loop?)`);
  }

  private slot(id: string): Slot {
    const slot = this.slots.get(id);
    if (!slot) throw new Error(`No node ${id}`);
    return slot;
  }

  private emit(event: YoursTraceEvent): void {
    this.sink?.(event);
  }
}

/** A mistake in using the API (the learner's, not ours): reported with the line that made it. */
export class ApiError extends Error {
  override name = 'ApiError';
}

/** A detached JSON copy of a body, or an ApiError saying what is wrong with it. */
function cleanBody(body: unknown): Body {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ApiError(`send(to, body): the body must be an object like { type: "RequestVote", term: 1 } (got ${safeJson(body)})`);
  const type = (body as { type?: unknown }).type;
  if (typeof type !== 'string' || type === '') throw new ApiError('send(to, body): the body needs a string "type" (Maelstrom names every message by body.type)');
  let text: string;
  try {
    text = JSON.stringify(body);
  } catch (error) {
    throw new ApiError(`send(to, body): the body cannot be turned into JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (text.length > LIMITS.bodyBytes) throw new ApiError(`send(to, body): the body is ${text.length} bytes of JSON; at most ${LIMITS.bodyBytes}`);
  return JSON.parse(text) as Body;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function defaultDescribeError(error: unknown): { message: string; place: null } {
  return { message: error instanceof Error ? `${error.name}: ${error.message}` : `threw ${safeJson(error)}`, place: null };
}
