// What the exam asks: the drills' steps, the two essay prompts with their rubrics, the three talks
// with their budgets and rubrics, and the lab runs offered as evidence. Words only; no state.
import type { DrillId, EssayId, TalkId } from './examModel.ts';

export interface RubricItem {
  readonly id: string;
  readonly text: string;
}

export interface DrillSpec {
  readonly id: DrillId;
  readonly title: string;
  readonly steps: readonly string[];
  /** The simulated lab the drill falls back to, and a link that opens it with the drill's settings. */
  readonly labTitle: string;
  readonly labLink: string;
  /** The check names, in order, with what each asks for (the same names the live server's checks use). */
  readonly checks: readonly RubricItem[];
}

export const DRILLS: readonly DrillSpec[] = [
  {
    id: 'etcd-quorum',
    title: 'Kill an etcd member and observe quorum behaviour',
    steps: [
      'Start a 3-member cluster and wait for a leader.',
      'Kill one member: a leader is still elected (2 of 3 is a majority) and a write still commits.',
      'Kill a second member: with 1 of 3 left, a write does not commit.',
      'Restart the members: a leader again, and a write commits.',
    ],
    labTitle: 'Raft lab (3 nodes)',
    labLink: '#/raft?nodes=3&seed=7',
    checks: [
      { id: 'leader-after-kill', text: 'one member down and a leader still elected' },
      { id: 'commit-with-one-down', text: 'a write commits with one member down' },
      { id: 'refused-without-quorum', text: 'a majority down: a write is not committed' },
      { id: 'recovery', text: 'every member back, a leader, and a write committed again' },
    ],
  },
  {
    id: 'postgres-split-brain',
    title: 'Cause split-brain in a 2-node PostgreSQL pair and recover',
    steps: [
      'Start a primary and one async standby.',
      'Cut the replication link (partition n1 | n2) and promote the standby while the old primary still takes writes.',
      'Write through both: two primaries acknowledge writes (split-brain).',
      'Recover: heal, keep one primary, rewind the other onto its timeline so it streams again; name the writes lost.',
    ],
    labTitle: 'Replication lab (2 nodes, async, manual failover)',
    labLink: '#/replication?nodes=2&mode=async&failover=manual&fencing=none&seed=2',
    checks: [
      { id: 'two-node-pair', text: 'a 2-node pair' },
      { id: 'split-brain', text: 'two primaries acknowledged writes at the same time' },
      { id: 'recovered', text: 'one primary again, the other streaming from it' },
      { id: 'lost-writes-named', text: 'the writes the rewind threw away, named' },
    ],
  },
];

export interface EssaySpec {
  readonly id: EssayId;
  readonly title: string;
  readonly prompt: string;
  readonly rubric: readonly RubricItem[];
  /** Lab runs worth citing: a link that opens the run and the summary "insert evidence" writes. */
  readonly evidence: readonly EvidenceOffer[];
  readonly labNote: string;
}

export interface EvidenceOffer {
  readonly id: string;
  readonly title: string;
  readonly link: string;
  readonly summary: string;
}

