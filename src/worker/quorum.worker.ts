// The quorums lab's Web Worker: holds the only mutable replicated-store run and exposes the engine through comlink.
import { expose, type Endpoint } from 'comlink';
import { createQuorumEngine } from './quorumEngine.ts';

const api = createQuorumEngine(() => performance.now());

/** The typed API the app's bridge wraps (`wrap<QuorumWorkerApi>(worker)`). */
export type QuorumWorkerApi = typeof api;

// The explicit endpoint cast: comlink's default endpoint hangs under @vitest/web-worker (TOOLING.md).
expose(api, self as unknown as Endpoint);
