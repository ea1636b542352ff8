// React context for one quorums lab store, and a hook that subscribes to a small slice of it.
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { QuorumLabState, QuorumLabStore } from './quorumStore.ts';

export const QuorumStoreContext = createContext<QuorumLabStore | null>(null);

export function useQuorumStoreApi(): QuorumLabStore {
  const store = useContext(QuorumStoreContext);
  if (!store) throw new Error('useQuorumStore must be used inside <QuorumStoreContext.Provider>.');
  return store;
}

/** Subscribe to one slice; the selector must return existing references (never fresh objects). */
export function useQuorumStore<T>(selector: (state: QuorumLabState) => T): T {
  return useStore(useQuorumStoreApi(), selector);
}
