// The study tracker's content: the study plan's operational checks and validation criteria (each linked
// to the lab, drill or talk that exercises it), the five trade-off matrices as answer keys with reasons,
// and ten real systems' consensus, partitioning and replication with sources. Grading uses the kit's
// multiple-choice grader (the PACELC quiz's).
import { gradeChoice, type ChoiceGrade, type ChoiceKey } from '../../kit/choiceQuiz.ts';

export interface StudyLink {
  readonly label: string;
  readonly href: string;
}

export interface ChecklistItem {
  readonly id: string;
  readonly kind: 'check' | 'validation';
  readonly text: string;
  readonly links: readonly StudyLink[];
}

/** The study plan's ten operational checks (do it, see it) and its validation criteria (explain it). */
export const CHECKLIST: readonly ChecklistItem[] = [
  { id: 'etcd-kill', kind: 'check', text: 'Kill an etcd member and observe quorum behaviour: 2 of 3 still commit, 1 of 3 refuses.', links: [{ label: 'Live lab (real etcd)', href: '#/live' }, { label: 'Raft lab: quorum loss', href: '#/raft?scenario=quorum-loss' }, { label: 'Exam drill', href: '#/exam?part=build' }] },
  { id: 'postgres-split-brain', kind: 'check', text: 'Cause split-brain in a 2-node PostgreSQL pair and recover it (rewind the old primary); name the writes lost.', links: [{ label: 'Live lab (real PostgreSQL)', href: '#/live' }, { label: 'Replication lab: split-brain', href: '#/replication?scenario=replication-split-brain-2-node' }, { label: 'Exam drill', href: '#/exam?part=build' }] },
  { id: 'raft-election-log', kind: 'check', text: 'Raft election and log replication: randomized timeouts, majority votes, a new term after a leader crash; AppendEntries, log repair of a divergent follower, and the commit rule (Figure 8).', links: [{ label: 'Raft lab: leader crash', href: '#/raft?scenario=leader-crash' }, { label: 'Log repair (Figure 7)', href: '#/raft?scenario=figure-7-log-repair' }, { label: 'Figure 8', href: '#/raft?scenario=figure-8' }, { label: 'Election timing', href: '#/raft/measure' }] },
  { id: 'quorum-rw', kind: 'check', text: 'Show that R + W > N reads see the latest write and R + W ≤ N may not; then break it with a sloppy quorum.', links: [{ label: 'Quorum lab: R+W overlap', href: '#/quorums?scenario=quorum-rw-overlap' }, { label: 'Quorum lab: no overlap', href: '#/quorums?scenario=quorum-rw-no-overlap' }, { label: 'Sloppy quorum', href: '#/quorums?scenario=quorum-sloppy-quorum' }] },
  { id: 'hashing-rebalance', kind: 'check', text: 'Add and remove a node: consistent hashing moves about 1/n of the keys, mod-N moves most of them; virtual nodes smooth the load.', links: [{ label: 'Hashing lab: ring', href: '#/hashing?scenario=hashing-join-leave-ring' }, { label: 'mod-N', href: '#/hashing?scenario=hashing-join-leave-mod-n' }, { label: 'Virtual nodes', href: '#/hashing?scenario=hashing-vnodes-smoothing' }] },
  { id: 'clocks-causality', kind: 'check', text: 'Order events with Lamport and vector clocks; find two concurrent events Lamport timestamps cannot tell apart.', links: [{ label: 'Clocks lab', href: '#/clocks' }, { label: 'Clocks quiz', href: '#/clocks?tab=quiz' }] },
  { id: 'crdt-convergence', kind: 'check', text: 'Partition replicas, update both sides, heal: a CRDT converges (G-counter, OR-set); see where last-writer-wins loses an update.', links: [{ label: 'CRDT lab: G-counter', href: '#/crdts?scenario=crdt-g-counter-partition' }, { label: 'OR-set add-wins', href: '#/crdts?scenario=crdt-or-set-add-wins' }, { label: 'LWW and clock skew', href: '#/crdts?scenario=crdt-lww-clock-skew' }] },
  { id: 'commit-2pc-saga', kind: 'check', text: 'Crash the 2PC coordinator after prepare (participants block); run a saga that compensates instead.', links: [{ label: 'Transactions lab: 2PC blocking', href: '#/commit?scenario=commit-2pc-blocking' }, { label: 'Saga compensation', href: '#/commit?scenario=commit-saga-compensation' }] },
  { id: 'delivery-idempotency', kind: 'check', text: 'Crash a consumer between the side effect and the commit: count the duplicate charge; remove it with an idempotency key (and see its window).', links: [{ label: 'Delivery lab: duplicate charge', href: '#/delivery?scenario=delivery-duplicate-charge' }, { label: 'Idempotency window', href: '#/delivery?scenario=delivery-idempotency-window' }] },
  { id: 'linearizability', kind: 'check', text: 'Check a history for linearizability: a stale read at ONE is caught, a quorum history passes; read a real etcd history.', links: [{ label: 'Quorum lab: stale read', href: '#/quorums?scenario=quorum-stale-read-one' }, { label: 'Consistency models', href: '#/quorums?tab=models' }, { label: 'Live lab checker', href: '#/live' }] },
  { id: 'explain-raft', kind: 'validation', text: 'Explain Raft in 10 minutes: terms, randomized timeouts, majority votes, log matching, the commit rule, safety under partition, Figure 8.', links: [{ label: 'Talk: Raft in 10', href: '#/talk?name=raft-in-10' }] },
  { id: 'explain-crdts', kind: 'validation', text: 'Explain CRDTs in 5 minutes, with when not to use them.', links: [{ label: 'Talk: CRDTs in 5', href: '#/talk?name=crdts-in-5' }] },
  { id: 'explain-cap', kind: 'validation', text: 'Explain CAP vs PACELC in 5 minutes and place five real systems on the PACELC map.', links: [{ label: 'Talk: CAP vs PACELC in 5', href: '#/talk?name=cap-pacelc-in-5' }, { label: 'PACELC quiz', href: '#/quorums?tab=pacelc' }] },
  { id: 'essay-billing', kind: 'validation', text: 'Write 1,500 words: strong consistency for multi-region billing reads (CAP/PACELC, architecture, defence).', links: [{ label: 'Exam: Articulate', href: '#/exam?part=articulate' }] },
  { id: 'essay-exactly-once', kind: 'validation', text: 'Write why exactly-once delivery is a lie and what to build instead.', links: [{ label: 'Exam: Articulate', href: '#/exam?part=articulate' }, { label: 'Delivery lab', href: '#/delivery' }] },
  { id: 'matrices', kind: 'validation', text: 'Fill the five trade-off matrices from memory, with the reasons.', links: [{ label: 'Matrices drill (below)', href: '#/study?tab=matrices' }] },
  { id: 'real-systems', kind: 'validation', text: 'For ten real systems, say their consensus algorithm, partitioning and replication mode.', links: [{ label: 'Real systems drill (below)', href: '#/study?tab=systems' }] },
];

