// Geometry of the hashing lab's ring and plots (d3 lives here): arc paths per node, token ticks, key and node positions, colours.
import { arc, interpolateSinebow, line, scaleLinear, scaleLog } from 'd3';

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** The ring view's own coordinates (the SVG viewBox); the SVG scales it to its box. */
export const RING_VIEW_SIZE = 640;
export const RING_CENTER: Point = { x: RING_VIEW_SIZE / 2, y: RING_VIEW_SIZE / 2 };
/** The band of owned arcs. */
export const ARC_RADIUS_INNER = 196;
export const ARC_RADIUS_OUTER = 214;
/** Token ticks stick out of the band. */
export const TICK_RADIUS_INNER = 214;
export const TICK_RADIUS_OUTER = 226;
/** Keys sit inside the band, spread over a few lanes so dots overlap less. */
export const KEY_RADIUS_MAX = 184;
export const KEY_LANES = 5;
export const KEY_LANE_GAP = 9;
/** Node badges sit outside, evenly spread. */
export const NODE_RADIUS = 276;

/** Fraction of a turn (0 at the top, clockwise) → point at `radius` from the centre. */
export function pointOnRing(fraction: number, radius: number): Point {
  const angle = fraction * 2 * Math.PI;
  return { x: RING_CENTER.x + radius * Math.sin(angle), y: RING_CENTER.y - radius * Math.cos(angle) };
}

/** Where a drawn key sits: its hash angle, on one of a few lanes chosen by its sample position. */
export function keyPoint(fraction: number, samplePosition: number): Point {
  return pointOnRing(fraction, KEY_RADIUS_MAX - (samplePosition % KEY_LANES) * KEY_LANE_GAP);
}

/** Node badges: evenly around the outside in node order, the first at the top. */
export function nodeBadgePoints(count: number): Point[] {
  return Array.from({ length: count }, (_, index) => pointOnRing(count === 0 ? 0 : index / count, NODE_RADIUS));
}

// d3's default arc accessors read the radii and angles from the datum; angle 0 is 12 o'clock, clockwise, as ours.
const bandArc = arc<{ innerRadius: number; outerRadius: number; startAngle: number; endAngle: number }>();

/**
 * One SVG path per node holding all of its arcs: a node with 500 tokens is one element, so hovering a
 * node re-styles N paths, not thousands. Arcs come as fractions of a turn and owner indexes.
 */
export function arcPathsByNode(starts: ArrayLike<number>, ends: ArrayLike<number>, owners: ArrayLike<number>, nodeCount: number): string[] {
  const parts: string[][] = Array.from({ length: nodeCount }, () => []);
  for (let i = 0; i < starts.length; i++) {
    const owner = owners[i]!;
    if (owner < 0 || owner >= nodeCount) continue;
    const path = bandArc({
      innerRadius: ARC_RADIUS_INNER,
      outerRadius: ARC_RADIUS_OUTER,
      startAngle: starts[i]! * 2 * Math.PI,
      endAngle: ends[i]! * 2 * Math.PI,
    });
    if (path) parts[owner]!.push(path);
  }
  // The arc generator centres on the origin: the caller translates the group to RING_CENTER.
  return parts.map((pieces) => pieces.join(''));
}

/** One path per node with all its token ticks (radial strokes), in coordinates centred on the origin. */
export function tickPathsByNode(positions: ArrayLike<number>, owners: ArrayLike<number>, nodeCount: number): string[] {
  const parts: string[][] = Array.from({ length: nodeCount }, () => []);
  for (let i = 0; i < positions.length; i++) {
    const owner = owners[i]!;
    if (owner < 0 || owner >= nodeCount) continue;
    const angle = positions[i]! * 2 * Math.PI;
    const sin = Math.sin(angle);
    const cos = Math.cos(angle);
    parts[owner]!.push(
      `M${(TICK_RADIUS_INNER * sin).toFixed(1)},${(-TICK_RADIUS_INNER * cos).toFixed(1)}L${(TICK_RADIUS_OUTER * sin).toFixed(1)},${(-TICK_RADIUS_OUTER * cos).toFixed(1)}`,
    );
  }
  return parts.map((pieces) => pieces.join(''));
}

/** Where to write a node's name on the ring: the middle of its longest arc, if that arc is long enough to hold it. */
export function arcLabelPoints(starts: ArrayLike<number>, ends: ArrayLike<number>, owners: ArrayLike<number>, nodeCount: number, minimumFraction = 0.025): (Point | null)[] {
  const longest = new Float64Array(nodeCount);
  const middle = new Float64Array(nodeCount);
  for (let i = 0; i < starts.length; i++) {
    const owner = owners[i]!;
    const length = ends[i]! - starts[i]!;
    if (owner >= 0 && owner < nodeCount && length > longest[owner]!) {
      longest[owner] = length;
      middle[owner] = (starts[i]! + ends[i]!) / 2;
    }
  }
  return Array.from(longest, (length, node) => (length >= minimumFraction ? pointOnRing(middle[node]!, (ARC_RADIUS_INNER + ARC_RADIUS_OUTER) / 2) : null));
}

