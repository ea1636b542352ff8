// Messages on the wire: latency, loss and duplication drawn from the prng, the set in flight, and
// dropping what a crash, a partition or a user's click keeps from arriving. Shared by every
// protocol's simulation; the protocol says how a send and a drop are traced.

import type { Prng } from '../prng.ts';
import type { DropReason, Network } from './network.ts';
import type { Scheduler } from '../scheduler.ts';

export interface InFlight<Message> {
  /** Scheduled as is: the scheduler's event for its delivery. */
  readonly type: 'deliver';
  readonly id: number;
  readonly from: string;
  readonly to: string;
  readonly message: Message;
  readonly sentAtMs: number;
  readonly deliverAtMs: number;
  /** Decided at send time: the message will vanish instead of arriving. */
  readonly lost: boolean;
}

export interface TransportSnapshot<Message> {
  readonly inFlight: readonly InFlight<Message>[];
  readonly nextMessageId: number;
}

export interface TransportHooks<Message> {
  readonly nowMs: () => number;
  /** Trace a message leaving its sender (called before any drop of it). */
  readonly onSend: (message: InFlight<Message>) => void;
  readonly onDrop: (message: InFlight<Message>, reason: DropReason) => void;
}

export class Transport<Message, Event extends { readonly type: string }> {
  private inFlight = new Map<number, InFlight<Message>>();
  private nextMessageId = 1;

  constructor(
    private readonly network: Network,
    private readonly prng: Prng,
    private readonly scheduler: Scheduler<InFlight<Message> | Event>,
    private readonly hooks: TransportHooks<Message>,
  ) {}

  /** Draws, in this order, latency, loss and duplication (and a second latency for a copy). */
  send(from: string, to: string, message: Message): void {
    const quality = this.network.quality;
    const latencyMs = this.network.sampleLatencyMs(this.prng);
    const lost = this.prng.chance(quality.loss);
    const duplicated = this.prng.chance(quality.duplication);
    this.launch(from, to, message, latencyMs, lost);
    if (duplicated) this.launch(from, to, message, this.network.sampleLatencyMs(this.prng), false);
  }

  /**
   * The message a scheduled delivery hands over, or null: dropped meanwhile, superseded (delayed),
   * lost, or blocked by a partition or crash now (that drop is traced here).
   */
  arrive(scheduled: InFlight<Message>): InFlight<Message> | null {
    if (this.inFlight.get(scheduled.id) !== scheduled) return null;
    this.inFlight.delete(scheduled.id);
    const blocked = scheduled.lost ? 'loss' : this.network.blockedReason(scheduled.from, scheduled.to);
    if (blocked) {
      this.hooks.onDrop(scheduled, blocked);
      return null;
    }
    return scheduled;
  }

  get(id: number): InFlight<Message> | undefined {
    return this.inFlight.get(id);
  }

  values(): IterableIterator<InFlight<Message>> {
    return this.inFlight.values();
  }

  /** After a partition or a cut: drop every message that can no longer get through. */
  dropBlocked(): void {
    for (const message of [...this.inFlight.values()]) {
      const blocked = this.network.blockedReason(message.from, message.to);
      if (blocked) this.drop(message.id, blocked);
    }
  }

  /** Messages in flight to a crashed node are lost. */
  dropAllTo(id: string): void {
    for (const message of [...this.inFlight.values()]) if (message.to === id) this.drop(message.id, 'crashed');
  }

  drop(id: number, reason: DropReason): void {
    const message = this.inFlight.get(id);
    if (!message) return;
    this.inFlight.delete(id);
    this.hooks.onDrop(message, reason);
  }

  /** A second copy with a fresh id and latency. */
  duplicate(id: number): void {
    const message = this.inFlight.get(id);
    if (message) this.launch(message.from, message.to, message.message, this.network.sampleLatencyMs(this.prng), false);
  }

  /** Arrive later by `delayMs`: re-queued as a new record, which makes the old queue entry stale. */
  delay(id: number, delayMs: number): void {
    const message = this.inFlight.get(id);
    if (!message || delayMs <= 0) return;
    const delayed: InFlight<Message> = { ...message, deliverAtMs: message.deliverAtMs + Math.round(delayMs) };
    this.inFlight.set(id, delayed);
    this.scheduler.schedule(delayed.deliverAtMs, delayed);
  }

  snapshot(): TransportSnapshot<Message> {
    return { inFlight: [...this.inFlight.values()], nextMessageId: this.nextMessageId };
  }

  restore(snapshot: TransportSnapshot<Message>): void {
    this.inFlight = new Map(snapshot.inFlight.map((message) => [message.id, message]));
    this.nextMessageId = snapshot.nextMessageId;
  }

  private launch(from: string, to: string, message: Message, latencyMs: number, lost: boolean): void {
    const nowMs = this.hooks.nowMs();
    const inFlight: InFlight<Message> = { type: 'deliver', id: this.nextMessageId++, from, to, message, sentAtMs: nowMs, deliverAtMs: nowMs + latencyMs, lost };
    this.hooks.onSend(inFlight);
    const blocked = this.network.blockedReason(from, to);
    if (blocked) return this.hooks.onDrop(inFlight, blocked);
    this.inFlight.set(inFlight.id, inFlight);
    this.scheduler.schedule(inFlight.deliverAtMs, inFlight);
  }
}
