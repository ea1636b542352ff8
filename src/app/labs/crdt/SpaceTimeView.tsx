// The space-time diagram of the run: one line per replica, a dot per local update (hollow for a
// no-op), an arrow per anti-entropy message from its send to its merge (dashed and crossed when
// dropped). Click an arrow to see the state before, what arrived, and the merged result.
import { useCrdtStore, useCrdtStoreApi } from './crdtContext.ts';
import { selectExchanges, selectFrame, selectOperations, selectSelectedExchange } from './crdtStore.ts';

const WIDTH = 1000;
const LANE_HEIGHT = 44;
const MARGIN_LEFT = 48;
const MARGIN_RIGHT = 16;
const TOP = 22;

export function SpaceTimeView() {
  const frame = useCrdtStore(selectFrame);
  const operations = useCrdtStore(selectOperations);
  const exchanges = useCrdtStore(selectExchanges);
  const selectedId = useCrdtStore(selectSelectedExchange);
  const store = useCrdtStoreApi();
  if (!frame || !operations || !exchanges) return null;
  const ids = frame.replicas.map((replica) => replica.id);
  const height = TOP + ids.length * LANE_HEIGHT;
  // Op broadcasts (exchange 0) are many; the diagram shows merges, syncs and gossip, and updates.
  const shown = exchanges.filter((exchange) => exchange.exchange !== 0 && exchange.sentAtMs <= frame.nowMs);
  const startMs = Math.min(...shown.map((exchange) => exchange.sentAtMs), ...operations.map((operation) => operation.timeMs), frame.nowMs);
  const spanMs = Math.max(1, frame.nowMs - startMs);
  const x = (timeMs: number) => MARGIN_LEFT + ((Math.min(timeMs, frame.nowMs) - startMs) / spanMs) * (WIDTH - MARGIN_LEFT - MARGIN_RIGHT);
  const y = (id: string) => TOP + ids.indexOf(id) * LANE_HEIGHT + LANE_HEIGHT / 2;
  const selected = exchanges.find((exchange) => exchange.messageId === selectedId);
  return (
    <section className="crdt-spacetime" aria-label="Space-time diagram of updates and merges" data-testid="spacetime">
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label={`${operations.length} updates and ${shown.length} merge messages from ${Math.round(startMs)} ms to ${Math.round(frame.nowMs)} ms`}>
        <text x={MARGIN_LEFT} y={14} className="crdt-axis">
          {Math.round(startMs)} ms
        </text>
        <text x={WIDTH - MARGIN_RIGHT} y={14} textAnchor="end" className="crdt-axis">
          {Math.round(frame.nowMs)} ms
        </text>
        {ids.map((id) => (
          <g key={id}>
            <line x1={MARGIN_LEFT} x2={WIDTH - MARGIN_RIGHT} y1={y(id)} y2={y(id)} className="crdt-lane" />
            <text x={8} y={y(id) + 5} className="crdt-lane-label">
              {id}
            </text>
          </g>
        ))}
        {shown.map((exchange) => {
          const endMs = exchange.endedAtMs ?? frame.nowMs;
          const x1 = x(exchange.sentAtMs);
          const y1 = y(exchange.from);
          const x2 = x(endMs);
          const y2 = exchange.status === 'dropped' ? (y(exchange.from) + y(exchange.to)) / 2 : y(exchange.to);
          return (
            <g
              key={exchange.messageId}
              className={`crdt-arrow ${exchange.status}${exchange.changed ? ' changed' : ''}${selectedId === exchange.messageId ? ' selected' : ''}`}
              onClick={() => store.getState().actions.selectExchange(selectedId === exchange.messageId ? null : exchange.messageId)}
              role="button"
              tabIndex={0}
              aria-label={`${exchange.from} to ${exchange.to}: ${exchange.status}${exchange.dropReason ? ` (${exchange.dropReason})` : ''}`}
              data-testid={`exchange-${exchange.messageId}`}
            >
              <line x1={x1} y1={y1} x2={x2} y2={y2} className="crdt-arrow-hit" />
              <line x1={x1} y1={y1} x2={x2} y2={y2} />
              {exchange.status === 'dropped' ? <text x={x2} y={y2 + 4} textAnchor="middle" className="crdt-drop">×</text> : <circle cx={x2} cy={y2} r={3} />}
            </g>
          );
        })}
        {operations.map((operation) => (
          <circle key={operation.id} cx={x(operation.timeMs)} cy={y(operation.replica)} r={6} className={`crdt-update ${operation.applied ? 'applied' : 'noop'}`}>
            <title>{`${operation.replica} at ${operation.timeMs} ms: ${operation.operation.kind}${operation.applied ? '' : ` (no-op: ${operation.reason})`}`}</title>
          </circle>
        ))}
      </svg>
      <p className="crdt-note">
        Dots: local updates (hollow: a no-op). Arrows: states (or operation logs) sent by merge, sync or gossip; dashed ×: dropped. Click an arrow to see the merge.
      </p>
      {selected && (
        <div className="crdt-merge-detail" data-testid="merge-detail" role="status">
          {selected.status === 'merged' ? (
            <>
              <strong>
                {selected.to} merged {selected.from}’s {frame.sync === 'state' ? 'state' : 'operations'} at {selected.endedAtMs} ms
              </strong>
              : before <code>{selected.beforeText}</code> ⊔ incoming <code>{selected.incomingText}</code> = <code>{selected.afterText}</code>
              {selected.changed ? '' : ' (nothing new: merge is idempotent)'}
            </>
          ) : selected.status === 'dropped' ? (
            <strong>
              {selected.from} → {selected.to} was dropped ({selected.dropReason}) at {selected.endedAtMs} ms: {selected.to} learned nothing.
            </strong>
          ) : (
            <strong>Still in flight.</strong>
          )}
        </div>
      )}
    </section>
  );
}
