// The diagram being edited: processes, events placed in time on their lane, messages; pure edits that refuse impossible diagrams with a reason.

import type { EventId, Execution, ExecutionEvent, Message, MessageId, ProcessId } from './index.ts';

export const PROCESS_COUNT_MIN = 2;
export const PROCESS_COUNT_MAX = 8;
/** Where the keyboard puts the next event: this far after the last one on its lane. */
export const KEYBOARD_STEP_TICKS = 10;

export interface DiagramEvent {
  readonly id: EventId;
  readonly process: ProcessId;
  /** Position along the lane; also read as true time in milliseconds by the physical-time views. */
  readonly timeTicks: number;
  readonly label: string;
  readonly fields?: Readonly<Record<string, string>>;
}

export interface DiagramMessage {
  readonly id: MessageId;
  readonly from: ProcessId;
  readonly to: ProcessId;
  readonly send: EventId;
  /** null while in flight (a Raft message that was dropped never arrives). */
  readonly receive: EventId | null;
}

export type DocumentOrigin =
  | { readonly kind: 'example' }
  | { readonly kind: 'random'; readonly seed: number; readonly processCount: number; readonly eventCount: number }
  | { readonly kind: 'shiviz'; readonly name: string }
  | { readonly kind: 'raft'; readonly name: string }
  | { readonly kind: 'scenario'; readonly name: string };

export interface ClocksDocument {
  readonly version: 1;
  readonly processes: readonly ProcessId[];
  readonly events: readonly DiagramEvent[];
  readonly messages: readonly DiagramMessage[];
  readonly origin: DocumentOrigin;
  /** True once the user has changed the diagram by hand. */
  readonly edited: boolean;
}

export type EditResult = { readonly ok: true; readonly document: ClocksDocument; readonly created?: readonly EventId[] } | { readonly ok: false; readonly reason: string };

/** a, b, …, z, aa, ab, …: short names a learner can say out loud. */
export function letterName(index: number): string {
  let name = '';
  let rest = index;
  do {
    name = String.fromCharCode(97 + (rest % 26)) + name;
    rest = Math.floor(rest / 26) - 1;
  } while (rest >= 0);
  return name;
}

function freshEventId(document: ClocksDocument, taken: ReadonlySet<string> = new Set()): EventId {
  const used = new Set(document.events.map((event) => event.id));
  for (let index = 0; ; index++) {
    const name = letterName(index);
    if (!used.has(name) && !taken.has(name)) return name;
  }
}

function freshMessageId(document: ClocksDocument): MessageId {
  const used = new Set(document.messages.map((message) => message.id));
  for (let index = 1; ; index++) if (!used.has(`m${index}`)) return `m${index}`;
}

/** The same lane never has two events at one instant: the physical-time views need a strict order. */
function freeTime(document: ClocksDocument, process: ProcessId, timeTicks: number, ignore: EventId | null = null): number {
  const taken = new Set(document.events.filter((event) => event.process === process && event.id !== ignore).map((event) => event.timeTicks));
  let time = Math.max(1, Math.round(timeTicks));
  while (taken.has(time)) time += 1;
  return time;
}

function requireProcess(document: ClocksDocument, process: ProcessId): string | null {
  return document.processes.includes(process) ? null : `There is no process ${process}.`;
}

function edited(document: ClocksDocument, change: Partial<ClocksDocument>): ClocksDocument {
  return { ...document, ...change, edited: true };
}

export function addLocalEvent(document: ClocksDocument, process: ProcessId, timeTicks: number): EditResult {
  const problem = requireProcess(document, process);
  if (problem) return { ok: false, reason: problem };
  const id = freshEventId(document);
  const event: DiagramEvent = { id, process, timeTicks: freeTime(document, process, timeTicks), label: id };
  return { ok: true, document: edited(document, { events: [...document.events, event] }), created: [id] };
}

/** A local event after the last one on the lane (the keyboard's way to add). */
export function appendLocalEvent(document: ClocksDocument, process: ProcessId): EditResult {
  return addLocalEvent(document, process, lastTimeOn(document, process) + KEYBOARD_STEP_TICKS);
}

export function lastTimeOn(document: ClocksDocument, process: ProcessId): number {
  let last = 0;
  for (const event of document.events) if (event.process === process && event.timeTicks > last) last = event.timeTicks;
  return last;
}

/**
 * A message drawn from (from, sendTime) to (to, receiveTime): a send event and a receive event.
 * Refused when it would arrive before it leaves, or stay on one process.
 */