/** A node keeps its colour across changes: the colour follows the number in its id (n7 → 7), not its position. */
export function nodeColour(id: string): string {
  const match = /(\d+)$/.exec(id);
  let number = match ? Number(match[1]) : 0;
  if (!match) for (let i = 0; i < id.length; i++) number = (number * 31 + id.charCodeAt(i)) >>> 0;
  // Golden-ratio steps around the hue circle keep neighbours (n3, n4) far apart.
  return interpolateSinebow(((number * 0.618_033_988_75) % 1 + 1) % 1);
}

/** A curved flight from one node badge to another, bending towards the centre, for a moved key. */
export function flightPath(from: Point, to: Point): string {
  const middle = { x: (from.x + to.x) / 2, y: (from.y + to.y) / 2 };
  const control = { x: middle.x + (RING_CENTER.x - middle.x) * 0.6, y: middle.y + (RING_CENTER.y - middle.y) * 0.6 };
  return `M${from.x.toFixed(1)},${from.y.toFixed(1)}Q${control.x.toFixed(1)},${control.y.toFixed(1)} ${to.x.toFixed(1)},${to.y.toFixed(1)}`;
}

/** A point along the quadratic flight at time t (0..1), for animating a dot without SVG path lookups. */
export function flightPoint(from: Point, to: Point, t: number): Point {
  const middle = { x: (from.x + to.x) / 2, y: (from.y + to.y) / 2 };
  const control = { x: middle.x + (RING_CENTER.x - middle.x) * 0.6, y: middle.y + (RING_CENTER.y - middle.y) * 0.6 };
  const u = 1 - t;
  return { x: u * u * from.x + 2 * u * t * control.x + t * t * to.x, y: u * u * from.y + 2 * u * t * control.y + t * t * to.y };
}

export interface PlotGeometry {
  readonly width: number;
  readonly height: number;
  readonly margin: { readonly left: number; readonly right: number; readonly top: number; readonly bottom: number };
  readonly xTicks: readonly { readonly x: number; readonly label: string }[];
  readonly yTicks: readonly { readonly y: number; readonly label: string }[];
  readonly keysPath: string;
  readonly requestsPath: string | null;
  readonly points: readonly { readonly x: number; readonly yKeys: number; readonly yRequests: number; readonly vnodes: number }[];
  readonly currentX: number | null;
}

/** The small plot of max/mean against vnodes per node (log x axis), with an optional request line under Zipf. */
export function vnodePlotGeometry(
  points: readonly { readonly vnodesPerNode: number; readonly keysMaxOverMean: number; readonly requestsMaxOverMean: number }[],
  withRequests: boolean,
  currentVnodes: number,
  width = 340,
  height = 170,
): PlotGeometry {
  const margin = { left: 44, right: 12, top: 10, bottom: 36 };
  const x = scaleLog().domain([1, 500]).range([margin.left, width - margin.right]);
  const highest = Math.max(2, ...points.map((point) => (withRequests ? Math.max(point.keysMaxOverMean, point.requestsMaxOverMean) : point.keysMaxOverMean)));
  const y = scaleLinear().domain([1, highest]).nice(4).range([height - margin.bottom, margin.top]);
  const keysLine = line<(typeof points)[number]>()
    .x((point) => x(point.vnodesPerNode))
    .y((point) => y(point.keysMaxOverMean));
  const requestsLine = line<(typeof points)[number]>()
    .x((point) => x(point.vnodesPerNode))
    .y((point) => y(point.requestsMaxOverMean));
  return {
    width,
    height,
    margin,
    xTicks: [1, 10, 100, 500].map((value) => ({ x: x(value), label: String(value) })),
    yTicks: y.ticks(4).map((value) => ({ y: y(value), label: value.toFixed(1) })),
    keysPath: keysLine(points as (typeof points)[number][]) ?? '',
    requestsPath: withRequests ? (requestsLine(points as (typeof points)[number][]) ?? '') : null,
    points: points.map((point) => ({ x: x(point.vnodesPerNode), yKeys: y(point.keysMaxOverMean), yRequests: y(point.requestsMaxOverMean), vnodes: point.vnodesPerNode })),
    currentX: currentVnodes >= 1 && currentVnodes <= 500 ? x(currentVnodes) : null,
  };
}
