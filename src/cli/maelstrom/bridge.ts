// Maelstrom's protocol, hosted by the lab: one OS process per node speaking newline-delimited JSON
// ({src, dest, body}; body.type, msg_id, in_reply_to) on stdin/stdout, the init/init_ok handshake,
// stderr kept as the node's log. Messages between nodes pass through the kernel's network model
// (seeded latency, partitions, crashes) in real time. A node reports its state with a message to
// destination "lab": {"type": "state", "role": "leader", "term": 3}. Real processes and real time
// make a run unrepeatable, so it is recorded as a trace (the same events as the simulation's).
// Crash is SIGKILL; restart starts a fresh process: only what it wrote under $LAB_DATA_DIR survives.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Prng } from '../../kernel/prng.ts';
import { Network, NO_CHANCE } from '../../kernel/net/network.ts';
import { applyNetworkCommand, type NetworkCommand } from '../../kernel/net/commands.ts';
import { ElectionChecker, type ElectionViolation } from '../../kernel/protocols/yours/checkers.ts';
import type { NodeStatus, YoursTraceEvent } from '../../kernel/protocols/yours/simulation.ts';
import { nodeIds, type NodeFault, type ReportedRole } from '../../kernel/protocols/yours/types.ts';
import type { ElectionCluster } from '../../scenario/yours-runner.ts';
import { defaultWorkloadOptions, WorkloadClients, type WorkloadEffect, type WorkloadName } from '../../kernel/protocols/yours/workload.ts';

export interface MaelstromOptions {
  /** A shell command; each node runs its own copy. */
  readonly command: string;
  readonly nodeCount: number;
  readonly seed: number;
  readonly latencyMsMin: number;
  readonly latencyMsMax: number;
  /** How long a node may take to answer init. */
  readonly initTimeoutMs: number;
  readonly cwd?: string;
  /** Maelstrom's clients to run against the nodes once they are up (absent: election, no clients). */
  readonly workload?: WorkloadName;
}

export const DEFAULT_MAELSTROM_OPTIONS: Omit<MaelstromOptions, 'command'> = { nodeCount: 3, seed: 1, latencyMsMin: 5, latencyMsMax: 15, initTimeoutMs: 5_000 };

interface Envelope {
  readonly src: string;
  readonly dest: string;
  readonly body: { readonly type: string; readonly msg_id?: number; readonly in_reply_to?: number } & Record<string, unknown>;
}

interface Slot {
  readonly id: string;
  status: NodeStatus;
  process: ChildProcessWithoutNullStreams | null;
  role: ReportedRole | null;
  term: number | null;
  fault: NodeFault | null;
  restarted: boolean;
  /** Waiting for init_ok. */
  awaitingInit: { resolve: () => void; timer: NodeJS.Timeout } | null;
  readonly stderrTail: string[];
}

const MAX_LINE_CHARS = 1_000_000;

export class MaelstromCluster implements ElectionCluster {
  readonly ids: readonly string[];
  readonly trace: YoursTraceEvent[] = [];
  private readonly network: Network;
  private readonly prng: Prng;
  private readonly checker = new ElectionChecker();
  private readonly slots: Map<string, Slot>;
  private readonly startedAt = performance.now();
  private readonly dataDir: string;
  private nextMessageId = 1;
  private readonly pending = new Set<NodeJS.Timeout>();
  private closed = false;
  private clients: WorkloadClients | null = null;

  constructor(private readonly options: MaelstromOptions) {
    this.ids = nodeIds(options.nodeCount);
    this.prng = new Prng(options.seed);
    this.network = new Network(this.ids, { latencyMsMin: options.latencyMsMin, latencyMsMax: options.latencyMsMax, loss: NO_CHANCE, duplication: NO_CHANCE });
    this.slots = new Map(this.ids.map((id) => [id, { id, status: 'up' as NodeStatus, process: null, role: null, term: null, fault: null, restarted: false, awaitingInit: null, stderrTail: [] }]));
    this.dataDir = mkdtempSync(join(tmpdir(), 'quorum-lab-maelstrom-'));
  }

