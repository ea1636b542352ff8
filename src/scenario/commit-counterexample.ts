// A counterexample of the exhaustive mode as a timed run: the model's path (no clock, any order)
// turned into a scenario of the `commit` grammar — the same faults, each applied in the timed
// simulation right after the deliveries and timeouts that precede it in the path — so it opens in
// the normal player and timeline and can be scrubbed. Timing is the simulation's (latency, seed), so
// other messages may overtake; the builder tries seeds and latencies and keeps the first run that
// really breaks atomicity, checked by the same checker. If none does, it says so.

import {
  COORDINATOR,
  createCommitRun,
  defaultCommitConfig,
  type CommitCommand,
  type CommitConfig,
  type CommitRun,
  type CommitTraceEvent,
  type ExploreOptions,
  type ExploreStep,
  type NodeId,
  type ParticipantId,
} from '../kernel/protocols/commit/index.ts';
import { formatCommitCommand, formatCommitHeader } from './commit.ts';

export interface TimedCounterexample {
  /** Scenario text; it ends with `expect not-atomic`. */
  readonly text: string;
  /** True when the timed run was checked to break atomicity. */
  readonly reproduced: boolean;
  readonly seed: number;
}

const TXN = 't1';
const SEEDS_PER_LATENCY = 60;
/** Short latencies first when the path hinges on a decision not yet on disk (flushed 5 ms after it is sent). */
const LATENCIES: readonly (readonly [number, number])[] = [
  [10, 30],
  [1, 4],
];
const MAX_WAIT_MS = 5_000;

export function timedCounterexample(options: ExploreOptions, path: readonly ExploreStep[]): TimedCounterexample {
  let last: TimedCounterexample | null = null;
  for (const [latencyMsMin, latencyMsMax] of LATENCIES) {
    for (let seed = 1; seed <= SEEDS_PER_LATENCY; seed++) {
      const config = defaultCommitConfig({ protocol: options.protocol, participantCount: options.participantCount, seed, bug: options.bug, latencyMsMin, latencyMsMax });
      const attempt = attemptReplay(config, options, path);
      if (attempt.reproduced) return attempt;
      last ??= attempt;
    }
  }
  return last!;
}

function attemptReplay(config: CommitConfig, options: ExploreOptions, path: readonly ExploreStep[]): TimedCounterexample {
  const run = createCommitRun(config);
  const trace = run.history.trace;
  const lines: string[] = [
    `# A counterexample the exhaustive mode found (${options.protocol}, ${options.participantCount} participants, up to ${options.maxFaults} fault${options.maxFaults === 1 ? '' : 's'}: ${options.faults.join(', ')}${options.bug ? `, planted bug ${options.bug}` : ''}), replayed as a timed run. Each fault happens right after the messages and timeouts that come before it in the model's path.`,
    formatCommitHeader(config),
    '',
  ];
  let nowMs = 0;
  const act = (command: CommitCommand, note?: string) => {
    if (run.history.viewMs > nowMs) {
      lines.push(`run ${Math.round((run.history.viewMs - nowMs) * 1000) / 1000}ms`);
      nowMs = run.history.viewMs;
    }
    if (note) lines.push(`# ${note}`);
    run.history.apply(command);
    lines.push(...formatCommitCommand(command, run.simulation.network.getGroups()));
  };
  for (const step of path) if (step.move.kind === 'deliver' && step.move.voteNo) act({ type: 'vote', participant: step.move.to as ParticipantId, yes: false, txn: null });
  act({ type: 'txn', txn: TXN }, path[0]?.action);
  // Deliveries and timeouts the path has had so far, which the timed run must have had before the next fault.
  const wanted = new Map<string, number>();
  const timers: { node: NodeId; key: string; armed: number | undefined; fired: boolean }[] = [];
  const delivered = new Map<string, number>();
  let seen = 0;
  const caughtUp = () => {
    for (; seen < trace.length; seen++) {
      const event: CommitTraceEvent = trace.get(seen);
      if (event.kind === 'deliver') delivered.set(`${event.from}>${event.to}:${event.type}`, (delivered.get(`${event.from}>${event.to}:${event.type}`) ?? 0) + 1);
    }
    for (const timer of timers) {
      if (timer.fired) continue;
      const armed = stateOf(run, timer.node).timers[timer.key];
      if (timer.armed === undefined) timer.armed = armed;
      else if (armed !== timer.armed) timer.fired = true;
    }
    return [...wanted].every(([key, count]) => (delivered.get(key) ?? 0) >= count) && timers.every((timer) => timer.fired);
  };
  const waitForPath = () => {
    const limit = run.history.viewMs + MAX_WAIT_MS;
    while (!caughtUp() && run.history.viewMs < limit) if (!run.history.stepToNextEvent()) break;
  };
  for (const step of path.slice(1)) {
    const move = step.move;
    switch (move.kind) {
      case 'deliver': {
        const key = `${move.from}>${move.to}:${move.type}`;
        wanted.set(key, (wanted.get(key) ?? 0) + 1);
        break;
      }
      case 'timer':
        timers.push({ node: move.node, key: move.key, armed: stateOf(run, move.node).timers[move.key], fired: false });
        break;
      case 'drop':
        waitForPath();
        act({ type: 'drop-next', from: move.from, to: move.to }, step.action);
        break;
      case 'crash': {
        waitForPath();
        let note: string | undefined = step.action;
        if (move.losesMessages) {
          // Its messages still on the wire are lost with it: one `drop next` per message.
          for (const message of [...run.simulation.messagesInFlight()].filter((inFlight) => inFlight.from === move.node)) {
            act({ type: 'drop-next', from: move.node, to: message.to as NodeId }, note);
            note = undefined;
          }
        }
        act({ type: 'crash', node: move.node }, note);
        break;
      }
      case 'restart':
        waitForPath();
        act({ type: 'restart', node: move.node }, step.action);
        break;
      case 'partition': {
        waitForPath();
        const near: NodeId[] = [COORDINATOR, ...run.simulation.participantIds.filter((id) => !move.farSide.includes(id))];
        act({ type: 'partition', groups: [near, [...move.farSide]] }, step.action);
        break;
      }
      case 'begin':
        break;
    }
  }
  run.history.advanceTo(run.history.viewMs + 3000);
  lines.push(`run ${Math.round((run.history.viewMs - nowMs) * 1000) / 1000}ms`, '# The checker judges the participants’ logs: some committed t1, some aborted it.', 'expect not-atomic');
  const reproduced = run.simulation.txn(TXN)?.outcome === 'split';
  return { text: `${lines.join('\n')}\n`, reproduced, seed: config.seed };
}

function stateOf(run: CommitRun, node: NodeId) {
  return node === COORDINATOR ? run.simulation.coordinator : run.simulation.participant(node as ParticipantId);
}
