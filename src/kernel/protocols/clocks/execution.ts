// The execution model of the clocks lab: processes, their events in order, the messages between them, and validation.

export type ProcessId = string;
export type EventId = string;
export type MessageId = string;

/**
 * One event on one process. An event may send and receive several messages: the editor and the
 * scenario language only make single sends and receives, but logs imported from ShiViz can have an
 * event that is the child of two parents or the parent of a broadcast.
 */
export interface ExecutionEvent {
  readonly id: EventId;
  readonly process: ProcessId;
  readonly label: string;
  readonly sends: readonly MessageId[];
  readonly receives: readonly MessageId[];
  /** Extra fields (for example the `date` group of a ShiViz parser), shown and searched as text. */
  readonly fields?: Readonly<Record<string, string>>;
}

/** A message from one process to another; `to` is kept so a message still in flight has a destination. */
export interface Message {
  readonly id: MessageId;
  readonly from: ProcessId;
  readonly to: ProcessId;
}

/**
 * A whole execution. `events` lists every event; the order of the events of one process in this
 * array is that process's order. Events of different processes may be interleaved in any way: there
 * is no global time here, only the order on each process and the messages.
 */
export interface Execution {
  readonly processes: readonly ProcessId[];
  readonly events: readonly ExecutionEvent[];
  readonly messages: readonly Message[];
}

export type EventKind = 'local' | 'send' | 'receive' | 'send-receive';

export function eventKind(event: ExecutionEvent): EventKind {
  if (event.sends.length > 0 && event.receives.length > 0) return 'send-receive';
  if (event.sends.length > 0) return 'send';
  if (event.receives.length > 0) return 'receive';
  return 'local';
}

export type ExecutionIssueCode =
  | 'no-processes'
  | 'duplicate-process'
  | 'unknown-process'
  | 'duplicate-event'
  | 'duplicate-message'
  | 'unknown-message'
  | 'message-to-self'
  | 'message-sent-twice'
  | 'message-received-twice'
  | 'message-never-sent'
  | 'wrong-sender'
  | 'wrong-receiver'
  | 'receive-before-send'
  | 'cycle';

/** A reason an execution is refused, worded for the learner (the UI shows `reason` as text). */
export interface ExecutionIssue {
  readonly code: ExecutionIssueCode;
  readonly reason: string;
  readonly eventId?: EventId;
  readonly messageId?: MessageId;
}

/** Index structures shared by validation, the clocks and the causality queries. */
export interface ExecutionIndex {
  readonly processIndex: ReadonlyMap<ProcessId, number>;
  readonly eventIndex: ReadonlyMap<EventId, number>;
  readonly messageById: ReadonlyMap<MessageId, Message>;
  /** For each event (by index in `execution.events`): its 1-based position on its process. */
  readonly positionOnProcess: readonly number[];
  /** For each process (by index): the indices of its events, in order. */
  readonly lanes: readonly (readonly number[])[];
  /** For each message: the index of its send event (undefined if never sent). */
  readonly sendOf: ReadonlyMap<MessageId, number>;
  /** For each message: the index of its receive event (undefined while in flight). */
  readonly receiveOf: ReadonlyMap<MessageId, number>;
}

/**
 * Builds the indices without judging the execution; unknown references are skipped here and
 * reported by `validateExecution`.
 */
