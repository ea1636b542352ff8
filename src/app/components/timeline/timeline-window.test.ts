// Tests for the diagram's view window: the default, following the present, zoom, pan and fit; plus time labels.

import { describe, expect, it } from 'vitest';
import { formatTimeMs } from './timeline-describe.ts';
import { computeLayout } from './timeline-layout.ts';
import { DEFAULT_SPAN_MS, fitWindow, FOLLOW_ANCHOR_RATIO, followWindow, initialWindow, panWindow, spanOf, zoomWindow } from './timeline-window.ts';

describe('view window', () => {
  it('opens on the last few seconds with time 0 just inside the left edge', () => {
    expect(spanOf(initialWindow(0))).toBe(DEFAULT_SPAN_MS);
    expect(initialWindow(0).startMs).toBeLessThan(0);
    expect(initialWindow(0).startMs).toBeGreaterThan(-DEFAULT_SPAN_MS * 0.1);
    const later = initialWindow(10_000);
    expect(later.startMs + FOLLOW_ANCHOR_RATIO * spanOf(later)).toBeCloseTo(10_000);
  });

  it('following keeps the present pinned while it moves forward', () => {
    let window = initialWindow(0);
    for (let nowMs = 0; nowMs <= 20_000; nowMs += 16) window = followWindow(window, nowMs);
    expect(window.startMs + FOLLOW_ANCHOR_RATIO * spanOf(window)).toBeCloseTo(20_000);
    expect(spanOf(window)).toBeCloseTo(DEFAULT_SPAN_MS);
  });

  it('following leaves the window alone while the present is inside it (a click seeks without a jump)', () => {
    const window = { startMs: 1000, endMs: 3000 };
    expect(followWindow(window, 1200)).toBe(window);
    expect(followWindow(window, 2600)).toBe(window);
  });

  it('following centres a present that jumped behind the window, never far before time 0', () => {
    expect(followWindow({ startMs: 8000, endMs: 10_000 }, 5000)).toEqual({ startMs: 4000, endMs: 6000 });
    expect(followWindow({ startMs: 8000, endMs: 10_000 }, 100).startMs).toBeGreaterThan(-100);
  });

  it('zooming keeps the anchor where it was on screen and respects the span limits', () => {
    const window = { startMs: 0, endMs: 2000 };
    const zoomed = zoomWindow(window, 2, 1500, 100_000);
    expect(spanOf(zoomed)).toBe(1000);
    expect((1500 - zoomed.startMs) / spanOf(zoomed)).toBeCloseTo(0.75);
    expect(spanOf(zoomWindow(window, 1e-6, 0, 50_000))).toBe(50_000);
    expect(spanOf(zoomWindow(window, 1e6, 0, 50_000))).toBeGreaterThanOrEqual(20);
  });

  it('panning moves by a fraction of the window; fitting shows the whole run', () => {
    expect(panWindow({ startMs: 0, endMs: 2000 }, -0.5)).toEqual({ startMs: -1000, endMs: 1000 });
    const all = fitWindow(60_000);
    expect(all.startMs).toBeLessThanOrEqual(0);
    expect(all.endMs).toBeGreaterThanOrEqual(60_000);
  });
});

describe('layout', () => {
  it('gives each lane its own band of height and finds the lane under a point', () => {
    const layout = computeLayout(1200, 26 + 6 + 5 * 46, 5);
    expect(layout.laneHeightPx).toBeCloseTo(46);
    expect(layout.laneAt(layout.laneCenterY(3))).toBe(3);
    expect(layout.laneAt(5)).toBe(-1);
  });
});

describe('time labels', () => {
  it('prints just enough decimals to tell ticks apart', () => {
    expect(formatTimeMs(3000, 1000)).toBe('3 s');
    expect(formatTimeMs(3200, 200)).toBe('3.2 s');
    expect(formatTimeMs(3250, 50)).toBe('3.25 s');
    expect(formatTimeMs(3255, 5)).toBe('3255 ms');
    expect(formatTimeMs(0, 500)).toBe('0 s');
    expect(formatTimeMs(850)).toBe('850 ms');
    expect(formatTimeMs(4281)).toBe('4.281 s');
  });
});
