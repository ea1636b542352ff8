// Geometry of the clocks lab: lanes and the time axis of the space-time diagram (both orientations), and the commit-wait chart's scales.
import { line, scaleLinear } from 'd3';

export type DiagramOrientation = 'horizontal' | 'vertical';
/** `time`: positions are the events' times, so the diagram can be edited; `compact`: one slot per distinct time, for large logs. */
export type TimeAxisMode = 'time' | 'compact';

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface DiagramLayoutInput {
  readonly orientation: DiagramOrientation;
  readonly laneCount: number;
  /** Every displayed event time (any order, duplicates allowed). */
  readonly times: readonly number[];
  readonly axis: TimeAxisMode;
  readonly viewportWidthPx: number;
  readonly viewportHeightPx: number;
  /** Width of the widest event label (0 without labels): neighbours must not overlap, so it sets the spacing. */
  readonly labelWidthPx: number;
}

export interface DiagramLayout {
  readonly orientation: DiagramOrientation;
  readonly axis: TimeAxisMode;
  readonly widthPx: number;
  readonly heightPx: number;
  /** Where lane labels sit: the left band (horizontal) or the top band (vertical). */
  readonly labelBandPx: number;
  readonly laneSpacingPx: number;
  /** Cross-axis coordinate of a lane's line. */
  lanePx(laneIndex: number): number;
  /** Along-axis coordinate of a time. */
  timePx(timeTicks: number): number;
  point(laneIndex: number, timeTicks: number): Point;
  /** The lane whose band contains the point (null outside every lane). */
  laneAt(point: Point): number | null;
  /** The time under the point; only meaningful on the `time` axis. */
  timeAt(point: Point): number;
  /** From, to along the time axis (for drawing lane lines). */
  readonly timeStartPx: number;
  readonly timeEndPx: number;
}

const LABEL_BAND_HORIZONTAL_PX = 70;
const LABEL_BAND_VERTICAL_PX = 40;
const TIME_MARGIN_PX = 28;
/** Ten ticks (the keyboard's step) is the usual distance between neighbours; it must leave room for their labels. */
const MIN_PX_PER_TICK = 5;
const TYPICAL_GAP_TICKS = 10;
const LABEL_GAP_PX = 12;
const COMPACT_SLOT_TIGHT_PX = 16;
/** Two lines of text (name and vector) above and below a dot, when time flows down. */
const VERTICAL_LABEL_SLOT_PX = 40;

