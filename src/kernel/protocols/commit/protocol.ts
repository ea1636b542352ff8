// The three protocols as pure state machines (the etcd-io/raft style): a node's state and one input
// (a message, a timer, a begin, a recovery) in; its next state and the messages to send out. No
// clock, no I/O: the simulation (simulation.ts) and the exhaustive explorer (explore.ts) drive the
// very same functions, so what the model checker proves is about the code the page animates.
//
// 2PC is the textbook protocol with presumed abort and the cooperative termination protocol (an
// in-doubt participant asks the coordinator and its peers). 3PC is Skeen's, with timeouts and the
// termination protocol run by any participant that times out. Sagas are orchestrated (the
// coordinator runs steps in order and compensations in reverse) or choreographed (each service
// reacts to the previous one's event); every request is re-sent until answered and every step is
// idempotent.

import {
  COORDINATOR,
  assertNever,
  type CommitConfig,
  type CommitMessage,
  type LogRecord,
  type NodeId,
  type ParticipantId,
  type ReportedState,
  type TxnId,
} from './types.ts';

export type ParticipantPhase = 'prepared' | 'precommitted' | 'committed' | 'aborted' | 'done' | 'failed' | 'compensated';

/** A participant's volatile view of one transaction (rebuilt from its log after a crash). */
export interface ParticipantTxn {
  readonly phase: ParticipantPhase;
  /** 2PC: how many times it has asked for the decision (more than zero: it has waited past its timeout). */
  readonly inquiries: number;
  /** 3PC backup coordinator: the states gathered by the termination round it runs, or null. */
  readonly replies: Readonly<Record<string, ReportedState>> | null;
  /** 3PC: the nodes it has judged failed (timed out waiting for them): the coordinator, then failed backups. */
  readonly suspects: readonly NodeId[];
  /** 3PC: the backup coordinator it follows (itself when elected), or null while the coordinator is trusted. */
  readonly backup: ParticipantId | null;
  /** 3PC, while it is the backup: collecting states, or (rule TR4) waiting for PRE-COMMIT acks from `expected`. */
  readonly termination: { readonly stage: 'collect' | 'precommit'; readonly expected: readonly ParticipantId[]; readonly acks: readonly ParticipantId[] } | null;
  /** Choreographed saga: the event it re-sends until the receiver acknowledges it. */
  readonly outbox: { readonly to: NodeId; readonly event: 'go' | 'undo' } | null;
  /**
   * 3PC: it crashed while uncertain or precommitted and came back. Skeen's recovery rule: such a
   * participant takes no part in electing or terminating (while it was down the others may have
   * decided without it); it asks for the decision until someone who knows tells it.
   */
  readonly recovered: boolean;
  /** 3PC: the termination rule by which it decided as backup coordinator, or null. */
  readonly decidedBy: 'TR1' | 'TR2' | 'TR3' | 'TR4' | null;
}

/** `asking`: a 3PC coordinator restarted without a decision on disk; it asks the participants what the backup decided. */
export type CoordinatorPhase = 'collecting' | 'precommitting' | 'committing' | 'asking' | 'forward' | 'backward' | 'finishing' | 'started' | 'done';

export interface CoordinatorTxn {
  readonly phase: CoordinatorPhase;
  readonly votes: Readonly<Record<string, boolean>>;
  /** Who acknowledged the current round (precommit, commit, finish). */
  readonly acks: readonly ParticipantId[];
  /** null until decided. */
  readonly decision: boolean | null;
  /** Sagas: index of the participant whose step (or compensation) is under way. */
  readonly step: number;
  /** Choreographed saga: the first event was acknowledged. */
  readonly started: boolean;
}

/** What every node has: a durable log and data that survive a crash, timers that do not. */
interface NodeBase {
  readonly id: NodeId;
  readonly log: readonly LogRecord[];
  /** Timer key (`t1:votes`) → arming number; the simulation fires a timer only if it is still armed with that number. */
  readonly timers: Readonly<Record<string, number>>;
  readonly timerSeq: number;
}

export interface CoordinatorState extends NodeBase {
  readonly txns: Readonly<Record<TxnId, CoordinatorTxn>>;
  /** send-before-log: decisions sent but not yet on disk (lost by a crash). */
  readonly unflushed: readonly LogRecord[];
}

export interface ParticipantState extends NodeBase {
  readonly id: ParticipantId;
  /** Durable: the account this service owns. */
  readonly balance: number;
  /** Durable: saga steps whose effect is visible but flagged pending (semantic lock). */
  readonly pending: readonly TxnId[];
  readonly txns: Readonly<Record<TxnId, ParticipantTxn>>;
}

export type NodeInput =
  | { readonly kind: 'message'; readonly from: NodeId; readonly message: CommitMessage }
  | { readonly kind: 'timer'; readonly key: string }
  | { readonly kind: 'begin'; readonly txn: TxnId }
  | { readonly kind: 'recover' };

export interface Send {
  readonly to: NodeId;
  readonly message: CommitMessage;
}

export interface StepResult<State> {
  readonly state: State;
  readonly sends: readonly Send[];
}

