// Raft's safety properties (Figure 3) checked after every event, apart from the code they check.
// The checker watches the trace and reads node state; it never changes anything.

import type { RaftSimulation } from './simulation.ts';
import type { RaftTraceEvent } from './trace.ts';
import type { LogEntry, NodeId } from './types.ts';

export type InvariantName =
  | 'election-safety'
  | 'leader-append-only'
  | 'log-matching'
  | 'leader-completeness'
  | 'state-machine-safety'
  | 'committed-entry-durable';

export const INVARIANTS: readonly { readonly name: InvariantName; readonly statement: string }[] = [
  { name: 'election-safety', statement: 'At most one leader can be elected in a given term.' },
  { name: 'leader-append-only', statement: 'A leader never overwrites or deletes entries in its log; it only appends new entries.' },
  {
    name: 'log-matching',
    statement: 'If two logs contain an entry with the same index and term, then the logs are identical in all entries up through the given index.',
  },
  {
    name: 'leader-completeness',
    statement: 'If a log entry is committed in a given term, then that entry will be present in the logs of the leaders for all higher-numbered terms.',
  },
  {
    name: 'state-machine-safety',
    statement: 'If a server has applied a log entry at a given index to its state machine, no other server will ever apply a different log entry for the same index.',
  },
  { name: 'committed-entry-durable', statement: 'An entry, once committed, is never lost from a majority of the servers.' },
];

export interface Violation {
  readonly name: InvariantName;
  readonly timeMs: number;
  readonly nodes: readonly NodeId[];
  readonly detail: string;
  /** The log index the violation is about, when it is about one entry (Election Safety is not). */
  readonly logIndex: number | null;
}

interface CommittedEntry {
  readonly entry: LogEntry;
  /** The term in which it was first known committed (the committing node's currentTerm). */
  readonly committedInTerm: number;
}

interface NodeLogView {
  log: readonly LogEntry[];
  length: number;
  /** prefixHash[i] summarises entries 1..i+1, so two prefixes compare in O(1). */
  prefixHash: number[];
}

export class RaftInvariantChecker {
  readonly violations: Violation[] = [];
  private readonly leaderOfTerm = new Map<number, NodeId>();
  private readonly committed: CommittedEntry[] = [];
  private readonly logViews = new Map<NodeId, NodeLogView>();
  private readonly leaderTermOf = new Map<NodeId, number>();
  /** Stop recording a property after this many violations of it (a broken run repeats itself). */
  private readonly perPropertyLimit: number;

  constructor(options: { perPropertyLimit?: number } = {}) {
    this.perPropertyLimit = options.perPropertyLimit ?? 20;
  }

  private detach: (() => void) | null = null;

  /** Attach to a simulation: every event it records from now on is checked. */
  static attach(simulation: RaftSimulation, options?: { perPropertyLimit?: number }): RaftInvariantChecker {
    const checker = new RaftInvariantChecker(options);
    for (const node of simulation.nodes) checker.logViews.set(node.id, { log: node.log, length: node.log.length, prefixHash: prefixHashes(node.log, 0, []) });
    checker.detach = simulation.addObserver((event, sim) => checker.observe(event, sim));
    return checker;
  }

  /** Stop watching the simulation it was attached to. */
  stop(): void {
    this.detach?.();
    this.detach = null;
  }

  /** Watch another simulation from now on (after a rebuild, see run.ts). */
  moveTo(simulation: RaftSimulation): void {
    this.stop();
    this.detach = simulation.addObserver((event, sim) => this.observe(event, sim));
  }

  observe(event: RaftTraceEvent, simulation: RaftSimulation): void {
    switch (event.kind) {
      case 'role':
        if (event.role === 'leader') this.onLeaderElected(event.node, event.term, event.timeMs, simulation);
        else this.leaderTermOf.delete(event.node);
        return;
      case 'log':
        return this.onLogChanged(event.node, event.timeMs, simulation);
      case 'commit':
        return this.onCommit(event.node, event.timeMs, simulation);
      default:
        return;
    }
  }

  private onLeaderElected(id: NodeId, term: number, timeMs: number, simulation: RaftSimulation): void {
    const previous = this.leaderOfTerm.get(term);
    if (previous !== undefined && previous !== id) {
      this.report('election-safety', timeMs, [previous, id], `${previous} and ${id} were both elected leader of term ${term}`);
    } else {
      this.leaderOfTerm.set(term, id);
    }
    this.leaderTermOf.set(id, term);
    const log = simulation.node(id)!.log;
    this.committed.forEach((committed, offset) => {
      if (committed.committedInTerm < term && !sameEntry(log[offset], committed.entry)) {
        this.report(
          'leader-completeness',
          timeMs,
          [id],
          `${id} became leader of term ${term} without the entry committed at index ${offset + 1} (term ${committed.entry.term}, "${committed.entry.value}")`,
          offset + 1,
        );
      }
    });
  }

