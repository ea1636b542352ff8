// A transactions run = simulation + history (seek, fork), the measures every run reports, and the
// plain-data frame a view or a JSON line draws from it — with a sentence for every state a learner
// could misread.

import { History } from '../../history.ts';
import { locksHeld, type CoordinatorPhase, type ParticipantState } from './protocol.ts';
import { TXN_OUTCOMES, type ParticipantDisplayState, type ReadResult, type TxnOutcome, type Violation } from './measure.ts';
import { CommitSimulation, type CommitSnapshot, type CommitTraceEvent, type TxnRecord } from './simulation.ts';
import { COORDINATOR, type CommitCommand, type CommitConfig, type CommitMessage, type NodeId, type ParticipantId, type TxnId } from './types.ts';

export type CommitHistory = History<CommitCommand, CommitSnapshot, CommitTraceEvent>;

export interface CommitRun {
  readonly config: CommitConfig;
  readonly simulation: CommitSimulation;
  readonly history: CommitHistory;
}

/** Virtual time between checkpoints: a backwards seek re-runs at most this much. */
export const CHECKPOINT_INTERVAL_MS = 500;

export function createCommitRun(config: CommitConfig): CommitRun {
  const simulation = new CommitSimulation(config);
  const history = new History(simulation, { checkpointIntervalMs: CHECKPOINT_INTERVAL_MS });
  return { config, simulation, history };
}

export interface CommitMeasures {
  readonly outcomes: Readonly<Record<TxnOutcome, number>>;
  /** No transaction split (participants disagreeing about its outcome). */
  readonly atomic: boolean;
  /** Summed over participants: time holding locks (2PC/3PC) or pending flags (sagas). */
  readonly lockHeldMs: number;
  /** Summed over participants: time in doubt past the timeout, unable to decide, locks held. */
  readonly blockedMs: number;
  readonly committed: number;
  /** Committed transactions per second of virtual time, from the first begin to the last outcome (null before any). */
  readonly throughputPerSecond: number | null;
  readonly reads: number;
  readonly anomalies: number;
  readonly messages: number;
}

export function measureRun(simulation: CommitSimulation): CommitMeasures {
  const outcomes = Object.fromEntries(TXN_OUTCOMES.map((outcome) => [outcome, 0])) as Record<TxnOutcome, number>;
  for (const txn of simulation.txns) outcomes[txn.outcome] += 1;
  const decided = simulation.txns.filter((txn) => txn.decidedMs !== null);
  const first = Math.min(...simulation.txns.map((txn) => txn.beganMs));
  const last = Math.max(...decided.map((txn) => txn.decidedMs!));
  const spanMs = decided.length > 0 ? last - first : 0;
  const completedReads = simulation.reads.filter((read) => read.result !== null);
  return {
    outcomes,
    atomic: outcomes.split === 0,
    lockHeldMs: simulation.participantIds.reduce((sum, id) => sum + simulation.lockHeldMs(id), 0),
    blockedMs: simulation.participantIds.reduce((sum, id) => sum + simulation.blockedMs(id), 0),
    committed: outcomes.committed,
    throughputPerSecond: decided.length > 0 && spanMs > 0 ? Math.round((outcomes.committed * 1000 * 100) / spanMs) / 100 : null,
    reads: simulation.reads.length,
    anomalies: completedReads.filter((read) => read.result!.anomaly).length,
    messages: simulation.messagesSent,
  };
}

export interface LogLine {
  readonly txn: TxnId;
  readonly entry: string;
}

export interface CoordinatorView {
  readonly id: typeof COORDINATOR;
  readonly alive: boolean;
  readonly partition: number;
  /** What the page calls it: coordinator, orchestrator, or initiator (choreographed sagas have no coordinator). */
  readonly role: string;
  /** One word for the newest transaction: collecting votes, committing, …; `down` while crashed. */
  readonly state: string;
  readonly log: readonly LogLine[];
  /** send-before-log: decisions sent and not yet on disk. */
  readonly unflushed: readonly LogLine[];
  readonly sentence: string;
}

