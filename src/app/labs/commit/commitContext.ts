// The transactions lab's store context and hooks: the kit's (src/app/kit/storeContext.ts) for this lab's store.
import { createLabStoreContext } from '../../kit/storeContext.ts';
import type { CommitLabState, CommitLabStore } from './commitStore.ts';

const context = createLabStoreContext<CommitLabState, CommitLabStore>('Commit');
export const CommitStoreContext = context.Context;
export const useCommitStoreApi = context.useStoreApi;
/** Subscribe to one slice; the selector must return existing references (never fresh objects). */
export const useCommitStore = context.useLabStore;
