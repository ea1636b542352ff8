// The transactions lab's vocabulary: ids, the config, the messages the protocols exchange, each
// node's durable log and volatile state, and the commands a user (or a scenario) gives.

import type { NetworkCommand } from '../../net/commands.ts';

export const COORDINATOR = 'coordinator';
export type ParticipantId = `p${number}`;
export type NodeId = typeof COORDINATOR | ParticipantId;
export type TxnId = string;

export const PROTOCOLS = ['2pc', '3pc', 'saga'] as const;
export type Protocol = (typeof PROTOCOLS)[number];
export const SAGA_STYLES = ['orchestrated', 'choreographed'] as const;
export type SagaStyle = (typeof SAGA_STYLES)[number];

/**
 * A deliberately wrong variant, for the checkers and the exhaustive mode to find.
 * `send-before-log`: the 2PC coordinator sends COMMIT first and makes its decision durable a moment
 * later; a crash in between loses the decision, and presumed abort then answers "abort".
 * `backup-skips-precommit`: 3PC's backup coordinator, seeing a precommitted state (rule TR4), commits
 * at once instead of first moving the uncertain participants to precommitted; if it crashes then, the
 * next backup sees only uncertain states and aborts (rule TR3).
 */
export const PLANTED_BUGS = ['send-before-log', 'backup-skips-precommit'] as const;
export type PlantedBug = (typeof PLANTED_BUGS)[number];
/** The protocol each planted bug lives in. */
export const BUG_PROTOCOL: Readonly<Record<PlantedBug, '2pc' | '3pc'>> = { 'send-before-log': '2pc', 'backup-skips-precommit': '3pc' };

export const MIN_PARTICIPANTS = 2;
export const MAX_PARTICIPANTS = 5;
/** Every account opens with this balance; a transfer moves `amount` from the first participant to the last. */
export const OPENING_BALANCE = 100;

export interface CommitConfig {
  readonly protocol: Protocol;
  readonly sagaStyle: SagaStyle;
  readonly participantCount: number;
  readonly seed: number;
  readonly latencyMsMin: number;
  readonly latencyMsMax: number;
  /** How long a node waits for an answer before it acts (votes, acks, decisions, saga replies). */
  readonly timeoutMs: number;
  /** Sagas: each done step leaves a pending flag until the saga ends (the countermeasure to dirty reads). */
  readonly semanticLock: boolean;
  /** Money moved by each transfer. */
  readonly amount: number;
  /** send-before-log: the time between sending the decision and making it durable. */
  readonly flushMs: number;
  readonly bug: PlantedBug | null;
}

export function defaultCommitConfig(overrides: Partial<CommitConfig> = {}): CommitConfig {
  return {
    protocol: '2pc',
    sagaStyle: 'orchestrated',
    participantCount: 3,
    seed: 1,
    latencyMsMin: 10,
    latencyMsMax: 30,
    timeoutMs: 200,
    semanticLock: false,
    amount: 10,
    flushMs: 5,
    bug: null,
    ...overrides,
  };
}

export function validateCommitConfig(config: CommitConfig): string[] {
  const problems: string[] = [];
  if (!(PROTOCOLS as readonly string[]).includes(config.protocol)) problems.push(`protocol must be one of ${PROTOCOLS.join(', ')}`);
  if (!(SAGA_STYLES as readonly string[]).includes(config.sagaStyle)) problems.push(`saga must be one of ${SAGA_STYLES.join(', ')}`);
  if (!Number.isInteger(config.participantCount) || config.participantCount < MIN_PARTICIPANTS || config.participantCount > MAX_PARTICIPANTS) {
    problems.push(`participants must be from ${MIN_PARTICIPANTS} to ${MAX_PARTICIPANTS}`);
  }
  if (!Number.isInteger(config.seed) || config.seed < 0 || config.seed > 0xffffffff) problems.push('seed must be a whole number from 0 to 4294967295');
  if (!(config.latencyMsMin >= 1 && config.latencyMsMax >= config.latencyMsMin)) problems.push('latency must be at least 1 ms and its range must not end before it starts');
  // A timeout shorter than a round trip would make every node give up on answers already on their way.
  if (!(config.timeoutMs > 2 * config.latencyMsMax)) problems.push(`timeout (${config.timeoutMs} ms) must be longer than a round trip (2 × ${config.latencyMsMax} ms)`);
  if (!(Number.isInteger(config.amount) && config.amount >= 1 && config.amount <= OPENING_BALANCE)) problems.push(`amount must be from 1 to ${OPENING_BALANCE}`);
  if (config.bug !== null && config.protocol !== BUG_PROTOCOL[config.bug]) problems.push(`bug=${config.bug} is planted in ${BUG_PROTOCOL[config.bug]}`);
  if (config.semanticLock && config.protocol !== 'saga') problems.push('semantic-lock is a saga countermeasure (2pc and 3pc hold real locks)');
  return problems;
}

