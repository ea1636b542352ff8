// Hybrid logical clocks (Kulkarni, Demirbas et al. 2014): close to physical time, yet consistent with causality.

import type { EventId } from './execution.ts';
import type { ClockAnalysis, StampedEvent } from './logical.ts';
import type { PhysicalStamp } from './physical.ts';

export interface HybridTimestamp {
  /** The largest physical time this event has heard of (its own clock or any in its causal past). */
  readonly l: number;
  /** Counts events that share `l`, so causality still shows when physical time does not advance. */
  readonly c: number;
}

export interface HybridStamp extends HybridTimestamp {
  readonly eventId: EventId;
  readonly physicalTimeMs: number;
  /** l − pt: how far the hybrid clock runs ahead of this process's own clock (never negative). */
  readonly aheadOfPhysicalMs: number;
  readonly explanation: string;
}

/** Lexicographic (l, c): negative when `first` is earlier. */
export function compareHybrid(first: HybridTimestamp, second: HybridTimestamp): number {
  return first.l - second.l || first.c - second.c;
}

export function formatHybrid(timestamp: HybridTimestamp): string {
  return `(${timestamp.l}, ${timestamp.c})`;
}

/**
 * Stamps every event with HLC, given each event's physical clock reading `pt`. The paper's rules,
 * with l and c starting at 0:
 *  - send or local: l' = l; l = max(l', pt); c = (l = l') ? c + 1 : 0
 *  - receive m: l' = l; l = max(l', l_m, pt); c = (l = l' = l_m) ? max(c, c_m) + 1
 *    : (l = l') ? c + 1 : (l = l_m) ? c_m + 1 : 0
 * An event that receives several messages (ShiViz logs allow it) takes the max over all of them
 * and 1 + the largest c among the inputs whose l equals the new l: the same rule, generalised.
 */
export function stampHybridClocks(analysis: ClockAnalysis, physicalStamps: readonly PhysicalStamp[]): HybridStamp[] {
  const physicalByEvent = new Map(physicalStamps.map((stamp) => [stamp.eventId, stamp.physicalTimeMs]));
  const stamps: HybridStamp[] = new Array<HybridStamp>(analysis.events.length);
  for (const eventIndex of analysis.topologicalOrder) {
    const stamp = analysis.events[eventIndex] as StampedEvent;
    const physicalTimeMs = physicalByEvent.get(stamp.event.id);
    if (physicalTimeMs === undefined) throw new RangeError(`${stamp.event.id} has no physical time.`);
    const lane = analysis.index.lanes[stamp.processIndex] as readonly number[];
    const previous = stamp.positionOnProcess > 1 ? (stamps[lane[stamp.positionOnProcess - 2] as number] as HybridStamp) : { l: 0, c: 0 };
    const received = stamp.receivedFrom.map((entry) => ({
      messageId: entry.messageId,
      timestamp: stamps[analysis.index.eventIndex.get(entry.sendEventId) as number] as HybridStamp,
    }));
    let l = Math.max(previous.l, physicalTimeMs);
    for (const entry of received) l = Math.max(l, entry.timestamp.l);
    const inputsAtL = [previous, ...received.map((entry) => entry.timestamp)].filter((input) => input.l === l);
    const c = inputsAtL.length === 0 ? 0 : Math.max(...inputsAtL.map((input) => input.c)) + 1;

    const inputs = [`local ${formatHybrid(previous)}`, ...received.map((entry) => `${entry.messageId} ${formatHybrid(entry.timestamp)}`), `pt ${physicalTimeMs}`];
    const reason = inputsAtL.length === 0
      ? 'physical time is ahead of everything heard of, so c resets to 0'
      : `l did not move past ${inputsAtL.length === 1 ? 'an input' : 'inputs'} with the same l, so c = ${c - 1} + 1`;
    stamps[eventIndex] = {
      eventId: stamp.event.id,
      l,
      c,
      physicalTimeMs,
      aheadOfPhysicalMs: l - physicalTimeMs,
      explanation: `l = max(${inputs.map((input) => input).join(', ')}) = ${l}; ${reason} → ${formatHybrid({ l, c })}`,
    };
  }
  return stamps;
}
