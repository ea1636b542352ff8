// The bridge to the hashing worker: a comlink proxy typed from the worker's own API, plus disposal.
import { releaseProxy, wrap } from 'comlink';
import type { HashingEngine } from '../../../worker/hashingEngine.ts';
import type { HashingWorkerApi } from '../../../worker/hashing.worker.ts';

type Promisified<T> = { [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<R> : never };

/** What the store needs from wherever the model runs: the engine's calls, made asynchronous. */
export type HashingConnection = Promisified<HashingEngine> & { dispose(): void };

/** Starts a worker that owns the key set and the owners; a million keys never touch the main thread. */
export function connectHashingWorker(): HashingConnection {
  const worker = new Worker(new URL('../../../worker/hashing.worker.ts', import.meta.url), { type: 'module', name: 'hashing' });
  const remote = wrap<HashingWorkerApi>(worker);
  return {
    init: (config) => remote.init(config),
    change: (change) => remote.change(change),
    frame: () => remote.frame(),
    extras: () => remote.extras(),
    describeKey: (query) => remote.describeKey(query),
    loadScenario: (source) => remote.loadScenario(source),
    scenarioStep: (index) => remote.scenarioStep(index),
    dispose: () => {
      remote[releaseProxy]();
      worker.terminate();
    },
  };
}
