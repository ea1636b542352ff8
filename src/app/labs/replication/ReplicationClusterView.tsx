// The replication cluster on the kit's cluster canvas: each node's role (shape and word, never colour
// alone), timeline and LSNs, the WAL stream and statuses in flight, the witness; drag to partition,
// click a link to cut it, C crashes or restarts a focused node.
import { memo, useCallback, useMemo, type KeyboardEvent } from 'react';
import { motion } from 'motion/react';
import type { MessageView, NodeView, ReplicationCommand } from '../../../kernel/protocols/replication/index.ts';
import type { NetworkCommand } from '../../../kernel/net/commands.ts';
import { NODE_RADIUS, type Island, type Point } from '../../geometry/clusterLayout.ts';
import { DRAG_HANDLE_ATTRIBUTE } from '../../geometry/nodeDrag.ts';
import { ClusterCanvas } from '../../components/ClusterCanvas.tsx';
import { pointAlong, shapePath, trimSegment, type GlyphShape } from '../../geometry/shapes.ts';
import { useReplicationStore, useReplicationStoreApi } from './replicationContext.ts';
import { selectCuts, selectFrame, selectGroups, selectLock, selectMessages, selectNode, selectNodes, selectNowMs, selectPrimaries } from './replicationStore.ts';
import { formatLsnShort } from './format.ts';

const EMPTY: readonly string[] = [];
const ROLE_SHAPE: Record<NodeView['role'], GlyphShape> = { primary: 'square', standby: 'circle', demoted: 'triangle', down: 'circle' };
/** Room a node needs: its role, LSN and lag lines below the glyph (and not more: a wider island draws everything smaller). */
const NODE_CLEARANCE = 90;

export function ReplicationClusterView() {
  const store = useReplicationStoreApi();
  const nodes = useReplicationStore(selectNodes);
  const groups = useReplicationStore(selectGroups);
  const cuts = useReplicationStore(selectCuts);
  const frame = useReplicationStore(selectFrame);
  const witness = frame?.witness ?? false;
  const nodeIds = useMemo(() => nodes?.map((node) => node.id) ?? EMPTY, [nodes]);
  const idsKey = `${nodeIds.join(',')}|${witness}`;
  // eslint-disable-next-line react-hooks/exhaustive-deps -- idsKey stands for the node list and the witness
  const endpointIds = useMemo(() => [...nodeIds, ...(witness ? ['w'] : [])], [idsKey]);
  const act = useCallback((command: NetworkCommand) => void store.getState().actions.act(command as ReplicationCommand), [store]);
  const total = nodeIds.length;
  const islandLabel = useCallback((island: Island) => `Island ${island.index + 1}: ${island.members.filter((member) => member !== 'w').length} of ${total} nodes${island.members.includes('w') ? ' + witness' : ''}`, [total]);
  const renderNode = useCallback((id: string, x: number, y: number, dragging: boolean) => (id === 'w' ? <WitnessGlyph x={x} y={y} dragging={dragging} /> : <NodeGlyph id={id} x={x} y={y} dragging={dragging} />), []);
  return (
    <ClusterCanvas
      endpointIds={endpointIds}
      linkedIds={endpointIds}
      groups={groups}
      cuts={cuts}
      act={act}
      islandLabel={islandLabel}
      nodeClearance={NODE_CLEARANCE}
      renderNode={renderNode}
      renderMessages={(positions) => <Messages positions={positions} />}
      hint="Drag a node to partition · click a link to cut it · focus a node: C crashes or restarts it, P promotes it"
      testId="replication-cluster"
      ariaLabel="Database nodes"
      className="replication-cluster"
      before={
        <div className="r-top">
          <SplitBrainBanner />
          <LockBar />
        </div>
      }
    >
      <MessageKey />
    </ClusterCanvas>
  );
}

/** Two primaries accepting writes at once: impossible to miss, and said in words. */
function SplitBrainBanner() {
  const primaries = useReplicationStore(selectPrimaries);
  if (!primaries || primaries.length < 2) return null;
  return (
    <p className="r-split-brain" role="alert" data-testid="split-brain-banner">
      ⚠ {primaries.length} primaries accept writes at once ({primaries.join(' and ')}): clients on each side are told different histories.
    </p>
  );
}

