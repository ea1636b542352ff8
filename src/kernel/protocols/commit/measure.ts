// What a run is judged by, computed from the nodes' logs apart from the protocol code: each
// transaction's outcome, whether atomicity held, a participant's displayed state, and the
// checkers (atomicity, saga completion, no needless blocking, the reader's anomaly detector).

import { lastRecord, type CoordinatorState, type ParticipantState } from './protocol.ts';
import { COORDINATOR, OPENING_BALANCE, type NodeId, type ParticipantId, type Protocol, type TxnId } from './types.ts';

export const TXN_OUTCOMES = ['running', 'committed', 'aborted', 'blocked', 'in-doubt', 'compensated', 'split'] as const;
/**
 * `in-doubt`: a participant voted yes and has not learned the decision yet (within its timeout);
 * `blocked`: past its timeout it still cannot learn it (the coordinator is down or cut off and no
 * peer knows); `split`: some participants committed and others aborted — atomicity broken.
 */
export type TxnOutcome = (typeof TXN_OUTCOMES)[number];

export const PARTICIPANT_STATES = ['idle', 'working', 'prepared', 'precommitted', 'committed', 'aborted', 'done', 'compensated', 'failed'] as const;
export type ParticipantDisplayState = (typeof PARTICIPANT_STATES)[number];

/** A participant's durable phase in one transaction, read from its log (null: it never heard of it). */
export type DurablePhase = 'prepared' | 'precommitted' | 'committed' | 'aborted' | 'done' | 'failed' | 'compensated' | null;

export function durablePhase(participant: ParticipantState, txn: TxnId): DurablePhase {
  switch (lastRecord(participant.log, txn)) {
    case 'prepared':
      return 'prepared';
    case 'precommit':
      return 'precommitted';
    case 'commit':
      return 'committed';
    case 'abort':
      return 'aborted';
    case 'done':
      return 'done';
    case 'failed':
      return 'failed';
    case 'compensated':
      return 'compensated';
    default:
      return null;
  }
}

export interface ParticipantObservation {
  readonly phase: DurablePhase;
  /** Alive, uncertain, and already past its timeout without learning the decision. */
  readonly blocked: boolean;
}

/** A transaction's outcome from what its participants hold (the coordinator's word is not taken for it). */
export function outcomeOf(protocol: Protocol, observations: readonly ParticipantObservation[], began: boolean, coordinatorEnd: string | undefined, coordinatorAborted = false): TxnOutcome {
  if (!began) return 'aborted';
  const count = (phase: DurablePhase) => observations.filter((observation) => observation.phase === phase).length;
  if (protocol === 'saga') {
    const done = count('done');
    const undone = count('failed') + count('compensated');
    // The orchestrator (or initiator) logged an end the services contradict: the saga broke.
    if (coordinatorEnd === 'end committed' && undone > 0) return 'split';
    if (coordinatorEnd === 'end compensated' && done > 0) return 'split';
    if (done === observations.length) return 'committed';
    if (undone > 0 && done === 0) return 'compensated';
    return 'running';
  }
  const committed = count('committed');
  const aborted = count('aborted');
  const uncertain = observations.filter((observation) => observation.phase === 'prepared' || observation.phase === 'precommitted');
  if (committed > 0 && aborted > 0) return 'split';
  if (uncertain.length > 0) return uncertain.some((observation) => observation.blocked) ? 'blocked' : 'in-doubt';
  if (committed === observations.length) return 'committed';
  if (aborted > 0) return 'aborted';
  if (committed > 0) return 'in-doubt';
  // Nobody voted, and the coordinator aborted it (or restarted without a record: presumed abort).
  return coordinatorAborted ? 'aborted' : 'running';
}

export function isFinal(outcome: TxnOutcome): boolean {
  return outcome === 'committed' || outcome === 'aborted' || outcome === 'compensated' || outcome === 'split';
}

// ——— Checkers ———

export interface Violation {
  readonly checker: 'atomicity' | 'saga-completion' | 'needless-blocking' | 'anomaly';
  readonly txn: TxnId;
  readonly explanation: string;
}

/**
 * Atomicity: for every transaction, no participant committed (or finished its saga step) while
 * another aborted (or compensated) — judged on the durable logs alone.
 */
export function checkAtomicity(protocol: Protocol, txns: readonly TxnId[], participants: readonly ParticipantState[], coordinator: CoordinatorState): Violation[] {
  const found: Violation[] = [];
  for (const txn of txns) {
    const phases = participants.map((participant) => ({ id: participant.id, phase: durablePhase(participant, txn) }));
    const end = coordinator.log.find((record) => record.txn === txn && record.entry.startsWith('end '))?.entry;
    const outcome = outcomeOf(protocol, phases.map(({ phase }) => ({ phase, blocked: false })), true, end);
    if (outcome !== 'split') continue;
    const said = phases.map(({ id, phase }) => `${id} ${phase ?? 'never voted'}`).join(', ');
    found.push({ checker: 'atomicity', txn, explanation: protocol === 'saga' ? `${txn}: the saga log says "${end}" but ${said}` : `${txn}: participants decided differently: ${said}` });
  }
  return found;
}

/**
 * Saga completion, at the end of a run where every service is up and the network whole: each saga
 * either did every step or compensated every step it did (none left half-done).
 */
export function checkSagaCompletion(txns: readonly TxnId[], participants: readonly ParticipantState[]): Violation[] {
  const found: Violation[] = [];
  for (const txn of txns) {
    const phases = participants.map((participant) => durablePhase(participant, txn));
    const allDone = phases.every((phase) => phase === 'done');
    const allUndone = phases.every((phase) => phase !== 'done');
    if (!allDone && !allUndone) {
      found.push({ checker: 'saga-completion', txn, explanation: `${txn} is half-done: ${participants.map((participant, index) => `${participant.id} ${phases[index] ?? 'not run'}`).join(', ')}` });
    }
  }
  return found;
}

/**
 * No needless blocking (2PC and 3PC), at the end of a run where every node is up and the network
 * whole and every timeout has had time to fire: no participant still holds locks without a
 * decision — once the coordinator is back, everyone learns the outcome.
 */
export function checkNoNeedlessBlocking(txns: readonly TxnId[], participants: readonly ParticipantState[]): Violation[] {
  const found: Violation[] = [];
  for (const txn of txns) {
    for (const participant of participants) {
      const phase = durablePhase(participant, txn);
      if (phase === 'prepared' || phase === 'precommitted') {
        found.push({ checker: 'needless-blocking', txn, explanation: `${participant.id} is still ${phase} in ${txn} although every node is up and the network is whole` });
      }
    }
  }
  return found;
}

export interface ReadResult {
  readonly balances: readonly { readonly id: ParticipantId; readonly balance: number }[];
  readonly total: number;
  readonly expectedTotal: number;
  readonly anomaly: boolean;
}

/** The reader's anomaly detector: a transfer never creates or destroys money, so any other total is an intermediate (or broken) state. */
export function judgeRead(balances: readonly { readonly id: ParticipantId; readonly balance: number }[]): ReadResult {
  const total = balances.reduce((sum, entry) => sum + entry.balance, 0);
  const expectedTotal = balances.length * OPENING_BALANCE;
  return { balances, total, expectedTotal, anomaly: total !== expectedTotal };
}

/** Every node id in display order. */
export function nodeOrder(participants: readonly ParticipantId[]): NodeId[] {
  return [COORDINATOR, ...participants];
}
