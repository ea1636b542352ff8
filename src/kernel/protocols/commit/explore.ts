// The exhaustive mode: a small model checker over the very protocol functions the simulation runs.
// From one transaction's begin, it explores every interleaving of deliveries, timeouts and up to
// `maxFaults` faults (a message dropped, a node crashed, a partition) breadth-first, counts the
// distinct states, and returns the shortest path to the first state that breaks atomicity.
//
// The model, like TLA+'s TwoPhase spec, has no clock: messages in flight are a set, and any enabled
// action may come next. A timeout may fire only when no message at all is in flight (the synchrony
// 3PC assumes: a timeout is longer than any message delay, so whatever was on its way has arrived
// or is lost); a disk flush may happen at any time. Restarting a crashed node is not a fault.

import {
  crashCoordinator,
  crashParticipant,
  initialCoordinator,
  initialParticipant,
  stepCoordinator,
  stepParticipant,
  type CoordinatorState,
  type NodeInput,
  type ParticipantState,
  type ProtocolContext,
  type Send,
} from './protocol.ts';
import { durablePhase } from './measure.ts';
import { BUG_PROTOCOL, COORDINATOR, OPENING_BALANCE, participantIds, type CommitConfig, type CommitMessage, type NodeId, type ParticipantId } from './types.ts';
import { messageLabel } from './run.ts';

export interface ExploreOptions {
  readonly protocol: '2pc' | '3pc';
  readonly participantCount: number;
  readonly maxFaults: number;
  /** Which faults count: dropping a message, crashing a node, splitting the network in two. */
  readonly faults: readonly ('drop' | 'crash' | 'partition')[];
  /** `any`: each participant may vote either way (as in TwoPhase); `yes`: all vote yes. */
  readonly votes: 'any' | 'yes';
  readonly bug: CommitConfig['bug'];
  /** Stop after this many distinct states (the answer then says so). */
  readonly maxStates: number;
}

export interface Envelope {
  readonly from: NodeId;
  readonly to: NodeId;
  readonly message: CommitMessage;
}

export interface ModelState {
  readonly coordinator: CoordinatorState;
  readonly participants: readonly ParticipantState[];
  /** Index 0 the coordinator, then the participants. */
  readonly alive: readonly boolean[];
  readonly inFlight: readonly Envelope[];
  readonly faults: number;
  /** Participants cut off from the coordinator's side, or null while the network is whole. */
  readonly farSide: readonly ParticipantId[] | null;
}

/** What happened in one model step, as data (the timed replay turns these into scenario lines). */
export type ModelMove =
  | { readonly kind: 'begin' }
  | { readonly kind: 'deliver'; readonly from: NodeId; readonly to: NodeId; readonly type: CommitMessage['type']; readonly voteNo: boolean }
  | { readonly kind: 'drop'; readonly from: NodeId; readonly to: NodeId; readonly type: CommitMessage['type'] }
  | { readonly kind: 'timer'; readonly node: NodeId; readonly key: string }
  | { readonly kind: 'crash'; readonly node: NodeId; readonly losesMessages: boolean }
  | { readonly kind: 'restart'; readonly node: NodeId }
  | { readonly kind: 'partition'; readonly farSide: readonly ParticipantId[] };

export interface ExploreStep {
  /** What happened, in words: "p1 receives COMMIT from coordinator", "crash coordinator (fault 1)". */
  readonly action: string;
  readonly move: ModelMove;
  readonly state: ModelState;
}

export interface ExploreResult {
  readonly options: ExploreOptions;
  readonly distinctStates: number;
  readonly transitions: number;
  /** True when maxStates stopped the search before every state was seen. */
  readonly truncated: boolean;
  /**
   * States where 2PC must wait: a participant voted yes, the coordinator is down, nothing is in
   * flight, and no participant knows the outcome (3PC's termination protocol moves on from these).
   */
  readonly blockedStates: number;
  readonly violation: { readonly explanation: string; readonly path: readonly ExploreStep[] } | null;
}

const TXN = 't1';

export function defaultExploreOptions(overrides: Partial<ExploreOptions> = {}): ExploreOptions {
  return { protocol: '2pc', participantCount: 3, maxFaults: 1, faults: ['drop', 'crash'], votes: 'any', bug: null, maxStates: 500_000, ...overrides };
}

