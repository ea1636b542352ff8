// Lamport clocks and vector clocks for every event of an execution, each with the arithmetic that produced it.

import {
  indexExecution,
  topologicalOrder,
  validateExecution,
  type EventId,
  type Execution,
  type ExecutionEvent,
  type ExecutionIndex,
  type ExecutionIssue,
  type MessageId,
  type ProcessId,
} from './execution.ts';

export interface ReceivedMessage {
  readonly messageId: MessageId;
  readonly sendEventId: EventId;
}

export interface StampedEvent {
  /** Index in `execution.events`. */
  readonly index: number;
  readonly event: ExecutionEvent;
  readonly processIndex: number;
  /** 1-based position of the event on its process. */
  readonly positionOnProcess: number;
  readonly lamport: number;
  /** One entry per process, in `execution.processes` order. */
  readonly vector: readonly number[];
  /** How the Lamport time was computed, e.g. "receive m1: max(local 3, received 5) + 1 = 6". */
  readonly lamportExplanation: string;
  /** How the vector was computed, e.g. "receive m1: max([1, 0], [2, 1]) = [2, 1]; p2 + 1 → [2, 2]". */
  readonly vectorExplanation: string;
  readonly receivedFrom: readonly ReceivedMessage[];
}

export interface ClockAnalysis {
  readonly execution: Execution;
  readonly processes: readonly ProcessId[];
  /** Same order as `execution.events`. */
  readonly events: readonly StampedEvent[];
  /** Event indices in an order where every event comes after everything that happens before it. */
  readonly topologicalOrder: readonly number[];
  readonly index: ExecutionIndex;
}

export class InvalidExecutionError extends Error {
  override name = 'InvalidExecutionError';
  constructor(readonly issues: readonly ExecutionIssue[]) {
    super(issues.map((issue) => issue.reason).join('\n'));
  }
}

export function formatVector(vector: readonly number[]): string {
  return `[${vector.join(', ')}]`;
}

/** The vector as `{process: count}`, the shape scenario output and ShiViz logs use. */
export function vectorRecord(processes: readonly ProcessId[], vector: readonly number[]): Record<ProcessId, number> {
  const record: Record<ProcessId, number> = {};
  processes.forEach((process, position) => {
    record[process] = vector[position] ?? 0;
  });
  return record;
}

export function tryComputeClocks(
  execution: Execution,
): { ok: true; analysis: ClockAnalysis } | { ok: false; issues: ExecutionIssue[] } {
  const issues = validateExecution(execution);
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, analysis: computeClocksOfValidExecution(execution) };
}

/** Lamport and vector clocks of every event; throws `InvalidExecutionError` for an impossible execution. */
export function computeClocks(execution: Execution): ClockAnalysis {
  const result = tryComputeClocks(execution);
  if (!result.ok) throw new InvalidExecutionError(result.issues);
  return result.analysis;
}

