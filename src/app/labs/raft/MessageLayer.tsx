// Messages in flight, moving along their link by (now − sent) / (deliver − sent), and dropped ones
// falling away. Re-renders every frame by design; it reads positions, never writes sim state.
import { memo } from 'react';
import type { RaftMessageView } from '../../../kernel/protocols/raft/run.ts';
import type { NodeId } from '../../../kernel/protocols/raft/types.ts';
import type { Point } from '../../geometry/clusterLayout.ts';
import { NODE_RADIUS } from '../../geometry/clusterLayout.ts';
import { pointAlong, shapePath, trimSegment } from '../../geometry/shapes.ts';
import { useRaftStore, useRaftStoreApi } from '../../store/raftContext.ts';
import { selectMessages, selectNowMs, selectSelectedMessageId, selectTraceLength, selectTraceVersion } from '../../store/selectors.ts';
import type { TraceMirror } from '../../store/traceMirror.ts';
import { messageClassName, messageLook, type MessageLook } from './messageKinds.ts';

/** How long, in virtual time, a dropped message takes to fall away (slow playback stretches it). */
const FALL_DURATION_MS = 40;
const FALL_DISTANCE = 46;
/** Requests and replies between the same two nodes travel on separate lanes. */
const LANE_OFFSET = 7;
const MESSAGE_RADIUS = 7;

interface MessageLayerProps {
  readonly positions: Readonly<Record<NodeId, Point>>;
  readonly reducedMotion: boolean;
}

export function MessageLayer({ positions, reducedMotion }: MessageLayerProps) {
  const messages = useRaftStore(selectMessages);
  const nowMs = useRaftStore(selectNowMs);
  const selectedId = useRaftStore(selectSelectedMessageId);
  const traceLength = useRaftStore(selectTraceLength);
  // Subscribed so a newly mirrored trace redraws the drops.
  useRaftStore(selectTraceVersion);
  const trace = useRaftStoreApi().trace;
  const drops = recentDrops(trace, traceLength, nowMs);
  return (
    // Hidden from assistive technology: the "Message in flight" panel is the keyboard path to the same actions.
    <g className="messages" aria-hidden="true">
      {messages.map((message) => {
        const from = positions[message.from];
        const to = positions[message.to];
        if (!from || !to) return null;
        const span = Math.max(1, message.deliverAtMs - message.sentAtMs);
        const fraction = Math.min(1, Math.max(0, (nowMs - message.sentAtMs) / span));
        return <MessageGlyph key={message.id} message={message} point={lanePoint(from, to, fraction)} selected={message.id === selectedId} />;
      })}
      {drops.map((drop) => {
        const from = positions[drop.from];
        const to = positions[drop.to];
        if (!from || !to) return null;
        const start = lanePoint(from, to, drop.fraction);
        const progress = Math.min(1, Math.max(0, (nowMs - drop.timeMs) / FALL_DURATION_MS));
        // Reduced motion: fade in place instead of falling.
        const fall = reducedMotion ? 0 : FALL_DISTANCE * progress * progress;
        return (
          <g key={`drop-${drop.messageId}`} transform={`translate(${start.x},${start.y + fall}) rotate(${reducedMotion ? 0 : progress * 70})`} opacity={1 - progress}>
            <path className={`${messageClassName(drop.look)} dropped`} d={shapePath(drop.look.shape, MESSAGE_RADIUS)} />
            <path className="crash-cross" d="M-5,-5L5,5M5,-5L-5,5" style={{ stroke: 'var(--danger)', strokeWidth: 2 }} />
          </g>
        );
      })}
    </g>
  );
}

function lanePoint(from: Point, to: Point, fraction: number): Point {
  const trimmed = trimSegment(from, to, NODE_RADIUS + 8);
  return pointAlong(trimmed.from, trimmed.to, fraction, LANE_OFFSET);
}

const MessageGlyph = memo(function MessageGlyph({ message, point, selected }: { readonly message: RaftMessageView; readonly point: Point; readonly selected: boolean }) {
  const store = useRaftStoreApi();
  const look = messageLook(message.type, message.detail);
  const radius = look.kind === 'heartbeat' ? MESSAGE_RADIUS - 1.5 : MESSAGE_RADIUS;
  return (
    <g
      className={`message-glyph${selected ? ' selected' : ''}`}
      transform={`translate(${point.x.toFixed(1)},${point.y.toFixed(1)})`}
      data-message-kind={look.kind}
      data-message-type={message.type}
      data-testid={`message-${message.id}`}
      onClick={(event) => {
        event.stopPropagation();
        store.getState().actions.selectMessage(selected ? null : message.id);
      }}
    >
      <title>{`#${message.id} ${message.from} → ${message.to}: ${message.summary}. Click to drop, duplicate or delay it.`}</title>
      {/* A larger invisible target: messages are small and (while playing) moving. */}
      <circle className="message-hit" r={MESSAGE_RADIUS + 5} />
      {selected && <circle className="message-selected-ring" r={MESSAGE_RADIUS + 4} />}
      <path className={messageClassName(look)} d={shapePath(look.shape, radius)} />
      {look.entryCount > 0 && (
        <text className="message-count" textAnchor="middle" y={3}>
          {look.entryCount > 9 ? '9+' : look.entryCount}
        </text>
      )}
    </g>
  );
});

interface RecentDrop {
  readonly messageId: number;
  readonly from: NodeId;
  readonly to: NodeId;
  readonly timeMs: number;
  /** How far along its way the message was when it was dropped. */
  readonly fraction: number;
  readonly look: MessageLook;
}

/** Drops in the last FALL_DURATION_MS before the shown moment, found by walking the trace backwards. */
function recentDrops(trace: TraceMirror, traceLength: number, nowMs: number): RecentDrop[] {
  const drops: RecentDrop[] = [];
  const events = trace.events;
  for (let index = Math.min(traceLength, events.length) - 1; index >= 0; index--) {
    const event = events[index]!;
    if (event.timeMs < nowMs - FALL_DURATION_MS) break;
    if (event.kind !== 'drop') continue;
    const send = trace.sendOf(event.messageId);
    if (!send) continue;
    const span = Math.max(1, send.deliverAtMs - send.timeMs);
    drops.push({
      messageId: event.messageId,
      from: event.from,
      to: event.to,
      timeMs: event.timeMs,
      fraction: Math.min(1, Math.max(0, (event.timeMs - send.timeMs) / span)),
      look: messageLook(send.type, send.detail),
    });
  }
  return drops;
}
