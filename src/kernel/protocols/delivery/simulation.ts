// The delivery path as one deterministic simulation: a producer application sends $1 transfers to a
// broker (a partitioned log, each partition a leader and one follower; acks=0|1|all), a consumer
// reads them, applies a side effect at a payment service, and commits its offset. Faults can be
// armed at every point of the path; the ground truth (which transfer took effect how often) is
// kept apart for the checkers (checkers.ts). Producer ↔ broker messages go over the kit's network
// (latency, lost acks); the consumer's fetches and commits and the database calls are synchronous
// steps separated by scheduled delays — the crash points sit exactly between them.

import { Prng, type PrngState } from '../../prng.ts';
import { Scheduler, type SchedulerSnapshot } from '../../scheduler.ts';
import { Network, NO_CHANCE, type DropReason, type NetworkSnapshot } from '../../net/network.ts';
import { Transport, type InFlight, type TransportSnapshot } from '../../net/transport.ts';
import { applyNetworkCommand, type NetworkCommandHost } from '../../net/commands.ts';
import type { ReplayableSimulation } from '../../history.ts';
import {
  DELIVERY_NODES,
  MAX_PRODUCE,
  validateDeliveryConfig,
  type ConsumerPoint,
  type CrashableNode,
  type CrashTrap,
  type DeliveryCommand,
  type DeliveryConfig,
  type ProducerPoint,
} from './config.ts';

/** The follower copies the leader's log this often (a replica fetch). */
export const REPLICATION_INTERVAL_MS = 20;
export const POLL_INTERVAL_MS = 50;
/** Time to process one record up to its side effect. */
export const PROCESSING_MS = 10;
/** From the side effect to the offset commit (commit-after, transactional). */
export const COMMIT_DELAY_MS = 5;
export const RELAY_INTERVAL_MS = 20;
/** Most records one poll returns (max.poll.records). */
export const MAX_POLL_RECORDS = 5;
/** The producer sends the next message this long after the previous one is done. */
export const SEND_GAP_MS = 2;
/** A zombie producer wakes this long after it paused. */
export const ZOMBIE_PAUSE_MS = 600;
/** Notes kept for the page (the newest). */
export const MAX_NOTES = 40;

export type TxnStatus = 'none' | 'open' | 'committed' | 'aborted';

export interface LogRecord {
  readonly offset: number;
  /** A data record carries a transfer; a marker ends a transaction. */
  readonly kind: 'data' | 'marker';
  /** The transfer id (also the idempotency key); 0 for a marker. */
  readonly transfer: number;
  readonly producerId: number;
  readonly epoch: number;
  readonly sequence: number;
  readonly txn: TxnStatus;
  readonly appendedAtMs: number;
}

export interface PartitionState {
  readonly records: readonly LogRecord[];
  /** How many records the follower holds: the high watermark (consumers read below it). */
  readonly replicated: number;
}

/** One message the producer has sent and not finished with. */
export interface ProducerSend {
  readonly transfer: number;
  readonly partition: number;
  readonly sequence: number;
  readonly attempt: number;
  /** Transactional: after the record's ack the producer commits its transaction. */
  readonly stage: 'produce' | 'commit';
  readonly offset: number | null;
}

export interface ProducerState {
  /** Each start of the producer process (a restart or a zombie takeover makes a new one). */
  readonly instance: number;
  readonly producerId: number;
  readonly epoch: number;
  /** Transfers the application still has to send (its durable to-do list), in order. */
  readonly backlog: readonly number[];
  /** Transfers the application considers done (acknowledged, or sent for at-most-once). */
  readonly done: readonly number[];
  readonly inFlight: ProducerSend | null;
  /** Next sequence number per partition (idempotent, transactional). */
  readonly nextSequence: readonly number[];
  readonly sendScheduled: boolean;
}

export interface ZombieState {
  readonly instance: number;
  readonly producerId: number;
  readonly epoch: number;
  readonly send: ProducerSend;
  readonly wakeAtMs: number;
  readonly awake: boolean;
}

export interface ConsumerRecordRef {
  readonly partition: number;
  readonly offset: number;
  readonly transfer: number;
}

export interface ConsumerState {
  readonly instance: number;
  /** The group generation it joined: a rebalance bumps the group's and refuses older commits. */
  readonly generation: number;
  /** Next offset to fetch per partition. */
  readonly positions: readonly number[];
  readonly batch: readonly ConsumerRecordRef[];
  /** The record whose side effect is done and whose commit is pending (commit-after, transactional). */
  readonly awaitingCommit: ConsumerRecordRef | null;
  readonly processScheduled: boolean;
}

export interface OutboxRow {
  readonly row: number;
  readonly transfer: number;
  readonly sent: boolean;
}

export interface DatabaseState {
  /** The payment service's idempotency keys and when each was stored. */
  readonly keys: readonly { readonly transfer: number; readonly storedAtMs: number }[];
  /** Inbox table: transfer ids processed. */
  readonly inbox: readonly number[];
  readonly outbox: readonly OutboxRow[];
  /** Outbox row ids the payment service has seen (the relay's idempotency keys, kept forever). */
  readonly relayKeys: readonly number[];
}

/** One application of the side effect (a transfer debited) — the ground truth the checkers count. */
export interface EffectRecord {
  readonly transfer: number;
  readonly atMs: number;
  readonly by: 'consumer' | 'relay';
}

/** What the consumer did with one record. */
export interface ProcessRecord {
  readonly partition: number;
  readonly offset: number;
  readonly transfer: number;
  readonly atMs: number;
  /** Position among the consumer's steps (several happen at one virtual time). */
  readonly order: number;
  readonly outcome: 'applied' | 'deduplicated' | 'outboxed';
}

export interface CommitRecord {
  readonly partition: number;
  /** The committed offset: the next one to read. */
  readonly offset: number;
  readonly atMs: number;
  readonly order: number;
  readonly by: 'commit-before' | 'commit-after' | 'auto-commit' | 'transactional' | 'bug';
}

export interface Note {
  readonly atMs: number;
  readonly kind: 'crash' | 'loss' | 'duplicate' | 'fence' | 'info';
  readonly text: string;
}

export type DeliveryMessage =
  | { readonly type: 'produce'; readonly instance: number; readonly transfer: number; readonly partition: number; readonly producerId: number; readonly epoch: number; readonly sequence: number; readonly transactional: boolean }
  | { readonly type: 'commit-txn'; readonly instance: number; readonly transfer: number; readonly partition: number; readonly producerId: number; readonly epoch: number }
  | { readonly type: 'ack'; readonly instance: number; readonly transfer: number; readonly partition: number; readonly offset: number; readonly of: 'produce' | 'commit-txn' }
  | { readonly type: 'fenced'; readonly instance: number; readonly transfer: number };

