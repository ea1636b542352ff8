// The main thread's copy of the newest part of the worker's trace (the worker keeps all of it),
// with the send of each message indexed by its id (a dropped message falls from where it was).
// Bounded: a long run at max speed makes millions of events that no page can hold or draw.

import type { RaftTraceEvent } from '../../kernel/protocols/raft/trace.ts';
import type { RaftUpdate } from '../../worker/raftEngine.ts';

export type SendEvent = Extract<RaftTraceEvent, { kind: 'send' }>;

/** Past this many events the oldest are let go, down to KEPT_EVENTS. */
export const MAX_MIRRORED_EVENTS = 250_000;
const KEPT_EVENTS = 125_000;

export interface TraceMirror {
  /** The newest events; `events[0]` is the worker's event number `offset`. */
  readonly events: readonly RaftTraceEvent[];
  readonly offset: number;
  sendOf(messageId: number): SendEvent | undefined;
  /** Index into `events` for an index into the worker's whole trace (clamped). */
  localIndex(traceIndex: number): number;
  /** Returns true when events the views had drawn were replaced (not just appended to). */
  apply(update: Pick<RaftUpdate, 'traceFrom' | 'events'>): boolean;
  reset(): void;
}

export function createTraceMirror(): TraceMirror {
  const events: RaftTraceEvent[] = [];
  let offset = 0;
  let sends = new Map<number, SendEvent>();

  const index = (from: number) => {
    for (let position = from; position < events.length; position++) {
      const event = events[position]!;
      if (event.kind === 'send') sends.set(event.messageId, event);
    }
  };

  const reindex = () => {
    // Rare (forks, trims): rebuilding the index is simpler than undoing part of it.
    sends = new Map();
    index(0);
  };

  return {
    events,
    get offset() {
      return offset;
    },
    sendOf: (messageId) => sends.get(messageId),
    localIndex: (traceIndex) => Math.min(events.length, Math.max(0, traceIndex - offset)),
    apply(update) {
      let replaced = false;
      const end = offset + events.length;
      if (update.traceFrom > end || update.traceFrom < offset) {
        // A jump ahead (max speed) or a fork before our window: start a new copy.
        replaced = events.length > 0 || update.traceFrom !== offset;
        events.length = 0;
        offset = update.traceFrom;
        sends = new Map();
      } else if (update.traceFrom < end) {
        events.length = update.traceFrom - offset;
        reindex();
        replaced = true;
      }
      const start = events.length;
      for (const event of update.events) events.push(event);
      index(start);
      if (events.length > MAX_MIRRORED_EVENTS) {
        const dropped = events.length - KEPT_EVENTS;
        events.splice(0, dropped);
        offset += dropped;
        reindex();
        replaced = true;
      }
      return replaced;
    },
    reset() {
      events.length = 0;
      offset = 0;
      sends = new Map();
    },
  };
}
