// The Raft lab's Web Worker: holds the only mutable simulation and exposes the engine through comlink.
import { exposeEngine } from './kit/expose.ts';
import { createRaftEngine } from './raftEngine.ts';

const api = createRaftEngine(() => performance.now());

/** The typed API the app's bridge wraps (see src/app/kit/connection.ts). */
export type RaftWorkerApi = typeof api;

exposeEngine(api);
