// The delivery lab's store context and hooks: the kit's (src/app/kit/storeContext.ts) for this lab's store.
import { createLabStoreContext } from '../../kit/storeContext.ts';
import type { DeliveryLabState, DeliveryLabStore } from './deliveryStore.ts';

const context = createLabStoreContext<DeliveryLabState, DeliveryLabStore>('Delivery');
export const DeliveryStoreContext = context.Context;
export const useDeliveryStoreApi = context.useStoreApi;
/** Subscribe to one slice; the selector must return existing references (never fresh objects). */
export const useDeliveryStore = context.useLabStore;