type TimerEvent =
  | { readonly type: 'send' }
  | { readonly type: 'timeout'; readonly instance: number; readonly transfer: number; readonly attempt: number; readonly stage: 'produce' | 'commit' }
  | { readonly type: 'replicate' }
  | { readonly type: 'poll' }
  | { readonly type: 'process'; readonly instance: number; readonly generation: number }
  | { readonly type: 'commit'; readonly instance: number; readonly generation: number }
  | { readonly type: 'auto-commit' }
  | { readonly type: 'relay' }
  | { readonly type: 'zombie-wake'; readonly instance: number };
type KernelEvent = InFlight<DeliveryMessage> | TimerEvent;

export type DeliveryTraceEvent =
  | { readonly kind: 'action'; readonly timeMs: number; readonly command: DeliveryCommand }
  | { readonly kind: 'send'; readonly timeMs: number; readonly messageId: number; readonly from: string; readonly to: string; readonly type: DeliveryMessage['type']; readonly transfer: number }
  | { readonly kind: 'drop'; readonly timeMs: number; readonly messageId: number; readonly reason: DropReason }
  | { readonly kind: 'effect'; readonly timeMs: number; readonly transfer: number; readonly by: 'consumer' | 'relay' }
  | { readonly kind: 'note'; readonly timeMs: number; readonly note: Note };

export interface DeliveryState {
  readonly produced: number;
  readonly producer: ProducerState;
  readonly zombie: ZombieState | null;
  readonly partitions: readonly PartitionState[];
  readonly leaderEpoch: number;
  /** Broker: the newest epoch per producer id (fencing) and the sequences it appended ("pid:partition:seq" → offset). */
  readonly producerEpochs: Readonly<Record<string, number>>;
  readonly sequences: Readonly<Record<string, number>>;
  /** acks=all: acknowledgements waiting for the follower to copy the record. */
  readonly pendingAcks: readonly { readonly partition: number; readonly offset: number; readonly message: DeliveryMessage }[];
  readonly committedOffsets: readonly number[];
  readonly groupGeneration: number;
  readonly consumer: ConsumerState;
  readonly database: DatabaseState;
  /** Consume-transform-produce: the output topic's committed records (transfer ids), and the open one. */
  readonly output: readonly number[];
  readonly outputPending: number | null;
  readonly traps: readonly CrashTrap[];
  readonly loseNextAck: boolean;
  readonly zombieArmed: boolean;
  /** A failover waiting for the next append (it strikes while that record is on the leader only). */
  readonly failoverArmed: boolean;
  readonly rebalanceArmed: boolean;
  readonly effects: readonly EffectRecord[];
  readonly processed: readonly ProcessRecord[];
  /** Every data record the consumer fetched (read), when. */
  readonly fetched: readonly { readonly partition: number; readonly offset: number; readonly atMs: number; readonly order: number }[];
  /** Counts the consumer's fetches, processings and commits, to order those at one time. */
  readonly consumerSteps: number;
  readonly commits: readonly CommitRecord[];
  readonly notes: readonly Note[];
  /** Messages marked to vanish on arrival (a lost ack). */
  readonly doomed: readonly number[];
}

export interface DeliverySnapshot {
  readonly nowMs: number;
  readonly prng: PrngState;
  readonly scheduler: SchedulerSnapshot<KernelEvent>;
  readonly network: NetworkSnapshot;
  readonly transport: TransportSnapshot<DeliveryMessage>;
  readonly state: DeliveryState;
}

/** Kafka keys sequence numbers by producer id and epoch, per partition. */
const key = (producerId: number, epoch: number, partition: number, sequence: number) => `${producerId}:${epoch}:${partition}:${sequence}`;
export const transferName = (transfer: number) => `t${transfer}`;
const names = (transfers: readonly number[]) => transfers.map(transferName).join(', ');
export const partitionOf = (transfer: number, partitions: number) => (transfer - 1) % partitions;

export class DeliverySimulation implements ReplayableSimulation<DeliveryCommand, DeliverySnapshot, DeliveryTraceEvent> {
  readonly config: DeliveryConfig;
  readonly network: Network;
  nowMs = 0;
  /** The whole mutable state: replaced, never mutated in place, so a snapshot shares it. */
  state: DeliveryState;
  private readonly prng: Prng;
  private readonly scheduler = new Scheduler<KernelEvent>();
  private readonly transport: Transport<DeliveryMessage, TimerEvent>;
  private readonly networkHost: NetworkCommandHost<CrashableNode>;
  private sink: ((event: DeliveryTraceEvent) => void) | null = null;
  /** Producer ids are handed out by the broker; the next fresh one. */
  private get nextProducerId(): number {
    return Object.keys(this.state.producerEpochs).length + 1;
  }

  constructor(config: DeliveryConfig) {
    const problems = validateDeliveryConfig(config);
    if (problems.length > 0) throw new RangeError(problems.join('; '));
    this.config = config;
    this.prng = new Prng(config.seed);
    this.network = new Network(DELIVERY_NODES, { latencyMsMin: config.latencyMsMin, latencyMsMax: config.latencyMsMax, loss: NO_CHANCE, duplication: NO_CHANCE });
    this.transport = new Transport(this.network, this.prng, this.scheduler, {
      nowMs: () => this.nowMs,
      onSend: (message) => this.emit({ kind: 'send', timeMs: this.nowMs, messageId: message.id, from: message.from, to: message.to, type: message.message.type, transfer: message.message.transfer }),
      onDrop: (message, reason) => this.emit({ kind: 'drop', timeMs: this.nowMs, messageId: message.id, reason }),
    });
    this.networkHost = {
      network: this.network,
      dropBlocked: () => this.transport.dropBlocked(),
      crash: (node) => this.crash(node, null),
      restart: (node) => this.restart(node),
    };
    const partitions = Array.from({ length: config.partitions }, () => ({ records: [], replicated: 0 }));
    this.state = {
      produced: 0,
      producer: { instance: 1, producerId: 1, epoch: 0, backlog: [], done: [], inFlight: null, nextSequence: partitions.map(() => 0), sendScheduled: false },
      zombie: null,
      partitions,
      leaderEpoch: 0,
      producerEpochs: { 1: 0 },
      sequences: {},
      pendingAcks: [],
      committedOffsets: partitions.map(() => 0),
      groupGeneration: 1,
      consumer: { instance: 1, generation: 1, positions: partitions.map(() => 0), batch: [], awaitingCommit: null, processScheduled: false },
      database: { keys: [], inbox: [], outbox: [], relayKeys: [] },
      output: [],
      outputPending: null,
      traps: [],
      loseNextAck: false,
      zombieArmed: false,
      failoverArmed: false,
      rebalanceArmed: false,
      effects: [],
      processed: [],
      fetched: [],
      consumerSteps: 0,
      commits: [],
      notes: [],
      doomed: [],
    };
    this.scheduler.schedule(REPLICATION_INTERVAL_MS, { type: 'replicate' });
    this.scheduler.schedule(POLL_INTERVAL_MS, { type: 'poll' });
    if (config.consumer === 'auto-commit') this.scheduler.schedule(config.autoCommitIntervalMs, { type: 'auto-commit' });
    if (config.effect === 'outbox') this.scheduler.schedule(RELAY_INTERVAL_MS, { type: 'relay' });
  }

