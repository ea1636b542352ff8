// The Build part's automatic checks on a simulated lab: the learner's own run (the actions the lab
// exports as a scenario) is replayed in the lab's engine step by step, and these pure functions read
// the frame after every step. They check the states the run went through, not the words of the file:
// "a write commits with one member down" holds when the commit index rose while one node was down.
// The names match the checks the live server makes on real etcd and PostgreSQL (src/live/lab.ts).
import type { RaftFrame } from '../../../kernel/protocols/raft/run.ts';
import type { ReplicationFrame } from '../../../kernel/protocols/replication/run.ts';
import type { DrillCheck } from './examModel.ts';

export interface Snapshot<Frame> {
  /** The scenario line just carried out ('' for the state before the first step). */
  readonly text: string;
  readonly kind: string;
  readonly frame: Frame;
}

type RaftView = Pick<RaftFrame, 'nowMs' | 'nodes'>;

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function raftFacts(frame: RaftView) {
  const size = frame.nodes.length;
  const majority = Math.floor(size / 2) + 1;
  const down = frame.nodes.filter((node) => node.role === 'crashed');
  const leaders = frame.nodes.filter((node) => node.role === 'leader').sort((a, b) => b.term - a.term);
  const commit = Math.max(0, ...frame.nodes.filter((node) => node.role !== 'crashed').map((node) => node.commitIndex));
  return {
    size,
    majority,
    down,
    leader: leaders[0] ?? null,
    commit,
    /** Some nodes down, but a majority still running. */
    minorityDown: down.length >= 1 && size - down.length >= majority,
    majorityDown: size - down.length < majority,
  };
}

const downWords = (facts: ReturnType<typeof raftFacts>) => `${facts.down.map((node) => node.id).join(', ')} down`;

/** How long a request must stay uncommitted, with a majority down, to count as refused (a few election timeouts). */
export const REFUSAL_WAIT_MS = 1000;

export function checkQuorumRun(snapshots: readonly Snapshot<RaftView>[]): DrillCheck[] {
  const facts = snapshots.map((snapshot) => raftFacts(snapshot.frame));
  const first = facts[0];
  if (!first) return [{ name: 'leader-after-kill', ok: false, saw: 'the run is empty' }];

  const leaderIndex = facts.findIndex((fact) => fact.minorityDown && fact.leader !== null);
  const leaderCheck: DrillCheck =
    leaderIndex === -1
      ? { name: 'leader-after-kill', ok: false, saw: facts.some((fact) => fact.minorityDown) ? 'a node was down but no leader was seen while it was (let the run go on for an election)' : 'no node was ever crashed while a majority ran' }
      : { name: 'leader-after-kill', ok: true, saw: `at ${seconds(snapshots[leaderIndex]!.frame.nowMs)} ${downWords(facts[leaderIndex]!)} and ${facts[leaderIndex]!.leader!.id} led term ${facts[leaderIndex]!.leader!.term}` };

  let commitCheck: DrillCheck = { name: 'commit-with-one-down', ok: false, saw: 'no write committed while a minority was down (send a request with one node down and let it run)' };
  for (let index = 1; index < facts.length; index++) {
    const before = facts[index - 1]!;
    const after = facts[index]!;
    if (before.minorityDown && after.minorityDown && after.commit > before.commit) {
      commitCheck = { name: 'commit-with-one-down', ok: true, saw: `commit index ${before.commit} → ${after.commit} between ${seconds(snapshots[index - 1]!.frame.nowMs)} and ${seconds(snapshots[index]!.frame.nowMs)} with ${downWords(after)}` };
      break;
    }
  }

  // A request made while a majority was down, and that majority still down REFUSAL_WAIT_MS later with the commit index unchanged.
  let refusedCheck: DrillCheck = { name: 'refused-without-quorum', ok: false, saw: facts.some((fact) => fact.majorityDown) ? `a majority was down, but no request was sent then and watched for ${REFUSAL_WAIT_MS / 1000} s` : 'a majority of the nodes was never down at once' };
  let lastRefusalIndex = -1;
  for (let request = 0; request < snapshots.length && !refusedCheck.ok; request++) {
    if (snapshots[request]!.kind !== 'request' || !facts[request]!.majorityDown) continue;
    const commitAtRequest = facts[request]!.commit;
    for (let later = request + 1; later < snapshots.length && facts[later]!.majorityDown; later++) {
      if (facts[later]!.commit > commitAtRequest) break;
      const waited = snapshots[later]!.frame.nowMs - snapshots[request]!.frame.nowMs;
      if (waited >= REFUSAL_WAIT_MS) {
        const fact = facts[later]!;
        refusedCheck = {
          name: 'refused-without-quorum',
          ok: true,
          saw: `${snapshots[request]!.text.trim()} at ${seconds(snapshots[request]!.frame.nowMs)} with ${fact.size - fact.down.length} of ${fact.size} running (a majority is ${fact.majority}): not committed ${seconds(waited)} later (commit index stayed ${commitAtRequest}${fact.leader ? `; ${fact.leader.id} still called itself leader and could not commit` : ', no leader'})`,
        };
        lastRefusalIndex = later;
        break;
      }
    }
  }
  // Any majority-down moment counts as the outage recovery must follow, if no refusal was watched.
  const outageIndex = lastRefusalIndex !== -1 ? lastRefusalIndex : facts.map((fact) => fact.majorityDown).lastIndexOf(true);

  let recoveryCheck: DrillCheck = { name: 'recovery', ok: false, saw: outageIndex === -1 ? 'there was no outage to recover from' : 'after the outage, no moment with every node running, a leader and a new commit' };
  if (outageIndex !== -1) {
    const commitInOutage = facts[outageIndex]!.commit;
    for (let index = outageIndex + 1; index < facts.length; index++) {
      const fact = facts[index]!;
      if (fact.down.length === 0 && fact.leader && fact.commit > commitInOutage) {
        recoveryCheck = { name: 'recovery', ok: true, saw: `at ${seconds(snapshots[index]!.frame.nowMs)} all ${fact.size} running, ${fact.leader.id} led term ${fact.leader.term}, commit index ${commitInOutage} → ${fact.commit}` };
        break;
      }
    }
  }
  return [leaderCheck, commitCheck, refusedCheck, recoveryCheck];
}

