// The replicated store on the kit's cluster canvas: replicas and clients on islands, replica links,
// messages in flight; drag a replica or a client onto another island or into empty space to partition.
import { memo, useCallback, useMemo, type KeyboardEvent } from 'react';
import { motion } from 'motion/react';
import type { MessageView, QuorumCommand, QuorumMessageType, QuorumOperation } from '../../../kernel/protocols/quorum/index.ts';
import type { NetworkCommand } from '../../../kernel/net/commands.ts';
import { NODE_RADIUS, type Island, type Point } from '../../geometry/clusterLayout.ts';
import { DRAG_HANDLE_ATTRIBUTE } from '../../geometry/nodeDrag.ts';
import { ClusterCanvas } from '../../components/ClusterCanvas.tsx';
import { pointAlong, shapePath, trimSegment, type GlyphShape } from '../../geometry/shapes.ts';
import { useQuorumStore, useQuorumStoreApi } from './quorumContext.ts';
import { selectClient, selectClients, selectCuts, selectForm, selectGroups, selectMessages, selectMode, selectNowMs, selectOperations, selectReplica, selectReplicas } from './quorumStore.ts';

const EMPTY: readonly string[] = [];

export function QuorumClusterView() {
  const store = useQuorumStoreApi();
  const replicas = useQuorumStore(selectReplicas);
  const clients = useQuorumStore(selectClients);
  const groups = useQuorumStore(selectGroups);
  const cuts = useQuorumStore(selectCuts);
  const replicaIds = useMemo(() => replicas?.map((replica) => replica.id) ?? EMPTY, [replicas]);
  const clientIds = useMemo(() => clients?.map((client) => client.id) ?? EMPTY, [clients]);
  // Ids only change with the cluster's size: one array per size keeps the canvas's layout memoised.
  const idsKey = `${replicaIds.join(',')}|${clientIds.join(',')}`;
  // eslint-disable-next-line react-hooks/exhaustive-deps -- idsKey stands for both id lists
  const endpointIds = useMemo(() => [...replicaIds, ...clientIds], [idsKey]);
  const act = useCallback((command: NetworkCommand) => void store.getState().actions.act(command as QuorumCommand), [store]);
  const replicaCount = replicaIds.length;
  const islandLabel = useCallback(
    (island: Island) => {
      const replicasHere = island.members.filter((member) => member.startsWith('r')).length;
      return `Island ${island.index + 1}: ${replicasHere} of ${replicaCount} replicas${replicasHere * 2 > replicaCount ? ' (majority)' : ' (minority)'}`;
    },
    [replicaCount],
  );
  const renderNode = useCallback(
    (id: string, x: number, y: number, dragging: boolean) =>
      id.startsWith('r') ? <ReplicaGlyph id={id} x={x} y={y} dragging={dragging} /> : <ClientGlyph id={id} x={x} y={y} dragging={dragging} />,
    [],
  );
  return (
    <ClusterCanvas
      endpointIds={endpointIds}
      linkedIds={replicaIds}
      groups={groups}
      cuts={cuts}
      act={act}
      islandLabel={islandLabel}
      // Replicas carry a value label and a role, no log strip or timer ring: less room than Raft's glyphs.
      nodeClearance={QUORUM_NODE_CLEARANCE}
      renderNode={renderNode}
      renderMessages={(positions) => <Messages positions={positions} />}
      hint="Drag replicas or clients to partition · click a link to cut it · click a replica to coordinate · C crashes or restarts"
      testId="quorum-cluster"
      ariaLabel="Replicas and clients"
      className="quorum-cluster"
      cutAttribute="boolean"
    >
      <MessageKey />
    </ClusterCanvas>
  );
}

interface MessageLook {
  readonly shape: GlyphShape;
  readonly letter: string;
  readonly className: string;
  readonly name: string;
}

const MESSAGE_LOOKS: Record<QuorumMessageType, MessageLook> = {
  ClientRequest: { shape: 'square', letter: 'Q', className: 'q-request', name: 'client request' },
  ClientReply: { shape: 'square', letter: 'A', className: 'q-reply', name: 'answer to the client' },
  Store: { shape: 'circle', letter: 'S', className: 'q-store', name: 'store a copy' },
  StoreAck: { shape: 'circle', letter: '✓', className: 'q-ack', name: 'store acknowledged' },
  Fetch: { shape: 'diamond', letter: 'F', className: 'q-fetch', name: 'fetch a copy' },
  FetchReply: { shape: 'diamond', letter: 'V', className: 'q-ack', name: 'fetched value' },
  Repair: { shape: 'triangle', letter: 'R', className: 'q-repair', name: 'read repair' },
  Handoff: { shape: 'triangle', letter: 'H', className: 'q-repair', name: 'hinted handoff' },
  HandoffAck: { shape: 'triangle', letter: '✓', className: 'q-ack', name: 'handoff acknowledged' },
  Raft: { shape: 'hexagon', letter: '', className: 'q-raft', name: 'Raft (append, vote, heartbeat)' },
  Forward: { shape: 'square', letter: '→', className: 'q-request', name: 'forwarded to the leader' },
  Result: { shape: 'square', letter: 'A', className: 'q-reply', name: 'result from the leader' },
};

