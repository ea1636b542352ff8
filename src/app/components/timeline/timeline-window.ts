// Which stretch of time the diagram shows: the default window, following the present, zoom and pan steps.

import type { TimeWindowMs } from '../../geometry/timeline-scale.ts';

/** A few seconds: long enough for an election and a dozen heartbeat rounds, short enough that arrows keep their slant. */
export const DEFAULT_SPAN_MS = 2000;
export const SPAN_MS_MIN = 20;
/** While following, the present sits this far across the window, so the newest arrows have room to land. */
export const FOLLOW_ANCHOR_RATIO = 0.85;
/** Time 0 sits a little inside the left edge rather than on it. */
const LEFT_MARGIN_RATIO = 0.02;

export function spanOf(window: TimeWindowMs): number {
  return window.endMs - window.startMs;
}

function windowStartingAt(startMs: number, spanMs: number): TimeWindowMs {
  return { startMs, endMs: startMs + spanMs };
}

export function initialWindow(nowMs: number, spanMs = DEFAULT_SPAN_MS): TimeWindowMs {
  return windowStartingAt(Math.max(-LEFT_MARGIN_RATIO * spanMs, nowMs - FOLLOW_ANCHOR_RATIO * spanMs), spanMs);
}

/**
 * The window that keeps `nowMs` in view while following. It only moves when the present would
 * leave it: while playing, the present stays pinned at the anchor and the diagram scrolls
 * smoothly; a click inside the window seeks without the window jumping under the pointer.
 */
export function followWindow(window: TimeWindowMs, nowMs: number): TimeWindowMs {
  const spanMs = spanOf(window);
  const minStartMs = -LEFT_MARGIN_RATIO * spanMs;
  if (nowMs > window.startMs + FOLLOW_ANCHOR_RATIO * spanMs) return windowStartingAt(nowMs - FOLLOW_ANCHOR_RATIO * spanMs, spanMs);
  if (nowMs < window.startMs) return windowStartingAt(Math.max(minStartMs, nowMs - spanMs / 2), spanMs);
  return window;
}

/** Zoom by `factor` (> 1 zooms in) keeping `anchorMs` where it is on screen. */
export function zoomWindow(window: TimeWindowMs, factor: number, anchorMs: number, spanMsMax: number): TimeWindowMs {
  const spanMs = spanOf(window);
  const nextSpanMs = Math.min(spanMsMax, Math.max(SPAN_MS_MIN, spanMs / factor));
  const anchorRatio = spanMs > 0 ? (anchorMs - window.startMs) / spanMs : 0.5;
  return windowStartingAt(anchorMs - anchorRatio * nextSpanMs, nextSpanMs);
}

/** Pan by a fraction of the window (negative: towards the past). */
export function panWindow(window: TimeWindowMs, fraction: number): TimeWindowMs {
  return windowStartingAt(window.startMs + fraction * spanOf(window), spanOf(window));
}

/** The whole recorded run. */
export function fitWindow(headMs: number): TimeWindowMs {
  const spanMs = Math.max(SPAN_MS_MIN * 10, headMs * 1.04);
  return windowStartingAt(-LEFT_MARGIN_RATIO * spanMs, spanMs);
}

/** The widest window worth zooming out to: the run so far, with room to spare. */
export function spanMsMaxFor(headMs: number): number {
  return Math.max(DEFAULT_SPAN_MS * 2, headMs * 1.2);
}
