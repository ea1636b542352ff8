// The space-time diagram: one lane per node, messages as arrows, role bands, synced with the scrubber; drawn on a canvas.

import { useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type CSSProperties, type KeyboardEvent, type MouseEvent, type PointerEvent } from 'react';
import type { RaftTraceEvent } from '../../../kernel/protocols/raft/trace.ts';
import { createTimeScale, type TimeWindowMs } from '../../geometry/timeline-scale.ts';
import { createTimelineZoom, type TimelineZoom } from '../../geometry/timeline-zoom.ts';
import { describeAction, describeBand, describeDiagram, describeEvent, describeSegment, formatTimeMs } from './timeline-describe.ts';
import { drawTimeline, hitTest, type HoverTarget, type TimelineHighlight } from './timeline-draw.ts';
import { computeLayout, defaultHeightPx } from './timeline-layout.ts';
import { TimelineModel } from './timeline-model.ts';
import { TimelineLegend } from './TimelineLegend.tsx';
import { detectTheme, PALETTES, readPalette, type TimelinePalette, type TimelineTheme } from './timeline-theme.ts';
import { fitWindow, followWindow, initialWindow, panWindow, spanMsMaxFor, SPAN_MS_MIN, zoomWindow } from './timeline-window.ts';
import './timeline.css';

export interface SpaceTimeDiagramProps {
  /** The run's trace, sorted by time; append-only except when the run forks. */
  readonly trace: readonly RaftTraceEvent[];
  /** Change it when the trace was replaced (a fork, a new run); a shorter trace is detected anyway. */
  readonly traceEpoch?: number;
  /** One lane per id, top to bottom. */
  readonly nodeIds: readonly string[];
  /** The moment shown: the cursor line; everything after it is drawn faded. */
  readonly nowMs: number;
  /** The furthest moment recorded; seeks are clamped to [0, headMs]. */
  readonly headMs: number;
  /** Called with a time when the user clicks the diagram or drags along its time ruler. */
  readonly onSeek?: (timeMs: number) => void;
  /** Canvas height in CSS pixels; by default about 46 px per lane. */
  readonly height?: number;
  /** Colour scheme; by default `data-theme` on <html>, else the system preference. */
  readonly theme?: TimelineTheme;
  /** How many recent events the visually hidden summary lists (default 8). */
  readonly summaryEventCount?: number;
  readonly className?: string;
  /**
   * A moment and nodes to point out (e.g. a safety violation the user picked): a marker line, the
   * nodes' lanes framed, and the messages to or from them just before. When it changes, the view
   * stops following and centres on it. Pass a stable object (memoised), not a fresh one per render.
   */
  readonly highlight?: TimelineHighlight | null;
}

interface Tooltip {
  readonly leftPx: number;
  readonly topPx: number;
  readonly lines: readonly string[];
}

interface Summary {
  readonly label: string;
  readonly nowLabel: string;
  readonly events: readonly string[];
}

/** The accessible summary changes at most this often, so screen readers and React are not flooded at 60 fps. */
const SUMMARY_INTERVAL_MS = 300;
const ZOOM_STEP = 1.6;
const ZOOM_ANIMATION_MS = 180;
const FALLBACK_WIDTH_PX = 800;

function usePrefersReducedMotion(): boolean {
  const query = '(prefers-reduced-motion: reduce)';
  const [reduced, setReduced] = useState(() => typeof matchMedia === 'function' && matchMedia(query).matches);
  useEffect(() => {
    if (typeof matchMedia !== 'function') return;
    const media = matchMedia(query);
    const onChange = () => setReduced(media.matches);
    media.addEventListener('change', onChange);
    return () => media.removeEventListener('change', onChange);
  }, []);
  return reduced;
}

/** The app's theme when no `theme` prop is given, kept current when <html data-theme> or the system preference changes. */
function useDetectedTheme(): TimelineTheme {
  const [theme, setTheme] = useState(detectTheme);
  useEffect(() => {
    const refresh = () => setTheme(detectTheme());
    const media = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;
    media?.addEventListener('change', refresh);
    const observer = typeof MutationObserver === 'function' ? new MutationObserver(refresh) : null;
    observer?.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    return () => {
      media?.removeEventListener('change', refresh);
      observer?.disconnect();
    };
  }, []);
  return theme;
}

