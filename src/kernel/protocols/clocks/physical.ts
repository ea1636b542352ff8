// Physical clocks with offset and drift, and last-write-wins under skew versus vector clocks (DDIA ch. 8).

import { ExecutionBuilder, type EventId, type ProcessId } from './execution.ts';
import { vectorHappensBefore } from './causality.ts';
import { computeClocks, stampOf, type ClockAnalysis, type StampedEvent } from './logical.ts';

/** A process's quartz clock: reading = true time + offset + drift × true time. */
export interface PhysicalClock {
  readonly offsetMs: number;
  /** Parts per million; +100 gains 0.1 ms per second. Typical quartz: up to ±200. */
  readonly driftPpm: number;
}

export const perfectClock: PhysicalClock = { offsetMs: 0, driftPpm: 0 };

/** Integer milliseconds, so runs are byte-for-byte reproducible. */
export function readPhysicalClock(clock: PhysicalClock, trueTimeMs: number): number {
  return trueTimeMs + clock.offsetMs + Math.round((trueTimeMs * clock.driftPpm) / 1_000_000);
}

export interface ScheduleOptions {
  /** True time between two events of one process. */
  readonly stepMs?: number;
  /** True time a message spends in the network. */
  readonly latencyMs?: number;
  /** True time of the earliest possible event. */
  readonly startMs?: number;
}

/**
 * A true time for every event (by event id) that a real run could have had: each event comes
 * `stepMs` after the previous one on its process and at least `latencyMs` after the send of every
 * message it receives. The editor may instead take true times from the diagram's positions.
 */
export function scheduleTrueTimes(analysis: ClockAnalysis, options: ScheduleOptions = {}): Record<EventId, number> {
  const stepMs = options.stepMs ?? 10;
  const latencyMs = options.latencyMs ?? 5;
  const startMs = options.startMs ?? 0;
  const times: number[] = analysis.events.map(() => 0);
  for (const eventIndex of analysis.topologicalOrder) {
    const stamp = analysis.events[eventIndex] as StampedEvent;
    const lane = analysis.index.lanes[stamp.processIndex] as readonly number[];
    let time = stamp.positionOnProcess > 1 ? (times[lane[stamp.positionOnProcess - 2] as number] as number) + stepMs : startMs + stepMs;
    for (const received of stamp.receivedFrom) {
      const sendIndex = analysis.index.eventIndex.get(received.sendEventId) as number;
      time = Math.max(time, (times[sendIndex] as number) + latencyMs);
    }
    times[eventIndex] = time;
  }
  const record: Record<EventId, number> = {};
  analysis.events.forEach((stamp, eventIndex) => {
    record[stamp.event.id] = times[eventIndex] as number;
  });
  return record;
}

/** Why a set of true times is impossible (time running backwards on a process or a message arriving before it left). */
export function checkTrueTimes(analysis: ClockAnalysis, trueTimesMs: Readonly<Record<EventId, number>>): string[] {
  const problems: string[] = [];
  for (const stamp of analysis.events) {
    const time = trueTimesMs[stamp.event.id];
    if (time === undefined) {
      problems.push(`${stamp.event.id} has no true time.`);
      continue;
    }
    if (stamp.positionOnProcess > 1) {
      const lane = analysis.index.lanes[stamp.processIndex] as readonly number[];
      const previous = analysis.events[lane[stamp.positionOnProcess - 2] as number] as StampedEvent;
      const previousTime = trueTimesMs[previous.event.id];
      if (previousTime !== undefined && previousTime >= time) {
        problems.push(`${stamp.event.id} at ${time} ms is not after ${previous.event.id} at ${previousTime} ms on ${stamp.event.process}.`);
      }
    }
    for (const received of stamp.receivedFrom) {
      const sendTime = trueTimesMs[received.sendEventId];
      if (sendTime !== undefined && sendTime >= time) {
        problems.push(`${received.messageId} is received at ${time} ms but sent at ${sendTime} ms.`);
      }
    }
  }
  return problems;
}

export interface PhysicalStamp {
  readonly eventId: EventId;
  readonly trueTimeMs: number;
  readonly physicalTimeMs: number;
  /** "true 120 ms + offset 5 ms + drift 0 ms = 125 ms". */
  readonly explanation: string;
}

/** Each event stamped by its own process's (skewed) clock. Missing clocks are perfect. */
export function stampPhysicalTimes(
  analysis: ClockAnalysis,
  trueTimesMs: Readonly<Record<EventId, number>>,
  clocks: Readonly<Record<ProcessId, PhysicalClock>>,
): PhysicalStamp[] {
  return analysis.events.map((stamp) => {
    const trueTimeMs = trueTimesMs[stamp.event.id];
    if (trueTimeMs === undefined) throw new RangeError(`${stamp.event.id} has no true time.`);
    const clock = clocks[stamp.event.process] ?? perfectClock;
    const physicalTimeMs = readPhysicalClock(clock, trueTimeMs);
    const driftMs = physicalTimeMs - trueTimeMs - clock.offsetMs;
    return {
      eventId: stamp.event.id,
      trueTimeMs,
      physicalTimeMs,
      explanation: `true ${trueTimeMs} ms + offset ${clock.offsetMs} ms + drift ${driftMs} ms (${clock.driftPpm} ppm) = ${physicalTimeMs} ms on ${stamp.event.process}'s clock`,
    };
  });
}

export interface Write {
  readonly eventId: EventId;
  readonly key: string;
  readonly value: string;
}

