// The editable space-time diagram: click a lane for a local event, drag lane to lane for a message, drag an event to move it, keys for all of it.
import { memo, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { formatVector, type ClockAnalysis, type EventId, type StampedEvent } from '../../../kernel/protocols/clocks/index.ts';
import { layoutDiagram, svgPoint, type DiagramLayout, type Point } from '../../geometry/clocksLayout.ts';
import type { ClocksDocument, DiagramEvent } from './clocksDocument.ts';
import { useClocksStore, useClocksStoreApi } from './clocksContext.ts';
import { causalSetsOf, LARGE_DIAGRAM_EVENTS, selectAnalysis, selectDocument, selectExplained, selectSelection, selectView, type ViewOptions } from './clocksStore.ts';

/** Pointer travel below this is a click, not a drag. */
const CLICK_DISTANCE_PX = 5;
/**
 * Above this many events only those near the scrolled-to part of the diagram are in the DOM: the
 * browser's style and layout of 50,000 SVG glyphs blocked the page for tens of seconds.
 */
export const WINDOWED_DRAWING_EVENTS = 5000;
/** How much of the diagram beyond the visible part stays drawn, in viewports each side: scrolling a little shows no gap. */
const WINDOW_MARGIN_VIEWPORTS = 1;

/** Arrow keys move an event this many ticks. */
const KEY_MOVE_TICKS = 5;

export type EventRelationMark = 'selected' | 'past' | 'future' | 'concurrent' | 'none';

interface Glyph {
  readonly id: EventId;
  readonly process: string;
  readonly label: string;
  readonly timeTicks: number;
  readonly point: Point;
  readonly kind: 'local' | 'send' | 'receive' | 'send-receive' | 'run';
  /** For a collapsed run: how many local events it stands for. */
  readonly runLength: number;
  readonly lastPoint: Point | null;
  readonly stamp: StampedEvent | null;
}

type Gesture =
  | { readonly kind: 'lane'; readonly laneIndex: number; readonly timeTicks: number; readonly start: Point; readonly pointerId: number }
  | { readonly kind: 'event'; readonly eventId: EventId; readonly laneIndex: number; readonly start: Point; readonly pointerId: number };

interface Preview {
  readonly from: Point;
  readonly to: Point;
  readonly kind: 'message' | 'move';
  readonly refused: string | null;
}

export function SpaceTimeEditor() {
  const document = useClocksStore(selectDocument);
  const analysis = useClocksStore(selectAnalysis);
  const view = useClocksStore(selectView);
  const selection = useClocksStore(selectSelection);
  const explained = useClocksStore(selectExplained);
  const store = useClocksStoreApi();
  const containerRef = useRef<HTMLDivElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const [viewport, setViewport] = useState({ widthPx: 900, heightPx: 360 });
  const [scrolledPx, setScrolledPx] = useState(0);
  const [gesture, setGesture] = useState<Gesture | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const markerId = useId().replace(/:/g, '');
  const tooltipId = `${markerId}-explanation`;

  useEffect(() => {
    const element = containerRef.current;
    if (!element) return;
    const measure = () => setViewport({ widthPx: Math.max(320, element.clientWidth), heightPx: Math.max(220, element.clientHeight) });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const horizontalAxis = view.orientation === 'horizontal';
  useEffect(() => {
    const element = containerRef.current;
    if (!element) return;
    let frame = 0;
    // One state change per animation frame at most, however fast the scroll events come.
    const onScroll = () => {
      if (frame !== 0) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        setScrolledPx(horizontalAxis ? element.scrollLeft : element.scrollTop);
      });
    };
    onScroll();
    element.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      element.removeEventListener('scroll', onScroll);
      cancelAnimationFrame(frame);
    };
  }, [horizontalAxis]);

  const lanes = useMemo(() => document.processes.filter((process) => !view.hiddenProcesses.includes(process)), [document.processes, view.hiddenProcesses]);
  const drawing = useMemo(() => buildDrawing(document, analysis, lanes, view, viewport), [document, analysis, lanes, view, viewport]);
  const { layout } = drawing;
  const windowed = drawing.glyphs.length > WINDOWED_DRAWING_EVENTS;
  const { glyphs, messages } = useMemo(() => {
    if (!windowed) return drawing;
    const spanPx = horizontalAxis ? viewport.widthPx : viewport.heightPx;
    const fromPx = scrolledPx - spanPx * WINDOW_MARGIN_VIEWPORTS;
    const toPx = scrolledPx + spanPx * (1 + WINDOW_MARGIN_VIEWPORTS);
    const along = (point: Point) => (horizontalAxis ? point.x : point.y);
    const inWindow = (point: Point) => along(point) >= fromPx && along(point) <= toPx;
    return {
      glyphs: drawing.glyphs.filter((glyph) => inWindow(glyph.point)),
      // A message crossing the window is drawn too, though both its ends are outside it.
      messages: drawing.messages.filter((message) => Math.min(along(message.from), along(message.to)) <= toPx && Math.max(along(message.from), along(message.to)) >= fromPx),
    };
  }, [drawing, windowed, scrolledPx, viewport, horizontalAxis]);
  const editable = view.axis === 'time' && !view.collapseLocalRuns;

  const sets = causalSetsOf(analysis, selection[0]);
  const marks = useMemo(() => {
    const result = new Map<EventId, EventRelationMark>();
    if (!sets) return result;
    for (const id of sets.past) result.set(id, 'past');
    for (const id of sets.future) result.set(id, 'future');
    for (const id of sets.concurrent) result.set(id, 'concurrent');
    return result;
  }, [sets]);
  const searchMatches = useMemo(() => matchingEvents(document, view.search), [document, view.search]);

  const actions = store.getState().actions;

  const onPointerDown = (event: PointerEvent<SVGSVGElement>) => {
    if (event.button !== 0 || !svgRef.current) return;
    const point = svgPoint(svgRef.current, event.clientX, event.clientY);
    const eventElement = (event.target as Element).closest('[data-event-id]');
    if (eventElement) {
      const eventId = eventElement.getAttribute('data-event-id') as EventId;
      const process = eventElement.getAttribute('data-process') ?? '';
      setGesture({ kind: 'event', eventId, laneIndex: lanes.indexOf(process), start: point, pointerId: event.pointerId });
    } else {
      const laneIndex = layout.laneAt(point);
      if (laneIndex === null || !editable) return;
      setGesture({ kind: 'lane', laneIndex, timeTicks: layout.timeAt(point), start: point, pointerId: event.pointerId });
    }
    svgRef.current.setPointerCapture(event.pointerId);
  };

  const onPointerMove = (event: PointerEvent<SVGSVGElement>) => {
    if (!gesture || !svgRef.current) return;
    const point = svgPoint(svgRef.current, event.clientX, event.clientY);
    if (Math.hypot(point.x - gesture.start.x, point.y - gesture.start.y) < CLICK_DISTANCE_PX) {
      setPreview(null);
      return;
    }
    if (gesture.kind === 'lane') {
      const from = layout.point(gesture.laneIndex, gesture.timeTicks);
      const target = layout.laneAt(point);
      const refused = target === null
        ? 'Drop on another lane to send a message.'
        : target === gesture.laneIndex
          ? 'A message goes to another process.'
          : layout.timeAt(point) <= gesture.timeTicks
            ? 'The receive would come before the send.'
            : null;
      setPreview({ kind: 'message', from, to: target === null ? point : layout.point(target, layout.timeAt(point)), refused });
    } else if (editable && gesture.laneIndex >= 0) {
      const glyph = glyphs.find((candidate) => candidate.id === gesture.eventId);
      if (glyph) setPreview({ kind: 'move', from: glyph.point, to: layout.point(gesture.laneIndex, layout.timeAt(point)), refused: null });
    }
  };

  const onPointerUp = (event: PointerEvent<SVGSVGElement>) => {
    if (!gesture || !svgRef.current) return;
    const point = svgPoint(svgRef.current, event.clientX, event.clientY);
    const moved = Math.hypot(point.x - gesture.start.x, point.y - gesture.start.y) >= CLICK_DISTANCE_PX;
    setGesture(null);
    setPreview(null);
    if (svgRef.current.hasPointerCapture(event.pointerId)) svgRef.current.releasePointerCapture(event.pointerId);
    const process = (index: number) => lanes[index] as string;
    if (gesture.kind === 'event') {
      if (!moved) actions.toggleSelect(gesture.eventId);
      else if (!editable) actions.refuse('Events can be moved on the time axis only: switch "Axis" to time (and turn off collapsing).');
      else actions.move(gesture.eventId, layout.timeAt(point));
      return;
    }
    if (!moved) {
      actions.addLocal(process(gesture.laneIndex), gesture.timeTicks);
      return;
    }
    const target = layout.laneAt(point);
    if (target === null) {
      actions.refuse('Refused: drop the message on another process\'s lane.');
      return;
    }
    actions.addMessage(process(gesture.laneIndex), gesture.timeTicks, process(target), layout.timeAt(point));
  };

  const onPointerCancel = () => {
    setGesture(null);
    setPreview(null);
  };

  const explainedGlyph = explained === null ? null : glyphs.find((glyph) => glyph.id === explained) ?? null;
  const horizontal = view.orientation === 'horizontal';

  return (
    <div className="clocks-diagram-frame" data-testid="clocks-diagram-frame">
      <div
        ref={containerRef}
        className={`clocks-diagram-scroll ${horizontal ? 'horizontal' : 'vertical'}`}
        data-testid="clocks-diagram"
        data-axis={view.axis}
        data-orientation={view.orientation}
        data-event-count={document.events.length}
        data-drawn-count={glyphs.length}
      >
        <svg
          ref={svgRef}
          className="clocks-svg"
          width={layout.widthPx}
          height={layout.heightPx}
          role="group"
          aria-label={`Space-time diagram: ${lanes.length} processes, ${document.events.length} events, ${document.messages.length} messages. ${editable ? 'Click a lane to add a local event; drag from one lane to a later point on another to add a message.' : ''}`}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerCancel={onPointerCancel}
        >
          <defs>
            <marker id={`${markerId}-arrow`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
              <path d="M 0 0 L 10 5 L 0 10 z" className="clocks-arrowhead" />
            </marker>
            <marker id={`${markerId}-arrow-refused`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
              <path d="M 0 0 L 10 5 L 0 10 z" className="clocks-arrowhead refused" />
            </marker>
          </defs>
          {lanes.map((process, laneIndex) => (
            <Lane key={process} process={process} laneIndex={laneIndex} layout={layout} onAppend={() => actions.appendLocal(process)} editable={editable} />
          ))}
          <g className="clocks-messages">
            {messages.map((message) => (
              <line
                key={message.id}
                className={`clocks-message${message.inFlight ? ' in-flight' : ''}`}
                x1={message.from.x}
                y1={message.from.y}
                x2={message.to.x}
                y2={message.to.y}
                markerEnd={message.inFlight ? undefined : `url(#${markerId}-arrow)`}
                data-message-id={message.id}
              >
                <title>{message.inFlight ? `${message.id}: sent, never received` : `${message.id}: ${message.sendId} → ${message.receiveId}`}</title>
              </line>
            ))}
          </g>
          <g className="clocks-events">
            {glyphs.map((glyph) => (
              <EventGlyph
                key={glyph.id}
                glyph={glyph}
                horizontal={horizontal}
                showLamport={view.showLamport}
                showVector={view.showVector}
                showName={showsNames(document, view)}
                mark={selection[0] === glyph.id ? 'selected' : marks.get(glyph.id) ?? 'none'}
                selectedAs={selection.indexOf(glyph.id) + 1}
                matched={searchMatches.has(glyph.id)}
                describedBy={explained === glyph.id ? tooltipId : undefined}
                editable={editable}
              />
            ))}
          </g>
          {preview && (
            <line
              className={`clocks-preview ${preview.kind}${preview.refused ? ' refused' : ''}`}
              x1={preview.from.x}
              y1={preview.from.y}
              x2={preview.to.x}
              y2={preview.to.y}
              markerEnd={preview.kind === 'message' ? `url(#${markerId}-arrow${preview.refused ? '-refused' : ''})` : undefined}
              data-testid="clocks-drag-preview"
            />
          )}
          {preview?.refused && (
            <text className="clocks-preview-reason" x={preview.to.x + 8} y={preview.to.y - 8}>
              {preview.refused}
            </text>
          )}
        </svg>
        {explainedGlyph?.stamp && <Explanation id={tooltipId} glyph={explainedGlyph} layout={layout} />}
      </div>
      <Legend />
    </div>
  );
}

const Lane = memo(function Lane({ process, laneIndex, layout, onAppend, editable }: { process: string; laneIndex: number; layout: DiagramLayout; onAppend(): void; editable: boolean }) {
  const horizontal = layout.orientation === 'horizontal';
  const crossPx = layout.lanePx(laneIndex);
  const half = layout.laneSpacingPx / 2;
  const onKeyDown = (event: KeyboardEvent<SVGGElement>) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onAppend();
    }
  };
  const band = horizontal
    ? { x: layout.timeStartPx - 20, y: crossPx - half, width: layout.timeEndPx - layout.timeStartPx + 40, height: layout.laneSpacingPx }
    : { x: crossPx - half, y: layout.timeStartPx - 20, width: layout.laneSpacingPx, height: layout.timeEndPx - layout.timeStartPx + 40 };
  return (
    <g className="clocks-lane" data-testid={`lane-${process}`} data-lane={process}>
      <rect className={`clocks-lane-band${laneIndex % 2 === 1 ? ' odd' : ''}`} {...band} />
      {horizontal ? (
        <line className="clocks-lane-line" x1={layout.timeStartPx - 10} y1={crossPx} x2={layout.timeEndPx} y2={crossPx} />
      ) : (
        <line className="clocks-lane-line" x1={crossPx} y1={layout.timeStartPx - 10} x2={crossPx} y2={layout.timeEndPx} />
      )}
      <g
        className="clocks-lane-label"
        role="button"
        tabIndex={editable ? 0 : -1}
        aria-label={`${process}: add a local event at the end of this lane`}
        onKeyDown={onKeyDown}
        onClick={(event) => {
          event.stopPropagation();
          if (editable) onAppend();
        }}
        onPointerDown={(event) => event.stopPropagation()}
        data-testid={`lane-label-${process}`}
      >
        {horizontal ? (
          <text x={8} y={crossPx + 5} className="clocks-lane-name" aria-hidden="true">
            {process}
          </text>
        ) : (
          <text x={crossPx} y={20} textAnchor="middle" className="clocks-lane-name" aria-hidden="true">
            {process}
          </text>
        )}
      </g>
    </g>
  );
});

