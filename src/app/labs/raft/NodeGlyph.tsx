// One Raft node on the canvas: shape + label + colour for its role, term, election-timer ring. Its log is in
// the log grid beside the ring (LogGrid.tsx), where entries can be read from the back of a room.
// Memoised and subscribed to its own node only; the ring alone follows the clock.
import { memo, type KeyboardEvent } from 'react';
import { motion } from 'motion/react';
import type { RaftNodeView } from '../../../kernel/protocols/raft/run.ts';
import type { NodeId } from '../../../kernel/protocols/raft/types.ts';
import { NODE_RADIUS } from '../../geometry/clusterLayout.ts';
import { DRAG_HANDLE_ATTRIBUTE } from '../../geometry/nodeDrag.ts';
import { shapePath, timerRingPath, type GlyphShape } from '../../geometry/shapes.ts';
import { useRaftStore, useRaftStoreApi } from '../../store/raftContext.ts';
import { selectHighlightFor, selectNode, selectNowMs } from '../../store/selectors.ts';
import { nodeActionForKey } from './nodeKeys.ts';

const ROLE_SHAPE: Record<RaftNodeView['role'], GlyphShape> = {
  leader: 'hexagon',
  candidate: 'diamond',
  follower: 'circle',
  crashed: 'circle',
};

export function nodeAccessibleName(node: RaftNodeView, highlighted = false): string {
  return `${node.id}, ${node.role}, term ${node.term}${node.preVoting ? ', pre-voting' : ''}${highlighted ? ', in the highlighted violation' : ''}`;
}

interface NodeGlyphProps {
  readonly id: NodeId;
  readonly x: number;
  readonly y: number;
  /** Follow the pointer without easing while dragged. */
  readonly dragging: boolean;
  readonly selected: boolean;
}

export const NodeGlyph = memo(function NodeGlyph({ id, x, y, dragging, selected }: NodeGlyphProps) {
  const node = useRaftStore(selectNode(id));
  /** -1: not in the highlighted violation; 0: in it; n > 0: in it, about log entry n. */
  const highlight = useRaftStore(selectHighlightFor(id));
  const store = useRaftStoreApi();
  if (!node) return null;
  const highlighted = highlight >= 0;
  const name = nodeAccessibleName(node, highlighted);

  const onKeyDown = (event: KeyboardEvent<SVGGElement>) => {
    const action = nodeActionForKey(event.key, node);
    if (!action) return;
    event.preventDefault();
    event.stopPropagation();
    const { actions } = store.getState();
    if (action === 'select') actions.select(selected ? null : id);
    else if (action === 'request') void actions.sendRequest(id);
    else void actions.act(action);
  };

  return (
    <motion.g
      className={`node node-${node.role}${selected ? ' selected' : ''}${highlighted ? ' highlighted' : ''}`}
      data-testid={`node-${id}`}
      data-role={node.role}
      data-term={node.term}
      data-partition={node.partition}
      data-prevoting={node.preVoting}
      data-highlighted={highlighted}
      {...{ [DRAG_HANDLE_ATTRIBUTE]: id }}
      role="button"
      tabIndex={0}
      aria-label={name}
      aria-description="Enter: inspect. C: crash or restart. T: force election timeout. Q: send a client request. Drag to another island or into empty space."
      aria-pressed={selected}
      aria-keyshortcuts="Enter C R T Q"
      initial={false}
      animate={{ x, y }}
      transition={dragging ? { duration: 0 } : { type: 'spring', stiffness: 260, damping: 28 }}
      onClick={() => store.getState().actions.select(selected ? null : id)}
      onKeyDown={onKeyDown}
    >
      <circle className="node-focus-ring" r={NODE_RADIUS + 13} />
      {highlighted && <ViolationMark />}
      {node.preVoting && <PreVoteBadge y={highlighted ? -NODE_RADIUS - 38 : -NODE_RADIUS - 20} />}
      {node.electionTimer && <TimerRing startedAtMs={node.electionTimer.startedAtMs} deadlineMs={node.electionTimer.deadlineMs} />}
      <path className="node-shape" d={shapePath(ROLE_SHAPE[node.role], NODE_RADIUS)} />
      {node.role === 'crashed' && (
        <path className="crash-cross" d={`M${-NODE_RADIUS * 0.55},${-NODE_RADIUS * 0.55}L${NODE_RADIUS * 0.55},${NODE_RADIUS * 0.55}M${NODE_RADIUS * 0.55},${-NODE_RADIUS * 0.55}L${-NODE_RADIUS * 0.55},${NODE_RADIUS * 0.55}`} opacity={0.35} />
      )}
      {/* The texts repeat the accessible name ("n1, leader, term 4") for the eye: hidden from screen readers.
          Offsets are in em, so the labels stay clear of the shape when CSS enlarges them for a small picture. */}
      <text className="node-id" textAnchor="middle" y={0} dy="-0.12em" aria-hidden="true">
        {id}
      </text>
      <text className="node-term" textAnchor="middle" y={0} dy="0.98em" aria-hidden="true">
        {`T${node.term}`}
      </text>
      <text className="node-role" textAnchor="middle" y={NODE_RADIUS} dy="1.1em" aria-hidden="true">
        {node.role.toUpperCase()}
      </text>
    </motion.g>
  );
});

/** A node involved in the violation the user picked: a dashed ring and a word, not colour alone. */
function ViolationMark() {
  return (
    <g aria-hidden="true">
      <circle className="violation-ring" r={NODE_RADIUS + 17} />
      <text className="violation-label" textAnchor="middle" y={-NODE_RADIUS - 22}>
        ⚠ VIOLATION
      </text>
    </g>
  );
}

/** PreVote: the node asks whether it could win before raising its term. Its role is still follower. */
function PreVoteBadge({ y }: { readonly y: number }) {
  return (
    <g className="prevote-badge" transform={`translate(0,${y})`} aria-hidden="true">
      <rect x={-34} y={-9} width={68} height={16} rx={8} />
      <text textAnchor="middle" y={3}>
        PRE-VOTING
      </text>
    </g>
  );
}

/** The election timeout running down: a full ring when reset, gone when it fires. */
function TimerRing({ startedAtMs, deadlineMs }: { readonly startedAtMs: number; readonly deadlineMs: number }) {
  const nowMs = useRaftStore(selectNowMs);
  const fractionRemaining = deadlineMs > startedAtMs ? (deadlineMs - nowMs) / (deadlineMs - startedAtMs) : 0;
  return (
    <g aria-hidden="true">
      <circle className="timer-track" r={NODE_RADIUS + 7} />
      <path className="timer-ring" d={timerRingPath(fractionRemaining, NODE_RADIUS + 5, 4)} />
    </g>
  );
}
