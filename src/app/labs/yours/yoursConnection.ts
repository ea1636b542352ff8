// The bridge to the lab's worker (the kit's connection, typed from the worker's own API). The
// learner's code runs in that worker, never on the page's thread.
import { connectWorker, type LabConnection } from '../../kit/connection.ts';
import type { YoursWorkerApi } from '../../../worker/yours.worker.ts';

export type YoursConnection = LabConnection<YoursWorkerApi>;

export function connectYoursWorker(): YoursConnection {
  return connectWorker<YoursWorkerApi>(new Worker(new URL('../../../worker/yours.worker.ts', import.meta.url), { type: 'module', name: 'yours' }));
}
