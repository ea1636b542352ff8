// A lesson's "Next ›": plays to the next narrated step, stopping early on a failure, a pause or the end.
import { describe, expect, it } from 'vitest';
import { currentNoteIndex, loadedScenario, playToNextBeat, withStepStatus, type ScenarioState } from './scenarioState.ts';

function lesson(notes: readonly string[]): ScenarioState {
  return loadedScenario(
    'lesson',
    '',
    notes.map((narration, index) => ({ line: index + 1, text: `step ${index + 1}`, kind: 'run', durationMs: null, narration })),
    null,
  );
}

/** A fake store: each `next` marks the step with the given status and moves on. */
function harness(start: ScenarioState, statusOf: (index: number) => 'done' | 'failed' = () => 'done', onStep?: (state: { scenario: ScenarioState }) => void) {
  const state = { scenario: start, played: [] as number[] };
  const next = async () => {
    const index = state.scenario.nextStep;
    state.played.push(index);
    state.scenario = { ...withStepStatus(state.scenario, index, statusOf(index)), nextStep: index + 1 };
    onStep?.(state);
  };
  const setAutoPlaying = (autoPlaying: boolean) => {
    state.scenario = { ...state.scenario, autoPlaying };
  };
  return { state, run: () => playToNextBeat(() => state.scenario, next, setAutoPlaying) };
}

describe('playToNextBeat', () => {
  it('runs through the steps without a note and stops before the next note', async () => {
    const { state, run } = harness(lesson(['intro', '', '', 'second note', '', 'third']));
    await run();
    expect(state.played).toEqual([0, 1, 2]);
    expect(state.scenario.nextStep).toBe(3);
    expect(state.scenario.autoPlaying).toBe(false);
    await run();
    expect(state.played).toEqual([0, 1, 2, 3, 4]);
    await run();
    expect(state.scenario.nextStep).toBe(6);
    await run();
    expect(state.played).toHaveLength(6);
  });

  it('puts the steps before the first note into the first beat', async () => {
    const { state, run } = harness(lesson(['', '', 'a', '', 'b']));
    await run();
    expect(state.played).toEqual([0, 1, 2, 3]);
  });

  it('stops at a failed step', async () => {
    const { state, run } = harness(lesson(['a', '', '', 'b']), (index) => (index === 1 ? 'failed' : 'done'));
    await run();
    expect(state.played).toEqual([0, 1]);
  });

  it('stops when the user pauses', async () => {
    const { state, run } = harness(lesson(['a', '', '', '', 'b']), undefined, (current) => {
      if (current.scenario.nextStep === 2) current.scenario = { ...current.scenario, autoPlaying: false };
    });
    await run();
    expect(state.played).toEqual([0, 1]);
  });
});

describe('currentNoteIndex', () => {
  it('is the note over the step running or last played', () => {
    const start = lesson(['a', '', 'b', '']);
    expect(currentNoteIndex(start)).toBe(-1);
    expect(currentNoteIndex(withStepStatus(start, 0, 'running'))).toBe(0);
    expect(currentNoteIndex({ ...start, nextStep: 2 })).toBe(0);
    expect(currentNoteIndex({ ...withStepStatus(start, 2, 'running'), nextStep: 2 })).toBe(2);
    expect(currentNoteIndex({ ...start, nextStep: 4 })).toBe(2);
  });
});
