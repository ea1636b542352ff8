// A run's history: the recorded trace, the user's commands, and periodic checkpoints, so any past
// moment can be shown again by restoring the nearest checkpoint and re-running deterministically.
// Memory grows with events and checkpoints, never with time steps; nothing is deep-copied per step.

export interface TimedEvent {
  readonly timeMs: number;
}

/** What the history needs from a simulation. */
export interface ReplayableSimulation<Command, Snapshot, TraceEvent extends TimedEvent> {
  readonly nowMs: number;
  nextEventTimeMs(): number | undefined;
  /** Process the next scheduled event (its time becomes `nowMs`). */
  processNextEvent(): void;
  /** Move the clock forward to `timeMs` with no event in between. */
  advanceClockTo(timeMs: number): void;
  apply(command: Command): void;
  snapshot(): Snapshot;
  restore(snapshot: Snapshot): void;
  /** Where trace events go; null while re-running the already recorded past. */
  setTraceSink(sink: ((event: TraceEvent) => void) | null): void;
}

/** Where the trace is kept: an append-only sequence in time order that a fork can truncate. */
export interface TraceStore<TraceEvent extends TimedEvent> {
  readonly length: number;
  push(event: TraceEvent): void;
  get(index: number): TraceEvent;
  timeAt(index: number): number;
  slice(from?: number, to?: number): TraceEvent[];
  truncate(length: number): void;
}

/** The plain store: an array of event objects. */
export class ArrayTraceStore<TraceEvent extends TimedEvent> implements TraceStore<TraceEvent> {
  private readonly events: TraceEvent[] = [];
  get length(): number {
    return this.events.length;
  }
  push(event: TraceEvent): void {
    this.events.push(event);
  }
  get(index: number): TraceEvent {
    return this.events[index]!;
  }
  timeAt(index: number): number {
    return this.events[index]!.timeMs;
  }
  slice(from?: number, to?: number): TraceEvent[] {
    return this.events.slice(from, to);
  }
  truncate(length: number): void {
    if (length < this.events.length) this.events.length = length;
  }
}

export interface RecordedCommand<Command> {
  readonly timeMs: number;
  readonly command: Command;
}

interface Checkpoint<Snapshot> {
  readonly timeMs: number;
  /** How many recorded commands the snapshot already includes. */
  readonly commandCount: number;
  readonly snapshot: Snapshot;
}

export interface HistoryOptions<TraceEvent extends TimedEvent> {
  /** Virtual time between checkpoints: bounds the re-run cost of a seek. */
  readonly checkpointIntervalMs: number;
  /** Defaults to an ArrayTraceStore. */
  readonly trace?: TraceStore<TraceEvent>;
}

export class History<Command, Snapshot, TraceEvent extends TimedEvent> {
  readonly trace: TraceStore<TraceEvent>;
  readonly commands: RecordedCommand<Command>[] = [];
  private checkpoints: Checkpoint<Snapshot>[] = [];
  /** The furthest moment ever simulated in this branch of the run. */
  private headTimeMs: number;
  /** Commands at or before `viewMs` that have been applied to the simulation's current state. */
  private appliedCommandCount = 0;
  private readonly recordTrace = (event: TraceEvent) => {
    this.trace.push(event);
  };

  constructor(
    readonly simulation: ReplayableSimulation<Command, Snapshot, TraceEvent>,
    private readonly options: HistoryOptions<TraceEvent>,
  ) {
    this.trace = options.trace ?? new ArrayTraceStore<TraceEvent>();
    this.headTimeMs = simulation.nowMs;
    simulation.setTraceSink(this.recordTrace);
    this.checkpoints.push({ timeMs: simulation.nowMs, commandCount: 0, snapshot: simulation.snapshot() });
  }

  get viewMs(): number {
    return this.simulation.nowMs;
  }

  get headMs(): number {
    return this.headTimeMs;
  }

  get atHead(): boolean {
    return !this.isReplaying();
  }

  get checkpointCount(): number {
    return this.checkpoints.length;
  }

  /** Apply a user command now. Acting in the past forks the run: the old future is discarded. */
  apply(command: Command): void {
    if (!this.atHead) this.fork();
    this.commands.push({ timeMs: this.viewMs, command });
    this.appliedCommandCount = this.commands.length;
    this.simulation.apply(command);
  }

