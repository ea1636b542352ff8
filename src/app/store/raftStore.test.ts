// @vitest-environment happy-dom
// The store's contract: mirrors frames and trace, plays on animation frames, forks when acting in
// the past, and keeps unchanged nodes by reference so memoised views skip them.
import { describe, expect, it } from 'vitest';
import { defaultRaftConfig } from '../../kernel/protocols/raft/simulation.ts';
import { createRaftEngine } from '../../worker/raftEngine.ts';
import type { RaftConnection } from './raftConnection.ts';
import { connectInProcess } from '../kit/connection.ts';
import { createRaftStore, type PlaybackSpeed } from './raftStore.ts';
import { selectHighlightFor } from './selectors.ts';

/** The engine in-process (tests only: in the app it lives in the worker), answering asynchronously. */
function inProcessConnection(): RaftConnection {
  return connectInProcess(createRaftEngine(() => performance.now()));
}

/** A store whose animation frames the test fires by hand. */
function setup(speed: PlaybackSpeed = 1, autoplay = false, persistKey: string | null = null) {
  let pending: ((wallMs: number) => void) | null = null;
  let wallMs = 0;
  const store = createRaftStore({
    config: defaultRaftConfig({ seed: 42 }),
    connect: inProcessConnection,
    speed,
    autoplay,
    persistKey,
    requestFrame: (callback) => {
      pending = callback;
      return 1;
    },
    cancelFrame: () => {
      pending = null;
    },
  });
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
  /** Fire `count` frames of 16 ms each, letting the worker's answers land in between. */
  const frames = async (count: number) => {
    for (let index = 0; index < count; index++) {
      wallMs += 16;
      pending?.(wallMs);
      await settle();
    }
  };
  return { store, frames, settle };
}

describe('createRaftStore', () => {
  it('keeps the user’s actions across a reload: a new store on the same key rebuilds the same run', async () => {
    const key = 'raft-lab-test:reload';
    localStorage.removeItem(key);
    const first = setup(1, false, key);
    first.store.getState().actions.start();
    await first.settle();
    await first.store.getState().actions.act({ type: 'crash', node: 'n2' });
    first.store.getState().actions.seek(400);
    await first.settle();
    await first.store.getState().actions.act({ type: 'isolate', node: 'n3' });
    await first.settle();
    first.store.getState().actions.stop();

    const second = setup(1, false, key);
    second.store.getState().actions.start();
    await second.settle();
    await second.settle();
    const before = first.store.getState();
    const after = second.store.getState();
    expect(after.frameNowMs).toBe(before.frameNowMs);
    expect(after.groups).toEqual(before.groups);
    expect(after.nodesById.n2?.role).toBe('crashed');
    expect(after.notices.some((notice) => notice.text.startsWith('Restored your 2 actions'))).toBe(true);
    second.store.getState().actions.stop();
    localStorage.removeItem(key);
  });

  it('starts a run and mirrors its frame and trace', async () => {
    const { store, settle } = setup();
    store.getState().actions.start();
    await settle();
    const state = store.getState();
    expect(state.status).toBe('running');
    expect(state.nodeIds).toEqual(['n1', 'n2', 'n3', 'n4', 'n5']);
    expect(store.trace.events.length).toBe(state.traceLength);
  });

  it('plays on animation frames at the chosen speed', async () => {
    const { store, frames, settle } = setup(10);
    store.getState().actions.start();
    await settle();
    store.getState().actions.play();
    await frames(40);
    // 39 gaps of 16 ms at 10x ≈ 6 s of virtual time, give or take the frame in flight.
    expect(store.getState().frameNowMs).toBeGreaterThan(5_000);
    expect(store.getState().nodeIds.some((id) => store.getState().nodesById[id]?.role === 'leader')).toBe(true);
  });

  it('acting in the past forks the run and says so', async () => {
    const { store, frames, settle } = setup(10);
    const { actions } = store.getState();
    actions.start();
    await settle();
    actions.play();
    await frames(20);
    actions.pause();
    const headBefore = store.getState().headMs;
    actions.seek(500);
    await settle();
    await settle();
    expect(store.getState().atHead).toBe(false);
    const epochBefore = store.getState().traceEpoch;
    await actions.act({ type: 'crash', node: 'n1' });
    const state = store.getState();
    expect(state.atHead).toBe(true);
    expect(state.headMs).toBe(500);
    expect(headBefore).toBeGreaterThan(500);
    expect(state.traceEpoch).toBeGreaterThan(epochBefore);
    expect(store.trace.events.every((event) => event.timeMs <= 500)).toBe(true);
    expect(state.notices.at(-1)?.text).toMatch(/Forked the run at 500 ms/);
  });

  it('keeps an unchanged node by reference across frames', async () => {
    const { store, settle } = setup();
    const { actions } = store.getState();
    actions.start();
    await settle();
    await actions.act({ type: 'crash', node: 'n2' });
    const crashed = store.getState().nodesById.n2;
    await actions.step();
    expect(store.getState().nodesById.n2).toBe(crashed);
  });

  it('playUntil stops exactly at its target', async () => {
    const { store, frames, settle } = setup(5);
    const { actions } = store.getState();
    actions.start();
    await settle();
    let reached: boolean | null = null;
    void actions.playUntil(300).then((value) => {
      reached = value;
    });
    await frames(30);
    expect(reached).toBe(true);
    expect(store.getState().frameNowMs).toBe(300);
    expect(store.getState().playing).toBe(false);
  });
});

