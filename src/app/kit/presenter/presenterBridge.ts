// Presenter mode's link to whichever lab is on screen: the lab's scenario card (components/
// ScenarioPanel.tsx, on every kit lab) publishes the loaded scenario and the store's actions here,
// so the presenter (in the app shell, outside the lab's store context) can play beats and act on
// the simulation. Also holds the presenter's own state: on/off and the blank screen.
import { useSyncExternalStore } from 'react';
import type { ScenarioState } from '../scenarioState.ts';

/** What presenter mode needs of a lab's store; `act` takes the lab's command (the shared network commands among them). */
export interface PresenterLabActions {
  loadScenario(name: string, source: string): Promise<unknown>;
  scenarioNextBeat?(): unknown;
  scenarioReplayTo?(stepCount: number): Promise<unknown>;
  scenarioPause(): void;
  act?(command: never): Promise<unknown>;
}

export interface PresenterState {
  readonly presenting: boolean;
  readonly blank: boolean;
  readonly scenario: ScenarioState | null;
  readonly actions: PresenterLabActions | null;
}

let state: PresenterState = { presenting: false, blank: false, scenario: null, actions: null };
const listeners = new Set<() => void>();

function update(change: Partial<PresenterState>): void {
  state = { ...state, ...change };
  for (const listener of listeners) listener();
}

export const presenter = {
  get: (): PresenterState => state,
  setPresenting(presenting: boolean): void {
    if (presenting !== state.presenting) update({ presenting, blank: false });
  },
  setBlank(blank: boolean): void {
    update({ blank });
  },
  /** The lab's scenario card calls this on every change; null when it goes away. */
  publish(scenario: ScenarioState | null, actions: PresenterLabActions | null): void {
    if (scenario !== state.scenario || actions !== state.actions) update({ scenario, actions });
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

export function usePresenter(): PresenterState {
  return useSyncExternalStore(presenter.subscribe, presenter.get, presenter.get);
}
