// The kit's cluster canvas, shared by every lab with nodes on a network: islands (partition groups),
// links, messages and nodes; drag a node onto another island or into empty space, click a link to cut
// or restore it. The lab draws its own nodes and messages and says what an island means.
import { Fragment, memo, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { NetworkCommand } from '../../kernel/net/commands.ts';
import { CLUSTER_VIEW_HEIGHT, CLUSTER_VIEW_WIDTH, DEFAULT_NODE_CLEARANCE, islandLayout, NODE_RADIUS, type ClusterLayout, type Island, type Point } from '../geometry/clusterLayout.ts';
import { createNodeDrag, type DropTarget } from '../geometry/nodeDrag.ts';
import { trimSegment } from '../geometry/shapes.ts';
import { unitsPerPixelStyle, useUnitsPerPixel } from './useUnitsPerPixel.ts';

interface DragState {
  readonly node: string;
  readonly point: Point;
  readonly target: DropTarget;
}

export interface ClusterCanvasProps {
  /** Everything laid out on islands (servers, replicas, and clients where they sit on the network). */
  readonly endpointIds: readonly string[];
  /** Endpoints joined by links one can click to cut (e.g. replicas only). */
  readonly linkedIds: readonly string[];
  readonly groups: readonly (readonly string[])[] | undefined;
  readonly cuts: readonly (readonly [string, string])[] | undefined;
  /** Carries out a gesture: isolate, move, cut or restore-link (keep it stable: links are memoised on it). */
  readonly act: (command: NetworkCommand) => void;
  readonly renderNode: (id: string, x: number, y: number, dragging: boolean) => ReactNode;
  readonly renderMessages?: (positions: Readonly<Record<string, Point>>) => ReactNode;
  /** What a partitioned island's label says, e.g. "Island 1: 2 of 5 (majority)". */
  readonly islandLabel: (island: Island) => string;
  /** Room a node's glyph needs around it (labels, rings): smaller glyphs leave more room for the picture. */
  readonly nodeClearance?: number;
  readonly hint: string;
  readonly testId: string;
  readonly ariaLabel: string;
  readonly className?: string;
  /** 'both' | 'one-way' | 'none' (default), or true/false. */
  readonly cutAttribute?: 'direction' | 'boolean';
  /** data-* attributes on the section, for tests and styles (e.g. { broken: 'true' }). */
  readonly data?: Readonly<Record<string, string>>;
  /** Above the drawing (e.g. a "broken on purpose" tag). */
  readonly before?: ReactNode;
  /** Below the hint (e.g. the message legend). */
  readonly children?: ReactNode;
}

export function ClusterCanvas(props: ClusterCanvasProps) {
  const { endpointIds, groups, act, renderNode, renderMessages, hint, testId, ariaLabel, className, before, children } = props;
  const nodeClearance = props.nodeClearance ?? DEFAULT_NODE_CLEARANCE;
  // Ids change only with the cluster's size: a key keeps the layout memoised while ids are fresh arrays.
  const idsKey = endpointIds.join(',');
  const layout = useMemo(
    () => islandLayout(groups && groups.length > 0 ? groups : [endpointIds], nodeClearance),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- idsKey stands for endpointIds
    [groups, idsKey, nodeClearance],
  );
  // Fit the drawing to what is on it (never tighter than the whole cluster on one island), so a small
  // cluster is drawn large: glyphs and labels grow with the room the panel has.
  const viewBox = useMemo(() => {
    const together = islandLayout([endpointIds], nodeClearance);
    const islands = [...layout.islands, ...together.islands];
    if (islands.length === 0) return `0 0 ${CLUSTER_VIEW_WIDTH} ${CLUSTER_VIEW_HEIGHT}`;
    const margin = 12;
    const left = Math.min(...islands.map((island) => island.x - island.radius)) - margin;
    const top = Math.min(...islands.map((island) => island.y - island.radius)) - margin;
    const right = Math.max(...islands.map((island) => island.x + island.radius)) + margin;
    const bottom = Math.max(...islands.map((island) => island.y + island.radius)) + margin;
    return `${left.toFixed(1)} ${top.toFixed(1)} ${(right - left).toFixed(1)} ${(bottom - top).toFixed(1)}`;
    // eslint-disable-next-line react-hooks/exhaustive-deps -- idsKey stands for endpointIds
  }, [layout, idsKey, nodeClearance]);
  const svgRef = useRef<SVGSVGElement>(null);
  const unitsPerPixel = useUnitsPerPixel(svgRef, viewBox);
  const [drag, setDrag] = useState<DragState | null>(null);
  const layoutRef = useRef<ClusterLayout>(layout);
  const actRef = useRef(act);
  useEffect(() => {
    layoutRef.current = layout;
    actRef.current = act;
  }, [layout, act]);

  useEffect(() => {
    const svg = svgRef.current;
    if (!svg) return;
    const behaviour = createNodeDrag(svg, {
      getState: () => layoutRef.current,
      onMove: setDrag,
      onDrop: (node, target) => {
        const own = layoutRef.current.islands.find((island) => island.members.includes(node));
        if (target.kind === 'empty') {
          // Already alone on an island: nothing to isolate it from.
          if (own && own.members.length > 1) actRef.current({ type: 'isolate', node });
        } else if (!own || target.index !== own.index) {
          actRef.current({ type: 'move', node, group: target.index });
        }
      },
    });
    return behaviour.destroy;
  }, []);

  const dropTargetIndex = drag?.target.kind === 'island' ? drag.target.index : null;
  const dragHint = drag
    ? drag.target.kind === 'empty'
      ? `Drop to isolate ${drag.node} on an island of its own`
      : `Drop to move ${drag.node} onto island ${drag.target.index + 1}`
    : hint;

  return (
    <section className={`cluster-panel${className ? ` ${className}` : ''}`} aria-label={ariaLabel} {...Object.fromEntries(Object.entries(props.data ?? {}).map(([key, value]) => [`data-${key}`, value]))}>
      {before}
      <svg ref={svgRef} className="cluster-svg" viewBox={viewBox} preserveAspectRatio="xMidYMid meet" style={unitsPerPixelStyle(unitsPerPixel)} data-testid={testId} role="group" aria-label={`${ariaLabel}: nodes, links and messages`}>
        <Islands islands={layout.islands} label={props.islandLabel} dropTargetIndex={dropTargetIndex} />
        <Links layout={layout} linkedIds={props.linkedIds} cuts={props.cuts} act={act} cutAttribute={props.cutAttribute ?? 'direction'} />
        {renderMessages?.(layout.positions)}
        {endpointIds.map((id) => {
          const dragged = drag?.node === id;
          const position = dragged ? drag.point : layout.positions[id];
          return position ? <Fragment key={id}>{renderNode(id, position.x, position.y, dragged)}</Fragment> : null;
        })}
      </svg>
      <p className="drag-hint" aria-live="polite">
        {dragHint}
      </p>
      {children}
    </section>
  );
}


const Islands = memo(function Islands({ islands, label, dropTargetIndex }: { readonly islands: readonly Island[]; readonly label: (island: Island) => string; readonly dropTargetIndex: number | null }) {
  const partitioned = islands.length > 1;
  return (
    <g className="islands">
      {islands.map((island) => (
        <g key={island.index} data-testid={`island-${island.index}`} data-members={island.members.join(',')}>
          <circle className={`island${dropTargetIndex === island.index ? ' drop-target' : ''}`} cx={island.x} cy={island.y} r={island.radius} />
          {partitioned && (
            <text className="island-label" x={island.x} y={island.y - island.radius} dy="1.3em" textAnchor="middle">
              {label(island)}
            </text>
          )}
        </g>
      ))}
    </g>
  );
});

/** Every pair of linked endpoints: a plain line, a cut link (dashed, with a cross), or across islands (faint). */
const Links = memo(function Links({
  layout,
  linkedIds,
  cuts,
  act,
  cutAttribute,
}: {
  readonly layout: ClusterLayout;
  readonly linkedIds: readonly string[];
  readonly cuts: readonly (readonly [string, string])[] | undefined;
  readonly act: (command: NetworkCommand) => void;
  readonly cutAttribute: 'direction' | 'boolean';
}) {
  const cutKeys = new Set((cuts ?? []).map(([from, to]) => `${from}>${to}`));
  const groupOf = new Map<string, number>();
  layout.islands.forEach((island) => island.members.forEach((member) => groupOf.set(member, island.index)));
  const lines = [];
  for (let i = 0; i < linkedIds.length; i++) {
    for (let j = i + 1; j < linkedIds.length; j++) {
      const a = linkedIds[i]!;
      const b = linkedIds[j]!;
      const pa = layout.positions[a];
      const pb = layout.positions[b];
      if (!pa || !pb) continue;
      const { from, to } = trimSegment(pa, pb, NODE_RADIUS + 2);
      if (groupOf.get(a) !== groupOf.get(b)) {
        lines.push(<line key={`${a}-${b}`} className="link partitioned" x1={from.x} y1={from.y} x2={to.x} y2={to.y} />);
        continue;
      }
      const cutAB = cutKeys.has(`${a}>${b}`);
      const cutBA = cutKeys.has(`${b}>${a}`);
      const cut = cutAB || cutBA;
      const middle = { x: (from.x + to.x) / 2, y: (from.y + to.y) / 2 };
      const toggle = () => act(cut ? { type: 'restore-link', from: a, to: b, bothWays: true } : { type: 'cut', from: a, to: b, bothWays: true });
      const direction = cutAB && cutBA ? 'both ways' : cutAB ? `${a} to ${b}` : `${b} to ${a}`;
      const state = cutAttribute === 'boolean' ? String(cut) : cut ? (cutAB && cutBA ? 'both' : 'one-way') : 'none';
      lines.push(
        <g key={`${a}-${b}`} data-testid={`link-${a}-${b}`} data-cut={state}>
          <line className="link-hit" x1={from.x} y1={from.y} x2={to.x} y2={to.y} onClick={toggle}>
            <title>{cut ? `Link ${a}–${b} is cut (${direction}). Click to restore.` : `Link ${a}–${b}. Click to cut it both ways.`}</title>
          </line>
          <line className={`link${cut ? ' cut' : ''}`} x1={from.x} y1={from.y} x2={to.x} y2={to.y} pointerEvents="none" />
          {cut && <path className="cut-mark" d={`M${middle.x - 6},${middle.y - 6}L${middle.x + 6},${middle.y + 6}M${middle.x + 6},${middle.y - 6}L${middle.x - 6},${middle.y + 6}`} pointerEvents="none" />}
        </g>,
      );
    }
  }
  return <g className="links">{lines}</g>;
});
