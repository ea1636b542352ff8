// d3-zoom behind a small factory for the space-time diagram: wheel/drag/pinch gestures become time windows.

import { select, zoom, zoomIdentity, type D3ZoomEvent, type ZoomBehavior, type ZoomTransform } from 'd3';
import type { TimeWindowMs } from './timeline-scale.ts';

/**
 * Horizontal geometry the zoom works in. The transform maps a time t (ms) to the element's x
 * coordinate k·t + x, so the visible window is what lands between `plotLeftPx` and `plotRightPx`.
 */
export interface TimelineZoomGeometry {
  readonly plotLeftPx: number;
  readonly plotRightPx: number;
  readonly spanMsMin: number;
  readonly spanMsMax: number;
  /** Pan limits in time; the current window is always allowed, so d3 never jumps to enforce them. */
  readonly panMinMs: number;
  readonly panMaxMs: number;
}

export interface TimelineZoomOptions extends TimelineZoomGeometry {
  readonly element: Element;
  /** Events d3 should leave alone (the ruler scrubs instead of panning). */
  readonly ignoreEvent?: (event: MouseEvent | WheelEvent | TouchEvent) => boolean;
  /** Every window change; `byUser` is true for gestures and false for `showWindow` calls. */
  readonly onWindowChange: (window: TimeWindowMs, byUser: boolean) => void;
}

export interface TimelineZoom {
  update(geometry: TimelineZoomGeometry): void;
  /** Move the view to `window`, animated over `durationMs` (0: at once, as reduced motion asks). */
  showWindow(window: TimeWindowMs, durationMs?: number): void;
  destroy(): void;
}

export function transformForWindow(window: TimeWindowMs, plotLeftPx: number, plotRightPx: number): ZoomTransform {
  const k = (plotRightPx - plotLeftPx) / Math.max(1e-6, window.endMs - window.startMs);
  return zoomIdentity.translate(plotLeftPx - window.startMs * k, 0).scale(k);
}

export function windowForTransform(transform: ZoomTransform, plotLeftPx: number, plotRightPx: number): TimeWindowMs {
  return { startMs: transform.invertX(plotLeftPx), endMs: transform.invertX(plotRightPx) };
}

export function createTimelineZoom(options: TimelineZoomOptions): TimelineZoom {
  let geometry: TimelineZoomGeometry = options;
  let current: TimeWindowMs | null = null;
  const selection = select(options.element as Element);
  const behavior: ZoomBehavior<Element, unknown> = zoom<Element, unknown>()
    // A click that wobbles a few pixels is still a click (it seeks) rather than a pan.
    .clickDistance(4)
    .filter((event: MouseEvent | WheelEvent | TouchEvent) => {
      const ctrlKey = 'ctrlKey' in event && event.ctrlKey;
      const button = 'button' in event ? event.button : 0;
      if ((ctrlKey && event.type !== 'wheel') || button) return false;
      return !(options.ignoreEvent?.(event) ?? false);
    })
    .on('zoom', (event: D3ZoomEvent<Element, unknown>) => {
      current = windowForTransform(event.transform, geometry.plotLeftPx, geometry.plotRightPx);
      options.onWindowChange(current, event.sourceEvent != null);
    });

  const applyGeometry = () => {
    const widthPx = Math.max(1, geometry.plotRightPx - geometry.plotLeftPx);
    const panMinMs = Math.min(geometry.panMinMs, current?.startMs ?? geometry.panMinMs);
    const panMaxMs = Math.max(geometry.panMaxMs, current?.endMs ?? geometry.panMaxMs);
    behavior
      .scaleExtent([widthPx / geometry.spanMsMax, widthPx / geometry.spanMsMin])
      .extent([
        [geometry.plotLeftPx, 0],
        [geometry.plotRightPx, 1],
      ])
      .translateExtent([
        [panMinMs, Number.NEGATIVE_INFINITY],
        [panMaxMs, Number.POSITIVE_INFINITY],
      ]);
  };

  applyGeometry();
  selection.call(behavior).on('dblclick.zoom', null);

  return {
    update(next) {
      geometry = next;
      applyGeometry();
    },
    showWindow(window, durationMs = 0) {
      current = window;
      applyGeometry();
      const transform = transformForWindow(window, geometry.plotLeftPx, geometry.plotRightPx);
      if (durationMs > 0) selection.transition().duration(durationMs).call(behavior.transform, transform);
      else selection.call(behavior.transform, transform);
    },
    destroy() {
      selection.interrupt();
      selection.on('.zoom', null);
    },
  };
}
