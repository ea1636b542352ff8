// Real systems on the PACELC map (Abadi 2012): quadrant, one-line reason, source, and what moves them.
// Abadi's own classifications are marked; where a system's place depends on configuration or on
// the operation (reads and writes often differ), the entry says so instead of pretending otherwise.
import { gradeChoice } from '../../kit/choiceQuiz.ts';

export type PartitionChoice = 'PA' | 'PC';
export type NormalChoice = 'EL' | 'EC';
export type Quadrant = `${PartitionChoice}/${NormalChoice}`;

export const QUADRANTS: readonly Quadrant[] = ['PA/EL', 'PA/EC', 'PC/EL', 'PC/EC'];

export const QUADRANT_MEANING: Record<Quadrant, string> = {
  'PA/EL': 'Partition: stay available. Else: answer fast from few replicas (consistency given up both times).',
  'PA/EC': 'Partition: stay available. Else: pay latency for consistency.',
  'PC/EL': 'Partition: refuse rather than diverge. Else: answer fast, possibly stale.',
  'PC/EC': 'Partition: refuse rather than diverge. Else: pay latency for consistency (never gives up consistency).',
};

export interface SystemPlacement {
  readonly id: string;
  readonly name: string;
  readonly quadrant: Quadrant;
  /** True when the place depends on configuration or differs by operation; `reason` says how. */
  readonly depends: boolean;
  /** Abadi 2012 places this system (or its ancestor) explicitly. */
  readonly abadi: boolean;
  readonly reason: string;
  readonly source: string;
  /** The configuration that moves it, and where to. */
  readonly moves: string;
  /** Other quadrants a grader should accept (with the reason above) where it depends. */
  readonly alsoAccepted?: readonly Quadrant[];
}