  // ——— ReplayableSimulation ———

  nextEventTimeMs(): number | undefined {
    return this.scheduler.peekTimeMs();
  }

  processNextEvent(): void {
    const scheduled = this.scheduler.pop();
    if (!scheduled) return;
    this.nowMs = scheduled.timeMs;
    const event = scheduled.event;
    switch (event.type) {
      case 'deliver': {
        if (this.state.doomed.includes(event.id)) {
          this.set({ doomed: this.state.doomed.filter((id) => id !== event.id) });
          this.transport.drop(event.id, 'loss');
          if (event.message.type === 'ack') {
            this.note('loss', `The broker's acknowledgement of ${transferName(event.message.transfer)} was lost on the wire: the record is in the log, but the producer cannot know that.`);
          }
          return;
        }
        const message = this.transport.arrive(event);
        if (!message) return;
        if (message.to === 'broker') return this.brokerReceive(message.message);
        return this.producerReceive(message.message);
      }
      case 'send':
        return this.producerSend();
      case 'timeout':
        return this.producerTimeout(event);
      case 'replicate':
        this.scheduler.schedule(this.nowMs + REPLICATION_INTERVAL_MS, { type: 'replicate' });
        return this.replicate();
      case 'poll':
        this.scheduler.schedule(this.nowMs + POLL_INTERVAL_MS, { type: 'poll' });
        return this.consumerPoll();
      case 'process':
        return this.consumerProcess(event.instance, event.generation);
      case 'commit':
        return this.consumerCommit(event.instance, event.generation);
      case 'auto-commit':
        this.scheduler.schedule(this.nowMs + this.config.autoCommitIntervalMs, { type: 'auto-commit' });
        return this.autoCommit();
      case 'relay':
        this.scheduler.schedule(this.nowMs + RELAY_INTERVAL_MS, { type: 'relay' });
        return this.relay();
      case 'zombie-wake':
        return this.zombieWake(event.instance);
    }
  }

  advanceClockTo(timeMs: number): void {
    if (timeMs > this.nowMs) this.nowMs = timeMs;
  }

  setTraceSink(sink: ((event: DeliveryTraceEvent) => void) | null): void {
    this.sink = sink;
  }

  apply(command: DeliveryCommand): void {
    this.emit({ kind: 'action', timeMs: this.nowMs, command });
    switch (command.type) {
      case 'produce': {
        if (!Number.isInteger(command.count) || command.count < 1 || command.count > MAX_PRODUCE) throw new RangeError(`produce takes 1 to ${MAX_PRODUCE} messages`);
        const first = this.state.produced + 1;
        const ids = Array.from({ length: command.count }, (_, index) => first + index);
        this.set({ produced: this.state.produced + command.count, producer: { ...this.state.producer, backlog: [...this.state.producer.backlog, ...ids] } });
        return this.scheduleSend();
      }
      case 'arm-crash': {
        if (command.trap.node === 'relay' && this.config.effect !== 'outbox') throw new RangeError('there is no relay: only effect=outbox has one');
        // One trap per component: the newest replaces the older.
        this.set({ traps: [...this.state.traps.filter((trap) => trap.node !== command.trap.node), command.trap] });
        return;
      }
      case 'lose-next-ack':
        this.set({ loseNextAck: true });
        return;
      case 'failover':
        // With records on the leader only, fail over now; otherwise right after the next append.
        if (this.state.partitions.some((partition) => partition.replicated < partition.records.length)) return this.failover();
        this.set({ failoverArmed: true });
        return;
      case 'zombie':
        this.set({ zombieArmed: true });
        return;
      case 'rebalance':
        if (command.when === 'now') return this.rebalance();
        this.set({ rebalanceArmed: true });
        return;
      case 'crash':
      case 'restart':
      case 'partition':
      case 'isolate':
      case 'move':
      case 'heal':
      case 'cut':
      case 'restore-link':
        return applyNetworkCommand(this.networkHost, command);
    }
  }

  snapshot(): DeliverySnapshot {
    return {
      nowMs: this.nowMs,
      prng: this.prng.getState(),
      scheduler: this.scheduler.snapshot(),
      network: this.network.snapshot(),
      transport: this.transport.snapshot(),
      // Immutable: sharing it is a copy.
      state: this.state,
    };
  }

  restore(snapshot: DeliverySnapshot): void {
    this.nowMs = snapshot.nowMs;
    this.prng.setState(snapshot.prng);
    this.scheduler.restore(snapshot.scheduler);
    this.network.restoreSnapshot(snapshot.network);
    this.transport.restore(snapshot.transport);
    this.state = snapshot.state;
  }

  // ——— Questions ———

  isAlive(node: string): boolean {
    return this.network.isAlive(node);
  }

  messagesInFlight(): InFlight<DeliveryMessage>[] {
    return [...this.transport.values()];
  }

  /** Transfers that have no effect yet but are still on their way (so not lost yet), by id. */
  pendingTransfers(): Set<number> {
    const { state } = this;
    const pending = new Set<number>(state.producer.backlog);
    if (state.producer.inFlight) pending.add(state.producer.inFlight.transfer);
    if (state.zombie && !state.zombie.awake) pending.add(state.zombie.send.transfer);
    for (const message of this.transport.values()) if (message.message.type === 'produce') pending.add(message.message.transfer);
    state.partitions.forEach((partition, index) => {
      const committed = state.committedOffsets[index]!;
      for (const record of partition.records) if (record.kind === 'data' && record.txn !== 'aborted' && record.offset >= committed) pending.add(record.transfer);
    });
    for (const ref of state.consumer.batch) pending.add(ref.transfer);
    for (const row of state.database.outbox) if (!row.sent) pending.add(row.transfer);
    return pending;
  }

  /** What a consumer may read in a partition now: below the high watermark and, read_committed, the first open transaction. */
  readableEnd(partition: number): number {
    const { records, replicated } = this.state.partitions[partition]!;
    if (this.config.isolation === 'read_uncommitted') return replicated;
    for (let offset = 0; offset < replicated; offset++) if (records[offset]!.txn === 'open') return offset;
    return replicated;
  }

  // ——— Producer ———

  private scheduleSend(): void {
    const producer = this.state.producer;
    if (producer.sendScheduled || producer.inFlight || producer.backlog.length === 0 || !this.isAlive('producer')) return;
    this.set({ producer: { ...producer, sendScheduled: true } });
    this.scheduler.schedule(this.nowMs + SEND_GAP_MS, { type: 'send' });
  }