  get nowMs(): number {
    return Math.round(performance.now() - this.startedAt);
  }

  /** Start every node and wait for each init_ok (or its fault). */
  async start(): Promise<void> {
    await Promise.all(this.ids.map((id) => this.boot(this.slot(id))));
    const workload = this.options.workload ?? 'election';
    if (workload !== 'election') {
      this.clients = new WorkloadClients(workload, this.ids, this.options.seed, defaultWorkloadOptions(workload, this.options.latencyMsMax));
      this.carryOut(this.clients.start(this.nowMs));
    }
  }

  /** The clients' effects in real time: requests written to the node (clients sit beside their node), timers, the history. */
  private carryOut(effects: readonly WorkloadEffect[]): void {
    for (const effect of effects) {
      if (effect.kind === 'send') {
        const body = effect.body as Envelope['body'];
        const timer = setTimeout(() => {
          this.pending.delete(timer);
          this.write(this.slot(effect.to), { src: effect.from, dest: effect.to, body });
        }, this.network.sampleLatencyMs(this.prng));
        this.pending.add(timer);
      } else if (effect.kind === 'timer') {
        const timer = setTimeout(() => {
          this.pending.delete(timer);
          if (this.clients) this.carryOut(this.clients.timer(effect.thread, effect.token, this.nowMs));
        }, Math.max(0, effect.atMs - this.nowMs));
        this.pending.add(timer);
      } else if (effect.kind === 'invoke') this.emit({ kind: 'invoke', timeMs: this.nowMs, operation: effect.operation });
      else this.emit({ kind: 'complete', timeMs: this.nowMs, index: effect.index, completion: effect.completion });
    }
  }

  nodes() {
    return this.ids.map((id) => {
      const slot = this.slot(id);
      return { id, status: slot.status, role: slot.role, term: slot.term, fault: slot.fault };
    });
  }

  violations(): ElectionViolation[] {
    return this.trace.flatMap((event) => (event.kind === 'violation' ? [event.violation] : []));
  }

  faults(): NodeFault[] {
    return this.trace.flatMap((event) => (event.kind === 'fault' ? [event.fault] : []));
  }

  async apply(command: NetworkCommand): Promise<void> {
    this.emit({ kind: 'action', timeMs: this.nowMs, command });
    const restarts: Promise<void>[] = [];
    applyNetworkCommand(
      {
        network: this.network,
        dropBlocked: () => {}, // Checked again at delivery: a message blocked now is dropped then.
        crash: (id) => this.crash(this.slot(id)),
        restart: (id) => {
          const slot = this.slot(id);
          if (slot.status === 'up') return;
          slot.status = 'up';
          slot.fault = null;
          slot.restarted = true;
          this.network.restart(id);
          restarts.push(this.boot(slot));
        },
      },
      command,
    );
    await Promise.all(restarts);
  }