export function indexExecution(execution: Execution): ExecutionIndex {
  const processIndex = new Map<ProcessId, number>();
  execution.processes.forEach((process, index) => {
    if (!processIndex.has(process)) processIndex.set(process, index);
  });
  const eventIndex = new Map<EventId, number>();
  const lanes: number[][] = execution.processes.map(() => []);
  const positionOnProcess: number[] = [];
  execution.events.forEach((event, index) => {
    if (!eventIndex.has(event.id)) eventIndex.set(event.id, index);
    const lane = processIndex.get(event.process);
    if (lane === undefined) {
      positionOnProcess.push(0);
      return;
    }
    const laneEvents = lanes[lane] as number[];
    laneEvents.push(index);
    positionOnProcess.push(laneEvents.length);
  });
  const messageById = new Map<MessageId, Message>();
  for (const message of execution.messages) {
    if (!messageById.has(message.id)) messageById.set(message.id, message);
  }
  const sendOf = new Map<MessageId, number>();
  const receiveOf = new Map<MessageId, number>();
  execution.events.forEach((event, index) => {
    for (const messageId of event.sends) if (!sendOf.has(messageId)) sendOf.set(messageId, index);
    for (const messageId of event.receives) if (!receiveOf.has(messageId)) receiveOf.set(messageId, index);
  });
  return { processIndex, eventIndex, messageById, positionOnProcess, lanes, sendOf, receiveOf };
}

/**
 * The direct successors of every event: the next event on its process and the receive of every
 * message it sends. Happens-before is the transitive closure of this relation.
 */
export function successorsOf(execution: Execution, index: ExecutionIndex): number[][] {
  const successors: number[][] = execution.events.map(() => []);
  for (const lane of index.lanes) {
    for (let position = 0; position + 1 < lane.length; position++) {
      (successors[lane[position] as number] as number[]).push(lane[position + 1] as number);
    }
  }
  execution.events.forEach((event, eventIndex) => {
    for (const messageId of event.sends) {
      const receive = index.receiveOf.get(messageId);
      if (receive !== undefined && index.sendOf.get(messageId) === eventIndex) {
        (successors[eventIndex] as number[]).push(receive);
      }
    }
  });
  return successors;
}

/**
 * A topological order of the events (indices), or the events left on a cycle. Ties are broken by
 * position in `execution.events`, so the order is deterministic.
 */
export function topologicalOrder(
  execution: Execution,
  index: ExecutionIndex,
): { order: number[]; cycle: number[] | null } {
  const successors = successorsOf(execution, index);
  const inDegree = execution.events.map(() => 0);
  for (const list of successors) for (const next of list) inDegree[next] = (inDegree[next] as number) + 1;
  // A binary heap would be faster, but a sorted ready list keeps this simple and it is O(n log n)
  // in practice because few events are ready at once.
  const ready: number[] = [];
  inDegree.forEach((degree, eventIndex) => {
    if (degree === 0) ready.push(eventIndex);
  });
  const order: number[] = [];
  let head = 0;
  while (head < ready.length) {
    const current = ready[head++] as number;
    order.push(current);
    for (const next of successors[current] as number[]) {
      inDegree[next] = (inDegree[next] as number) - 1;
      if (inDegree[next] === 0) ready.push(next);
    }
  }
  if (order.length === execution.events.length) return { order, cycle: null };
  return { order, cycle: findCycle(successors, inDegree) };
}

/** One cycle among the events Kahn's algorithm could not order (all have in-degree > 0). */
function findCycle(successors: readonly (readonly number[])[], inDegree: readonly number[]): number[] {
  const onCycleCandidate = (eventIndex: number) => (inDegree[eventIndex] as number) > 0;
  const start = inDegree.findIndex((degree) => degree > 0);
  // Every leftover event has a leftover predecessor, so walking predecessors must revisit one.
  const predecessors: number[][] = successors.map(() => []);
  successors.forEach((list, from) => {
    for (const to of list) (predecessors[to] as number[]).push(from);
  });
  const seenAt = new Map<number, number>();
  const walk: number[] = [];
  let current = start;
  while (!seenAt.has(current)) {
    seenAt.set(current, walk.length);
    walk.push(current);
    const previous = (predecessors[current] as number[]).find(onCycleCandidate);
    if (previous === undefined) break;
    current = previous;
  }
  const cycle = walk.slice(seenAt.get(current) ?? 0);
  return cycle.reverse();
}

function describeEvent(execution: Execution, eventIndex: number): string {
  const event = execution.events[eventIndex] as ExecutionEvent;
  return event.label ? `${event.id} (${event.label})` : event.id;
}