  private producerSend(): void {
    let producer: ProducerState = { ...this.state.producer, sendScheduled: false };
    this.set({ producer });
    if (!this.isAlive('producer') || producer.inFlight || producer.backlog.length === 0) return;
    const transfer = producer.backlog[0]!;
    const name = transferName(transfer);
    const atMostOnce = this.config.producer === 'at-most-once';
    // At-most-once: the application marks the transfer sent before it sends (it never retries).
    if (atMostOnce) producer = { ...producer, backlog: producer.backlog.slice(1), done: [...producer.done, transfer] };
    const trap = this.peekTrap('producer');
    if (trap === 'before-append') {
      this.takeTrap('producer');
      this.set({ producer });
      this.crash('producer', `The producer crashed while sending ${name}, before the broker appended it. `
        + (atMostOnce ? `It had already marked ${name} sent (at-most-once): nobody will send it again — ${name} is lost.` : `${name} is still in its backlog: it is sent again when the producer restarts.`));
      return;
    }
    const partition = partitionOf(transfer, this.config.partitions);
    const sequence = producer.nextSequence[partition]!;
    const send: ProducerSend = { transfer, partition, sequence, attempt: 1, stage: 'produce', offset: null };
    producer = { ...producer, nextSequence: producer.nextSequence.map((value, index) => (index === partition ? value + 1 : value)) };
    const message = this.produceMessage(producer, send);
    if (this.state.zombieArmed) {
      // The process pauses holding this request; a new instance takes over; the old one wakes later.
      this.set({ producer, zombieArmed: false, zombie: { instance: producer.instance, producerId: producer.producerId, epoch: producer.epoch, send, wakeAtMs: this.nowMs + ZOMBIE_PAUSE_MS, awake: false } });
      this.scheduler.schedule(this.nowMs + ZOMBIE_PAUSE_MS, { type: 'zombie-wake', instance: producer.instance });
      this.note('info', `The producer paused (a long GC pause) holding its request for ${name}. A new producer instance takes over${atMostOnce ? '' : ` and sends ${name} again`}; the old one will wake up in ${ZOMBIE_PAUSE_MS} ms and finish its send — a zombie.`);
      this.startProducerInstance(atMostOnce ? [] : [transfer]);
      return;
    }
    if (this.config.acks === '0' || atMostOnce) {
      // acks=0: fire and forget; at-most-once: no retry, so the ack only informs.
      if (this.config.acks === '0' && !atMostOnce) producer = { ...producer, backlog: producer.backlog.slice(1), done: [...producer.done, transfer] };
      this.set({ producer });
      this.transport.send('producer', 'broker', message);
      if (trap === 'before-ack' || trap === 'after-ack') {
        this.takeTrap('producer');
        this.crash('producer', `The producer crashed right after sending ${name}; it waits for no acknowledgement${atMostOnce ? ' and had marked it sent' : ''}, so it will not send ${name} again.`);
      }
      else this.scheduleSend();
      return;
    }
    this.set({ producer: { ...producer, inFlight: send } });
    this.transport.send('producer', 'broker', message);
    this.scheduler.schedule(this.nowMs + this.config.requestTimeoutMs, { type: 'timeout', instance: producer.instance, transfer, attempt: 1, stage: 'produce' });
  }

  private produceMessage(producer: { readonly instance: number; readonly producerId: number; readonly epoch: number }, send: ProducerSend): DeliveryMessage {
    return {
      type: 'produce',
      instance: producer.instance,
      transfer: send.transfer,
      partition: send.partition,
      producerId: producer.producerId,
      epoch: producer.epoch,
      sequence: send.sequence,
      transactional: this.config.producer === 'transactional',
    };
  }

  private producerTimeout(event: Extract<TimerEvent, { type: 'timeout' }>): void {
    const producer = this.state.producer;
    const send = producer.inFlight;
    if (!this.isAlive('producer') || producer.instance !== event.instance || !send || send.transfer !== event.transfer || send.attempt !== event.attempt || send.stage !== event.stage) return;
    const name = transferName(send.transfer);
    const retry: ProducerSend = { ...send, attempt: send.attempt + 1 };
    this.set({ producer: { ...producer, inFlight: retry } });
    if (send.stage === 'produce') {
      const dedup = this.config.producer === 'at-least-once' ? 'The broker cannot tell a retry from a new message: if the first attempt was appended, this one is a duplicate.' : `It carries the same producer id and sequence number ${send.sequence}: the broker will recognise a duplicate and only acknowledge it.`;
      this.note('info', `No acknowledgement for ${name} within ${this.config.requestTimeoutMs} ms: the producer retries. ${dedup}`);
      this.transport.send('producer', 'broker', this.produceMessage(producer, retry));
    } else {
      this.transport.send('producer', 'broker', { type: 'commit-txn', instance: producer.instance, transfer: send.transfer, partition: send.partition, producerId: producer.producerId, epoch: producer.epoch });
    }
    this.scheduler.schedule(this.nowMs + this.config.requestTimeoutMs, { type: 'timeout', instance: producer.instance, transfer: send.transfer, attempt: retry.attempt, stage: send.stage });
  }

  private producerReceive(message: DeliveryMessage): void {
    const zombie = this.state.zombie;
    if (zombie && message.instance === zombie.instance) return this.zombieReceive(message);
    const producer = this.state.producer;
    if (message.instance !== producer.instance) return; // An answer to a process that no longer exists.
    const send = producer.inFlight;
    if (message.type === 'fenced') return;
    if (message.type !== 'ack' || !send || send.transfer !== message.transfer) return;
    const name = transferName(send.transfer);
    if (message.of === 'produce' && send.stage !== 'produce') return;
    if (message.of === 'commit-txn' && send.stage !== 'commit') return;
    const trap = this.peekTrap('producer');
    if (trap === 'before-ack') {
      this.takeTrap('producer');
      const what =
        this.config.producer === 'transactional'
          ? `The record is in the log inside an open transaction: when the producer restarts, its new epoch aborts that transaction and it sends ${name} again — read_committed consumers never see the aborted copy.`
          : this.config.producer === 'idempotent'
            ? `It re-sends ${name} when it restarts — with a new producer id, so the broker cannot deduplicate it: a duplicate in the log (idempotence lasts one producer session).`
            : `It re-sends ${name} when it restarts: a duplicate in the log.`;
      this.crash('producer', `The broker appended ${name} at offset ${message.offset} of partition ${message.partition}, but the producer crashed before the acknowledgement arrived. ${what}`);
      return;
    }
    if (this.config.producer === 'transactional' && message.of === 'produce') {
      const commit: ProducerSend = { ...send, stage: 'commit', attempt: 1, offset: message.offset };
      this.set({ producer: { ...producer, inFlight: commit } });
      this.transport.send('producer', 'broker', { type: 'commit-txn', instance: producer.instance, transfer: send.transfer, partition: send.partition, producerId: producer.producerId, epoch: producer.epoch });
      this.scheduler.schedule(this.nowMs + this.config.requestTimeoutMs, { type: 'timeout', instance: producer.instance, transfer: send.transfer, attempt: 1, stage: 'commit' });
      return;
    }
    this.set({ producer: { ...producer, inFlight: null, backlog: producer.backlog.filter((transfer) => transfer !== send.transfer), done: [...producer.done, send.transfer] } });
    if (trap === 'after-ack') {
      this.takeTrap('producer');
      this.crash('producer', `The producer crashed right after ${name} was acknowledged: nothing is lost or repeated — the application had recorded ${name} as sent.`);
      return;
    }
    this.scheduleSend();
  }

