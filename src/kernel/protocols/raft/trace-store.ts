// The Raft trace stored in columns of typed arrays: about 40 bytes an event, outside the garbage
// collector's way. Keeping hundreds of thousands of event objects alive made the collector the
// simulation's main cost; events are decoded back into objects only when someone reads them.

import type { TraceStore } from '../../history.ts';
import type { DropReason } from '../../net/network.ts';
import type { RaftCommand } from './commands.ts';
import type { DisplayRole, RaftTraceEvent, RaftTraceKind } from './trace.ts';
import { nodeIdOf, nodeIndexOf, type NodeId, type RaftMessageType } from './types.ts';

const KINDS: readonly RaftTraceKind[] = ['send', 'deliver', 'drop', 'timer', 'role', 'term', 'vote', 'log', 'commit', 'client', 'action'];
const KIND_CODE = new Map(KINDS.map((kind, code) => [kind, code]));
const MESSAGE_TYPES: readonly RaftMessageType[] = ['RequestVote', 'RequestVoteReply', 'AppendEntries', 'AppendEntriesReply', 'PreVote', 'PreVoteReply'];
const MESSAGE_TYPE_CODE: Readonly<Record<RaftMessageType, number>> = {
  RequestVote: 0, RequestVoteReply: 1, AppendEntries: 2, AppendEntriesReply: 3, PreVote: 4, PreVoteReply: 5,
};
const DROP_REASONS: readonly DropReason[] = ['loss', 'partition', 'cut', 'crashed', 'user'];
const ROLES: readonly DisplayRole[] = ['follower', 'candidate', 'leader', 'crashed'];
const TIMERS = ['election', 'heartbeat'] as const;
const INITIAL_CAPACITY = 4096;

/** Node ids as small numbers: 0 means none, n1 is 1. */
function nodeCode(id: NodeId | null): number {
  return id === null ? 0 : nodeIndexOf(id) + 1;
}

function nodeFromCode(code: number): NodeId | null {
  return code === 0 ? null : nodeIdOf(code - 1);
}

function pack(a: number, b: number, c = 0, d = 0): number {
  return a | (b << 8) | (c << 16) | (d << 24);
}

function byte(packed: number, position: number): number {
  return (packed >>> (position * 8)) & 0xff;
}

export class RaftTraceStore implements TraceStore<RaftTraceEvent> {
  private count = 0;
  private times = new Float64Array(INITIAL_CAPACITY);
  private kinds = new Uint8Array(INITIAL_CAPACITY);
  /** Eight integer columns; what each means depends on the kind (see `push`). */
  private columns: Int32Array[] = Array.from({ length: 8 }, () => new Int32Array(INITIAL_CAPACITY));
  /** Values that are not numbers (client values, user commands), referenced by index. */
  private extras: unknown[] = [];

  get length(): number {
    return this.count;
  }

  timeAt(index: number): number {
    return this.times[index]!;
  }

  push(event: RaftTraceEvent): void {
    if (this.count === this.times.length) this.grow();
    const index = this.count++;
    this.times[index] = event.timeMs;
    this.kinds[index] = KIND_CODE.get(event.kind)!;
    // Indexed reads, not array destructuring: this runs for every event and destructuring goes
    // through the iterator protocol.
    const columns = this.columns;
    const c0 = columns[0]!, c1 = columns[1]!, c2 = columns[2]!, c3 = columns[3]!;
    const c4 = columns[4]!, c5 = columns[5]!, c6 = columns[6]!, c7 = columns[7]!;
    switch (event.kind) {
      case 'send':
        c0[index] = event.messageId;
        c1[index] = pack(nodeCode(event.from), nodeCode(event.to), MESSAGE_TYPE_CODE[event.type]);
        c2[index] = event.term;
        c3[index] = event.deliverAtMs - event.timeMs;
        c4[index] = event.detail[0] ?? 0;
        c5[index] = event.detail[1] ?? 0;
        c6[index] = event.detail[2] ?? 0;
        c7[index] = event.detail[3] ?? 0;
        return;
      case 'deliver':
        c0[index] = event.messageId;
        c1[index] = pack(nodeCode(event.from), nodeCode(event.to));
        return;
      case 'drop':
        c0[index] = event.messageId;
        c1[index] = pack(nodeCode(event.from), nodeCode(event.to), DROP_REASONS.indexOf(event.reason));
        return;
      case 'timer':
        c1[index] = pack(nodeCode(event.node), TIMERS.indexOf(event.timer));
        return;
      case 'role':
        c1[index] = pack(nodeCode(event.node), ROLES.indexOf(event.role));
        c2[index] = event.term;
        return;
      case 'term':
        c1[index] = nodeCode(event.node);
        c2[index] = event.term;
        return;
      case 'vote':
        c1[index] = pack(nodeCode(event.node), nodeCode(event.votedFor));
        c2[index] = event.term;
        return;
      case 'log':
        c1[index] = nodeCode(event.node);
        c2[index] = event.lastTerm;
        c4[index] = event.length;
        return;
      case 'commit':
        c1[index] = nodeCode(event.node);
        c4[index] = event.commitIndex;
        return;
      case 'client':
        c0[index] = this.extras.push(event.value) - 1;
        c1[index] = pack(nodeCode(event.node), nodeCode(event.leaderHint), event.accepted ? 1 : 0);
        c4[index] = event.index ?? -1;
        return;
      case 'action':
        c0[index] = this.extras.push(event.command) - 1;
        return;
    }
  }

