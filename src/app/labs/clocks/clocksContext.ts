// The Clocks lab's store context and hooks: the kit's (src/app/kit/storeContext.ts) for this lab's store.
import { createLabStoreContext } from '../../kit/storeContext.ts';
import type { ClocksLabState, ClocksLabStore } from './clocksStore.ts';

const context = createLabStoreContext<ClocksLabState, ClocksLabStore>('Clocks');
export const ClocksStoreContext = context.Context;
export const useClocksStoreApi = context.useStoreApi;
/** Subscribe to one slice; the selector must return existing references (never fresh objects). */
export const useClocksStore = context.useLabStore;
