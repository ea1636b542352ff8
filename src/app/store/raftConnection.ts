// The bridge to the Raft worker: a comlink proxy typed from the worker's own API, plus disposal.
import { releaseProxy, wrap } from 'comlink';
import type { RaftEngine } from '../../worker/raftEngine.ts';
import type { RaftWorkerApi } from '../../worker/raft.worker.ts';

type Promisified<T> = { [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<R> : never };

/** What the store needs from wherever the simulation runs: the engine's calls, made asynchronous. */
export type RaftConnection = Promisified<RaftEngine> & { dispose(): void };

/** Starts a worker that owns the simulation; the kernel never runs on the main thread. */
export function connectRaftWorker(): RaftConnection {
  const worker = new Worker(new URL('../../worker/raft.worker.ts', import.meta.url), { type: 'module', name: 'raft' });
  const remote = wrap<RaftWorkerApi>(worker);
  return {
    init: (config) => remote.init(config),
    command: (command) => remote.command(command),
    advanceTo: (timeMs, wallBudgetMs) => remote.advanceTo(timeMs, wallBudgetMs),
    advanceFor: (wallBudgetMs) => remote.advanceFor(wallBudgetMs),
    stepToNextEvent: () => remote.stepToNextEvent(),
    seek: (timeMs) => remote.seek(timeMs),
    update: () => remote.update(),
    loadScenario: (source, overrides) => remote.loadScenario(source, overrides),
    scenarioStep: (index) => remote.scenarioStep(index),
    setChaos: (settings) => remote.setChaos(settings),
    dispose: () => {
      remote[releaseProxy]();
      worker.terminate();
    },
  };
}