const MESSAGE_RADIUS = 8;
/** Room around a replica or client glyph: its role, value and activity labels (Raft's glyphs need 82). */
const QUORUM_NODE_CLEARANCE = 60;

function Messages({ positions }: { readonly positions: Readonly<Record<string, Point>> }) {
  const messages = useQuorumStore(selectMessages);
  const nowMs = useQuorumStore(selectNowMs);
  if (!messages) return null;
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
        return <MessageGlyph key={message.id} message={message} x={point.x} y={point.y} />;
      })}
    </g>
  );
}

const MessageGlyph = memo(function MessageGlyph({ message, x, y }: { readonly message: MessageView; readonly x: number; readonly y: number }) {
  const look = MESSAGE_LOOKS[message.type];
  const radius = message.type === 'Raft' ? MESSAGE_RADIUS - 3 : MESSAGE_RADIUS;
  return (
    <g className={`q-message ${look.className}${message.lost ? ' lost' : ''}`} transform={`translate(${x.toFixed(1)},${y.toFixed(1)})`} data-message-type={message.type}>
      <path d={shapePath(look.shape, radius)} />
      {look.letter && (
        <text textAnchor="middle" y={3.5}>
          {look.letter}
        </text>
      )}
    </g>
  );
});

function MessageKey() {
  const mode = useQuorumStore(selectMode);
  const shown: QuorumMessageType[] = mode === 'consensus' ? ['ClientRequest', 'ClientReply', 'Raft', 'Forward'] : ['ClientRequest', 'ClientReply', 'Store', 'StoreAck', 'Fetch', 'FetchReply', 'Repair', 'Handoff'];
  return (
    <ul className="legend q-legend" aria-label="Message kinds">
      {shown.map((type) => {
        const look = MESSAGE_LOOKS[type];
        return (
          <li key={type}>
            <svg width={20} height={20} viewBox="-10 -10 20 20" aria-hidden="true" className={`q-message ${look.className}`}>
              <path d={shapePath(look.shape, type === 'Raft' ? MESSAGE_RADIUS - 3 : MESSAGE_RADIUS)} />
              <text textAnchor="middle" y={3.5}>
                {look.letter}
              </text>
            </svg>
            {look.name}
          </li>
        );
      })}
    </ul>
  );
}

const REPLICA_SHAPE: Record<string, GlyphShape> = { replica: 'circle', leader: 'hexagon', candidate: 'diamond', follower: 'circle', crashed: 'circle' };