export const SYSTEMS: readonly SystemPlacement[] = [
  {
    id: 'dynamo',
    name: 'Dynamo (2007 paper)',
    quadrant: 'PA/EL',
    depends: false,
    abadi: true,
    reason: 'Sloppy quorums and hinted handoff keep writes available on any side; typical R + W ≤ N settings answer from the fastest replicas.',
    source: 'Abadi 2012, "Consistency Tradeoffs in Modern Distributed Database System Design"; DeCandia et al. 2007, "Dynamo"',
    moves: 'R + W > N (e.g. N=3, R=W=2) gives up some latency for overlap, but sloppy quorum still lets quorums miss each other.',
  },
  {
    id: 'cassandra-one',
    name: 'Cassandra at ONE',
    quadrant: 'PA/EL',
    depends: true,
    abadi: true,
    reason: 'Consistency level ONE (the usual default) needs one replica: any side answers, and reads may be stale.',
    source: 'Abadi 2012 (Cassandra: PA/EL); Apache Cassandra docs, "Tunable consistency / consistency levels"',
    moves: 'QUORUM reads and writes (or LOCAL_QUORUM per data centre) move it to PC/EC; SERIAL (lightweight transactions, Paxos) is needed for linearizable compare-and-set.',
  },
  {
    id: 'cassandra-quorum',
    name: 'Cassandra at QUORUM',
    quadrant: 'PC/EC',
    depends: true,
    abadi: false,
    reason: 'R = W = QUORUM overlaps (R + W > N): a minority side refuses, and every request waits for a majority of replicas.',
    source: 'Apache Cassandra docs, "Tunable consistency / consistency levels"; DDIA ch. 5 ("Quorums for reading and writing")',
    moves: 'Back to ONE for PA/EL. Even at QUORUM, last-write-wins timestamps and clock skew can lose updates: overlap is not linearizability.',
  },
  {
    id: 'riak',
    name: 'Riak KV',
    quadrant: 'PA/EL',
    depends: true,
    abadi: true,
    reason: 'Dynamo-style: sloppy quorum (r, w default to a quorum of n_val, but fallback vnodes accept writes), siblings resolved later.',
    source: 'Abadi 2012 (Riak: PA/EL); Riak KV docs, "Replication properties" (n_val, r, w, pr, pw)',
    moves: 'pr/pw (primary quorums) refuse fallbacks (toward PC); Riak 2.0 strongly consistent buckets are PC/EC.',
  },
  {
    id: 'dynamodb-default',
    name: 'DynamoDB (eventually consistent reads)',
    quadrant: 'PA/EL',
    depends: true,
    abadi: false,
    reason: 'The default read may be served by any replica of the partition and may miss a recent write: fast and available for reads.',
    source: 'AWS DynamoDB Developer Guide, "Read consistency"; Elhemali et al. 2022, "Amazon DynamoDB" (USENIX ATC)',
    moves: 'Writes always go to the partition leader and need a quorum of its replicas (Multi-Paxos), so writes are PC; ConsistentRead=true makes reads PC/EC too.',
    alsoAccepted: ['PC/EL'],
  },
  {
    id: 'dynamodb-strong',
    name: 'DynamoDB (strongly consistent reads)',
    quadrant: 'PC/EC',
    depends: false,
    abadi: false,
    reason: 'ConsistentRead=true is answered by the partition leader: it reflects every acknowledged write, costs more latency and capacity, and fails when the leader cannot be reached.',
    source: 'AWS DynamoDB Developer Guide, "Read consistency"',
    moves: 'Drop ConsistentRead for PA/EL reads. Global tables replicate between regions asynchronously (EL across regions).',
  },
  {
    id: 'mongodb-default',
    name: 'MongoDB (as Abadi classified it)',
    quadrant: 'PA/EC',
    depends: true,
    abadi: true,
    reason: 'Abadi: reads and writes go to the primary (EC); in a partition a new primary is elected and writes the old primary took but had not replicated are rolled back (PA).',
    source: 'Abadi 2012 (MongoDB: PA/EC); MongoDB manual, "Rollbacks During Replica Set Failover"',
    moves: 'readPreference=secondary makes reads EL. Since MongoDB 5.0 the default write concern is "majority", which moves writes toward PC.',
  },
  {
    id: 'mongodb-majority',
    name: 'MongoDB (w: majority, readConcern majority/linearizable)',
    quadrant: 'PC/EC',
    depends: true,
    abadi: false,
    reason: 'A write is acknowledged only once a majority has it, so it survives failover; a minority primary steps down and cannot acknowledge.',
    source: 'MongoDB manual, "Write Concern" and "Read Concern" ("linearizable", "majority")',
    moves: 'w:1 and reads from secondaries go back toward PA/EL. readConcern "majority" alone can return slightly old data; "linearizable" is needed for the newest.',
  },
  {
    id: 'etcd-linearizable',
    name: 'etcd (linearizable reads, the default)',
    quadrant: 'PC/EC',
    depends: false,
    abadi: false,
    reason: 'Raft: writes need a majority; default reads confirm leadership with a quorum (ReadIndex) before answering. A minority side answers neither.',
    source: 'etcd docs, "API guarantees" (linearizability); Ongaro & Ousterhout 2014, "In Search of an Understandable Consensus Algorithm" §8',
    moves: 'Serializable reads (etcdctl get --consistency=s) are answered locally: PA/EL for reads.',
  },
  {
    id: 'etcd-serializable',
    name: 'etcd (serializable reads)',
    quadrant: 'PA/EL',
    depends: true,
    abadi: false,
    reason: 'A serializable read is served by whichever member is asked, from its local state: fast, available on a minority side, possibly stale. Writes still need a majority.',
    source: 'etcd docs, "API guarantees" and "etcdctl get --consistency"',
    moves: 'The default linearizable read moves reads back to PC/EC.',
    alsoAccepted: ['PC/EL'],
  },
  {
    id: 'zookeeper',
    name: 'ZooKeeper',
    quadrant: 'PC/EL',
    depends: true,
    abadi: false,
    reason: 'Writes are linearizable through Zab (a majority); reads are served locally by the server a client talks to (sequentially consistent, may lag). A server cut off from the quorum stops serving.',
    source: 'Hunt et al. 2010, "ZooKeeper: Wait-free Coordination for Internet-scale Systems"; ZooKeeper Programmer\'s Guide, "Consistency Guarantees"',
    moves: 'sync() before a read gets the latest value (EC for that read); read-only mode (readonlymode.enabled) lets a partitioned server answer reads (PA for reads).',
    alsoAccepted: ['PC/EC'],
  },
  {
    id: 'spanner',
    name: 'Spanner',
    quadrant: 'PC/EC',
    depends: false,
    abadi: false,
    reason: 'Paxos groups and TrueTime give external consistency (strict serializability); a minority replica cannot commit, and commits wait out clock uncertainty.',
    source: 'Corbett et al. 2012, "Spanner: Google\'s Globally-Distributed Database" (OSDI); Brewer 2017, "Spanner, TrueTime and the CAP Theorem"',
    moves: 'Stale reads (bounded or exact staleness) are served by nearby replicas: EL for those reads.',
  },
  {
    id: 'cockroachdb',
    name: 'CockroachDB',
    quadrant: 'PC/EC',
    depends: false,
    abadi: false,
    reason: 'Raft per range, serializable transactions, reads through the range\'s leaseholder: a minority cannot serve the range.',
    source: 'Taft et al. 2020, "CockroachDB: The Resilient Geo-Distributed SQL Database" (SIGMOD); CockroachDB docs, "Follower Reads"',
    moves: 'Follower reads (AS OF SYSTEM TIME follower_read_timestamp()) are served by the nearest replica, slightly in the past: EL for those reads.',
  },
  {
    id: 'postgres-async',
    name: 'PostgreSQL (primary + async standbys)',
    quadrant: 'PC/EL',
    depends: true,
    abadi: false,
    reason: 'Only the primary takes writes (a side without it cannot write); reads on hot standbys lag behind. Failing over to an async standby can lose acknowledged commits.',
    source: 'PostgreSQL docs, "High Availability, Load Balancing, and Replication" (streaming replication, hot standby)',
    moves: 'Reading only from the primary makes reads EC; synchronous_standby_names with synchronous_commit=remote_apply makes standby reads current and commits wait (PC/EC).',
    alsoAccepted: ['PC/EC'],
  },
  {
    id: 'postgres-sync',
    name: 'PostgreSQL (synchronous replication)',
    quadrant: 'PC/EC',
    depends: true,
    abadi: false,
    reason: 'A commit waits for the synchronous standby(s): no acknowledged commit is lost on failover, and commits stop when the standby is unreachable.',
    source: 'PostgreSQL docs, "Synchronous Replication" (synchronous_commit, synchronous_standby_names)',
    moves: 'synchronous_commit=local or async standbys go back to PC/EL; quorum commit (ANY k) tolerates slow standbys.',
  },
  {
    id: 'mysql-aurora',
    name: 'MySQL (async replication) / Aurora',
    quadrant: 'PC/EL',
    depends: true,
    abadi: false,
    reason: 'One writer; MySQL replicas and Aurora Replicas lag (Aurora: usually well under a second), so replica reads are fast but may be stale. Aurora storage writes need 4 of 6 copies.',
    source: 'MySQL Reference Manual, "Replication" (semisynchronous replication); Verbitski et al. 2017, "Amazon Aurora" (SIGMOD)',
    moves: 'Reading from the writer makes reads EC; MySQL Group Replication in single-primary mode with consistency=AFTER is PC/EC.',
    alsoAccepted: ['PC/EC'],
  },
  {
    id: 'redis',
    name: 'Redis (primary–replica replication)',
    quadrant: 'PA/EL',
    depends: true,
    abadi: false,
    reason: 'Replication is asynchronous: replicas serve stale reads, and an isolated primary keeps accepting writes for a while that are lost when a replica is promoted. Neither linearizable nor fully available.',
    source: 'Redis docs, "Redis replication" and "Redis cluster specification" (no strong consistency guarantee)',
    moves: 'WAIT and min-replicas-to-write narrow the window of lost writes (toward PC) but do not make Redis linearizable.',
  },
  {
    id: 'pnuts',
    name: 'PNUTS (Yahoo!)',
    quadrant: 'PC/EL',
    depends: false,
    abadi: true,
    reason: 'Abadi: a per-record master serves writes and replicas answer reads fast but stale (EL); when the master is unreachable its records become unavailable for writes (PC).',
    source: 'Abadi 2012; Cooper et al. 2008, "PNUTS: Yahoo!\'s Hosted Data Serving Platform"',
    moves: 'read-latest calls go to the master (EC for those reads).',
  },
  {
    id: 'voltdb',
    name: 'VoltDB / H-Store, Megastore',
    quadrant: 'PC/EC',
    depends: false,
    abadi: true,
    reason: 'Abadi: fully ACID systems that never give up consistency: they refuse in a partition and pay latency in normal operation.',
    source: 'Abadi 2012',
    moves: 'Nothing: consistency is the product.',
  },
];

/** The learner's exercise ("map Postgres, DynamoDB, Cassandra, MongoDB and etcd"), plus a few more. */
export const QUIZ_SYSTEM_IDS: readonly string[] = ['cassandra-one', 'dynamodb-default', 'etcd-linearizable', 'mongodb-default', 'postgres-sync', 'spanner', 'riak', 'pnuts'];

export function systemById(id: string): SystemPlacement | undefined {
  return SYSTEMS.find((system) => system.id === id);
}

export interface QuizGrade {
  readonly id: string;
  readonly answer: Quadrant | null;
  readonly correct: boolean;
  readonly explanation: string;
}

export function gradeAnswer(id: string, answer: Quadrant | null): QuizGrade {
  const system = systemById(id);
  if (!system) return { id, answer, correct: false, explanation: 'Unknown system.' };
  const grade = gradeChoice({ answer: system.quadrant, alsoAccepted: system.alsoAccepted, reason: system.reason }, answer, {
    subject: system.name,
    unanswered: 'Not placed.',
    dependsNote: system.depends ? ' (depends on configuration)' : '',
    after: `What moves it: ${system.moves}`,
  });
  return { id, ...grade };
}
