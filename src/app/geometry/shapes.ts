// Glyph outlines as SVG paths: role shapes, the election-timer arc, points along a link.
import { arc } from 'd3';
import type { Point } from './clusterLayout.ts';

/** A regular polygon centred on the origin, first corner at `rotation` radians. */
function polygon(corners: number, radius: number, rotation: number): string {
  const points = Array.from({ length: corners }, (_, index) => {
    const angle = rotation + (index / corners) * 2 * Math.PI;
    return `${(radius * Math.cos(angle)).toFixed(2)},${(radius * Math.sin(angle)).toFixed(2)}`;
  });
  return `M${points.join('L')}Z`;
}

function circle(radius: number): string {
  return `M${-radius},0a${radius},${radius} 0 1,0 ${radius * 2},0a${radius},${radius} 0 1,0 ${-radius * 2},0Z`;
}

export type GlyphShape = 'circle' | 'diamond' | 'hexagon' | 'square' | 'triangle';

export function shapePath(shape: GlyphShape, radius: number): string {
  switch (shape) {
    case 'circle':
      return circle(radius);
    case 'diamond':
      return polygon(4, radius * 1.15, -Math.PI / 2);
    case 'hexagon':
      return polygon(6, radius * 1.08, 0);
    case 'square':
      return polygon(4, radius * 1.2, Math.PI / 4);
    case 'triangle':
      return polygon(3, radius * 1.2, -Math.PI / 2);
  }
}

// d3's default accessors read innerRadius, outerRadius and the angles from the datum.
const ringArc = arc();

/** The remaining part of an election timeout as a ring segment (full ring = just reset). */
export function timerRingPath(fractionRemaining: number, innerRadius: number, width: number): string {
  const fraction = Math.min(1, Math.max(0, fractionRemaining));
  return ringArc({ innerRadius, outerRadius: innerRadius + width, startAngle: 0, endAngle: fraction * 2 * Math.PI }) ?? '';
}

/** A point `fraction` of the way from `from` to `to`, shifted sideways so the two directions use separate lanes. */
export function pointAlong(from: Point, to: Point, fraction: number, laneOffset: number): Point {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const length = Math.hypot(dx, dy) || 1;
  // Perpendicular, to the right of the direction of travel.
  const nx = -dy / length;
  const ny = dx / length;
  return { x: from.x + dx * fraction + nx * laneOffset, y: from.y + dy * fraction + ny * laneOffset };
}

/** Trim a segment so it starts and ends at the node outlines instead of their centres. */
export function trimSegment(from: Point, to: Point, margin: number): { from: Point; to: Point } {
  const length = Math.hypot(to.x - from.x, to.y - from.y);
  if (length <= margin * 2) return { from, to };
  const fraction = margin / length;
  return {
    from: { x: from.x + (to.x - from.x) * fraction, y: from.y + (to.y - from.y) * fraction },
    to: { x: to.x - (to.x - from.x) * fraction, y: to.y - (to.y - from.y) * fraction },
  };
}
