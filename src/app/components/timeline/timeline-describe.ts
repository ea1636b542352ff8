// Words for the space-time diagram: time labels, tooltips and the accessible summary (always plain text, never HTML).

import type { RaftTraceEvent } from '../../../kernel/protocols/raft/trace.ts';
import { describeSend } from '../../../kernel/protocols/raft/trace.ts';
import type { NodeId } from '../../../kernel/protocols/raft/types.ts';
import { describeCommand, type ActionMark, type MessageKind, type MessageSegment, type RoleBand, type TimelineModel } from './timeline-model.ts';

/** "1.25 s" or "850 ms"; `stepMs` (a tick step) picks just enough decimals to tell ticks apart. */
export function formatTimeMs(timeMs: number, stepMs?: number): string {
  const absolute = Math.abs(timeMs);
  if (stepMs !== undefined) {
    if (stepMs >= 1000) return `${trim(timeMs / 1000, 0)} s`;
    if (stepMs >= 100) return `${trim(timeMs / 1000, 1)} s`;
    if (stepMs >= 10) return `${trim(timeMs / 1000, 2)} s`;
    return `${trim(timeMs, stepMs >= 1 ? 0 : 1)} ms`;
  }
  if (absolute < 1000) return `${trim(timeMs, 1)} ms`;
  return `${trim(timeMs / 1000, 3)} s`;
}

function trim(value: number, decimals: number): string {
  const text = value.toFixed(decimals);
  // 0.000 and -0 both read as 0.
  return Number(text) === 0 ? '0' : text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

export const MESSAGE_KIND_NAMES: Readonly<Record<MessageKind, string>> = {
  'request-vote': 'RequestVote',
  'pre-vote': 'PreVote',
  'vote-granted': 'Vote granted',
  'vote-refused': 'Vote refused',
  heartbeat: 'AppendEntries heartbeat',
  'append-entries': 'AppendEntries with entries',
  'append-ok': 'AppendEntries reply ok',
  'append-refused': 'AppendEntries reply refused',
};

export function describeSegment(segment: MessageSegment): string[] {
  const lines = [segment.summary, `${segment.from} → ${segment.to}, sent at ${formatTimeMs(segment.sentAtMs)}`];
  if (segment.outcome === 'delivered') lines.push(`delivered at ${formatTimeMs(segment.endAtMs)}`);
  else if (segment.outcome === 'dropped') lines.push(`dropped at ${formatTimeMs(segment.endAtMs)} (${segment.dropReason ?? 'unknown'})`);
  else lines.push(`in flight, due at ${formatTimeMs(segment.plannedDeliveryMs)}`);
  return lines;
}

export function describeBand(band: RoleBand): string[] {
  const role = band.role === 'crashed' ? 'crashed' : `${band.role}, term ${band.term}`;
  const until = Number.isFinite(band.endMs) ? `until ${formatTimeMs(band.endMs)}` : 'onwards';
  return [`${band.node} ${role}`, `from ${formatTimeMs(band.startMs)} ${until}`];
}

export function describeAction(action: ActionMark): string[] {
  return [`User action: ${action.label}`, `at ${formatTimeMs(action.timeMs)}`];
}

export function describeEvent(event: RaftTraceEvent): string {
  const at = formatTimeMs(event.timeMs);
  switch (event.kind) {
    case 'send':
      return `${at}: ${event.from} sent ${describeSend(event)} to ${event.to}`;
    case 'deliver':
      return `${at}: message ${event.messageId} from ${event.from} delivered to ${event.to}`;
    case 'drop':
      return `${at}: message from ${event.from} to ${event.to} dropped (${event.reason})`;
    case 'timer':
      return `${at}: ${event.node} ${event.timer} timer fired`;
    case 'role':
      return event.role === 'crashed' ? `${at}: ${event.node} crashed` : `${at}: ${event.node} became ${event.role} in term ${event.term}`;
    case 'term':
      return `${at}: ${event.node} moved to term ${event.term}`;
    case 'vote':
      return `${at}: ${event.node} voted for ${event.votedFor} in term ${event.term}`;
    case 'log':
      return `${at}: ${event.node} log has ${event.length} entries`;
    case 'commit':
      return `${at}: ${event.node} committed up to index ${event.commitIndex}`;
    case 'client':
      return event.accepted
        ? `${at}: client request ${event.value} accepted by ${event.node ?? 'nobody'} at index ${event.index ?? '?'}`
        : `${at}: client request ${event.value} refused${event.leaderHint !== null ? `, leader is ${event.leaderHint}` : ''}`;
    case 'action':
      return `${at}: user action ${describeCommand(event.command)}`;
  }
}

/** One sentence for the diagram's accessible name: what is shown and who holds which role now. */
export function describeDiagram(model: TimelineModel, nodeIds: readonly NodeId[], nowMs: number, window: { startMs: number; endMs: number }): string {
  const roles = nodeIds
    .map((node) => {
      const band = model.bandAt(node, nowMs);
      return band.role === 'crashed' ? `${node} crashed` : `${node} ${band.role} term ${band.term}`;
    })
    .join('; ');
  return (
    `Space-time diagram of ${nodeIds.length} nodes, showing ${formatTimeMs(Math.max(0, window.startMs))} to ${formatTimeMs(window.endMs)}, ` +
    `now ${formatTimeMs(nowMs)}. ${roles}. ${model.segments.length} messages, ${model.droppedCount} dropped.`
  );
}
