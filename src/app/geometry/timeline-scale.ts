// Time axis of the space-time diagram: the window ↔ pixel mapping and nice tick values (d3-array).

import { tickStep, ticks } from 'd3';

export interface TimeWindowMs {
  readonly startMs: number;
  readonly endMs: number;
}

/** Maps virtual milliseconds to CSS pixels across the plot and back. */
export interface TimeScale {
  readonly window: TimeWindowMs;
  readonly plotLeftPx: number;
  readonly plotRightPx: number;
  readonly pxPerMs: number;
  x(timeMs: number): number;
  time(xPx: number): number;
}

export function createTimeScale(window: TimeWindowMs, plotLeftPx: number, plotRightPx: number): TimeScale {
  const spanMs = Math.max(1e-6, window.endMs - window.startMs);
  const pxPerMs = (plotRightPx - plotLeftPx) / spanMs;
  return {
    window,
    plotLeftPx,
    plotRightPx,
    pxPerMs,
    x: (timeMs) => plotLeftPx + (timeMs - window.startMs) * pxPerMs,
    time: (xPx) => window.startMs + (xPx - plotLeftPx) / pxPerMs,
  };
}

export interface TimeTicks {
  readonly valuesMs: readonly number[];
  readonly stepMs: number;
}

/** Round tick values for the window, about one per `spacingPx` pixels. */
export function timeTicks(window: TimeWindowMs, widthPx: number, spacingPx = 90): TimeTicks {
  const count = Math.max(2, Math.floor(widthPx / spacingPx));
  return {
    valuesMs: ticks(window.startMs, window.endMs, count),
    stepMs: Math.abs(tickStep(window.startMs, window.endMs, count)),
  };
}