  get(index: number): RaftTraceEvent {
    if (index < 0 || index >= this.count) throw new RangeError(`trace index ${index} out of range`);
    const timeMs = this.times[index]!;
    const [c0, c1, c2, c3, c4, c5, c6, c7] = this.columns.map((column) => column[index]!) as [number, number, number, number, number, number, number, number];
    switch (KINDS[this.kinds[index]!]!) {
      case 'send': {
        const type = MESSAGE_TYPES[byte(c1, 2)]!;
        const detail = type === 'AppendEntries' ? [c4, c5, c6, c7] : type === 'RequestVoteReply' || type === 'PreVoteReply' ? [c4] : [c4, c5];
        return {
          kind: 'send', timeMs, messageId: c0, from: nodeFromCode(byte(c1, 0))!, to: nodeFromCode(byte(c1, 1))!,
          type, term: c2, deliverAtMs: timeMs + c3, detail,
        };
      }
      case 'deliver':
        return { kind: 'deliver', timeMs, messageId: c0, from: nodeFromCode(byte(c1, 0))!, to: nodeFromCode(byte(c1, 1))! };
      case 'drop':
        return { kind: 'drop', timeMs, messageId: c0, from: nodeFromCode(byte(c1, 0))!, to: nodeFromCode(byte(c1, 1))!, reason: DROP_REASONS[byte(c1, 2)]! };
      case 'timer':
        return { kind: 'timer', timeMs, node: nodeFromCode(byte(c1, 0))!, timer: TIMERS[byte(c1, 1)]! };
      case 'role':
        return { kind: 'role', timeMs, node: nodeFromCode(byte(c1, 0))!, role: ROLES[byte(c1, 1)]!, term: c2 };
      case 'term':
        return { kind: 'term', timeMs, node: nodeFromCode(c1)!, term: c2 };
      case 'vote':
        return { kind: 'vote', timeMs, node: nodeFromCode(byte(c1, 0))!, term: c2, votedFor: nodeFromCode(byte(c1, 1))! };
      case 'log':
        return { kind: 'log', timeMs, node: nodeFromCode(c1)!, length: c4, lastTerm: c2 };
      case 'commit':
        return { kind: 'commit', timeMs, node: nodeFromCode(c1)!, commitIndex: c4 };
      case 'client':
        return {
          kind: 'client', timeMs, node: nodeFromCode(byte(c1, 0)), value: this.extras[c0] as string,
          accepted: byte(c1, 2) === 1, index: c4 === -1 ? null : c4, leaderHint: nodeFromCode(byte(c1, 1)),
        };
      case 'action':
        return { kind: 'action', timeMs, command: this.extras[c0] as RaftCommand };
    }
  }

  slice(from = 0, to = this.count): RaftTraceEvent[] {
    const end = Math.min(to, this.count);
    const events: RaftTraceEvent[] = [];
    for (let index = Math.max(0, from); index < end; index++) events.push(this.get(index));
    return events;
  }

  toArray(): RaftTraceEvent[] {
    return this.slice(0, this.count);
  }

  truncate(length: number): void {
    if (length >= this.count) return;
    // Extras referenced only by dropped events go too (they were appended in event order).
    let keptExtras = 0;
    for (let index = 0; index < length; index++) {
      const kind = KINDS[this.kinds[index]!];
      if (kind === 'client' || kind === 'action') keptExtras = this.columns[0]![index]! + 1;
    }
    this.extras.length = keptExtras;
    this.count = length;
  }

  private grow(): void {
    const capacity = this.times.length * 2;
    const times = new Float64Array(capacity);
    times.set(this.times);
    this.times = times;
    const kinds = new Uint8Array(capacity);
    kinds.set(this.kinds);
    this.kinds = kinds;
    this.columns = this.columns.map((column) => {
      const grown = new Int32Array(capacity);
      grown.set(column);
      return grown;
    });
  }
}
