// The replication lab's store context and hooks: the kit's (src/app/kit/storeContext.ts) for this lab's store.
import { createLabStoreContext } from '../../kit/storeContext.ts';
import type { ReplicationLabState, ReplicationLabStore } from './replicationStore.ts';

const context = createLabStoreContext<ReplicationLabState, ReplicationLabStore>('Replication');
export const ReplicationStoreContext = context.Context;
export const useReplicationStoreApi = context.useStoreApi;
/** Subscribe to one slice; the selector must return existing references (never fresh objects). */
export const useReplicationStore = context.useLabStore;
