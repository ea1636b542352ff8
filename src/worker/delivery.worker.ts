// The delivery lab's Web Worker: holds the only mutable delivery run and exposes the engine through comlink.
import { exposeEngine } from './kit/expose.ts';
import { createDeliveryEngine } from './deliveryEngine.ts';

const api = createDeliveryEngine(() => performance.now());

/** The typed API the app's bridge wraps (see src/app/kit/connection.ts). */
export type DeliveryWorkerApi = typeof api;

exposeEngine(api);
