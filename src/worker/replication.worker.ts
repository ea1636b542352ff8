// The replication lab's Web Worker: holds the only mutable replication run and exposes the engine through comlink.
import { exposeEngine } from './kit/expose.ts';
import { createReplicationEngine } from './replicationEngine.ts';

const api = createReplicationEngine(() => performance.now());

/** The typed API the app's bridge wraps (see src/app/kit/connection.ts). */
export type ReplicationWorkerApi = typeof api;

exposeEngine(api);
