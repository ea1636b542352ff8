// A run of the learner's cluster = simulation + History, and the plain-data frame the page draws.
// History keeps no checkpoint past boot (the nodes are closures that cannot be copied): a seek
// backwards re-runs the nodes from boot, which is deterministic, so it shows the same run.

import { History } from '../../history.ts';
import type { Body, DescribeError, NodeFactory, YoursConfig } from './types.ts';
import { YoursSimulation, type NodeStatus, type YoursCommand, type YoursNodeView, type YoursSnapshot, type YoursTraceEvent } from './simulation.ts';
import type { ElectionViolation } from './checkers.ts';
import type { NodeFault } from './types.ts';

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
}

export interface RoleSpan {
  readonly fromMs: number;
  readonly role: YoursNodeView['role'];
  readonly term: number | null;
  readonly status: NodeStatus;
}

const LOG_LINES_SHOWN = 12;

/** What the page draws from a trace besides the live state: checks, faults, log lines, role strips. */
export function summariseTrace(ids: readonly string[], length: number, get: (index: number) => YoursTraceEvent, endIndex: number): Pick<YoursFrame, 'violations' | 'faults' | 'logLines' | 'strips'> {
  const violations: ElectionViolation[] = [];
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
    else if (event.kind === 'fault') {
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
  return { violations, faults, logLines, strips: ids.map((node) => ({ node, spans: spans.get(node)! })) };
}

export function yoursFrame(run: YoursRun): YoursFrame {
  const { simulation, history } = run;
  const trace = history.trace;
  const summary = summariseTrace(simulation.ids, trace.length, (index) => trace.get(index), history.traceEndIndexAt(simulation.nowMs));
  return {
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