/** Every reason the execution is not a possible run of a distributed system; empty when it is. */
export function validateExecution(execution: Execution): ExecutionIssue[] {
  const issues: ExecutionIssue[] = [];
  if (execution.processes.length === 0) {
    issues.push({ code: 'no-processes', reason: 'An execution needs at least one process.' });
  }
  const seenProcesses = new Set<ProcessId>();
  for (const process of execution.processes) {
    if (seenProcesses.has(process)) {
      issues.push({ code: 'duplicate-process', reason: `Process ${process} is listed twice.` });
    }
    seenProcesses.add(process);
  }
  const index = indexExecution(execution);
  const seenEvents = new Set<EventId>();
  for (const event of execution.events) {
    if (seenEvents.has(event.id)) {
      issues.push({ code: 'duplicate-event', eventId: event.id, reason: `Two events have the id ${event.id}.` });
    }
    seenEvents.add(event.id);
    if (!seenProcesses.has(event.process)) {
      issues.push({
        code: 'unknown-process',
        eventId: event.id,
        reason: `Event ${event.id} is on process ${event.process}, which is not in the execution.`,
      });
    }
  }
  const seenMessages = new Set<MessageId>();
  for (const message of execution.messages) {
    if (seenMessages.has(message.id)) {
      issues.push({ code: 'duplicate-message', messageId: message.id, reason: `Two messages have the id ${message.id}.` });
    }
    seenMessages.add(message.id);
    if (message.from === message.to) {
      issues.push({
        code: 'message-to-self',
        messageId: message.id,
        reason: `Message ${message.id} goes from ${message.from} to itself; a step on one process is a local event.`,
      });
    }
    for (const end of [message.from, message.to]) {
      if (!seenProcesses.has(end)) {
        issues.push({
          code: 'unknown-process',
          messageId: message.id,
          reason: `Message ${message.id} names process ${end}, which is not in the execution.`,
        });
      }
    }
    if (!index.sendOf.has(message.id)) {
      issues.push({
        code: 'message-never-sent',
        messageId: message.id,
        reason: `Message ${message.id} is never sent: no event on ${message.from} sends it.`,
      });
    }
  }

  const sendCount = new Map<MessageId, number>();
  const receiveCount = new Map<MessageId, number>();
  execution.events.forEach((event) => {
    for (const messageId of event.sends) {
      sendCount.set(messageId, (sendCount.get(messageId) ?? 0) + 1);
      const message = index.messageById.get(messageId);
      if (!message) {
        issues.push({
          code: 'unknown-message',
          eventId: event.id,
          messageId,
          reason: `Event ${event.id} sends ${messageId}, which is not a known message.`,
        });
      } else if (message.from !== event.process) {
        issues.push({
          code: 'wrong-sender',
          eventId: event.id,
          messageId,
          reason: `Message ${messageId} is from ${message.from}, but event ${event.id} on ${event.process} sends it.`,
        });
      }
      if (sendCount.get(messageId) === 2) {
        issues.push({
          code: 'message-sent-twice',
          eventId: event.id,
          messageId,
          reason: `Message ${messageId} is sent twice; each message has exactly one send event.`,
        });
      }
    }
    for (const messageId of event.receives) {
      receiveCount.set(messageId, (receiveCount.get(messageId) ?? 0) + 1);
      const message = index.messageById.get(messageId);
      if (!message) {
        issues.push({
          code: 'unknown-message',
          eventId: event.id,
          messageId,
          reason: `Event ${event.id} receives ${messageId}, which is not a known message.`,
        });
      } else if (message.to !== event.process) {
        issues.push({
          code: 'wrong-receiver',
          eventId: event.id,
          messageId,
          reason: `Message ${messageId} is addressed to ${message.to}, but event ${event.id} on ${event.process} receives it.`,
        });
      }
      if (receiveCount.get(messageId) === 2) {
        issues.push({
          code: 'message-received-twice',
          eventId: event.id,
          messageId,
          reason: `Message ${messageId} is received twice; a duplicate delivery should be a second message.`,
        });
      }
      const sendIndex = index.sendOf.get(messageId);
      const receiveIndex = index.eventIndex.get(event.id);
      // A message that is never sent is reported once, above, with the message.
      if (
        sendIndex !== undefined &&
        receiveIndex !== undefined &&
        (execution.events[sendIndex] as ExecutionEvent).process === event.process &&
        (index.positionOnProcess[sendIndex] as number) >= (index.positionOnProcess[receiveIndex] as number)
      ) {
        issues.push({
          code: 'receive-before-send',
          eventId: event.id,
          messageId,
          reason: `Event ${event.id} receives ${messageId} before ${event.process} sends it.`,
        });
      }
    }
  });
  if (issues.length > 0) return issues;

  const { cycle } = topologicalOrder(execution, index);
  if (cycle) issues.push(explainCycle(execution, index, cycle));
  return issues;
}