// ----- the five trade-off matrices ---------------------------------------------------------------------

export interface MatrixColumn {
  readonly id: string;
  readonly title: string;
  readonly choices: readonly { readonly id: string; readonly label: string }[];
}

export interface MatrixRow {
  readonly id: string;
  readonly title: string;
  /** The answer per column id. */
  readonly cells: Readonly<Record<string, ChoiceKey<string>>>;
}

export interface Matrix {
  readonly id: string;
  readonly title: string;
  readonly lab: StudyLink;
  readonly columns: readonly MatrixColumn[];
  readonly rows: readonly MatrixRow[];
}

const key = (answer: string, reason: string, alsoAccepted?: readonly string[]): ChoiceKey<string> => (alsoAccepted ? { answer, reason, alsoAccepted } : { answer, reason });

export const MATRICES: readonly Matrix[] = [
  {
    id: 'replication',
    title: 'Replication mode',
    lab: { label: 'Replication lab (sync vs async, failover)', href: '#/replication?scenario=replication-async-failover-loses-writes' },
    columns: [
      { id: 'latency', title: 'Commit latency', choices: [{ id: 'round-trip', label: 'waits for a standby round trip' }, { id: 'local', label: 'local flush only' }] },
      { id: 'loss', title: 'Acknowledged writes lost on failover', choices: [{ id: 'none', label: 'none (RPO = 0)' }, { id: 'possible', label: 'possible (RPO > 0)' }] },
      { id: 'standby-down', title: 'When the standby is down', choices: [{ id: 'block', label: 'commits wait (or degrade to async)' }, { id: 'continue', label: 'commits go on' }] },
    ],
    rows: [
      { id: 'sync', title: 'Synchronous', cells: { latency: key('round-trip', 'The primary acknowledges a commit only after the standby has flushed (or applied) it.'), loss: key('none', 'Every acknowledged commit is on the synchronous standby, so failing over to it loses none.'), 'standby-down': key('block', 'No standby to confirm: strict sync stops commits; Patroni-style non-strict sync drops to async (and may lose writes again).') } },
      { id: 'async', title: 'Asynchronous', cells: { latency: key('local', 'The commit returns after the primary\'s own WAL flush; the standby catches up later.'), loss: key('possible', 'Writes the standby had not received when the primary died are gone after promotion.'), 'standby-down': key('continue', 'The primary does not wait for anyone.') } },
    ],
  },
  {
    id: 'topology',
    title: 'Leader topology',
    lab: { label: 'Replication lab (multi-leader panel) and quorum lab (leaderless)', href: '#/replication' },
    columns: [
      { id: 'conflicts', title: 'Write conflicts', choices: [{ id: 'none', label: 'none: one writer orders all writes' }, { id: 'resolve', label: 'possible: resolved later (LWW, merge, siblings)' }] },
      { id: 'cut-off', title: 'Writes when cut off from the others', choices: [{ id: 'stop', label: 'stop until failover' }, { id: 'local', label: 'go on at the local leader' }, { id: 'w-replicas', label: 'go on if W replicas answer' }] },
      { id: 'example', title: 'Example', choices: [{ id: 'postgres', label: 'PostgreSQL, etcd, MongoDB' }, { id: 'multi-region', label: 'CouchDB, active-active across regions' }, { id: 'dynamo', label: 'Cassandra, Riak, Dynamo' }] },
    ],
    rows: [
      { id: 'single', title: 'Single leader', cells: { conflicts: key('none', 'Every write goes through the one leader, which orders them.'), 'cut-off': key('stop', 'Clients cut off from the leader cannot write until a new leader is chosen (and a minority must not choose one).'), example: key('postgres', 'A primary with standbys; Raft and MongoDB replica sets too.') } },
      { id: 'multi', title: 'Multi-leader', cells: { conflicts: key('resolve', 'Two leaders can accept concurrent writes to the same key; they meet later and must be merged.'), 'cut-off': key('local', 'Each region keeps writing to its own leader: available, at the price of conflicts.'), example: key('multi-region', 'One leader per region or device, replicating asynchronously to the others.') } },
      { id: 'leaderless', title: 'Leaderless', cells: { conflicts: key('resolve', 'Replicas accept writes from any coordinator; concurrent writes give siblings or last-writer-wins.'), 'cut-off': key('w-replicas', 'A write succeeds when W replicas acknowledge it; a sloppy quorum takes any W nodes.'), example: key('dynamo', 'The Dynamo family: quorums of N replicas with read repair and hinted handoff.') } },
    ],
  },
  {
    id: 'consistency',
    title: 'Consistency model',
    lab: { label: 'Quorum lab (consistency models, checker)', href: '#/quorums?tab=models' },
    columns: [
      { id: 'real-time', title: 'Respects real-time order', choices: [{ id: 'yes', label: 'yes' }, { id: 'no', label: 'no' }] },
      { id: 'one-order', title: 'Everyone sees one order of writes', choices: [{ id: 'yes', label: 'yes, always' }, { id: 'converged', label: 'only once replicas converge' }] },
      { id: 'minority', title: 'Serves a minority partition', choices: [{ id: 'no', label: 'no' }, { id: 'yes', label: 'yes' }] },
    ],
    rows: [
      { id: 'linearizable', title: 'Linearizable', cells: { 'real-time': key('yes', 'Each operation appears to take effect at one instant between its call and its return: a read after a write returns sees it.'), 'one-order': key('yes', 'One total order, consistent with real time.'), minority: key('no', 'A minority cannot know what the majority committed (CAP): it must refuse.') } },
      { id: 'sequential', title: 'Sequential', cells: { 'real-time': key('no', 'One total order that respects each process\'s own order, but not real time across processes: a read may lag (ZooKeeper\'s reads).'), 'one-order': key('yes', 'All processes agree on one order of all operations.'), minority: key('no', 'Agreeing on one total order needs coordination: not available in a partition (Jepsen\'s consistency map).') } },
      { id: 'eventual', title: 'Eventual', cells: { 'real-time': key('no', 'Reads may return any older value for a while.'), 'one-order': key('converged', 'Replicas may apply writes in different orders; they agree once updates stop and they exchange state.'), minority: key('yes', 'Every replica answers from what it has.') } },
    ],
  },
  {
    id: 'partitioning',
    title: 'Partitioning key',
    lab: { label: 'Hashing lab (ring, mod-N, rendezvous, jump)', href: '#/hashing?scenario=hashing-join-leave-ring' },
    columns: [
      { id: 'scans', title: 'A range scan of keys in order touches', choices: [{ id: 'few', label: 'one or a few partitions' }, { id: 'all', label: 'every partition' }] },
      { id: 'sequential', title: 'Sequential keys (timestamps) land', choices: [{ id: 'spread', label: 'spread over all partitions' }, { id: 'one', label: 'on one hot partition' }] },
      { id: 'rebalance', title: 'When a node joins', choices: [{ id: 'ring', label: 'about 1/n of keys move (consistent hashing)' }, { id: 'split', label: 'ranges split and move' }] },
    ],
    rows: [
      { id: 'hash', title: 'Hash of the key', cells: { scans: key('all', 'Neighbouring keys hash far apart: an ordered scan asks every partition.'), sequential: key('spread', 'Hashing scatters consecutive keys, so appends do not pile on one node.'), rebalance: key('ring', 'On a ring (or with many virtual nodes) a new node takes a slice from each; mod-N would move nearly everything.') } },
      { id: 'range', title: 'Key range', cells: { scans: key('few', 'Keys are stored in order: a scan reads the partitions covering the range.'), sequential: key('one', 'Increasing keys all fall into the last range: a hot spot.'), rebalance: key('split', 'Ranges split when they grow and move to the new node (Bigtable, Spanner, CockroachDB).') } },
    ],
  },
  {
    id: 'coordination',
    title: 'Coordination across services',
    lab: { label: 'Transactions lab (2PC, 3PC, sagas)', href: '#/commit?scenario=commit-2pc-blocking' },
    columns: [
      { id: 'atomic', title: 'All-or-nothing', choices: [{ id: 'atomic', label: 'yes, atomically' }, { id: 'compensate', label: 'eventually, by compensation' }, { id: 'one-db', label: 'only inside one database' }] },
      { id: 'isolation', title: 'Others see intermediate states', choices: [{ id: 'locks', label: 'no: locks held until the decision' }, { id: 'visible', label: 'yes: each step commits on its own' }, { id: 'database', label: 'no: the database\'s isolation' }] },
      { id: 'crash', title: 'Coordinator crashes mid-way', choices: [{ id: 'block', label: 'prepared participants block, holding locks' }, { id: 'resume', label: 'the orchestrator resumes from its log' }, { id: 'rollback', label: 'the database rolls back' }] },
    ],
    rows: [
      { id: '2pc', title: 'Two-phase commit', cells: { atomic: key('atomic', 'Every participant commits or every one aborts, as the coordinator decides.'), isolation: key('locks', 'Prepared participants keep their locks until they learn the decision.'), crash: key('block', 'A prepared participant may not decide alone: it waits for the coordinator (2PC is a blocking protocol).') } },
      { id: 'saga', title: 'Saga', cells: { atomic: key('compensate', 'Each step commits locally; a failure runs compensating steps for those done.'), isolation: key('visible', 'Sagas give up isolation: others can read the debit before the compensation (semantic locks help).'), crash: key('resume', 'The saga\'s state is durable: it resumes forward or compensates after a restart.') } },
      { id: 'local', title: 'Local transaction', cells: { atomic: key('one-db', 'ACID within one database; across services it needs an outbox or one of the above.'), isolation: key('database', 'The database\'s isolation level applies.'), crash: key('rollback', 'An uncommitted transaction is rolled back on recovery.') } },
    ],
  },
];

