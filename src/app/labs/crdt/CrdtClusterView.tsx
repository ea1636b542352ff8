// The replicas on the kit's cluster canvas: each with its value and metadata size; drag one onto
// another island to partition, click a link to cut it, click a replica to open its metadata.
import { memo, useCallback, useMemo } from 'react';
import type { CrdtCommand } from '../../../kernel/protocols/crdt/index.ts';
import type { NetworkCommand } from '../../../kernel/net/commands.ts';
import { NODE_RADIUS, type Island, type Point } from '../../geometry/clusterLayout.ts';
import { DRAG_HANDLE_ATTRIBUTE } from '../../geometry/nodeDrag.ts';
import { ClusterCanvas } from '../../components/ClusterCanvas.tsx';
import { pointAlong, trimSegment } from '../../geometry/shapes.ts';
import { useCrdtStore, useCrdtStoreApi } from './crdtContext.ts';
import { selectCuts, selectGroups, selectMessages, selectNowMs, selectReplicas, selectSelectedReplica } from './crdtStore.ts';

const EMPTY: readonly string[] = [];
/** Room around a replica: its value and metadata labels below the circle. */
const CRDT_NODE_CLEARANCE = 64;

export function CrdtClusterView() {
  const store = useCrdtStoreApi();
  const replicas = useCrdtStore(selectReplicas);
  const groups = useCrdtStore(selectGroups);
  const cuts = useCrdtStore(selectCuts);
  const idsKey = replicas?.map((replica) => replica.id).join(',') ?? '';
  // eslint-disable-next-line react-hooks/exhaustive-deps -- idsKey stands for the id list
  const replicaIds = useMemo(() => replicas?.map((replica) => replica.id) ?? EMPTY, [idsKey]);
  const act = useCallback((command: NetworkCommand) => void store.getState().actions.act(command as CrdtCommand), [store]);
  const count = replicaIds.length;
  const islandLabel = useCallback((island: Island) => `Island ${island.index + 1}: ${island.members.length} of ${count} — updates go on`, [count]);
  const renderNode = useCallback((id: string, x: number, y: number, dragging: boolean) => <ReplicaGlyph id={id} x={x} y={y} dragging={dragging} />, []);
  return (
    <ClusterCanvas
      endpointIds={replicaIds}
      linkedIds={replicaIds}
      groups={groups}
      cuts={cuts}
      act={act}
      islandLabel={islandLabel}
      nodeClearance={CRDT_NODE_CLEARANCE}
      renderNode={renderNode}
      renderMessages={(positions) => <Messages positions={positions} />}
      hint="Under each replica: its value and its metadata in bytes (B). Drag replicas to partition · click a link to cut it · click a replica for its metadata · S syncs everyone"
      testId="crdt-cluster"
      ariaLabel="Replicas"
      className="crdt-cluster"
      cutAttribute="boolean"
    />
  );
}

const ReplicaGlyph = memo(function ReplicaGlyph({ id, x, y, dragging }: { readonly id: string; readonly x: number; readonly y: number; readonly dragging: boolean }) {
  const replica = useCrdtStore((state) => state.update?.frame.replicas.find((candidate) => candidate.id === id));
  const selected = useCrdtStore(selectSelectedReplica) === id;
  const store = useCrdtStoreApi();
  if (!replica) return null;
  const value = replica.valueText.length > 28 ? `${replica.valueText.slice(0, 27)}…` : replica.valueText;
  return (
    <g
      className={`crdt-replica${replica.alive ? '' : ' crashed'}${selected ? ' selected' : ''}${dragging ? ' dragging' : ''}`}
      transform={`translate(${x.toFixed(1)},${y.toFixed(1)})`}
      data-testid={`replica-${id}`}
      data-value={replica.valueText}
      data-alive={replica.alive}
      data-partition={replica.partition}
      {...{ [DRAG_HANDLE_ATTRIBUTE]: id }}
      role="button"
      tabIndex={0}
      aria-label={`${id}: ${replica.alive ? '' : 'crashed, '}value ${replica.valueText}, metadata ${replica.metadataBytes} bytes`}
      aria-description="Enter: open its metadata. C: crash or restart. Drag to another island or into empty space to partition."
      aria-keyshortcuts="Enter C"
      onClick={() => store.getState().actions.selectReplica(selected ? null : id)}
      onKeyDown={(event) => {
        if (event.key === 'Enter') store.getState().actions.selectReplica(selected ? null : id);
        if (event.key.toLowerCase() === 'c') void store.getState().actions.act({ type: replica.alive ? 'crash' : 'restart', node: id });
      }}
    >
      <circle r={NODE_RADIUS} />
      {!replica.alive && <path className="crdt-cross" d={`M${-NODE_RADIUS * 0.6},${-NODE_RADIUS * 0.6}L${NODE_RADIUS * 0.6},${NODE_RADIUS * 0.6}M${NODE_RADIUS * 0.6},${-NODE_RADIUS * 0.6}L${-NODE_RADIUS * 0.6},${NODE_RADIUS * 0.6}`} />}
      {/* The texts repeat the accessible name for the eye: hidden from screen readers. */}
      <text className="crdt-replica-id" textAnchor="middle" y={6} aria-hidden="true">
        {id}
      </text>
      <text className="crdt-replica-value" textAnchor="middle" y={NODE_RADIUS + 20} aria-hidden="true">
        {value}
      </text>
      <text className="crdt-replica-bytes" textAnchor="middle" y={NODE_RADIUS + 38} aria-hidden="true">
        {replica.alive ? `${replica.metadataBytes} B` : 'crashed'}
      </text>
    </g>
  );
});

function Messages({ positions }: { readonly positions: Readonly<Record<string, Point>> }) {
  const messages = useCrdtStore(selectMessages);
  const nowMs = useCrdtStore(selectNowMs);
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
        const kind = message.type === 'state' ? 'S' : message.type === 'ops' ? 'O' : '';
        return (
          <g key={message.id} className={`crdt-message crdt-message-${message.type}${message.lost ? ' lost' : ''}`} transform={`translate(${point.x.toFixed(1)},${point.y.toFixed(1)})`}>
            <circle r={kind ? 11 : 4} />
            {kind && (
              <text textAnchor="middle" y={6.5}>
                {kind}
              </text>
            )}
          </g>
        );
      })}
    </g>
  );
}
