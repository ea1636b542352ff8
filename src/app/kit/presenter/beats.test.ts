// Presenter mode's beat arithmetic and pacing colours.
import { describe, expect, it } from 'vitest';
import { beatAt, beatStarts, formatClock, paceOf, stepCountAfterBeat } from './beats.ts';

// Steps 0 (no note: belongs to beat 1), 1 (note A), 2, 3 (note B), 4 (note C), 5.
const steps = [{ narration: '' }, { narration: 'A' }, {}, { narration: 'B' }, { narration: 'C' }, {}];

describe('beats of a loaded scenario', () => {
  it('a beat opens at each note', () => {
    expect(beatStarts(steps)).toEqual([1, 3, 4]);
  });

  it('the beat on screen is how many notes have been reached', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((nextStep) => beatAt(steps, nextStep))).toEqual([0, 0, 1, 1, 2, 3, 3]);
  });

  it('replaying to the end of beat k runs the steps up to the next note (the end of the file for the last)', () => {
    expect([0, 1, 2, 3].map((beat) => stepCountAfterBeat(steps, beat))).toEqual([0, 3, 4, 6]);
    // Round trip: after replaying to the end of beat k, beat k is on screen.
    for (const beat of [1, 2, 3]) expect(beatAt(steps, stepCountAfterBeat(steps, beat))).toBe(beat);
  });
});

describe('pacing', () => {
  it('is on time under 80 % of the budget, close from 80 % to 100 %, over past it', () => {
    expect(paceOf(0, 60_000)).toBe('on-time');
    expect(paceOf(47_999, 60_000)).toBe('on-time');
    expect(paceOf(48_000, 60_000)).toBe('close');
    expect(paceOf(60_000, 60_000)).toBe('close');
    expect(paceOf(60_001, 60_000)).toBe('over');
  });

  it('reads as a clock', () => {
    expect(formatClock(0)).toBe('0:00');
    expect(formatClock(65_400)).toBe('1:05');
    expect(formatClock(-12_000)).toBe('-0:12');
  });
});
