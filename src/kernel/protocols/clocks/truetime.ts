// TrueTime uncertainty intervals and Spanner's commit wait: what waiting out ε buys (external consistency) and costs (latency).

import type { EventId, ProcessId } from './execution.ts';
import { readPhysicalClock, type PhysicalClock } from './physical.ts';
import type { ClockAnalysis } from './logical.ts';

/** TT.now(): absolute (true) time is guaranteed to lie in [earliestMs, latestMs]. */
export interface TrueTimeInterval {
  readonly earliestMs: number;
  readonly latestMs: number;
}

/**
 * TT.now() on a server whose clock reads `clockReadingMs`: [reading − ε, reading + ε]. The
 * guarantee only holds while the clock is within ε of true time; `containsTrueTime` says whether it
 * does, so the lab can show what happens when a misconfigured ε is too small for the real skew.
 */
export function trueTimeNow(clockReadingMs: number, epsilonMs: number): TrueTimeInterval {
  if (epsilonMs < 0) throw new RangeError('TrueTime: ε must be ≥ 0');
  return { earliestMs: clockReadingMs - epsilonMs, latestMs: clockReadingMs + epsilonMs };
}

/** TT.after(t): t has definitely passed. */
export function trueTimeAfter(timestampMs: number, now: TrueTimeInterval): boolean {
  return timestampMs < now.earliestMs;
}

/** TT.before(t): t has definitely not arrived. */
export function trueTimeBefore(timestampMs: number, now: TrueTimeInterval): boolean {
  return timestampMs > now.latestMs;
}

export interface TrueTimeStamp {
  readonly eventId: EventId;
  readonly trueTimeMs: number;
  readonly interval: TrueTimeInterval;
  readonly containsTrueTime: boolean;
}

/** Every event of an execution with the TT.now() its process would have returned. */
export function stampTrueTimeIntervals(
  analysis: ClockAnalysis,
  trueTimesMs: Readonly<Record<EventId, number>>,
  clocks: Readonly<Record<ProcessId, PhysicalClock>>,
  epsilonMs: number,
): TrueTimeStamp[] {
  return analysis.events.map((stamp) => {
    const trueTimeMs = trueTimesMs[stamp.event.id];
    if (trueTimeMs === undefined) throw new RangeError(`${stamp.event.id} has no true time.`);
    const clock = clocks[stamp.event.process] ?? { offsetMs: 0, driftPpm: 0 };
    const interval = trueTimeNow(readPhysicalClock(clock, trueTimeMs), epsilonMs);
    return {
      eventId: stamp.event.id,
      trueTimeMs,
      interval,
      containsTrueTime: interval.earliestMs <= trueTimeMs && trueTimeMs <= interval.latestMs,
    };
  });
}

export interface CommitWait {
  /** s = TT.now().latest when the commit is decided. */
  readonly commitTimestampMs: number;
  readonly intervalAtCommit: TrueTimeInterval;
  /** The first true time (integer ms) at which TT.after(s) holds on this server, so the commit may be acknowledged. */
  readonly visibleAtTrueTimeMs: number;
  /** visibleAt − commit start; about 2ε (plus one tick, because TT.after is strict). */
  readonly addedLatencyMs: number;
  readonly explanation: string;
}

/**
 * Spanner §4.1.2: the coordinator picks s = TT.now().latest, then waits until TT.after(s) before
 * letting anyone see the commit, so s is in the past everywhere once the write is visible.
 * `offsetMs` is the server clock's error (|offset| ≤ ε for TrueTime to be honest).
 */