export interface ParticipantView {
  readonly id: ParticipantId;
  readonly alive: boolean;
  readonly partition: number;
  readonly state: ParticipantDisplayState;
  /** The transaction `state` is about. */
  readonly txn: TxnId | null;
  readonly txns: Readonly<Record<TxnId, ParticipantDisplayState>>;
  readonly locks: readonly TxnId[];
  readonly blocked: boolean;
  readonly balance: number;
  readonly log: readonly LogLine[];
  readonly lockHeldMs: number;
  readonly blockedMs: number;
  /**
   * 3PC's termination protocol for the transaction shown: `backup` while this participant is the
   * elected backup coordinator, `follows` the backup it waits for, `suspects` whom it judged failed,
   * `recovered` when it came back uncertain and may only ask.
   */
  readonly termination: { readonly backup: boolean; readonly follows: ParticipantId | null; readonly suspects: readonly NodeId[]; readonly recovered: boolean; readonly rule: string | null; readonly decidedBy: string | null };
  readonly sentence: string;
}

export interface MessageView {
  readonly id: number;
  readonly from: NodeId;
  readonly to: NodeId;
  readonly type: CommitMessage['type'];
  /** The label drawn on the dot: PREPARE, YES, COMMIT, … */
  readonly label: string;
  readonly txn: TxnId;
  readonly sentAtMs: number;
  readonly deliverAtMs: number;
}

export interface ReadView {
  readonly reader: string;
  readonly requestedMs: number;
  readonly completedMs: number | null;
  readonly waitingFor: readonly string[];
  readonly result: ReadResult | null;
}

export interface CommitFrame {
  readonly seed: number;
  readonly protocol: CommitConfig['protocol'];
  readonly sagaStyle: CommitConfig['sagaStyle'];
  readonly semanticLock: boolean;
  readonly bug: CommitConfig['bug'];
  readonly timeoutMs: number;
  readonly nowMs: number;
  readonly headMs: number;
  readonly coordinator: CoordinatorView;
  readonly participants: readonly ParticipantView[];
  readonly messages: readonly MessageView[];
  readonly groups: readonly (readonly string[])[];
  readonly cuts: readonly (readonly [string, string])[];
  readonly transactions: readonly TxnRecord[];
  readonly reads: readonly ReadView[];
  readonly violations: readonly Violation[];
  readonly measures: CommitMeasures;
}

const MESSAGE_LABELS: Record<CommitMessage['type'], string> = {
  prepare: 'PREPARE',
  vote: 'VOTE',
  precommit: 'PRE-COMMIT',
  'precommit-ack': 'ACK',
  decision: 'DECISION',
  ack: 'ACK',
  'decision-request': 'DECIDED?',
  'state-request': 'STATE?',
  'state-reply': 'STATE',
  'do-step': 'DO STEP',
  'step-result': 'RESULT',
  compensate: 'COMPENSATE',
  compensated: 'UNDONE',
  finish: 'FINISH',
  'finish-ack': 'ACK',
  event: 'EVENT',
  'event-ack': 'ACK',
};

export function messageLabel(message: CommitMessage): string {
  switch (message.type) {
    case 'vote':
      return message.yes ? 'YES' : 'NO';
    case 'decision':
      return message.commit ? 'COMMIT' : 'ABORT';
    case 'step-result':
      return message.ok ? 'DONE' : 'FAILED';
    case 'state-reply':
      return message.state.toUpperCase();
    case 'event':
      return message.event === 'go' ? 'DONE →' : '← UNDO';
    default:
      return MESSAGE_LABELS[message.type];
  }
}