  private zombieWake(instance: number): void {
    const zombie = this.state.zombie;
    if (!zombie || zombie.instance !== instance) return;
    this.set({ zombie: { ...zombie, awake: true } });
    const name = transferName(zombie.send.transfer);
    this.note(
      'info',
      `The old producer woke up and sends ${name} — it does not know a new instance took over.` +
        (this.config.producer === 'transactional' ? ` Its epoch ${zombie.epoch} is older than the transactional id's epoch ${this.state.producerEpochs[zombie.producerId]}: the broker will fence it.` : ''),
    );
    this.transport.send('producer', 'broker', this.produceMessage(zombie, zombie.send));
  }

  private zombieReceive(message: DeliveryMessage): void {
    const zombie = this.state.zombie!;
    const name = transferName(zombie.send.transfer);
    if (message.type === 'fenced') {
      this.set({ zombie: null });
      this.note('fence', `The broker fenced the zombie producer (epoch ${zombie.epoch} < ${this.state.producerEpochs[zombie.producerId]}): its ${name} was refused. Epoch fencing stops zombies.`);
      return;
    }
    if (message.type === 'ack' && message.of === 'produce' && this.config.producer === 'transactional') {
      this.transport.send('producer', 'broker', { type: 'commit-txn', instance: zombie.instance, transfer: zombie.send.transfer, partition: zombie.send.partition, producerId: zombie.producerId, epoch: zombie.epoch });
      return;
    }
    if (message.type === 'ack') this.set({ zombie: null });
  }

  /** A new producer process: a fresh producer id (or, transactional, the same id with the next epoch, aborting the old one's open transactions). */
  private startProducerInstance(requeue: readonly number[]): void {
    const old = this.state.producer;
    const transactional = this.config.producer === 'transactional';
    const producerId = transactional ? old.producerId : this.nextProducerId;
    const epoch = transactional ? old.epoch + 1 : 0;
    const backlog = [...requeue, ...old.backlog.filter((transfer) => !requeue.includes(transfer))];
    this.set({
      producer: { ...old, instance: old.instance + 1, producerId, epoch, inFlight: null, backlog, nextSequence: old.nextSequence.map(() => 0), sendScheduled: false },
      producerEpochs: { ...this.state.producerEpochs, [producerId]: epoch },
    });
    if (transactional) this.abortOpenTransactions(producerId, epoch);
    this.scheduleSend();
  }

  // ——— Broker ———

  private brokerReceive(message: DeliveryMessage): void {
    const reply = (answer: DeliveryMessage) => this.brokerReply(answer);
    if (message.type === 'produce') {
      const transactionalEpoch = this.state.producerEpochs[message.producerId];
      if (message.transactional && transactionalEpoch !== undefined && message.epoch < transactionalEpoch) {
        return reply({ type: 'fenced', instance: message.instance, transfer: message.transfer });
      }
      const idempotent = this.config.producer !== 'at-least-once' && this.config.producer !== 'at-most-once';
      const sequenceKey = key(message.producerId, message.epoch, message.partition, message.sequence);
      const seen = idempotent ? this.state.sequences[sequenceKey] : undefined;
      if (seen !== undefined) {
        this.note('info', `The broker recognised a retry of ${transferName(message.transfer)} (producer ${message.producerId}, sequence ${message.sequence}, already at offset ${seen}): acknowledged, not appended again.`);
        return this.acknowledge(message.partition, seen, { type: 'ack', instance: message.instance, transfer: message.transfer, partition: message.partition, offset: seen, of: 'produce' }, reply);
      }
      const partition = this.state.partitions[message.partition]!;
      const offset = partition.records.length;
      const copies = partition.records.filter((record) => record.kind === 'data' && record.transfer === message.transfer && record.txn !== 'aborted').length;
      const record: LogRecord = {
        offset,
        kind: 'data',
        transfer: message.transfer,
        producerId: message.producerId,
        epoch: message.epoch,
        sequence: message.sequence,
        txn: message.transactional ? 'open' : 'none',
        appendedAtMs: this.nowMs,
      };
      this.setPartition(message.partition, { ...partition, records: [...partition.records, record] });
      if (idempotent) this.set({ sequences: { ...this.state.sequences, [sequenceKey]: offset } });
      if (copies > 0) this.note('duplicate', `The broker appended ${transferName(message.transfer)} again at offset ${offset} of partition ${message.partition}: the log now holds ${copies + 1} copies of it.`);
      if (this.config.acks !== '0') this.acknowledge(message.partition, offset, { type: 'ack', instance: message.instance, transfer: message.transfer, partition: message.partition, offset, of: 'produce' }, reply);
      if (this.state.failoverArmed) {
        this.set({ failoverArmed: false });
        this.failover();
      }
      return;
    }
    if (message.type === 'commit-txn') {
      const epoch = this.state.producerEpochs[message.producerId];
      if (epoch !== undefined && message.epoch < epoch) return reply({ type: 'fenced', instance: message.instance, transfer: message.transfer });
      const partition = this.state.partitions[message.partition]!;
      const open = partition.records.filter((record) => record.producerId === message.producerId && record.txn === 'open');
      if (open.length === 0) {
        // A retried commit of a transaction already committed: acknowledge again.
        const last = [...partition.records].reverse().find((record) => record.kind === 'data' && record.transfer === message.transfer && record.txn === 'committed');
        if (last) reply({ type: 'ack', instance: message.instance, transfer: message.transfer, partition: message.partition, offset: last.offset, of: 'commit-txn' });
        return;
      }
      this.endTransaction(message.partition, message.producerId, message.epoch, 'committed');
      const marker = this.state.partitions[message.partition]!.records.length - 1;
      return this.acknowledge(message.partition, marker, { type: 'ack', instance: message.instance, transfer: message.transfer, partition: message.partition, offset: open[0]!.offset, of: 'commit-txn' }, reply);
    }
  }

  private acknowledge(partition: number, offset: number, ack: DeliveryMessage, reply: (answer: DeliveryMessage) => void): void {
    if (this.config.acks === 'all' && this.state.partitions[partition]!.replicated <= offset) {
      this.set({ pendingAcks: [...this.state.pendingAcks, { partition, offset, message: ack }] });
      return;
    }
    reply(ack);
  }