export function addMessage(document: ClocksDocument, from: ProcessId, sendTimeTicks: number, to: ProcessId, receiveTimeTicks: number): EditResult {
  const problem = requireProcess(document, from) ?? requireProcess(document, to);
  if (problem) return { ok: false, reason: problem };
  if (from === to) return { ok: false, reason: `A message goes to another process: drop it on a lane other than ${from}'s (a step on one process is a local event).` };
  const sendTime = freeTime(document, from, sendTimeTicks);
  const receiveTime = freeTime(document, to, receiveTimeTicks);
  if (receiveTime <= sendTime) {
    return {
      ok: false,
      reason: `Refused: the receive on ${to} (at ${receiveTime}) would come before the send on ${from} (at ${sendTime}). A message cannot arrive before it leaves: drop it further along the time axis.`,
    };
  }
  const sendId = freshEventId(document);
  const receiveId = freshEventId(document, new Set([sendId]));
  const messageId = freshMessageId(document);
  const events: DiagramEvent[] = [
    ...document.events,
    { id: sendId, process: from, timeTicks: sendTime, label: `send ${messageId}` },
    { id: receiveId, process: to, timeTicks: receiveTime, label: `recv ${messageId}` },
  ];
  const message: DiagramMessage = { id: messageId, from, to, send: sendId, receive: receiveId };
  return { ok: true, document: edited(document, { events, messages: [...document.messages, message] }), created: [sendId, receiveId] };
}

/** The keyboard's message: sent after the last event on `from`, received after both lanes' last events. */
export function appendMessage(document: ClocksDocument, from: ProcessId, to: ProcessId): EditResult {
  const sendTime = lastTimeOn(document, from) + KEYBOARD_STEP_TICKS;
  const receiveTime = Math.max(lastTimeOn(document, to), sendTime) + KEYBOARD_STEP_TICKS;
  return addMessage(document, from, sendTime, to, receiveTime);
}

/** Moves an event along its lane; refused if a message it sends would then arrive before it leaves (or the reverse). */
export function moveEvent(document: ClocksDocument, eventId: EventId, timeTicks: number): EditResult {
  const event = document.events.find((candidate) => candidate.id === eventId);
  if (!event) return { ok: false, reason: `There is no event ${eventId}.` };
  const time = freeTime(document, event.process, timeTicks, eventId);
  const timeOf = new Map(document.events.map((candidate) => [candidate.id, candidate.timeTicks]));
  for (const message of document.messages) {
    if (message.send === eventId && message.receive !== null && time >= (timeOf.get(message.receive) as number)) {
      return {
        ok: false,
        reason: `Refused: ${eventId} sends ${message.id}, which ${message.receive} on ${message.to} receives at ${timeOf.get(message.receive)}. Moving the send to ${time} would make ${message.id} arrive before it leaves.`,
      };
    }
    if (message.receive === eventId && time <= (timeOf.get(message.send) as number)) {
      return {
        ok: false,
        reason: `Refused: ${eventId} receives ${message.id}, which ${message.send} on ${message.from} sends at ${timeOf.get(message.send)}. Moving the receive to ${time} would make ${message.id} arrive before it leaves.`,
      };
    }
  }
  if (time === event.timeTicks) return { ok: true, document };
  return { ok: true, document: edited(document, { events: document.events.map((candidate) => (candidate.id === eventId ? { ...candidate, timeTicks: time } : candidate)) }) };
}

/**
 * Deletes an event. Its messages go with it, and so does the other end of each message when that
 * end was only there for the message (it sends or receives nothing else): half a message means nothing.
 */
export function deleteEvents(document: ClocksDocument, eventIds: readonly EventId[]): EditResult {
  const doomed = new Set(eventIds.filter((id) => document.events.some((event) => event.id === id)));
  if (doomed.size === 0) return { ok: false, reason: 'Select an event to delete first.' };
  const doomedMessages = new Set(document.messages.filter((message) => doomed.has(message.send) || (message.receive !== null && doomed.has(message.receive))).map((message) => message.id));
  const remaining = document.messages.filter((message) => !doomedMessages.has(message.id));
  const stillUsed = new Set(remaining.flatMap((message) => [message.send, message.receive]));
  for (const message of document.messages) {
    if (!doomedMessages.has(message.id)) continue;
    for (const end of [message.send, message.receive]) {
      if (end !== null && !stillUsed.has(end)) {
        const event = document.events.find((candidate) => candidate.id === end);
        // A hand-drawn end is labelled "send m1" / "recv m1"; a named event the user cares about stays, as a local event.
        if (event && /^(send|recv) /.test(event.label)) doomed.add(end);
      }
    }
  }
  return {
    ok: true,
    document: edited(document, { events: document.events.filter((event) => !doomed.has(event.id)), messages: remaining }),
    created: [...doomed],
  };
}