/** What a node may know about its world: the config, the participants in order, the vote plan. */
export interface ProtocolContext {
  readonly config: CommitConfig;
  readonly participants: readonly ParticipantId[];
  /** Will `participant` vote yes in `txn` (saga: will its step succeed)? */
  votesYes(participant: ParticipantId, txn: TxnId): boolean;
}

export function initialCoordinator(): CoordinatorState {
  return { id: COORDINATOR, log: [], timers: {}, timerSeq: 0, txns: {}, unflushed: [] };
}

export function initialParticipant(id: ParticipantId, balance: number): ParticipantState {
  return { id, log: [], timers: {}, timerSeq: 0, balance, pending: [], txns: {} };
}

/** A crash keeps what is on disk and loses the rest. */
export function crashCoordinator(state: CoordinatorState): CoordinatorState {
  return { ...state, txns: {}, timers: {}, unflushed: [] };
}

export function crashParticipant(state: ParticipantState): ParticipantState {
  return { ...state, txns: {}, timers: {} };
}

/**
 * The delay a timer waits: a disk flush is quick; a 3PC participant following a backup coordinator
 * gives it time for its two rounds (states, then PRE-COMMIT) before suspecting it; everything else
 * waits for one timeout.
 */
export function timerDelayMs(config: CommitConfig, key: string): number {
  if (key.endsWith(':flush')) return config.flushMs;
  if (key.endsWith(':backup')) return 3 * config.timeoutMs;
  return config.timeoutMs;
}

export function timerKey(txn: TxnId, name: string): string {
  return `${txn}:${name}`;
}

export function splitTimerKey(key: string): { txn: TxnId; name: string } {
  const at = key.lastIndexOf(':');
  return { txn: key.slice(0, at), name: key.slice(at + 1) };
}

/** The money a participant's part of a transfer moves: the first pays, the last receives, the others record it. */
export function effectOf(ctx: ProtocolContext, participant: ParticipantId): number {
  const index = ctx.participants.indexOf(participant);
  if (index === 0) return -ctx.config.amount;
  if (index === ctx.participants.length - 1) return ctx.config.amount;
  return 0;
}

/** The last durable record a node holds about `txn`, or undefined. */
export function lastRecord(log: readonly LogRecord[], txn: TxnId): string | undefined {
  for (let index = log.length - 1; index >= 0; index--) if (log[index]!.txn === txn) return log[index]!.entry;
  return undefined;
}

export function hasRecord(log: readonly LogRecord[], txn: TxnId, entry: string): boolean {
  return log.some((record) => record.txn === txn && record.entry === entry);
}

/** Transactions a participant holds locks for: voted yes and no decision yet (2PC/3PC), or a pending saga flag. */
export function locksHeld(state: ParticipantState): TxnId[] {
  // One pass: the last record per transaction (a log grows with every transfer; this runs after every event).
  const last = new Map<TxnId, string>();
  for (const record of state.log) last.set(record.txn, record.entry);
  const held: TxnId[] = [];
  for (const [txn, entry] of last) if (entry === 'prepared' || entry === 'precommit') held.push(txn);
  for (const txn of state.pending) if (!held.includes(txn)) held.push(txn);
  return held;
}

// ——— Small builders: every handler copies on write ———

class Builder<State extends NodeBase> {
  sends: Send[] = [];
  constructor(public state: State) {}

  send(to: NodeId, message: CommitMessage): void {
    this.sends.push({ to, message });
  }

  log(txn: TxnId, entry: string): void {
    this.state = { ...this.state, log: [...this.state.log, { txn, entry }] };
  }

  arm(key: string): void {
    const timerSeq = this.state.timerSeq + 1;
    this.state = { ...this.state, timerSeq, timers: { ...this.state.timers, [key]: timerSeq } };
  }

  disarm(key: string): void {
    if (!(key in this.state.timers)) return;
    const timers = { ...this.state.timers };
    delete timers[key];
    this.state = { ...this.state, timers };
  }

  disarmAll(txn: TxnId): void {
    const prefix = `${txn}:`;
    if (!Object.keys(this.state.timers).some((key) => key.startsWith(prefix))) return;
    const timers: Record<string, number> = {};
    for (const [key, value] of Object.entries(this.state.timers)) if (!key.startsWith(prefix)) timers[key] = value;
    this.state = { ...this.state, timers };
  }

  result(): StepResult<State> {
    return { state: this.state, sends: this.sends };
  }
}

// ——— Coordinator ———

export function stepCoordinator(ctx: ProtocolContext, state: CoordinatorState, input: NodeInput): StepResult<CoordinatorState> {
  const b = new Builder(state);
  switch (ctx.config.protocol) {
    case '2pc':
    case '3pc':
      atomicCoordinator(ctx, b, input);
      break;
    case 'saga':
      if (ctx.config.sagaStyle === 'orchestrated') orchestrator(ctx, b, input);
      else initiator(ctx, b, input);
      break;
    default:
      assertNever(ctx.config.protocol);
  }
  return b.result();
}

function setTxn(b: Builder<CoordinatorState>, txn: TxnId, change: Partial<CoordinatorTxn>): void {
  const current = b.state.txns[txn] ?? { phase: 'done', votes: {}, acks: [], decision: null, step: 0, started: false };
  b.state = { ...b.state, txns: { ...b.state.txns, [txn]: { ...current, ...change } } };
}

