// Maelstrom's `echo` and `lin-kv` workloads for the learner's node: the clients (Jepsen processes
// c1, c2, … each bound to one node, one request at a time) as a pure state machine — effects out,
// no clock, no I/O — so the simulation drives it with its scheduler and the Maelstrom bridge with
// real timers. The client side follows Maelstrom's `lin_kv.clj` and `echo.clj`: request bodies
// {type, key, value, from, to, msg_id} / {type: "echo", echo, msg_id}; a reply is matched by
// `in_reply_to`; an `error` reply with a definite code (1, 10, 11, 20, 21, 22) makes the operation
// :fail, any other code :info; no reply within the timeout (Maelstrom: max(10 × latency, 1 s)) is
// :info, and — as in Jepsen — that process is retired and a fresh one (a new client id) takes its place.

import { Prng } from '../../prng.ts';

export const WORKLOADS = ['election', 'echo', 'lin-kv'] as const;
export type WorkloadName = (typeof WORKLOADS)[number];

export const WORKLOAD_TITLES: Record<WorkloadName, string> = {
  election: 'Raft election (no clients)',
  echo: 'Maelstrom echo',
  'lin-kv': 'Maelstrom lin-kv',
};

/** What a client asks (Jepsen's :f and :value). Keys and values are small integers, as in Jepsen's register test. */
export type ClientRequest =
  | { readonly f: 'echo'; readonly echo: string }
  | { readonly f: 'read'; readonly key: number }
  | { readonly f: 'write'; readonly key: number; readonly value: number }
  | { readonly f: 'cas'; readonly key: number; readonly from: number; readonly to: number };

/** Jepsen's completion types: ok (happened, output known), fail (definitely did not), info (unknown). */
export type CompletionType = 'ok' | 'fail' | 'info';

/** One operation of the history: its invocation, and its completion once there is one. */
export interface WorkloadOperation {
  /** Position in the history (0, 1, …). */
  readonly index: number;
  readonly client: string;
  readonly node: string;
  readonly request: ClientRequest;
  readonly msgId: number;
  readonly invokeMs: number;
  /** Absent while the operation is pending (at the end of a run: unknown, like :info). */
  readonly completion?: OperationCompletion;
}

export interface OperationCompletion {
  readonly type: CompletionType;
  readonly timeMs: number;
  /** read_ok's `value`, echo_ok's `echo` (as the node sent it). */
  readonly value?: unknown;
  /** For fail and info: Maelstrom's [code, text], or why the client gave up. */
  readonly error?: string;
}

/** What the simulation (or the bridge) must do for the clients. */
export type WorkloadEffect =
  | { readonly kind: 'send'; readonly from: string; readonly to: string; readonly body: Readonly<Record<string, unknown>> & { readonly type: string } }
  | { readonly kind: 'timer'; readonly thread: number; readonly token: number; readonly atMs: number }
  | { readonly kind: 'invoke'; readonly operation: WorkloadOperation }
  | { readonly kind: 'complete'; readonly index: number; readonly completion: OperationCompletion };

/** Maelstrom's error codes whose errors are definite (lin_kv.clj's known-failure-codes). */
export const DEFINITE_ERROR_CODES: ReadonlySet<number> = new Set([1, 10, 11, 20, 21, 22]);

export const ERROR_NAMES: Readonly<Record<number, string>> = {
  0: 'timeout',
  1: 'node-not-found',
  10: 'not-supported',
  11: 'temporarily-unavailable',
  12: 'malformed-request',
  13: 'crash',
  14: 'abort',
  20: 'key-does-not-exist',
  21: 'key-already-exists',
  22: 'precondition-failed',
  30: 'txn-conflict',
};