  private onLogChanged(id: NodeId, timeMs: number, simulation: RaftSimulation): void {
    const node = simulation.node(id)!;
    const view = this.logViews.get(id)!;
    const oldLength = view.length;
    const firstChanged = firstDifference(view.log, view.length, node.log);
    view.prefixHash = prefixHashes(node.log, firstChanged, view.prefixHash);
    view.log = node.log;
    view.length = node.log.length;

    // Leader Append-Only: a leader that stays leader only appends.
    if (node.role === 'leader' && this.leaderTermOf.get(id) === node.currentTerm && firstChanged < oldLength) {
      this.report('leader-append-only', timeMs, [id], `leader ${id} changed its own log at index ${firstChanged + 1}`, firstChanged + 1);
    }

    // Log Matching, for the entries that changed, against every other log.
    for (const [otherId, other] of this.logViews) {
      if (otherId === id) continue;
      const end = Math.min(view.length, other.length);
      for (let offset = firstChanged; offset < end; offset++) {
        if (node.log[offset]!.term === other.log[offset]!.term && view.prefixHash[offset] !== other.prefixHash[offset]) {
          this.report(
            'log-matching',
            timeMs,
            [id, otherId],
            `${id} and ${otherId} both hold an entry of term ${node.log[offset]!.term} at index ${offset + 1}, but their logs differ before it`,
            offset + 1,
          );
          break;
        }
      }
    }

    // Committed entries must stay on a majority.
    const majority = Math.floor(simulation.nodes.length / 2) + 1;
    for (let offset = firstChanged; offset < Math.min(oldLength, this.committed.length); offset++) {
      const committed = this.committed[offset]!;
      if (sameEntry(node.log[offset], committed.entry)) continue;
      const holders = simulation.nodes.filter((other) => sameEntry(other.log[offset], committed.entry)).map((other) => other.id);
      if (holders.length < majority) {
        this.report(
          'committed-entry-durable',
          timeMs,
          [id],
          `committed entry ${offset + 1} (term ${committed.entry.term}, "${committed.entry.value}") is now held by only ${holders.length} of ${simulation.nodes.length} servers (${holders.join(', ') || 'none'})`,
          offset + 1,
        );
      }
    }
  }

  private onCommit(id: NodeId, timeMs: number, simulation: RaftSimulation): void {
    const node = simulation.node(id)!;
    for (let index = 1; index <= node.commitIndex; index++) {
      const entry = node.log[index - 1];
      if (!entry) break;
      const known = this.committed[index - 1];
      if (known === undefined) {
        this.committed[index - 1] = { entry, committedInTerm: node.currentTerm };
        // Leader Completeness for leaders of higher terms that already exist.
        for (const [leaderId, leaderTerm] of this.leaderTermOf) {
          const leaderLog = simulation.node(leaderId)!.log;
          if (leaderTerm > node.currentTerm && !sameEntry(leaderLog[index - 1], entry)) {
            this.report('leader-completeness', timeMs, [leaderId], `${leaderId} leads term ${leaderTerm} without entry ${index}, committed in term ${node.currentTerm}`, index);
          }
        }
      } else if (!sameEntry(known.entry, entry)) {
        this.report(
          'state-machine-safety',
          timeMs,
          [id],
          `${id} applied "${entry.value}" (term ${entry.term}) at index ${index}, where "${known.entry.value}" (term ${known.entry.term}) was applied before`,
          index,
        );
      }
    }
  }

  private report(name: InvariantName, timeMs: number, nodes: readonly NodeId[], detail: string, logIndex: number | null = null): void {
    if (this.violations.filter((violation) => violation.name === name).length >= this.perPropertyLimit) return;
    this.violations.push({ name, timeMs, nodes, detail, logIndex });
  }
}

function sameEntry(a: LogEntry | undefined, b: LogEntry): boolean {
  return a !== undefined && a.term === b.term && a.value === b.value;
}

/** Offset of the first entry that differs between the old log (first `oldLength`) and the new one. */
function firstDifference(oldLog: readonly LogEntry[], oldLength: number, newLog: readonly LogEntry[]): number {
  const end = Math.min(oldLength, newLog.length);
  if (oldLog === newLog) return end; // Same array: only appended (logs are copy-on-write).
  for (let offset = 0; offset < end; offset++) if (!sameEntry(newLog[offset], oldLog[offset]!)) return offset;
  return end;
}

/** FNV-1a over (term, value) chained along the log, recomputed from `from` on. */
function prefixHashes(log: readonly LogEntry[], from: number, previous: readonly number[]): number[] {
  const hashes = previous.slice(0, from);
  let hash = from === 0 ? 0x811c9dc5 : hashes[from - 1]!;
  for (let offset = from; offset < log.length; offset++) {
    const entry = log[offset]!;
    const text = `${entry.term}:${entry.value};`;
    for (let index = 0; index < text.length; index++) hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193) >>> 0;
    hashes.push(hash);
  }
  return hashes;
}
