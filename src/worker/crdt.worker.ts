// The CRDT lab's Web Worker: holds the only mutable CRDT run and exposes the engine through comlink.
import { exposeEngine } from './kit/expose.ts';
import { createCrdtEngine } from './crdtEngine.ts';

const api = createCrdtEngine(() => performance.now());

/** The typed API the app's bridge wraps (see src/app/kit/connection.ts). */
export type CrdtWorkerApi = typeof api;

exposeEngine(api);
