// The coordinator and the participants on the kit's cluster canvas: each participant's state by
// shape and word (working, prepared and holding locks, blocked, committed, aborted; a saga's done,
// failed, compensated), messages with their names on the wire, drag to partition, click a link to
// cut it, C on a focused node crashes or restarts it. While a counterexample of the exhaustive mode
// is replayed, the same canvas draws its states instead of the live run.
import { memo, useCallback, useMemo } from 'react';
import { COORDINATOR, type CommitCommand, type ModelFrame } from '../../../kernel/protocols/commit/index.ts';
import type { NetworkCommand } from '../../../kernel/net/commands.ts';
import { NODE_RADIUS, type Island, type Point } from '../../geometry/clusterLayout.ts';
import { DRAG_HANDLE_ATTRIBUTE } from '../../geometry/nodeDrag.ts';
import { ClusterCanvas } from '../../components/ClusterCanvas.tsx';
import { pointAlong, trimSegment } from '../../geometry/shapes.ts';
import { useCommitStore, useCommitStoreApi } from './commitContext.ts';
import { selectExploration, selectFrame, selectNowMs, selectReplayIndex } from './commitStore.ts';

/** What one glyph draws, from a live frame or a replayed model state. */
export interface NodeDraw {
  readonly id: string;
  readonly coordinator: boolean;
  readonly alive: boolean;
  /** The state word under the glyph: prepared, committed, collecting votes, … */
  readonly state: string;
  readonly blocked: boolean;
  readonly locked: boolean;
  /** Second line under the glyph (a balance, the role). */
  readonly detail: string;
}

interface MessageDraw {
  readonly key: string;
  readonly from: string;
  readonly to: string;
  readonly label: string;
  /** 0 at the sender … 1 at the receiver; a replayed message sits half way. */
  readonly fraction: number;
  readonly kind: string;
}

/** Room around a node: two lines of words below the glyph. */
const NODE_CLEARANCE = 60;

export function useReplayFrame(): { readonly frame: ModelFrame; readonly action: string; readonly index: number; readonly count: number } | null {
  const exploration = useCommitStore(selectExploration);
  const index = useCommitStore(selectReplayIndex);
  if (index === null || !exploration?.violation) return null;
  const step = exploration.violation.steps[index];
  return step ? { frame: step.frame, action: step.action, index, count: exploration.violation.steps.length } : null;
}

