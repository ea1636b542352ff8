// The ring: owned arcs and token ticks per node, a sample of keys as dots, node badges around it, moved keys flying to their new node.
import { memo, useMemo, useRef } from 'react';
import { motion, useReducedMotion } from 'motion/react';
import {
  arcLabelPoints,
  arcPathsByNode,
  flightPoint,
  keyPoint,
  nodeBadgePoints,
  nodeColour,
  RING_CENTER,
  RING_VIEW_SIZE,
  ARC_RADIUS_INNER,
  ARC_RADIUS_OUTER,
  tickPathsByNode,
  type Point,
} from '../../geometry/hashingRing.ts';
import type { HashingFrame } from '../../../worker/hashingEngine.ts';
import { unitsPerPixelStyle, useUnitsPerPixel } from '../../components/useUnitsPerPixel.ts';
import { useHashingStore, useHashingStoreApi } from './hashingContext.ts';
import { selectFrame, selectHover, selectSelectedNodeId } from './hashingStore.ts';
import { formatCount, formatPercent, strategyCaption } from './format.ts';

/** Flights drawn per change: enough to read "almost everything moved", few enough for 60 fps. */
const FLIGHTS_MAX = 160;
const FLIGHT_STEPS = 10;
/** Above this many nodes the badges lose their text (it would overlap); hover or focus still names them. */
const LABELLED_NODES_MAX = 40;

interface RingModel {
  readonly arcPaths: string[];
  readonly tickPaths: string[];
  readonly labelPoints: (Point | null)[];
  readonly badges: Point[];
  readonly keyPoints: Point[];
  readonly colours: string[];
  readonly nodeIndexById: Map<string, number>;
}

function buildModel(frame: HashingFrame): RingModel {
  const nodeCount = frame.nodes.length;
  const { ring, sample } = frame;
  return {
    arcPaths: arcPathsByNode(ring.arcStarts, ring.arcEnds, ring.arcOwners, nodeCount),
    tickPaths: tickPathsByNode(ring.tickPositions, ring.tickOwners, nodeCount),
    labelPoints: nodeCount <= LABELLED_NODES_MAX ? arcLabelPoints(ring.arcStarts, ring.arcEnds, ring.arcOwners, nodeCount) : [],
    badges: nodeBadgePoints(nodeCount),
    keyPoints: Array.from(sample.positions, (position, index) => keyPoint(position, index)),
    colours: frame.nodes.map((node) => nodeColour(node.id)),
    nodeIndexById: new Map(frame.nodes.map((node, index) => [node.id, index])),
  };
}

export function RingView() {
  const frame = useHashingStore(selectFrame);
  const model = useMemo(() => (frame ? buildModel(frame) : null), [frame]);
  const svgRef = useRef<SVGSVGElement>(null);
  // Measured once the ring is drawn (no frame, no svg yet).
  const unitsPerPixel = useUnitsPerPixel(svgRef, model ? `0 0 ${RING_VIEW_SIZE} ${RING_VIEW_SIZE}` : '');
  if (!frame || !model) return <div className="ring-panel" data-testid="ring-view" aria-busy="true" />;
  const movedDrawn = frame.lastChange?.movedSamplePositions.length ?? 0;
  return (
    <div className="ring-panel" data-testid="ring-view" data-version={frame.version} data-moved-drawn={movedDrawn}>
      <svg
        ref={svgRef}
        style={unitsPerPixelStyle(unitsPerPixel)}
        className="ring-svg"
        viewBox={`0 0 ${RING_VIEW_SIZE} ${RING_VIEW_SIZE}`}
        // A group, not an image: the node badges inside it are buttons, and an image cannot hold controls.
        role="group"
        aria-label={`${strategyCaption(frame.config.strategy)}: ${frame.nodes.length} nodes, ${formatCount(frame.keyCount)} keys, ${frame.sample.indexes.length} drawn as dots.`}
      >
        <RingArcs frame={frame} model={model} />
        <KeyDots frame={frame} model={model} />
        <NodeBadges frame={frame} model={model} />
        <HoverLayer frame={frame} model={model} />
        <Flights key={frame.version} frame={frame} model={model} />
        <CentreCaption frame={frame} />
      </svg>
      <RingLegend frame={frame} />
    </div>
  );
}

