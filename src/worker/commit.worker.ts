// The transactions lab's Web Worker: holds the only mutable run and exposes the engine through comlink.
import { exposeEngine } from './kit/expose.ts';
import { createCommitEngine } from './commitEngine.ts';

const api = createCommitEngine(() => performance.now());

/** The typed API the app's bridge wraps (see src/app/kit/connection.ts). */
export type CommitWorkerApi = typeof api;

exposeEngine(api);