const BROKEN_SCENARIO = `raft nodes=5 seed=8 bug=commit-old-term
log n1 1,2 term=3
log n2 1,2
log n3 1
log n4 1
log n5 1,3
crash n5
timeout n1
run 200ms
crash n1
restart n5
timeout n5
timeout n5
run 200ms
`;

describe('createRaftStore: the safety lab', () => {
  it('mirrors the violations of a broken run; showing one seeks there and highlights its nodes', async () => {
    const { store, frames, settle } = setup('max');
    const { actions } = store.getState();
    actions.start();
    await settle();
    await actions.loadScenario('broken', BROKEN_SCENARIO);
    expect(store.getState().config.bugs).toEqual(['commit-old-term']);
    void actions.scenarioPlayAll();
    // `run` steps play on animation frames: fire them until the scenario is done.
    for (let frame = 0; frame < 200 && store.getState().scenario!.nextStep < store.getState().scenario!.steps.length; frame++) await frames(1);
    const violations = store.getState().violations;
    expect(violations.map((violation) => violation.name)).toContain('leader-completeness');
    const durable = violations.find((violation) => violation.name === 'committed-entry-durable')!;
    actions.showViolation(durable);
    await settle();
    await settle();
    const state = store.getState();
    expect(state.frameNowMs).toBe(durable.timeMs);
    expect(state.highlight).toMatchObject({ timeMs: durable.timeMs, nodes: durable.nodes, logIndex: 2 });
    expect(selectHighlightFor(durable.nodes[0]!)(state)).toBe(2);
    expect(selectHighlightFor('n9')(state)).toBe(-1);
    actions.clearHighlight();
    expect(store.getState().highlight).toBeNull();
  });

  it('drops a selected message in flight by hand, and turns chaos mode on and off', async () => {
    const { store, frames, settle } = setup(1);
    const { actions } = store.getState();
    actions.start();
    await settle();
    actions.play();
    while (store.getState().messages.length === 0) await frames(1);
    const message = store.getState().messages[0]!;
    actions.selectMessage(message.id);
    expect(store.getState().playing).toBe(false);
    await actions.faultMessage(message.id, { kind: 'drop' });
    expect(store.getState().selectedMessageId).toBeNull();
    expect(store.getState().messages.some((inFlight) => inFlight.id === message.id)).toBe(false);
    expect(store.trace.events.some((event) => event.kind === 'drop' && event.messageId === message.id && event.reason === 'user')).toBe(true);

    await actions.setChaos({ enabled: true, intensityPercent: 60 });
    expect(store.getState().chaos).toMatchObject({ enabled: true, intensityPercent: 60 });
    actions.setSpeed('max');
    actions.play();
    await frames(10);
    expect(store.getState().chaos.faultCount).toBeGreaterThan(0);
    expect(store.getState().violations).toEqual([]);
    await actions.setChaos({ enabled: false, intensityPercent: 60 });
    expect(store.getState().chaos.enabled).toBe(false);
  });
});
