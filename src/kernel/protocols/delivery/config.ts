// The delivery lab's configuration (fixed for a run) and the user's commands: produce messages,
// arm a crash at a point of the next message, lose an ack, fail the broker over, wake a zombie
// producer, force a rebalance, and the kit's network words (crash, restart).

import type { NetworkCommand } from '../../net/commands.ts';

/**
 * What the producer application does about acknowledgements:
 * - `at-most-once`: marks a message sent as it sends it, never retries;
 * - `at-least-once`: retries until acknowledged, re-sends the unacknowledged after a restart;
 * - `idempotent`: as at-least-once, with a producer id and per-partition sequence numbers the broker
 *   deduplicates retries by (within one producer session: a restart gets a new producer id);
 * - `transactional`: idempotent, a stable transactional id whose epoch a restart bumps (fencing a
 *   zombie, aborting its open transaction), each message sent in its own transaction.
 */
export const PRODUCER_MODES = ['at-most-once', 'at-least-once', 'idempotent', 'transactional'] as const;
export type ProducerMode = (typeof PRODUCER_MODES)[number];

/**
 * When the consumer commits its offset:
 * - `commit-before`: before the side effect; `commit-after`: after it;
 * - `auto-commit`: on a timer, whatever it has fetched (as when processing runs off the poll thread);
 * - `transactional`: consume-transform-produce: the output record and the offset commit go in one
 *   Kafka transaction (the external side effect is outside it).
 */
export const CONSUMER_MODES = ['commit-before', 'commit-after', 'auto-commit', 'transactional'] as const;
export type ConsumerMode = (typeof CONSUMER_MODES)[number];

/**
 * How the side effect (a $1 transfer) is protected from a second delivery:
 * - `plain`: not at all;
 * - `idempotency-key`: the payment service remembers each transfer id for `dedupWindowMs`;
 * - `inbox`: the consumer's database records each transfer id in the same transaction as the effect;
 * - `outbox`: the consumer writes an outbox row (unique per transfer id) in its transaction; a relay
 *   sends the rows to the payment service with the row id as a permanent idempotency key.
 */
export const EFFECT_MODES = ['plain', 'idempotency-key', 'inbox', 'outbox'] as const;
export type EffectMode = (typeof EFFECT_MODES)[number];

export const ACKS = ['0', '1', 'all'] as const;
export type Acks = (typeof ACKS)[number];

export const ISOLATIONS = ['read_committed', 'read_uncommitted'] as const;
export type Isolation = (typeof ISOLATIONS)[number];

/** Planted bugs, for the checkers to catch. */
export const PLANTED_BUGS = ['dedup-after-effect', 'commit-before-processing'] as const;
export type PlantedBug = (typeof PLANTED_BUGS)[number];
export const PLANTED_BUG_DESCRIPTION: Record<PlantedBug, string> = {
  'dedup-after-effect': 'the payment service checks the idempotency key after it has applied the transfer',
  'commit-before-processing': 'the consumer, configured to commit after processing, commits before it',
};

export const DELIVERY_NODES = ['producer', 'broker', 'consumer', 'relay'] as const;
export type DeliveryNode = (typeof DELIVERY_NODES)[number];
/** What a scenario may crash and restart. */
export const CRASHABLE_NODES = ['producer', 'consumer', 'relay'] as const;
export type CrashableNode = (typeof CRASHABLE_NODES)[number];

export const PRODUCER_POINTS = ['before-append', 'before-ack', 'after-ack'] as const;
export type ProducerPoint = (typeof PRODUCER_POINTS)[number];
export const CONSUMER_POINTS = ['before-effect', 'after-effect', 'after-commit'] as const;
export type ConsumerPoint = (typeof CONSUMER_POINTS)[number];
export const RELAY_POINTS = ['after-effect'] as const;
export type RelayPoint = (typeof RELAY_POINTS)[number];

export type CrashTrap =
  | { readonly node: 'producer'; readonly point: ProducerPoint }
  | { readonly node: 'consumer'; readonly point: ConsumerPoint }
  | { readonly node: 'relay'; readonly point: RelayPoint };

export interface DeliveryConfig {
  readonly seed: number;
  readonly producer: ProducerMode;
  readonly consumer: ConsumerMode;
  readonly effect: EffectMode;
  readonly acks: Acks;
  readonly isolation: Isolation;
  readonly partitions: number;
  /** How long the payment service remembers an idempotency key. */
  readonly dedupWindowMs: number;
  readonly autoCommitIntervalMs: number;
  /** Producer ↔ broker one-way latency. */
  readonly latencyMsMin: number;
  readonly latencyMsMax: number;
  /** The producer retries a request not acknowledged within this. */
  readonly requestTimeoutMs: number;
  readonly bug: PlantedBug | null;
}

