// The bridge to the hashing worker (the kit's connection, typed from the worker's own API).
import { connectWorker, type LabConnection } from '../../kit/connection.ts';
import type { HashingWorkerApi } from '../../../worker/hashing.worker.ts';

export type HashingConnection = LabConnection<HashingWorkerApi>;

/** Starts a worker that owns the key set and the owners; a million keys never touch the main thread. */
export function connectHashingWorker(): HashingConnection {
  return connectWorker<HashingWorkerApi>(new Worker(new URL('../../../worker/hashing.worker.ts', import.meta.url), { type: 'module', name: 'hashing' }));
}
