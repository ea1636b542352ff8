// The space-time diagram's data, built incrementally from the Raft trace: message segments, role/term bands, user actions.

import type { DropReason } from '../../../kernel/net/network.ts';
import type { RaftCommand } from '../../../kernel/protocols/raft/commands.ts';
import type { DisplayRole, RaftTraceEvent } from '../../../kernel/protocols/raft/trace.ts';
import { describeSend } from '../../../kernel/protocols/raft/trace.ts';
import type { NodeId } from '../../../kernel/protocols/raft/types.ts';

/** What an arrow stands for; replies and heartbeats get their own kinds so they can be drawn differently. */
export type MessageKind =
  | 'request-vote'
  /** PreVote (an extension, off by default): "would you vote for me?", asked without raising the term. */
  | 'pre-vote'
  | 'vote-granted'
  | 'vote-refused'
  | 'heartbeat'
  | 'append-entries'
  | 'append-ok'
  | 'append-refused';

export const MESSAGE_KINDS: readonly MessageKind[] = [
  'request-vote',
  'pre-vote',
  'vote-granted',
  'vote-refused',
  'heartbeat',
  'append-entries',
  'append-ok',
  'append-refused',
];

export type MessageOutcome = 'delivered' | 'dropped' | 'in-flight';

/**
 * One arrow. `outcome`, `endAtMs`, `endFraction` and `dropReason` change once, when the trace
 * reports the delivery or the drop; everything else is fixed at the send.
 */
export interface MessageSegment {
  readonly messageId: number;
  readonly from: NodeId;
  readonly to: NodeId;
  readonly kind: MessageKind;
  readonly term: number;
  readonly summary: string;
  readonly sentAtMs: number;
  /** When the network scheduled the delivery; a drop or a delivery never happens later. */
  readonly plannedDeliveryMs: number;
  outcome: MessageOutcome;
  /** Where the arrow ends in time: delivery, drop, or the planned delivery while in flight. */
  endAtMs: number;
  /** How far along the way to the receiver's lane the arrow ends: 1 unless dropped in flight. */
  endFraction: number;
  dropReason: DropReason | null;
}

/** A stretch of one node's lane with the same role and term. The last band of a lane is open (`endMs` = Infinity). */
export interface RoleBand {
  readonly node: NodeId;
  role: DisplayRole;
  term: number;
  readonly startMs: number;
  endMs: number;
}

export interface ActionMark {
  readonly timeMs: number;
  readonly command: RaftCommand;
  /** The node the action is about, when there is one (crash n3), else null (heal, partition). */
  readonly node: NodeId | null;
  readonly label: string;
}

export function classifyMessage(event: Extract<RaftTraceEvent, { kind: 'send' }>): MessageKind {
  switch (event.type) {
    case 'RequestVote':
      return 'request-vote';
    case 'PreVote':
      return 'pre-vote';
    case 'RequestVoteReply':
    case 'PreVoteReply':
      return event.detail[0] === 1 ? 'vote-granted' : 'vote-refused';
    case 'AppendEntries':
      // detail[2] is the number of entries that rode along (trace.ts documents the layout).
      return event.detail[2] === 0 ? 'heartbeat' : 'append-entries';
    case 'AppendEntriesReply':
      return event.detail[0] === 1 ? 'append-ok' : 'append-refused';
  }
}

export function describeCommand(command: RaftCommand): string {
  switch (command.type) {
    case 'crash':
    case 'restart':
    case 'timeout':
    case 'isolate':
      return `${command.type} ${command.node}`;
    case 'request':
      return `request ${command.value}${command.via !== undefined ? ` via ${command.via}` : ''}`;
    case 'partition':
      return `partition ${command.groups.map((group) => group.join(',')).join(' | ')}`;
    case 'move':
      return `move ${command.node} to island ${command.group + 1}`;
    case 'heal':
      return 'heal';
    case 'cut':
      return `cut ${command.from}${command.bothWays ? '↔' : '→'}${command.to}`;
    case 'restore-link':
      return `restore ${command.from}${command.bothWays ? '↔' : '→'}${command.to}`;
    case 'configure':
      return `configure ${Object.entries(command.timing)
        .map(([name, value]) => `${name}=${String(value)}`)
        .join(' ')}`;
    case 'drop-message':
      return `drop message ${command.messageId}`;
    case 'duplicate-message':
      return `duplicate message ${command.messageId}`;
    case 'delay-message':
      return `delay message ${command.messageId} +${command.delayMs} ms`;
    default:
      // Commands added to the kernel later still get a readable mark, by their type.
      return (command as { readonly type: string }).type;
  }
}

