// The CRDT lab's store context and hooks: the kit's (src/app/kit/storeContext.ts) for this lab's store.
import { createLabStoreContext } from '../../kit/storeContext.ts';
import type { CrdtLabState, CrdtLabStore } from './crdtStore.ts';

const context = createLabStoreContext<CrdtLabState, CrdtLabStore>('Crdt');
export const CrdtStoreContext = context.Context;
export const useCrdtStoreApi = context.useStoreApi;
/** Subscribe to one slice; the selector must return existing references (never fresh objects). */
export const useCrdtStore = context.useLabStore;
