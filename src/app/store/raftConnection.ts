// The bridge to the Raft worker (the kit's connection, typed from the worker's own API).
import { connectWorker, type LabConnection } from '../kit/connection.ts';
import type { RaftWorkerApi } from '../../worker/raft.worker.ts';

export type RaftConnection = LabConnection<RaftWorkerApi>;

/** Starts a worker that owns the simulation; the kernel never runs on the main thread. */
export function connectRaftWorker(): RaftConnection {
  return connectWorker<RaftWorkerApi>(new Worker(new URL('../../worker/raft.worker.ts', import.meta.url), { type: 'module', name: 'raft' }));
}