function nodeOfCommand(command: RaftCommand): NodeId | null {
  switch (command.type) {
    case 'crash':
    case 'restart':
    case 'timeout':
    case 'isolate':
    case 'move':
      return command.node;
    case 'request':
      return command.via ?? null;
    case 'cut':
    case 'restore-link':
      return command.from;
    default:
      return null;
  }
}

/** Events worth a line in the accessible summary: heartbeats and their replies would drown everything else. */
export function isNotable(event: RaftTraceEvent, kindOfSend: MessageKind | null): boolean {
  switch (event.kind) {
    case 'role':
    case 'action':
    case 'client':
    case 'drop':
      return true;
    case 'send':
      return kindOfSend !== null && kindOfSend !== 'heartbeat' && kindOfSend !== 'append-ok';
    default:
      return false;
  }
}

/** Index of the first item whose key is >= `value` (items sorted by key). */
export function lowerBound<T>(items: readonly T[], value: number, keyOf: (item: T) => number): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (keyOf(items[middle]!) < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Index of the first item whose key is > `value` (items sorted by key). */
export function upperBound<T>(items: readonly T[], value: number, keyOf: (item: T) => number): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (keyOf(items[middle]!) <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}

const sentAt = (segment: MessageSegment) => segment.sentAtMs;
const bandStart = (band: RoleBand) => band.startMs;
const timeOf = (item: { readonly timeMs: number }) => item.timeMs;

/** Loose identity for two trace events: objects that crossed a worker boundary are copies, not the same reference. */
function sameEvent(a: RaftTraceEvent, b: RaftTraceEvent): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind || a.timeMs !== b.timeMs) return false;
  if ('messageId' in a && 'messageId' in b) return a.messageId === b.messageId;
  if ('node' in a && 'node' in b) return a.node === b.node;
  return true;
}

/**
 * Everything the diagram draws, kept in step with an append-only trace. `sync` only reads the
 * events it has not seen; a shorter trace, a different last-seen event or a new epoch means the
 * run forked, and the model starts over.
 */
export class TimelineModel {
  /** In send order, hence sorted by `sentAtMs` (the trace is sorted by time). */
  readonly segments: MessageSegment[] = [];
  readonly actions: ActionMark[] = [];
  /** Trace events worth describing in words, in trace order. */
  readonly notableEvents: RaftTraceEvent[] = [];
  /** Longest planned flight: how far before a window's start a still-visible arrow may begin. */
  maxFlightMs = 0;
  droppedCount = 0;
  private readonly bandsByNode = new Map<NodeId, RoleBand[]>();
  private readonly unresolved = new Map<number, MessageSegment>();
  private processedLength = 0;
  private lastProcessed: RaftTraceEvent | undefined;
  private epoch: number | undefined;
  /** Bumped on every change, so a view can tell whether it must redraw. */
  version = 0;
  /** Bumped when the model starts over (a fork or a new run), so a view can drop what it held on to. */
  resetCount = 0;

  /** Brings the model up to date with `trace`; returns true when anything changed. */
  sync(trace: readonly RaftTraceEvent[], epoch?: number): boolean {
    const forked =
      epoch !== this.epoch ||
      trace.length < this.processedLength ||
      (this.processedLength > 0 && !sameEvent(trace[this.processedLength - 1]!, this.lastProcessed!));
    if (forked) this.reset(epoch);
    if (trace.length === this.processedLength) return forked;
    for (let index = this.processedLength; index < trace.length; index++) this.add(trace[index]!);
    this.processedLength = trace.length;
    this.lastProcessed = trace[trace.length - 1];
    this.version += 1;
    return true;
  }

  get eventCount(): number {
    return this.processedLength;
  }

  /** Bands of one lane, oldest first; a node never seen in the trace is a follower of term 0 since time 0. */
  bandsOf(node: NodeId): readonly RoleBand[] {
    return this.lane(node);
  }

  bandAt(node: NodeId, timeMs: number): RoleBand {
    const bands = this.lane(node);
    const index = Math.max(0, upperBound(bands, timeMs, bandStart) - 1);
    return bands[index]!;
  }

  /** Bands of `node` that overlap [startMs, endMs], as an index range into `bandsOf(node)`. */
  bandRange(node: NodeId, startMs: number, endMs: number): [number, number] {
    const bands = this.lane(node);
    const first = Math.max(0, upperBound(bands, startMs, bandStart) - 1);
    return [first, upperBound(bands, endMs, bandStart)];
  }