  /** Show the moment `timeMs`: forwards by running, backwards by restoring and re-running. */
  seek(timeMs: number): void {
    const target = Math.max(0, Math.floor(timeMs));
    // Backwards, or far enough forwards that a later checkpoint beats re-running from here.
    const checkpoint = this.checkpointAtOrBefore(target);
    if (target < this.viewMs || checkpoint.timeMs > this.viewMs) this.restoreCheckpoint(checkpoint);
    this.advanceTo(target);
  }

  /**
   * Run forward to `timeMs`: below the head the recorded run is replayed (commands re-applied at
   * their times, nothing re-recorded); beyond it, new events are recorded. `eventBudget` lets a
   * caller run in slices; it only stops between distinct times, so a moment is never half-done.
   * Returns true when `timeMs` was reached.
   */
  advanceTo(timeMs: number, eventBudget = Number.POSITIVE_INFINITY): boolean {
    const simulation = this.simulation;
    let budget = eventBudget;
    let reached = true;
    for (;;) {
      const replaying = this.isReplaying();
      const pending = replaying ? this.commands[this.appliedCommandCount] : undefined;
      const limit = replaying ? Math.min(timeMs, this.headTimeMs) : timeMs;
      const stopAt = pending !== undefined && pending.timeMs <= limit ? pending.timeMs : limit;
      simulation.setTraceSink(replaying ? null : this.recordTrace);
      let eventTime = simulation.nextEventTimeMs();
      while (eventTime !== undefined && eventTime <= stopAt) {
        if (eventTime > simulation.nowMs) {
          if (budget <= 0) break;
          if (!replaying) this.maybeCheckpoint();
        }
        budget -= 1;
        simulation.processNextEvent();
        eventTime = simulation.nextEventTimeMs();
      }
      if (eventTime !== undefined && eventTime <= stopAt) {
        reached = false; // Out of budget.
        break;
      }
      simulation.advanceClockTo(stopAt);
      if (pending !== undefined && pending.timeMs === stopAt) {
        simulation.apply(pending.command);
        this.appliedCommandCount += 1;
        continue;
      }
      if (stopAt >= timeMs) break;
      // Reached the head while replaying: go on recording.
    }
    if (simulation.nowMs > this.headTimeMs) this.headTimeMs = simulation.nowMs;
    simulation.setTraceSink(this.isReplaying() ? null : this.recordTrace);
    return reached;
  }

  /** True while the simulation is behind what has been recorded. */
  private isReplaying(): boolean {
    return this.simulation.nowMs < this.headTimeMs || this.appliedCommandCount < this.commands.length;
  }

  /** Advance to the time of the next event (all events at that time run). */
  stepToNextEvent(): boolean {
    const next = this.simulation.nextEventTimeMs();
    if (next === undefined) return false;
    return this.advanceTo(next);
  }

  /** The trace up to the moment being viewed (index one past the last event at or before it). */
  traceEndIndexAt(timeMs: number): number {
    let low = 0;
    let high = this.trace.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.trace.timeAt(middle) <= timeMs) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Called only between distinct times, so a checkpoint holds every event at or before `now`. */
  private maybeCheckpoint(): void {
    const last = this.checkpoints[this.checkpoints.length - 1]!;
    const now = this.simulation.nowMs;
    if (now - last.timeMs >= this.options.checkpointIntervalMs) {
      this.checkpoints.push({ timeMs: now, commandCount: this.appliedCommandCount, snapshot: this.simulation.snapshot() });
    }
  }

  private checkpointAtOrBefore(timeMs: number): Checkpoint<Snapshot> {
    let low = 0;
    let high = this.checkpoints.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.checkpoints[middle]!.timeMs <= timeMs) low = middle;
      else high = middle - 1;
    }
    return this.checkpoints[low]!;
  }

  private restoreCheckpoint(checkpoint: Checkpoint<Snapshot>): void {
    this.simulation.restore(checkpoint.snapshot);
    this.appliedCommandCount = checkpoint.commandCount;
    this.simulation.setTraceSink(null);
  }

  /** Discard everything after the moment being viewed, making it the new head. */
  private fork(): void {
    const now = this.viewMs;
    this.commands.length = this.appliedCommandCount;
    this.trace.truncate(this.traceEndIndexAt(now));
    this.checkpoints = this.checkpoints.filter((checkpoint) => checkpoint.timeMs <= now);
    this.headTimeMs = now;
    this.simulation.setTraceSink(this.recordTrace);
  }
}
