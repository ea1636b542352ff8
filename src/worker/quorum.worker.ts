// The quorums lab's Web Worker: holds the only mutable replicated-store run and exposes the engine through comlink.
import { exposeEngine } from './kit/expose.ts';
import { createQuorumEngine } from './quorumEngine.ts';

const api = createQuorumEngine(() => performance.now());

/** The typed API the app's bridge wraps (see src/app/kit/connection.ts). */
export type QuorumWorkerApi = typeof api;

exposeEngine(api);