  run(durationMs: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, durationMs));
  }

  /** Stop every process and forget the data directory. */
  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.pending) clearTimeout(timer);
    for (const slot of this.slots.values()) this.kill(slot);
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  // ——— Processes ———

  private boot(slot: Slot): Promise<void> {
    const directory = join(this.dataDir, slot.id);
    mkdirSync(directory, { recursive: true });
    const child = spawn('sh', ['-c', this.options.command], { cwd: this.options.cwd, env: { ...process.env, LAB_NODE_ID: slot.id, LAB_DATA_DIR: directory }, stdio: ['pipe', 'pipe', 'pipe'] });
    slot.process = child;
    slot.role = null;
    slot.term = null;
    // Writing to a node that died must not kill the bridge.
    child.stdin.on('error', () => {});
    createInterface({ input: child.stdout, crlfDelay: Infinity }).on('line', (line) => {
      if (slot.process === child) this.onLine(slot, line);
    });
    createInterface({ input: child.stderr, crlfDelay: Infinity }).on('line', (line) => {
      slot.stderrTail.push(line);
      if (slot.stderrTail.length > 20) slot.stderrTail.shift();
      this.emit({ kind: 'log', timeMs: this.nowMs, node: slot.id, text: line.length > 200 ? `${line.slice(0, 200)}…` : line });
    });
    child.on('exit', (code, signal) => {
      if (slot.process !== child || this.closed) return;
      const last = slot.stderrTail[slot.stderrTail.length - 1];
      this.fail(slot, slot.awaitingInit ? 'load' : 'onMessage', `the process exited (${signal ?? `code ${code}`}) while it should be running${last ? `; its last stderr line: ${last}` : ''}`);
    });
    child.on('error', (error) => {
      if (slot.process === child) this.fail(slot, 'load', `could not start "${this.options.command}": ${error.message}`);
    });
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        if (slot.awaitingInit) this.fail(slot, 'load', `did not answer init with init_ok within ${this.options.initTimeoutMs} ms (does it read stdin line by line and reply with in_reply_to?)`);
      }, this.options.initTimeoutMs);
      slot.awaitingInit = {
        resolve: () => {
          clearTimeout(timer);
          slot.awaitingInit = null;
          resolve();
        },
        timer,
      };
      this.write(slot, { src: 'c0', dest: slot.id, body: { type: 'init', msg_id: 1, node_id: slot.id, node_ids: [...this.ids] } });
    });
  }

  private onLine(slot: Slot, line: string): void {
    if (slot.status !== 'up' || line.trim() === '') return;
    if (line.length > MAX_LINE_CHARS) return this.fail(slot, 'onMessage', `printed a line of ${line.length} characters (at most ${MAX_LINE_CHARS})`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      return this.fail(slot, 'onMessage', `printed something that is not a JSON message on stdout: ${JSON.stringify(line.slice(0, 80))} (logs go to stderr)`);
    }
    const problem = envelopeProblem(parsed, slot.id);
    if (problem) return this.fail(slot, 'onMessage', problem);
    const message = parsed as Envelope;
    if (message.dest === 'c0' && message.body.type === 'init_ok' && message.body.in_reply_to === 1) return slot.awaitingInit?.resolve();
    if (message.dest === 'lab') return this.onLabMessage(slot, message);
    if (this.clients?.isClient(message.dest)) {
      const clients = this.clients;
      const timer = setTimeout(() => {
        this.pending.delete(timer);
        this.carryOut(clients.reply(message.dest, message.body, this.nowMs));
      }, this.network.sampleLatencyMs(this.prng));
      this.pending.add(timer);
      return;
    }
    if (!this.slots.has(message.dest)) return this.fail(slot, 'onMessage', `sent to "${message.dest}", which is not a node (${this.ids.join(', ')}) nor "lab"`);
    this.route(message);
  }

  private onLabMessage(slot: Slot, message: Envelope): void {
    if (message.body.type !== 'state') return;
    const { role, term } = message.body as { role?: unknown; term?: unknown };
    if (role !== 'follower' && role !== 'candidate' && role !== 'leader') return this.fail(slot, 'onMessage', `reported role ${JSON.stringify(role)}: it must be "follower", "candidate" or "leader"`);
    if (typeof term !== 'number' || !Number.isInteger(term) || term < 0) return this.fail(slot, 'onMessage', `reported term ${JSON.stringify(term)}: it must be a whole number ≥ 0`);
    if (slot.role === role && slot.term === term) return;
    slot.role = role;
    slot.term = term;
    const timeMs = this.nowMs;
    this.emit({ kind: 'report', timeMs, node: slot.id, role, term });
    for (const violation of this.checker.observe(timeMs, slot.id, role, term, slot.restarted)) this.emit({ kind: 'violation', timeMs, violation });
    slot.restarted = false;
  }

  /** Through the network model: latency from the seed, partitions and crashes checked at both ends. */
  private route(message: Envelope): void {
    const messageId = this.nextMessageId++;
    const latencyMs = this.network.sampleLatencyMs(this.prng);
    const sentAt = this.nowMs;
    const type = message.body.type;
    this.emit({ kind: 'send', timeMs: sentAt, messageId, from: message.src, to: message.dest, type, deliverAtMs: sentAt + latencyMs, body: JSON.stringify(message.body) });
    const blockedNow = this.network.blockedReason(message.src, message.dest);
    if (blockedNow) return this.emit({ kind: 'drop', timeMs: sentAt, messageId, from: message.src, to: message.dest, type, reason: blockedNow });
    const timer = setTimeout(() => {
      this.pending.delete(timer);
      const blocked = this.network.blockedReason(message.src, message.dest);
      const target = this.slot(message.dest);
      if (blocked || target.status !== 'up') return this.emit({ kind: 'drop', timeMs: this.nowMs, messageId, from: message.src, to: message.dest, type, reason: blocked ?? 'crashed' });
      this.emit({ kind: 'deliver', timeMs: this.nowMs, messageId, from: message.src, to: message.dest, type });
      this.write(target, message);
    }, latencyMs);
    this.pending.add(timer);
  }

  private write(slot: Slot, message: Envelope): void {
    if (slot.process && slot.status === 'up') slot.process.stdin.write(`${JSON.stringify(message)}\n`);
  }

  private crash(slot: Slot): void {
    if (slot.status !== 'up') return;
    slot.status = 'crashed';
    slot.role = null;
    slot.term = null;
    this.network.crash(slot.id);
    this.kill(slot);
  }

  private fail(slot: Slot, callback: NodeFault['callback'], message: string): void {
    if (slot.status !== 'up') return;
    const fault: NodeFault = { node: slot.id, timeMs: this.nowMs, callback, message, place: null };
    slot.status = 'failed';
    slot.fault = fault;
    slot.role = null;
    slot.term = null;
    this.network.crash(slot.id);
    this.kill(slot);
    this.emit({ kind: 'fault', timeMs: fault.timeMs, fault });
    slot.awaitingInit?.resolve();
  }

  private kill(slot: Slot): void {
    const child = slot.process;
    slot.process = null;
    if (slot.awaitingInit) clearTimeout(slot.awaitingInit.timer);
    if (child && child.exitCode === null) child.kill('SIGKILL');
  }

  private slot(id: string): Slot {
    const slot = this.slots.get(id);
    if (!slot) throw new Error(`No node ${id}`);
    return slot;
  }

  private emit(event: YoursTraceEvent): void {
    this.trace.push(event);
  }
}

/** What is wrong with a line a node printed, or null (Maelstrom's field names, exactly). */
export function envelopeProblem(value: unknown, nodeId: string): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'printed JSON that is not a message object {"src", "dest", "body"}';
  const { src, dest, body } = value as { src?: unknown; dest?: unknown; body?: unknown };
  if (src !== nodeId) return `sent a message with "src": ${JSON.stringify(src)}; it must be its own id "${nodeId}"`;
  if (typeof dest !== 'string' || dest === '') return 'sent a message without a string "dest"';
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'sent a message whose "body" is not an object';
  const { type, msg_id: messageId, in_reply_to: inReplyTo } = body as { type?: unknown; msg_id?: unknown; in_reply_to?: unknown };
  if (typeof type !== 'string' || type === '') return 'sent a message whose body has no string "type"';
  if (messageId !== undefined && !Number.isInteger(messageId)) return '"msg_id" must be an integer';
  if (inReplyTo !== undefined && !Number.isInteger(inReplyTo)) return '"in_reply_to" must be an integer';
  return null;
}
