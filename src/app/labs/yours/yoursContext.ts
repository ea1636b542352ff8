// The page's store context and hooks: the kit's (src/app/kit/storeContext.ts) for this lab's store.
import { createLabStoreContext } from '../../kit/storeContext.ts';
import type { YoursLabState, YoursLabStore } from './yoursStore.ts';

const context = createLabStoreContext<YoursLabState, YoursLabStore>('Yours');
export const YoursStoreContext = context.Context;
export const useYoursStoreApi = context.useStoreApi;
/** Subscribe to one slice; the selector must return existing references (never fresh objects). */
export const useYoursStore = context.useLabStore;