export function layoutDiagram(input: DiagramLayoutInput): DiagramLayout {
  const horizontal = input.orientation === 'horizontal';
  const laneCount = Math.max(1, input.laneCount);
  const crossAvailablePx = horizontal ? input.viewportHeightPx : input.viewportWidthPx;
  const labelBandPx = horizontal ? LABEL_BAND_HORIZONTAL_PX : LABEL_BAND_VERTICAL_PX;
  const labelled = input.labelWidthPx > 0;
  const laneSpacingPx = horizontal
    ? clamp((crossAvailablePx - 16) / laneCount, labelled ? 58 : 26, 120)
    : clamp((crossAvailablePx - 16) / laneCount, labelled ? input.labelWidthPx + 36 : 40, Math.max(220, input.labelWidthPx + 36));
  // Along the time axis, neighbours sit side by side (horizontal) or one above the other (vertical).
  const slotPx = !labelled ? COMPACT_SLOT_TIGHT_PX : horizontal ? Math.max(56, input.labelWidthPx + LABEL_GAP_PX) : VERTICAL_LABEL_SLOT_PX;
  const crossStartPx = horizontal ? 8 + laneSpacingPx / 2 : 8 + laneSpacingPx / 2;
  const alongAvailablePx = (horizontal ? input.viewportWidthPx : input.viewportHeightPx) - labelBandPx - 2 * TIME_MARGIN_PX;
  const timeStartPx = labelBandPx + TIME_MARGIN_PX;

  let timePx: (timeTicks: number) => number;
  let timeAtPx: (px: number) => number;
  let alongLengthPx: number;
  if (input.axis === 'time') {
    let maxTime = 100;
    for (const time of input.times) if (time + 15 > maxTime) maxTime = time + 15;
    const pxPerTick = Math.max(alongAvailablePx / maxTime, MIN_PX_PER_TICK, slotPx / TYPICAL_GAP_TICKS);
    timePx = (timeTicks) => timeStartPx + timeTicks * pxPerTick;
    timeAtPx = (px) => Math.max(1, Math.round((px - timeStartPx) / pxPerTick));
    alongLengthPx = maxTime * pxPerTick;
  } else {
    const distinct = [...new Set(input.times)].sort((first, second) => first - second);
    const rank = new Map(distinct.map((time, index) => [time, index + 1]));
    timePx = (timeTicks) => timeStartPx + (rank.get(timeTicks) ?? nearestRank(distinct, timeTicks)) * slotPx;
    timeAtPx = (px) => distinct[clamp(Math.round((px - timeStartPx) / slotPx) - 1, 0, Math.max(0, distinct.length - 1))] ?? 1;
    alongLengthPx = Math.max(alongAvailablePx, (distinct.length + 1) * slotPx);
  }
  const timeEndPx = timeStartPx + alongLengthPx;
  const lanePx = (laneIndex: number) => crossStartPx + laneIndex * laneSpacingPx;
  const crossLengthPx = 16 + laneCount * laneSpacingPx;
  const alongTotalPx = timeEndPx + TIME_MARGIN_PX;
  return {
    orientation: input.orientation,
    axis: input.axis,
    widthPx: Math.ceil(horizontal ? alongTotalPx : crossLengthPx),
    heightPx: Math.ceil(horizontal ? crossLengthPx : alongTotalPx),
    labelBandPx,
    laneSpacingPx,
    lanePx,
    timePx,
    point: (laneIndex, timeTicks) => (horizontal ? { x: timePx(timeTicks), y: lanePx(laneIndex) } : { x: lanePx(laneIndex), y: timePx(timeTicks) }),
    laneAt: (point) => {
      const cross = horizontal ? point.y : point.x;
      const index = Math.floor((cross - (crossStartPx - laneSpacingPx / 2)) / laneSpacingPx);
      return index >= 0 && index < laneCount ? index : null;
    },
    timeAt: (point) => timeAtPx(horizontal ? point.x : point.y),
    timeStartPx,
    timeEndPx,
  };
}

function nearestRank(sorted: readonly number[], time: number): number {
  let index = 0;
  while (index < sorted.length && (sorted[index] as number) < time) index += 1;
  return index + 0.5;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** The point of a pointer event in the SVG's own coordinates (the SVG may be scrolled inside its box). */
export function svgPoint(svg: SVGSVGElement, clientX: number, clientY: number): Point {
  const box = svg.getBoundingClientRect();
  return { x: clientX - box.left, y: clientY - box.top };
}

export interface LineChartGeometry {
  readonly path: string;
  readonly xTicks: readonly { readonly value: number; readonly px: number }[];
  readonly yTicks: readonly { readonly value: number; readonly px: number }[];
  x(value: number): number;
  y(value: number): number;
}

/** A small line chart (commit-wait latency against ε): scales, ticks and the path. */
export function lineChart(points: readonly { readonly x: number; readonly y: number }[], size: { widthPx: number; heightPx: number; marginPx: { left: number; right: number; top: number; bottom: number } }): LineChartGeometry {
  const xMax = Math.max(1, ...points.map((point) => point.x));
  const yMax = Math.max(1, ...points.map((point) => point.y));
  const x = scaleLinear().domain([0, xMax]).range([size.marginPx.left, size.widthPx - size.marginPx.right]);
  const y = scaleLinear().domain([0, yMax]).nice().range([size.heightPx - size.marginPx.bottom, size.marginPx.top]);
  const path = line<{ x: number; y: number }>().x((point) => x(point.x)).y((point) => y(point.y))(points as { x: number; y: number }[]) ?? '';
  return {
    path,
    xTicks: x.ticks(5).map((value) => ({ value, px: x(value) })),
    yTicks: y.ticks(4).map((value) => ({ value, px: y(value) })),
    x: (value) => x(value),
    y: (value) => y(value),
  };
}