export function commitFrame(run: CommitRun): CommitFrame {
  const { simulation, history, config } = run;
  const coordinator = simulation.coordinator;
  const newest = simulation.txns.at(-1);
  const coordinatorPhase = newest ? coordinator.txns[newest.id]?.phase : undefined;
  const coordinatorAlive = simulation.isAlive(COORDINATOR);
  const role = config.protocol !== 'saga' ? 'coordinator' : config.sagaStyle === 'orchestrated' ? 'orchestrator' : 'initiator';
  return {
    seed: config.seed,
    protocol: config.protocol,
    sagaStyle: config.sagaStyle,
    semanticLock: config.semanticLock,
    bug: config.bug,
    timeoutMs: config.timeoutMs,
    nowMs: simulation.nowMs,
    headMs: history.headMs,
    coordinator: {
      id: COORDINATOR,
      alive: coordinatorAlive,
      partition: simulation.network.groupIndexOf(COORDINATOR),
      role,
      state: coordinatorAlive ? coordinatorWord(coordinatorPhase, newest) : 'down',
      log: coordinator.log,
      unflushed: coordinator.unflushed,
      sentence: coordinatorSentence(run, coordinatorPhase, newest, role),
    },
    participants: simulation.participantIds.map((id) => {
      const state = simulation.participant(id);
      const shown = simulation.displayState(id);
      const blocked = simulation.isBlocked(id);
      const view = {
        id,
        alive: simulation.isAlive(id),
        partition: simulation.network.groupIndexOf(id),
        state: shown.state,
        txn: shown.txn,
        txns: Object.fromEntries(simulation.txns.map((txn) => [txn.id, simulation.phaseIn(state, txn.id)])),
        locks: locksHeld(state),
        blocked,
        balance: state.balance,
        log: state.log,
        lockHeldMs: simulation.lockHeldMs(id),
        blockedMs: simulation.blockedMs(id),
        termination: terminationView(state, shown.txn),
      };
      return { ...view, sentence: participantSentence(run, view) };
    }),
    messages: [...simulation.messagesInFlight()].map((message) => ({
      id: message.id,
      from: message.from as NodeId,
      to: message.to as NodeId,
      type: message.message.type,
      label: messageLabel(message.message),
      txn: message.message.txn,
      sentAtMs: message.sentAtMs,
      deliverAtMs: message.deliverAtMs,
    })),
    groups: simulation.network.getGroups(),
    cuts: simulation.network.getCuts(),
    transactions: simulation.txns,
    reads: simulation.reads,
    violations: simulation.violations,
    measures: measureRun(simulation),
  };
}

function terminationView(state: ParticipantState, txn: TxnId | null): ParticipantView['termination'] {
  const record = txn === null ? undefined : state.txns[txn];
  if (!record) return { backup: false, follows: null, suspects: [], recovered: false, rule: null, decidedBy: null };
  const isBackup = record.backup === state.id && record.termination !== null;
  const rule = isBackup && record.termination!.stage === 'precommit' ? 'TR4' : null;
  const uncertain = record.phase === 'prepared' || record.phase === 'precommitted';
  return { backup: isBackup && uncertain, follows: uncertain && record.backup !== null && record.backup !== state.id ? record.backup : null, suspects: record.suspects, recovered: uncertain && record.recovered, rule, decidedBy: record.decidedBy };
}

