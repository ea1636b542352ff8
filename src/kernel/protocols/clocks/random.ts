// Seeded random executions for practice, and the "which of these pairs are concurrent?" quiz with grading.

import { Prng } from '../../prng.ts';
import { ExecutionBuilder, type EventId, type Execution, type Message } from './execution.ts';
import { relationOf, type RelationExplanation } from './causality.ts';
import { computeClocks, type ClockAnalysis, type StampedEvent } from './logical.ts';

export interface RandomExecutionOptions {
  readonly seed: number;
  /** 2–8 in the lab; any count ≥ 1 works. */
  readonly processCount: number;
  /** Exact number of events produced. */
  readonly eventCount: number;
  /** Out of 100: chance that a step sends a message (when it does not receive). */
  readonly sendPercent?: number;
  /** Out of 100: chance that a process with a message waiting receives it. */
  readonly receivePercent?: number;
}

export function processNames(processCount: number): string[] {
  return Array.from({ length: processCount }, (_, position) => `p${position + 1}`);
}

/**
 * A random execution: at each step a random process does a local step, sends to another process,
 * or receives one of the messages waiting for it (in any order: the network is not FIFO). Every
 * message is received before the end, so `eventCount` is exact and nothing is left in flight.
 */
export function generateExecution(options: RandomExecutionOptions): Execution {
  const { seed, processCount, eventCount } = options;
  const sendPercent = options.sendPercent ?? 40;
  const receivePercent = options.receivePercent ?? 50;
  if (processCount < 1) throw new RangeError('generateExecution: at least one process');
  if (eventCount < 0) throw new RangeError('generateExecution: eventCount ≥ 0');
  const prng = new Prng(seed);
  const processes = processNames(processCount);
  const builder = new ExecutionBuilder(processes);
  let messageCount = 0;
  let localCount = 0;
  for (let remaining = eventCount; remaining > 0; remaining--) {
    const inFlight = builder.inFlight();
    // Each message in flight still needs its receive event, so the budget must cover them.
    const mustReceive = inFlight.length >= remaining;
    const mayReceive = inFlight.length > 0 && (mustReceive || prng.intBetween(0, 99) < receivePercent);
    if (mayReceive) {
      const message = inFlight[prng.intBetween(0, inFlight.length - 1)] as Message;
      builder.receive(message.to, message.id);
      continue;
    }
    const process = processes[prng.intBetween(0, processCount - 1)] as string;
    const canSend = processCount > 1 && inFlight.length + 1 < remaining;
    if (canSend && prng.intBetween(0, 99) < sendPercent) {
      let target = processes[prng.intBetween(0, processCount - 2)] as string;
      if (target === process) target = processes[processCount - 1] as string;
      messageCount += 1;
      builder.send(process, target, `m${messageCount}`);
    } else {
      localCount += 1;
      builder.local(process, `e${localCount}`);
    }
  }
  return builder.build();
}

export interface QuizPair {
  readonly first: EventId;
  readonly second: EventId;
  /** The truth, kept for grading; the UI must not show it before the answer. */
  readonly concurrent: boolean;
}

export interface Quiz {
  readonly seed: number;
  readonly pairs: readonly QuizPair[];
}

/**
 * Picks distinct pairs of events, about half of them concurrent when the execution allows it, so
 * that "all concurrent" or "none concurrent" are not winning strategies.
 */
export function generateQuiz(analysis: ClockAnalysis, options: { seed: number; pairCount: number }): Quiz {
  const prng = new Prng(options.seed);
  const events = analysis.events;
  const concurrentPairs: [StampedEvent, StampedEvent][] = [];
  const orderedPairs: [StampedEvent, StampedEvent][] = [];
  for (let first = 0; first < events.length; first++) {
    for (let second = first + 1; second < events.length; second++) {
      const pair: [StampedEvent, StampedEvent] = [events[first] as StampedEvent, events[second] as StampedEvent];
      // Pairs on one process are always ordered and make dull questions.
      if (pair[0].processIndex === pair[1].processIndex) continue;
      const relation = relationOf(analysis, pair[0].event.id, pair[1].event.id).relation;
      (relation === 'concurrent' ? concurrentPairs : orderedPairs).push(pair);
    }
  }
  const pairs: QuizPair[] = [];
  const take = (pool: [StampedEvent, StampedEvent][], concurrent: boolean) => {
    const chosen = pool.splice(prng.intBetween(0, pool.length - 1), 1)[0] as [StampedEvent, StampedEvent];
    // Random presentation order, so "the left one is earlier" is not a hint.
    const swap = prng.intBetween(0, 1) === 1;
    pairs.push({ first: chosen[swap ? 1 : 0].event.id, second: chosen[swap ? 0 : 1].event.id, concurrent });
  };
  while (pairs.length < options.pairCount && (concurrentPairs.length > 0 || orderedPairs.length > 0)) {
    const wantConcurrent = prng.intBetween(0, 1) === 1;
    if ((wantConcurrent && concurrentPairs.length > 0) || orderedPairs.length === 0) take(concurrentPairs, true);
    else take(orderedPairs, false);
  }
  return { seed: options.seed, pairs };
}

export interface QuizGrade {
  readonly correctCount: number;
  readonly total: number;
  readonly results: readonly {
    readonly pair: QuizPair;
    readonly markedConcurrent: boolean;
    readonly correct: boolean;
    readonly explanation: RelationExplanation;
  }[];
}

/** `markedConcurrent` holds the indices (in `quiz.pairs`) the learner marked as concurrent. */
export function gradeQuiz(analysis: ClockAnalysis, quiz: Quiz, markedConcurrent: ReadonlySet<number>): QuizGrade {
  const results = quiz.pairs.map((pair, position) => {
    const marked = markedConcurrent.has(position);
    return { pair, markedConcurrent: marked, correct: marked === pair.concurrent, explanation: relationOf(analysis, pair.first, pair.second) };
  });
  return { correctCount: results.filter((result) => result.correct).length, total: results.length, results };
}

/** Convenience for practice mode: a random execution with its clocks. */
export function generateAnalysis(options: RandomExecutionOptions): ClockAnalysis {
  return computeClocks(generateExecution(options));
}
