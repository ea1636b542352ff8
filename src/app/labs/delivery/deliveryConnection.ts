// The bridge to the delivery worker (the kit's connection, typed from the worker's own API).
import { connectWorker, type LabConnection } from '../../kit/connection.ts';
import type { DeliveryWorkerApi } from '../../../worker/delivery.worker.ts';

export type DeliveryConnection = LabConnection<DeliveryWorkerApi>;

/** Starts a worker that owns the run; the simulation never runs on the main thread. */
export function connectDeliveryWorker(): DeliveryConnection {
  return connectWorker<DeliveryWorkerApi>(new Worker(new URL('../../../worker/delivery.worker.ts', import.meta.url), { type: 'module', name: 'delivery' }));
}