export function validateExploreOptions(options: ExploreOptions): string[] {
  const problems: string[] = [];
  if (options.protocol !== '2pc' && options.protocol !== '3pc') problems.push('the exhaustive mode explores 2pc and 3pc');
  if (!(options.participantCount >= 2 && options.participantCount <= 3)) problems.push('the exhaustive mode takes 2 or 3 participants');
  if (!(Number.isInteger(options.maxFaults) && options.maxFaults >= 0 && options.maxFaults <= 3)) problems.push('faults must be from 0 to 3');
  if (options.bug !== null && options.protocol !== BUG_PROTOCOL[options.bug]) problems.push(`the planted bug ${options.bug} is in ${BUG_PROTOCOL[options.bug]}`);
  return problems;
}

function modelConfig(options: ExploreOptions): CommitConfig {
  return {
    protocol: options.protocol,
    sagaStyle: 'orchestrated',
    participantCount: options.participantCount,
    seed: 0,
    latencyMsMin: 1,
    latencyMsMax: 1,
    timeoutMs: 10,
    semanticLock: false,
    amount: 10,
    flushMs: 1,
    bug: options.bug,
  };
}

/** The state right after the coordinator began the transaction. */
export function initialModelState(options: ExploreOptions): ModelState {
  const ids = participantIds(options.participantCount);
  const context = contextFor(options, ids, true);
  const begun = stepCoordinator(context, initialCoordinator(), { kind: 'begin', txn: TXN });
  return {
    coordinator: begun.state,
    participants: ids.map((id) => initialParticipant(id, OPENING_BALANCE)),
    alive: [true, ...ids.map(() => true)],
    inFlight: addSends([], COORDINATOR, begun.sends, null, [true, ...ids.map(() => true)], ids),
    faults: 0,
    farSide: null,
  };
}

function contextFor(options: ExploreOptions, participants: readonly ParticipantId[], yes: boolean): ProtocolContext {
  return { config: modelConfig(options), participants, votesYes: () => yes };
}

function indexOf(id: NodeId, participants: readonly ParticipantId[]): number {
  return id === COORDINATOR ? 0 : participants.indexOf(id as ParticipantId) + 1;
}

function separated(from: NodeId, to: NodeId, farSide: readonly ParticipantId[] | null): boolean {
  if (!farSide) return false;
  const far = (id: NodeId) => id !== COORDINATOR && farSide.includes(id as ParticipantId);
  return far(from) !== far(to);
}

function envelopeKey(envelope: Envelope): string {
  return `${envelope.from}>${envelope.to}:${JSON.stringify(envelope.message)}`;
}

/** Messages join the set unless the receiver is down or on the other side of a partition (then they are lost at once). */
function addSends(inFlight: readonly Envelope[], from: NodeId, sends: readonly Send[], farSide: readonly ParticipantId[] | null, alive: readonly boolean[], participants: readonly ParticipantId[]): Envelope[] {
  const next = inFlight.slice();
  const keys = new Set(next.map(envelopeKey));
  for (const send of sends) {
    if (!alive[indexOf(send.to, participants)] || separated(from, send.to, farSide)) continue;
    const envelope = { from, to: send.to, message: send.message };
    const key = envelopeKey(envelope);
    if (keys.has(key)) continue;
    keys.add(key);
    next.push(envelope);
  }
  return next.sort((a, b) => (envelopeKey(a) < envelopeKey(b) ? -1 : 1));
}

/** Distinct states: timer arming numbers and how often a participant has asked do not matter, only whether. */
export function stateKey(state: ModelState): string {
  const node = (value: CoordinatorState | ParticipantState) => {
    const txns: Record<string, unknown> = {};
    for (const [txn, record] of Object.entries(value.txns)) txns[txn] = 'inquiries' in record ? { ...record, inquiries: Math.min(record.inquiries, 1) } : record;
    return [value.log.map((record) => record.entry), Object.keys(value.timers).sort(), txns, 'unflushed' in value ? value.unflushed.length : 0];
  };
  return JSON.stringify([node(state.coordinator), state.participants.map(node), state.alive, state.inFlight.map(envelopeKey), state.faults, state.farSide]);
}

interface Successor {
  readonly action: string;
  readonly move: ModelMove;
  readonly state: ModelState;
}

/** Feed one input to one node and carry out what it returns. */
function feed(options: ExploreOptions, state: ModelState, id: NodeId, input: NodeInput, yes: boolean): ModelState {
  const ids = state.participants.map((participant) => participant.id);
  const context = contextFor(options, ids, yes);
  if (id === COORDINATOR) {
    const result = stepCoordinator(context, state.coordinator, input);
    return { ...state, coordinator: result.state, inFlight: addSends(state.inFlight, id, result.sends, state.farSide, state.alive, ids) };
  }
  const index = ids.indexOf(id as ParticipantId);
  const result = stepParticipant(context, state.participants[index]!, input);
  const participants = state.participants.slice();
  participants[index] = result.state;
  return { ...state, participants, inFlight: addSends(state.inFlight, id, result.sends, state.farSide, state.alive, ids) };
}