/** The failover manager's leader lock and its TTL counting down. */
function LockBar() {
  const lock = useReplicationStore(selectLock);
  const nowMs = useReplicationStore(selectNowMs);
  const frame = useReplicationStore(selectFrame);
  if (!lock || !frame) return null;
  const remainingMs = Math.max(0, lock.expiresAtMs - nowMs);
  const held = lock.holder !== null && remainingMs > 0;
  const ttlMs = 30_000;
  const fraction = Math.min(1, remainingMs / Math.max(ttlMs, remainingMs));
  return (
    <div className="r-lock" data-testid="leader-lock" data-holder={held ? lock.holder : ''} data-remaining-ms={remainingMs}>
      <span className="r-lock-label">Leader lock (DCS)</span>
      <span className="r-lock-bar" aria-hidden="true">
        <span className="r-lock-fill" style={{ width: `${(fraction * 100).toFixed(1)}%` }} />
      </span>
      <span>
        {held ? `held by ${lock.holder}: expires in ${(remainingMs / 1000).toFixed(1)} s unless renewed` : 'free: the healthiest standby that reaches a DCS majority takes it at its next loop'} · revision {lock.revision}
        {lock.syncStandby ? ` · /sync = ${lock.syncStandby}` : ''}
      </span>
    </div>
  );
}

const NodeGlyph = memo(function NodeGlyph({ id, x, y, dragging }: { readonly id: string; readonly x: number; readonly y: number; readonly dragging: boolean }) {
  const node = useReplicationStore(selectNode(id));
  const store = useReplicationStoreApi();
  if (!node) return null;
  const down = node.role === 'down';
  const lagText =
    down ? 'crashed'
    : node.role === 'primary' ? (node.degraded ? 'sync degraded' : 'accepts writes')
    : node.diverged ? 'forked: rewind it'
    : node.role === 'demoted' ? 'refuses writes'
    : `lag ${node.lagBytes} B · ${node.lagMs} ms`;
  const name = `${id}, ${node.role}, timeline ${node.timeline}, sent ${formatLsnShort(node.lsn.sent)}, written ${formatLsnShort(node.lsn.write)}, flushed ${formatLsnShort(node.lsn.flush)}, replayed ${formatLsnShort(node.lsn.replay)}, ${lagText}`;
  const toggleCrash = () => void store.getState().actions.nodeCommand(down ? 'restart' : 'crash', id);
  const onKeyDown = (event: KeyboardEvent<SVGGElement>) => {
    const lower = event.key.toLowerCase();
    if (lower === 'c') {
      event.preventDefault();
      toggleCrash();
    } else if (lower === 'p') {
      event.preventDefault();
      void store.getState().actions.nodeCommand('promote', id);
    } else if (lower === 'i') {
      event.preventDefault();
      void store.getState().actions.act({ type: 'isolate', node: id });
    }
  };
  return (
    <motion.g
      className={`node r-node r-${node.role}${node.diverged ? ' r-diverged' : ''}`}
      data-testid={`node-${id}`}
      data-role={node.role}
      data-timeline={node.timeline}
      data-partition={node.partition}
      {...{ [DRAG_HANDLE_ATTRIBUTE]: id }}
      role="button"
      tabIndex={0}
      aria-label={name}
      aria-description="C: crash or restart. P: promote. I: isolate. Drag to another island or into empty space."
      aria-keyshortcuts="C P I"
      initial={false}
      animate={{ x, y }}
      transition={dragging ? { duration: 0 } : { type: 'spring', stiffness: 260, damping: 28 }}
      onKeyDown={onKeyDown}
    >
      <circle className="node-focus-ring" r={NODE_RADIUS + 13} />
      <path className="node-shape" d={shapePath(ROLE_SHAPE[node.role], NODE_RADIUS)} />
      {down && <path className="crash-cross" d="M-15,-15L15,15M15,-15L-15,15" />}
      {/* The texts repeat the accessible name for the eye: hidden from screen readers. */}
      <text className="node-id" textAnchor="middle" y={-4} aria-hidden="true">
        {id}
      </text>
      <text className="node-term" textAnchor="middle" y={16} aria-hidden="true">
        {`TL ${node.timeline}`}
      </text>
      <text className="node-role r-role" textAnchor="middle" y={NODE_RADIUS + 18} aria-hidden="true">
        {node.role.toUpperCase()}
      </text>
      <text className="r-lsn" textAnchor="middle" y={NODE_RADIUS + 37} aria-hidden="true">
        {/* The LSN alone (the table below names the four positions): a full phrase would run into the next node's labels. */ node.role === 'primary' ? formatLsnShort(node.lsn.write) : formatLsnShort(node.lsn.replay)}
      </text>
      <text className="r-lag" textAnchor="middle" y={NODE_RADIUS + 56} aria-hidden="true">
        {lagText}
      </text>
    </motion.g>
  );
});

