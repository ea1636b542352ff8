// The Build drills' checks on runs replayed in the real engines (in-process): a learner's run that does
// the steps passes each check; runs that skip a step fail exactly the check that needs it.
import { describe, expect, it } from 'vitest';
import { connectInProcess } from '../../kit/connection.ts';
import { createRaftEngine } from '../../../worker/raftEngine.ts';
import { createReplicationEngine } from '../../../worker/replicationEngine.ts';
import { checkQuorumRun, checkSplitBrainRun } from './drillChecks.ts';
import { readRunText, replayRun } from './drillReplay.ts';
import { encodeSharedScenario } from '../../kit/sharedScenario.ts';

const raft = () => connectInProcess(createRaftEngine(() => 0));
const replication = () => connectInProcess(createReplicationEngine(() => 0));

async function quorumChecks(text: string) {
  const replay = await replayRun(raft(), text);
  if (!replay.ok) throw new Error(replay.problems.join('\n'));
  return Object.fromEntries(checkQuorumRun(replay.snapshots).map((check) => [check.name, check]));
}

async function splitChecks(text: string) {
  const replay = await replayRun(replication(), text);
  if (!replay.ok) throw new Error(replay.problems.join('\n'));
  return Object.fromEntries(checkSplitBrainRun(replay.snapshots).map((check) => [check.name, check]));
}

const QUORUM_RUN = `raft nodes=3 seed=7
run 1s
crash n1
run 1s
request a=1
run 500ms
crash n2
request b=2
run 2s
restart n1
restart n2
run 2s
request c=3
`;

const SPLIT_RUN = `replication nodes=2 mode=async failover=manual fencing=none seed=2
run 1s
write a=1 via n1
run 1s
partition n1 | n2
promote n2
run 1s
write b=1 via n2
write a=2 via n1
run 1s
heal
rewind n1
run 2s
`;

describe('kill a member, observe quorum behaviour (Raft lab)', () => {
  it('passes every check when the learner does every step', async () => {
    const checks = await quorumChecks(QUORUM_RUN);
    for (const check of Object.values(checks)) expect(check.ok, `${check.name}: ${check.saw}`).toBe(true);
    expect(checks['refused-without-quorum']!.saw).toMatch(/request b=2 .* 1 of 3 running/);
  });

  it('fails the refusal and recovery checks when a second member was never killed', async () => {
    const checks = await quorumChecks(`raft nodes=3 seed=7\nrun 1s\ncrash n1\nrun 1s\nrequest a=1\nrun 1s\n`);
    expect(checks['leader-after-kill']!.ok).toBe(true);
    expect(checks['commit-with-one-down']!.ok).toBe(true);
    expect(checks['refused-without-quorum']).toMatchObject({ ok: false, saw: 'a majority of the nodes was never down at once' });
    expect(checks['recovery']!.ok).toBe(false);
  });

  it('does not count a majority outage without a request watched as a refusal', async () => {
    // The preset kills two members but sends no write while they are down.
    const checks = await quorumChecks(`raft nodes=3 seed=5\nrun 1s\nrequest a=1\nrun 300ms\ncrash leader\nrun 1s\nrequest b=2\nrun 300ms\ncrash leader\nrun 3s\n`);
    expect(checks['refused-without-quorum']!.ok).toBe(false);
    expect(checks['recovery']!.ok).toBe(false);
  });

  it('does not count a request that committed because the second crash came too late', async () => {
    // Request first, then the second crash 1 s later: it committed with one down, so it is no refusal.
    const checks = await quorumChecks(`raft nodes=3 seed=7\nrun 1s\ncrash n1\nrun 1s\nrequest a=1\nrun 1s\ncrash n2\nrun 2s\n`);
    expect(checks['refused-without-quorum']!.ok).toBe(false);
  });
});

describe('split-brain in a 2-node pair, recover (replication lab)', () => {
  it('passes every check when the learner does every step', async () => {
    const checks = await splitChecks(SPLIT_RUN);
    for (const check of Object.values(checks)) expect(check.ok, `${check.name}: ${check.saw}`).toBe(true);
    expect(checks['lost-writes-named']!.saw).toMatch(/a=2 via n1/);
  });

  it('fails recovery when the old primary is left diverged (no rewind)', async () => {
    const checks = await splitChecks(SPLIT_RUN.replace('rewind n1\n', ''));
    expect(checks['split-brain']!.ok).toBe(true);
    expect(checks['recovered']!.ok).toBe(false);
    expect(checks['lost-writes-named']!.ok).toBe(false);
  });

  it('sees no split-brain when only the new primary took writes', async () => {
    const checks = await splitChecks(SPLIT_RUN.replace('write a=2 via n1\n', ''));
    expect(checks['split-brain']!.ok).toBe(false);
  });

  it('asks for a pair', async () => {
    const checks = await splitChecks(SPLIT_RUN.replace('nodes=2', 'nodes=3'));
    expect(checks['two-node-pair']!.ok).toBe(false);
  });
});

describe('reading the pasted run', () => {
  it('takes the lab\'s link (actions=) and refuses a preset link', () => {
    const link = `http://127.0.0.1:5173/#/raft?actions=${encodeSharedScenario(QUORUM_RUN)}`;
    expect(readRunText(link)).toEqual({ ok: true, text: QUORUM_RUN });
    expect(readRunText('http://x/#/raft?scenario=quorum-loss')).toMatchObject({ ok: false, problem: expect.stringMatching(/presets/) });
    expect(readRunText('http://x/#/raft?actions=%%%')).toMatchObject({ ok: false });
    expect(readRunText('  ')).toMatchObject({ ok: false });
  });

  it('says where a pasted scenario is wrong, with its line', async () => {
    const replay = await replayRun(raft(), 'raft nodes=3\nrun 1s\nexplode n1\n');
    expect(replay).toMatchObject({ ok: false, problems: [expect.stringMatching(/^line 3, column 1: /)] });
    const other = await replayRun(raft(), SPLIT_RUN);
    expect(other).toMatchObject({ ok: false, problems: [expect.stringMatching(/replication scenario/)] });
  });
});
