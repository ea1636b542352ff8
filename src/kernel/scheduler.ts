// Discrete-event queue in integer virtual milliseconds: events pop in (time, insertion order).

export interface Scheduled<E> {
  readonly timeMs: number;
  /** Insertion counter: breaks ties so equal-time events run in the order they were scheduled. */
  readonly order: number;
  readonly event: E;
}

/**
 * A binary min-heap. Nothing costs CPU between events: the simulation jumps from one event time to
 * the next. Entries are immutable, so a snapshot is a shallow copy of the array.
 */
export class Scheduler<E> {
  private heap: Scheduled<E>[] = [];
  private nextOrder = 0;

  get size(): number {
    return this.heap.length;
  }

  schedule(timeMs: number, event: E): void {
    const entry: Scheduled<E> = { timeMs, order: this.nextOrder++, event };
    const heap = this.heap;
    heap.push(entry);
    let index = heap.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!before(entry, heap[parent]!)) break;
      heap[index] = heap[parent]!;
      index = parent;
    }
    heap[index] = entry;
  }

  peekTimeMs(): number | undefined {
    return this.heap[0]?.timeMs;
  }

  pop(): Scheduled<E> | undefined {
    const heap = this.heap;
    const top = heap[0];
    if (top === undefined) return undefined;
    const last = heap.pop()!;
    if (heap.length > 0) {
      let index = 0;
      const length = heap.length;
      for (;;) {
        const left = 2 * index + 1;
        if (left >= length) break;
        const right = left + 1;
        const child = right < length && before(heap[right]!, heap[left]!) ? right : left;
        if (!before(heap[child]!, last)) break;
        heap[index] = heap[child]!;
        index = child;
      }
      heap[index] = last;
    }
    return top;
  }

  snapshot(): SchedulerSnapshot<E> {
    return { heap: this.heap.slice(), nextOrder: this.nextOrder };
  }

  restore(snapshot: SchedulerSnapshot<E>): void {
    this.heap = snapshot.heap.slice();
    this.nextOrder = snapshot.nextOrder;
  }
}

export interface SchedulerSnapshot<E> {
  readonly heap: readonly Scheduled<E>[];
  readonly nextOrder: number;
}

function before<E>(a: Scheduled<E>, b: Scheduled<E>): boolean {
  return a.timeMs < b.timeMs || (a.timeMs === b.timeMs && a.order < b.order);
}
