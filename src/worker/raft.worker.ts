// The Raft lab's Web Worker: holds the only mutable simulation and exposes the engine through comlink.
import { expose, type Endpoint } from 'comlink';
import { createRaftEngine } from './raftEngine.ts';

const api = createRaftEngine(() => performance.now());

/** The typed API the app's bridge wraps (`wrap<RaftWorkerApi>(worker)`). */
export type RaftWorkerApi = typeof api;

// The explicit endpoint cast: comlink's default endpoint hangs under @vitest/web-worker (TOOLING.md).
expose(api, self as unknown as Endpoint);