export interface WorkloadOptions {
  /** Jepsen threads per node (Maelstrom's --concurrency; the default there is n, here 1 per node for echo, 2 for lin-kv). */
  readonly threadsPerNode: number;
  /** No reply within this: :info, and the process is replaced. */
  readonly timeoutMs: number;
  /** A thread waits between one completion and its next request, uniformly in this range. */
  readonly gapMsMin: number;
  readonly gapMsMax: number;
  /** lin-kv keys 0 … keyCount-1; values 0 … 4 as in Jepsen's register test. */
  readonly keyCount: number;
}

export function defaultWorkloadOptions(workload: WorkloadName, latencyMsMax: number): WorkloadOptions {
  return {
    threadsPerNode: workload === 'lin-kv' ? 2 : 1,
    timeoutMs: Math.max(10 * latencyMsMax, 1_000),
    gapMsMin: 50,
    gapMsMax: 300,
    keyCount: 3,
  };
}

interface Thread {
  readonly node: string;
  process: string;
  token: number;
  waiting: { readonly index: number; readonly msgId: number } | null;
}

const VALUES = 5;

/** The clients of one run. Deterministic: the same seed and the same replies give the same requests. */
export class WorkloadClients {
  private readonly prng: Prng;
  private readonly threads: Thread[];
  private nextProcess: number;
  private nextMsgId = 1;
  private operationCount = 0;
  private echoCount = 0;

  constructor(
    readonly workload: Exclude<WorkloadName, 'election'>,
    nodes: readonly string[],
    seed: number,
    readonly options: WorkloadOptions,
  ) {
    this.prng = new Prng((Math.imul(seed ^ 0x27d4eb2f, 0x165667b1) + 0x3c6ef372) >>> 0);
    this.threads = [];
    for (let round = 0; round < options.threadsPerNode; round++) {
      for (const node of nodes) this.threads.push({ node, process: `c${this.threads.length + 1}`, token: 0, waiting: null });
    }
    this.nextProcess = this.threads.length + 1;
  }

  /** Is `id` a client this run has ever used (a node may reply to it)? */
  isClient(id: string): boolean {
    const number = /^c(\d+)$/.exec(id);
    return number !== null && Number(number[1]) >= 1 && Number(number[1]) < this.nextProcess;
  }

  /** Every thread's first request comes after one gap. */
  start(nowMs: number): WorkloadEffect[] {
    return this.threads.map((_, thread) => this.schedule(thread, nowMs + this.gap()));
  }

  /** A thread's timer: the next request when idle, a timeout when waiting. */
  timer(thread: number, token: number, nowMs: number): WorkloadEffect[] {
    const state = this.threads[thread];
    if (!state || state.token !== token) return [];
    if (state.waiting) {
      const { index } = state.waiting;
      state.waiting = null;
      // Jepsen: a process whose operation is indeterminate never issues another; a new one replaces it.
      state.process = `c${this.nextProcess++}`;
      return [{ kind: 'complete', index, completion: { type: 'info', timeMs: nowMs, error: `timed out: no reply within ${this.options.timeoutMs} ms` } }, this.schedule(thread, nowMs + this.gap())];
    }
    const request = this.nextRequest();
    const msgId = this.nextMsgId++;
    const operation: WorkloadOperation = { index: this.operationCount++, client: state.process, node: state.node, request, msgId, invokeMs: nowMs };
    state.waiting = { index: operation.index, msgId };
    return [
      { kind: 'invoke', operation },
      { kind: 'send', from: state.process, to: state.node, body: requestBody(request, msgId) },
      this.schedule(thread, nowMs + this.options.timeoutMs),
    ];
  }

  /** A message from a node to client `client`. Replies to retired processes, or to nothing asked, are ignored (as Jepsen's client does). */
  reply(client: string, body: Readonly<Record<string, unknown>>, nowMs: number): WorkloadEffect[] {
    const thread = this.threads.findIndex((state) => state.process === client);
    const state = this.threads[thread];
    if (!state?.waiting || body.in_reply_to !== state.waiting.msgId) return [];
    const { index } = state.waiting;
    state.waiting = null;
    return [{ kind: 'complete', index, completion: completionOf(this.requestType(body), body, nowMs) }, this.schedule(thread, nowMs + this.gap())];
  }