export function addProcess(document: ClocksDocument): EditResult {
  if (document.processes.length >= PROCESS_COUNT_MAX) return { ok: false, reason: `At most ${PROCESS_COUNT_MAX} processes fit on the diagram.` };
  let number = document.processes.length + 1;
  while (document.processes.includes(`p${number}`)) number += 1;
  return { ok: true, document: edited(document, { processes: [...document.processes, `p${number}`] }) };
}

/** Removes the last process with its events (and the messages that touch them). */
export function removeLastProcess(document: ClocksDocument): EditResult {
  if (document.processes.length <= PROCESS_COUNT_MIN) return { ok: false, reason: `A space-time diagram needs at least ${PROCESS_COUNT_MIN} processes.` };
  const process = document.processes[document.processes.length - 1] as ProcessId;
  // Deleting the lane's events takes their messages along, and the message-only ends on other lanes.
  const removed = deleteEvents(document, document.events.filter((event) => event.process === process).map((event) => event.id));
  const base = removed.ok ? removed.document : document;
  return {
    ok: true,
    document: edited(base, {
      processes: document.processes.slice(0, -1),
      events: base.events.filter((event) => event.process !== process),
      messages: base.messages.filter((message) => message.from !== process && message.to !== process),
    }),
  };
}

/** The execution the clocks are computed on: each lane's events ordered by their position in time. */
export function toExecution(document: ClocksDocument): Execution {
  const order = document.events.map((event, index) => ({ event, index }));
  order.sort((first, second) => first.event.timeTicks - second.event.timeTicks || first.index - second.index);
  const sends = new Map<EventId, MessageId[]>();
  const receives = new Map<EventId, MessageId[]>();
  for (const message of document.messages) {
    sends.set(message.send, [...(sends.get(message.send) ?? []), message.id]);
    if (message.receive !== null) receives.set(message.receive, [...(receives.get(message.receive) ?? []), message.id]);
  }
  const events: ExecutionEvent[] = order.map(({ event }) => ({
    id: event.id,
    process: event.process,
    label: event.label,
    sends: sends.get(event.id) ?? [],
    receives: receives.get(event.id) ?? [],
    ...(event.fields ? { fields: event.fields } : {}),
  }));
  const messages: Message[] = document.messages.map((message) => ({ id: message.id, from: message.from, to: message.to }));
  return { processes: [...document.processes], events, messages };
}

/**
 * A document from an execution that has no positions (a log, a scenario, a random run): each event
 * is placed one step after everything that happens before it, so every message points forwards.
 */
export function fromExecution(execution: Execution, origin: DocumentOrigin, topologicalOrder: readonly number[], stepTicks = KEYBOARD_STEP_TICKS): ClocksDocument {
  const timeByIndex = new Array<number>(execution.events.length).fill(0);
  const lastOnLane = new Map<ProcessId, number>();
  const sendTime = new Map<MessageId, number>();
  const sendEventOf = new Map<MessageId, EventId>();
  const receiveEventOf = new Map<MessageId, EventId>();
  // Sends are placed before their receives by the topological order, so one pass suffices.
  for (const eventIndex of topologicalOrder) {
    const event = execution.events[eventIndex] as ExecutionEvent;
    let time = (lastOnLane.get(event.process) ?? 0) + stepTicks;
    for (const messageId of event.receives) time = Math.max(time, (sendTime.get(messageId) ?? 0) + stepTicks);
    timeByIndex[eventIndex] = time;
    lastOnLane.set(event.process, time);
    for (const messageId of event.sends) {
      sendTime.set(messageId, time);
      sendEventOf.set(messageId, event.id);
    }
    for (const messageId of event.receives) receiveEventOf.set(messageId, event.id);
  }
  return {
    version: 1,
    processes: [...execution.processes],
    events: execution.events.map((event, index) => ({
      id: event.id,
      process: event.process,
      timeTicks: timeByIndex[index] as number,
      label: event.label,
      ...(event.fields ? { fields: event.fields } : {}),
    })),
    messages: execution.messages
      .filter((message) => sendEventOf.has(message.id))
      .map((message) => ({ id: message.id, from: message.from, to: message.to, send: sendEventOf.get(message.id) as EventId, receive: receiveEventOf.get(message.id) ?? null })),
    origin,
    edited: false,
  };
}