interface EventGlyphProps {
  readonly glyph: Glyph;
  readonly horizontal: boolean;
  readonly showLamport: boolean;
  readonly showVector: boolean;
  readonly showName: boolean;
  readonly mark: EventRelationMark;
  /** 1 or 2 when selected, 0 otherwise. */
  readonly selectedAs: number;
  readonly matched: boolean;
  readonly describedBy: string | undefined;
  readonly editable: boolean;
}

const EventGlyph = memo(function EventGlyph({ glyph, horizontal, showLamport, showVector, showName, mark, selectedAs, matched, describedBy, editable }: EventGlyphProps) {
  const store = useClocksStoreApi();
  const { x, y } = glyph.point;
  const stamp = glyph.stamp;
  const vectorText = stamp ? formatVector(stamp.vector) : '';
  const onKeyDown = (event: KeyboardEvent<SVGGElement>) => {
    const { actions } = store.getState();
    const forward = horizontal ? 'ArrowRight' : 'ArrowDown';
    const backward = horizontal ? 'ArrowLeft' : 'ArrowUp';
    if (event.key === 'Enter' || event.key === ' ') actions.toggleSelect(glyph.id);
    else if (event.key === 'Delete' || event.key === 'Backspace') actions.deleteEvent(glyph.id);
    else if (event.key === 'Escape') actions.clearSelection();
    else if ((event.key === forward || event.key === backward) && glyph.kind !== 'run') {
      if (!editable) actions.refuse('Events can be moved on the time axis only: switch "Axis" to time (and turn off collapsing).');
      else actions.move(glyph.id, glyph.timeTicks + (event.key === forward ? KEY_MOVE_TICKS : -KEY_MOVE_TICKS));
    } else return;
    event.preventDefault();
  };
  const relationWord = mark === 'none' ? '' : mark === 'selected' ? ', selected' : `, ${mark === 'concurrent' ? 'concurrent with' : `in the causal ${mark} of`} the selected event`;
  const name = glyph.kind === 'run' ? `${glyph.runLength} local events from ${glyph.id}` : glyph.id;
  const ariaLabel = stamp
    ? `${name} on ${glyph.process}, ${glyph.kind === 'run' ? 'collapsed run' : glyph.kind}, Lamport ${stamp.lamport}, vector ${vectorText}${relationWord}${selectedAs ? `, pick ${selectedAs}` : ''}${matched ? ', matches the search' : ''}`
    : `${name} on ${glyph.process}`;
  const labelOffset = horizontal ? { nameX: x, nameY: y - 14, vectorX: x, vectorY: y + 26, anchor: 'middle' as const } : { nameX: x + 12, nameY: y - 3, vectorX: x + 12, vectorY: y + 14, anchor: 'start' as const };
  return (
    <g
      className={`clocks-event kind-${glyph.kind} mark-${mark}${selectedAs ? ' picked' : ''}${matched ? ' matched' : ''}`}
      data-event-id={glyph.id}
      data-process={glyph.process}
      data-testid={`event-${glyph.id}`}
      data-lamport={stamp?.lamport}
      data-vector={vectorText}
      data-mark={mark}
      data-selected={selectedAs > 0 ? String(selectedAs) : undefined}
      data-match={matched ? 'true' : undefined}
      tabIndex={0}
      role="button"
      aria-pressed={selectedAs > 0}
      aria-label={ariaLabel}
      aria-describedby={describedBy}
      onKeyDown={onKeyDown}
      onFocus={() => store.getState().actions.explain(glyph.id)}
      onBlur={() => store.getState().actions.explain(null)}
      onPointerEnter={() => store.getState().actions.explain(glyph.id)}
      onPointerLeave={() => store.getState().actions.explain(null)}
    >
      {mark === 'past' && <rect className="clocks-halo past" x={x - 11} y={y - 11} width={22} height={22} rx={3} />}
      {mark === 'future' && <path className="clocks-halo future" d={`M ${x} ${y - 14} L ${x + 14} ${y} L ${x} ${y + 14} L ${x - 14} ${y} Z`} />}
      {mark === 'concurrent' && <circle className="clocks-halo concurrent" cx={x} cy={y} r={12} />}
      {matched && <circle className="clocks-search-ring" cx={x} cy={y} r={16} />}
      {glyph.kind === 'run' && glyph.lastPoint ? (
        <rect
          className="clocks-dot run"
          x={Math.min(x, glyph.lastPoint.x) - 7}
          y={Math.min(y, glyph.lastPoint.y) - 7}
          width={Math.abs(glyph.lastPoint.x - x) + 14}
          height={Math.abs(glyph.lastPoint.y - y) + 14}
          rx={7}
        />
      ) : glyph.kind === 'send' ? (
        <rect className="clocks-dot send" x={x - 6} y={y - 6} width={12} height={12} />
      ) : glyph.kind === 'receive' ? (
        <path className="clocks-dot receive" d={`M ${x} ${y - 7} L ${x + 7} ${y + 6} L ${x - 7} ${y + 6} Z`} />
      ) : (
        <circle className={`clocks-dot ${glyph.kind}`} cx={x} cy={y} r={6} />
      )}
      {selectedAs > 0 && (
        <>
          <circle className="clocks-pick-ring" cx={x} cy={y} r={10} />
          <text aria-hidden="true" className="clocks-pick-badge" x={x + 10} y={y - 8}>
            {selectedAs}
          </text>
        </>
      )}
      {mark === 'concurrent' && (
        <text aria-hidden="true" className="clocks-concurrent-mark" x={x - 14} y={y - 8} textAnchor="end">
          ∥
        </text>
      )}
      {showName && <text aria-hidden="true" className="clocks-event-name" x={labelOffset.nameX} y={labelOffset.nameY} textAnchor={labelOffset.anchor}>
        {glyph.kind === 'run' ? `×${glyph.runLength}` : displayName(glyph.id, glyph.process)}
        {showLamport && stamp && glyph.kind !== 'run' ? ` · ${stamp.lamport}` : ''}
      </text>}
      {showVector && stamp && glyph.kind !== 'run' && (
        <text aria-hidden="true" className="clocks-event-vector" x={labelOffset.vectorX} y={labelOffset.vectorY} textAnchor={labelOffset.anchor}>
          {vectorText}
        </text>
      )}
    </g>
  );
});

