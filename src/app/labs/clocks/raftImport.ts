// "Open this run in the clocks lab": a Raft run's sends and deliveries become a space-time diagram (handed over through sessionStorage).

import type { RaftTraceEvent } from '../../../kernel/protocols/raft/trace.ts';
import { navigate, routeHref } from '../../shell/router.ts';
import type { ClocksDocument, DiagramEvent, DiagramMessage } from './clocksDocument.ts';

/** The sessionStorage key the Raft page writes before navigating to `#/clocks?from=raft`. */
export const RAFT_HANDOFF_KEY = 'quorum-lab:clocks-from-raft';

type MessageTraceEvent = Extract<RaftTraceEvent, { kind: 'send' | 'deliver' | 'drop' }>;

export interface RaftHandoff {
  /** Shown as the diagram's origin, e.g. "seed 42, 5 nodes". */
  readonly name: string;
  readonly nodes: readonly string[];
  /** The run's send, deliver and drop events in trace order (other kinds are ignored). */
  readonly events: readonly MessageTraceEvent[];
}

/** What the Raft page calls: the one-line hook (`sessionStorage.setItem(RAFT_HANDOFF_KEY, raftHandoffJson(...))`). */
export function raftHandoffJson(name: string, nodes: readonly string[], trace: Iterable<RaftTraceEvent>): string {
  const events: MessageTraceEvent[] = [];
  for (const event of trace) if (event.kind === 'send' || event.kind === 'deliver' || event.kind === 'drop') events.push(event);
  return JSON.stringify({ name, nodes, events } satisfies RaftHandoff);
}

/** A long run has hundreds of heartbeats a second: the newest messages are what the learner was looking at. */
export const RAFT_HANDOFF_MAX_EVENTS = 3000;

/**
 * The Raft page's button: hands the run's messages up to the shown moment (`upTo`, an index into
 * `events`) to the clocks lab through sessionStorage, then opens `#/clocks?from=raft`.
 */
export function openRaftRunInClocksLab(run: { readonly seed: number; readonly nodeCount: number; readonly events: readonly RaftTraceEvent[]; readonly upTo: number }): void {
  const messages: RaftTraceEvent[] = [];
  for (let index = Math.min(run.upTo, run.events.length) - 1; index >= 0 && messages.length < RAFT_HANDOFF_MAX_EVENTS; index--) {
    const event = run.events[index] as RaftTraceEvent;
    if (event.kind === 'send' || event.kind === 'deliver' || event.kind === 'drop') messages.push(event);
  }
  messages.reverse();
  const fromMs = messages[0]?.timeMs ?? 0;
  const toMs = messages[messages.length - 1]?.timeMs ?? 0;
  const nodes = Array.from({ length: run.nodeCount }, (_, index) => `n${index + 1}`);
  try {
    window.sessionStorage.setItem(RAFT_HANDOFF_KEY, raftHandoffJson(`seed ${run.seed}, ${run.nodeCount} nodes, ${fromMs}–${toMs} ms`, nodes, messages));
  } catch {
    // Storage refused (disabled or full): the clocks lab says the run is missing rather than failing.
  }
  navigate(routeHref('/clocks', { from: 'raft' }));
}

export type RaftConversion = { readonly ok: true; readonly document: ClocksDocument; readonly dropped: number } | { readonly ok: false; readonly reason: string };

/**
 * Each send becomes a send event on its sender and each delivery a receive event on its target, in
 * trace order. Sends from one node at one instant (a heartbeat broadcast) are one event sending
 * several messages, as in Lamport's model. A dropped message stays in flight: sent, never received.
 * Positions keep the virtual time in ms, nudged so each lane is strictly ordered and every message
 * points forwards (delivery in the same millisecond as the send is possible in the trace).
 */
