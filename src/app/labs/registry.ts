// The labs the home page lists; each available lab is its own chunk, loaded when its route opens.
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { Route } from '../shell/router.ts';

export interface LabPageProps {
  readonly route: Route;
}

export interface Lab {
  readonly path: string;
  readonly title: string;
  readonly summary: string;
  /** Absent for labs that are coming next. */
  readonly page?: LazyExoticComponent<ComponentType<LabPageProps>>;
}

export const LABS: readonly Lab[] = [
  {
    path: '/raft',
    title: 'Raft',
    summary: 'Watch a cluster elect a leader and replicate writes; crash nodes, drag them apart, scrub back in time.',
    page: lazy(() => import('./raft/RaftLab.tsx')),
  },
  {
    path: '/hashing',
    title: 'Consistent hashing',
    summary: 'See how keys move when nodes join and leave a ring, compared with modulo, rendezvous and jump hashing.',
    page: lazy(() => import('./hashing/HashingLab.tsx')),
  },
  {
    path: '/clocks',
    title: 'Clocks',
    summary: 'Lamport and vector clocks on a space-time diagram: what happened before what.',
    page: lazy(() => import('./clocks/ClocksLab.tsx')),
  },
  {
    path: '/quorums',
    title: 'Quorums and CAP',
    summary: 'Read and write quorums under partitions: what stays consistent, what stays available.',
    page: lazy(() => import('./quorum/QuorumLab.tsx')),
  },
  {
    path: '/crdts',
    title: 'CRDTs',
    summary: 'Counters, sets, registers and text that converge under partitions — their metadata shown, their anomalies reproduced, and when not to use them.',
    page: lazy(() => import('./crdt/CrdtLab.tsx')),
  },
  {
    path: '/replication',
    title: 'Replication and failover',
    summary: 'Streaming replication, sync vs async, failover with a leader lock, split-brain and fencing, timelines and pg_rewind: which acknowledged writes survive.',
    page: lazy(() => import('./replication/ReplicationLab.tsx')),
  },
  {
    path: '/live',
    title: 'Live: real etcd and PostgreSQL',
    summary: 'Kill, pause and isolate members of a real etcd cluster and a real PostgreSQL pair on your machine (npm start), send writes and reads, and let the checker judge the recorded history.',
    page: lazy(() => import('./live/LiveLab.tsx')),
  },
  {
    path: '/commit',
    title: 'Transactions across services',
    summary: 'Two-phase commit, three-phase commit and sagas on one money transfer and one fault schedule: blocking, compensation, the isolation sagas give up — and every interleaving of a small instance.',
    page: lazy(() => import('./commit/CommitLab.tsx')),
  },
  {
    path: '/delivery',
    title: 'Delivery semantics',
    summary: 'At-most-once, at-least-once and "exactly-once" from producer to side effect: crash at every point, count duplicate and lost payments, see where Kafka\'s guarantee stops.',
    page: lazy(() => import('./delivery/DeliveryLab.tsx')),
  },
  {
    path: '/exam',
    title: 'Exam rehearsal',
    summary: 'The 3-hour exam in three timed parts: Build (drills checked on the live or simulated labs), Articulate (two essays, saved as you type), Whiteboard (three talks against their budgets); results exported as Markdown.',
    page: lazy(() => import('./exam/ExamPage.tsx')),
  },
  {
    path: '/study',
    title: 'Study tracker',
    summary: 'The study plan\'s checks as a checklist linked to the labs, the five trade-off matrices from memory, and real systems (etcd to Redis): consensus, partitioning, replication.',
    page: lazy(() => import('./study/StudyPage.tsx')),
  },
];

/** Pages inside a lab, with their own route and chunk; the home page lists only the labs. */
export const LAB_SUBPAGES: readonly Lab[] = [
  {
    path: '/raft/measure',
    title: 'Raft · election timing',
    summary: "The paper's election experiment (§9.3, Figure 16): downtime after a leader crash, per election-timeout range.",
    page: lazy(() => import('./raft/measure/MeasurePage.tsx')),
  },
  {
    path: '/raft/yours',
    title: 'Raft · your own node',
    summary: 'Write your own Raft leader election; it runs in our cluster view, under our faults, judged by our checkers.',
    page: lazy(() => import('./yours/YoursLab.tsx')),
  },
  {
    path: '/talk',
    title: 'Talk',
    summary: 'A whiteboard talk on the live simulation, in presenter mode: beats with budgets, pacing, rehearsals, the interviewer who interrupts.',
    page: lazy(() => import('../pages/talk/TalkPage.tsx')),
  },
];