export const ReplicaGlyph = memo(function ReplicaGlyph({ id, x, y, dragging }: { readonly id: string; readonly x: number; readonly y: number; readonly dragging: boolean }) {
  const replica = useQuorumStore(selectReplica(id));
  const form = useQuorumStore(selectForm);
  const store = useQuorumStoreApi();
  if (!replica) return null;
  const key = form.key.trim() || 'x';
  const stored = replica.store.find((entry) => entry.key === key)?.stored;
  const valueText = stored ? `${key}=${String(stored.value)} v${stored.version.counter}` : `${key}: none`;
  const crashed = replica.role === 'crashed';
  const coordinator = form.coordinator === id;
  const roleText = replica.role === 'replica' ? 'REPLICA' : replica.role.toUpperCase();
  const name = `${id}, ${replica.role}${replica.term !== null ? `, term ${replica.term}` : ''}, holds ${valueText}${replica.hints.length > 0 ? `, ${replica.hints.length} hints` : ''}${coordinator ? ', chosen coordinator' : ''}`;
  const toggleCrash = () => void store.getState().actions.act(crashed ? { type: 'restart', node: id } : { type: 'crash', node: id });
  const onKeyDown = (event: KeyboardEvent<SVGGElement>) => {
    const lower = event.key.toLowerCase();
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      store.getState().actions.setForm({ coordinator: coordinator ? 'auto' : id });
    } else if (lower === 'c') {
      event.preventDefault();
      toggleCrash();
    } else if (lower === 'i') {
      event.preventDefault();
      void store.getState().actions.act({ type: 'isolate', node: id });
    }
  };
  return (
    <motion.g
      className={`node q-replica node-${replica.role === 'replica' ? 'follower' : replica.role}${coordinator ? ' selected' : ''}`}
      data-testid={`node-${id}`}
      data-role={replica.role}
      data-partition={replica.partition}
      data-value={stored ? String(stored.value) : ''}
      {...{ [DRAG_HANDLE_ATTRIBUTE]: id }}
      role="button"
      tabIndex={0}
      aria-label={name}
      // The gestures as a description, not an SVG <title>: a title inside a named control counts as visible text its name lacks (axe label-content-name-mismatch); the canvas's hint line shows them too.
      aria-description={`${name}. Click or Enter: use as coordinator. C: crash or restart. I: isolate. Drag to another island or into empty space.`}
      aria-pressed={coordinator}
      aria-keyshortcuts="Enter C I"
      initial={false}
      animate={{ x, y }}
      transition={dragging ? { duration: 0 } : { type: 'spring', stiffness: 260, damping: 28 }}
      onClick={() => store.getState().actions.setForm({ coordinator: coordinator ? 'auto' : id })}
      onKeyDown={onKeyDown}
    >
      <circle className="node-focus-ring" r={NODE_RADIUS + 13} />
      <path className="node-shape" d={shapePath(REPLICA_SHAPE[replica.role] ?? 'circle', NODE_RADIUS)} />
      {crashed && <path className="crash-cross" d="M-15,-15L15,15M15,-15L-15,15" opacity={0.35} />}
      <text aria-hidden="true" className="node-id" textAnchor="middle" y={-3}>
        {id}
      </text>
      <text aria-hidden="true" className="node-term" textAnchor="middle" y={13}>
        {replica.term !== null ? `T${replica.term}` : coordinator ? 'coord.' : ''}
      </text>
      {/* Below the glyph, spaced in em: the labels grow to stay readable on a projector (styles.css). */}
      <text aria-hidden="true" className="node-role" textAnchor="middle" y={NODE_RADIUS + 4} dy="1em">
        {roleText}
      </text>
      <g className="q-value-group" transform={`translate(0,${NODE_RADIUS + 4})`}>
        <rect className="q-value-box" x="-3.6em" y="1.25em" width="7.2em" height="1.45em" rx={4} />
        <text aria-hidden="true" className="q-value" textAnchor="middle" dy="2.35em">
          {valueText}
        </text>
      </g>
      {replica.hints.length > 0 && (
        <text aria-hidden="true" className="q-hints" textAnchor="middle" y={NODE_RADIUS + 4} dy="4em">
          {`${replica.hints.length} hint${replica.hints.length === 1 ? '' : 's'} for ${[...new Set(replica.hints.map((hint) => hint.intended))].join(',')}`}
        </text>
      )}
    </motion.g>
  );
});

function clientActivity(operation: QuorumOperation | undefined): string {
  if (!operation) return 'idle';
  const what = operation.kind === 'write' ? `write ${operation.key}=${String(operation.value)}` : `read ${operation.key}`;
  return `${what} via ${operation.coordinator}…`;
}

export const ClientGlyph = memo(function ClientGlyph({ id, x, y, dragging }: { readonly id: string; readonly x: number; readonly y: number; readonly dragging: boolean }) {
  const client = useQuorumStore(selectClient(id));
  const operations = useQuorumStore(selectOperations);
  const form = useQuorumStore(selectForm);
  const store = useQuorumStoreApi();
  if (!client) return null;
  const current = client.current !== null ? operations?.[client.current] : undefined;
  const chosen = form.client === id;
  const activity = clientActivity(current);
  const name = `client ${id}, ${activity}${client.queued.length > 0 ? `, ${client.queued.length} queued` : ''}${chosen ? ', chosen client' : ''}`;
  return (
    <motion.g
      className={`node q-client${chosen ? ' selected' : ''}`}
      data-testid={`client-${id}`}
      data-partition={client.partition}
      data-busy={client.current !== null}
      {...{ [DRAG_HANDLE_ATTRIBUTE]: id }}
      role="button"
      tabIndex={0}
      aria-label={name}
      aria-description={`${name}. Click or Enter: issue operations as ${id}. I: isolate. Drag to another island.`}
      aria-pressed={chosen}
      initial={false}
      animate={{ x, y }}
      transition={dragging ? { duration: 0 } : { type: 'spring', stiffness: 260, damping: 28 }}
      onClick={() => store.getState().actions.setForm({ client: id })}
      aria-keyshortcuts="Enter I"
      onKeyDown={(event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          store.getState().actions.setForm({ client: id });
        } else if (event.key.toLowerCase() === 'i') {
          event.preventDefault();
          void store.getState().actions.act({ type: 'isolate', node: id });
        }
      }}
    >
      <circle className="node-focus-ring" r={NODE_RADIUS + 8} />
      <path className="node-shape" d={shapePath('square', NODE_RADIUS * 0.8)} />
      <text aria-hidden="true" className="node-id" textAnchor="middle" y={5}>
        {id}
      </text>
      <text aria-hidden="true" className="node-role" textAnchor="middle" y={NODE_RADIUS} dy="1em">
        CLIENT
      </text>
      <text aria-hidden="true" className="q-activity" textAnchor="middle" y={NODE_RADIUS} dy="2.1em">
        {activity}
      </text>
    </motion.g>
  );
});
