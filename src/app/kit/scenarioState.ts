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
