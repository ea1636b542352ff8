// The consistent hashing lab's Web Worker: holds the only session (up to a million keys) and exposes the engine through comlink.
import { exposeEngine } from './kit/expose.ts';
import { createHashingEngine } from './hashingEngine.ts';

const api = createHashingEngine(() => performance.now());

/** The typed API the app's bridge wraps (see src/app/kit/connection.ts). */
export type HashingWorkerApi = typeof api;

exposeEngine(api);
