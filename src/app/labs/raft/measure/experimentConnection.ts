// The bridge to the experiment worker: a comlink proxy typed from the worker's own API, plus disposal.
import { releaseProxy, wrap } from 'comlink';
import type { ExperimentEngine } from '../../../../worker/experimentEngine.ts';
import type { ExperimentWorkerApi } from '../../../../worker/experiment.worker.ts';

type Promisified<T> = { [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<R> : never };

export type ExperimentConnection = Promisified<ExperimentEngine> & { dispose(): void };

/** Starts a worker that runs the trials; the kernel never runs on the main thread. */
export function connectExperimentWorker(): ExperimentConnection {
  const worker = new Worker(new URL('../../../../worker/experiment.worker.ts', import.meta.url), { type: 'module', name: 'experiment' });
  const remote = wrap<ExperimentWorkerApi>(worker);
  return {
    start: (plan) => remote.start(plan),
    runFor: (wallBudgetMs) => remote.runFor(wallBudgetMs),
    cancel: () => remote.cancel(),
    report: () => remote.report(),
    dispose: () => {
      remote[releaseProxy]();
      worker.terminate();
    },
  };
}