  /** Commit or abort a producer's open transaction on one partition: the records change status, a marker is appended. */
  private endTransaction(partitionIndex: number, producerId: number, epoch: number, outcome: 'committed' | 'aborted'): void {
    const partition = this.state.partitions[partitionIndex]!;
    const records = partition.records.map((record) => (record.producerId === producerId && record.txn === 'open' ? { ...record, txn: outcome } : record));
    const marker: LogRecord = { offset: records.length, kind: 'marker', transfer: 0, producerId, epoch, sequence: -1, txn: outcome, appendedAtMs: this.nowMs };
    this.setPartition(partitionIndex, { ...partition, records: [...records, marker] });
  }

  private abortOpenTransactions(producerId: number, epoch: number): void {
    this.state.partitions.forEach((partition, index) => {
      const open = partition.records.filter((record) => record.producerId === producerId && record.txn === 'open');
      if (open.length === 0) return;
      this.endTransaction(index, producerId, epoch, 'aborted');
      this.note('info', `The new producer (epoch ${epoch}) aborted the open transaction holding ${open.map((record) => transferName(record.transfer)).join(', ')} on partition ${index}: read_committed consumers skip it.`);
    });
  }

  private replicate(): void {
    const { partitions, pendingAcks } = this.state;
    if (partitions.every((partition) => partition.replicated === partition.records.length) && pendingAcks.length === 0) return;
    this.set({ partitions: partitions.map((partition) => ({ ...partition, replicated: partition.records.length })) });
    const ready = pendingAcks.filter((pending) => pending.offset < this.state.partitions[pending.partition]!.replicated);
    this.set({ pendingAcks: pendingAcks.filter((pending) => !ready.includes(pending)) });
    for (const pending of ready) this.brokerReply(pending.message);
  }

  private brokerReply(ack: DeliveryMessage): void {
    if (this.state.loseNextAck && ack.type === 'ack') {
      // The id the transport gives the next message: that one vanishes on arrival.
      const id = this.transport.snapshot().nextMessageId;
      this.set({ loseNextAck: false, doomed: [...this.state.doomed, id] });
    }
    this.transport.send('broker', 'producer', ack);
  }


  private failover(): void {
    const lostRecords: LogRecord[] = [];
    const partitions = this.state.partitions.map((partition) => {
      lostRecords.push(...partition.records.slice(partition.replicated));
      return { records: partition.records.slice(0, partition.replicated), replicated: partition.replicated };
    });
    // The producer-state the broker keeps lives in the log: sequences of records lost go with them.
    const sequences = Object.fromEntries(Object.entries(this.state.sequences).filter(([sequenceKey, offset]) => offset < partitions[Number(sequenceKey.split(':')[2])]!.records.length));
    this.set({ failoverArmed: false, partitions, sequences, leaderEpoch: this.state.leaderEpoch + 1, pendingAcks: this.state.pendingAcks.filter((pending) => pending.offset < partitions[pending.partition]!.records.length) });
    const lostData = names(lostRecords.filter((record) => record.kind === 'data').map((record) => record.transfer));
    const why =
      this.config.producer === 'at-most-once'
        ? ' An at-most-once producer never retries: lost.'
        : this.config.acks === 'all'
        ? ' None had been acknowledged (acks=all waits for the follower): the producer retries them.'
        : this.config.acks === '1'
          ? ' The leader had already acknowledged them (acks=1 does not wait for the follower): the producer will not send them again — lost.'
          : ' With acks=0 the producer never waits for an answer: it will not send them again — lost.';
    this.note(
      lostData === '' || (this.config.acks === 'all' && this.config.producer !== 'at-most-once') ? 'info' : 'loss',
      `Broker failover: the followers became leaders (leader epoch ${this.state.leaderEpoch}). ` +
        (lostData === '' ? 'Every record had been copied: nothing was lost.' : `They had not copied ${lostData}: those records are gone from the log.${why}`),
    );
  }

  // ——— Consumer ———

  private consumerPoll(): void {
    const consumer = this.state.consumer;
    if (!this.isAlive('consumer') || consumer.batch.length > 0 || consumer.awaitingCommit || consumer.processScheduled) return;
    const batch: ConsumerRecordRef[] = [];
    const positions = consumer.positions.slice();
    // Round robin over the partitions, up to max.poll.records.
    let progressed = true;
    while (batch.length < MAX_POLL_RECORDS && progressed) {
      progressed = false;
      for (let index = 0; index < positions.length && batch.length < MAX_POLL_RECORDS; index++) {
        const end = this.readableEnd(index);
        const records = this.state.partitions[index]!.records;
        while (positions[index]! < end) {
          const record = records[positions[index]!]!;
          positions[index] = positions[index]! + 1;
          const visible = record.kind === 'data' && (this.config.isolation === 'read_uncommitted' || record.txn !== 'aborted');
          if (visible) {
            batch.push({ partition: index, offset: record.offset, transfer: record.transfer });
            progressed = true;
            break;
          }
        }
      }
    }
    if (positions.every((position, index) => position === consumer.positions[index])) return;
    this.set({ consumer: { ...consumer, positions, batch }, fetched: [...this.state.fetched, ...batch.map((ref) => ({ partition: ref.partition, offset: ref.offset, atMs: this.nowMs, order: this.nextOrder() }))] });
    if (batch.length === 0) {
      // Only markers or aborted records: nothing to process; commit-after style modes move past them.
      if (this.config.consumer !== 'auto-commit') this.commitOffsets(positions, this.config.consumer);
      return;
    }
    this.scheduleProcess();
  }

  private scheduleProcess(): void {
    const consumer = this.state.consumer;
    if (consumer.processScheduled || consumer.batch.length === 0) return;
    this.set({ consumer: { ...consumer, processScheduled: true } });
    this.scheduler.schedule(this.nowMs + PROCESSING_MS, { type: 'process', instance: consumer.instance, generation: consumer.generation });
  }

