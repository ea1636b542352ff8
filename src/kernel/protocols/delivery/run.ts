// A delivery run = simulation + history (seek, fork), the checkers' verdicts, and the plain-data
// frame a view or a JSON line draws from it.

import { History } from '../../history.ts';
import { checkCommitAfterProcessing, tallyEffects, tallyOutput, type CommitViolation, type Tally } from './checkers.ts';
import type { DeliveryCommand, DeliveryConfig } from './config.ts';
import { DeliverySimulation, formatDuration, transferName, type DeliverySnapshot, type DeliveryTraceEvent, type LogRecord, type Note, type OutboxRow } from './simulation.ts';

export type DeliveryHistory = History<DeliveryCommand, DeliverySnapshot, DeliveryTraceEvent>;

export interface DeliveryRun {
  readonly config: DeliveryConfig;
  readonly simulation: DeliverySimulation;
  readonly history: DeliveryHistory;
}

export const CHECKPOINT_INTERVAL_MS = 1000;

export function createDeliveryRun(config: DeliveryConfig): DeliveryRun {
  const simulation = new DeliverySimulation(config);
  const history = new History(simulation, { checkpointIntervalMs: CHECKPOINT_INTERVAL_MS });
  return { config, simulation, history };
}

/** The side-effect tally now (effects expected vs applied, duplicates, losses). */
export function deliveryTally(simulation: DeliverySimulation): Tally {
  const { state } = simulation;
  return tallyEffects({ produced: state.produced, effects: state.effects, pending: simulation.pendingTransfers() });
}

/** Consume-transform-produce: the output topic's tally (null unless consumer=transactional). */
export function outputTally(simulation: DeliverySimulation): Tally | null {
  if (simulation.config.consumer !== 'transactional') return null;
  const pending = new Set(simulation.pendingTransfers());
  if (simulation.state.outputPending !== null) pending.add(simulation.state.outputPending);
  return tallyOutput(simulation.state.produced, simulation.state.output, pending);
}

/** Commit-after's contract (only claimed by commit-after and transactional consumers). */
export function commitViolations(simulation: DeliverySimulation): CommitViolation[] {
  const mode = simulation.config.consumer;
  if (mode !== 'commit-after' && mode !== 'transactional') return [];
  const { state } = simulation;
  return checkCommitAfterProcessing(state.fetched, state.processed, state.commits);
}

export interface PartitionView {
  readonly index: number;
  readonly records: readonly LogRecord[];
  /** The high watermark: the follower holds every record below it. */
  readonly replicated: number;
  readonly committedOffset: number;
  readonly position: number;
  /** Where a read_committed consumer must stop (the first open transaction), or the high watermark. */
  readonly readableEnd: number;
}

export interface DeliveryFrame {
  readonly seed: number;
  readonly config: DeliveryConfig;
  readonly nowMs: number;
  readonly headMs: number;
  readonly alive: { readonly producer: boolean; readonly consumer: boolean; readonly relay: boolean };
  readonly producer: {
    readonly instance: number;
    readonly producerId: number;
    readonly epoch: number;
    readonly backlog: readonly number[];
    readonly inFlight: { readonly transfer: number; readonly attempt: number; readonly stage: 'produce' | 'commit' } | null;
    readonly done: number;
  };
  readonly zombie: { readonly transfer: number; readonly epoch: number; readonly producerId: number; readonly awake: boolean } | null;
  readonly leaderEpoch: number;
  readonly partitions: readonly PartitionView[];
  readonly consumer: {
    readonly instance: number;
    readonly generation: number;
    readonly batch: readonly number[];
    readonly awaitingCommit: { readonly transfer: number; readonly partition: number; readonly offset: number } | null;
  };
  readonly groupGeneration: number;
  readonly database: {
    readonly keys: readonly { readonly transfer: number; readonly expiresAtMs: number }[];
    readonly inbox: readonly number[];
    readonly outbox: readonly OutboxRow[];
  };
  readonly output: readonly number[];
  readonly outputPending: number | null;
  readonly messages: readonly { readonly id: number; readonly from: string; readonly to: string; readonly type: string; readonly transfer: number; readonly sentAtMs: number; readonly deliverAtMs: number; readonly doomed: boolean }[];
  readonly armed: readonly string[];
  readonly tally: Tally;
  readonly outputTally: Tally | null;
  readonly commitViolations: readonly CommitViolation[];
  readonly notes: readonly Note[];
  /** Sentences for the states a learner could misread, computed from this moment. */
  readonly explanations: readonly string[];
}