const RingArcs = memo(function RingArcs({ frame, model }: { readonly frame: HashingFrame; readonly model: RingModel }) {
  const hover = useHashingStore(selectHover);
  const selected = useHashingStore(selectSelectedNodeId);
  const focusId = hover?.kind === 'node' ? hover.id : selected;
  return (
    <g transform={`translate(${RING_CENTER.x},${RING_CENTER.y})`}>
      <circle r={(ARC_RADIUS_INNER + ARC_RADIUS_OUTER) / 2} className="ring-track" strokeWidth={ARC_RADIUS_OUTER - ARC_RADIUS_INNER} />
      {frame.nodes.map((node, index) => {
        const dimmed = focusId !== null && focusId !== node.id;
        const focused = focusId === node.id;
        return (
          <g key={node.id} className={`ring-node-arcs${dimmed ? ' dimmed' : ''}${focused ? ' focused' : ''}${node.up ? '' : ' down'}`} data-node={node.id}>
            {model.arcPaths[index] && <path d={model.arcPaths[index]} fill={model.colours[index]} className="ring-arc" />}
            {model.tickPaths[index] && <path d={model.tickPaths[index]} stroke={model.colours[index]} className="ring-tick" />}
          </g>
        );
      })}
    </g>
  );
});

const KeyDots = memo(function KeyDots({ frame, model }: { readonly frame: HashingFrame; readonly model: RingModel }) {
  const store = useHashingStoreApi();
  const { sample } = frame;
  const moved = useMemo(() => new Set(frame.lastChange?.movedSamplePositions ?? []), [frame]);
  const zipf = frame.config.distribution.kind === 'zipf';
  const maxPopularity = zipf ? Math.max(...sample.popularity) : 0;
  return (
    <g className="key-dots" onPointerLeave={() => store.getState().actions.hover(null)}>
      {model.keyPoints.map((point, position) => {
        const owner = sample.owners[position]!;
        const colour = owner < 0 ? 'var(--crashed)' : model.colours[owner]!;
        const hot = sample.hot[position] === 1;
        // Under Zipf a dot's area follows its popularity (the hottest keys stand out); uniform keys are all alike.
        const radius = hot ? 7 : zipf ? 2 + 4 * Math.sqrt(sample.popularity[position]! / maxPopularity) : 2.6;
        const onEnter = () => store.getState().actions.hover({ kind: 'key', samplePosition: position });
        return (
          <g key={sample.indexes[position]} onPointerEnter={onEnter}>
            {moved.has(position) && <circle cx={point.x} cy={point.y} r={radius + 3} className="key-moved-halo" />}
            {hot ? (
              <path d={diamond(point, radius)} fill={colour} className="key-dot hot" />
            ) : (
              <circle cx={point.x} cy={point.y} r={radius} fill={colour} className="key-dot" />
            )}
            {/* A wider invisible target: dots are small. */}
            <circle cx={point.x} cy={point.y} r={Math.max(radius, 5)} className="key-hit" />
          </g>
        );
      })}
    </g>
  );
});

function diamond(point: Point, radius: number): string {
  return `M${point.x},${point.y - radius}L${point.x + radius},${point.y}L${point.x},${point.y + radius}L${point.x - radius},${point.y}Z`;
}

const NodeBadges = memo(function NodeBadges({ frame, model }: { readonly frame: HashingFrame; readonly model: RingModel }) {
  const store = useHashingStoreApi();
  const selected = useHashingStore(selectSelectedNodeId);
  const labelled = frame.nodes.length <= LABELLED_NODES_MAX;
  const radius = labelled ? 15 : 6;
  return (
    <g className="node-badges">
      {frame.nodes.map((node, index) => {
        const point = model.badges[index]!;
        const label = model.labelPoints[index];
        const actions = store.getState().actions;
        const name = `${node.id}, ${node.up ? 'up' : 'down'}, ${formatCount(node.keys)} keys${node.weight !== 1 ? `, weight ${node.weight}` : ''}`;
        return (
          <g key={node.id}>
            {label && (
              <text x={label.x} y={label.y} className="arc-label" textAnchor="middle" dominantBaseline="central" aria-hidden="true">
                {node.id}
              </text>
            )}
            <g
              className={`node-badge${node.up ? '' : ' down'}${selected === node.id ? ' selected' : ''}`}
              transform={`translate(${point.x},${point.y})`}
              role="button"
              tabIndex={0}
              aria-label={name}
              aria-pressed={selected === node.id}
              data-testid={`ring-node-${node.id}`}
              data-up={node.up}
              data-keys={node.keys}
              onPointerEnter={() => actions.hover({ kind: 'node', id: node.id })}
              onPointerLeave={() => actions.hover(null)}
              onFocus={() => actions.hover({ kind: 'node', id: node.id })}
              onBlur={() => actions.hover(null)}
              onClick={() => actions.select(selected === node.id ? null : node.id)}
              onKeyDown={(event) => {
                if (event.key === 'Enter' || event.key === ' ') {
                  event.preventDefault();
                  actions.select(selected === node.id ? null : node.id);
                }
              }}
            >
              <circle r={radius + 4} className="node-badge-focus" />
              {node.up ? (
                <circle r={radius} fill={model.colours[index]} className="node-badge-shape" />
              ) : (
                // Down: a dashed grey square with a cross, whatever the node's colour.
                <>
                  <rect x={-radius} y={-radius} width={radius * 2} height={radius * 2} className="node-badge-shape down" />
                  <path d={`M${-radius / 2},${-radius / 2}L${radius / 2},${radius / 2}M${radius / 2},${-radius / 2}L${-radius / 2},${radius / 2}`} className="node-badge-cross" />
                </>
              )}
              {labelled && (
                <text y={radius + 2} dy="0.9em" textAnchor="middle" className="node-badge-label" aria-hidden="true">
                  {node.id}
                  {node.up ? '' : ' ✕'}
                </text>
              )}
            </g>
          </g>
        );
      })}
    </g>
  );
});