function Explanation({ id, glyph, layout }: { id: string; glyph: Glyph; layout: DiagramLayout }) {
  const stamp = glyph.stamp as StampedEvent;
  const left = Math.min(glyph.point.x + 16, layout.widthPx - 360);
  const below = glyph.point.y + 30 < layout.heightPx - 90;
  return (
    <div
      id={id}
      role="tooltip"
      className="clocks-explanation"
      data-testid="clocks-explanation"
      style={{ left: Math.max(4, left), top: below ? glyph.point.y + 30 : Math.max(4, glyph.point.y - 110) }}
    >
      <strong>
        {glyph.id} on {glyph.process}
      </strong>
      {glyph.label !== glyph.id && <span className="clocks-explanation-label"> — {glyph.label}</span>}
      <div>
        <span className="clocks-key">Lamport</span> {stamp.lamportExplanation}
      </div>
      <div>
        <span className="clocks-key">Vector</span> {stamp.vectorExplanation}
      </div>
    </div>
  );
}

function Legend() {
  return (
    <ul className="clocks-legend" aria-label="Legend">
      <li>
        <svg width="16" height="16" aria-hidden="true">
          <circle className="clocks-dot local" cx="8" cy="8" r="5" />
        </svg>
        local
      </li>
      <li>
        <svg width="16" height="16" aria-hidden="true">
          <rect className="clocks-dot send" x="3" y="3" width="10" height="10" />
        </svg>
        send
      </li>
      <li>
        <svg width="16" height="16" aria-hidden="true">
          <path className="clocks-dot receive" d="M 8 2 L 14 13 L 2 13 Z" />
        </svg>
        receive
      </li>
      <li>
        <svg width="20" height="20" aria-hidden="true">
          <rect className="clocks-halo past" x="2" y="2" width="16" height="16" rx="3" />
        </svg>
        causal past
      </li>
      <li>
        <svg width="20" height="20" aria-hidden="true">
          <path className="clocks-halo future" d="M 10 1 L 19 10 L 10 19 L 1 10 Z" />
        </svg>
        causal future
      </li>
      <li>
        <svg width="20" height="20" aria-hidden="true">
          <circle className="clocks-halo concurrent" cx="10" cy="10" r="8" />
        </svg>
        ∥ concurrent
      </li>
      <li className="clocks-legend-note">name · Lamport time, vector below</li>
    </ul>
  );
}

