// The bridge to the quorums worker: a comlink proxy typed from the worker's own API, plus disposal.
import { releaseProxy, wrap } from 'comlink';
import type { QuorumEngine } from '../../../worker/quorumEngine.ts';
import type { QuorumWorkerApi } from '../../../worker/quorum.worker.ts';

type Promisified<T> = { [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<R> : never };

/** What the store needs from wherever the simulation runs: the engine's calls, made asynchronous. */
export type QuorumConnection = Promisified<QuorumEngine> & { dispose(): void };

/** Starts a worker that owns the run and the checker; neither ever runs on the main thread. */
export function connectQuorumWorker(): QuorumConnection {
  const worker = new Worker(new URL('../../../worker/quorum.worker.ts', import.meta.url), { type: 'module', name: 'quorum' });
  const remote = wrap<QuorumWorkerApi>(worker);
  return {
    init: (config) => remote.init(config),
    command: (command) => remote.command(command),
    advanceTo: (timeMs, wallBudgetMs) => remote.advanceTo(timeMs, wallBudgetMs),
    stepToNextEvent: () => remote.stepToNextEvent(),
    seek: (timeMs) => remote.seek(timeMs),
    checkFor: (wallBudgetMs) => remote.checkFor(wallBudgetMs),
    update: () => remote.update(),
    loadScenario: (source) => remote.loadScenario(source),
    scenarioStep: (index) => remote.scenarioStep(index),
    journal: () => remote.journal(),
    restore: (journal) => remote.restore(journal),
    dispose: () => {
      remote[releaseProxy]();
      worker.terminate();
    },
  };
}
