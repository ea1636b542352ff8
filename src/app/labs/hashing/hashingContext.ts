// React context for one hashing lab store, and a hook that subscribes to a small slice of it.
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { HashingLabState, HashingLabStore } from './hashingStore.ts';

export const HashingStoreContext = createContext<HashingLabStore | null>(null);

export function useHashingStoreApi(): HashingLabStore {
  const store = useContext(HashingStoreContext);
  if (!store) throw new Error('useHashingStore must be used inside <HashingStoreContext.Provider>.');
  return store;
}

/** Subscribe to one slice; the selector must return existing references (never fresh objects). */
export function useHashingStore<T>(selector: (state: HashingLabState) => T): T {
  return useStore(useHashingStoreApi(), selector);
}