interface Drawing {
  readonly layout: DiagramLayout;
  readonly glyphs: readonly Glyph[];
  readonly messages: readonly { id: string; from: Point; to: Point; inFlight: boolean; sendId: EventId; receiveId: EventId | null }[];
}

/** Positions of everything drawn; collapsing runs of local events (compact axis only) takes their times off the axis. */
function buildDrawing(document: ClocksDocument, analysis: ClockAnalysis | null, lanes: readonly string[], view: ViewOptions, viewport: { widthPx: number; heightPx: number }): Drawing {
  const laneIndex = new Map(lanes.map((process, index) => [process, index]));
  const messageEnds = new Set<EventId>();
  for (const message of document.messages) {
    messageEnds.add(message.send);
    if (message.receive !== null) messageEnds.add(message.receive);
  }
  const visible = document.events.filter((event) => laneIndex.has(event.process));
  const collapse = view.collapseLocalRuns && view.axis === 'compact';
  const runs: { first: DiagramEvent; last: DiagramEvent; length: number }[] = [];
  const hiddenInRun = new Set<EventId>();
  if (collapse) {
    const byLane = new Map<string, DiagramEvent[]>();
    for (const event of visible) byLane.set(event.process, [...(byLane.get(event.process) ?? []), event]);
    for (const laneEvents of byLane.values()) {
      laneEvents.sort((first, second) => first.timeTicks - second.timeTicks);
      let start = 0;
      for (let index = 0; index <= laneEvents.length; index++) {
        const event = laneEvents[index];
        const isLocal = event !== undefined && !messageEnds.has(event.id);
        if (isLocal) continue;
        if (index - start >= 2) {
          const first = laneEvents[start] as DiagramEvent;
          runs.push({ first, last: laneEvents[index - 1] as DiagramEvent, length: index - start });
          for (let inner = start + 1; inner < index; inner++) hiddenInRun.add((laneEvents[inner] as DiagramEvent).id);
        }
        start = index + 1;
      }
    }
  }
  const runByFirst = new Map(runs.map((run) => [run.first.id, run]));
  const shown = visible.filter((event) => !hiddenInRun.has(event.id));
  const layout = layoutDiagram({
    orientation: view.orientation,
    laneCount: lanes.length,
    times: shown.map((event) => event.timeTicks),
    axis: view.axis,
    viewportWidthPx: viewport.widthPx,
    viewportHeightPx: viewport.heightPx,
    labelWidthPx: labelWidthPx(document, analysis, view),
  });
  const stampOf = (id: EventId): StampedEvent | null => {
    const index = analysis?.index.eventIndex.get(id);
    return index === undefined || !analysis ? null : (analysis.events[index] as StampedEvent);
  };
  const pointOf = new Map<EventId, Point>();
  const glyphs: Glyph[] = shown.map((event) => {
    const point = layout.point(laneIndex.get(event.process) as number, event.timeTicks);
    pointOf.set(event.id, point);
    const run = runByFirst.get(event.id);
    const stamp = stampOf(event.id);
    const kind = run ? 'run' : stamp ? kindOf(stamp) : 'local';
    return { id: event.id, process: event.process, label: event.label, timeTicks: event.timeTicks, point, kind, runLength: run?.length ?? 1, lastPoint: run ? point : null, stamp };
  });
  const messages: Drawing['messages'][number][] = [];
  for (const message of document.messages) {
    const from = pointOf.get(message.send);
    if (!from) continue;
    if (message.receive === null) {
      // A message that never arrived: a short dashed stub towards its destination lane.
      const target = laneIndex.get(message.to);
      if (target === undefined) continue;
      const toward = layout.point(target, 0);
      const horizontal = view.orientation === 'horizontal';
      const to = horizontal ? { x: from.x + 24, y: from.y + Math.sign(toward.y - from.y) * layout.laneSpacingPx * 0.45 } : { x: from.x + Math.sign(toward.x - from.x) * layout.laneSpacingPx * 0.45, y: from.y + 24 };
      messages.push({ id: message.id, from, to, inFlight: true, sendId: message.send, receiveId: null });
      continue;
    }
    const to = pointOf.get(message.receive);
    if (to) messages.push({ id: message.id, from, to: shorten(from, to, 8), inFlight: false, sendId: message.send, receiveId: message.receive });
  }
  return { layout, glyphs, messages };
}

