// The cluster canvas: islands (partition groups), links, messages and nodes; drag a node between
// islands or into empty space, click a link to cut or restore it.
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { useReducedMotion } from 'motion/react';
import type { NodeId } from '../../../kernel/protocols/raft/types.ts';
import { CLUSTER_VIEW_HEIGHT, CLUSTER_VIEW_WIDTH, islandLayout, NODE_RADIUS, type ClusterLayout, type Island, type Point } from '../../geometry/clusterLayout.ts';
import { createNodeDrag, type DropTarget } from '../../geometry/nodeDrag.ts';
import { trimSegment } from '../../geometry/shapes.ts';
import { useRaftStore, useRaftStoreApi } from '../../store/raftContext.ts';
import { selectAnyBug, selectCuts, selectGroups, selectNodeIds, selectSelectedNodeId } from '../../store/selectors.ts';
import { MessageLayer } from './MessageLayer.tsx';
import { NodeGlyph } from './NodeGlyph.tsx';
import { MessageLegend } from './MessageLegend.tsx';

interface DragState {
  readonly node: NodeId;
  readonly point: Point;
  readonly target: DropTarget;
}

export function ClusterView() {
  const store = useRaftStoreApi();
  const nodeIds = useRaftStore(selectNodeIds);
  const groups = useRaftStore(selectGroups);
  const selectedNodeId = useRaftStore(selectSelectedNodeId);
  const broken = useRaftStore(selectAnyBug);
  const reducedMotion = useReducedMotion() ?? false;
  const layout = useMemo(() => islandLayout(groups.length > 0 ? groups : [nodeIds]), [groups, nodeIds]);
  const [drag, setDrag] = useState<DragState | null>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const layoutRef = useRef<ClusterLayout>(layout);
  useEffect(() => {
    layoutRef.current = layout;
  }, [layout]);

  useEffect(() => {
    const svg = svgRef.current;
    if (!svg) return;
    const behaviour = createNodeDrag(svg, {
      getState: () => layoutRef.current,
      onMove: setDrag,
      onDrop: (node, target) => {
        const { actions } = store.getState();
        const own = layoutRef.current.islands.find((island) => island.members.includes(node));
        if (target.kind === 'empty') {
          // Already alone on an island: nothing to isolate it from.
          if (own && own.members.length > 1) void actions.act({ type: 'isolate', node });
        } else if (!own || target.index !== own.index) {
          void actions.act({ type: 'move', node, group: target.index });
        }
      },
    });
    return behaviour.destroy;
  }, [store]);

  const dragTargetIndex = drag?.target.kind === 'island' ? drag.target.index : null;
  const dragHint = drag
    ? drag.target.kind === 'empty'
      ? `Drop to isolate ${drag.node} on an island of its own`
      : `Drop to move ${drag.node} onto island ${drag.target.index + 1}`
    : 'Drag a node to partition the network; click a link to cut it';

  return (
    <section className={`cluster-panel${broken ? ' broken' : ''}`} aria-label="Cluster" data-broken={broken}>
      {broken && (
        <p className="broken-tag" aria-hidden="true">
          ⚠ BROKEN ON PURPOSE
        </p>
      )}
      <svg
        ref={svgRef}
        className="cluster-svg"
        viewBox={`0 0 ${CLUSTER_VIEW_WIDTH} ${CLUSTER_VIEW_HEIGHT}`}
        preserveAspectRatio="xMidYMid meet"
        data-testid="cluster-view"
        role="group"
        aria-label="Cluster view: nodes, links and messages"
      >
        <Islands islands={layout.islands} totalNodes={nodeIds.length} dropTargetIndex={dragTargetIndex} />
        <Links layout={layout} />
        <MessageLayer positions={layout.positions} reducedMotion={reducedMotion} />
        {nodeIds.map((id) => {
          const dragged = drag?.node === id;
          const position = dragged ? drag.point : layout.positions[id];
          if (!position) return null;
          return <NodeGlyph key={id} id={id} x={position.x} y={position.y} dragging={dragged} selected={selectedNodeId === id} />;
        })}
      </svg>
      <p className="drag-hint" aria-live="polite">
        {dragHint}
      </p>
      <MessageLegend />
    </section>
  );
}

const Islands = memo(function Islands({ islands, totalNodes, dropTargetIndex }: { readonly islands: readonly Island[]; readonly totalNodes: number; readonly dropTargetIndex: number | null }) {
  const partitioned = islands.length > 1;
  return (
    <g className="islands">
      {islands.map((island) => (
        <g key={island.index} data-testid={`island-${island.index}`} data-members={island.members.join(',')}>
          <circle className={`island${dropTargetIndex === island.index ? ' drop-target' : ''}`} cx={island.x} cy={island.y} r={island.radius} />
          {partitioned && (
            <text className="island-label" x={island.x} y={island.y - island.radius + 16} textAnchor="middle">
              {`Island ${island.index + 1}: ${island.members.length} of ${totalNodes}${island.members.length * 2 > totalNodes ? ' (majority)' : ''}`}
            </text>
          )}
        </g>
      ))}
    </g>
  );
});

/** Every pair of nodes: a plain line, a cut link (dashed red, with a cross), or across islands (faint). */
const Links = memo(function Links({ layout }: { readonly layout: ClusterLayout }) {
  const store = useRaftStoreApi();
  const cuts = useRaftStore(selectCuts);
  const nodeIds = useRaftStore(selectNodeIds);
  const groups = useRaftStore(selectGroups);
  const cutKeys = useMemo(() => new Set(cuts.map(([from, to]) => `${from}>${to}`)), [cuts]);
  const groupOf = useMemo(() => {
    const map = new Map<NodeId, number>();
    groups.forEach((members, index) => members.forEach((member) => map.set(member, index)));
    return map;
  }, [groups]);

  const lines = [];
  for (let i = 0; i < nodeIds.length; i++) {
    for (let j = i + 1; j < nodeIds.length; j++) {
      const a = nodeIds[i]!;
      const b = nodeIds[j]!;
      const pa = layout.positions[a];
      const pb = layout.positions[b];
      if (!pa || !pb) continue;
      const { from, to } = trimSegment(pa, pb, NODE_RADIUS + 2);
      const sameIsland = groupOf.get(a) === groupOf.get(b);
      if (!sameIsland) {
        lines.push(<line key={`${a}-${b}`} className="link partitioned" x1={from.x} y1={from.y} x2={to.x} y2={to.y} />);
        continue;
      }
      const cutAB = cutKeys.has(`${a}>${b}`);
      const cutBA = cutKeys.has(`${b}>${a}`);
      const cut = cutAB || cutBA;
      const middle = { x: (from.x + to.x) / 2, y: (from.y + to.y) / 2 };
      const toggle = () =>
        void store.getState().actions.act(cut ? { type: 'restore-link', from: a, to: b, bothWays: true } : { type: 'cut', from: a, to: b, bothWays: true });
      const direction = cutAB && cutBA ? 'both ways' : cutAB ? `${a} to ${b}` : `${b} to ${a}`;
      lines.push(
        <g key={`${a}-${b}`} data-testid={`link-${a}-${b}`} data-cut={cut ? (cutAB && cutBA ? 'both' : 'one-way') : 'none'}>
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
