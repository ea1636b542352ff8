// The bridge to the transactions worker (the kit's connection, typed from the worker's own API).
import { connectWorker, type LabConnection } from '../../kit/connection.ts';
import type { CommitWorkerApi } from '../../../worker/commit.worker.ts';

export type CommitConnection = LabConnection<CommitWorkerApi>;

/** Starts a worker that owns the run; the simulation never runs on the main thread. */
export function connectCommitWorker(): CommitConnection {
  return connectWorker<CommitWorkerApi>(new Worker(new URL('../../../worker/commit.worker.ts', import.meta.url), { type: 'module', name: 'commit' }));
}