/** A monospace character is about 0.6 em wide: the widest name or vector decides how far apart events must be. */
const CHARACTER_WIDTH_EM = 0.61;

/** The labels' size on screen (styles.css --label-min: 14 px, 16 px on a large screen). */
function labelFontPx(): number {
  const value = Number.parseFloat(getComputedStyle(window.document.documentElement).getPropertyValue('--label-min'));
  return Number.isFinite(value) && value > 0 ? value : 14;
}

/** Names alone are drawn for diagrams a person can read event by event; a large log without clock labels packs tight. */
function showsNames(document: ClocksDocument, view: ViewOptions): boolean {
  return view.showLamport || view.showVector || document.events.length <= LARGE_DIAGRAM_EVENTS;
}

function labelWidthPx(document: ClocksDocument, analysis: ClockAnalysis | null, view: ViewOptions): number {
  if (!showsNames(document, view)) return 0;
  let widest = 0;
  let largestEntry = 0;
  for (const stamp of analysis?.events ?? []) {
    for (const value of stamp.vector) if (value > largestEntry) largestEntry = value;
    const name = displayName(stamp.event.id, stamp.event.process).length + (view.showLamport ? 3 + String(stamp.lamport).length : 0);
    if (name > widest) widest = name;
  }
  if (view.showVector) {
    // "[a, b, c]": digits of each entry plus ", " between them and the brackets.
    const vectorCharacters = document.processes.length * (String(largestEntry).length + 2);
    widest = Math.max(widest, vectorCharacters);
  }
  return widest * CHARACTER_WIDTH_EM * labelFontPx();
}

