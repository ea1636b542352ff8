// The learner's cluster drawn like ours: nodes on the kit's canvas (drag to partition, click a link
// to cut it, C crashes or restarts the focused node), the role each node reports as shape and word,
// messages named by their `type`, and a timeline of reported roles one can click to go back to.
import { memo, useCallback, useMemo } from 'react';
import type { NetworkCommand } from '../../../kernel/net/commands.ts';
import type { YoursNodeView } from '../../../kernel/protocols/yours/simulation.ts';
import type { RoleSpan } from '../../../kernel/protocols/yours/run.ts';
import { NODE_RADIUS, type Island, type Point } from '../../geometry/clusterLayout.ts';
import { DRAG_HANDLE_ATTRIBUTE } from '../../geometry/nodeDrag.ts';
import { pointAlong, shapePath, trimSegment, type GlyphShape } from '../../geometry/shapes.ts';
import { ClusterCanvas } from '../../components/ClusterCanvas.tsx';
import { useYoursStore, useYoursStoreApi } from './yoursContext.ts';
import { selectCuts, selectGroups, selectHeadMs, selectMessages, selectNodes, selectNowMs, selectStrips, selectVerdict, selectViolations, selectWorkload } from './yoursStore.ts';
import type { WorkloadName } from '../../../kernel/protocols/yours/workload.ts';

const EMPTY: readonly string[] = [];
const NODE_CLEARANCE = 60;

const SHAPES: Record<string, GlyphShape> = { leader: 'hexagon', candidate: 'diamond', follower: 'circle' };

/** What a node is, in words (its glyph's name and the line under it). */
export function describeNode(node: YoursNodeView): string {
  if (node.status === 'crashed') return 'crashed';
  if (node.status === 'failed') return 'stopped: its code failed';
  if (node.role === null) return 'up, has not reported';
  return `${node.role}, term ${node.term}`;
}

export function YoursClusterView() {
  const store = useYoursStoreApi();
  const nodes = useYoursStore(selectNodes);
  const groups = useYoursStore(selectGroups);
  const cuts = useYoursStore(selectCuts);
  const idsKey = nodes?.map((node) => node.id).join(',') ?? '';
  // eslint-disable-next-line react-hooks/exhaustive-deps -- idsKey stands for the id list
  const ids = useMemo(() => nodes?.map((node) => node.id) ?? EMPTY, [idsKey]);
  const act = useCallback((command: NetworkCommand) => void store.getState().actions.act(command), [store]);
  const count = ids.length;
  const islandLabel = useCallback(
    (island: Island) => `Island ${island.index + 1}: ${island.members.length} of ${count}${island.members.length * 2 > count ? ' (majority: can elect)' : ' (no majority: cannot elect)'}`,
    [count],
  );
  const renderNode = useCallback((id: string, x: number, y: number, dragging: boolean) => <NodeGlyph id={id} x={x} y={y} dragging={dragging} />, []);
  return (
    <ClusterCanvas
      endpointIds={ids}
      linkedIds={ids}
      groups={groups}
      cuts={cuts}
      act={act}
      islandLabel={islandLabel}
      nodeClearance={NODE_CLEARANCE}
      renderNode={renderNode}
      renderMessages={(positions) => <Messages positions={positions} />}
      hint="Drag a node to partition · click a link to cut it · click a node to crash or restart it"
      testId="yours-cluster"
      ariaLabel="Your nodes"
      className="yours-cluster"
      cutAttribute="boolean"
    >
      <MessageLegend />
      <Situation />
    </ClusterCanvas>
  );
}