function freshTxn(phase: CoordinatorPhase): CoordinatorTxn {
  return { phase, votes: {}, acks: [], decision: null, step: 0, started: false };
}

function broadcast(ctx: ProtocolContext, b: Builder<NodeBase>, message: CommitMessage, except?: NodeId): void {
  for (const participant of ctx.participants) if (participant !== except) b.send(participant, message);
}

/** 2PC and 3PC share the coordinator's first round (prepare, votes) and its commit round. */
function atomicCoordinator(ctx: ProtocolContext, b: Builder<CoordinatorState>, input: NodeInput): void {
  const threePhase = ctx.config.protocol === '3pc';
  if (input.kind === 'begin') {
    b.state = { ...b.state, txns: { ...b.state.txns, [input.txn]: freshTxn('collecting') } };
    broadcast(ctx, b, { type: 'prepare', txn: input.txn });
    b.arm(timerKey(input.txn, 'votes'));
    return;
  }
  if (input.kind === 'recover') {
    // Volatile state is gone; the log says what was decided. No record: presumed abort (2PC); in 3PC
    // the participants terminate on their own and tell the coordinator.
    const txns = new Set(b.state.log.map((record) => record.txn));
    for (const txn of txns) {
      const committed = hasRecord(b.state.log, txn, 'commit');
      const ended = hasRecord(b.state.log, txn, 'end') || hasRecord(b.state.log, txn, 'abort');
      if (committed && !ended) {
        setTxn(b, txn, { ...freshTxn('committing'), decision: true });
        broadcast(ctx, b, { type: 'decision', txn, commit: true });
        b.arm(timerKey(txn, 'acks'));
      } else if (threePhase && !committed && !ended) {
        // Skeen: a recovering coordinator may not decide alone — while it was down a backup
        // coordinator may have terminated the transaction either way. It asks until told.
        setTxn(b, txn, freshTxn('asking'));
        broadcast(ctx, b, { type: 'decision-request', txn });
        b.arm(timerKey(txn, 'ask'));
      }
    }
    return;
  }
  if (input.kind === 'timer') {
    const { txn, name } = splitTimerKey(input.key);
    b.disarm(input.key);
    const record = b.state.txns[txn];
    if (name === 'flush') {
      // The decision reaches the disk only now (send-before-log).
      const flushed = b.state.unflushed.filter((entry) => entry.txn === txn);
      b.state = { ...b.state, log: [...b.state.log, ...flushed], unflushed: b.state.unflushed.filter((entry) => entry.txn !== txn) };
      return;
    }
    if (!record) return;
    if (name === 'votes' && record.phase === 'collecting') return decideAtomic(ctx, b, txn, false);
    if (name === 'acks' && record.phase === 'precommitting') return decideAtomic(ctx, b, txn, true); // Skeen: a missing ack means a crashed participant; commit anyway.
    if (name === 'ask' && record.phase === 'asking') {
      broadcast(ctx, b, { type: 'decision-request', txn });
      b.arm(input.key);
      return;
    }
    if (name === 'acks' && record.phase === 'committing') {
      for (const participant of ctx.participants) if (!record.acks.includes(participant)) b.send(participant, { type: 'decision', txn, commit: true });
      b.arm(input.key);
    }
    return;
  }
  const { from, message } = input;
  const record = b.state.txns[message.txn];
  switch (message.type) {
    case 'vote': {
      if (!record) {
        // Forgotten by a crash: no commit record means abort (presumed abort).
        if (message.yes && !hasRecord(b.state.log, message.txn, 'commit')) b.send(from, { type: 'decision', txn: message.txn, commit: false });
        return;
      }
      if (record.phase !== 'collecting') {
        if (record.decision === false && message.yes) b.send(from, { type: 'decision', txn: message.txn, commit: false });
        return;
      }
      const votes = { ...record.votes, [from]: message.yes };
      setTxn(b, message.txn, { votes });
      if (!message.yes) return decideAtomic(ctx, b, message.txn, false);
      if (ctx.participants.every((participant) => votes[participant] === true)) {
        if (threePhase) {
          b.log(message.txn, 'precommit');
          setTxn(b, message.txn, { phase: 'precommitting', acks: [] });
          broadcast(ctx, b, { type: 'precommit', txn: message.txn });
          b.disarm(timerKey(message.txn, 'votes'));
          b.arm(timerKey(message.txn, 'acks'));
        } else decideAtomic(ctx, b, message.txn, true);
      }
      return;
    }
    case 'precommit-ack': {
      if (!record || record.phase !== 'precommitting' || record.acks.includes(from as ParticipantId)) return;
      const acks = [...record.acks, from as ParticipantId];
      setTxn(b, message.txn, { acks });
      if (acks.length === ctx.participants.length) decideAtomic(ctx, b, message.txn, true);
      return;
    }
    case 'ack': {
      if (!record || record.phase !== 'committing' || record.acks.includes(from as ParticipantId)) return;
      const acks = [...record.acks, from as ParticipantId];
      setTxn(b, message.txn, { acks });
      if (acks.length === ctx.participants.length) {
        b.log(message.txn, 'end');
        setTxn(b, message.txn, { phase: 'done' });
        b.disarmAll(message.txn);
      }
      return;
    }
    case 'decision-request': {
      // 2PC: answer from memory, else from the log; no record at all means abort (presumed abort).
      const decision = record?.decision ?? (hasRecord(b.state.log, message.txn, 'commit') ? true : record ? null : false);
      if (decision !== null) b.send(from, { type: 'decision', txn: message.txn, commit: decision });
      return;
    }
    case 'decision': {
      // 3PC: a participant's termination round decided while the coordinator was away.
      if (record?.decision != null || hasRecord(b.state.log, message.txn, 'commit') || hasRecord(b.state.log, message.txn, 'abort')) return;
      b.log(message.txn, message.commit ? 'commit' : 'abort');
      setTxn(b, message.txn, { phase: 'done', decision: message.commit });
      b.disarmAll(message.txn);
      return;
    }
    default:
      return;
  }
}