export const matrixCellId = (matrix: string, row: string, column: string) => `${matrix}.${row}.${column}`;

export function gradeMatrixCell(matrixId: string, rowId: string, columnId: string, answer: string | null): ChoiceGrade<string> {
  const matrix = MATRICES.find((candidate) => candidate.id === matrixId)!;
  const row = matrix.rows.find((candidate) => candidate.id === rowId)!;
  const column = matrix.columns.find((candidate) => candidate.id === columnId)!;
  const label = (choice: string) => `“${column.choices.find((candidate) => candidate.id === choice)?.label ?? choice}”`;
  return gradeChoice(row.cells[columnId]!, answer, { subject: `the answer for ${row.title} × ${column.title}`, label });
}

// ----- real systems ------------------------------------------------------------------------------------

export type SystemQuestion = 'consensus' | 'partitioning' | 'replication';

export const SYSTEM_QUESTIONS: readonly { readonly id: SystemQuestion; readonly title: string; readonly choices: readonly { readonly id: string; readonly label: string }[] }[] = [
  {
    id: 'consensus',
    title: 'Consensus',
    choices: [
      { id: 'raft', label: 'Raft' },
      { id: 'paxos', label: 'Paxos (Multi-Paxos)' },
      { id: 'zab', label: 'Zab' },
      { id: 'none', label: 'none for the data' },
    ],
  },
  {
    id: 'partitioning',
    title: 'Partitioning',
    choices: [
      { id: 'none', label: 'none: every replica holds everything' },
      { id: 'hash', label: 'by hash of the key' },
      { id: 'range', label: 'by key range' },
      { id: 'both', label: 'hash or range, chosen per collection' },
    ],
  },
  {
    id: 'replication',
    title: 'Replication',
    choices: [
      { id: 'consensus', label: 'a majority through consensus' },
      { id: 'async-primary', label: 'primary to replicas, asynchronous by default' },
      { id: 'isr', label: 'leader + in-sync replica set' },
      { id: 'leaderless', label: 'leaderless, tunable quorums' },
    ],
  },
];