export const ESSAYS: readonly EssaySpec[] = [
  {
    id: 'billing',
    title: 'Strong consistency for billing reads',
    prompt:
      'I have a multi-region service that needs strong consistency for billing reads. Walk through CAP/PACELC trade-offs, propose an architecture, defend the choice.',
    rubric: [
      { id: 'cap-pacelc', text: 'CAP and PACELC named correctly (CAP: only during a partition; PACELC adds latency vs consistency when there is none)' },
      { id: 'model', text: 'the consistency model billing reads need, named (linearizable reads, or read-your-writes at least) and why' },
      { id: 'placement', text: 'where the leader / quorum lives across regions (and what a region loss does to it)' },
      { id: 'latency', text: 'the latency cost in the no-partition case (cross-region round trips per write and per read)' },
      { id: 'failures', text: 'failure modes and what the user sees (refused or slow, never a wrong balance)' },
      { id: 'cost', text: 'cost (replicas, regions, cross-region traffic, operations)' },
    ],
    evidence: [
      { id: 'quorum-minority', title: 'Quorums: a minority refuses', link: '#/quorums?scenario=quorum-minority-refuses', summary: 'Quorum lab: with R=W=2 of 3, the side of a partition without a majority refuses reads and writes rather than answer stale (PC).' },
      { id: 'quorum-stale', title: 'Quorums: a stale read at ONE', link: '#/quorums?scenario=quorum-stale-read-one', summary: 'Quorum lab: R=W=1 answers fast from one replica and returns a value older than an acknowledged write (EL gives up consistency).' },
      { id: 'raft-minority', title: 'Raft: a minority partition', link: '#/raft?scenario=minority-partition', summary: 'Raft lab: a leader cut off into a minority cannot commit; the majority elects a new leader and goes on.' },
      { id: 'async-failover', title: 'Replication: async failover loses writes', link: '#/replication?scenario=replication-async-failover-loses-writes', summary: 'Replication lab: failing over to an async standby loses writes the old primary had acknowledged (RPO > 0).' },
      { id: 'sync-blocks', title: 'Replication: strict sync blocks', link: '#/replication?scenario=replication-sync-strict-blocks', summary: 'Replication lab: strict synchronous replication stops commits when the standby is unreachable: consistency bought with availability.' },
    ],
    labNote: 'The quorum lab (PACELC map, latency), the Raft lab and the replication lab show each trade-off.',
  },
  {
    id: 'exactly-once',
    title: 'Why is exactly-once delivery a lie?',
    prompt: 'Why is exactly-once delivery a lie, and what should I build instead?',
    rubric: [
      { id: 'semantics', text: 'at-most-once and at-least-once defined, with where each loses or duplicates' },
      { id: 'impossible', text: 'why delivery cannot be exactly once: a lost ack and a crash look the same to the sender (it must retry or give up)' },
      { id: 'effect', text: 'delivery vs effect: "effectively once" = at-least-once delivery + an idempotent or deduplicated effect' },
      { id: 'kafka-boundary', text: "where Kafka's exactly-once stops (read-process-write inside Kafka; a side effect outside it is not covered)" },
      { id: 'design', text: 'a design: idempotency keys and a dedup store (or an outbox/inbox in the same transaction), with its window' },
      { id: 'costs', text: 'what it costs and what still goes wrong (dedup window expiry, store size, ordering)' },
    ],
    evidence: [
      { id: 'duplicate-charge', title: 'Delivery: a duplicate charge', link: '#/delivery?scenario=delivery-duplicate-charge', summary: 'Delivery lab: at-least-once delivery with a plain side effect charges a customer twice after a crash between the effect and the commit.' },
      { id: 'idempotency-window', title: 'Delivery: the idempotency window', link: '#/delivery?scenario=delivery-idempotency-window', summary: 'Delivery lab: an idempotency key removes the duplicates, until a retry arrives after the dedup window has expired.' },
      { id: 'kafka-eos', title: "Delivery: Kafka's EOS boundary", link: '#/delivery?scenario=delivery-kafka-eos-boundary', summary: "Delivery lab: Kafka transactions make the output topic exactly once, but the payment made outside Kafka still happens twice." },
    ],
    labNote: "The delivery lab's \"Evidence for the essay\" card copies a run as Markdown with its link: paste it into the evidence box below.",
  },
];

export interface TalkSpec {
  readonly id: TalkId;
  readonly title: string;
  readonly budgetMinutes: number;
  /** The talk pages are presenter mode's (another part of the app); the exam links to them. */
  readonly link: string;
  readonly rubric: readonly RubricItem[];
}

export const TALKS: readonly TalkSpec[] = [
  {
    id: 'raft-in-10',
    title: 'Raft in 10 minutes',
    budgetMinutes: 10,
    link: '#/talk?name=raft-in-10',
    rubric: [
      { id: 'terms', text: 'terms' },
      { id: 'timeouts', text: 'randomized election timeouts' },
      { id: 'votes', text: 'majority votes' },
      { id: 'log-matching', text: 'log matching' },
      { id: 'commit-rule', text: 'the commit rule' },
      { id: 'partition', text: 'safety under partition' },
      { id: 'figure-8', text: 'Figure 8 (why only current-term entries commit by counting)' },
    ],
  },
  {
    id: 'crdts-in-5',
    title: 'CRDTs in 5 minutes',
    budgetMinutes: 5,
    link: '#/talk?name=crdts-in-5',
    rubric: [
      { id: 'convergence', text: 'strong eventual consistency: same updates, same state' },
      { id: 'merge', text: 'merge is commutative, associative, idempotent (state) or ops commute (op-based)' },
      { id: 'example', text: 'one worked example (G-counter, OR-set)' },
      { id: 'limits', text: 'when not to use them (invariants such as a balance ≥ 0)' },
    ],
  },
  {
    id: 'cap-pacelc-in-5',
    title: 'CAP vs PACELC in 5 minutes',
    budgetMinutes: 5,
    link: '#/talk?name=cap-pacelc-in-5',
    rubric: [
      { id: 'cap', text: 'CAP: during a partition, choose consistency or availability' },
      { id: 'else', text: 'PACELC: else, latency or consistency' },
      { id: 'examples', text: 'real systems placed (and that it depends on configuration)' },
    ],
  },
];

/** A link of this app (`#/lab?…`) or a full URL on this page's origin: the only evidence links accepted. */
export function evidenceLinkProblem(link: string, origin: string): string | null {
  const text = link.trim();
  if (text === '') return 'paste a lab link (e.g. from "Replay what you did", or a preset\'s address)';
  const hash = text.startsWith('#/') ? text : text.startsWith(`${origin}/`) && text.includes('#/') ? text.slice(text.indexOf('#/')) : null;
  if (hash === null) return `a lab link starts with #/ or ${origin}/`;
  if (!/^#\/[a-z/]+(\?|$)/.test(hash)) return 'that is not a lab of this app';
  return null;
}

export const essaySpec = (id: EssayId) => ESSAYS.find((essay) => essay.id === id)!;
export const drillSpec = (id: DrillId) => DRILLS.find((drill) => drill.id === id)!;
export const talkSpec = (id: TalkId) => TALKS.find((talk) => talk.id === id)!;
