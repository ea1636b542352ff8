// The three live lanes follow one schedule: the coordinator crashes with the votes on the wire.
// 2PC blocks (and says who and why), 3PC elects a backup and aborts, the saga resumes when its
// orchestrator returns; the lanes move with the user's moment, backwards too.

import { describe, expect, it } from 'vitest';
import { defaultCommitConfig, Lanes, type CommitCommand } from './index.ts';

const schedule: { timeMs: number; command: CommitCommand }[] = [
  { timeMs: 0, command: { type: 'txn', txn: 't1' } },
  { timeMs: 15, command: { type: 'crash', node: 'coordinator' } },
];

describe('side by side lanes', () => {
  it('one fault, three protocols: 2PC blocked with its words, 3PC terminated by a backup, the saga waiting without locks', () => {
    const lanes = new Lanes(defaultCommitConfig({ latencyMsMin: 10, latencyMsMax: 10 }));
    const during = lanes.at(schedule, 300);
    for (const lane of during) console.log(`${lane.label} at 300 ms: ${lane.headline}`);
    const [twoPhase, threePhase, saga] = during;
    expect(twoPhase!.frame.transactions[0]!.outcome).toBe('blocked');
    expect(twoPhase!.headline).toMatch(/voted yes and is blocked: it cannot commit or abort until the coordinator returns/);
    expect(threePhase!.frame.participants.find((participant) => participant.id === 'p1')!.termination.backup).toBe(true);
    expect(threePhase!.headline).toMatch(/p1 is the lowest participant not judged failed, so it is the backup coordinator/);
    expect(saga!.frame.measures.lockHeldMs).toBe(0);
    const later = lanes.at(schedule, 1200);
    for (const lane of later) console.log(`${lane.label} at 1200 ms: ${lane.headline}`);
    expect(later.map((lane) => lane.frame.transactions[0]!.outcome)).toEqual(['blocked', 'aborted', 'running']);
    // Back in time: the same lanes show the earlier moment again.
    expect(lanes.at(schedule, 300)[0]!.frame.nowMs).toBe(300);
    expect(lanes.at(schedule, 300)[1]!.headline).toBe(threePhase!.headline);
    // A restart added to the schedule: the lanes replay it.
    const restarted = lanes.at([...schedule, { timeMs: 1200, command: { type: 'restart', node: 'coordinator' } }], 2500);
    expect(restarted.map((lane) => lane.frame.transactions[0]!.outcome)).toEqual(['aborted', 'aborted', 'committed']);
  });
});
