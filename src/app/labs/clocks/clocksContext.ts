// React context for one clocks lab store, and a hook that subscribes to one slice of it.
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { ClocksLabState, ClocksLabStore } from './clocksStore.ts';

export const ClocksStoreContext = createContext<ClocksLabStore | null>(null);

export function useClocksStoreApi(): ClocksLabStore {
  const store = useContext(ClocksStoreContext);
  if (!store) throw new Error('useClocksStore must be used inside <ClocksStoreContext.Provider>.');
  return store;
}

/** Subscribe to one slice; the selector must return existing references (never fresh objects). */
export function useClocksStore<T>(selector: (state: ClocksLabState) => T): T {
  return useStore(useClocksStoreApi(), selector);
}
