// The clocks lab's Web Worker: ShiViz parsing (the user's regexes) and clock analysis of large logs, off the main thread; the page kills it when a regex runs away.
import { exposeEngine } from './kit/expose.ts';
import { del, get, set } from 'idb-keyval';
import { createClocksEngine } from './clocksEngine.ts';

/** IndexedDB in the worker, where the browser gives one (not in some private modes). */
const storage = typeof indexedDB === 'undefined' ? null : { get: (key: string) => get(key), set: (key: string, value: unknown) => set(key, value), del: (key: string) => del(key) };
const api = createClocksEngine(() => performance.now(), storage);

/** The typed API the page's bridge wraps (src/app/labs/clocks/clocksWorker.ts). */
export type ClocksWorkerApi = typeof api;

exposeEngine(api);