export function successors(options: ExploreOptions, state: ModelState): Successor[] {
  const ids = state.participants.map((participant) => participant.id);
  const nodes: NodeId[] = [COORDINATOR, ...ids];
  const out: Successor[] = [];
  const canFault = state.faults < options.maxFaults;
  state.inFlight.forEach((envelope, index) => {
    const rest = state.inFlight.filter((_, other) => other !== index);
    const without = { ...state, inFlight: rest };
    const what = `${envelope.to} receives ${messageLabel(envelope.message)} from ${envelope.from}`;
    const voteChoice = envelope.message.type === 'prepare' && options.votes === 'any' && !state.participants[ids.indexOf(envelope.to as ParticipantId)]?.txns[TXN];
    const deliver = { kind: 'deliver', from: envelope.from, to: envelope.to, type: envelope.message.type } as const;
    out.push({ action: voteChoice ? `${what} and votes yes` : what, move: { ...deliver, voteNo: false }, state: feed(options, without, envelope.to, { kind: 'message', from: envelope.from, message: envelope.message }, true) });
    if (voteChoice) out.push({ action: `${what} and votes no`, move: { ...deliver, voteNo: true }, state: feed(options, without, envelope.to, { kind: 'message', from: envelope.from, message: envelope.message }, false) });
    if (canFault && options.faults.includes('drop')) {
      out.push({
        action: `the network drops ${messageLabel(envelope.message)} ${envelope.from} → ${envelope.to} (fault ${state.faults + 1})`,
        move: { kind: 'drop', from: envelope.from, to: envelope.to, type: envelope.message.type },
        state: { ...without, faults: state.faults + 1 },
      });
    }
  });
  nodes.forEach((id, index) => {
    const value = index === 0 ? state.coordinator : state.participants[index - 1]!;
    if (state.alive[index]) {
      const waiting = state.inFlight.length > 0;
      for (const key of Object.keys(value.timers).sort()) {
        if (!key.endsWith(':flush') && waiting) continue;
        out.push({ action: key.endsWith(':flush') ? `${id} writes its decision to disk` : `${id}'s ${key.split(':')[1]} timer fires`, move: { kind: 'timer', node: id, key }, state: feed(options, state, id, { kind: 'timer', key }, true) });
      }
      if (canFault && options.faults.includes('crash')) {
        const alive = state.alive.slice();
        alive[index] = false;
        const crashed: ModelState = {
          ...state,
          alive,
          inFlight: state.inFlight.filter((envelope) => envelope.to !== id),
          faults: state.faults + 1,
          coordinator: index === 0 ? crashCoordinator(state.coordinator) : state.coordinator,
          participants: index === 0 ? state.participants : state.participants.map((participant, other) => (other === index - 1 ? crashParticipant(participant) : participant)),
        };
        out.push({ action: `crash ${id} (fault ${state.faults + 1})`, move: { kind: 'crash', node: id, losesMessages: false }, state: crashed });
        // A node may also die in the middle of a broadcast (Skeen's site failure): what it sent and
        // is still in flight is lost with it. Interleaved with deliveries, this covers every prefix.
        if (state.inFlight.some((envelope) => envelope.from === id)) {
          out.push({
            action: `crash ${id} before its messages leave (fault ${state.faults + 1})`,
            move: { kind: 'crash', node: id, losesMessages: true },
            state: { ...crashed, inFlight: crashed.inFlight.filter((envelope) => envelope.from !== id) },
          });
        }
      }
    } else {
      const alive = state.alive.slice();
      alive[index] = true;
      out.push({ action: `restart ${id}`, move: { kind: 'restart', node: id }, state: feed(options, { ...state, alive }, id, { kind: 'recover' }, true) });
    }
  });
  if (canFault && options.faults.includes('partition') && state.farSide === null) {
    // Every way to cut some participants off from the coordinator's side.
    for (let mask = 1; mask < 1 << ids.length; mask++) {
      const farSide = ids.filter((_, index) => mask & (1 << index));
      const inFlight = state.inFlight.filter((envelope) => !separated(envelope.from, envelope.to, farSide));
      out.push({
        action: `partition coordinator${ids.filter((id) => !farSide.includes(id)).map((id) => `,${id}`).join('')} | ${farSide.join(',')} (fault ${state.faults + 1})`,
        move: { kind: 'partition', farSide },
        state: { ...state, farSide, inFlight, faults: state.faults + 1 },
      });
    }
  }
  return out;
}

