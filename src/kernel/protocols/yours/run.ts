// A run of the learner's cluster = simulation + History, and the plain-data frame the page draws.
// History keeps no checkpoint past boot (the nodes are closures that cannot be copied): a seek
// backwards re-runs the nodes from boot, which is deterministic, so it shows the same run.

import { History } from '../../history.ts';
import type { Body, DescribeError, NodeFactory, YoursConfig } from './types.ts';
import { YoursSimulation, type NodeStatus, type YoursCommand, type YoursNodeView, type YoursSnapshot, type YoursTraceEvent } from './simulation.ts';
import type { ElectionViolation } from './checkers.ts';
import type { NodeFault } from './types.ts';
import type { WorkloadName, WorkloadOperation } from './workload.ts';
import { checkWorkload, type WorkloadVerdict } from './workload-checks.ts';

export type YoursHistory = History<YoursCommand, YoursSnapshot, YoursTraceEvent>;

export interface YoursRun {
  readonly config: YoursConfig;
  readonly simulation: YoursSimulation;
  readonly history: YoursHistory;
}

export function createYoursRun(config: YoursConfig, factory: NodeFactory, describeError?: DescribeError): YoursRun {
  const simulation = new YoursSimulation(config, factory, describeError);
  const history = new History(simulation, { checkpointIntervalMs: Number.POSITIVE_INFINITY });
  return { config, simulation, history };
}

export interface YoursMessageView {
  readonly id: number;
  readonly from: string;
  readonly to: string;
  readonly type: string;
  readonly sentAtMs: number;
  readonly deliverAtMs: number;
  readonly lost: boolean;
  readonly body: Body;
}

export interface YoursFrame {
  readonly seed: number;
  readonly nowMs: number;
  readonly headMs: number;
  readonly nodes: readonly YoursNodeView[];
  readonly groups: readonly (readonly string[])[];
  readonly cuts: readonly (readonly [string, string])[];
  readonly messages: readonly YoursMessageView[];
  /** Every violation up to the head of this branch (some may lie after the viewed moment). */
  readonly violations: readonly ElectionViolation[];
  /** Every node fault up to the head. */
  readonly faults: readonly NodeFault[];
  /** The latest log lines up to the viewed moment, newest last. */
  readonly logLines: readonly { readonly timeMs: number; readonly node: string; readonly text: string }[];
  /** The reported role and term of each node over time, up to the head: the timeline's strips. */
  readonly strips: readonly { readonly node: string; readonly spans: readonly RoleSpan[] }[];
  readonly workload: WorkloadName;
  /** The clients' latest operations at the viewed moment (a completion after it is not shown yet), newest last. */
  readonly recentOperations: readonly WorkloadOperation[];
  /** The workload's check over the whole history up to the head (null for the election workload). */
  readonly verdict: WorkloadVerdict | null;
}

export interface RoleSpan {
  readonly fromMs: number;
  readonly role: YoursNodeView['role'];
  readonly term: number | null;
  readonly status: NodeStatus;
}

const LOG_LINES_SHOWN = 12;