  /** Process the next record of the batch up to its side effect (and the commit, when it comes first). */
  private consumerProcess(instance: number, generation: number): void {
    let consumer = this.state.consumer;
    if (consumer.instance !== instance || consumer.generation !== generation || !this.isAlive('consumer')) return;
    consumer = { ...consumer, processScheduled: false };
    const ref = consumer.batch[0];
    if (!ref) return this.set({ consumer });
    consumer = { ...consumer, batch: consumer.batch.slice(1) };
    this.set({ consumer });
    const name = transferName(ref.transfer);
    const where = `offset ${ref.offset} of partition ${ref.partition}`;
    const mode = this.config.consumer;
    const commitFirst = mode === 'commit-before' || this.config.bug === 'commit-before-processing';
    if (commitFirst) {
      this.commitRecord(ref, this.config.bug === 'commit-before-processing' ? 'bug' : 'commit-before');
      if (this.crashAt('after-commit', `The consumer committed offset ${ref.offset + 1} (past ${name}) before processing it, then crashed: on restart it starts after ${name} — ${name} is never processed: lost.`)) return;
    }
    const coveredByAutoCommit = mode === 'auto-commit' && this.state.committedOffsets[ref.partition]! > ref.offset;
    if (
      this.crashAt(
        'before-effect',
        coveredByAutoCommit
          ? `The consumer read ${name} (${where}) and crashed before the transfer — but the last auto-commit had already committed past it: on restart nobody reads ${name} again — lost.`
          : commitFirst
          ? `The consumer had already committed past ${name} (${where}) and crashed before the transfer: on restart it never reads ${name} again — lost.`
          : `The consumer read ${name} (${where}) and crashed before the transfer: its offset is not committed, so it reads ${name} again on restart — nothing lost, nothing repeated.`,
      )
    )
      return;
    this.sideEffect(ref);
    if (mode === 'transactional') this.set({ outputPending: ref.transfer });
    if (commitFirst || mode === 'auto-commit') {
      if (this.crashAt('after-effect', mode === 'auto-commit'
            ? coveredByAutoCommit
              ? `The consumer made the transfer for ${name} (${where}), then crashed; the last auto-commit had already covered it, so nothing repeats (but anything fetched after it and not yet processed is lost).`
              : `The consumer made the transfer for ${name} (${where}), then crashed before the next auto-commit: on restart it reads ${name} again — a duplicate transfer unless the transfer is idempotent.`
            : `The consumer made the transfer for ${name} after committing, then crashed: nothing repeats.`)) return;
      this.rebalanceIfArmed();
      return this.afterRecord();
    }
    if (
      this.crashAt(
        'after-effect',
        mode === 'transactional'
          ? `The consumer made the transfer for ${name} (${where}), then crashed before its Kafka transaction committed: the transaction aborts (no output record, no offset), so on restart it reads ${name} again — the Kafka output stays exactly once, but the external transfer happens twice unless it is idempotent.`
          : `The consumer made the transfer for ${name} (${where}), then crashed before committing offset ${ref.offset + 1}: on restart it reads ${name} again — a duplicate transfer unless the transfer is idempotent.`,
      )
    )
      return;
    this.set({ consumer: { ...this.state.consumer, awaitingCommit: ref } });
    this.scheduler.schedule(this.nowMs + COMMIT_DELAY_MS, { type: 'commit', instance, generation });
    this.rebalanceIfArmed();
  }

  private consumerCommit(instance: number, generation: number): void {
    const consumer = this.state.consumer;
    const ref = consumer.awaitingCommit;
    if (consumer.instance !== instance || !this.isAlive('consumer') || !ref) return;
    this.set({ consumer: { ...consumer, awaitingCommit: null } });
    if (generation !== this.state.groupGeneration) {
      this.set({ outputPending: null });
      this.note('duplicate', `The consumer's commit of offset ${ref.offset + 1} was refused: the group rebalanced meanwhile (generation ${generation} → ${this.state.groupGeneration}). ${transferName(ref.transfer)} will be read again — a duplicate transfer unless it is idempotent.`);
      return;
    }
    if (this.config.consumer === 'transactional') {
      const pending = this.state.outputPending;
      this.set({ output: pending === null ? this.state.output : [...this.state.output, pending], outputPending: null });
    }
    this.commitRecord(ref, this.config.consumer === 'transactional' ? 'transactional' : 'commit-after');
    if (this.crashAt('after-commit', `The consumer committed offset ${ref.offset + 1} after the transfer for ${transferName(ref.transfer)}, then crashed: it resumes after it — nothing lost, nothing repeated.`)) return;
    this.afterRecord();
  }

  private afterRecord(): void {
    if (this.state.consumer.batch.length > 0) this.scheduleProcess();
  }

  private autoCommit(): void {
    if (!this.isAlive('consumer')) return;
    const positions = this.state.consumer.positions;
    if (positions.every((position, index) => position === this.state.committedOffsets[index])) return;
    const ahead = this.state.consumer.batch.map((ref) => transferName(ref.transfer));
    this.commitOffsets(positions, 'auto-commit');
    this.crashAt(
      'after-commit',
      `The auto-commit committed offsets ${positions.join(', ')} — everything fetched — then the consumer crashed.` + (ahead.length > 0 ? ` ${ahead.join(', ')} had been fetched but not processed: nobody will read them again — lost.` : ''),
    );
  }

  private commitRecord(ref: ConsumerRecordRef, by: CommitRecord['by']): void {
    const offsets = this.state.committedOffsets.map((offset, index) => (index === ref.partition ? Math.max(offset, ref.offset + 1) : offset));
    this.commitOffsets(offsets, by);
  }

  private commitOffsets(offsets: readonly number[], by: CommitRecord['by']): void {
    const commits: CommitRecord[] = [];
    const committedOffsets = this.state.committedOffsets.map((offset, index) => {
      const next = offsets[index]!;
      if (next === offset) return offset;
      commits.push({ partition: index, offset: next, atMs: this.nowMs, order: this.nextOrder(), by });
      return next;
    });
    this.set({ committedOffsets, commits: [...this.state.commits, ...commits] });
  }

  /** The side effect at the payment service, under the configured protection. */
  private sideEffect(ref: ConsumerRecordRef): void {
    const name = transferName(ref.transfer);
    const database = this.state.database;
    const record = (outcome: ProcessRecord['outcome']) => this.set({ processed: [...this.state.processed, { ...ref, atMs: this.nowMs, order: this.nextOrder(), outcome }] });
    switch (this.config.effect) {
      case 'plain':
        this.applyEffect(ref.transfer, 'consumer');
        return record('applied');
      case 'idempotency-key': {
        const window = this.config.dedupWindowMs;
        // Keys older than the window are forgotten.
        const keys = database.keys.filter((entry) => this.nowMs - entry.storedAtMs < window);
        const known = keys.some((entry) => entry.transfer === ref.transfer);
        if (this.config.bug === 'dedup-after-effect') {
          // The planted bug: the transfer runs before the key is looked at.
          this.applyEffect(ref.transfer, 'consumer');
          this.set({ database: { ...database, keys: known ? keys : [...keys, { transfer: ref.transfer, storedAtMs: this.nowMs }] } });
          return record('applied');
        }
        if (known) {
          this.set({ database: { ...database, keys } });
          this.note('info', `The payment service already knows idempotency key ${name}: it answers "done" without moving money again.`);
          return record('deduplicated');
        }
        const forgotten = database.keys.some((entry) => entry.transfer === ref.transfer);
        this.set({ database: { ...database, keys: [...keys, { transfer: ref.transfer, storedAtMs: this.nowMs }] } });
        if (forgotten) this.note('duplicate', `Idempotency key ${name} had expired (older than the ${formatDuration(window)} window): the payment service moves the money again — a duplicate.`);
        this.applyEffect(ref.transfer, 'consumer');
        return record('applied');
      }
      case 'inbox': {
        if (database.inbox.includes(ref.transfer)) {
          this.note('info', `${name} is already in the inbox table: the consumer skips it (the inbox row and the transfer were written in one database transaction).`);
          return record('deduplicated');
        }
        this.set({ database: { ...database, inbox: [...database.inbox, ref.transfer] } });
        this.applyEffect(ref.transfer, 'consumer');
        return record('applied');
      }
      case 'outbox': {
        if (database.outbox.some((row) => row.transfer === ref.transfer)) {
          this.note('info', `${name} already has an outbox row: the consumer writes nothing new.`);
          return record('deduplicated');
        }
        const row = database.outbox.length + 1;
        this.set({ database: { ...database, outbox: [...database.outbox, { row, transfer: ref.transfer, sent: false }] } });
        return record('outboxed');
      }
    }
  }