function mustWait(state: ModelState): boolean {
  if (state.alive[0] || state.inFlight.length > 0) return false;
  const phases = state.participants.map((participant) => durablePhase(participant, TXN));
  return phases.some((phase) => phase === 'prepared' || phase === 'precommitted') && phases.every((phase) => phase === 'prepared' || phase === 'precommitted');
}

/** Atomicity on the durable logs: no participant committed while another aborted. */
export function atomicityViolation(state: ModelState): string | null {
  const phases = state.participants.map((participant) => ({ id: participant.id, phase: durablePhase(participant, TXN) }));
  const committed = phases.filter(({ phase }) => phase === 'committed');
  const aborted = phases.filter(({ phase }) => phase === 'aborted');
  if (committed.length === 0 || aborted.length === 0) return null;
  return `${committed.map(({ id }) => id).join(', ')} committed while ${aborted.map(({ id }) => id).join(', ')} aborted`;
}

/**
 * Breadth-first over every interleaving. Returns the number of distinct states and, if some state
 * breaks atomicity, the shortest path there. `onProgress` is called every 10,000 states (a worker
 * posts it to the page).
 */
export function explore(options: ExploreOptions, onProgress?: (distinctStates: number) => void): ExploreResult {
  const problems = validateExploreOptions(options);
  if (problems.length > 0) throw new RangeError(problems.join('; '));
  const initial = initialModelState(options);
  const initialKey = stateKey(initial);
  const parents = new Map<string, { parent: string | null; action: string; move: ModelMove; state: ModelState }>([
    [initialKey, { parent: null, action: 'the coordinator begins t1 and sends PREPARE to every participant', move: { kind: 'begin' }, state: initial }],
  ]);
  let frontier: string[] = [initialKey];
  let transitions = 0;
  let blockedStates = 0;
  let truncated = false;
  const pathTo = (key: string): ExploreStep[] => {
    const path: ExploreStep[] = [];
    for (let at: string | null = key; at !== null; at = parents.get(at)!.parent) {
      const { action, move, state } = parents.get(at)!;
      path.push({ action, move, state });
    }
    return path.reverse();
  };
  const firstViolation = atomicityViolation(initial);
  if (firstViolation) return { options, distinctStates: 1, transitions: 0, truncated: false, blockedStates: 0, violation: { explanation: firstViolation, path: pathTo(initialKey) } };
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const key of frontier) {
      const { state } = parents.get(key)!;
      const found = successors(options, state);
      if (mustWait(state)) blockedStates += 1;
      for (const successor of found) {
        transitions += 1;
        const successorKey = stateKey(successor.state);
        if (parents.has(successorKey)) continue;
        parents.set(successorKey, { parent: key, action: successor.action, move: successor.move, state: successor.state });
        const violation = atomicityViolation(successor.state);
        if (violation) return { options, distinctStates: parents.size, transitions, truncated: false, blockedStates, violation: { explanation: violation, path: pathTo(successorKey) } };
        if (parents.size % 10_000 === 0) onProgress?.(parents.size);
        if (parents.size >= options.maxStates) {
          truncated = true;
          break;
        }
        next.push(successorKey);
      }
      if (truncated) break;
    }
    if (truncated) break;
    frontier = next;
  }
  return { options, distinctStates: parents.size, transitions, truncated, blockedStates, violation: null };
}

/** A model state as the page draws it: the same cluster view as a live run, without time. */
export interface ModelFrame {
  readonly coordinator: { readonly alive: boolean; readonly log: readonly string[]; readonly unflushed: readonly string[] };
  readonly participants: readonly { readonly id: ParticipantId; readonly alive: boolean; readonly state: string; readonly log: readonly string[] }[];
  readonly messages: readonly { readonly from: NodeId; readonly to: NodeId; readonly label: string }[];
  readonly farSide: readonly ParticipantId[] | null;
  readonly faults: number;
}

export function modelFrame(state: ModelState): ModelFrame {
  return {
    coordinator: { alive: state.alive[0]!, log: state.coordinator.log.map((record) => record.entry), unflushed: state.coordinator.unflushed.map((record) => record.entry) },
    participants: state.participants.map((participant, index) => ({
      id: participant.id,
      alive: state.alive[index + 1]!,
      state: durablePhase(participant, TXN) ?? 'working',
      log: participant.log.map((record) => record.entry),
    })),
    messages: state.inFlight.map((envelope) => ({ from: envelope.from, to: envelope.to, label: messageLabel(envelope.message) })),
    farSide: state.farSide,
    faults: state.faults,
  };
}
