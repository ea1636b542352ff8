// The Raft cluster's quorum situation in one sentence a learner can read from the back of the room:
// who leads, how many nodes it can reach, and whether writes can commit — or why no leader can be elected.
import type { RaftNodeView } from '../../../kernel/protocols/raft/run.ts';

export interface QuorumSituation {
  readonly tone: 'ok' | 'warning';
  readonly text: string;
}

/** The alive nodes that can reach each other, group by group (one-way cuts aside). */
function aliveGroups(nodes: readonly RaftNodeView[]): RaftNodeView[][] {
  const byGroup = new Map<number, RaftNodeView[]>();
  for (const node of nodes) {
    if (node.role === 'crashed') continue;
    const members = byGroup.get(node.partition) ?? [];
    members.push(node);
    byGroup.set(node.partition, members);
  }
  return [...byGroup.values()];
}

export function quorumSituation(nodes: readonly RaftNodeView[]): QuorumSituation | null {
  if (nodes.length === 0) return null;
  const total = nodes.length;
  const majority = Math.floor(total / 2) + 1;
  const alive = nodes.filter((node) => node.role !== 'crashed').length;
  const groups = aliveGroups(nodes);
  const largest = Math.max(0, ...groups.map((group) => group.length));
  const leaders = nodes.filter((node) => node.role === 'leader').sort((a, b) => b.term - a.term);
  const leader = leaders[0];
  if (leader) {
    const reachable = groups.find((group) => group.some((node) => node.id === leader.id))?.length ?? 1;
    if (reachable >= majority) {
      return { tone: 'ok', text: `${leader.id} leads term ${leader.term}: ${reachable} of ${total} nodes on its side, a majority is ${majority} — writes commit once ${majority} nodes hold them.` };
    }
    return {
      tone: 'warning',
      text: `${leader.id} still acts as leader of term ${leader.term}, but only ${reachable} of ${total} nodes are on its side and a write needs ${majority}: it accepts writes that cannot commit${largest >= majority ? ', while the other side can elect a new leader' : ''}.`,
    };
  }
  if (largest >= majority) {
    return { tone: 'warning', text: `No leader yet: ${largest} of ${total} nodes can reach each other — an election needs ${majority} votes, so one will be elected.` };
  }
  const reach = alive === 0 ? 'every node is down' : `${largest} of ${total} nodes can reach each other (${alive} alive)`;
  return { tone: 'warning', text: `No leader can be elected: ${reach} — an election needs ${majority} votes. Candidates will keep raising their term until ${majority} nodes can talk again.` };
}
