// A recorded run (`npm run yours -- --node … --trace out.json`: real processes, real time) shown
// again: the frame at any moment is rebuilt from the recorded events alone, so the page draws and
// scrubs a recording with the same views as a simulated run (it cannot be changed or re-run).

import { Network, NO_CHANCE } from '../../net/network.ts';
import { applyNetworkCommand } from '../../net/commands.ts';
import type { NodeStatus, YoursNodeView, YoursTraceEvent } from './simulation.ts';
import { WORKLOADS, type WorkloadName } from './workload.ts';
import { operationsAt, workloadVerdict, summariseTrace, type YoursFrame, type YoursMessageView } from './run.ts';
import { MAX_NODES, nodeIds, type Body, type NodeFault, type ReportedRole } from './types.ts';

export const RECORDING_FORMAT = 'quorum-lab/yours-trace';

export interface YoursRecording {
  readonly format: typeof RECORDING_FORMAT;
  readonly version: 1;
  readonly nodeCount: number;
  readonly seed: number;
  /** What ran: the node command, the JS file, or "ours". */
  readonly command: string;
  /** The clients that ran (absent in recordings of elections). */
  readonly workload?: WorkloadName;
  readonly events: readonly YoursTraceEvent[];
}

const EVENT_KINDS = new Set(['send', 'deliver', 'drop', 'timer', 'report', 'log', 'fault', 'violation', 'action', 'invoke', 'complete']);

/** A recording from a file's text, or one sentence saying why not. */
export function parseRecording(text: string): { readonly ok: true; readonly recording: YoursRecording } | { readonly ok: false; readonly problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'This file is not JSON: open the file `npm run yours -- … --trace <file>` wrote.' };
  }
  const recording = value as Partial<YoursRecording> | null;
  if (!recording || recording.format !== RECORDING_FORMAT || recording.version !== 1) return { ok: false, problem: `This is not a recording of your node (its "format" should be "${RECORDING_FORMAT}", version 1).` };
  if (!Number.isInteger(recording.nodeCount) || recording.nodeCount! < 1 || recording.nodeCount! > MAX_NODES) return { ok: false, problem: `"nodeCount" must be a whole number from 1 to ${MAX_NODES}.` };
  if (!Array.isArray(recording.events)) return { ok: false, problem: '"events" must be a list.' };
  let lastMs = 0;
  for (const [index, event] of recording.events.entries()) {
    const shaped = event as { kind?: unknown; timeMs?: unknown } | null;
    if (!shaped || typeof shaped.kind !== 'string' || !EVENT_KINDS.has(shaped.kind) || typeof shaped.timeMs !== 'number') return { ok: false, problem: `Event ${index + 1} is not an event of this lab.` };
    if (shaped.timeMs < lastMs) return { ok: false, problem: `Event ${index + 1} goes back in time (${shaped.timeMs} ms after ${lastMs} ms).` };
    lastMs = shaped.timeMs;
  }
  if (recording.workload !== undefined && !WORKLOADS.includes(recording.workload)) return { ok: false, problem: `"workload" must be one of ${WORKLOADS.join(', ')}.` };
  return { ok: true, recording: { format: RECORDING_FORMAT, version: 1, nodeCount: recording.nodeCount!, seed: Number(recording.seed ?? 0), command: String(recording.command ?? ''), workload: recording.workload ?? 'election', events: recording.events } };
}

export function recordingEndMs(recording: YoursRecording): number {
  return recording.events.length > 0 ? recording.events[recording.events.length - 1]!.timeMs : 0;
}

/** The frame at `timeMs`, from the events at or before it (violations and strips: the whole recording). */
export function recordingFrame(recording: YoursRecording, timeMs: number): YoursFrame {
  const ids = nodeIds(recording.nodeCount);
  const network = new Network(ids, { latencyMsMin: 0, latencyMsMax: 0, loss: NO_CHANCE, duplication: NO_CHANCE });
  const nodes = new Map<string, { status: NodeStatus; role: ReportedRole | null; term: number | null; fault: NodeFault | null }>(ids.map((id) => [id, { status: 'up', role: null, term: null, fault: null }]));
  const inFlight = new Map<number, YoursMessageView>();
  const events = recording.events;
  let end = 0;
  for (; end < events.length && events[end]!.timeMs <= timeMs; end++) {
    const event = events[end]!;
    if (event.kind === 'report') {
      const node = nodes.get(event.node);
      if (node) Object.assign(node, { role: event.role, term: event.term });
    } else if (event.kind === 'fault') {
      const node = nodes.get(event.fault.node);
      if (node) Object.assign(node, { status: 'failed', role: null, term: null, fault: event.fault });
    } else if (event.kind === 'action') {
      applyNetworkCommand(
        {
          network,
          dropBlocked: () => {},
          crash: (id) => {
            const node = nodes.get(id);
            if (node?.status === 'up') Object.assign(node, { status: 'crashed', role: null, term: null });
          },
          restart: (id) => {
            const node = nodes.get(id);
            if (node && node.status !== 'up') Object.assign(node, { status: 'up', fault: null });
          },
        },
        event.command,
      );
    } else if (event.kind === 'send') {
      inFlight.set(event.messageId, { id: event.messageId, from: event.from, to: event.to, type: event.type, sentAtMs: event.timeMs, deliverAtMs: event.deliverAtMs, lost: false, body: safeBody(event.body, event.type) });
    } else if (event.kind === 'deliver' || event.kind === 'drop') inFlight.delete(event.messageId);
  }
  const { operations, ...summary } = summariseTrace(ids, events.length, (index) => events[index]!, end);
  const workload = recording.workload ?? 'election';
  const views: YoursNodeView[] = ids.map((id) => ({ id, ...nodes.get(id)!, timers: [] }));
  return {
    seed: recording.seed,
    nowMs: timeMs,
    headMs: recordingEndMs(recording),
    nodes: views,
    groups: network.getGroups(),
    cuts: network.getCuts(),
    messages: [...inFlight.values()],
    workload,
    recentOperations: operationsAt(operations, timeMs),
    verdict: workloadVerdict(recording, workload, operations),
    ...summary,
  };
}

function safeBody(text: string, type: string): Body {
  try {
    return JSON.parse(text) as Body;
  } catch {
    return { type };
  }
}