export interface RealSystem {
  readonly id: string;
  readonly name: string;
  readonly answers: Readonly<Record<SystemQuestion, ChoiceKey<string>>>;
  readonly sources: readonly StudyLink[];
}

export const REAL_SYSTEMS: readonly RealSystem[] = [
  {
    id: 'etcd',
    name: 'etcd',
    answers: {
      consensus: key('raft', 'etcd is a replicated state machine on the etcd-io/raft library.'),
      partitioning: key('none', 'One keyspace, fully replicated to every member (which is why clusters stay small: 3 or 5).'),
      replication: key('consensus', 'A write commits once a majority of members has it in their Raft log.'),
    },
    sources: [{ label: 'etcd docs: API guarantees', href: 'https://etcd.io/docs/v3.5/learning/api_guarantees/' }, { label: 'etcd FAQ (cluster size)', href: 'https://etcd.io/docs/v3.5/faq/' }],
  },
  {
    id: 'zookeeper',
    name: 'ZooKeeper',
    answers: {
      consensus: key('zab', 'Zab (ZooKeeper Atomic Broadcast): a primary-backup protocol with leader election, not Paxos as such.'),
      partitioning: key('none', 'Every server holds the whole data tree in memory.'),
      replication: key('consensus', 'The leader commits a proposal once a quorum of followers acknowledged it; reads are served locally (and may lag).'),
    },
    sources: [{ label: 'ZooKeeper internals (Zab)', href: 'https://zookeeper.apache.org/doc/current/zookeeperInternals.html' }, { label: 'Programmer\'s guide: consistency guarantees', href: 'https://zookeeper.apache.org/doc/current/zookeeperProgrammers.html#ch_zkGuarantees' }],
  },
  {
    id: 'kafka',
    name: 'Kafka',
    answers: {
      consensus: key('raft', 'For metadata only: KRaft, a Raft-based controller quorum (Kafka 4.0 dropped ZooKeeper; older clusters kept metadata in ZooKeeper, i.e. Zab). The data itself is not replicated through consensus.', ['zab']),
      partitioning: key('hash', 'A topic is split into partitions; the default partitioner hashes the record key (murmur2) to pick one (keyless records are spread).'),
      replication: key('isr', 'Each partition has a leader; followers fetch from it; with acks=all a write is acknowledged once every in-sync replica has it (min.insync.replicas sets the floor).'),
    },
    sources: [{ label: 'Kafka docs: replication', href: 'https://kafka.apache.org/documentation/#replication' }, { label: 'Kafka docs: KRaft', href: 'https://kafka.apache.org/documentation/#kraft' }],
  },
  {
    id: 'cockroachdb',
    name: 'CockroachDB',
    answers: {
      consensus: key('raft', 'Every range is its own Raft group (MultiRaft); a leaseholder serves reads.'),
      partitioning: key('range', 'The sorted keyspace is split into ranges that split and move as they grow (hash-sharded indexes exist for sequential keys).'),
      replication: key('consensus', 'A write commits once a majority of the range\'s replicas (3 by default) have it.'),
    },
    sources: [{ label: 'CockroachDB: replication layer', href: 'https://www.cockroachlabs.com/docs/stable/architecture/replication-layer' }, { label: 'CockroachDB: distribution layer', href: 'https://www.cockroachlabs.com/docs/stable/architecture/distribution-layer' }],
  },
  {
    id: 'spanner',
    name: 'Spanner',
    answers: {
      consensus: key('paxos', 'Each split (a range of rows) is replicated by a Paxos group with a long-lived leader; TrueTime orders transactions.'),
      partitioning: key('range', 'Tables are split into key ranges (splits) that Spanner moves and splits by load and size.'),
      replication: key('consensus', 'A write commits once a majority of the split\'s voting replicas agree.'),
    },
    sources: [{ label: 'Spanner docs: replication', href: 'https://cloud.google.com/spanner/docs/replication' }, { label: 'Corbett et al., OSDI 2012', href: 'https://www.usenix.org/conference/osdi12/technical-sessions/presentation/corbett' }],
  },
  {
    id: 'cassandra',
    name: 'Cassandra',
    answers: {
      consensus: key('none', 'Ordinary reads and writes use no consensus: any replica accepts them. Paxos is used only for lightweight transactions (IF … conditions, SERIAL).', ['paxos']),
      partitioning: key('hash', 'The partition key is hashed (Murmur3) to a token on a ring of virtual nodes.'),
      replication: key('leaderless', 'The coordinator sends to all N replicas and waits for the consistency level (ONE, QUORUM, ALL …): Dynamo-style.'),
    },
    sources: [{ label: 'Cassandra: Dynamo architecture', href: 'https://cassandra.apache.org/doc/latest/cassandra/architecture/dynamo.html' }, { label: 'Cassandra: guarantees (lightweight transactions)', href: 'https://cassandra.apache.org/doc/latest/cassandra/architecture/guarantees.html' }],
  },
  {
    id: 'dynamodb',
    name: 'DynamoDB',
    answers: {
      consensus: key('paxos', 'Each partition\'s replicas elect a leader with Multi-Paxos; the leader serves writes and strongly consistent reads (unlike the 2007 Dynamo paper).'),
      partitioning: key('hash', 'The partition key is hashed to choose the partition; items sharing it are sorted by the sort key inside.'),
      replication: key('consensus', 'Three replicas across availability zones; a write is acknowledged once a quorum (2 of 3) has it in its log. Global tables across regions are asynchronous.'),
    },
    sources: [{ label: 'Elhemali et al., USENIX ATC 2022', href: 'https://www.usenix.org/conference/atc22/presentation/elhemali' }, { label: 'DynamoDB: partitions', href: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.Partitions.html' }],
  },
  {
    id: 'mongodb',
    name: 'MongoDB',
    answers: {
      consensus: key('raft', 'Replica sets elect a primary with a Raft-like protocol (protocolVersion 1: terms, votes, majority commit point).'),
      partitioning: key('both', 'Sharded clusters split a collection by a shard key into chunks, by range or by hash.'),
      replication: key('consensus', 'Secondaries pull the primary\'s oplog; with write concern "majority" (the default since 5.0) a write is acknowledged once a majority has it. With w:1 it is asynchronous primary to secondaries.', ['async-primary']),
    },
    sources: [{ label: 'MongoDB: replication', href: 'https://www.mongodb.com/docs/manual/replication/' }, { label: 'MongoDB: sharding (ranged and hashed)', href: 'https://www.mongodb.com/docs/manual/sharding/' }],
  },
  {
    id: 'postgresql',
    name: 'PostgreSQL',
    answers: {
      consensus: key('none', 'Built-in streaming replication has no consensus and no automatic failover; tools such as Patroni take a leader lock in etcd, Consul or ZooKeeper.'),
      partitioning: key('none', 'One primary holds all the data (table partitioning is inside one server; sharding needs an extension such as Citus).'),
      replication: key('async-primary', 'Standbys stream the primary\'s WAL, asynchronously by default; synchronous_standby_names makes commits wait for chosen standbys.'),
    },
    sources: [{ label: 'PostgreSQL: high availability and replication', href: 'https://www.postgresql.org/docs/current/high-availability.html' }, { label: 'PostgreSQL: synchronous replication', href: 'https://www.postgresql.org/docs/current/warm-standby.html#SYNCHRONOUS-REPLICATION' }],
  },
  {
    id: 'redis',
    name: 'Redis',
    answers: {
      consensus: key('none', 'No consensus for the data. Failover is decided by Sentinels (a quorum agrees the primary is down, a leader Sentinel is elected) or, in Redis Cluster, by a majority of primaries voting; acknowledged writes can still be lost.'),
      partitioning: key('hash', 'Redis Cluster maps CRC16(key) to one of 16,384 hash slots; a single Redis instance is not partitioned.', ['none']),
      replication: key('async-primary', 'Replicas copy the primary asynchronously; WAIT narrows the window of lost writes but does not make Redis strongly consistent.'),
    },
    sources: [{ label: 'Redis: replication', href: 'https://redis.io/docs/latest/operate/oss_and_stack/management/replication/' }, { label: 'Redis Cluster specification', href: 'https://redis.io/docs/latest/operate/oss_and_stack/reference/cluster-spec/' }],
  },
];

export const systemCellId = (system: string, question: SystemQuestion) => `${system}.${question}`;

export function gradeSystemAnswer(systemId: string, question: SystemQuestion, answer: string | null): ChoiceGrade<string> {
  const system = REAL_SYSTEMS.find((candidate) => candidate.id === systemId)!;
  const choices = SYSTEM_QUESTIONS.find((candidate) => candidate.id === question)!.choices;
  const label = (choice: string) => `“${choices.find((candidate) => candidate.id === choice)?.label ?? choice}”`;
  return gradeChoice(system.answers[question], answer, { subject: `${system.name}'s ${question}`, label });
}

/** Every valid answer id per cell, for reading stored or imported answers. */
export function validMatrixAnswer(cellId: string, value: unknown): value is string {
  const [matrixId, rowId, columnId] = cellId.split('.');
  const matrix = MATRICES.find((candidate) => candidate.id === matrixId);
  const column = matrix?.columns.find((candidate) => candidate.id === columnId);
  return Boolean(matrix?.rows.some((row) => row.id === rowId) && column?.choices.some((choice) => choice.id === value));
}

export function validSystemAnswer(cellId: string, value: unknown): value is string {
  const [systemId, question] = cellId.split('.');
  const choices = SYSTEM_QUESTIONS.find((candidate) => candidate.id === question)?.choices;
  return Boolean(REAL_SYSTEMS.some((system) => system.id === systemId) && choices?.some((choice) => choice.id === value));
}