function computeClocksOfValidExecution(execution: Execution): ClockAnalysis {
  const index = indexExecution(execution);
  const { order } = topologicalOrder(execution, index);
  const processCount = execution.processes.length;
  const lamports: number[] = execution.events.map(() => 0);
  const vectors: number[][] = execution.events.map(() => []);
  const stamped: StampedEvent[] = new Array<StampedEvent>(execution.events.length);

  for (const eventIndex of order) {
    const event = execution.events[eventIndex] as ExecutionEvent;
    const processIndex = index.processIndex.get(event.process) as number;
    const positionOnProcess = index.positionOnProcess[eventIndex] as number;
    const lane = index.lanes[processIndex] as readonly number[];
    const previousIndex = positionOnProcess > 1 ? (lane[positionOnProcess - 2] as number) : undefined;
    const previousLamport = previousIndex === undefined ? 0 : (lamports[previousIndex] as number);
    const previousVector = previousIndex === undefined ? new Array<number>(processCount).fill(0) : (vectors[previousIndex] as number[]);

    const receivedFrom: ReceivedMessage[] = event.receives.map((messageId) => {
      const sendIndex = index.sendOf.get(messageId) as number;
      return { messageId, sendEventId: (execution.events[sendIndex] as ExecutionEvent).id };
    });
    const receivedIndices = event.receives.map((messageId) => index.sendOf.get(messageId) as number);

    // Lamport (1978), IR1 and IR2: tick before each event; on receipt first catch up with the timestamp carried by the message.
    let lamport = previousLamport;
    for (const sendIndex of receivedIndices) lamport = Math.max(lamport, lamports[sendIndex] as number);
    lamport += 1;

    // Fidge/Mattern: componentwise max with every received vector, then tick the own entry.
    const merged = [...previousVector];
    for (const sendIndex of receivedIndices) {
      const received = vectors[sendIndex] as number[];
      for (let position = 0; position < processCount; position++) {
        merged[position] = Math.max(merged[position] as number, received[position] as number);
      }
    }
    const vector = [...merged];
    vector[processIndex] = (vector[processIndex] as number) + 1;

    lamports[eventIndex] = lamport;
    vectors[eventIndex] = vector;
    stamped[eventIndex] = {
      index: eventIndex,
      event,
      processIndex,
      positionOnProcess,
      lamport,
      vector,
      lamportExplanation: explainLamport(event, previousIndex === undefined, previousLamport, receivedIndices.map((sendIndex, position) => ({
        messageId: event.receives[position] as MessageId,
        value: lamports[sendIndex] as number,
      })), lamport),
      vectorExplanation: explainVector(
        event,
        previousIndex === undefined,
        previousVector,
        receivedIndices.map((sendIndex) => vectors[sendIndex] as number[]),
        merged,
        vector,
      ),
      receivedFrom,
    };
  }
  return { execution, processes: execution.processes, events: stamped, topologicalOrder: order, index };
}

function describeAction(event: ExecutionEvent): string {
  const receives = event.receives.join(', ');
  const sends = event.sends.join(', ');
  if (receives && sends) return `receive ${receives} and send ${sends}`;
  if (receives) return `receive ${receives}`;
  if (sends) return `send ${sends}`;
  return 'local event';
}

function carriesSuffix(event: ExecutionEvent, value: string): string {
  return event.sends.length > 0 ? `; ${event.sends.join(', ')} ${event.sends.length > 1 ? 'carry' : 'carries'} ${value}` : '';
}

function explainLamport(
  event: ExecutionEvent,
  isFirst: boolean,
  previous: number,
  received: readonly { messageId: MessageId; value: number }[],
  result: number,
): string {
  const action = describeAction(event);
  const localPart = isFirst ? `start ${previous}` : `local ${previous}`;
  if (received.length === 0) {
    const prefix = isFirst ? `first event on ${event.process}, ${action}` : action;
    return `${prefix}: ${previous} + 1 = ${result}${carriesSuffix(event, String(result))}`;
  }
  const receivedPart = received.length === 1
    ? `received ${received[0]?.value}`
    : received.map((entry) => `received ${entry.value} from ${entry.messageId}`).join(', ');
  return `${action}: max(${localPart}, ${receivedPart}) + 1 = ${result}${carriesSuffix(event, String(result))}`;
}

function explainVector(
  event: ExecutionEvent,
  isFirst: boolean,
  previous: readonly number[],
  received: readonly (readonly number[])[],
  merged: readonly number[],
  result: readonly number[],
): string {
  const action = describeAction(event);
  const tick = `${event.process} + 1 → ${formatVector(result)}`;
  if (received.length === 0) {
    const prefix = isFirst ? `first event on ${event.process}, ${action}` : action;
    return `${prefix}: ${formatVector(previous)}, ${tick}${carriesSuffix(event, formatVector(result))}`;
  }
  const inputs = [previous, ...received].map(formatVector).join(', ');
  return `${action}: max(${inputs}) = ${formatVector(merged)}; ${tick}${carriesSuffix(event, formatVector(result))}`;
}

export function stampOf(analysis: ClockAnalysis, eventId: EventId): StampedEvent {
  const eventIndex = analysis.index.eventIndex.get(eventId);
  if (eventIndex === undefined) throw new RangeError(`There is no event ${eventId}.`);
  return analysis.events[eventIndex] as StampedEvent;
}

/** The events of one process, in order, for views that list a lane. */
export function laneEvents(analysis: ClockAnalysis, process: ProcessId): ExecutionEvent[] {
  const processIndex = analysis.index.processIndex.get(process);
  if (processIndex === undefined) return [];
  return (analysis.index.lanes[processIndex] as readonly number[]).map((eventIndex) => (analysis.events[eventIndex] as StampedEvent).event);
}