type ReplicationView = Pick<ReplicationFrame, 'nowMs' | 'config' | 'nodes' | 'primaries' | 'measures' | 'writes' | 'groups' | 'discards'>;

export function checkSplitBrainRun(snapshots: readonly Snapshot<ReplicationView>[]): DrillCheck[] {
  const first = snapshots[0]?.frame;
  const last = snapshots[snapshots.length - 1]?.frame;
  if (!first || !last) return [{ name: 'two-node-pair', ok: false, saw: 'the run is empty' }];
  const pair: DrillCheck = { name: 'two-node-pair', ok: first.config.nodeCount === 2, saw: first.config.nodeCount === 2 ? `2 nodes, ${first.config.mode} replication` : `${first.config.nodeCount} nodes: the drill asks for a pair (nodes=2)` };

  const splitIndex = snapshots.findIndex((snapshot) => snapshot.frame.measures.splitBrain !== null);
  const split = splitIndex === -1 ? null : snapshots[splitIndex]!.frame.measures.splitBrain!;
  const splitCheck: DrillCheck = split
    ? { name: 'split-brain', ok: true, saw: split.explanation }
    : { name: 'split-brain', ok: false, saw: snapshots.some((snapshot) => snapshot.frame.primaries.length > 1) ? 'two primaries existed but they did not both acknowledge writes at the same time (write through each)' : 'there was never more than one primary' };

  const primary = last.primaries.length === 1 ? last.nodes.find((node) => node.id === last.primaries[0]) ?? null : null;
  const others = last.nodes.filter((node) => node.id !== primary?.id);
  const healed = last.groups.length <= 1;
  const following = others.every((node) => node.alive && node.role === 'standby' && node.upstream === primary?.id && node.diverged === null);
  const recovered = splitIndex !== -1 && primary !== null && healed && following;
  const recoveredCheck: DrillCheck = {
    name: 'recovered',
    ok: recovered,
    saw: recovered
      ? `${others.map((node) => `${node.id} is a standby on timeline ${node.timeline} streaming from ${primary.id}`).join('; ')} (at ${seconds(last.nowMs)})`
      : splitIndex === -1
        ? 'no split-brain happened, so nothing was recovered'
        : `at the end: ${last.primaries.length} primar${last.primaries.length === 1 ? 'y' : 'ies'}${healed ? '' : ', the network still partitioned'}${others.map((node) => `; ${node.id} ${node.alive ? node.role : 'down'}${node.diverged ? ` (${node.diverged})` : ''}`).join('')}`,
  };

  const lost = last.writes.filter((write) => write.status === 'lost');
  const lostCheck: DrillCheck =
    recovered && lost.length > 0
      ? { name: 'lost-writes-named', ok: true, saw: `lost: ${lost.map((write) => `${write.key}=${String(write.value)} via ${write.node} at ${seconds(write.invokeMs)}`).join('; ')}` }
      : { name: 'lost-writes-named', ok: false, saw: recovered ? 'no acknowledged write was lost (the old primary took none after the fork?)' : 'the pair has not recovered yet, so the lost writes are not settled' };
  return [pair, splitCheck, recoveredCheck, lostCheck];
}