export function CommitClusterView() {
  const store = useCommitStoreApi();
  const frame = useCommitStore(selectFrame);
  const nowMs = useCommitStore(selectNowMs);
  const replay = useReplayFrame();
  const nodes: readonly NodeDraw[] = useMemo(() => {
    if (replay) {
      const { coordinator, participants } = replay.frame;
      return [
        { id: COORDINATOR, coordinator: true, alive: coordinator.alive, state: coordinator.alive ? (coordinator.unflushed.length > 0 ? 'decision not on disk' : 'coordinator') : 'down', blocked: false, locked: false, detail: coordinator.log.join(' · ') || 'empty log' },
        ...participants.map((participant) => ({
          id: participant.id,
          coordinator: false,
          alive: participant.alive,
          state: participant.state,
          blocked: false,
          locked: participant.state === 'prepared' || participant.state === 'precommitted',
          detail: participant.alive ? 'model state' : 'down',
        })),
      ];
    }
    if (!frame) return [];
    return [
      { id: COORDINATOR, coordinator: true, alive: frame.coordinator.alive, state: frame.coordinator.state, blocked: false, locked: false, detail: frame.coordinator.role },
      ...frame.participants.map((participant) => ({
        id: participant.id,
        coordinator: false,
        alive: participant.alive,
        state: participant.blocked ? 'blocked' : participant.state,
        blocked: participant.blocked,
        locked: participant.locks.length > 0,
        detail: participant.termination.backup
          ? 'backup coordinator'
          : participant.termination.follows
            ? `follows ${participant.termination.follows}`
            : `balance ${participant.balance}${participant.locks.length > 0 ? (frame.protocol === 'saga' ? ' · pending' : ' · locked') : ''}`,
      })),
    ];
  }, [frame, replay]);
  const messages: readonly MessageDraw[] = useMemo(() => {
    if (replay) return replay.frame.messages.map((message, index) => ({ key: `r${index}`, from: message.from, to: message.to, label: message.label, fraction: 0.5, kind: message.label }));
    return (frame?.messages ?? []).map((message) => ({
      key: String(message.id),
      from: message.from,
      to: message.to,
      label: message.label,
      fraction: Math.min(1, Math.max(0, (nowMs - message.sentAtMs) / Math.max(1, message.deliverAtMs - message.sentAtMs))),
      kind: message.label,
    }));
  }, [frame, replay, nowMs]);
  const idsKey = nodes.map((node) => node.id).join(',');
  // eslint-disable-next-line react-hooks/exhaustive-deps -- idsKey stands for the id list
  const ids = useMemo(() => nodes.map((node) => node.id), [idsKey]);
  const groups = useMemo(() => {
    if (!replay) return frame?.groups;
    const far = replay.frame.farSide;
    return far ? [ids.filter((id) => !far.includes(id as never)), [...far]] : [ids];
  }, [replay, frame?.groups, ids]);
  const act = useCallback(
    (command: NetworkCommand) => {
      const state = store.getState();
      // While replaying, the picture is the model's: gestures go to the live run once back.
      if (state.replayIndex !== null) return;
      void state.actions.act(command as CommitCommand);
    },
    [store],
  );
  const byId = useMemo(() => new Map(nodes.map((node) => [node.id, node])), [nodes]);
  const renderNode = useCallback((id: string, x: number, y: number, dragging: boolean) => {
    const node = byId.get(id);
    return node ? <NodeGlyph node={node} x={x} y={y} dragging={dragging} /> : null;
  }, [byId]);
  const islandLabel = useCallback((island: Island) => `Island ${island.index + 1}: ${island.members.join(', ')}`, []);
  return (
    <ClusterCanvas
      endpointIds={ids}
      linkedIds={ids}
      groups={groups}
      cuts={replay ? [] : frame?.cuts}
      act={act}
      islandLabel={islandLabel}
      nodeClearance={NODE_CLEARANCE}
      renderNode={renderNode}
      renderMessages={(positions) => <Messages positions={positions} messages={messages} />}
      hint={replay ? `Replaying the counterexample: step ${replay.index + 1} of ${replay.count}` : 'Drag a node to partition · click a link to cut it · C crashes a focused node'}
      testId="commit-cluster"
      ariaLabel="Coordinator and participants"
      className="commit-cluster"
      cutAttribute="boolean"
      data={{ replaying: replay ? 'true' : 'false' }}
    />
  );
}

