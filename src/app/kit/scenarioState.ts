// The kit's shape of a loaded scenario in a lab store, and the pure updates every store makes to it.
import type { ScenarioError } from '../../scenario/lexer.ts';
import type { ScenarioStepView } from '../../worker/kit/labEngine.ts';

export type ScenarioLineStatus = 'pending' | 'running' | 'done' | 'passed' | 'failed' | 'error';

export interface ScenarioLineView<Kind extends string = string> extends ScenarioStepView<Kind> {
  readonly status: ScenarioLineStatus;
  /** What an expectation found, or why a step could not be carried out. */
  readonly detail: string | null;
}

export interface ScenarioState<Kind extends string = string> {
  readonly name: string;
  readonly source: string;
  /** Parse errors (with line and column), or a preset that could not be found. */
  readonly errors: readonly ScenarioError[] | null;
  readonly steps: readonly ScenarioLineView<Kind>[];
  readonly nextStep: number;
  readonly busy: boolean;
  readonly autoPlaying: boolean;
}

/** A freshly loaded scenario, every line pending (or its errors). */
export function loadedScenario<Kind extends string>(name: string, source: string, steps: readonly ScenarioStepView<Kind>[] | null, errors: readonly ScenarioError[] | null): ScenarioState<Kind> {
  return {
    name,
    source,
    errors,
    steps: (steps ?? []).map((step) => ({ ...step, status: 'pending' as const, detail: null })),
    nextStep: 0,
    busy: false,
    autoPlaying: false,
  };
}

/** The same scenario with line `index` marked. */
export function withStepStatus<Kind extends string>(scenario: ScenarioState<Kind>, index: number, status: ScenarioLineStatus, detail: string | null = null): ScenarioState<Kind> {
  return { ...scenario, steps: scenario.steps.map((step, position) => (position === index ? { ...step, status, detail } : step)) };
}

/**
 * "Next ›" in a lesson: play one beat — the next note's step and the steps after it that have no
 * note of their own (steps before the first note belong to the first beat) — and stop before the
 * following note, so the words on screen describe what was just played. Stops early at the end,
 * on a failed or impossible step, when a step did not finish (the user paused inside a `run`), or
 * when the user pauses (autoPlaying off).
 */
export async function playToNextBeat(
  current: () => ScenarioState | null,
  next: () => Promise<unknown>,
  setAutoPlaying: (on: boolean) => void,
): Promise<void> {
  const start = current();
  if (!start || start.busy || start.errors || start.nextStep >= start.steps.length) return;
  setAutoPlaying(true);
  let playedNote = false;
  try {
    for (;;) {
      const before = current();
      if (!before || !before.autoPlaying || before.nextStep >= before.steps.length) return;
      const narrated = Boolean(before.steps[before.nextStep]?.narration);
      if (narrated && playedNote) return;
      await next();
      const after = current();
      if (!after || after.nextStep === before.nextStep) return;
      const played = after.steps[after.nextStep - 1];
      if (played && (played.status === 'failed' || played.status === 'error')) return;
      playedNote ||= narrated;
    }
  } finally {
    setAutoPlaying(false);
  }
}

/** The note that covers what is on screen: the nearest narrated step at or before the one running or last played (-1: none yet). */
export function currentNoteIndex(scenario: { readonly steps: readonly { readonly narration?: string; readonly status: string }[]; readonly nextStep: number }): number {
  const running = scenario.steps[scenario.nextStep]?.status === 'running';
  const last = Math.min(running ? scenario.nextStep : scenario.nextStep - 1, scenario.steps.length - 1);
  for (let index = last; index >= 0; index--) if (scenario.steps[index]?.narration) return index;
  return -1;
}