export function commitWait(options: { commitStartTrueTimeMs: number; epsilonMs: number; offsetMs?: number }): CommitWait {
  const { commitStartTrueTimeMs, epsilonMs } = options;
  const offsetMs = options.offsetMs ?? 0;
  const intervalAtCommit = trueTimeNow(commitStartTrueTimeMs + offsetMs, epsilonMs);
  const commitTimestampMs = intervalAtCommit.latestMs;
  // TT.after(s) ⇔ s < t + offset − ε ⇔ t > s − offset + ε: the first integer after that bound.
  const visibleAtTrueTimeMs = Math.max(commitStartTrueTimeMs, commitTimestampMs - offsetMs + epsilonMs + 1);
  const addedLatencyMs = visibleAtTrueTimeMs - commitStartTrueTimeMs;
  return {
    commitTimestampMs,
    intervalAtCommit,
    visibleAtTrueTimeMs,
    addedLatencyMs,
    explanation: `TT.now() = [${intervalAtCommit.earliestMs}, ${intervalAtCommit.latestMs}], so s = ${commitTimestampMs}; TT.after(${commitTimestampMs}) first holds at true time ${visibleAtTrueTimeMs} ms, a wait of ${addedLatencyMs} ms ≈ 2ε = ${2 * epsilonMs} ms.`,
  };
}

/** Commit-wait latency for each ε: the price of the uncertainty, growing as 2ε. */
export function commitWaitLatencies(epsilonsMs: readonly number[]): { epsilonMs: number; addedLatencyMs: number }[] {
  return epsilonsMs.map((epsilonMs) => ({ epsilonMs, addedLatencyMs: commitWait({ commitStartTrueTimeMs: 0, epsilonMs }).addedLatencyMs }));
}

export interface ExternalConsistencyDemo {
  readonly epsilonMs: number;
  readonly commitWait: boolean;
  readonly first: { readonly server: string; readonly startTrueTimeMs: number; readonly timestampMs: number; readonly visibleAtTrueTimeMs: number };
  readonly second: { readonly server: string; readonly startTrueTimeMs: number; readonly timestampMs: number };
  /** T2 starts after T1 is visible, so external consistency demands s1 < s2. */
  readonly externallyConsistent: boolean;
  readonly explanation: string;
}

/**
 * Two servers with clocks at opposite ends of the uncertainty: A is ε fast, B is ε slow. T1 commits
 * on A; T2 starts on B as soon as T1 is visible. Without commit wait T2 gets a smaller timestamp
 * than T1, although it started after T1 finished: a snapshot at s2 would miss T1. With commit wait,
 * T1 becomes visible only after s1 has passed everywhere, so s2 > s1.
 */
export function externalConsistencyDemo(options: { epsilonMs: number; commitWait: boolean; startTrueTimeMs?: number }): ExternalConsistencyDemo {
  const { epsilonMs } = options;
  const startTrueTimeMs = options.startTrueTimeMs ?? 100;
  const fastOffsetMs = epsilonMs;
  const slowOffsetMs = -epsilonMs;
  const wait = commitWait({ commitStartTrueTimeMs: startTrueTimeMs, epsilonMs, offsetMs: fastOffsetMs });
  const firstVisibleMs = options.commitWait ? wait.visibleAtTrueTimeMs : startTrueTimeMs;
  const secondStartMs = firstVisibleMs + 1;
  const secondTimestampMs = trueTimeNow(secondStartMs + slowOffsetMs, epsilonMs).latestMs;
  const externallyConsistent = wait.commitTimestampMs < secondTimestampMs;
  const explanation = externallyConsistent
    ? `T1 on A gets s1 = ${wait.commitTimestampMs} and ${options.commitWait ? `waits ${wait.addedLatencyMs} ms until TT.after(s1)` : 'is acknowledged at once'}; T2 starts on B at true time ${secondStartMs} and gets s2 = ${secondTimestampMs} > s1: timestamp order matches real-time order.`
    : `T1 on A (clock ${epsilonMs} ms fast) gets s1 = ${wait.commitTimestampMs} and is acknowledged at once; T2 starts later on B (clock ${epsilonMs} ms slow) at true time ${secondStartMs} but gets s2 = ${secondTimestampMs} < s1. A read at s2 would not see T1, although T1 finished before T2 began.`;
  return {
    epsilonMs,
    commitWait: options.commitWait,
    first: { server: 'A', startTrueTimeMs, timestampMs: wait.commitTimestampMs, visibleAtTrueTimeMs: firstVisibleMs },
    second: { server: 'B', startTrueTimeMs: secondStartMs, timestampMs: secondTimestampMs },
    externallyConsistent,
    explanation,
  };
}
