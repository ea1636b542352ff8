// The real cluster on the kit's cluster canvas: etcd members (role by shape and word, term, raft index,
// revision) or the PostgreSQL pair (primary/standby, timeline, LSNs). Dragging a member onto its own
// island isolates it through the link proxies; K kills (or crashes), R restarts, I isolates a focused node.
import { memo, useCallback, useMemo, type KeyboardEvent } from 'react';
import { motion } from 'motion/react';
import type { NetworkCommand } from '../../../kernel/net/commands.ts';
import { NODE_RADIUS, type Island } from '../../geometry/clusterLayout.ts';
import { DRAG_HANDLE_ATTRIBUTE } from '../../geometry/nodeDrag.ts';
import { shapePath, type GlyphShape } from '../../geometry/shapes.ts';
import { ClusterCanvas } from '../../components/ClusterCanvas.tsx';
import { useLiveStore, useLiveStoreApi } from './liveContext.ts';
import { selectEtcd, selectPostgres, type LiveSystem } from './liveStore.ts';
import { etcdMemberWords, groupsOf, majorityOf, movedGroups, type EtcdMember, type PostgresNode } from './liveWords.ts';

const EMPTY: readonly string[] = [];
const ETCD_SHAPE: Record<EtcdMember['role'], GlyphShape> = { leader: 'hexagon', follower: 'circle', crashed: 'circle', paused: 'square', unreachable: 'diamond' };
const POSTGRES_SHAPE: Record<PostgresNode['role'], GlyphShape> = { primary: 'square', standby: 'circle', down: 'circle' };
/** Room for the role, the numbers and a caption below each glyph. */
const NODE_CLEARANCE = 170;

export function LiveClusterView({ system }: { readonly system: LiveSystem }) {
  const store = useLiveStoreApi();
  const etcd = useLiveStore(selectEtcd);
  const postgres = useLiveStore(selectPostgres);
  const nodes = system === 'etcd' ? etcd?.members : postgres?.nodes;
  const idsKey = nodes?.map((node) => node.id).join(',') ?? '';
  // eslint-disable-next-line react-hooks/exhaustive-deps -- idsKey stands for the node ids
  const ids = useMemo(() => (nodes ? nodes.map((node) => node.id) : EMPTY), [idsKey]);
  const groupsKey = nodes?.map((node) => `${node.id}:${node.partition}`).join(',') ?? '';
  // eslint-disable-next-line react-hooks/exhaustive-deps -- groupsKey stands for the islands
  const groups = useMemo(() => (nodes ? groupsOf(nodes) : undefined), [groupsKey]);
  const total = ids.length;

  const act = useCallback(
    (command: NetworkCommand) => {
      const { actions, status } = store.getState();
      const current = system === 'etcd' ? status.etcd?.members : status.postgres?.nodes;
      if (!current) return;
      const prefix = system === 'etcd' ? 'etcd' : 'postgres';
      if (command.type === 'isolate') {
        void actions.send({ type: `${prefix}.isolate`, node: command.node }, `isolating ${command.node}`);
      } else if (command.type === 'move') {
        const next = movedGroups(groupsOf(current), command.node, command.group);
        void actions.send(next.length === 1 ? { type: `${prefix}.heal` } : { type: `${prefix}.partition`, groups: next }, next.length === 1 ? 'healing the network' : `moving ${command.node}`);
      }
      // One-way or single-link cuts are not offered on the real target (a TCP peer link carries both
      // directions): the canvas is given no clickable links.
    },
    [store, system],
  );
  const islandLabel = useCallback(
    (island: Island) => {
      const count = island.members.length;
      if (system === 'postgres') return `Island ${island.index + 1}: ${island.members.join(', ')}`;
      return `Island ${island.index + 1}: ${count} of ${total} ${count >= majorityOf(total) ? '(majority)' : '(minority)'}`;
    },
    [system, total],
  );
  const renderNode = useCallback(
    (id: string, x: number, y: number, dragging: boolean) => (system === 'etcd' ? <EtcdGlyph id={id} x={x} y={y} dragging={dragging} /> : <PostgresGlyph id={id} x={x} y={y} dragging={dragging} />),
    [system],
  );
  return (
    <ClusterCanvas
      endpointIds={ids}
      linkedIds={EMPTY}
      groups={groups}
      cuts={undefined}
      act={act}
      islandLabel={islandLabel}
      nodeClearance={NODE_CLEARANCE}
      renderNode={renderNode}
      hint={system === 'etcd' ? 'Drag a member into empty space to isolate it · focus a member: K kills, R restarts, P pauses, I isolates' : 'Drag a node away to cut the replication link · focus a node: K crashes, R restarts, P promotes'}
      testId="live-cluster"
      ariaLabel={system === 'etcd' ? 'Real etcd members' : 'Real PostgreSQL nodes'}
      className="live-cluster"
      data={{ system }}
    />
  );
}

function useNodeKeys(id: string, system: LiveSystem, isDown: boolean) {
  const store = useLiveStoreApi();
  return (event: KeyboardEvent<SVGGElement>) => {
    const { send } = store.getState().actions;
    const key = event.key.toLowerCase();
    const prefix = system === 'etcd' ? 'etcd' : 'postgres';
    if (key === 'k' && !isDown) void send({ type: system === 'etcd' ? 'etcd.kill' : 'postgres.crash', node: id }, `killing ${id}`);
    else if (key === 'r') void send({ type: `${prefix}.restart`, node: id }, `restarting ${id}`);
    else if (key === 'i') void send({ type: `${prefix}.isolate`, node: id }, `isolating ${id}`);
    else if (key === 'p') void send(system === 'etcd' ? { type: 'etcd.pause', node: id } : { type: 'postgres.promote', node: id }, system === 'etcd' ? `pausing ${id}` : `promoting ${id}`);
    else return;
    event.preventDefault();
  };
}

