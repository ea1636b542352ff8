// The Hashing lab's store context and hooks: the kit's (src/app/kit/storeContext.ts) for this lab's store.
import { createLabStoreContext } from '../../kit/storeContext.ts';
import type { HashingLabState, HashingLabStore } from './hashingStore.ts';

const context = createLabStoreContext<HashingLabState, HashingLabStore>('Hashing');
export const HashingStoreContext = context.Context;
export const useHashingStoreApi = context.useStoreApi;
/** Subscribe to one slice; the selector must return existing references (never fresh objects). */
export const useHashingStore = context.useLabStore;
