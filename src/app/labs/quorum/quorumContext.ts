// The Quorum lab's store context and hooks: the kit's (src/app/kit/storeContext.ts) for this lab's store.
import { createLabStoreContext } from '../../kit/storeContext.ts';
import type { QuorumLabState, QuorumLabStore } from './quorumStore.ts';

const context = createLabStoreContext<QuorumLabState, QuorumLabStore>('Quorum');
export const QuorumStoreContext = context.Context;
export const useQuorumStoreApi = context.useStoreApi;
/** Subscribe to one slice; the selector must return existing references (never fresh objects). */
export const useQuorumStore = context.useLabStore;