const EtcdGlyph = memo(function EtcdGlyph({ id, x, y, dragging }: { readonly id: string; readonly x: number; readonly y: number; readonly dragging: boolean }) {
  const member = useLiveStore((state) => state.status.etcd?.members.find((candidate) => candidate.id === id));
  const onKeyDown = useNodeKeys(id, 'etcd', member?.role === 'crashed');
  if (!member) return null;
  const down = member.role === 'crashed';
  const words = etcdMemberWords(member);
  const caption = member.role === 'leader' || member.role === 'follower' ? `index ${member.raftIndex ?? '?'} · rev ${member.revision ?? '?'}` : member.role === 'paused' ? 'SIGSTOP' : member.role === 'unreachable' ? 'no answer' : 'SIGKILL';
  return (
    <motion.g
      className={`node live-node node-${member.role === 'leader' ? 'leader' : member.role === 'follower' ? 'follower' : 'crashed'} live-${member.role}`}
      data-testid={`node-${id}`}
      data-role={member.role}
      data-term={member.term ?? ''}
      data-partition={member.partition}
      {...{ [DRAG_HANDLE_ATTRIBUTE]: id }}
      role="button"
      tabIndex={0}
      aria-label={words}
      aria-keyshortcuts="K R P I"
      aria-description="K: kill. R: restart. P: pause. I: isolate. Drag into empty space to isolate."
      initial={false}
      animate={{ x, y }}
      transition={dragging ? { duration: 0 } : { type: 'spring', stiffness: 260, damping: 28 }}
      onKeyDown={onKeyDown}
    >
      <circle className="node-focus-ring" r={NODE_RADIUS + 13} />
      <path className="node-shape" d={shapePath(ETCD_SHAPE[member.role], NODE_RADIUS)} />
      {down && <path className="crash-cross" d="M-15,-15L15,15M15,-15L-15,15" />}
      <text className="node-id" textAnchor="middle" y={-3} aria-hidden="true">
        {id}
      </text>
      <text className="node-term" textAnchor="middle" y={13} aria-hidden="true">
        {member.term === null ? '' : `T${member.term}`}
      </text>
      <text className="node-role live-role" textAnchor="middle" y={NODE_RADIUS + 18} aria-hidden="true">
        {member.role.toUpperCase()}
      </text>
      <text className="live-caption" textAnchor="middle" y={NODE_RADIUS + 35} aria-hidden="true">
        {caption}
      </text>
    </motion.g>
  );
});

const PostgresGlyph = memo(function PostgresGlyph({ id, x, y, dragging }: { readonly id: string; readonly x: number; readonly y: number; readonly dragging: boolean }) {
  const node = useLiveStore((state) => state.status.postgres?.nodes.find((candidate) => candidate.id === id));
  const onKeyDown = useNodeKeys(id, 'postgres', node?.role === 'down');
  if (!node) return null;
  const down = node.role === 'down';
  const lsn = node.role === 'primary' ? `end ${node.lsn.write ?? '?'}` : node.role === 'standby' ? `replay ${node.lsn.replay ?? '?'}` : '';
  const caption = down ? 'crashed' : node.role === 'primary' ? 'accepts writes' : node.streaming ? `streaming${node.replication ? ` (${node.replication.syncState})` : ''}` : 'not streaming';
  const words = `${id}, ${node.role}${node.timeline === null ? '' : `, timeline ${node.timeline}`}${lsn ? `, ${lsn}` : ''}, ${caption}`;
  return (
    <motion.g
      className={`node live-node live-${node.role}${down ? ' node-crashed' : ''}`}
      data-testid={`node-${id}`}
      data-role={node.role}
      data-timeline={node.timeline ?? ''}
      data-streaming={node.streaming ? 'true' : 'false'}
      data-partition={node.partition}
      {...{ [DRAG_HANDLE_ATTRIBUTE]: id }}
      role="button"
      tabIndex={0}
      aria-label={words}
      aria-keyshortcuts="K R P I"
      aria-description="K: crash. R: restart. P: promote. I: cut its replication link. Drag onto another island to cut the link."
      initial={false}
      animate={{ x, y }}
      transition={dragging ? { duration: 0 } : { type: 'spring', stiffness: 260, damping: 28 }}
      onKeyDown={onKeyDown}
    >
      <circle className="node-focus-ring" r={NODE_RADIUS + 13} />
      <path className="node-shape" d={shapePath(POSTGRES_SHAPE[node.role], NODE_RADIUS)} />
      {down && <path className="crash-cross" d="M-15,-15L15,15M15,-15L-15,15" />}
      <text className="node-id" textAnchor="middle" y={-3} aria-hidden="true">
        {id}
      </text>
      <text className="node-term" textAnchor="middle" y={13} aria-hidden="true">
        {node.timeline === null ? '' : `TL ${node.timeline}`}
      </text>
      <text className="node-role live-role" textAnchor="middle" y={NODE_RADIUS + 18} aria-hidden="true">
        {node.role.toUpperCase()}
      </text>
      <text className="live-caption" textAnchor="middle" y={NODE_RADIUS + 35} aria-hidden="true">
        {lsn}
      </text>
      <text className="live-caption" textAnchor="middle" y={NODE_RADIUS + 52} aria-hidden="true">
        {caption}
      </text>
    </motion.g>
  );
});
