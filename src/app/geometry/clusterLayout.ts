// Where nodes and islands sit: each partition group is an island (d3 packs them), its nodes on a circle.
import { packSiblings } from 'd3';
import type { NodeId } from '../../kernel/protocols/raft/types.ts';

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface Island {
  /** The partition group's index, as the kernel numbers groups. */
  readonly index: number;
  readonly members: readonly NodeId[];
  readonly x: number;
  readonly y: number;
  readonly radius: number;
}

export interface ClusterLayout {
  readonly positions: Readonly<Record<NodeId, Point>>;
  readonly islands: readonly Island[];
}

/** The cluster view's own coordinate system (the SVG viewBox); the SVG scales it to the screen. */
export const CLUSTER_VIEW_WIDTH = 1000;
export const CLUSTER_VIEW_HEIGHT = 620;
export const NODE_RADIUS = 27;
/** Room around a node for its labels, timer ring and log strip (Raft's glyphs); a lab with smaller glyphs passes its own. */
export const DEFAULT_NODE_CLEARANCE = 82;
/** Distance between neighbours along an island's circle. */
const NODE_SPACING = 150;
const ISLAND_GAP = 28;

/** Nodes evenly on a circle, the first at the top, going clockwise. */
export function circularLayout(ids: readonly NodeId[], center: Point, radius: number): Record<NodeId, Point> {
  const positions: Record<NodeId, Point> = {};
  ids.forEach((id, index) => {
    const angle = (index / ids.length) * 2 * Math.PI - Math.PI / 2;
    positions[id] = { x: center.x + radius * Math.cos(angle), y: center.y + radius * Math.sin(angle) };
  });
  return positions;
}

function ringRadius(memberCount: number): number {
  if (memberCount <= 1) return 0;
  return Math.max(70, (memberCount * NODE_SPACING) / (2 * Math.PI));
}

/** Islands packed side by side (largest first, so the majority sits in the middle), scaled to fit. */
export function islandLayout(groups: readonly (readonly NodeId[])[], nodeClearance = DEFAULT_NODE_CLEARANCE): ClusterLayout {
  const circles = groups
    .map((members, index) => ({ index, members, r: ringRadius(members.length) + nodeClearance + ISLAND_GAP / 2, x: 0, y: 0 }))
    .sort((a, b) => b.members.length - a.members.length || a.index - b.index);
  packSiblings(circles);
  const left = Math.min(...circles.map((circle) => circle.x - circle.r));
  const right = Math.max(...circles.map((circle) => circle.x + circle.r));
  const top = Math.min(...circles.map((circle) => circle.y - circle.r));
  const bottom = Math.max(...circles.map((circle) => circle.y + circle.r));
  const scale = Math.min(1, CLUSTER_VIEW_WIDTH / (right - left), CLUSTER_VIEW_HEIGHT / (bottom - top));
  const offsetX = CLUSTER_VIEW_WIDTH / 2 - ((left + right) / 2) * scale;
  const offsetY = CLUSTER_VIEW_HEIGHT / 2 - ((top + bottom) / 2) * scale;
  const positions: Record<NodeId, Point> = {};
  const islands: Island[] = [];
  for (const circle of circles) {
    const center = { x: offsetX + circle.x * scale, y: offsetY + circle.y * scale };
    Object.assign(positions, circularLayout(circle.members, center, ringRadius(circle.members.length) * scale));
    islands.push({ index: circle.index, members: circle.members, x: center.x, y: center.y, radius: (circle.r - ISLAND_GAP / 2) * scale });
  }
  islands.sort((a, b) => a.index - b.index);
  return { positions, islands };
}

/** The island under a point, if any (the topmost wins where islands touch). */
export function islandAt(islands: readonly Island[], point: Point): Island | null {
  for (const island of islands) {
    if (Math.hypot(point.x - island.x, point.y - island.y) <= island.radius) return island;
  }
  return null;
}
