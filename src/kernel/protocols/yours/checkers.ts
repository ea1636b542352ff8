// The election checks, apart from the code they judge: they see only what nodes report
// (role, term) and who is up. Raft's Election Safety (§5.2, Figure 3: "at most one leader can be
// elected in a given term"), terms that never go back on a node (currentTerm only increases, and is
// persistent), and liveness: once the network is whole again, a leader within a bound.

import type { ReportedRole } from './types.ts';

export type ElectionViolation =
  | { readonly kind: 'two-leaders'; readonly timeMs: number; readonly term: number; readonly nodes: readonly [string, string]; readonly text: string }
  | { readonly kind: 'term-decreased'; readonly timeMs: number; readonly node: string; readonly fromTerm: number; readonly toTerm: number; readonly text: string }
  | { readonly kind: 'no-leader'; readonly timeMs: number; readonly sinceMs: number; readonly text: string }
  /** A workload's check failed (graded runs only: echo text, or a lin-kv history that is not linearizable). */
  | { readonly kind: 'workload'; readonly timeMs: number; readonly text: string };

export interface ElectionCheckerSnapshot {
  readonly leaders: readonly (readonly [number, string])[];
  readonly highestTerm: readonly (readonly [string, number])[];
}

/** Feed it every report in time order; it answers with the violations that report makes. */
export class ElectionChecker {
  /** The first node that said it leads each term. */
  private leaders = new Map<number, string>();
  /** The highest term each node has ever reported, across crashes (terms are persistent state). */
  private highestTerm = new Map<string, number>();

  observe(timeMs: number, node: string, role: ReportedRole, term: number, restartedSinceLastReport = false): ElectionViolation[] {
    const violations: ElectionViolation[] = [];
    const before = this.highestTerm.get(node);
    if (before !== undefined && term < before) {
      const why = restartedSinceLastReport ? ' after a restart: is currentTerm kept with disk.write?' : '';
      violations.push({ kind: 'term-decreased', timeMs, node, fromTerm: before, toTerm: term, text: `${node}'s term went back from ${before} to ${term}${why} (a term only ever grows)` });
    } else {
      this.highestTerm.set(node, term);
    }
    if (role === 'leader') {
      const first = this.leaders.get(term);
      if (first === undefined) this.leaders.set(term, node);
      else if (first !== node) {
        violations.push({ kind: 'two-leaders', timeMs, term, nodes: [first, node], text: `Two leaders in term ${term}: ${first} and ${node} (Election Safety: at most one leader per term)` });
      }
    }
    return violations;
  }

  snapshot(): ElectionCheckerSnapshot {
    return { leaders: [...this.leaders], highestTerm: [...this.highestTerm] };
  }

  static fromSnapshot(snapshot: ElectionCheckerSnapshot): ElectionChecker {
    const checker = new ElectionChecker();
    checker.leaders = new Map(snapshot.leaders);
    checker.highestTerm = new Map(snapshot.highestTerm);
    return checker;
  }
}

export interface LivenessNode {
  readonly id: string;
  readonly up: boolean;
  readonly role: ReportedRole | null;
  readonly term: number | null;
}

/**
 * Liveness after a heal: at `timeMs`, `boundMs` after the network became whole with every node up,
 * some up node leads in a term no up node has gone past (a leader the others can follow). Null
 * when there is one; the violation otherwise.
 */
export function checkLeaderAfterHeal(nodes: readonly LivenessNode[], healedAtMs: number, timeMs: number): ElectionViolation | null {
  const up = nodes.filter((node) => node.up);
  const highest = Math.max(0, ...up.map((node) => node.term ?? 0));
  const leader = up.find((node) => node.role === 'leader' && node.term === highest);
  if (leader) return null;
  const roles = up.map((node) => `${node.id} ${node.role ?? 'silent'}${node.term !== null ? ` t${node.term}` : ''}`).join(', ');
  return {
    kind: 'no-leader',
    timeMs,
    sinceMs: healedAtMs,
    text: `No leader ${timeMs - healedAtMs} ms after the network healed (${roles}): elections keep failing — are election timeouts randomised?`,
  };
}
