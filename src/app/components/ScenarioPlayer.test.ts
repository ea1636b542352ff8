// A long scenario draws only a window of its lines around the current step.
import { describe, expect, it } from 'vitest';
import { shownWindow } from './ScenarioPlayer.tsx';

describe('shownWindow', () => {
  it('draws every line of a short scenario', () => {
    expect(shownWindow(46, 10)).toEqual({ from: 0, to: 46 });
  });

  it('draws 200 lines around the current step of a 60,001-line scenario', () => {
    expect(shownWindow(60_001, 0)).toEqual({ from: 0, to: 200 });
    expect(shownWindow(60_001, 30_000)).toEqual({ from: 29_960, to: 30_160 });
    expect(shownWindow(60_001, 60_001)).toEqual({ from: 59_961, to: 60_001 });
  });
});