/** What the page draws from a trace besides the live state: checks, faults, log lines, role strips. */
export function summariseTrace(ids: readonly string[], length: number, get: (index: number) => YoursTraceEvent, endIndex: number): Pick<YoursFrame, 'violations' | 'faults' | 'logLines' | 'strips'> & { readonly operations: readonly WorkloadOperation[] } {
  const violations: ElectionViolation[] = [];
  const operations: WorkloadOperation[] = [];
  const faults: NodeFault[] = [];
  const spans = new Map<string, RoleSpan[]>(ids.map((id) => [id, [{ fromMs: 0, role: null, term: null, status: 'up' }]]));
  const push = (node: string, span: RoleSpan) => {
    const list = spans.get(node);
    if (!list) return;
    const last = list[list.length - 1]!;
    if (last.fromMs === span.fromMs) list[list.length - 1] = span;
    else list.push(span);
  };
  for (let index = 0; index < length; index++) {
    const event = get(index);
    if (event.kind === 'violation') violations.push(event.violation);
    else if (event.kind === 'invoke') operations[event.operation.index] = event.operation;
    else if (event.kind === 'complete') {
      const operation = operations[event.index];
      if (operation) operations[event.index] = { ...operation, completion: event.completion };
    } else if (event.kind === 'fault') {
      faults.push(event.fault);
      push(event.fault.node, { fromMs: event.timeMs, role: null, term: null, status: 'failed' });
    } else if (event.kind === 'report') push(event.node, { fromMs: event.timeMs, role: event.role, term: event.term, status: 'up' });
    else if (event.kind === 'action' && (event.command.type === 'crash' || event.command.type === 'restart')) {
      // Crashing a node that is down, or restarting one that is up, changes nothing.
      const list = spans.get(event.command.node);
      const wasUp = list ? list[list.length - 1]!.status === 'up' : false;
      if (list && wasUp === (event.command.type === 'crash')) push(event.command.node, { fromMs: event.timeMs, role: null, term: null, status: event.command.type === 'crash' ? 'crashed' : 'up' });
    }
  }
  const logLines: YoursFrame['logLines'][number][] = [];
  for (let index = endIndex - 1; index >= 0 && logLines.length < LOG_LINES_SHOWN; index--) {
    const event = get(index);
    if (event.kind === 'log') logLines.push({ timeMs: event.timeMs, node: event.node, text: event.text });
    else if (event.kind === 'fault') logLines.push({ timeMs: event.timeMs, node: event.fault.node, text: `stopped: ${event.fault.message}` });
  }
  logLines.reverse();
  return { violations, faults, logLines, strips: ids.map((node) => ({ node, spans: spans.get(node)! })), operations: operations.filter((operation) => operation !== undefined) };
}

const RECENT_OPERATIONS = 10;

/** The last operations invoked by `timeMs`, each as it stood then. */
export function operationsAt(operations: readonly WorkloadOperation[], timeMs: number): WorkloadOperation[] {
  const shown: WorkloadOperation[] = [];
  for (let index = operations.length - 1; index >= 0 && shown.length < RECENT_OPERATIONS; index--) {
    const operation = operations[index]!;
    if (operation.invokeMs > timeMs) continue;
    if (operation.completion && operation.completion.timeMs > timeMs) {
      const { completion: _later, ...pending } = operation;
      shown.push(pending);
    } else shown.push(operation);
  }
  return shown.reverse();
}

/**
 * The workload's verdict over the history, checked again only when an operation was invoked or
 * completed since the last look (the same history always gives the same verdict).
 */
const verdicts = new WeakMap<object, { readonly key: string; readonly verdict: WorkloadVerdict }>();
export function workloadVerdict(owner: object, workload: WorkloadName, operations: readonly WorkloadOperation[]): WorkloadVerdict | null {
  if (workload === 'election') return null;
  // Counts and times together: a fork that replays to as many operations is still a different history.
  let completed = 0;
  let times = 0;
  for (const operation of operations) {
    times += operation.invokeMs;
    if (operation.completion) {
      completed += 1;
      times += operation.completion.timeMs * 3 + (operation.completion.type === 'ok' ? 1 : 2);
    }
  }
  const key = `${operations.length}:${completed}:${times}`;
  const cached = verdicts.get(owner);
  if (cached?.key === key) return cached.verdict;
  const verdict = checkWorkload(workload, operations);
  verdicts.set(owner, { key, verdict });
  return verdict;
}

export function yoursFrame(run: YoursRun): YoursFrame {
  const { simulation, history } = run;
  const trace = history.trace;
  const { operations, ...summary } = summariseTrace(simulation.ids, trace.length, (index) => trace.get(index), history.traceEndIndexAt(simulation.nowMs));
  const workload = run.config.workload ?? 'election';
  return {
    workload,
    recentOperations: operationsAt(operations, simulation.nowMs),
    verdict: workloadVerdict(run.history, workload, operations),
    seed: run.config.seed,
    nowMs: simulation.nowMs,
    headMs: history.headMs,
    nodes: simulation.nodes(),
    groups: simulation.network.getGroups(),
    cuts: simulation.network.getCuts(),
    messages: simulation.inFlight().map((message) => ({
      id: message.id,
      from: message.from,
      to: message.to,
      type: message.message.type,
      sentAtMs: message.sentAtMs,
      deliverAtMs: message.deliverAtMs,
      lost: message.lost,
      body: message.message,
    })),
    ...summary,
  };
}