  private requestType(body: Readonly<Record<string, unknown>>): string {
    return typeof body.type === 'string' ? body.type : '';
  }

  private schedule(thread: number, atMs: number): WorkloadEffect {
    const state = this.threads[thread]!;
    state.token += 1;
    return { kind: 'timer', thread, token: state.token, atMs };
  }

  private gap(): number {
    return this.prng.intBetween(this.options.gapMsMin, this.options.gapMsMax);
  }

  private nextRequest(): ClientRequest {
    if (this.workload === 'echo') return { f: 'echo', echo: `Please echo ${++this.echoCount}` };
    const key = this.prng.intBetween(0, this.options.keyCount - 1);
    const roll = this.prng.intBetween(0, 2);
    if (roll === 0) return { f: 'read', key };
    if (roll === 1) return { f: 'write', key, value: this.prng.intBetween(0, VALUES - 1) };
    return { f: 'cas', key, from: this.prng.intBetween(0, VALUES - 1), to: this.prng.intBetween(0, VALUES - 1) };
  }
}

/** The request as Maelstrom's client sends it. */
export function requestBody(request: ClientRequest, msgId: number): { readonly type: string } & Record<string, unknown> {
  switch (request.f) {
    case 'echo':
      return { type: 'echo', echo: request.echo, msg_id: msgId };
    case 'read':
      return { type: 'read', key: request.key, msg_id: msgId };
    case 'write':
      return { type: 'write', key: request.key, value: request.value, msg_id: msgId };
    case 'cas':
      return { type: 'cas', key: request.key, from: request.from, to: request.to, msg_id: msgId };
  }
}

/** How a reply completes an operation, in Maelstrom's terms. */
export function completionOf(type: string, body: Readonly<Record<string, unknown>>, nowMs: number): OperationCompletion {
  if (type === 'error') {
    const code = typeof body.code === 'number' ? body.code : NaN;
    const name = ERROR_NAMES[code] ?? 'unknown error';
    const text = typeof body.text === 'string' && body.text !== '' ? `: ${body.text}` : '';
    return { type: DEFINITE_ERROR_CODES.has(code) ? 'fail' : 'info', timeMs: nowMs, error: `error ${Number.isNaN(code) ? '(no code)' : code} ${name}${text}` };
  }
  if (!type.endsWith('_ok')) return { type: 'info', timeMs: nowMs, error: `the reply's type is “${type}”: expected “…_ok” or “error”` };
  const value = type === 'echo_ok' ? body.echo : type === 'read_ok' ? body.value : undefined;
  return value === undefined ? { type: 'ok', timeMs: nowMs } : { type: 'ok', timeMs: nowMs, value };
}

/** Every operation of a trace of invoke/complete events, in invocation order. */
export function operationsOf(events: Iterable<{ readonly kind: string; readonly operation?: WorkloadOperation; readonly index?: number; readonly completion?: OperationCompletion }>): WorkloadOperation[] {
  const operations: WorkloadOperation[] = [];
  for (const event of events) {
    if (event.kind === 'invoke' && event.operation) operations[event.operation.index] = event.operation;
    else if (event.kind === 'complete' && event.index !== undefined && event.completion) {
      const operation = operations[event.index];
      if (operation) operations[event.index] = { ...operation, completion: event.completion };
    }
  }
  return operations.filter((operation) => operation !== undefined);
}

/** "read 1", "write 3 to 0", "cas 0 from 1 to 2", "echo “Please echo 4”". */
export function describeRequest(request: ClientRequest): string {
  switch (request.f) {
    case 'echo':
      return `echo “${request.echo}”`;
    case 'read':
      return `read key ${request.key}`;
    case 'write':
      return `write ${request.value} to key ${request.key}`;
    case 'cas':
      return `cas key ${request.key} from ${request.from} to ${request.to}`;
  }
}
