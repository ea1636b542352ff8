// The contract between the lab and a learner's node: what the node may call (NodeApi), what the
// lab calls on it (NodeProgram), and the run's settings. The node is opaque code (compiled from the
// learner's text in the worker, or one of ours written in TypeScript); the kernel only hosts it.

import { WORKLOADS, type WorkloadName } from './workload.ts';

/** A message body: a plain JSON object with a string `type` (Maelstrom's `body`). */
export type Body = { readonly type: string } & Readonly<Record<string, unknown>>;

/** What a node reports about itself; the glyphs and the checkers read only this. */
export type ReportedRole = 'follower' | 'candidate' | 'leader';
export interface ReportedState {
  readonly role: ReportedRole;
  readonly term: number;
}

/** What a node can do. Every call is synchronous and deterministic; there is no clock. */
export interface NodeApi {
  /** This node's name, "n1" … */
  readonly id: string;
  /** The other nodes' names. */
  readonly peers: readonly string[];
  /** Send `body` to node `to` over the simulated network (latency, loss, partitions). */
  send(to: string, body: Body): void;
  /** Fire `onTimer(name)` after `ms` virtual milliseconds; setting a name again replaces that timer. */
  setTimer(name: string, ms: number): void;
  cancelTimer(name: string): void;
  /** Uniform in [0, 1), from this node's own seeded generator. */
  random(): number;
  /** Say what role and term this node is in: drives the drawing and the election checks. */
  report(state: ReportedState): void;
  /** Storage that survives a crash (Raft's persistent state: currentTerm, votedFor). Values are JSON. */
  readonly disk: { read(key: string): unknown; write(key: string, value: unknown): void };
  /** A line in the node's log, shown beside the cluster. */
  log(...parts: readonly unknown[]): void;
}

/** What the lab calls. Missing callbacks are simply not called. */
export interface NodeProgram {
  onStart?(): void;
  onMessage?(from: string, body: Body): void;
  onTimer?(name: string): void;
}

/** Makes one fresh node (its top-level code runs here); called at boot and at every restart. */
export type NodeFactory = (api: NodeApi) => NodeProgram;

/** Where in the learner's code something went wrong (1-based), when the compiler could tell. */
export interface CodePlace {
  readonly line: number;
  readonly column: number;
}

/** Turns whatever a node threw into words and a place in its source (the compiler knows the mapping). */
export type DescribeError = (error: unknown) => { readonly message: string; readonly place: CodePlace | null };

export type NodeCallback = 'load' | 'onStart' | 'onMessage' | 'onTimer';

/** A node stopped because its code threw, ran out of its step budget, or misused the API. */
export interface NodeFault {
  readonly node: string;
  readonly timeMs: number;
  readonly callback: NodeCallback;
  readonly message: string;
  readonly place: CodePlace | null;
}

export interface YoursConfig {
  readonly nodeCount: number;
  /** Which clients run against the nodes (absent: 'election', no clients). */
  readonly workload?: WorkloadName;
  readonly seed: number;
  readonly latencyMsMin: number;
  readonly latencyMsMax: number;
  readonly lossPercent: number;
}

export const MIN_NODES = 1;
export const MAX_NODES = 7;

export const DEFAULT_YOURS_CONFIG: YoursConfig = { nodeCount: 3, seed: 1, latencyMsMin: 5, latencyMsMax: 15, lossPercent: 0 };

export function validateYoursConfig(config: YoursConfig): string[] {
  const problems: string[] = [];
  const whole = (value: number, name: string, min: number, max: number) => {
    if (!Number.isInteger(value) || value < min || value > max) problems.push(`${name} must be a whole number from ${min} to ${max} (got ${value}).`);
  };
  whole(config.nodeCount, 'nodes', MIN_NODES, MAX_NODES);
  whole(config.seed, 'seed', 0, 0xffffffff);
  whole(config.latencyMsMin, 'latency minimum', 0, 10_000);
  whole(config.latencyMsMax, 'latency maximum', 0, 10_000);
  whole(config.lossPercent, 'loss', 0, 100);
  if (config.workload !== undefined && !WORKLOADS.includes(config.workload)) problems.push(`workload must be one of ${WORKLOADS.join(', ')} (got ${String(config.workload)}).`);
  if (config.latencyMsMax < config.latencyMsMin) problems.push(`latency maximum (${config.latencyMsMax}) is below the minimum (${config.latencyMsMin}).`);
  return problems;
}

export function nodeIds(nodeCount: number): string[] {
  return Array.from({ length: nodeCount }, (_, index) => `n${index + 1}`);
}

/** Limits that keep one node from drowning the page: each breach is a fault with a sentence. */
export const LIMITS = {
  sendsPerCallback: 1_000,
  logLinesPerCallback: 50,
  bodyBytes: 16_384,
  timersPerNode: 64,
  timerMsMax: 3_600_000,
  logLineChars: 200,
} as const;