/**
 * A cycle always runs through a message whose receive happens before its own send; the learner
 * sees that message named and the whole loop spelled out.
 */
function explainCycle(execution: Execution, index: ExecutionIndex, cycle: readonly number[]): ExecutionIssue {
  const loop = [...cycle, cycle[0] as number].map((eventIndex) => describeEvent(execution, eventIndex));
  let culprit: MessageId | undefined;
  for (let position = 0; position < cycle.length && culprit === undefined; position++) {
    const from = cycle[position] as number;
    const to = cycle[(position + 1) % cycle.length] as number;
    const sender = execution.events[from] as ExecutionEvent;
    culprit = sender.sends.find((messageId) => index.receiveOf.get(messageId) === to);
  }
  const receiveIndex = culprit === undefined ? undefined : index.receiveOf.get(culprit);
  const receive = receiveIndex === undefined ? undefined : (execution.events[receiveIndex] as ExecutionEvent);
  const messagePart = culprit && receive
    ? `Message ${culprit} would be received (at ${receive.id}) before it is sent: `
    : 'These events would each happen before the next and the last before the first: ';
  return {
    code: 'cycle',
    reason: `${messagePart}${loop.join(' → ')}. A message cannot arrive before it leaves.`,
    ...(receive ? { eventId: receive.id } : {}),
    ...(culprit ? { messageId: culprit } : {}),
  };
}

/**
 * May a message go from the (existing) event `sendEventId` to the (existing) event
 * `receiveEventId`? Refused when the receive would happen before the send, with the reason.
 */
export function checkNewMessage(
  execution: Execution,
  sendEventId: EventId,
  receiveEventId: EventId,
): { ok: true } | { ok: false; reason: string } {
  const index = indexExecution(execution);
  const sendIndex = index.eventIndex.get(sendEventId);
  const receiveIndex = index.eventIndex.get(receiveEventId);
  if (sendIndex === undefined) return { ok: false, reason: `There is no event ${sendEventId}.` };
  if (receiveIndex === undefined) return { ok: false, reason: `There is no event ${receiveEventId}.` };
  const sender = execution.events[sendIndex] as ExecutionEvent;
  const receiver = execution.events[receiveIndex] as ExecutionEvent;
  if (sender.process === receiver.process) {
    return { ok: false, reason: 'A message goes to another process; a step on the same process is a local event.' };
  }
  // Reachability from the receive to the send would close a loop: the receive happens before the send.
  const successors = successorsOf(execution, index);
  const previous = new Map<number, number>();
  const queue = [receiveIndex];
  previous.set(receiveIndex, -1);
  for (let head = 0; head < queue.length; head++) {
    const current = queue[head] as number;
    if (current === sendIndex) {
      const path: string[] = [];
      for (let step = current; step !== -1; step = previous.get(step) as number) path.push(describeEvent(execution, step));
      return {
        ok: false,
        reason: `The receive ${receiveEventId} already happens before the send ${sendEventId} (${path.reverse().join(' → ')}), so the message would arrive before it leaves.`,
      };
    }
    for (const next of successors[current] as number[]) {
      if (!previous.has(next)) {
        previous.set(next, current);
        queue.push(next);
      }
    }
  }
  return { ok: true };
}