function decideAtomic(ctx: ProtocolContext, b: Builder<CoordinatorState>, txn: TxnId, commit: boolean): void {
  b.disarmAll(txn);
  if (!commit) {
    // Presumed abort (2PC): an abort needs no forced record, a missing record means abort. 3PC logs it.
    if (ctx.config.protocol === '3pc') b.log(txn, 'abort');
    setTxn(b, txn, { phase: 'done', decision: false });
    broadcast(ctx, b, { type: 'decision', txn, commit: false });
    return;
  }
  if (ctx.config.bug === 'send-before-log') {
    // The planted bug: the decision goes out before it is durable.
    b.state = { ...b.state, unflushed: [...b.state.unflushed, { txn, entry: 'commit' }] };
    b.arm(timerKey(txn, 'flush'));
  } else b.log(txn, 'commit');
  setTxn(b, txn, { phase: 'committing', decision: true, acks: [] });
  broadcast(ctx, b, { type: 'decision', txn, commit: true });
  b.arm(timerKey(txn, 'acks'));
}

/** Orchestrated saga: steps in participant order, compensations in reverse; every request re-sent until answered. */
function orchestrator(ctx: ProtocolContext, b: Builder<CoordinatorState>, input: NodeInput): void {
  const n = ctx.participants.length;
  const request = (txn: TxnId, record: CoordinatorTxn) => {
    const to = ctx.participants[record.step]!;
    if (record.phase === 'forward') b.send(to, { type: 'do-step', txn });
    else if (record.phase === 'backward') b.send(to, { type: 'compensate', txn });
    else if (record.phase === 'finishing') for (const participant of ctx.participants) if (!record.acks.includes(participant)) b.send(participant, { type: 'finish', txn });
    if (record.phase !== 'done') b.arm(timerKey(txn, 'step'));
  };
  const finish = (txn: TxnId, outcome: 'committed' | 'compensated') => {
    b.log(txn, `end ${outcome}`);
    const record = { ...b.state.txns[txn]!, phase: (outcome === 'committed' && ctx.config.semanticLock ? 'finishing' : 'done') as CoordinatorPhase, decision: outcome === 'committed', acks: [] };
    setTxn(b, txn, record);
    b.disarmAll(txn);
    request(txn, record);
  };
  if (input.kind === 'begin') {
    b.log(input.txn, 'start');
    const record = freshTxn('forward');
    setTxn(b, input.txn, record);
    request(input.txn, record);
    return;
  }
  if (input.kind === 'recover') {
    // The saga log says where each saga stood: resume it (steps are idempotent, so re-sending is safe).
    for (const txn of new Set(b.state.log.map((record) => record.txn))) {
      const record = orchestratorTxnFromLog(ctx, b.state.log, txn);
      setTxn(b, txn, record);
      request(txn, record);
    }
    return;
  }
  if (input.kind === 'timer') {
    const { txn } = splitTimerKey(input.key);
    b.disarm(input.key);
    const record = b.state.txns[txn];
    if (record && record.phase !== 'done') request(txn, record);
    return;
  }
  const { from, message } = input;
  const record = b.state.txns[message.txn];
  if (!record) return;
  const current = ctx.participants[record.step];
  switch (message.type) {
    case 'step-result': {
      if (record.phase !== 'forward' || from !== current) return;
      b.disarm(timerKey(message.txn, 'step'));
      if (message.ok) {
        b.log(message.txn, `step ${from} done`);
        if (record.step + 1 === n) return finish(message.txn, 'committed');
        const next = { ...record, step: record.step + 1 };
        setTxn(b, message.txn, next);
        return request(message.txn, next);
      }
      b.log(message.txn, `step ${from} failed`);
      if (record.step === 0) return finish(message.txn, 'compensated');
      const back = { ...record, phase: 'backward' as const, step: record.step - 1 };
      setTxn(b, message.txn, back);
      return request(message.txn, back);
    }
    case 'compensated': {
      if (record.phase !== 'backward' || from !== current) return;
      b.disarm(timerKey(message.txn, 'step'));
      b.log(message.txn, `compensated ${from}`);
      if (record.step === 0) return finish(message.txn, 'compensated');
      const back = { ...record, step: record.step - 1 };
      setTxn(b, message.txn, back);
      return request(message.txn, back);
    }
    case 'finish-ack':
      return finishAck(ctx, b, message.txn, from);
    default:
      return;
  }
}

