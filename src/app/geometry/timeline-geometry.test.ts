// Tests for the timeline's geometry: the time scale, its ticks, and the zoom transform ↔ time window mapping.

import { describe, expect, it } from 'vitest';
import { createTimeScale, timeTicks } from './timeline-scale.ts';
import { transformForWindow, windowForTransform } from './timeline-zoom.ts';

describe('time scale', () => {
  it('maps the window onto the plot and back', () => {
    const scale = createTimeScale({ startMs: 1000, endMs: 3000 }, 40, 1040);
    expect(scale.x(1000)).toBe(40);
    expect(scale.x(3000)).toBe(1040);
    expect(scale.pxPerMs).toBe(0.5);
    expect(scale.time(scale.x(2345))).toBeCloseTo(2345);
  });

  it('gives round ticks about one per 90 px', () => {
    const ticks = timeTicks({ startMs: 0, endMs: 2000 }, 900);
    expect(ticks.valuesMs[0]).toBe(0);
    expect(ticks.stepMs).toBe(200);
    expect(ticks.valuesMs.length).toBeGreaterThanOrEqual(8);
  });
});

describe('zoom transform', () => {
  it('round-trips a window through a d3 zoom transform', () => {
    const window = { startMs: -40, endMs: 1960 };
    const transform = transformForWindow(window, 40, 1240);
    const back = windowForTransform(transform, 40, 1240);
    expect(back.startMs).toBeCloseTo(window.startMs);
    expect(back.endMs).toBeCloseTo(window.endMs);
    expect(transform.applyX(0)).toBeCloseTo(40 + 40 * (1200 / 2000));
  });
});