export function deliveryFrame(run: DeliveryRun): DeliveryFrame {
  const { simulation, history, config } = run;
  const { state } = simulation;
  const tally = deliveryTally(simulation);
  const frame: Omit<DeliveryFrame, 'explanations'> = {
    seed: config.seed,
    config,
    nowMs: simulation.nowMs,
    headMs: history.headMs,
    alive: { producer: simulation.isAlive('producer'), consumer: simulation.isAlive('consumer'), relay: simulation.isAlive('relay') },
    producer: {
      instance: state.producer.instance,
      producerId: state.producer.producerId,
      epoch: state.producer.epoch,
      backlog: state.producer.backlog,
      inFlight: state.producer.inFlight ? { transfer: state.producer.inFlight.transfer, attempt: state.producer.inFlight.attempt, stage: state.producer.inFlight.stage } : null,
      done: state.producer.done.length,
    },
    zombie: state.zombie ? { transfer: state.zombie.send.transfer, epoch: state.zombie.epoch, producerId: state.zombie.producerId, awake: state.zombie.awake } : null,
    leaderEpoch: state.leaderEpoch,
    partitions: state.partitions.map((partition, index) => ({
      index,
      records: partition.records,
      replicated: partition.replicated,
      committedOffset: state.committedOffsets[index]!,
      position: state.consumer.positions[index]!,
      readableEnd: simulation.readableEnd(index),
    })),
    consumer: {
      instance: state.consumer.instance,
      generation: state.consumer.generation,
      batch: state.consumer.batch.map((ref) => ref.transfer),
      awaitingCommit: state.consumer.awaitingCommit,
    },
    groupGeneration: state.groupGeneration,
    database: {
      keys: state.database.keys.filter((entry) => simulation.nowMs - entry.storedAtMs < config.dedupWindowMs).map((entry) => ({ transfer: entry.transfer, expiresAtMs: entry.storedAtMs + config.dedupWindowMs })),
      inbox: state.database.inbox,
      outbox: state.database.outbox,
    },
    output: state.output,
    outputPending: state.outputPending,
    messages: simulation.messagesInFlight().map((message) => ({
      id: message.id,
      from: message.from,
      to: message.to,
      type: message.message.type,
      transfer: message.message.transfer,
      sentAtMs: message.sentAtMs,
      deliverAtMs: message.deliverAtMs,
      doomed: state.doomed.includes(message.id),
    })),
    armed: [
      ...state.traps.map((trap) => `crash ${trap.node} ${trap.point}`),
      ...(state.loseNextAck ? ['lose next ack'] : []),
      ...(state.zombieArmed ? ['zombie producer'] : []),
      ...(state.failoverArmed ? ['failover broker'] : []),
      ...(state.rebalanceArmed ? ['rebalance after-effect'] : []),
    ],
    tally,
    outputTally: outputTally(simulation),
    commitViolations: commitViolations(simulation),
    notes: state.notes,
  };
  return { ...frame, explanations: explain(frame) };
}

const names = (transfers: readonly number[], limit = 6) => transfers.slice(0, limit).map(transferName).join(', ') + (transfers.length > limit ? ` and ${transfers.length - limit} more` : '');