function sameTarget(a: HoverTarget | null, b: HoverTarget | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.type === 'message' && b.type === 'message') return a.segment === b.segment;
  if (a.type === 'band' && b.type === 'band') return a.band === b.band;
  if (a.type === 'action' && b.type === 'action') return a.action === b.action;
  return false;
}

function describeTarget(target: HoverTarget): readonly string[] {
  switch (target.type) {
    case 'message':
      return describeSegment(target.segment);
    case 'band':
      return describeBand(target.band);
    case 'action':
      return describeAction(target.action);
  }
}

export function SpaceTimeDiagram(props: SpaceTimeDiagramProps) {
  const { trace, traceEpoch, nodeIds, nowMs, headMs, onSeek, summaryEventCount = 8, highlight = null } = props;
  const containerRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [model] = useState(() => new TimelineModel());
  const [follow, setFollow] = useState(true);
  const [measuredWidthPx, setMeasuredWidthPx] = useState(0);
  const [tooltip, setTooltip] = useState<Tooltip | null>(null);
  const [summary, setSummary] = useState<Summary>({ label: 'Space-time diagram', nowLabel: 'now', events: [] });
  const [detailReduced, setDetailReduced] = useState(false);
  const detectedTheme = useDetectedTheme();
  const theme = props.theme ?? detectedTheme;
  const [palette, setPalette] = useState<TimelinePalette>(PALETTES[theme]);
  const reducedMotion = usePrefersReducedMotion();
  const summaryId = useId();

  const widthPx = measuredWidthPx > 0 ? measuredWidthPx : FALLBACK_WIDTH_PX;
  const heightPx = props.height ?? defaultHeightPx(nodeIds.length);
  const layout = useMemo(() => computeLayout(widthPx, heightPx, nodeIds.length), [widthPx, heightPx, nodeIds.length]);
  const laneIndexById = useMemo(() => new Map(nodeIds.map((id, index) => [id, index])), [nodeIds]);

  // What the draw loop and the event handlers read: the latest props without re-subscribing anything.
  const windowRef = useRef<TimeWindowMs>(initialWindow(nowMs));
  const hoverRef = useRef<HoverTarget | null>(null);
  const live = useRef({ nowMs, headMs, nodeIds, laneIndexById, layout, palette, onSeek, follow, highlight });
  live.current = { nowMs, headMs, nodeIds, laneIndexById, layout, palette, onSeek, follow, highlight };
  const zoomRef = useRef<TimelineZoom | null>(null);
  const frameRef = useRef<number | null>(null);
  const detailReducedRef = useRef(false);
  const resetCountRef = useRef(0);

  const draw = useCallback(() => {
    frameRef.current = null;
    const canvas = canvasRef.current;
    if (!canvas) return;
    const state = live.current;
    const devicePixelRatio = typeof window !== 'undefined' && window.devicePixelRatio > 0 ? window.devicePixelRatio : 1;
    const backingWidth = Math.round(state.layout.widthPx * devicePixelRatio);
    const backingHeight = Math.round(state.layout.heightPx * devicePixelRatio);
    if (canvas.width !== backingWidth) canvas.width = backingWidth;
    if (canvas.height !== backingHeight) canvas.height = backingHeight;
    let context: CanvasRenderingContext2D | null = null;
    try {
      context = canvas.getContext('2d');
    } catch {
      context = null; // DOMs without a canvas (tests) still render everything else.
    }
    if (!context) return;
    const stats = drawTimeline(context, {
      model,
      nodeIds: state.nodeIds,
      laneIndexById: state.laneIndexById,
      layout: state.layout,
      scale: createTimeScale(windowRef.current, state.layout.plotLeftPx, state.layout.plotRightPx),
      nowMs: state.nowMs,
      headMs: state.headMs,
      palette: state.palette,
      hover: hoverRef.current,
      devicePixelRatio,
      highlight: state.highlight,
    });
    if (stats.detailReduced !== detailReducedRef.current) {
      detailReducedRef.current = stats.detailReduced;
      setDetailReduced(stats.detailReduced);
    }
  }, [model]);

  const requestDraw = useCallback(() => {
    if (frameRef.current !== null) return;
    frameRef.current = typeof requestAnimationFrame === 'function' ? requestAnimationFrame(draw) : null;
  }, [draw]);

  useEffect(
    () => () => {
      if (frameRef.current !== null) cancelAnimationFrame(frameRef.current);
      frameRef.current = null;
    },
    [],
  );

  // Width follows the container; height is a prop.
  useLayoutEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const measure = () => setMeasuredWidthPx(container.clientWidth);
    measure();
    if (typeof ResizeObserver !== 'function') return;
    const observer = new ResizeObserver(measure);
    observer.observe(container);
    return () => observer.disconnect();
  }, []);

  // d3-zoom turns wheel, drag and pinch into windows; any gesture of the user's stops following.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const { layout: initialLayout, headMs: initialHeadMs } = live.current;
    const zoom = createTimelineZoom({
      element: canvas,
      plotLeftPx: initialLayout.plotLeftPx,
      plotRightPx: initialLayout.plotRightPx,
      spanMsMin: SPAN_MS_MIN,
      spanMsMax: spanMsMaxFor(initialHeadMs),
      panMinMs: -SPAN_MS_MIN,
      panMaxMs: initialHeadMs,
      ignoreEvent: (event) => 'offsetY' in event && event.type !== 'wheel' && event.offsetY < live.current.layout.rulerHeightPx,
      onWindowChange: (window, byUser) => {
        windowRef.current = window;
        if (byUser && live.current.follow) setFollow(false);
        requestDraw();
      },
    });
    zoomRef.current = zoom;
    zoom.showWindow(windowRef.current);
    return () => {
      zoom.destroy();
      zoomRef.current = null;
    };
  }, [requestDraw]);

  useEffect(() => {
    const zoom = zoomRef.current;
    if (!zoom) return;
    const spanMs = windowRef.current.endMs - windowRef.current.startMs;
    zoom.update({
      plotLeftPx: layout.plotLeftPx,
      plotRightPx: layout.plotRightPx,
      spanMsMin: SPAN_MS_MIN,
      spanMsMax: Math.max(spanMsMaxFor(headMs), spanMs),
      panMinMs: -spanMs * 0.5,
      panMaxMs: headMs + spanMs * 0.5,
    });
  }, [layout, headMs]);

  // A new width keeps the same stretch of time on screen.
  useEffect(() => {
    zoomRef.current?.showWindow(windowRef.current);
    requestDraw();
  }, [layout, requestDraw]);

  useLayoutEffect(() => {
    setPalette(readPalette(containerRef.current, theme));
  }, [theme]);

  const summaryTimerRef = useRef<ReturnType<typeof setTimeout> | null>(null);
  const summaryAtRef = useRef(0);
  const refreshSummary = useCallback(() => {
    summaryTimerRef.current = null;
    summaryAtRef.current = Date.now();
    const state = live.current;
    setSummary({
      label: describeDiagram(model, state.nodeIds, state.nowMs, windowRef.current),
      nowLabel: formatTimeMs(state.nowMs),
      events: model.notableBefore(state.nowMs, summaryEventCount).map(describeEvent),
    });
  }, [model, summaryEventCount]);
  useEffect(
    () => () => {
      // Reset the ref too: StrictMode remounts, and a stale id would stop the summary for good.
      if (summaryTimerRef.current !== null) clearTimeout(summaryTimerRef.current);
      summaryTimerRef.current = null;
    },
    [],
  );

  // Everything that moves the picture: new events, the present, the head, follow mode, theme, lanes.
  useEffect(() => {
    model.sync(trace, traceEpoch);
    if (model.resetCount !== resetCountRef.current) {
      // The run forked: the hovered item may belong to the discarded branch.
      resetCountRef.current = model.resetCount;
      hoverRef.current = null;
      setTooltip(null);
    }
    if (follow) {
      const next = followWindow(windowRef.current, nowMs);
      if (next !== windowRef.current) zoomRef.current?.showWindow(next);
    }
    requestDraw();
    if (summaryTimerRef.current === null) {
      const waitMs = Math.max(0, SUMMARY_INTERVAL_MS - (Date.now() - summaryAtRef.current));
      summaryTimerRef.current = setTimeout(refreshSummary, waitMs);
    }
  }, [model, trace, trace.length, traceEpoch, nowMs, headMs, follow, palette, nodeIds, requestDraw, refreshSummary]);

  // A new highlight: stop following and bring its moment into view, a little left of centre.
  const highlightTimeMs = highlight?.timeMs ?? null;
  useEffect(() => {
    if (highlightTimeMs === null) {
      requestDraw();
      return;
    }
    setFollow(false);
    // At most 2 s, less early in a run, so the moment is not squeezed against time zero.
    const spanMs = Math.max(SPAN_MS_MIN, Math.min(2_000, Math.max(300, highlightTimeMs * 1.5)));
    const startMs = Math.max(-spanMs * 0.03, highlightTimeMs - spanMs * 0.65);
    const window = { startMs, endMs: startMs + spanMs };
    if (zoomRef.current) zoomRef.current.showWindow(window, 0);
    else windowRef.current = window;
    requestDraw();
  }, [highlightTimeMs, highlight, requestDraw]);

  const seekTo = useCallback((timeMs: number) => {
    const { onSeek: seek, headMs: head } = live.current;
    seek?.(Math.round(Math.min(head, Math.max(0, timeMs))));
  }, []);

  const timeAtClientX = (clientX: number): number => {
    const canvas = canvasRef.current;
    const state = live.current;
    const left = canvas ? canvas.getBoundingClientRect().left : 0;
    return createTimeScale(windowRef.current, state.layout.plotLeftPx, state.layout.plotRightPx).time(clientX - left);
  };

  const scrubbingRef = useRef(false);

  const onPointerDown = (event: PointerEvent<HTMLCanvasElement>) => {
    const y = event.clientY - event.currentTarget.getBoundingClientRect().top;
    if (event.button !== 0 || y >= layout.rulerHeightPx) return;
    // The ruler scrubs: press and drag along it to move the present.
    scrubbingRef.current = true;
    event.currentTarget.setPointerCapture?.(event.pointerId);
    seekTo(timeAtClientX(event.clientX));
  };

  const onPointerMove = (event: PointerEvent<HTMLCanvasElement>) => {
    if (scrubbingRef.current) {
      seekTo(timeAtClientX(event.clientX));
      return;
    }
    const rect = event.currentTarget.getBoundingClientRect();
    const x = event.clientX - rect.left;
    const y = event.clientY - rect.top;
    const state = live.current;
    const target = hitTest(
      {
        model,
        nodeIds: state.nodeIds,
        laneIndexById: state.laneIndexById,
        layout: state.layout,
        scale: createTimeScale(windowRef.current, state.layout.plotLeftPx, state.layout.plotRightPx),
        nowMs: state.nowMs,
        headMs: state.headMs,
      },
      x,
      y,
    );
    if (sameTarget(target, hoverRef.current)) {
      if (target) setTooltip((previous) => (previous ? { ...previous, leftPx: x, topPx: y } : previous));
      return;
    }
    hoverRef.current = target;
    setTooltip(target ? { leftPx: x, topPx: y, lines: describeTarget(target) } : null);
    requestDraw();
  };

  const endScrub = (event: PointerEvent<HTMLCanvasElement>) => {
    if (!scrubbingRef.current) return;
    scrubbingRef.current = false;
    event.currentTarget.releasePointerCapture?.(event.pointerId);
  };

  const onPointerLeave = () => {
    if (hoverRef.current === null) return;
    hoverRef.current = null;
    setTooltip(null);
    requestDraw();
  };

  const onClick = (event: MouseEvent<HTMLCanvasElement>) => {
    const y = event.clientY - event.currentTarget.getBoundingClientRect().top;
    // d3-zoom swallows the click that ends a pan, so this is a real click: seek there.
    if (y >= layout.rulerHeightPx) seekTo(timeAtClientX(event.clientX));
  };

  const showWindow = (window: TimeWindowMs, animate: boolean) => {
    zoomRef.current?.showWindow(window, animate && !reducedMotion ? ZOOM_ANIMATION_MS : 0);
    if (!zoomRef.current) {
      windowRef.current = window;
      requestDraw();
    }
  };

  const zoomBy = (factor: number) => {
    const current = windowRef.current;
    // Zoom around the present when it is on screen, so the cursor stays put.
    const anchorMs = nowMs >= current.startMs && nowMs <= current.endMs ? nowMs : (current.startMs + current.endMs) / 2;
    showWindow(zoomWindow(current, factor, anchorMs, spanMsMaxFor(headMs)), true);
  };

  const toggleFollow = () => {
    const next = !follow;
    setFollow(next);
    if (next) showWindow(followWindow(windowRef.current, nowMs), true);
  };

  const showAll = () => {
    setFollow(false);
    showWindow(fitWindow(headMs), true);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLCanvasElement>) => {
    const panFraction = event.shiftKey ? 0.5 : 0.1;
    switch (event.key) {
      case 'ArrowLeft':
        setFollow(false);
        showWindow(panWindow(windowRef.current, -panFraction), false);
        break;
      case 'ArrowRight':
        setFollow(false);
        showWindow(panWindow(windowRef.current, panFraction), false);
        break;
      case '+':
      case '=':
        zoomBy(ZOOM_STEP);
        break;
      case '-':
      case '_':
        zoomBy(1 / ZOOM_STEP);
        break;
      case 'f':
      case 'F':
        toggleFollow();
        break;
      case 'Home':
        showAll();
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  const style = {
    '--tl-background': palette.background,
    '--tl-text': palette.text,
    '--tl-muted': palette.mutedText,
    '--tl-grid': palette.grid,
    '--tl-accent': palette.leader,
  } as CSSProperties;

  const tooltipOnLeft = tooltip !== null && tooltip.leftPx > widthPx - 300;

  return (
    <div ref={containerRef} className={`space-time-diagram${props.className ? ` ${props.className}` : ''}`} style={style} data-theme={theme}>
      <div className="space-time-diagram__toolbar">
        <button type="button" aria-pressed={follow} onClick={toggleFollow} title="Keep the present in view (F)">
          {follow ? '● Following' : '○ Follow'}
        </button>
        <button type="button" onClick={() => zoomBy(1 / ZOOM_STEP)} aria-label="Zoom out" title="Zoom out (−)">
          −
        </button>
        <button type="button" onClick={() => zoomBy(ZOOM_STEP)} aria-label="Zoom in" title="Zoom in (+)">
          +
        </button>
        <button type="button" onClick={showAll} title="Show the whole run (Home)">
          Show all
        </button>
        {detailReduced ? <span className="space-time-diagram__note">Heartbeats hidden at this zoom</span> : null}
        <TimelineLegend palette={palette} />
      </div>
      <div className="space-time-diagram__plot">
        <canvas
          ref={canvasRef}
          className="space-time-diagram__canvas"
          style={{ height: `${heightPx}px` }}
          role="img"
          tabIndex={0}
          aria-label={summary.label}
          aria-describedby={summaryId}
          aria-keyshortcuts="ArrowLeft ArrowRight Shift+ArrowLeft Shift+ArrowRight + - F Home"
          data-testid="space-time-diagram"
          data-following={follow}
          data-message-count={model.segments.length}
          data-highlight-ms={highlight ? highlight.timeMs : undefined}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={endScrub}
          onPointerCancel={endScrub}
          onPointerLeave={onPointerLeave}
          onClick={onClick}
          onKeyDown={onKeyDown}
        />
        {tooltip ? (
          <div
            className="space-time-diagram__tooltip"
            role="tooltip"
            style={{
              top: `${tooltip.topPx + 14}px`,
              ...(tooltipOnLeft ? { right: `${widthPx - tooltip.leftPx + 12}px` } : { left: `${tooltip.leftPx + 12}px` }),
            }}
          >
            {tooltip.lines.map((line, index) => (
              <div key={index}>{line}</div>
            ))}
          </div>
        ) : null}
      </div>
      <div id={summaryId} className="space-time-diagram__visually-hidden">
        <p>
          Latest events up to {summary.nowLabel}. Drag along the time ruler or click to move the present; arrow keys pan, plus and minus
          zoom, F follows the present.
        </p>
        <ol>
          {summary.events.map((line, index) => (
            <li key={index}>{line}</li>
          ))}
        </ol>
      </div>
    </div>
  );
}
