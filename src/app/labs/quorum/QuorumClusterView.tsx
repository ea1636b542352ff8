// The replicated store on a canvas: islands (partition groups) with replicas and clients, links,
// messages in flight. Reuses the Raft lab's island layout, node drag and glyph shapes; drag a replica
// or a client onto another island or into empty space to partition the network.
import { memo, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { motion } from 'motion/react';
import type { MessageView, QuorumMessageType, QuorumOperation } from '../../../kernel/protocols/quorum/index.ts';
import { CLUSTER_VIEW_HEIGHT, CLUSTER_VIEW_WIDTH, islandLayout, NODE_RADIUS, type ClusterLayout, type Island, type Point } from '../../geometry/clusterLayout.ts';
import { createNodeDrag, DRAG_HANDLE_ATTRIBUTE, type DropTarget } from '../../geometry/nodeDrag.ts';
import { pointAlong, shapePath, trimSegment, type GlyphShape } from '../../geometry/shapes.ts';
import { useQuorumStore, useQuorumStoreApi } from './quorumContext.ts';
import { selectClient, selectClients, selectCuts, selectForm, selectGroups, selectMessages, selectMode, selectNowMs, selectOperations, selectReplica, selectReplicas } from './quorumStore.ts';

interface DragState {
  readonly node: string;
  readonly point: Point;
  readonly target: DropTarget;
}

const EMPTY: readonly string[] = [];

export function QuorumClusterView() {
  const store = useQuorumStoreApi();
  const replicas = useQuorumStore(selectReplicas);
  const clients = useQuorumStore(selectClients);
  const groups = useQuorumStore(selectGroups);
  const replicaIds = useMemo(() => replicas?.map((replica) => replica.id) ?? EMPTY, [replicas]);
  const clientIds = useMemo(() => clients?.map((client) => client.id) ?? EMPTY, [clients]);
  // Ids only change with the cluster's size: keep one array per size so the layout stays memoised.
  const idsKey = `${replicaIds.join(',')}|${clientIds.join(',')}`;
  const layout = useMemo(() => {
    const all = [...replicaIds, ...clientIds];
    return islandLayout(groups && groups.length > 0 ? groups : [all]);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- idsKey stands for both id lists
  }, [groups, idsKey]);
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
    : 'Drag replicas or clients to partition · click a link to cut it · click a replica to coordinate · C crashes or restarts';

  return (
    <section className="cluster-panel quorum-cluster" aria-label="Replicas and clients">
      <svg
        ref={svgRef}
        className="cluster-svg"
        viewBox={`0 0 ${CLUSTER_VIEW_WIDTH} ${CLUSTER_VIEW_HEIGHT}`}
        preserveAspectRatio="xMidYMid meet"
        data-testid="quorum-cluster"
        role="group"
        aria-label="Cluster view: replicas, clients, links and messages"
      >
        <Islands islands={layout.islands} replicaCount={replicaIds.length} dropTargetIndex={dragTargetIndex} />
        <Links layout={layout} replicaIds={replicaIds} />
        <Messages positions={layout.positions} />
        {replicaIds.map((id) => {
          const dragged = drag?.node === id;
          const position = dragged ? drag.point : layout.positions[id];
          return position ? <ReplicaGlyph key={id} id={id} x={position.x} y={position.y} dragging={dragged} /> : null;
        })}
        {clientIds.map((id) => {
          const dragged = drag?.node === id;
          const position = dragged ? drag.point : layout.positions[id];
          return position ? <ClientGlyph key={id} id={id} x={position.x} y={position.y} dragging={dragged} /> : null;
        })}
      </svg>
      <p className="drag-hint" aria-live="polite">
        {dragHint}
      </p>
      <MessageKey />
    </section>
  );
}

const Islands = memo(function Islands({ islands, replicaCount, dropTargetIndex }: { readonly islands: readonly Island[]; readonly replicaCount: number; readonly dropTargetIndex: number | null }) {
  const partitioned = islands.length > 1;
  return (
    <g className="islands">
      {islands.map((island) => {
        const replicasHere = island.members.filter((member) => member.startsWith('r')).length;
        return (
          <g key={island.index} data-testid={`island-${island.index}`} data-members={island.members.join(',')}>
            <circle className={`island${dropTargetIndex === island.index ? ' drop-target' : ''}`} cx={island.x} cy={island.y} r={island.radius} />
            {partitioned && (
              <text className="island-label" x={island.x} y={island.y - island.radius + 16} textAnchor="middle">
                {`Island ${island.index + 1}: ${replicasHere} of ${replicaCount} replicas${replicasHere * 2 > replicaCount ? ' (majority)' : ' (minority)'}`}
              </text>
            )}
          </g>
        );
      })}
    </g>
  );
});

/** Replica-to-replica links: plain within an island, faint and dashed across a partition; click one to cut or restore it. */
const Links = memo(function Links({ layout, replicaIds }: { readonly layout: ClusterLayout; readonly replicaIds: readonly string[] }) {
  const store = useQuorumStoreApi();
  const cuts = useQuorumStore(selectCuts);
  const cutKeys = new Set((cuts ?? []).map(([from, to]) => `${from}>${to}`));
  const groupOf = new Map<string, number>();
  layout.islands.forEach((island) => island.members.forEach((member) => groupOf.set(member, island.index)));
  const lines = [];
  for (let i = 0; i < replicaIds.length; i++) {
    for (let j = i + 1; j < replicaIds.length; j++) {
      const a = replicaIds[i]!;
      const b = replicaIds[j]!;
      const pa = layout.positions[a];
      const pb = layout.positions[b];
      if (!pa || !pb) continue;
      const { from, to } = trimSegment(pa, pb, NODE_RADIUS + 2);
      const same = groupOf.get(a) === groupOf.get(b);
      if (!same) {
        lines.push(<line key={`${a}-${b}`} className="link partitioned" x1={from.x} y1={from.y} x2={to.x} y2={to.y} />);
        continue;
      }
      const cut = cutKeys.has(`${a}>${b}`) || cutKeys.has(`${b}>${a}`);
      const middle = { x: (from.x + to.x) / 2, y: (from.y + to.y) / 2 };
      const toggle = () => void store.getState().actions.act(cut ? { type: 'restore-link', from: a, to: b, bothWays: true } : { type: 'cut', from: a, to: b, bothWays: true });
      lines.push(
        <g key={`${a}-${b}`} data-testid={`link-${a}-${b}`} data-cut={cut}>
          <line className="link-hit" x1={from.x} y1={from.y} x2={to.x} y2={to.y} onClick={toggle}>
            <title>{cut ? `Link ${a}–${b} is cut. Click to restore.` : `Link ${a}–${b}. Click to cut it both ways.`}</title>
          </line>
          <line className={`link${cut ? ' cut' : ''}`} x1={from.x} y1={from.y} x2={to.x} y2={to.y} pointerEvents="none" />
          {cut && <path className="cut-mark" d={`M${middle.x - 6},${middle.y - 6}L${middle.x + 6},${middle.y + 6}M${middle.x + 6},${middle.y - 6}L${middle.x - 6},${middle.y + 6}`} pointerEvents="none" />}
        </g>,
      );
    }
  }
  return <g className="links">{lines}</g>;
});

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
      aria-pressed={coordinator}
      aria-keyshortcuts="Enter C I"
      initial={false}
      animate={{ x, y }}
      transition={dragging ? { duration: 0 } : { type: 'spring', stiffness: 260, damping: 28 }}
      onClick={() => store.getState().actions.setForm({ coordinator: coordinator ? 'auto' : id })}
      onKeyDown={onKeyDown}
    >
      <title>{`${name}. Click or Enter: use as coordinator. C: crash or restart. I: isolate. Drag to another island or into empty space.`}</title>
      <circle className="node-focus-ring" r={NODE_RADIUS + 13} />
      <path className="node-shape" d={shapePath(REPLICA_SHAPE[replica.role] ?? 'circle', NODE_RADIUS)} />
      {crashed && <path className="crash-cross" d="M-15,-15L15,15M15,-15L-15,15" opacity={0.35} />}
      <text className="node-id" textAnchor="middle" y={-3}>
        {id}
      </text>
      <text className="node-term" textAnchor="middle" y={13}>
        {replica.term !== null ? `T${replica.term}` : coordinator ? 'coord.' : ''}
      </text>
      <text className="node-role" textAnchor="middle" y={NODE_RADIUS + 16}>
        {roleText}
      </text>
      <g transform={`translate(0,${NODE_RADIUS + 22})`}>
        <rect className="q-value-box" x={-42} y={0} width={84} height={18} rx={4} />
        <text className="q-value" textAnchor="middle" y={13}>
          {valueText}
        </text>
      </g>
      {replica.hints.length > 0 && (
        <text className="q-hints" textAnchor="middle" y={NODE_RADIUS + 54}>
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
      <title>{`${name}. Click or Enter: issue operations as ${id}. I: isolate. Drag to another island.`}</title>
      <circle className="node-focus-ring" r={NODE_RADIUS + 8} />
      <path className="node-shape" d={shapePath('square', NODE_RADIUS * 0.8)} />
      <text className="node-id" textAnchor="middle" y={5}>
        {id}
      </text>
      <text className="node-role" textAnchor="middle" y={NODE_RADIUS + 12}>
        CLIENT
      </text>
      <text className="q-activity" textAnchor="middle" y={NODE_RADIUS + 27}>
        {activity}
      </text>
    </motion.g>
  );
});