/** The shape says the state (never colour alone): circle working, square locked, thick dashed square blocked, ✓ committed, ✗ aborted, ↺ compensated, triangle failed. */
export const NodeGlyph = memo(function NodeGlyph({ node, x, y, dragging }: { readonly node: NodeDraw; readonly x: number; readonly y: number; readonly dragging: boolean }) {
  const store = useCommitStoreApi();
  const r = NODE_RADIUS;
  const toggle = () => void store.getState().actions.act({ type: node.alive ? 'crash' : 'restart', node: node.id as never });
  return (
    <g
      className={`commit-node state-${node.state.replace(/[^a-z-]/g, '-')}${node.coordinator ? ' coordinator' : ''}${node.alive ? '' : ' crashed'}${node.blocked ? ' blocked' : ''}${dragging ? ' dragging' : ''}`}
      transform={`translate(${x.toFixed(1)},${y.toFixed(1)})`}
      data-testid={`node-${node.id}`}
      data-state={node.state}
      data-alive={node.alive}
      data-blocked={node.blocked}
      {...{ [DRAG_HANDLE_ATTRIBUTE]: node.id }}
      role="button"
      tabIndex={0}
      aria-label={`${node.id}: ${node.alive ? node.state : 'down'}${node.locked ? ', holding locks' : ''}, ${node.detail}`}
      aria-description={`Press C to ${node.alive ? 'crash' : 'restart'} it.`}
      onKeyDown={(event) => {
        if (event.key.toLowerCase() === 'c') toggle();
      }}
    >
      <Shape node={node} r={r} />
      {!node.alive && <path className="commit-cross" d={`M${-r * 0.6},${-r * 0.6}L${r * 0.6},${r * 0.6}M${r * 0.6},${-r * 0.6}L${-r * 0.6},${r * 0.6}`} />}
      <text aria-hidden="true" className="commit-node-id" textAnchor="middle" y={node.coordinator ? 6 : -4}>
        {node.coordinator ? 'coord' : node.id}
      </text>
      {!node.coordinator && node.alive && (
        <text aria-hidden="true" className="commit-node-mark" textAnchor="middle" y={18}>
          {markOf(node.state)}
        </text>
      )}
      <text aria-hidden="true" className="commit-node-state" textAnchor="middle" y={r + 20}>
        {node.alive ? node.state : 'down'}
      </text>
      <text aria-hidden="true" className="commit-node-detail" textAnchor="middle" y={r + 38}>
        {node.detail.length > 30 ? `${node.detail.slice(0, 29)}…` : node.detail}
      </text>
    </g>
  );
});

function markOf(state: string): string {
  switch (state) {
    case 'committed':
    case 'done':
      return '✓';
    case 'aborted':
    case 'failed':
      return '✗';
    case 'compensated':
      return '↺';
    case 'prepared':
    case 'precommitted':
    case 'blocked':
      return '🔒';
    case 'working':
      return '…';
    default:
      return '';
  }
}

function Shape({ node, r }: { readonly node: NodeDraw; readonly r: number }) {
  if (node.coordinator) {
    const points = Array.from({ length: 6 }, (_, index) => {
      const angle = (Math.PI / 3) * index + Math.PI / 6;
      return `${(r * 1.1 * Math.cos(angle)).toFixed(1)},${(r * 1.1 * Math.sin(angle)).toFixed(1)}`;
    }).join(' ');
    return <polygon className="commit-shape" points={points} />;
  }
  if (node.state === 'failed') return <polygon className="commit-shape" points={`0,${-r * 1.1} ${r * 1.05},${r * 0.8} ${-r * 1.05},${r * 0.8}`} />;
  if (node.locked || node.blocked) return <rect className="commit-shape" x={-r * 0.9} y={-r * 0.9} width={r * 1.8} height={r * 1.8} rx={3} />;
  return <circle className="commit-shape" r={r} />;
}

function Messages({ positions, messages }: { readonly positions: Readonly<Record<string, Point>>; readonly messages: readonly MessageDraw[] }) {
  return (
    <g className="messages" aria-hidden="true">
      {messages.map((message) => {
        const from = positions[message.from];
        const to = positions[message.to];
        if (!from || !to) return null;
        const trimmed = trimSegment(from, to, NODE_RADIUS + 8);
        const point = pointAlong(trimmed.from, trimmed.to, message.fraction, 7);
        const tone = /^(NO|ABORT|FAILED|← UNDO|COMPENSATE)$/.test(message.label) ? 'bad' : /^(YES|COMMIT|DONE|DONE →)$/.test(message.label) ? 'good' : 'plain';
        const width = Math.max(28, message.label.length * 8.6 + 10);
        return (
          <g key={message.key} className={`commit-message tone-${tone}`} transform={`translate(${point.x.toFixed(1)},${point.y.toFixed(1)})`}>
            <rect x={-width / 2} y={-11} width={width} height={22} rx={11} />
            <text textAnchor="middle" y={5}>
              {message.label}
            </text>
          </g>
        );
      })}
    </g>
  );
}
