// The bridge to the replication worker (the kit's connection, typed from the worker's own API).
import { connectWorker, type LabConnection } from '../../kit/connection.ts';
import type { ReplicationWorkerApi } from '../../../worker/replication.worker.ts';

export type ReplicationConnection = LabConnection<ReplicationWorkerApi>;

/** Starts a worker that owns the run; the simulation never runs on the main thread. */
export function connectReplicationWorker(): ReplicationConnection {
  return connectWorker<ReplicationWorkerApi>(new Worker(new URL('../../../worker/replication.worker.ts', import.meta.url), { type: 'module', name: 'replication' }));
}
