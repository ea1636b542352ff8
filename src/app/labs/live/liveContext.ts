// The live page's store context (the kit's context factory): `useLiveStore(selector)` and `useLiveStoreApi()`.
import { createLabStoreContext } from '../../kit/storeContext.ts';
import type { LiveState, LiveStore } from './liveStore.ts';

const context = createLabStoreContext<LiveState, LiveStore>('Live');
export const LiveStoreContext = context.Context;
export const useLiveStore = context.useLabStore;
export const useLiveStoreApi = context.useStoreApi;
