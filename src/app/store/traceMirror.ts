// The main thread's copy of the worker's trace, with the send of each message indexed by its id
// (a dropped message falls from where it was, which only its send event can tell).

import type { RaftTraceEvent } from '../../kernel/protocols/raft/trace.ts';
import type { RaftUpdate } from '../../worker/raftEngine.ts';

export type SendEvent = Extract<RaftTraceEvent, { kind: 'send' }>;

export interface TraceMirror {
  readonly events: readonly RaftTraceEvent[];
  sendOf(messageId: number): SendEvent | undefined;
  apply(update: Pick<RaftUpdate, 'traceFrom' | 'events'>): void;
  reset(): void;
}

export function createTraceMirror(): TraceMirror {
  const events: RaftTraceEvent[] = [];
  let sends = new Map<number, SendEvent>();

  const index = (from: number) => {
    for (let position = from; position < events.length; position++) {
      const event = events[position]!;
      if (event.kind === 'send') sends.set(event.messageId, event);
    }
  };

  return {
    events,
    sendOf: (messageId) => sends.get(messageId),
    apply(update) {
      if (update.traceFrom < events.length) {
        events.length = update.traceFrom;
        // Forks are rare: rebuilding the index is simpler than undoing part of it.
        sends = new Map();
        index(0);
      }
      const start = events.length;
      for (const event of update.events) events.push(event);
      index(start);
    },
    reset() {
      events.length = 0;
      sends = new Map();
    },
  };
}