export const MIN_PARTITIONS = 1;
export const MAX_PARTITIONS = 4;
/** The largest `produce` in one command (the page draws every record). */
export const MAX_PRODUCE = 200;

export function defaultDeliveryConfig(overrides: Partial<DeliveryConfig> = {}): DeliveryConfig {
  return {
    seed: 1,
    producer: 'at-least-once',
    consumer: 'commit-after',
    effect: 'plain',
    acks: 'all',
    isolation: 'read_committed',
    partitions: 2,
    dedupWindowMs: 24 * 3600 * 1000,
    autoCommitIntervalMs: 5000,
    latencyMsMin: 5,
    latencyMsMax: 15,
    requestTimeoutMs: 300,
    bug: null,
    ...overrides,
  };
}

export function validateDeliveryConfig(config: DeliveryConfig): string[] {
  const problems: string[] = [];
  const whole = (value: number) => Number.isInteger(value) && value >= 0;
  if (!whole(config.seed) || config.seed > 0xffffffff) problems.push(`seed must be a whole number from 0 to ${0xffffffff}`);
  if (!PRODUCER_MODES.includes(config.producer)) problems.push(`producer must be one of ${PRODUCER_MODES.join(', ')}`);
  if (!CONSUMER_MODES.includes(config.consumer)) problems.push(`consumer must be one of ${CONSUMER_MODES.join(', ')}`);
  if (!EFFECT_MODES.includes(config.effect)) problems.push(`effect must be one of ${EFFECT_MODES.join(', ')}`);
  if (!ACKS.includes(config.acks)) problems.push(`acks must be one of ${ACKS.join(', ')}`);
  if (!ISOLATIONS.includes(config.isolation)) problems.push(`isolation must be one of ${ISOLATIONS.join(', ')}`);
  if (!Number.isInteger(config.partitions) || config.partitions < MIN_PARTITIONS || config.partitions > MAX_PARTITIONS) problems.push(`partitions must be from ${MIN_PARTITIONS} to ${MAX_PARTITIONS}`);
  if (!whole(config.dedupWindowMs) || config.dedupWindowMs < 1) problems.push('the dedup window must be at least 1 ms');
  if (!whole(config.autoCommitIntervalMs) || config.autoCommitIntervalMs < 10) problems.push('the auto-commit interval must be at least 10 ms');
  if (!whole(config.latencyMsMin) || !whole(config.latencyMsMax) || config.latencyMsMin < 1 || config.latencyMsMax < config.latencyMsMin) problems.push('latency must be a range of at least 1 ms');
  if (!whole(config.requestTimeoutMs) || config.requestTimeoutMs <= 2 * config.latencyMsMax + 50) problems.push('the request timeout must exceed a round trip plus replication (2 × the largest latency + 50 ms)');
  if (config.producer === 'transactional' && config.acks !== 'all') problems.push('a transactional producer needs acks=all (Kafka requires it)');
  if (config.producer === 'idempotent' && config.acks !== 'all') problems.push('an idempotent producer needs acks=all (Kafka requires it)');
  if (config.consumer === 'transactional' && config.isolation !== 'read_committed') problems.push('a transactional consumer reads with isolation=read_committed');
  if (config.bug === 'dedup-after-effect' && config.effect !== 'idempotency-key') problems.push('bug=dedup-after-effect is planted in effect=idempotency-key');
  if (config.bug === 'commit-before-processing' && config.consumer !== 'commit-after') problems.push('bug=commit-before-processing is planted in consumer=commit-after');
  if (config.bug !== null && !PLANTED_BUGS.includes(config.bug)) problems.push(`bug must be one of ${PLANTED_BUGS.join(', ')}`);
  return problems;
}

export type DeliveryCommand =
  /** The producer application is asked to send `count` more transfers. */
  | { readonly type: 'produce'; readonly count: number }
  /** Crash that component at that point of the next message it handles. */
  | { readonly type: 'arm-crash'; readonly trap: CrashTrap }
  /** The broker's next acknowledgement to the producer is lost on the wire. */
  | { readonly type: 'lose-next-ack' }
  /** The partition leaders fail; the followers take over with what they had copied. */
  | { readonly type: 'failover' }
  /** At its next send the producer pauses (a GC pause, a stalled VM); a new instance takes over; the old one wakes later and finishes its send. */
  | { readonly type: 'zombie' }
  /** The consumer group rebalances (now, or right after the next side effect, before its commit): uncommitted progress is thrown away, a commit in flight is refused. */
  | { readonly type: 'rebalance'; readonly when: 'now' | 'after-effect' }
  | NetworkCommand<CrashableNode, DeliveryNode>;