function listWords(words: readonly string[]): string {
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

function coordinatorWord(phase: CoordinatorPhase | undefined, newest: TxnRecord | undefined): string {
  if (!newest) return 'idle';
  switch (phase) {
    case 'collecting':
      return 'collecting votes';
    case 'precommitting':
      return 'pre-committing';
    case 'committing':
      return 'committing';
    case 'asking':
      return 'asking for the outcome';
    case 'forward':
      return 'running steps';
    case 'backward':
      return 'compensating';
    case 'finishing':
      return 'clearing flags';
    case 'started':
      return 'saga started';
    case 'done':
      return 'done';
    case undefined:
      return 'forgot (restarted)';
  }
}

function coordinatorSentence(run: CommitRun, phase: CoordinatorPhase | undefined, newest: TxnRecord | undefined, role: string): string {
  const { simulation, config } = run;
  const alive = simulation.isAlive(COORDINATOR);
  const waiting = simulation.participantIds.filter((id) => simulation.isBlocked(id));
  if (!alive) {
    if (config.protocol === '2pc' && waiting.length > 0) return `The coordinator is down. ${listWords(waiting)} voted yes and must wait for it: only its log knows the decision.`;
    if (config.protocol === '2pc') return 'The coordinator is down. Its log survives; a participant that voted yes will have to wait until it returns.';
    if (config.protocol === '3pc') return 'The coordinator is down. 3PC participants do not wait for it: after a timeout they run the termination protocol among themselves.';
    return `The ${role} is down. Its saga log survives: on restart it resumes each saga where the log says it stood.`;
  }
  if (!newest) return `The ${role} waits for a transfer. Every account opens at 100; a transfer moves ${config.amount} from p1 to p${config.participantCount}.`;
  if (newest.outcome === 'split' && config.protocol === '3pc') return splitSentence(run, newest.id);
  if (config.bug === 'send-before-log' && simulation.coordinator.unflushed.length > 0) return `Planted bug: the coordinator has sent COMMIT for ${simulation.coordinator.unflushed.map((entry) => entry.txn).join(', ')} but not yet written it to its log — a crash now loses the decision.`;
  switch (phase) {
    case 'collecting':
      return `Phase 1: the coordinator asked every participant to prepare ${newest.id} and counts the votes; one NO, or a missing vote at the timeout, aborts.`;
    case 'precommitting':
      return `Every participant voted yes. 3PC adds a round: PRE-COMMIT tells everyone the decision will be commit before anyone commits.`;
    case 'committing':
      return `The decision COMMIT is in the coordinator's log (the moment of commit); it re-sends it until every participant acknowledges.`;
    case 'asking':
      return `The coordinator restarted with no decision for ${newest.id} on disk. In 3PC it may not decide alone — a backup coordinator may have terminated ${newest.id} while it was down — so it asks the participants until one tells it.`;
    case 'forward':
      return `The orchestrator runs the saga's steps one after another; each step commits locally at once — no locks are held across services.`;
    case 'backward':
      return `A step failed: the orchestrator runs the compensations of the steps already done, in reverse order.`;
    case 'finishing':
      return `The saga is done; the orchestrator clears the pending flags (the semantic lock) so readers may count the balances.`;
    case 'started':
      return `Choreography: the initiator sent the first event; each service reacts to the previous one's event — no one directs the saga.`;
    case 'done':
      return `${newest.id} is ${newest.outcome}.`;
    case undefined:
      return config.protocol === '2pc'
        ? `The coordinator restarted and rebuilt what its log holds; with no commit record for a transaction it answers "abort" (presumed abort).`
        : `The ${role} restarted from its log.`;
  }
}

/** Why 3PC split: the two sides of a partition each terminated with the states they could see. */
export function splitSentence(run: CommitRun, txn: TxnId): string {
  const { simulation } = run;
  const committed = simulation.participantIds.filter((id) => simulation.phaseIn(simulation.participant(id), txn) === 'committed');
  const aborted = simulation.participantIds.filter((id) => simulation.phaseIn(simulation.participant(id), txn) === 'aborted');
  const backups = aborted.filter((id) => simulation.participant(id).txns[txn]?.backup === id);
  const who = backups.length > 0 ? `${listWords(backups)}, elected backup coordinator on the other side,` : 'the other side';
  return `${txn} SPLIT: ${listWords(committed)} committed on the coordinator's side while ${who} could reach only uncertain participants, so ${listWords(aborted)} aborted (rule TR3). 3PC assumes a node that stays silent has crashed; a partition breaks that assumption, and no timeout can tell the two apart.`;
}

/** 3PC's termination protocol in words: the backup, its followers, a recovered participant. */
function threePhaseSentence(view: Omit<ParticipantView, 'sentence'>): string | null {
  const { id, txn, termination } = view;
  const failed = `${id} judged ${termination.suspects.length > 0 ? listWords(termination.suspects.map((suspect) => (suspect === COORDINATOR ? 'the coordinator' : suspect))) : 'the coordinator'} failed`;
  if (termination.recovered) {
    return `${id} crashed while uncertain and came back: it takes no part in the termination protocol (the others may have decided ${txn} without it) and asks for the outcome, holding its locks${view.blocked ? ' — blocked until someone who knows answers' : ''}.`;
  }
  if (termination.backup && termination.rule === 'TR4') {
    return `${id} is the backup coordinator. It saw a precommitted state (rule TR4), so it first sends PRE-COMMIT to the uncertain participants and commits once they acknowledge — if it crashes now, the next backup still sees a precommitted state.`;
  }
  if (termination.backup) {
    return `${failed}. ${id} is the lowest participant not judged failed, so it is the backup coordinator: it asks every participant for its state, then decides by the termination rules (any aborted → abort, any committed → commit, any precommitted → commit, all uncertain → abort).`;
  }
  if (termination.follows) {
    return `${failed} and follows ${termination.follows}, the elected backup coordinator (the lowest participant not judged failed). It waits for ${termination.follows}'s decision, holding its locks; if ${termination.follows} goes silent it elects the next one.`;
  }
  return null;
}

function participantSentence(run: CommitRun, view: Omit<ParticipantView, 'sentence'>): string {
  const { config, simulation } = run;
  const { id, state, txn } = view;
  if (!view.alive) return `${id} is down. Its log and its account survive on disk${view.locks.length > 0 ? `; its locks for ${view.locks.join(', ')} stay held until it returns and learns the outcome` : ''}.`;
  const coordinatorDown = !simulation.isAlive(COORDINATOR);
  switch (state) {
    case 'idle':
      return `${id} holds ${view.balance}. No transfer yet.`;
    case 'working':
      return config.protocol === 'saga' ? `${id}'s step in ${txn} has not run yet.` : `${id} is doing its part of ${txn} and has not voted yet: it may still abort on its own.`;
    case 'prepared':
    case 'precommitted':
      if (config.protocol === '3pc') {
        const words = threePhaseSentence(view);
        if (words) return words;
      }
      if (state === 'precommitted') return `${id} received PRE-COMMIT for ${txn}: everyone voted yes. If the coordinator goes silent, the termination protocol will commit.`;
      if (view.blocked && config.protocol === '2pc') {
        return `${id} voted yes and is blocked: it cannot commit or abort until the coordinator returns${coordinatorDown ? '' : ' or becomes reachable'} (or a peer tells it the outcome). Its locks stay held.`;
      }
      return `${id} voted yes for ${txn}: it holds its locks and waits for the decision; it may no longer abort on its own.`;
    case 'committed':
      return `${id} committed ${txn} and released its locks. Balance ${view.balance}.`;
    case 'aborted':
      return config.protocol === 'saga' ? `${id}'s step in ${txn} never ran: the saga stopped before it.` : `${id} aborted ${txn} and released its locks. Balance ${view.balance}.`;
    case 'done':
      return view.locks.includes(txn ?? '')
        ? `${id} did its step of ${txn} and committed it locally, flagged pending: readers wait until the saga ends.`
        : `${id} did its step of ${txn} and committed it locally: other transactions already see it. Balance ${view.balance}.`;
    case 'failed':
      return `${id}'s step in ${txn} failed (a business refusal, e.g. no funds): the saga must undo the steps before it.`;
    case 'compensated':
      return `${id} ran the compensation for ${txn}: its step is undone. Balance ${view.balance}.`;
  }
}
