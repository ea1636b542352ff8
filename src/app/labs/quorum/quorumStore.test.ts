// The quorums lab's store against the engine in-process (no worker): issue from the form, act, seek, scenario steps.
import { describe, expect, it } from 'vitest';
import { defaultQuorumConfig } from '../../../kernel/protocols/quorum/index.ts';
import { createQuorumEngine } from '../../../worker/quorumEngine.ts';
import { connectInProcess } from '../../kit/connection.ts';
import type { QuorumConnection } from './quorumConnection.ts';
import { createQuorumStore } from './quorumStore.ts';

function inProcess(): QuorumConnection {
  let now = 0;
  return connectInProcess(createQuorumEngine(() => (now += 1)));
}

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

describe('quorum lab store', () => {
  it('issues operations from the form with distinct values and the chosen level and coordinator', async () => {
    const store = createQuorumStore({ config: defaultQuorumConfig({ seed: 5 }), connect: inProcess, persistKey: null });
    store.getState().actions.start();
    await settle();
    expect(store.getState().status).toBe('running');
    store.getState().actions.setForm({ coordinator: 'r2', writeLevel: 'ALL' });
    await store.getState().actions.issue('write');
    await store.getState().actions.issue('write');
    const operations = store.getState().update!.frame.operations;
    expect(operations.map((operation) => [operation.value, operation.level, operation.coordinator])).toEqual([
      [1, 'ALL', 'r2'],
      [2, 'ALL', 'r2'],
    ]);
    expect(store.getState().playing).toBe(true);
    store.getState().actions.stop();
  });

  it('replays a scenario to a step (presenter mode’s ← and number keys): the same moment, the later steps pending, no step done twice', async () => {
    const store = createQuorumStore({ config: defaultQuorumConfig(), connect: inProcess, persistKey: null, scenarioStepDelayMs: 0 });
    store.getState().actions.start();
    await settle();
    const source = 'quorum replicas=3 clients=1 seed=2\n# one\nwrite c1 x=1 level=ALL\nawait\n# two\nwrite c1 x=2 level=ALL\nawait\nexpect read c1 x=1\n';
    await store.getState().actions.loadScenario('mini', source);
    for (let i = 0; i < 2; i++) await store.getState().actions.scenarioNext();
    // A copy: in-process, the engine's later frames may share arrays with this one.
    const afterTwo = structuredClone(store.getState().update!.frame);
    for (let i = 0; i < 2; i++) await store.getState().actions.scenarioNext();
    await store.getState().actions.scenarioReplayTo(2);
    const scenario = store.getState().scenario!;
    expect(scenario.nextStep).toBe(2);
    expect(scenario.steps.map((step) => step.status)).toEqual(['done', 'done', 'pending', 'pending', 'pending']);
    expect(store.getState().update!.frame.operations).toEqual(afterTwo.operations);
    expect(store.getState().update!.frame.nowMs).toBe(afterTwo.nowMs);
    // Played on from there, the write of 2 happens once.
    for (let i = 0; i < 2; i++) await store.getState().actions.scenarioNext();
    expect(store.getState().update!.frame.operations.filter((operation) => operation.value === 2)).toHaveLength(1);
    store.getState().actions.stop();
  });

  it('plays a scenario’s non-run steps and records each expectation', async () => {
    const store = createQuorumStore({ config: defaultQuorumConfig(), connect: inProcess, persistKey: null, scenarioStepDelayMs: 0 });
    store.getState().actions.start();
    await settle();
    await store.getState().actions.loadScenario('mini', 'quorum replicas=3 clients=1 seed=2\nwrite c1 x=1 level=ALL\nawait\nexpect ok c1\nexpect read c1 x=5\n');
    for (let i = 0; i < 4; i++) await store.getState().actions.scenarioNext();
    const statuses = store.getState().scenario!.steps.map((step) => step.status);
    expect(statuses).toEqual(['done', 'done', 'passed', 'failed']);
    store.getState().actions.stop();
  });

  it('shows scenario errors with line and column', async () => {
    const store = createQuorumStore({ config: defaultQuorumConfig(), connect: inProcess, persistKey: null });
    store.getState().actions.start();
    await settle();
    await store.getState().actions.loadScenario('bad', 'quorum replicas=3\nwrite c1 x\n');
    expect(store.getState().scenario!.errors![0]).toMatchObject({ line: 2 });
    store.getState().actions.stop();
  });
});

describe('history export', () => {
  it('is read back by the checker’s own parser with the same verdict', async () => {
    const { historyExport } = await import('./HistoryView.tsx');
    const { parseHistory, checkParsedHistory } = await import('../../../kernel/checkers/linearizability/index.ts');
    const engine = createQuorumEngine(() => 0);
    engine.init(defaultQuorumConfig({ seed: 5 }));
    engine.command({ type: 'operation', request: { client: 'c1', kind: 'write', key: 'x', value: 1, level: 'ALL' } });
    engine.advanceTo(200, 1e9);
    engine.command({ type: 'partition', groups: [['r1', 'c1'], ['r2', 'r3', 'c2']] });
    engine.command({ type: 'operation', request: { client: 'c1', kind: 'write', key: 'x', value: 2, level: 'ONE', via: 'r1' } });
    engine.advanceTo(300, 1e9);
    engine.command({ type: 'operation', request: { client: 'c2', kind: 'read', key: 'x', level: 'ONE', via: 'r3' } });
    const update = engine.advanceTo(700, 1e9);
    const parsed = parseHistory(historyExport(update.frame.operations));
    expect(checkParsedHistory(parsed).verdict).toBe('not-linearizable');
  });
});