/** On a lane named p, "p:3" (the form of imported logs) is just "#3": the lane already says whose it is. */
export function displayName(eventId: EventId, process: string): string {
  return eventId.startsWith(`${process}:`) ? `#${eventId.slice(process.length + 1)}` : eventId;
}

function kindOf(stamp: StampedEvent): Glyph['kind'] {
  const sends = stamp.event.sends.length > 0;
  const receives = stamp.event.receives.length > 0;
  return sends && receives ? 'send-receive' : sends ? 'send' : receives ? 'receive' : 'local';
}

/** Stops the arrow at the glyph's edge, so the arrowhead stays visible. */
function shorten(from: Point, to: Point, byPx: number): Point {
  const length = Math.hypot(to.x - from.x, to.y - from.y);
  if (length <= byPx) return to;
  return { x: to.x - ((to.x - from.x) / length) * byPx, y: to.y - ((to.y - from.y) / length) * byPx };
}

/** Event ids whose id, label or fields contain the search text (case-insensitive). */
export function matchingEvents(document: ClocksDocument, search: string): ReadonlySet<EventId> {
  const query = search.trim().toLowerCase();
  if (query === '') return new Set();
  const found = new Set<EventId>();
  for (const event of document.events) {
    if (event.id.toLowerCase().includes(query) || event.label.toLowerCase().includes(query)) found.add(event.id);
    else if (event.fields && Object.values(event.fields).some((value) => value.toLowerCase().includes(query))) found.add(event.id);
  }
  return found;
}
