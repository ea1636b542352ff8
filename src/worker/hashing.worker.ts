// The consistent hashing lab's Web Worker: holds the only session (up to a million keys) and exposes the engine through comlink.
import { expose, type Endpoint } from 'comlink';
import { createHashingEngine } from './hashingEngine.ts';

const api = createHashingEngine(() => performance.now());

/** The typed API the lab's bridge wraps (`wrap<HashingWorkerApi>(worker)`). */
export type HashingWorkerApi = typeof api;

// The explicit endpoint cast: comlink's default endpoint hangs under @vitest/web-worker (TOOLING.md).
expose(api, self as unknown as Endpoint);