function finishAck(ctx: ProtocolContext, b: Builder<CoordinatorState>, txn: TxnId, from: NodeId): void {
  const record = b.state.txns[txn];
  if (!record || record.phase !== 'finishing' || record.acks.includes(from as ParticipantId)) return;
  const acks = [...record.acks, from as ParticipantId];
  const done = acks.length === ctx.participants.length;
  setTxn(b, txn, { acks, phase: done ? 'done' : 'finishing' });
  if (done) b.disarmAll(txn);
}

/** Rebuild an orchestrated saga's progress from the saga log. */
export function orchestratorTxnFromLog(ctx: ProtocolContext, log: readonly LogRecord[], txn: TxnId): CoordinatorTxn {
  const entries = log.filter((record) => record.txn === txn).map((record) => record.entry);
  if (entries.includes('end committed')) return { ...freshTxn(ctx.config.semanticLock ? 'finishing' : 'done'), decision: true };
  if (entries.includes('end compensated')) return { ...freshTxn('done'), decision: false };
  const done = entries.filter((entry) => entry.endsWith(' done')).length;
  const failed = entries.some((entry) => entry.endsWith(' failed'));
  const compensated = entries.filter((entry) => entry.startsWith('compensated ')).length;
  if (!failed) return { ...freshTxn('forward'), step: done };
  return { ...freshTxn('backward'), step: done - 1 - compensated };
}

/** Choreographed saga: the coordinator only starts the saga and hears how it ended. */
function initiator(ctx: ProtocolContext, b: Builder<CoordinatorState>, input: NodeInput): void {
  const first = ctx.participants[0]!;
  if (input.kind === 'begin') {
    b.log(input.txn, 'start');
    setTxn(b, input.txn, freshTxn('started'));
    b.send(first, { type: 'event', txn: input.txn, event: 'go' });
    b.arm(timerKey(input.txn, 'event'));
    return;
  }
  if (input.kind === 'recover') {
    for (const txn of new Set(b.state.log.map((record) => record.txn))) {
      const ended = b.state.log.find((record) => record.txn === txn && record.entry.startsWith('end '));
      if (!ended) {
        // Not known to have started: send the first event again (the first service ignores a repeat).
        setTxn(b, txn, freshTxn('started'));
        b.send(first, { type: 'event', txn, event: 'go' });
        b.arm(timerKey(txn, 'event'));
      } else if (ended.entry === 'end committed' && ctx.config.semanticLock) {
        setTxn(b, txn, { ...freshTxn('finishing'), decision: true, started: true });
        broadcast(ctx, b, { type: 'finish', txn });
        b.arm(timerKey(txn, 'finish'));
      }
    }
    return;
  }
  if (input.kind === 'timer') {
    const { txn, name } = splitTimerKey(input.key);
    b.disarm(input.key);
    const record = b.state.txns[txn];
    if (!record) return;
    if (name === 'event' && record.phase === 'started' && !record.started) {
      b.send(first, { type: 'event', txn, event: 'go' });
      b.arm(input.key);
    } else if (name === 'finish' && record.phase === 'finishing') {
      for (const participant of ctx.participants) if (!record.acks.includes(participant)) b.send(participant, { type: 'finish', txn });
      b.arm(input.key);
    }
    return;
  }
  const { from, message } = input;
  switch (message.type) {
    case 'event-ack': {
      const record = b.state.txns[message.txn];
      if (record && !record.started) {
        setTxn(b, message.txn, { started: true });
        b.disarm(timerKey(message.txn, 'event'));
      }
      return;
    }
    case 'event': {
      // The last service's "go" means every step is done; the first service's "undo" means all are undone.
      b.send(from, { type: 'event-ack', txn: message.txn, event: message.event });
      if (b.state.log.some((record) => record.txn === message.txn && record.entry.startsWith('end '))) return;
      const committed = message.event === 'go';
      b.log(message.txn, committed ? 'end committed' : 'end compensated');
      b.disarmAll(message.txn);
      if (committed && ctx.config.semanticLock) {
        setTxn(b, message.txn, { phase: 'finishing', decision: true, started: true, acks: [] });
        broadcast(ctx, b, { type: 'finish', txn: message.txn });
        b.arm(timerKey(message.txn, 'finish'));
      } else setTxn(b, message.txn, { phase: 'done', decision: committed, started: true });
      return;
    }
    case 'finish-ack':
      return finishAck(ctx, b, message.txn, from);
    default:
      return;
  }
}

// ——— Participants ———

export function stepParticipant(ctx: ProtocolContext, state: ParticipantState, input: NodeInput): StepResult<ParticipantState> {
  const b = new Builder(state);
  if (input.kind === 'begin') return b.result();
  if (input.kind === 'recover') {
    recoverParticipant(ctx, b);
    return b.result();
  }
  switch (ctx.config.protocol) {
    case '2pc':
    case '3pc':
      atomicParticipant(ctx, b, input);
      break;
    case 'saga':
      sagaParticipant(ctx, b, input);
      break;
    default:
      assertNever(ctx.config.protocol);
  }
  return b.result();
}

function freshPart(phase: ParticipantPhase): ParticipantTxn {
  return { phase, inquiries: 0, replies: null, outbox: null, suspects: [], backup: null, termination: null, recovered: false, decidedBy: null };
}

