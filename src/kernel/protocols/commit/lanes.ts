// The protocols side by side, live: one run per protocol (2PC, 3PC, a saga) fed the very commands
// the user's run recorded — the same seed, the same transfers and faults at the same moments — and
// kept at the moment the user's run shows, so three pictures animate together. Each lane says in
// one sentence what matters most in it now (who is blocked, who is the backup, what is compensated).

import { commitFrame, createCommitRun, splitSentence, type CommitFrame, type CommitRun } from './run.ts';
import { BUG_PROTOCOL, type CommitCommand, type CommitConfig, type Protocol } from './types.ts';

export interface LaneView {
  readonly label: string;
  readonly protocol: Protocol;
  readonly frame: CommitFrame;
  /** The one sentence this lane shows under its picture. */
  readonly headline: string;
}

export const LANE_PROTOCOLS: readonly { readonly label: string; readonly protocol: Protocol }[] = [
  { label: '2PC', protocol: '2pc' },
  { label: '3PC', protocol: '3pc' },
  { label: 'Saga', protocol: 'saga' },
];

/** The user's config under another protocol: a planted bug stays in its own protocol, the semantic lock in sagas. */
export function laneConfig(config: CommitConfig, protocol: Protocol): CommitConfig {
  return { ...config, protocol, bug: config.bug !== null && BUG_PROTOCOL[config.bug] === protocol ? config.bug : null, semanticLock: protocol === 'saga' && config.semanticLock };
}

interface Recorded {
  readonly timeMs: number;
  readonly command: CommitCommand;
}

/** Three runs that follow the user's run: rebuilt when its commands change, moved to its moment on every look. */
export class Lanes {
  private key = '';
  private runs: { readonly label: string; readonly protocol: Protocol; readonly run: CommitRun }[] = [];

  constructor(readonly config: CommitConfig) {}

  at(commands: readonly Recorded[], viewMs: number): LaneView[] {
    // A fork or a new command changes the schedule: replay it from the start (small runs, cheap).
    const key = JSON.stringify(commands);
    if (key !== this.key) {
      this.key = key;
      this.runs = LANE_PROTOCOLS.map(({ label, protocol }) => {
        const run = createCommitRun(laneConfig(this.config, protocol));
        for (const { timeMs, command } of commands) {
          run.history.advanceTo(timeMs);
          run.history.apply(command);
        }
        return { label, protocol, run };
      });
    }
    return this.runs.map(({ label, protocol, run }) => {
      run.history.seek(viewMs);
      const frame = commitFrame(run);
      return { label, protocol, frame, headline: laneHeadline(run, frame) };
    });
  }
}

/** What matters most in a lane now, in its own words: a split, a blocked participant, the backup, a compensation. */
export function laneHeadline(run: CommitRun, frame: CommitFrame): string {
  const newest = frame.transactions.at(-1);
  if (!newest) return frame.coordinator.sentence;
  if (newest.outcome === 'split' && frame.protocol === '3pc') return splitSentence(run, newest.id);
  const blocked = frame.participants.find((participant) => participant.blocked);
  if (blocked) return blocked.sentence;
  const backup = frame.participants.find((participant) => participant.alive && participant.termination.backup);
  if (backup) return backup.sentence;
  const follower = frame.participants.find((participant) => participant.alive && (participant.termination.follows !== null || participant.termination.recovered));
  if (follower) return follower.sentence;
  const decider = frame.participants.find((participant) => participant.termination.decidedBy !== null);
  if (frame.protocol === '3pc' && decider && (newest.outcome === 'committed' || newest.outcome === 'aborted')) {
    const words: Record<string, string> = { TR1: 'a participant had aborted', TR2: 'a participant had committed', TR3: 'every state it could reach was uncertain', TR4: 'a participant was precommitted, so it moved the others to precommitted first' };
    return `${decider.id}, elected backup coordinator when the coordinator went silent, ${newest.outcome === 'committed' ? 'committed' : 'aborted'} ${newest.id}: ${words[decider.termination.decidedBy!]} (rule ${decider.termination.decidedBy}). Nobody stayed blocked.`;
  }
  if (frame.protocol === 'saga') {
    const failed = frame.participants.find((participant) => participant.state === 'failed');
    if (frame.coordinator.alive && frame.coordinator.state === 'compensating') return frame.coordinator.sentence;
    if (newest.outcome === 'compensated' && failed) return `${failed.id}'s step failed, so every step done before it was undone by its compensation, in reverse order: ${newest.id} is compensated and the money is back.`;
  }
  if (!frame.coordinator.alive || newest.outcome === 'running' || newest.outcome === 'in-doubt') return frame.coordinator.sentence;
  return `${newest.id} is ${newest.outcome}${frame.measures.blockedMs > 0 ? `; participants spent ${Math.round(frame.measures.blockedMs)} ms blocked holding locks` : ''}.`;
}