export function convertRaftHandoff(value: unknown): RaftConversion {
  const handoff = readHandoff(value);
  if (!handoff) return { ok: false, reason: 'The Raft run handed over is missing or unreadable: open the clocks lab from the Raft lab again.' };
  const nodes = [...handoff.nodes];
  const known = new Set(nodes);
  const events: DiagramEvent[] = [];
  const messages: DiagramMessage[] = [];
  const lastTime = new Map<string, number>();
  const sendEventOfMessage = new Map<number, { eventId: string; timeTicks: number }>();
  const messageIndexById = new Map<number, number>();
  let lastBroadcast: { node: string; timeMs: number; eventId: string; timeTicks: number } | null = null;
  let dropped = 0;
  const place = (node: string, wantedTicks: number): number => {
    const time = Math.max(wantedTicks, (lastTime.get(node) ?? 0) + 1);
    lastTime.set(node, time);
    return time;
  };
  for (const event of handoff.events) {
    if (!known.has(event.from) || !known.has(event.to) || event.from === event.to) continue;
    if (event.kind === 'send') {
      let sender: { node: string; timeMs: number; eventId: string; timeTicks: number } | null = lastBroadcast;
      if (!sender || sender.node !== event.from || sender.timeMs !== event.timeMs || events[events.length - 1]?.id !== sender.eventId) {
        const timeTicks = place(event.from, event.timeMs);
        const eventId = `${event.from}:${countOn(events, event.from) + 1}`;
        events.push({ id: eventId, process: event.from, timeTicks, label: `${event.type} term ${event.term}` });
        sender = { node: event.from, timeMs: event.timeMs, eventId, timeTicks };
        lastBroadcast = sender;
      } else {
        // One more recipient of the same broadcast: say so in the event's label.
        const last = events[events.length - 1] as DiagramEvent;
        if (!last.label.endsWith(' (broadcast)')) events[events.length - 1] = { ...last, label: `${last.label} (broadcast)` };
      }
      sendEventOfMessage.set(event.messageId, { eventId: sender.eventId, timeTicks: sender.timeTicks });
      messageIndexById.set(event.messageId, messages.length);
      messages.push({ id: `m${event.messageId}`, from: event.from, to: event.to, send: sender.eventId, receive: null });
    } else if (event.kind === 'deliver') {
      const send = sendEventOfMessage.get(event.messageId);
      const messageIndex = messageIndexById.get(event.messageId);
      if (!send || messageIndex === undefined || (messages[messageIndex] as DiagramMessage).receive !== null) continue;
      lastBroadcast = null;
      const timeTicks = place(event.to, Math.max(event.timeMs, send.timeTicks + 1));
      const eventId = `${event.to}:${countOn(events, event.to) + 1}`;
      events.push({ id: eventId, process: event.to, timeTicks, label: `receive m${event.messageId} from ${event.from}` });
      messages[messageIndex] = { ...(messages[messageIndex] as DiagramMessage), receive: eventId };
    } else {
      dropped += 1;
    }
  }
  if (events.length === 0) return { ok: false, reason: 'The Raft run has no messages yet: let it run a moment, then open it here again.' };
  return {
    ok: true,
    document: { version: 1, processes: nodes, events, messages, origin: { kind: 'raft', name: handoff.name }, edited: false },
    dropped,
  };
}

function countOn(events: readonly DiagramEvent[], node: string): number {
  let count = 0;
  for (const event of events) if (event.process === node) count += 1;
  return count;
}

/** sessionStorage holds text anyone could have written: every field is checked. */
function readHandoff(value: unknown): RaftHandoff | null {
  if (typeof value !== 'object' || value === null) return null;
  const record = value as Record<string, unknown>;
  if (typeof record.name !== 'string' || !Array.isArray(record.nodes) || !Array.isArray(record.events)) return null;
  if (!record.nodes.every((node) => typeof node === 'string') || record.nodes.length < 1 || record.nodes.length > 64) return null;
  const events: MessageTraceEvent[] = [];
  for (const event of record.events) {
    if (typeof event !== 'object' || event === null) return null;
    const entry = event as Record<string, unknown>;
    if (typeof entry.timeMs !== 'number' || typeof entry.messageId !== 'number' || typeof entry.from !== 'string' || typeof entry.to !== 'string') return null;
    if (entry.kind === 'send' && typeof entry.type === 'string' && typeof entry.term === 'number') events.push(entry as unknown as MessageTraceEvent);
    else if (entry.kind === 'deliver' || entry.kind === 'drop') events.push(entry as unknown as MessageTraceEvent);
  }
  return { name: record.name, nodes: record.nodes as string[], events };
}
