// The Raft lab's store context and hooks: the kit's (src/app/kit/storeContext.ts) for this lab's store.
import { createLabStoreContext } from '../kit/storeContext.ts';
import type { RaftLabState, RaftLabStore } from './raftStore.ts';

const context = createLabStoreContext<RaftLabState, RaftLabStore>('Raft');
export const RaftStoreContext = context.Context;
export const useRaftStoreApi = context.useStoreApi;
/** Subscribe to one slice; the selector must return existing references (never fresh objects). */
export const useRaftStore = context.useLabStore;
