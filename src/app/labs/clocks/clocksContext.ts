// The Clocks lab's store context and hooks: the kit's (src/app/kit/storeContext.ts) for this lab's store.
import { createContext, useContext } from 'react';
import { createLabStoreContext } from '../../kit/storeContext.ts';
import type { ClocksLabState, ClocksLabStore } from './clocksStore.ts';
import type { ClocksWorkerClient } from './clocksWorker.ts';

const context = createLabStoreContext<ClocksLabState, ClocksLabStore>('Clocks');
export const ClocksStoreContext = context.Context;
export const useClocksStoreApi = context.useStoreApi;
/** Subscribe to one slice; the selector must return existing references (never fresh objects). */
export const useClocksStore = context.useLabStore;

/** The page's one clocks worker (imports, analyses), shared by the panels that need it. */
export const ClocksWorkerContext = createContext<ClocksWorkerClient | null>(null);
export function useClocksWorker(): ClocksWorkerClient {
  const client = useContext(ClocksWorkerContext);
  if (!client) throw new Error('useClocksWorker needs a ClocksWorkerContext provider (ClocksLab gives one).');
  return client;
}