/** Hovering a key draws lines to its serving replicas and says who they are; hovering a node names it and its load. */
function HoverLayer({ frame, model }: { readonly frame: HashingFrame; readonly model: RingModel }) {
  const hover = useHashingStore(selectHover);
  if (!hover) return null;
  if (hover.kind === 'node') {
    const index = model.nodeIndexById.get(hover.id);
    if (index === undefined) return null;
    const node = frame.nodes[index]!;
    const share = frame.keyCount === 0 ? 0 : node.keys / frame.keyCount;
    return (
      <g className="hover-info" pointerEvents="none" data-testid="hover-node">
        <text x={RING_CENTER.x} y={RING_CENTER.y + 44} textAnchor="middle" className="hover-title">
          {node.id}
          {node.up ? '' : ' (down)'}
        </text>
        <text x={RING_CENTER.x} y={RING_CENTER.y + 44} dy="1.3em" textAnchor="middle" className="hover-text">
          {formatCount(node.keys)} keys ({formatPercent(share)}){frame.ring.hasRing ? `, ${formatCount(node.tokenCount)} tokens` : ''}
        </text>
      </g>
    );
  }
  const position = hover.samplePosition;
  const { sample } = frame;
  const point = model.keyPoints[position];
  if (!point) return null;
  const replicas: { node: number; hint: number }[] = [];
  for (let slot = 0; slot < sample.replicaCount; slot++) {
    const node = sample.replicaNodes[position * sample.replicaCount + slot]!;
    if (node >= 0) replicas.push({ node, hint: sample.replicaHints[position * sample.replicaCount + slot]! });
  }
  const names = replicas.map(({ node, hint }, slot) => `${frame.nodes[node]!.id}${slot === 0 ? ' (primary)' : ''}${hint >= 0 ? ` for ${frame.nodes[hint]!.id}, hinted` : ''}`);
  const popularity = sample.popularity[position]!;
  return (
    <g className="hover-info" pointerEvents="none" data-testid="hover-key" data-owner={replicas[0] ? frame.nodes[replicas[0].node]!.id : ''}>
      {replicas.map(({ node, hint }, slot) => {
        const badge = model.badges[node]!;
        return (
          <line
            key={`${node}-${slot}`}
            x1={point.x}
            y1={point.y}
            x2={badge.x}
            y2={badge.y}
            className={`replica-line${slot === 0 ? ' primary' : ''}${hint >= 0 ? ' hinted' : ''}`}
          />
        );
      })}
      <circle cx={point.x} cy={point.y} r={7} className="key-hover-ring" />
      <text x={RING_CENTER.x} y={RING_CENTER.y + 40} textAnchor="middle" className="hover-title">
        key {sample.indexes[position]}
        {frame.config.distribution.kind === 'zipf' ? ` · ${formatPercent(popularity, 2)} of requests` : ''}
      </text>
      <text x={RING_CENTER.x} y={RING_CENTER.y + 40} dy="1.3em" textAnchor="middle" className="hover-text">
        {names.slice(0, 2).join(', ')}
        {names.length > 2 ? ',' : ''}
      </text>
      {names.length > 2 && (
        <text x={RING_CENTER.x} y={RING_CENTER.y + 40} dy="2.45em" textAnchor="middle" className="hover-text">
          {names.slice(2).join(', ')}
        </text>
      )}
    </g>
  );
}

