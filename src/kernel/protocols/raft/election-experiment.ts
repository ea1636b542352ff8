// The Raft paper's election experiment (§9.3, Figure 16): crash the leader of a 5-server cluster
// and time how long until a new leader is elected, for several election-timeout ranges.

import { Prng } from '../../prng.ts';
import { defaultRaftConfig, RaftSimulation } from './simulation.ts';

export interface ElectionTimeoutRange {
  readonly electionTimeoutMsMin: number;
  readonly electionTimeoutMsMax: number;
}

/** The ranges of the paper's Figure 16 (top: randomness; bottom: scaled minimum). */
export const FIGURE_16_RANGES: readonly ElectionTimeoutRange[] = [
  { electionTimeoutMsMin: 150, electionTimeoutMsMax: 150 },
  { electionTimeoutMsMin: 150, electionTimeoutMsMax: 151 },
  { electionTimeoutMsMin: 150, electionTimeoutMsMax: 155 },
  { electionTimeoutMsMin: 150, electionTimeoutMsMax: 175 },
  { electionTimeoutMsMin: 150, electionTimeoutMsMax: 200 },
  { electionTimeoutMsMin: 150, electionTimeoutMsMax: 300 },
  { electionTimeoutMsMin: 12, electionTimeoutMsMax: 24 },
];

export interface ElectionExperimentSetup {
  readonly nodeCount: number;
  /**
   * One-way latency. The paper's cluster had a broadcast time of about 15 ms, much of it disk
   * writes (votes are persisted before replying); this model has no disk, and 3-5 ms one way (a
   * 6-10 ms round trip) reproduces the paper's 12-24 ms result (35 ms mean) best.
   */
  readonly latencyMsMin: number;
  readonly latencyMsMax: number;
  /** Give up on a trial after this long without a new leader (counted as "no leader"). */
  readonly trialLimitMs: number;
}

export const PAPER_LIKE_SETUP: ElectionExperimentSetup = { nodeCount: 5, latencyMsMin: 3, latencyMsMax: 5, trialLimitMs: 30_000 };

export type TrialResult = { readonly downtimeMs: number } | { readonly downtimeMs: null; readonly reason: string };

/**
 * One trial: a fresh cluster elects a leader; the leader is crashed at a uniformly random moment
 * within its heartbeat interval, which is half the minimum election timeout (as in the paper);
 * the downtime runs from the crash to the moment another server becomes leader.
 */
export function runElectionTrial(range: ElectionTimeoutRange, trial: number, seed: number, setup: ElectionExperimentSetup = PAPER_LIKE_SETUP): TrialResult {
  const heartbeatIntervalMs = Math.max(1, Math.floor(range.electionTimeoutMsMin / 2));
  const trialSeed = (Math.imul(seed, 0x9e3779b1) ^ Math.imul(trial + 1, 0x85ebca6b)) >>> 0;
  const simulation = new RaftSimulation(
    defaultRaftConfig({
      seed: trialSeed,
      nodeCount: setup.nodeCount,
      latencyMsMin: setup.latencyMsMin,
      latencyMsMax: setup.latencyMsMax,
      heartbeatIntervalMs,
      ...range,
    }),
  );
  let leaderSinceMs: number | null = null;
  let newLeaderAtMs: number | null = null;
  let crashed: string | null = null;
  simulation.setTraceSink(() => {}); // Observers only see recorded events.
  simulation.addObserver((event) => {
    if (event.kind !== 'role' || event.role !== 'leader') return;
    if (crashed === null) leaderSinceMs ??= event.timeMs;
    else if (event.node !== crashed && newLeaderAtMs === null) newLeaderAtMs = event.timeMs;
  });
  const runUntil = (limitMs: number, done: () => boolean) => {
    for (let next = simulation.nextEventTimeMs(); next !== undefined && next <= limitMs && !done(); next = simulation.nextEventTimeMs()) {
      simulation.processNextEvent();
    }
    if (!done()) simulation.advanceClockTo(limitMs);
  };
  // The first election is not measured: start it at once rather than wait for a timeout (with
  // equal timeouts a freshly booted cluster would split its votes forever).
  simulation.apply({ type: 'timeout', node: simulation.nodes[0]!.id });
  runUntil(setup.trialLimitMs, () => leaderSinceMs !== null);
  if (leaderSinceMs === null) return { downtimeMs: null, reason: 'no first leader' };
  // Let the leader settle for a while, then crash it at a random point of its heartbeat interval.
  const offsetMs = new Prng(trialSeed ^ 0xc0ffee).intBetween(0, heartbeatIntervalMs - 1);
  const crashAtMs = simulation.nowMs + 10 * heartbeatIntervalMs + offsetMs;
  runUntil(crashAtMs, () => false);
  const leader = simulation.currentLeader();
  if (!leader) return { downtimeMs: null, reason: 'leader lost before the crash' };
  crashed = leader.id;
  simulation.apply({ type: 'crash', node: leader.id });
  runUntil(crashAtMs + setup.trialLimitMs, () => newLeaderAtMs !== null);
  if (newLeaderAtMs === null) return { downtimeMs: null, reason: `no new leader within ${setup.trialLimitMs} ms` };
  return { downtimeMs: newLeaderAtMs - crashAtMs };
}

export interface DowntimeSummary {
  readonly trials: number;
  readonly elected: number;
  readonly percentilesMs: Readonly<Record<'min' | 'p50' | 'p90' | 'p99' | 'max', number | null>>;
  readonly meanMs: number | null;
}

export function summarizeDowntimes(results: readonly TrialResult[]): DowntimeSummary {
  const times = results.flatMap((result) => (result.downtimeMs === null ? [] : [result.downtimeMs])).sort((a, b) => a - b);
  const at = (fraction: number) => (times.length === 0 ? null : times[Math.min(times.length - 1, Math.floor(fraction * times.length))]!);
  return {
    trials: results.length,
    elected: times.length,
    percentilesMs: { min: times[0] ?? null, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: times[times.length - 1] ?? null },
    meanMs: times.length === 0 ? null : times.reduce((sum, time) => sum + time, 0) / times.length,
  };
}

/** Points of the cumulative distribution, for plotting like Figure 16. */
export function cumulativeDistribution(results: readonly TrialResult[]): { downtimeMs: number; fraction: number }[] {
  const times = results.flatMap((result) => (result.downtimeMs === null ? [] : [result.downtimeMs])).sort((a, b) => a - b);
  return times.map((downtimeMs, index) => ({ downtimeMs, fraction: (index + 1) / results.length }));
}
