// The bridge to the CRDT worker (the kit's connection, typed from the worker's own API).
import { connectWorker, type LabConnection } from '../../kit/connection.ts';
import type { CrdtWorkerApi } from '../../../worker/crdt.worker.ts';

export type CrdtConnection = LabConnection<CrdtWorkerApi>;

/** Starts a worker that owns the run; the simulation never runs on the main thread. */
export function connectCrdtWorker(): CrdtConnection {
  return connectWorker<CrdtWorkerApi>(new Worker(new URL('../../../worker/crdt.worker.ts', import.meta.url), { type: 'module', name: 'crdt' }));
}
