// Dragging nodes between islands with d3-drag: React owns the elements, this only reports gestures.
import { drag, select, type D3DragEvent } from 'd3';
import type { NodeId } from '../../kernel/protocols/raft/types.ts';
import { islandAt, type Island, type Point } from './clusterLayout.ts';

export type DropTarget = { readonly kind: 'island'; readonly index: number } | { readonly kind: 'empty' };

export interface NodeDragState {
  readonly positions: Readonly<Record<NodeId, Point>>;
  readonly islands: readonly Island[];
}

export interface NodeDragOptions {
  /** Read at the start of each gesture, so the behaviour never holds stale layout. */
  getState(): NodeDragState;
  /** Where the dragged node is now, and what it would land on; null when the gesture ends. */
  onMove(drag: { readonly node: NodeId; readonly point: Point; readonly target: DropTarget } | null): void;
  onDrop(node: NodeId, target: DropTarget): void;
}

interface Subject {
  readonly node: NodeId;
  readonly x: number;
  readonly y: number;
}

/** Pointer travel below this is a click, not a drag (d3 then lets the click through). */
const CLICK_DISTANCE_PX = 4;
/** Elements carrying this attribute can be dragged; its value is the node id. */
export const DRAG_HANDLE_ATTRIBUTE = 'data-drag-node';

function handleNode(target: EventTarget | null): NodeId | null {
  if (!(target instanceof Element)) return null;
  return target.closest(`[${DRAG_HANDLE_ATTRIBUTE}]`)?.getAttribute(DRAG_HANDLE_ATTRIBUTE) ?? null;
}

export function createNodeDrag(svg: SVGSVGElement, initial: NodeDragOptions): { update(options: NodeDragOptions): void; destroy(): void } {
  let options = initial;
  const targetAt = (point: Point): DropTarget => {
    const island = islandAt(options.getState().islands, point);
    return island ? { kind: 'island', index: island.index } : { kind: 'empty' };
  };
  const behaviour = drag<SVGSVGElement, unknown, Subject | null>()
    .container(svg)
    .clickDistance(CLICK_DISTANCE_PX)
    .filter((event: MouseEvent) => event.button === 0 && handleNode(event.target) !== null)
    .subject((event: D3DragEvent<SVGSVGElement, unknown, Subject | null>) => {
      const node = handleNode((event.sourceEvent as Event).target);
      const position = node ? options.getState().positions[node] : undefined;
      return node && position ? { node, x: position.x, y: position.y } : null;
    })
    .on('drag', (event: D3DragEvent<SVGSVGElement, unknown, Subject>) => {
      const point = { x: event.x, y: event.y };
      options.onMove({ node: event.subject.node, point, target: targetAt(point) });
    })
    .on('end', (event: D3DragEvent<SVGSVGElement, unknown, Subject>) => {
      options.onMove(null);
      const start = options.getState().positions[event.subject.node];
      if (!start || Math.hypot(event.x - start.x, event.y - start.y) < CLICK_DISTANCE_PX) return;
      options.onDrop(event.subject.node, targetAt({ x: event.x, y: event.y }));
    });
  select(svg).call(behaviour);
  return {
    update(next) {
      options = next;
    },
    destroy() {
      select(svg).on('.drag', null);
    },
  };
}