/** Moved keys fly from the node that served them to the one that serves them now; skipped under reduced motion. */
function Flights({ frame, model }: { readonly frame: HashingFrame; readonly model: RingModel }) {
  const reduceMotion = useReducedMotion();
  const change = frame.lastChange;
  if (!change || reduceMotion) return <g data-testid="flights" data-count={0} />;
  const flights: { key: number; xs: number[]; ys: number[]; colour: string; delay: number }[] = [];
  const count = Math.min(change.movedSamplePositions.length, FLIGHTS_MAX);
  for (let i = 0; i < count; i++) {
    const position = change.movedSamplePositions[i]!;
    const owner = frame.sample.owners[position]!;
    const fromIndex = model.nodeIndexById.get(change.movedSampleFrom[i]!);
    // A node that left has no badge any more: its keys fly from where they sit on the ring.
    const from = fromIndex === undefined ? model.keyPoints[position]! : model.badges[fromIndex]!;
    const to = owner < 0 ? model.keyPoints[position]! : model.badges[owner]!;
    const xs: number[] = [];
    const ys: number[] = [];
    for (let step = 0; step <= FLIGHT_STEPS; step++) {
      const at = flightPoint(from, to, step / FLIGHT_STEPS);
      xs.push(at.x);
      ys.push(at.y);
    }
    flights.push({ key: position, xs, ys, colour: owner < 0 ? 'var(--crashed)' : model.colours[owner]!, delay: (i / count) * 0.5 });
  }
  return (
    <g data-testid="flights" data-count={flights.length} pointerEvents="none">
      {flights.map((flight) => (
        <motion.circle
          key={flight.key}
          r={4}
          fill={flight.colour}
          className="flight"
          initial={{ cx: flight.xs[0], cy: flight.ys[0], opacity: 0 }}
          animate={{ cx: flight.xs, cy: flight.ys, opacity: [0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0] }}
          transition={{ duration: 1.4, delay: flight.delay, ease: 'easeInOut' }}
        />
      ))}
    </g>
  );
}

function CentreCaption({ frame }: { readonly frame: HashingFrame }) {
  const ring = frame.ring;
  return (
    <g className="centre-caption" pointerEvents="none">
      {/* Lines spaced in em: the text grows to stay readable when the ring is drawn small (hashing.css). */}
      <text x={RING_CENTER.x} y={RING_CENTER.y - 34} textAnchor="middle" className="centre-title">
        {strategyCaption(frame.config.strategy)}
      </text>
      <text x={RING_CENTER.x} y={RING_CENTER.y - 34} textAnchor="middle" className="centre-text">
        <tspan x={RING_CENTER.x} dy="1.5em">
          {ring.hasRing
            ? `${formatCount(ring.tokenCount)} tokens${ring.ticksShown < ring.tokenCount ? ` (${formatCount(ring.ticksShown)} ticks drawn)` : ''}`
            : frame.config.strategy === 'rendezvous'
              ? 'no ring: each key scores every node'
              : frame.config.strategy === 'jump'
                ? 'no ring: buckets 0…N−1, no table'
                : 'no ring: node = hash mod N'}
        </tspan>
        {/* The hash's name is in the run bar: a long name here would run into the ring. */}
        <tspan x={RING_CENTER.x} dy="1.25em">
          position = hash(key) / 2³²
        </tspan>
      </text>
    </g>
  );
}

function RingLegend({ frame }: { readonly frame: HashingFrame }) {
  return (
    <p className="ring-legend">
      <span>
        <svg width="14" height="14" aria-hidden="true">
          <circle cx="7" cy="7" r="3" fill="var(--text-muted)" />
        </svg>{' '}
        key (colour = serving node)
      </span>
      <span>
        <svg width="14" height="14" aria-hidden="true">
          <circle cx="7" cy="7" r="5" className="key-moved-halo" />
          <circle cx="7" cy="7" r="2.5" fill="var(--text-muted)" />
        </svg>{' '}
        moved at the last change
      </span>
      {frame.config.distribution.kind === 'zipf' && (
        <span>
          <svg width="14" height="14" aria-hidden="true">
            <path d="M7,1L13,7L7,13L1,7Z" fill="var(--text-muted)" />
          </svg>{' '}
          hottest keys
        </span>
      )}
      {frame.ring.hasRing && <span>band: arc each node owns · ticks: its tokens</span>}
      <span>
        <svg width="14" height="14" aria-hidden="true">
          <rect x="2" y="2" width="10" height="10" className="node-badge-shape down" />
        </svg>{' '}
        node down
      </span>
      {frame.ring.binned && <span>ring drawn at 1/8° resolution; figures use every token</span>}
    </p>
  );
}