const WitnessGlyph = memo(function WitnessGlyph({ x, y, dragging }: { readonly x: number; readonly y: number; readonly dragging: boolean }) {
  const groups = useReplicationStore(selectGroups);
  const frame = useReplicationStore(selectFrame);
  const partition = groups?.findIndex((group) => group.includes('w')) ?? 0;
  const store = useReplicationStoreApi();
  return (
    <motion.g
      className="node r-witness"
      data-testid="node-w"
      data-partition={partition}
      {...{ [DRAG_HANDLE_ATTRIBUTE]: 'w' }}
      role="button"
      tabIndex={0}
      aria-label={`witness w${frame?.lock ? ', a DCS voter' : ', a second opinion for a standby before it promotes'}`}
      initial={false}
      animate={{ x, y }}
      transition={dragging ? { duration: 0 } : { type: 'spring', stiffness: 260, damping: 28 }}
      onKeyDown={(event) => {
        if (event.key.toLowerCase() === 'i') void store.getState().actions.act({ type: 'isolate', node: 'w' });
      }}
    >
      <circle className="node-focus-ring" r={NODE_RADIUS} />
      <path className="node-shape" d={shapePath('diamond', NODE_RADIUS * 0.8)} />
      <text className="node-id" textAnchor="middle" y={5} aria-hidden="true">
        w
      </text>
      <text className="node-role r-role" textAnchor="middle" y={NODE_RADIUS + 10} aria-hidden="true">
        WITNESS
      </text>
    </motion.g>
  );
});

const MESSAGE_LOOKS: Record<string, { shape: GlyphShape; letter: string; className: string; name: string }> = {
  Wal: { shape: 'square', letter: 'W', className: 'r-msg-wal', name: 'WAL records (faint: keepalive)' },
  Status: { shape: 'circle', letter: 's', className: 'r-msg-status', name: 'standby status' },
  Refuse: { shape: 'triangle', letter: '!', className: 'r-msg-refuse', name: 'refused: WAL forked' },
  WitnessPing: { shape: 'diamond', letter: '', className: 'r-msg-ping', name: 'witness heartbeat' },
};

function Messages({ positions }: { readonly positions: Readonly<Record<string, Point>> }) {
  const messages = useReplicationStore(selectMessages);
  const nowMs = useReplicationStore(selectNowMs);
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
  const look = MESSAGE_LOOKS[message.type] ?? MESSAGE_LOOKS.Status!;
  const keepalive = message.type === 'Wal' && message.records === 0;
  return (
    <g className={`r-message ${look.className}${keepalive ? ' keepalive' : ''}`} transform={`translate(${x.toFixed(1)},${y.toFixed(1)})`} data-message-type={message.type}>
      <path d={shapePath(look.shape, keepalive ? 6 : 12)} />
      {look.letter && !keepalive && (
        <text textAnchor="middle" y={6}>
          {message.type === 'Wal' && message.records > 1 ? String(message.records) : look.letter}
        </text>
      )}
    </g>
  );
});

function MessageKey() {
  return (
    <ul className="legend r-legend" aria-label="Message kinds and roles">
      {Object.entries(MESSAGE_LOOKS).map(([type, look]) => (
        <li key={type}>
          <svg width={24} height={24} viewBox="-12 -12 24 24" aria-hidden="true" className={`r-message ${look.className}`}>
            <path d={shapePath(look.shape, 11)} />
            <text textAnchor="middle" y={5}>
              {look.letter}
            </text>
          </svg>
          {look.name}
        </li>
      ))}
      <li>■ primary · ● standby · ▲ demoted · ✕ down</li>
    </ul>
  );
}