function setPart(b: Builder<ParticipantState>, txn: TxnId, change: Partial<ParticipantTxn>): void {
  const current: ParticipantTxn = b.state.txns[txn] ?? freshPart('aborted');
  b.state = { ...b.state, txns: { ...b.state.txns, [txn]: { ...current, ...change } } };
}

function phaseFromRecord(entry: string | undefined): ParticipantPhase | null {
  switch (entry) {
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

function recoverParticipant(ctx: ProtocolContext, b: Builder<ParticipantState>): void {
  for (const txn of new Set(b.state.log.map((record) => record.txn))) {
    const last = lastRecord(b.state.log, txn);
    const phase = phaseFromRecord(last);
    if (!phase) continue;
    setPart(b, txn, { ...freshPart(phase), recovered: ctx.config.protocol === '3pc' && (phase === 'prepared' || phase === 'precommitted') });
    // In doubt after a restart: ask again after a timeout (2PC) or run the termination protocol (3PC).
    if (phase === 'prepared' || phase === 'precommitted') b.arm(timerKey(txn, 'decision'));
    if (ctx.config.protocol === 'saga' && ctx.config.sagaStyle === 'choreographed') {
      // The outbox is re-derived from the log: the event may or may not have been acknowledged, and receivers ignore repeats.
      const outbox = choreographyOutbox(ctx, b.state.id, phase);
      if (outbox) {
        setPart(b, txn, { outbox });
        b.send(outbox.to, { type: 'event', txn, event: outbox.event });
        b.arm(timerKey(txn, 'event'));
      }
    }
  }
}

function decide(ctx: ProtocolContext, b: Builder<ParticipantState>, txn: TxnId, commit: boolean): void {
  const phase = b.state.txns[txn]?.phase ?? phaseFromRecord(lastRecord(b.state.log, txn));
  // A decision is final: a participant never changes its mind.
  if (phase === 'committed' || phase === 'aborted') return;
  b.log(txn, commit ? 'commit' : 'abort');
  if (commit) b.state = { ...b.state, balance: b.state.balance + effectOf(ctx, b.state.id) };
  setPart(b, txn, { phase: commit ? 'committed' : 'aborted', replies: null, termination: null });
  b.disarmAll(txn);
}

function atomicParticipant(ctx: ProtocolContext, b: Builder<ParticipantState>, input: Exclude<NodeInput, { kind: 'begin' | 'recover' }>): void {
  const threePhase = ctx.config.protocol === '3pc';
  if (input.kind === 'timer') {
    const { txn, name } = splitTimerKey(input.key);
    b.disarm(input.key);
    const record = b.state.txns[txn];
    if (!record) return;
    if ((name === 'decision' || name === 'backup') && (record.phase === 'prepared' || record.phase === 'precommitted')) {
      if (threePhase && !record.recovered) electBackup(ctx, b, txn, record);
      else {
        // 2PC (and a recovered 3PC participant): it voted yes, so it cannot decide alone; it asks the coordinator and its peers, again and again.
        setPart(b, txn, { inquiries: record.inquiries + 1 });
        b.send(COORDINATOR, { type: 'decision-request', txn });
        broadcast(ctx, b, { type: 'decision-request', txn }, b.state.id);
        b.arm(input.key);
      }
    } else if (name === 'terminate' && record.termination && (record.phase === 'prepared' || record.phase === 'precommitted')) {
      if (record.termination.stage === 'collect') applyTerminationRules(ctx, b, txn, record);
      else backupDecides(ctx, b, txn, true); // Missing PRE-COMMIT acks: those participants are presumed crashed (Skeen), as the coordinator does.
    }
    return;
  }
  const { from, message } = input;
  const txn = message.txn;
  const record = b.state.txns[txn];
  switch (message.type) {
    case 'prepare': {
      if (record) {
        // A repeated PREPARE: repeat the vote.
        if (record.phase === 'prepared' || record.phase === 'aborted') b.send(from, { type: 'vote', txn, yes: record.phase === 'prepared' });
        return;
      }
      if (lastRecord(b.state.log, txn) !== undefined) return;
      // No-wait locking: a participant already locked by another transaction votes no.
      const free = locksHeld(b.state).length === 0;
      if (ctx.votesYes(b.state.id, txn) && free) {
        b.log(txn, 'prepared');
        setPart(b, txn, freshPart('prepared'));
        b.arm(timerKey(txn, 'decision'));
        b.send(from, { type: 'vote', txn, yes: true });
      } else {
        b.log(txn, 'abort');
        setPart(b, txn, freshPart('aborted'));
        b.send(from, { type: 'vote', txn, yes: false });
      }
      return;
    }
    case 'precommit': {
      if (record?.phase === 'prepared') {
        b.log(txn, 'precommit');
        setPart(b, txn, { phase: 'precommitted' });
        b.disarmAll(txn);
        b.arm(timerKey(txn, 'decision'));
      }
      if (b.state.txns[txn]?.phase === 'precommitted') b.send(from, { type: 'precommit-ack', txn });
      return;
    }
    case 'decision': {
      decide(ctx, b, txn, message.commit);
      const phase = b.state.txns[txn]?.phase;
      if (from === COORDINATOR && phase === 'committed') b.send(COORDINATOR, { type: 'ack', txn });
      return;
    }
    case 'decision-request': {
      // Cooperative termination: tell a peer what was decided; not having voted yet, abort unilaterally and say so.
      const phase = record?.phase ?? phaseFromRecord(lastRecord(b.state.log, txn));
      if (phase === null) {
        b.log(txn, 'abort');
        setPart(b, txn, freshPart('aborted'));
      }
      const known = b.state.txns[txn]?.phase ?? phase;
      if (known === 'committed' || known === 'aborted') b.send(from, { type: 'decision', txn, commit: known === 'committed' });
      return;
    }
    case 'state-request': {
      let phase = record?.phase ?? phaseFromRecord(lastRecord(b.state.log, txn));
      if (phase === null) {
        // It never voted: it may abort unilaterally.
        b.log(txn, 'abort');
        setPart(b, txn, freshPart('aborted'));
        phase = 'aborted';
      }
      // A recovered participant stays out of the termination protocol: its "uncertain" may be stale.
      if (record?.recovered && (phase === 'prepared' || phase === 'precommitted')) return;
      if (threePhase && record && (phase === 'prepared' || phase === 'precommitted') && from !== COORDINATOR) {
        // A backup coordinator was elected: follow it (a backup standing itself yields to a lower id),
        // and wait for its decision — suspecting it in turn if it falls silent.
        const requester = from as ParticipantId;
        const self = b.state.id;
        if (!record.termination || ctx.participants.indexOf(requester) < ctx.participants.indexOf(self)) {
          setPart(b, txn, { backup: requester, termination: null, replies: null });
          b.disarm(timerKey(txn, 'terminate'));
          b.disarm(timerKey(txn, 'decision'));
          b.arm(timerKey(txn, 'backup'));
        }
      }
      b.send(from, { type: 'state-reply', txn, state: reportedState(phase) });
      return;
    }
    case 'state-reply': {
      if (record?.replies && record.termination?.stage === 'collect') setPart(b, txn, { replies: { ...record.replies, [from]: message.state } });
      return;
    }
    case 'precommit-ack': {
      const termination = record?.termination;
      if (!termination || termination.stage !== 'precommit' || termination.acks.includes(from as ParticipantId)) return;
      const acks = [...termination.acks, from as ParticipantId];
      setPart(b, txn, { termination: { ...termination, acks } });
      if (termination.expected.every((id) => acks.includes(id))) backupDecides(ctx, b, txn, true);
      return;
    }
    default:
      return;
  }
}

/**
 * 3PC, a participant's timeout while uncertain or precommitted (Skeen 1981; Bernstein, Hadzilacos &
 * Goodman 1987, §7.5): it judges the node it was waiting for failed — the coordinator, or the backup it
 * followed — and elects as backup coordinator the lowest-numbered participant it has not judged failed.
 * Elected itself, it runs the termination protocol: STATE-REQ to every other participant. Otherwise it
 * waits for that backup's STATE-REQ and decision, and suspects it in turn if it stays silent.
 */
function electBackup(ctx: ProtocolContext, b: Builder<ParticipantState>, txn: TxnId, record: ParticipantTxn): void {
  const self = b.state.id;
  const waitedFor: NodeId = record.backup ?? COORDINATOR;
  const suspects = record.suspects.includes(waitedFor) || waitedFor === self ? record.suspects : [...record.suspects, waitedFor];
  // Never empty: a participant never suspects itself.
  const backup = ctx.participants.find((id) => !suspects.includes(id))!;
  if (backup !== self) {
    setPart(b, txn, { suspects, backup, termination: null, replies: null });
    b.arm(timerKey(txn, 'backup'));
    return;
  }
  setPart(b, txn, { suspects, backup, replies: { [self]: reportedState(record.phase) }, termination: { stage: 'collect', expected: [], acks: [] } });
  // Every other participant, suspected or not: one that answers is evidently up.
  broadcast(ctx, b, { type: 'state-request', txn }, self);
  b.arm(timerKey(txn, 'terminate'));
}

/**
 * The backup's termination rules over the states that reached it before its timeout:
 * TR1 some aborted → abort; TR2 some committed → commit; TR3 all uncertain → abort;
 * TR4 some precommitted (none committed) → first send PRE-COMMIT to the uncertain ones and wait for
 * their acks, then commit — so that if it crashes now, the next backup still finds a precommitted state.
 */
export function terminationRule(states: readonly ReportedState[]): 'TR1' | 'TR2' | 'TR3' | 'TR4' {
  if (states.includes('aborted')) return 'TR1';
  if (states.includes('committed')) return 'TR2';
  if (states.includes('precommitted')) return 'TR4';
  return 'TR3';
}

function applyTerminationRules(ctx: ProtocolContext, b: Builder<ParticipantState>, txn: TxnId, record: ParticipantTxn): void {
  const replies = record.replies ?? {};
  const rule = terminationRule(Object.values(replies));
  setPart(b, txn, { decidedBy: rule });
  if (rule === 'TR1' || rule === 'TR3') return backupDecides(ctx, b, txn, false);
  if (rule === 'TR2') return backupDecides(ctx, b, txn, true);
  // TR4. The planted bug skips the PRE-COMMIT round.
  if (ctx.config.bug === 'backup-skips-precommit') return backupDecides(ctx, b, txn, true);
  const self = b.state.id;
  if (record.phase === 'prepared') {
    b.log(txn, 'precommit');
    setPart(b, txn, { phase: 'precommitted' });
  }
  const expected = ctx.participants.filter((id) => id !== self && replies[id] === 'prepared');
  if (expected.length === 0) return backupDecides(ctx, b, txn, true);
  setPart(b, txn, { termination: { stage: 'precommit', expected, acks: [] } });
  for (const id of expected) b.send(id, { type: 'precommit', txn });
  b.arm(timerKey(txn, 'terminate'));
}

function backupDecides(ctx: ProtocolContext, b: Builder<ParticipantState>, txn: TxnId, commit: boolean): void {
  decide(ctx, b, txn, commit);
  b.send(COORDINATOR, { type: 'decision', txn, commit });
  broadcast(ctx, b, { type: 'decision', txn, commit }, b.state.id);
}

function reportedState(phase: ParticipantPhase): ReportedState {
  switch (phase) {
    case 'prepared':
    case 'precommitted':
    case 'committed':
    case 'aborted':
      return phase;
    default:
      return 'unknown';
  }
}

function choreographyOutbox(ctx: ProtocolContext, id: ParticipantId, phase: ParticipantPhase): ParticipantTxn['outbox'] {
  const index = ctx.participants.indexOf(id);
  const next: NodeId = ctx.participants[index + 1] ?? COORDINATOR;
  const previous: NodeId = ctx.participants[index - 1] ?? COORDINATOR;
  if (phase === 'done') return { to: next, event: 'go' };
  if (phase === 'failed' || phase === 'compensated') return { to: previous, event: 'undo' };
  return null;
}

function sagaParticipant(ctx: ProtocolContext, b: Builder<ParticipantState>, input: Exclude<NodeInput, { kind: 'begin' | 'recover' }>): void {
  const doStep = (txn: TxnId): boolean => {
    const last = lastRecord(b.state.log, txn);
    // Idempotent: a step already run (or undone) answers as before and runs nothing again.
    if (last === 'done' || last === 'compensated') return true;
    if (last === 'failed') return false;
    if (ctx.votesYes(b.state.id, txn)) {
      b.log(txn, 'done');
      b.state = { ...b.state, balance: b.state.balance + effectOf(ctx, b.state.id), pending: ctx.config.semanticLock ? [...b.state.pending, txn] : b.state.pending };
      setPart(b, txn, freshPart('done'));
      return true;
    }
    b.log(txn, 'failed');
    setPart(b, txn, freshPart('failed'));
    return false;
  };
  const compensate = (txn: TxnId): void => {
    const last = lastRecord(b.state.log, txn);
    if (last === 'compensated' || last === 'failed') return;
    // A compensation for a step that never ran undoes nothing but is recorded, so a late request cannot run it.
    const undo = last === 'done' ? -effectOf(ctx, b.state.id) : 0;
    b.log(txn, 'compensated');
    b.state = { ...b.state, balance: b.state.balance + undo, pending: b.state.pending.filter((pending) => pending !== txn) };
    setPart(b, txn, freshPart('compensated'));
  };
  const emit = (txn: TxnId, outbox: NonNullable<ParticipantTxn['outbox']>) => {
    setPart(b, txn, { outbox });
    b.send(outbox.to, { type: 'event', txn, event: outbox.event });
    b.arm(timerKey(txn, 'event'));
  };
  if (input.kind === 'timer') {
    const { txn } = splitTimerKey(input.key);
    b.disarm(input.key);
    const outbox = b.state.txns[txn]?.outbox;
    if (outbox) {
      b.send(outbox.to, { type: 'event', txn, event: outbox.event });
      b.arm(input.key);
    }
    return;
  }
  const { from, message } = input;
  const txn = message.txn;
  switch (message.type) {
    case 'do-step':
      b.send(from, { type: 'step-result', txn, ok: doStep(txn) });
      return;
    case 'compensate':
      compensate(txn);
      b.send(from, { type: 'compensated', txn });
      return;
    case 'finish':
      b.state = { ...b.state, pending: b.state.pending.filter((pending) => pending !== txn) };
      b.send(from, { type: 'finish-ack', txn });
      return;
    case 'event': {
      b.send(from, { type: 'event-ack', txn, event: message.event });
      const before = lastRecord(b.state.log, txn);
      if (message.event === 'go') {
        if (before !== undefined) return; // A repeat: already handled.
        const index = ctx.participants.indexOf(b.state.id);
        if (doStep(txn)) emit(txn, { to: ctx.participants[index + 1] ?? COORDINATOR, event: 'go' });
        else emit(txn, { to: ctx.participants[index - 1] ?? COORDINATOR, event: 'undo' });
      } else {
        if (before === 'compensated' || before === 'failed') return;
        compensate(txn);
        const index = ctx.participants.indexOf(b.state.id);
        emit(txn, { to: ctx.participants[index - 1] ?? COORDINATOR, event: 'undo' });
      }
      return;
    }
    case 'event-ack': {
      const outbox = b.state.txns[txn]?.outbox;
      if (outbox && outbox.to === from && outbox.event === message.event) {
        setPart(b, txn, { outbox: null });
        b.disarm(timerKey(txn, 'event'));
      }
      return;
    }
    default:
      return;
  }
}
