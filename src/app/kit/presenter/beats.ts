// Presenter mode's beats, pure: a beat is a narrated span of a loaded scenario (the note's step and
// the steps after it up to the next note, see ../scenarioState.ts). Beat 0 is the introduction,
// before anything played; "at beat k" means beat k has played and its note is on screen.

interface StepLike {
  readonly narration?: string;
}

/** The index of the step that opens each beat (beat k opens at `beatStarts[k - 1]`). */
export function beatStarts(steps: readonly StepLike[]): number[] {
  const starts: number[] = [];
  steps.forEach((step, index) => {
    if (step.narration) starts.push(index);
  });
  return starts;
}

/** The beat on screen: how many beats have started by `nextStep` (0: the introduction). */
export function beatAt(steps: readonly StepLike[], nextStep: number): number {
  return beatStarts(steps).filter((start) => start < nextStep).length;
}

/** How many steps have run once beat `beat` has played to its end (0 for the introduction). */
export function stepCountAfterBeat(steps: readonly StepLike[], beat: number): number {
  if (beat <= 0) return 0;
  const starts = beatStarts(steps);
  return starts[beat] ?? steps.length;
}

export type Pace = 'on-time' | 'close' | 'over';

/** From this share of the budget on, the timer turns amber ("wrap up"). */
export const CLOSE_SHARE = 0.8;

/** Green while well inside the budget, amber from 80 %, red past it. */
export function paceOf(elapsedMs: number, budgetMs: number): Pace {
  if (elapsedMs > budgetMs) return 'over';
  return elapsedMs >= budgetMs * CLOSE_SHARE ? 'close' : 'on-time';
}

/** `1:05`, `0:09`, `-0:12` (over by 12 s). */
export function formatClock(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  const seconds = Math.floor(Math.abs(ms) / 1000);
  return `${sign}${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