export function participantIds(count: number): ParticipantId[] {
  return Array.from({ length: count }, (_, index) => `p${index + 1}` as ParticipantId);
}

export function isParticipantId(id: string): id is ParticipantId {
  return /^p[1-9]$/.test(id);
}

// ——— Messages ———

/** A 3PC participant's answer to a termination round. */
export type ReportedState = 'unknown' | 'prepared' | 'precommitted' | 'committed' | 'aborted';

export type CommitMessage =
  /** 2PC PREPARE / 3PC CanCommit?: carries the participant's part of the transfer. */
  | { readonly type: 'prepare'; readonly txn: TxnId }
  | { readonly type: 'vote'; readonly txn: TxnId; readonly yes: boolean }
  | { readonly type: 'precommit'; readonly txn: TxnId }
  | { readonly type: 'precommit-ack'; readonly txn: TxnId }
  /** COMMIT or ABORT, from the coordinator or (3PC termination, 2PC cooperative termination) a participant. */
  | { readonly type: 'decision'; readonly txn: TxnId; readonly commit: boolean }
  | { readonly type: 'ack'; readonly txn: TxnId }
  /** 2PC: an in-doubt participant asks the coordinator and its peers what was decided. */
  | { readonly type: 'decision-request'; readonly txn: TxnId }
  /** 3PC termination protocol: the backup coordinator asks "what state are you in?" */
  | { readonly type: 'state-request'; readonly txn: TxnId }
  | { readonly type: 'state-reply'; readonly txn: TxnId; readonly state: ReportedState }
  /** Orchestrated saga: run (or compensate) your step; replies say how it went. */
  | { readonly type: 'do-step'; readonly txn: TxnId }
  | { readonly type: 'step-result'; readonly txn: TxnId; readonly ok: boolean }
  | { readonly type: 'compensate'; readonly txn: TxnId }
  | { readonly type: 'compensated'; readonly txn: TxnId }
  /** Sagas: the run is over, drop the pending flags (semantic lock). */
  | { readonly type: 'finish'; readonly txn: TxnId }
  | { readonly type: 'finish-ack'; readonly txn: TxnId }
  /** Choreographed saga: "the steps before you are done, do yours" (go) or "undo yours" (undo), re-sent until acknowledged. */
  | { readonly type: 'event'; readonly txn: TxnId; readonly event: 'go' | 'undo' }
  | { readonly type: 'event-ack'; readonly txn: TxnId; readonly event: 'go' | 'undo' };

export type CommitMessageType = CommitMessage['type'];

// ——— Logs ———

/** A durable log record: it survives a crash; everything else in a node is volatile. */
export interface LogRecord {
  readonly txn: TxnId;
  /** What the record says: `commit`, `abort`, `prepared`, `precommit`, `done`, `failed`, `compensated`, `start`, `step p1 done`, `end`… */
  readonly entry: string;
}

// ——— Commands ———

export type CommitCommand =
  /** Begin a transfer touching every participant. */
  | { readonly type: 'txn'; readonly txn: TxnId }
  /** `participant` will vote no in `txn` (or, in a saga, its step fails); txn null: in every later transaction. */
  | { readonly type: 'vote'; readonly participant: ParticipantId; readonly yes: boolean; readonly txn: TxnId | null }
  /** The next message from `from` to `to` sent (or in flight now) is lost. */
  | { readonly type: 'drop-next'; readonly from: NodeId; readonly to: NodeId }
  /** A concurrent reader sums every balance. */
  | { readonly type: 'read'; readonly reader: string }
  | NetworkCommand<NodeId, NodeId>;

export function assertNever(value: never): never {
  throw new Error(`unexpected ${JSON.stringify(value)}`);
}
