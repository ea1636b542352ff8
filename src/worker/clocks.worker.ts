// The clocks lab's Web Worker: ShiViz parsing (the user's regexes) and clock analysis of large logs, off the main thread; the page kills it when a regex runs away.
import { exposeEngine } from './kit/expose.ts';
import { createClocksEngine } from './clocksEngine.ts';

const api = createClocksEngine(() => performance.now());

/** The typed API the page's bridge wraps (src/app/labs/clocks/clocksWorker.ts). */
export type ClocksWorkerApi = typeof api;

exposeEngine(api);