/**
 * Builds an execution step by step, the way the scenario language and the editor do: each call
 * appends one event to the end of its process. Refusals throw `ExecutionBuildError` with a reason
 * the learner can read.
 */
export class ExecutionBuilder {
  private readonly processList: ProcessId[];
  private readonly events: ExecutionEvent[] = [];
  private readonly messages: Message[] = [];
  private readonly eventCountByProcess = new Map<ProcessId, number>();
  private readonly sentMessages = new Map<MessageId, Message>();
  private readonly receivedMessages = new Set<MessageId>();
  // Kept apart so listing what is in flight costs O(in flight), not O(all messages ever sent).
  private readonly inFlightMessages = new Map<MessageId, Message>();
  private readonly eventIds = new Set<EventId>();

  constructor(processes: readonly ProcessId[]) {
    if (new Set(processes).size !== processes.length) throw new ExecutionBuildError('A process is listed twice.');
    this.processList = [...processes];
    for (const process of processes) this.eventCountByProcess.set(process, 0);
  }

  local(process: ProcessId, label = 'local', id?: EventId): EventId {
    return this.append(process, label, [], [], id);
  }

  send(from: ProcessId, to: ProcessId, messageId: MessageId, label?: string, id?: EventId): EventId {
    this.requireProcess(to);
    if (from === to) throw new ExecutionBuildError(`${from} cannot send ${messageId} to itself.`);
    if (this.sentMessages.has(messageId)) throw new ExecutionBuildError(`Message ${messageId} has already been sent.`);
    const eventId = this.append(from, label ?? `send ${messageId}`, [messageId], [], id);
    const message: Message = { id: messageId, from, to };
    this.sentMessages.set(messageId, message);
    this.inFlightMessages.set(messageId, message);
    this.messages.push(message);
    return eventId;
  }

  receive(process: ProcessId, messageId: MessageId, label?: string, id?: EventId): EventId {
    const message = this.sentMessages.get(messageId);
    if (!message) {
      throw new ExecutionBuildError(`${process} cannot receive ${messageId}: ${messageId} has not been sent yet.`);
    }
    if (message.to !== process) {
      throw new ExecutionBuildError(`${process} cannot receive ${messageId}: it is addressed to ${message.to}.`);
    }
    if (this.receivedMessages.has(messageId)) throw new ExecutionBuildError(`${messageId} has already been received.`);
    const eventId = this.append(process, label ?? `recv ${messageId}`, [], [messageId], id);
    this.receivedMessages.add(messageId);
    this.inFlightMessages.delete(messageId);
    return eventId;
  }

  /** Messages sent but not received yet, in the order they were sent. */
  inFlight(): Message[] {
    return [...this.inFlightMessages.values()];
  }

  build(): Execution {
    return { processes: [...this.processList], events: [...this.events], messages: [...this.messages] };
  }

  private requireProcess(process: ProcessId): void {
    if (!this.eventCountByProcess.has(process)) throw new ExecutionBuildError(`There is no process ${process}.`);
  }

  private append(
    process: ProcessId,
    label: string,
    sends: MessageId[],
    receives: MessageId[],
    id: EventId | undefined,
  ): EventId {
    this.requireProcess(process);
    const count = (this.eventCountByProcess.get(process) as number) + 1;
    const eventId = id ?? `${process}:${count}`;
    if (this.eventIds.has(eventId)) throw new ExecutionBuildError(`There is already an event ${eventId}.`);
    this.eventIds.add(eventId);
    this.eventCountByProcess.set(process, count);
    this.events.push({ id: eventId, process, label, sends, receives });
    return eventId;
  }
}

export class ExecutionBuildError extends Error {
  override name = 'ExecutionBuildError';
}