  /**
   * Segments that may overlap [startMs, endMs], as an index range into `segments`: those sent in
   * the window, plus those sent up to one maximal flight earlier. Callers skip the few that end
   * before the window.
   */
  segmentRange(startMs: number, endMs: number): [number, number] {
    return [lowerBound(this.segments, startMs - this.maxFlightMs, sentAt), upperBound(this.segments, endMs, sentAt)];
  }

  actionRange(startMs: number, endMs: number): [number, number] {
    return [lowerBound(this.actions, startMs, timeOf), upperBound(this.actions, endMs, timeOf)];
  }

  /** The last `count` notable events at or before `timeMs`, oldest first. */
  notableBefore(timeMs: number, count: number): readonly RaftTraceEvent[] {
    const end = upperBound(this.notableEvents, timeMs, timeOf);
    return this.notableEvents.slice(Math.max(0, end - count), end);
  }

  private reset(epoch: number | undefined): void {
    this.segments.length = 0;
    this.actions.length = 0;
    this.notableEvents.length = 0;
    this.bandsByNode.clear();
    this.unresolved.clear();
    this.maxFlightMs = 0;
    this.droppedCount = 0;
    this.processedLength = 0;
    this.lastProcessed = undefined;
    this.epoch = epoch;
    this.version += 1;
    this.resetCount += 1;
  }

  private lane(node: NodeId): RoleBand[] {
    let bands = this.bandsByNode.get(node);
    if (!bands) {
      bands = [{ node, role: 'follower', term: 0, startMs: 0, endMs: Number.POSITIVE_INFINITY }];
      this.bandsByNode.set(node, bands);
    }
    return bands;
  }

  private add(event: RaftTraceEvent): void {
    let kindOfSend: MessageKind | null = null;
    switch (event.kind) {
      case 'send': {
        kindOfSend = classifyMessage(event);
        const segment: MessageSegment = {
          messageId: event.messageId,
          from: event.from,
          to: event.to,
          kind: kindOfSend,
          term: event.term,
          summary: describeSend(event),
          sentAtMs: event.timeMs,
          plannedDeliveryMs: event.deliverAtMs,
          outcome: 'in-flight',
          endAtMs: event.deliverAtMs,
          endFraction: 1,
          dropReason: null,
        };
        this.segments.push(segment);
        this.unresolved.set(event.messageId, segment);
        this.maxFlightMs = Math.max(this.maxFlightMs, event.deliverAtMs - event.timeMs);
        break;
      }
      case 'deliver': {
        const segment = this.unresolved.get(event.messageId);
        if (segment) {
          segment.outcome = 'delivered';
          segment.endAtMs = event.timeMs;
          this.unresolved.delete(event.messageId);
        }
        break;
      }
      case 'drop': {
        const segment = this.unresolved.get(event.messageId);
        if (segment) {
          const flightMs = segment.plannedDeliveryMs - segment.sentAtMs;
          segment.outcome = 'dropped';
          segment.endAtMs = event.timeMs;
          segment.endFraction = flightMs > 0 ? Math.min(1, Math.max(0, (event.timeMs - segment.sentAtMs) / flightMs)) : 0;
          segment.dropReason = event.reason;
          this.unresolved.delete(event.messageId);
          this.droppedCount += 1;
        }
        break;
      }
      case 'role':
        this.changeBand(event.node, event.role, event.term, event.timeMs);
        break;
      case 'term':
        this.changeBand(event.node, null, event.term, event.timeMs);
        break;
      case 'action':
        this.actions.push({
          timeMs: event.timeMs,
          command: event.command,
          node: nodeOfCommand(event.command),
          label: describeCommand(event.command),
        });
        break;
      default:
        break;
    }
    if (isNotable(event, kindOfSend)) this.notableEvents.push(event);
  }

  /** A role of null keeps the current role (a follower adopting a newer term). */
  private changeBand(node: NodeId, role: DisplayRole | null, term: number, timeMs: number): void {
    const bands = this.lane(node);
    const current = bands[bands.length - 1]!;
    const nextRole = role ?? current.role;
    if (nextRole === current.role && term === current.term) return;
    if (current.startMs === timeMs) {
      // Term and role often change at the same moment (a timeout makes a candidate of the next
      // term): amend the band instead of leaving one of zero width.
      current.role = nextRole;
      current.term = term;
      const previous = bands[bands.length - 2];
      if (previous && previous.role === nextRole && previous.term === term) {
        bands.pop();
        previous.endMs = Number.POSITIVE_INFINITY;
      }
      return;
    }
    current.endMs = timeMs;
    bands.push({ node, role: nextRole, term, startMs: timeMs, endMs: Number.POSITIVE_INFINITY });
  }
}
