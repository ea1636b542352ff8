// The bridge to the quorums worker (the kit's connection, typed from the worker's own API).
import { connectWorker, type LabConnection } from '../../kit/connection.ts';
import type { QuorumWorkerApi } from '../../../worker/quorum.worker.ts';

export type QuorumConnection = LabConnection<QuorumWorkerApi>;

/** Starts a worker that owns the run and the checker; neither ever runs on the main thread. */
export function connectQuorumWorker(): QuorumConnection {
  return connectWorker<QuorumWorkerApi>(new Worker(new URL('../../../worker/quorum.worker.ts', import.meta.url), { type: 'module', name: 'quorum' }));
}