/** The example of the issue: p1's a reaches p3 through p2, while p2's b is concurrent with it. */
export function exampleDocument(): ClocksDocument {
  return {
    version: 1,
    processes: ['p1', 'p2', 'p3'],
    events: [
      { id: 'a', process: 'p1', timeTicks: 10, label: 'a' },
      { id: 'b', process: 'p1', timeTicks: 25, label: 'send m1' },
      { id: 'c', process: 'p2', timeTicks: 15, label: 'c' },
      { id: 'd', process: 'p2', timeTicks: 40, label: 'recv m1' },
      { id: 'e', process: 'p2', timeTicks: 55, label: 'send m2' },
      { id: 'f', process: 'p3', timeTicks: 30, label: 'f' },
      { id: 'g', process: 'p3', timeTicks: 75, label: 'recv m2' },
    ],
    messages: [
      { id: 'm1', from: 'p1', to: 'p2', send: 'b', receive: 'd' },
      { id: 'm2', from: 'p2', to: 'p3', send: 'e', receive: 'g' },
    ],
    origin: { kind: 'example' },
    edited: false,
  };
}

/**
 * Reads a stored document back, checking every field: localStorage may hold anything (an older
 * version, a hand edit), and a bad value must give the example, not a broken page.
 */
export function parseStoredDocument(text: string | null): ClocksDocument | null {
  if (!text) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  return parseStoredValue(value);
}

/** The same check on a value already read (IndexedDB gives objects, not text): null unless it is a whole, valid diagram. */
export function parseStoredValue(value: unknown): ClocksDocument | null {
  if (!isRecord(value) || value.version !== 1) return null;
  const { processes, events, messages, origin } = value;
  if (!Array.isArray(processes) || !processes.every((process) => typeof process === 'string')) return null;
  if (processes.length < 1 || processes.length > PROCESS_COUNT_MAX * 64) return null;
  if (!Array.isArray(events) || !Array.isArray(messages) || !isRecord(origin) || typeof origin.kind !== 'string') return null;
  const processSet = new Set(processes as string[]);
  const parsedEvents: DiagramEvent[] = [];
  for (const event of events) {
    if (!isRecord(event) || typeof event.id !== 'string' || typeof event.process !== 'string' || typeof event.label !== 'string') return null;
    if (typeof event.timeTicks !== 'number' || !Number.isFinite(event.timeTicks) || !processSet.has(event.process)) return null;
    const fields = isRecord(event.fields) ? Object.fromEntries(Object.entries(event.fields).filter(([, field]) => typeof field === 'string')) as Record<string, string> : undefined;
    parsedEvents.push({ id: event.id, process: event.process, timeTicks: event.timeTicks, label: event.label, ...(fields ? { fields } : {}) });
  }
  const eventIds = new Set(parsedEvents.map((event) => event.id));
  const parsedMessages: DiagramMessage[] = [];
  for (const message of messages) {
    if (!isRecord(message) || typeof message.id !== 'string' || typeof message.send !== 'string' || typeof message.from !== 'string' || typeof message.to !== 'string') return null;
    if (!eventIds.has(message.send) || !(message.receive === null || (typeof message.receive === 'string' && eventIds.has(message.receive)))) return null;
    parsedMessages.push({ id: message.id, from: message.from, to: message.to, send: message.send, receive: message.receive as string | null });
  }
  return {
    version: 1,
    processes: processes as string[],
    events: parsedEvents,
    messages: parsedMessages,
    origin: parseOrigin(origin),
    edited: value.edited === true,
  };
}

function parseOrigin(origin: Record<string, unknown>): DocumentOrigin {
  if (origin.kind === 'random' && [origin.seed, origin.processCount, origin.eventCount].every((field) => typeof field === 'number')) {
    return { kind: 'random', seed: origin.seed as number, processCount: origin.processCount as number, eventCount: origin.eventCount as number };
  }
  if ((origin.kind === 'shiviz' || origin.kind === 'raft' || origin.kind === 'scenario') && typeof origin.name === 'string') {
    return { kind: origin.kind, name: origin.name };
  }
  return { kind: 'example' };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function describeOrigin(origin: DocumentOrigin): string {
  switch (origin.kind) {
    case 'example':
      return 'the example diagram';
    case 'random':
      return `random execution (seed ${origin.seed}, ${origin.processCount} processes, ${origin.eventCount} events)`;
    case 'shiviz':
      return `ShiViz log ${origin.name}`;
    case 'raft':
      return `Raft run ${origin.name}`;
    case 'scenario':
      return `scenario ${origin.name}`;
  }
}
