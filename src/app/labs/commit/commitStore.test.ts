// The transactions lab's store against the engine in-process (no worker): transfers named in order,
// a NO vote, a reader, the comparison, and the exhaustive mode's replay index.
import { describe, expect, it } from 'vitest';
import { defaultCommitConfig } from '../../../kernel/protocols/commit/index.ts';
import { createCommitEngine } from '../../../worker/commitEngine.ts';
import { connectInProcess } from '../../kit/connection.ts';
import type { CommitConnection } from './commitConnection.ts';
import { createCommitStore } from './commitStore.ts';

function inProcess(): CommitConnection {
  let now = 0;
  return connectInProcess(createCommitEngine(() => (now += 1)));
}

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

describe('transactions lab store', () => {
  it('names transfers t1, t2, records a NO vote and a reader, and compares the protocols on the run', async () => {
    const store = createCommitStore({ config: defaultCommitConfig({ seed: 3 }), connect: inProcess, persistKey: null });
    store.getState().actions.start();
    await settle();
    expect(store.getState().status).toBe('running');
    const { actions } = store.getState();
    await actions.setVote('p2', false);
    expect(store.getState().noVotes).toEqual(['p2']);
    await actions.transfer();
    await actions.transfer();
    await actions.read();
    expect(store.getState().update!.frame.transactions.map((txn) => txn.id)).toEqual(['t1', 't2']);
    expect(store.getState().update!.frame.reads.map((read) => read.reader)).toEqual(['r1']);
    expect(store.getState().playing).toBe(true);
    actions.setPlaying(false);
    await actions.compare();
    const comparison = store.getState().comparison;
    if (!comparison?.ok) throw new Error('no comparison');
    expect(comparison.columns).toHaveLength(4);
    store.getState().actions.stop();
  });

  it('explores, replays the counterexample step by step, and goes back to the live run', async () => {
    const store = createCommitStore({ config: defaultCommitConfig(), connect: inProcess, persistKey: null });
    store.getState().actions.start();
    await settle();
    await store.getState().actions.explore({ protocol: '3pc', participantCount: 2, maxFaults: 1, faults: ['partition'], votes: 'any', bug: null, maxStates: 100_000 });
    const exploration = store.getState().exploration;
    expect(exploration?.violation?.explanation).toMatch(/committed while .* aborted/);
    store.getState().actions.setReplayIndex(3);
    expect(store.getState().replayIndex).toBe(3);
    expect(store.getState().playing).toBe(false);
    store.getState().actions.setReplayIndex(null);
    expect(store.getState().replayIndex).toBeNull();
    store.getState().actions.stop();
  });
});
