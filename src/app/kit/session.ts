// The kit's hooks for a lab session: start the store's worker on mount and stop it on unmount, and
// load the preset a URL names (or say clearly that there is none).
import { useEffect } from 'react';
import type { PresetCatalogue } from './presets.ts';

interface StartStop {
  getState(): { readonly actions: { start(): void; stop(): void } };
}

/** Start the lab's engine while the page shows it (StrictMode's double mount starts it again cleanly). */
export function useRunningStore(store: StartStop): void {
  useEffect(() => {
    const { actions } = store.getState();
    actions.start();
    return () => actions.stop();
  }, [store]);
}

interface ScenarioLoader {
  getState(): { readonly actions: { loadScenario(name: string, source: string): unknown; failScenario(name: string, message: string): void } };
}

/**
 * Load the preset `name` (from the URL) into the store; an unknown name becomes a scenario error
 * that lists the presets. `load` replaces the plain `loadScenario` when the lab passes more (the
 * Raft lab's switches); `reloadKey` reloads when those change.
 */
export function useUrlPreset(store: ScenarioLoader, presets: PresetCatalogue, name: string | null, labName: string, load?: (source: string) => void, reloadKey = ''): void {
  useEffect(() => {
    if (name === null) return;
    let cancelled = false;
    void presets.load(name).then((source) => {
      if (cancelled) return;
      const { actions } = store.getState();
      if (source === null) actions.failScenario(name, `There is no ${labName} preset scenario named “${name}”. Presets: ${presets.names.join(', ')}.`);
      else if (load) load(source);
      else void actions.loadScenario(name, source);
    });
    return () => {
      cancelled = true;
    };
    // `load` is a fresh closure each render; `reloadKey` stands for what it depends on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [store, presets, name, labName, reloadKey]);
}

/** Load a shared run (a link's `actions=`, already decoded) as the scenario "shared run", once. */
export function useSharedScenario(store: ScenarioLoader, source: string | null): void {
  useEffect(() => {
    if (source !== null) void store.getState().actions.loadScenario('shared run', source);
  }, [store, source]);
}