  private applyEffect(transfer: number, by: EffectRecord['by']): void {
    const before = this.state.effects.filter((effect) => effect.transfer === transfer).length;
    this.set({ effects: [...this.state.effects, { transfer, atMs: this.nowMs, by }] });
    this.emit({ kind: 'effect', timeMs: this.nowMs, transfer, by });
    if (before > 0) this.note('duplicate', `${transferName(transfer)} was paid ${before + 1} times: expected balance and actual balance now differ by $${before}.`);
  }

  /** The outbox relay: sends the oldest unsent row, then marks it sent. */
  private relay(): void {
    if (!this.isAlive('relay')) return;
    const row = this.state.database.outbox.find((candidate) => !candidate.sent);
    if (!row) return;
    if (this.state.database.relayKeys.includes(row.row)) {
      this.note('info', `The relay sent outbox row ${row.row} (${transferName(row.transfer)}) again; the payment service knows that row id and does not pay twice.`);
    } else {
      this.set({ database: { ...this.state.database, relayKeys: [...this.state.database.relayKeys, row.row] } });
      this.applyEffect(row.transfer, 'relay');
    }
    const trap = this.takeTrap('relay');
    if (trap === 'after-effect') {
      this.crash('relay', `The relay delivered outbox row ${row.row} (${transferName(row.transfer)}) and crashed before marking it sent: it will send it again — harmless, the row id is the idempotency key.`);
      return;
    }
    this.set({ database: { ...this.state.database, outbox: this.state.database.outbox.map((candidate) => (candidate.row === row.row ? { ...candidate, sent: true } : candidate)) } });
  }

  private rebalanceIfArmed(): void {
    if (!this.state.rebalanceArmed) return;
    this.set({ rebalanceArmed: false });
    this.rebalance();
  }

  private rebalance(): void {
    const consumer = this.state.consumer;
    const generation = this.state.groupGeneration + 1;
    const thrown = consumer.batch.map((ref) => transferName(ref.transfer));
    this.set({ groupGeneration: generation, consumer: { ...consumer, generation, positions: this.state.committedOffsets.slice(), batch: [], processScheduled: false } });
    this.note(
      'info',
      `The consumer group rebalanced (generation ${generation}): the partitions are assigned again and reading restarts from the committed offsets ${this.state.committedOffsets.join(', ')}.` +
        (thrown.length > 0 ? ` ${thrown.join(', ')} (fetched, not processed) will be fetched again.` : ''),
    );
  }

  // ——— Crash and restart ———

  private peekTrap(node: CrashableNode): string | null {
    return this.state.traps.find((candidate) => candidate.node === node)?.point ?? null;
  }

  private takeTrap(node: CrashableNode): string | null {
    const trap = this.state.traps.find((candidate) => candidate.node === node);
    if (!trap) return null;
    this.set({ traps: this.state.traps.filter((candidate) => candidate !== trap) });
    return trap.point;
  }

  /** If the consumer's armed trap is at `point`, crash it there with the sentence; true when it crashed. */
  private crashAt(point: ConsumerPoint, sentence: string): boolean {
    const trap = this.state.traps.find((candidate) => candidate.node === 'consumer');
    if (!trap || trap.point !== point) return false;
    this.set({ traps: this.state.traps.filter((candidate) => candidate !== trap) });
    this.crash('consumer', sentence);
    return true;
  }

  private crash(node: CrashableNode, sentence: string | null): void {
    if (!this.isAlive(node)) return;
    this.network.crash(node);
    this.transport.dropAllTo(node);
    this.set({ traps: this.state.traps.filter((trap) => trap.node !== node) });
    if (node === 'producer') {
      const producer = this.state.producer;
      // The application's durable to-do list survives; what was in flight is re-queued at its head.
      const backlog = producer.inFlight && !producer.backlog.includes(producer.inFlight.transfer) ? [producer.inFlight.transfer, ...producer.backlog] : producer.backlog;
      this.set({ producer: { ...producer, inFlight: null, backlog, sendScheduled: false } });
    } else if (node === 'consumer') {
      // Its position and its batch live in memory: gone. The committed offsets stay with the group.
      const consumer = this.state.consumer;
      this.set({ consumer: { ...consumer, batch: [], awaitingCommit: null, processScheduled: false }, outputPending: null });
    }
    this.note('crash', sentence ?? `The ${node} crashed.`);
  }

  private restart(node: CrashableNode): void {
    if (this.isAlive(node)) return;
    this.network.restart(node);
    if (node === 'producer') {
      this.startProducerInstance([]);
      const producer = this.state.producer;
      this.note('info', `The producer restarted (${this.config.producer === 'transactional' ? `same transactional id, epoch ${producer.epoch}` : `new producer id ${producer.producerId}`})` + (producer.backlog.length > 0 ? `; it sends ${producer.backlog.map(transferName).slice(0, 6).join(', ')}${producer.backlog.length > 6 ? ', …' : ''} from its backlog.` : '.'));
    } else if (node === 'consumer') {
      const consumer = this.state.consumer;
      this.set({ consumer: { ...consumer, instance: consumer.instance + 1, generation: this.state.groupGeneration, positions: this.state.committedOffsets.slice(), batch: [], awaitingCommit: null, processScheduled: false } });
      this.note('info', `The consumer restarted and resumes from the committed offsets ${this.state.committedOffsets.join(', ')}.`);
    } else {
      this.note('info', 'The relay restarted: it sends every outbox row not marked sent.');
    }
  }

  // ——— Helpers ———

  private nextOrder(): number {
    const order = this.state.consumerSteps + 1;
    this.set({ consumerSteps: order });
    return order;
  }

  private set(patch: Partial<DeliveryState>): void {
    this.state = { ...this.state, ...patch };
  }

  private setPartition(index: number, partition: PartitionState): void {
    this.set({ partitions: this.state.partitions.map((candidate, at) => (at === index ? partition : candidate)) });
  }

  private note(kind: Note['kind'], text: string): void {
    const note: Note = { atMs: this.nowMs, kind, text };
    const notes = this.state.notes.length >= MAX_NOTES ? this.state.notes.slice(1) : this.state.notes;
    this.set({ notes: [...notes, note] });
    this.emit({ kind: 'note', timeMs: this.nowMs, note });
  }

  private emit(event: DeliveryTraceEvent): void {
    this.sink?.(event);
  }
}

export function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  if (ms % 1000 === 0) return `${ms / 1000} s`;
  return `${ms} ms`;
}

export type { ProducerPoint };