export interface KeyResolution {
  readonly key: string;
  /** Last write wins: the highest physical timestamp (ties by process order) is kept. */
  readonly lastWriteWins: {
    readonly winner: Write;
    readonly dropped: readonly { readonly write: Write; readonly causallyAfterWinner: boolean }[];
  };
  /** Vector clocks: the writes no other write supersedes; more than one means a detected conflict. */
  readonly vectorClocks: {
    readonly survivors: readonly Write[];
    readonly superseded: readonly Write[];
    readonly conflict: boolean;
  };
  /** Writes LWW threw away although they causally follow the write it kept: silent data loss. */
  readonly lostCausallyLaterWrites: readonly Write[];
  readonly explanation: string;
}

/**
 * What a replica ends up with for each key after receiving all writes, under last-write-wins with
 * the given physical stamps and under vector clocks.
 */
export function resolveWrites(analysis: ClockAnalysis, physicalStamps: readonly PhysicalStamp[], writes: readonly Write[]): KeyResolution[] {
  const physicalByEvent = new Map(physicalStamps.map((stamp) => [stamp.eventId, stamp.physicalTimeMs]));
  const keys = [...new Set(writes.map((write) => write.key))];
  return keys.map((key) => {
    const keyWrites = writes.filter((write) => write.key === key);
    const stampFor = (write: Write): StampedEvent => stampOf(analysis, write.eventId);
    const physicalFor = (write: Write): number => {
      const time = physicalByEvent.get(write.eventId);
      if (time === undefined) throw new RangeError(`${write.eventId} has no physical time.`);
      return time;
    };
    const winner = keyWrites.reduce((best, write) => {
      const difference = physicalFor(write) - physicalFor(best);
      if (difference > 0) return write;
      if (difference === 0 && stampFor(write).processIndex > stampFor(best).processIndex) return write;
      return best;
    });
    const dropped = keyWrites
      .filter((write) => write !== winner)
      .map((write) => ({ write, causallyAfterWinner: vectorHappensBefore(stampFor(winner).vector, stampFor(write).vector) }));
    const survivors = keyWrites.filter(
      (write) => !keyWrites.some((other) => other !== write && vectorHappensBefore(stampFor(write).vector, stampFor(other).vector)),
    );
    const superseded = keyWrites.filter((write) => !survivors.includes(write));
    const lost = dropped.filter((entry) => entry.causallyAfterWinner).map((entry) => entry.write);
    const describe = (write: Write) => `${key} = ${write.value} (${write.eventId}, clock ${physicalFor(write)} ms)`;
    let explanation = `Last write wins keeps ${describe(winner)}.`;
    for (const write of lost) {
      explanation += ` It silently drops ${describe(write)}, although that write happened after the kept one: its process had seen it, but its clock was behind.`;
    }
    explanation += survivors.length > 1
      ? ` Vector clocks find ${survivors.length} concurrent writes (${survivors.map((write) => `${key} = ${write.value}`).join(', ')}) and keep them all as a conflict to resolve.`
      : ` Vector clocks keep ${key} = ${survivors[0]?.value}, which every other write happens before.`;
    return {
      key,
      lastWriteWins: { winner, dropped },
      vectorClocks: { survivors, superseded, conflict: survivors.length > 1 },
      lostCausallyLaterWrites: lost,
      explanation,
    };
  });
}

export interface LastWriteWinsDemo {
  readonly analysis: ClockAnalysis;
  readonly clocks: Readonly<Record<ProcessId, PhysicalClock>>;
  readonly trueTimesMs: Readonly<Record<EventId, number>>;
  readonly physicalStamps: readonly PhysicalStamp[];
  readonly writes: readonly Write[];
  readonly resolution: KeyResolution;
}

/**
 * DDIA ch. 8, figure 8-3: client A writes x = 1 on node1, whose clock runs ahead; node3 receives
 * it and then increments x to 2, stamping it with its own (behind) clock; node2 receives both and,
 * under last-write-wins, keeps x = 1. The increment, which causally follows, is lost without any
 * error. `skewMs` is how far node1's clock is ahead; the write is lost once it exceeds the true
 * time between the two writes (3 ms here).
 */
export function lastWriteWinsDemo(options: { skewMs?: number } = {}): LastWriteWinsDemo {
  const skewMs = options.skewMs ?? 5;
  const builder = new ExecutionBuilder(['node1', 'node2', 'node3']);
  const firstWrite = builder.local('node1', 'client A: set x = 1');
  builder.send('node1', 'node3', 'm1', 'replicate x = 1 to node3');
  builder.send('node1', 'node2', 'm2', 'replicate x = 1 to node2');
  builder.receive('node3', 'm1', 'apply x = 1');
  const secondWrite = builder.local('node3', 'client B: increment x to 2');
  builder.send('node3', 'node2', 'm3', 'replicate x = 2 to node2');
  builder.receive('node2', 'm3', 'apply x = 2');
  builder.receive('node2', 'm2', 'apply x = 1');
  const analysis = computeClocks(builder.build());
  const trueTimesMs = scheduleTrueTimes(analysis, { stepMs: 1, latencyMs: 1, startMs: 0 });
  const clocks: Record<ProcessId, PhysicalClock> = {
    node1: { offsetMs: skewMs, driftPpm: 0 },
    node2: perfectClock,
    node3: perfectClock,
  };
  const physicalStamps = stampPhysicalTimes(analysis, trueTimesMs, clocks);
  const writes: Write[] = [
    { eventId: firstWrite, key: 'x', value: '1' },
    { eventId: secondWrite, key: 'x', value: '2' },
  ];
  const resolution = resolveWrites(analysis, physicalStamps, writes)[0] as KeyResolution;
  return { analysis, clocks, trueTimesMs, physicalStamps, writes, resolution };
}