/** One sentence per state a learner could misread. */
export function explain(frame: Omit<DeliveryFrame, 'explanations'>): string[] {
  const sentences: string[] = [];
  const { tally, config } = frame;
  if (!frame.alive.producer) {
    sentences.push(
      frame.producer.backlog.length > 0
        ? `The producer is down: ${names(frame.producer.backlog)} wait in its backlog and are sent when it restarts.`
        : 'The producer is down; its backlog is empty, so a restart sends nothing.',
    );
  }
  if (!frame.alive.consumer) {
    const behind = frame.partitions.map((partition) => `${partition.committedOffset}`).join(', ');
    sentences.push(`The consumer is down. The group remembers only the committed offsets (${behind}); a restart reads again from there, whatever it had done after them.`);
    // What it was doing when it crashed says what the restart will repeat or skip.
    const crash = [...frame.notes].reverse().find((note) => note.kind === 'crash' && note.text.startsWith('The consumer'));
    if (crash) sentences.push(crash.text);
  }
  if (!frame.alive.relay) sentences.push('The outbox relay is down: rows wait in the outbox table, safe in the database, until it restarts.');
  if (frame.producer.inFlight && frame.producer.inFlight.attempt > 1) {
    sentences.push(`The producer is retrying ${transferName(frame.producer.inFlight.transfer)} (attempt ${frame.producer.inFlight.attempt}): it never heard back, so it cannot know whether the broker appended the first attempt.`);
  }
  for (const partition of frame.partitions) {
    const unreplicated = partition.records.length - partition.replicated;
    if (unreplicated > 0 && config.acks === '1') {
      sentences.push(`Partition ${partition.index}: ${unreplicated} record(s) exist only on the leader (acks=1 acknowledged them already); a failover now would lose them.`);
    }
    if (partition.position > partition.committedOffset && frame.alive.consumer) {
      sentences.push(`Partition ${partition.index}: the consumer has read up to offset ${partition.position} but committed only ${partition.committedOffset}; if it crashes now, offsets ${partition.committedOffset}–${partition.position - 1} are read again.`);
    }
    if (partition.readableEnd < partition.replicated && config.isolation === 'read_committed') {
      sentences.push(`Partition ${partition.index}: offset ${partition.readableEnd} belongs to an open transaction; a read_committed consumer waits there until it commits or aborts.`);
    }
  }
  if (frame.consumer.awaitingCommit) {
    const { transfer, offset } = frame.consumer.awaitingCommit;
    sentences.push(`The consumer has made the transfer for ${transferName(transfer)} and has not yet committed offset ${offset + 1}: a crash now means ${transferName(transfer)} is read again.`);
  }
  if (frame.zombie && !frame.zombie.awake) sentences.push(`A paused producer (a zombie to be) still holds a request for ${transferName(frame.zombie.transfer)}; a new instance has taken over.`);
  if (config.effect === 'idempotency-key' && frame.database.keys.length > 0) {
    const first = frame.database.keys[0]!;
    sentences.push(`The payment service remembers ${frame.database.keys.length} idempotency key(s) for ${formatDuration(config.dedupWindowMs)}; the oldest, ${transferName(first.transfer)}, is forgotten at ${formatDuration(first.expiresAtMs)} — a redelivery after that pays again.`);
  }
  if (frame.outputTally && (tally.duplicates > 0 || tally.lost > 0) && frame.outputTally.duplicates === 0 && frame.outputTally.lost === 0) {
    sentences.push('The output topic holds each transfer exactly once (Kafka transactions cover read-process-write inside Kafka), yet the external transfers do not: the payment is outside the transaction.');
  }
  if (tally.duplicates > 0) sentences.push(`Expected balance $${tally.expected}, actual $${tally.effects}: ${names(tally.duplicatedTransfers)} paid more than once (${tally.duplicates} extra).`);
  if (tally.lost > 0) sentences.push(`${names(tally.lostTransfers)} will never be paid: ${tally.lost} lost.`);
  if (tally.pending > 0) sentences.push(`${tally.pending} transfer(s) not paid yet are still on their way (not counted as lost).`);
  if (frame.commitViolations.length > 0) sentences.push(`The commit checker found offsets committed before their record was processed (first: partition ${frame.commitViolations[0]!.partition}, offset ${frame.commitViolations[0]!.offset}) — a consumer claiming commit-after that does not.`);
  return sentences;
}
