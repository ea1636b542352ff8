// React context for one Raft lab store, and hooks that subscribe to small slices of it.
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { RaftLabState, RaftLabStore } from './raftStore.ts';

export const RaftStoreContext = createContext<RaftLabStore | null>(null);

export function useRaftStoreApi(): RaftLabStore {
  const store = useContext(RaftStoreContext);
  if (!store) throw new Error('useRaftStore must be used inside <RaftStoreContext.Provider>.');
  return store;
}

/** Subscribe to one slice; the selector must return existing references (never fresh objects). */
export function useRaftStore<T>(selector: (state: RaftLabState) => T): T {
  return useStore(useRaftStoreApi(), selector);
}
