// The "bring your own node" lab's Web Worker: the learner's code runs here, never on the page's thread.
import { exposeEngine } from './kit/expose.ts';
import { createYoursEngine } from './yoursEngine.ts';

const api = createYoursEngine(() => performance.now());

/** The typed API the app's bridge wraps (see src/app/kit/connection.ts). */
export type YoursWorkerApi = typeof api;

exposeEngine(api);
