// The kit's React context for one lab store (one store per lab instance, never a singleton), and the
// hooks that read it: `useLabStore(selector)` subscribes to a small slice; `useStoreApi()` is for
// handlers, which read `getState()` instead of subscribing.
import { createContext, useContext, type Context } from 'react';
import { useStore, type StoreApi } from 'zustand';

export interface LabStoreContext<State, Store extends StoreApi<State>> {
  readonly Context: Context<Store | null>;
  useStoreApi(): Store;
  /** Subscribe to one slice; the selector must return existing references (never fresh objects). */
  useLabStore<T>(selector: (state: State) => T): T;
}

export function createLabStoreContext<State, Store extends StoreApi<State> = StoreApi<State>>(labName: string): LabStoreContext<State, Store> {
  const Context = createContext<Store | null>(null);
  Context.displayName = `${labName}StoreContext`;
  function useStoreApi(): Store {
    const store = useContext(Context);
    if (!store) throw new Error(`The ${labName} lab's views must be inside its <${labName}StoreContext.Provider>.`);
    return store;
  }
  function useLabStore<T>(selector: (state: State) => T): T {
    return useStore(useStoreApi(), selector);
  }
  return { Context, useStoreApi, useLabStore };
}