const NodeGlyph = memo(function NodeGlyph({ id, x, y, dragging }: { readonly id: string; readonly x: number; readonly y: number; readonly dragging: boolean }) {
  const node = useYoursStore((state) => state.update?.frame.nodes.find((candidate) => candidate.id === id));
  const store = useYoursStoreApi();
  if (!node) return null;
  const up = node.status === 'up';
  const toggle = () => void store.getState().actions.act({ type: up ? 'crash' : 'restart', node: id });
  const shape = up && node.role ? SHAPES[node.role]! : 'circle';
  const words = describeNode(node);
  return (
    <g
      className={`yours-node ${node.status} ${node.role ?? 'silent'}${dragging ? ' dragging' : ''}`}
      transform={`translate(${x.toFixed(1)},${y.toFixed(1)})`}
      data-testid={`node-${id}`}
      data-role={up ? (node.role ?? 'none') : node.status}
      data-term={node.term ?? ''}
      {...{ [DRAG_HANDLE_ATTRIBUTE]: id }}
      role="button"
      tabIndex={0}
      aria-label={`${id}: ${words}. Press Enter to ${up ? 'crash' : 'restart'} it.`}
      onClick={toggle}
      onKeyDown={(event) => {
        if (event.key === 'Enter' || event.key.toLowerCase() === 'c') toggle();
      }}
    >
      <path d={shapePath(shape, NODE_RADIUS)} />
      {!up && <path className="yours-cross" d={`M${-NODE_RADIUS * 0.6},${-NODE_RADIUS * 0.6}L${NODE_RADIUS * 0.6},${NODE_RADIUS * 0.6}M${NODE_RADIUS * 0.6},${-NODE_RADIUS * 0.6}L${-NODE_RADIUS * 0.6},${NODE_RADIUS * 0.6}`} aria-hidden="true" />}
      <text className="yours-node-id" textAnchor="middle" y={6} aria-hidden="true">
        {id}
      </text>
      <text className="yours-node-role" textAnchor="middle" y={NODE_RADIUS + 22} aria-hidden="true">
        {up && node.role ? `${node.role} · t${node.term}` : node.status === 'up' ? 'silent' : node.status}
      </text>
    </g>
  );
});

function Messages({ positions }: { readonly positions: Readonly<Record<string, Point>> }) {
  const messages = useYoursStore(selectMessages);
  const nowMs = useYoursStore(selectNowMs);
  if (!messages) return null;
  // Many messages at once: initials (the legend under the picture spells them out), so labels do not pile up.
  const abbreviate = messages.length > MAX_FULL_LABELS;
  return (
    <g className="messages" aria-hidden="true">
      {messages.map((message) => {
        const from = positions[message.from];
        const to = positions[message.to];
        if (!from || !to) return null;
        const span = Math.max(1, message.deliverAtMs - message.sentAtMs);
        const fraction = Math.min(1, Math.max(0, (nowMs - message.sentAtMs) / span));
        const trimmed = trimSegment(from, to, NODE_RADIUS + 8);
        const point = pointAlong(trimmed.from, trimmed.to, fraction, 7);
        const label = abbreviate ? abbreviation(message.type) : message.type.length > 16 ? `${message.type.slice(0, 15)}…` : message.type;
        return (
          <g key={message.id} className={`yours-message${message.lost ? ' lost' : ''}`} transform={`translate(${point.x.toFixed(1)},${point.y.toFixed(1)})`} data-type={message.type}>
            <circle r={6} />
            <text x={9} y={5}>
              {label}
            </text>
          </g>
        );
      })}
    </g>
  );
}

const MAX_FULL_LABELS = 4;

/** "RequestVoteReply" → "RVR", "append_entries" → "AE". */
export function abbreviation(type: string): string {
  const words = type.match(/[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])/g) ?? [type];
  return words.map((word) => word[0]!.toUpperCase()).join('').slice(0, 4);
}

/** Under the picture: what each message initial stands for, and what the picture is saying. */
function MessageLegend() {
  const messages = useYoursStore(selectMessages);
  const types = useMemo(() => [...new Set(messages?.map((message) => message.type) ?? [])].sort(), [messages]);
  if (!messages || messages.length <= MAX_FULL_LABELS || types.length === 0) return null;
  return (
    <p className="yours-legend" data-testid="message-legend">
      In flight: {types.map((type) => `${abbreviation(type)} = ${type}`).join(' · ')}
    </p>
  );
}

/** One sentence for what a learner could misread: two leaders on screen, nobody leading, a stopped node. */
export function situation(nodes: readonly YoursNodeView[], workload: WorkloadName = 'election'): string {
  const up = nodes.filter((node) => node.status === 'up');
  if (workload !== 'election' && nodes.every((node) => node.role === null)) {
    // A node for echo or lin-kv need not run an election: "nobody leads" would be the wrong alarm.
    const down = nodes.filter((node) => node.status !== 'up').map((node) => `${node.id} (${node.status})`);
    return `${up.length} of ${nodes.length} nodes up${down.length > 0 ? `; down: ${down.join(', ')}` : ''}. These nodes report no Raft role (a ${workload} node need not): the clients' check below judges them.`;
  }
  const leaders = up.filter((node) => node.role === 'leader');
  const failed = nodes.filter((node) => node.status === 'failed').map((node) => node.id);
  const parts: string[] = [];
  if (leaders.length === 0) parts.push(up.length === 0 ? 'Every node is down.' : 'No node says it leads right now: an election is due or under way.');
  else if (leaders.length === 1) parts.push(`${leaders[0]!.id} leads term ${leaders[0]!.term}.`);
  else {
    const terms = new Set(leaders.map((node) => node.term));
    parts.push(
      terms.size === leaders.length
        ? `${leaders.map((node) => `${node.id} (term ${node.term})`).join(' and ')} both say they lead — in different terms, which Raft allows: the older one has not yet heard of the newer term (e.g. it is cut off). Election Safety is per term.`
        : `${leaders.map((node) => `${node.id} (term ${node.term})`).join(' and ')} say they lead the same term: Election Safety is broken.`,
    );
  }
  if (failed.length > 0) parts.push(`${failed.join(', ')} stopped because the code failed (see Checks); restart it by clicking it.`);
  return parts.join(' ');
}

function Situation() {
  const nodes = useYoursStore(selectNodes);
  const workload = useYoursStore(selectWorkload);
  if (!nodes) return null;
  return (
    <p className="yours-situation" role="status" data-testid="situation">
      {situation(nodes, workload)}
    </p>
  );
}

const TIMELINE_WIDTH = 1000;
const ROW_HEIGHT = 36;
const LABEL_WIDTH = 52;

function spanClass(span: RoleSpan): string {
  return span.status !== 'up' ? span.status : (span.role ?? 'silent');
}

/** Each node's reported role over time; click anywhere to go to that moment. Red ticks: violations. */
export function RoleTimeline() {
  const strips = useYoursStore(selectStrips);
  const headMs = useYoursStore(selectHeadMs);
  const nowMs = useYoursStore(selectNowMs);
  const violations = useYoursStore(selectViolations);
  const verdict = useYoursStore(selectVerdict);
  const store = useYoursStoreApi();
  if (!strips) return null;
  const spanMs = Math.max(1000, headMs);
  const x = (timeMs: number) => LABEL_WIDTH + ((TIMELINE_WIDTH - LABEL_WIDTH - 8) * timeMs) / spanMs;
  const height = strips.length * ROW_HEIGHT + 8;
  return (
    <figure className="yours-timeline">
      <figcaption>Reported roles over time (hexagon leader · diamond candidate · circle follower): click to go to a moment</figcaption>
      <svg
        viewBox={`0 0 ${TIMELINE_WIDTH} ${height}`}
        data-testid="yours-timeline"
        role="img"
        aria-label={`Timeline of reported roles up to ${Math.round(headMs)} ms`}
        onClick={(event) => {
          const box = event.currentTarget.getBoundingClientRect();
          const at = (((event.clientX - box.left) / box.width) * TIMELINE_WIDTH - LABEL_WIDTH) / (TIMELINE_WIDTH - LABEL_WIDTH - 8);
          void store.getState().actions.seek(Math.max(0, Math.min(1, at)) * spanMs);
        }}
      >
        {strips.map((strip, row) => (
          <g key={strip.node} transform={`translate(0,${row * ROW_HEIGHT + 4})`}>
            <text className="yours-timeline-label" x={4} y={24}>
              {strip.node}
            </text>
            {strip.spans.map((span, index) => {
              const end = strip.spans[index + 1]?.fromMs ?? headMs;
              if (end <= span.fromMs && index < strip.spans.length - 1) return null;
              const width = Math.max(1, x(end) - x(span.fromMs));
              return (
                <g key={index}>
                  <rect className={`yours-span ${spanClass(span)}`} x={x(span.fromMs)} y={2} width={width} height={ROW_HEIGHT - 8} />
                  {span.role === 'leader' && width > 44 && (
                    <text className="yours-span-label" x={x(span.fromMs) + 4} y={24}>
                      t{span.term}
                    </text>
                  )}
                </g>
              );
            })}
          </g>
        ))}
        {violations?.map((violation, index) => (
          <line key={index} className="yours-violation-tick" x1={x(violation.timeMs)} x2={x(violation.timeMs)} y1={0} y2={height} />
        ))}
        {verdict?.problemAtMs != null && <line className="yours-violation-tick" x1={x(verdict.problemAtMs)} x2={x(verdict.problemAtMs)} y1={0} y2={height} data-testid="counterexample-tick" />}
        <line className="yours-now" x1={x(nowMs)} x2={x(nowMs)} y1={0} y2={height} />
      </svg>
    </figure>
  );
}
