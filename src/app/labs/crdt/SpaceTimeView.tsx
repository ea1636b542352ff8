// The space-time diagram of the run: one lane per replica, time to the right, a dot per local update
// (hollow for a no-op), an arrow per anti-entropy message from its send to its merge (dashed and
// crossed when dropped). Click an arrow to see both states and the merged result; click the plot
// to seek. Drawn in CSS pixels (the width is measured) so its text keeps its size on a projector;
// the time axis uses the shared timeline geometry (createTimeScale, timeTicks) of the Raft diagram.
import { useEffect, useRef, useState, type MouseEvent } from 'react';
import { createTimeScale, timeTicks } from '../../geometry/timeline-scale.ts';
import { useCrdtStore, useCrdtStoreApi } from './crdtContext.ts';
import { selectExchanges, selectFrame, selectOperations, selectSelectedExchange } from './crdtStore.ts';

const LANE_HEIGHT_PX = 34;
const MARGIN_LEFT_PX = 40;
const MARGIN_RIGHT_PX = 16;
const RULER_PX = 24;
const FALLBACK_WIDTH_PX = 800;
/** A run that just started still gets a readable axis (ticks a whole number of ms apart). */
const MIN_SPAN_MS = 100;

function useMeasuredWidth(): [React.RefObject<HTMLDivElement | null>, number] {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(FALLBACK_WIDTH_PX);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => setWidth(Math.max(240, Math.round(element.clientWidth)));
    measure();
    if (typeof ResizeObserver !== 'function') return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

export function SpaceTimeView() {
  const frame = useCrdtStore(selectFrame);
  const operations = useCrdtStore(selectOperations);
  const exchanges = useCrdtStore(selectExchanges);
  const selectedId = useCrdtStore(selectSelectedExchange);
  const store = useCrdtStoreApi();
  const [containerRef, widthPx] = useMeasuredWidth();
  if (!frame || !operations || !exchanges) return <section className="crdt-spacetime" ref={containerRef} />;
  const ids = frame.replicas.map((replica) => replica.id);
  const heightPx = RULER_PX + ids.length * LANE_HEIGHT_PX + 6;
  // Op broadcasts (exchange 0) are many; the diagram shows merges, syncs and gossip, and updates.
  const shown = exchanges.filter((exchange) => exchange.exchange !== 0 && exchange.sentAtMs <= frame.nowMs);
  const startMs = Math.min(...shown.map((exchange) => exchange.sentAtMs), ...operations.map((operation) => operation.timeMs), frame.nowMs);
  const windowStartMs = Math.max(0, Math.min(startMs, frame.nowMs - MIN_SPAN_MS));
  const scale = createTimeScale({ startMs: windowStartMs, endMs: Math.max(frame.nowMs, windowStartMs + MIN_SPAN_MS) }, MARGIN_LEFT_PX, widthPx - MARGIN_RIGHT_PX);
  const x = (timeMs: number) => scale.x(Math.min(timeMs, frame.nowMs));
  const y = (id: string) => RULER_PX + ids.indexOf(id) * LANE_HEIGHT_PX + LANE_HEIGHT_PX / 2;
  const ticks = timeTicks(scale.window, widthPx - MARGIN_LEFT_PX - MARGIN_RIGHT_PX, 110).valuesMs;
  const seekAt = (event: MouseEvent<SVGRectElement>) => {
    const box = event.currentTarget.ownerSVGElement!.getBoundingClientRect();
    void store.getState().actions.seek(Math.round(Math.max(0, Math.min(frame.headMs, scale.time(event.clientX - box.left)))));
  };
  return (
    <section className="crdt-spacetime" aria-label="Space-time diagram of updates and merges" data-testid="spacetime" ref={containerRef}>
      <svg width={widthPx} height={heightPx} role="group" aria-label={`${operations.length} updates and ${shown.length} merge messages from ${Math.round(startMs)} ms to ${Math.round(frame.nowMs)} ms`}>
        <rect x={MARGIN_LEFT_PX} y={0} width={Math.max(0, widthPx - MARGIN_LEFT_PX - MARGIN_RIGHT_PX)} height={heightPx} className="crdt-plot" onClick={seekAt}>
          <title>Click to go to that moment</title>
        </rect>
        {ticks.map((tickMs) => (
          <g key={tickMs} aria-hidden="true">
            <line x1={scale.x(tickMs)} x2={scale.x(tickMs)} y1={RULER_PX - 6} y2={heightPx} className="crdt-tick" />
            <text x={scale.x(tickMs)} y={RULER_PX - 9} textAnchor="middle" className="crdt-axis">
              {`${Math.round(tickMs)} ms`}
            </text>
          </g>
        ))}
        {ids.map((id) => (
          <g key={id} aria-hidden="true">
            <line x1={MARGIN_LEFT_PX} x2={widthPx - MARGIN_RIGHT_PX} y1={y(id)} y2={y(id)} className="crdt-lane" />
            <text x={6} y={y(id) + 6} className="crdt-lane-label">
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
          const choose = () => store.getState().actions.selectExchange(selectedId === exchange.messageId ? null : exchange.messageId);
          return (
            <g
              key={exchange.messageId}
              className={`crdt-arrow ${exchange.status}${exchange.changed ? ' changed' : ''}${selectedId === exchange.messageId ? ' selected' : ''}`}
              onClick={choose}
              onKeyDown={(event) => {
                if (event.key === 'Enter' || event.key === ' ') {
                  event.preventDefault();
                  choose();
                }
              }}
              role="button"
              tabIndex={0}
              aria-pressed={selectedId === exchange.messageId}
              aria-label={`${exchange.from} to ${exchange.to}: ${exchange.status}${exchange.dropReason ? ` (${exchange.dropReason})` : ''}`}
              data-testid={`exchange-${exchange.messageId}`}
            >
              <line x1={x1} y1={y1} x2={x2} y2={y2} className="crdt-arrow-hit" />
              <line x1={x1} y1={y1} x2={x2} y2={y2} />
              {exchange.status === 'dropped' ? (
                <text x={x2} y={y2 + 6} textAnchor="middle" className="crdt-drop">
                  ×
                </text>
              ) : (
                <circle cx={x2} cy={y2} r={3.5} />
              )}
            </g>
          );
        })}
        {operations.map((operation) => (
          <circle key={operation.id} cx={x(operation.timeMs)} cy={y(operation.replica)} r={7} className={`crdt-update ${operation.applied ? 'applied' : 'noop'}`}>
            <title>{`${operation.replica} at ${operation.timeMs} ms: ${operation.operation.kind}${operation.applied ? '' : ` (no-op: ${operation.reason})`}`}</title>
          </circle>
        ))}
      </svg>
      <p className="crdt-note">
        Dots: local updates (hollow: a no-op). Arrows: states (or operation logs) sent by merge, sync or gossip; dashed ×: dropped. Click an arrow to see the merge; click the plot to go
        back to that moment.
      </p>
    </section>
  );
}

/** The merge picked on the diagram, at the top of the side cards so it is in view when picked. */
export function SelectedMerge() {
  const frame = useCrdtStore(selectFrame);
  const exchanges = useCrdtStore(selectExchanges);
  const selectedId = useCrdtStore(selectSelectedExchange);
  const store = useCrdtStoreApi();
  const ref = useRef<HTMLElement>(null);
  const selected = selectedId === null ? undefined : exchanges?.find((exchange) => exchange.messageId === selectedId);
  useEffect(() => {
    if (selectedId !== null) ref.current?.scrollIntoView({ block: 'nearest' });
  }, [selectedId]);
  if (!frame || !selected) return null;
  return (
    <section className="card crdt-merge" aria-label="The merge picked on the diagram" ref={ref}>
      <h2>
        Merge{' '}
        <button type="button" className="crdt-close" onClick={() => store.getState().actions.selectExchange(null)}>
          Close
        </button>
      </h2>
      <MergeDetail exchange={selected} sync={frame.sync} />
    </section>
  );
}

function MergeDetail({ exchange, sync }: { readonly exchange: NonNullable<ReturnType<typeof selectExchanges>>[number]; readonly sync: 'state' | 'op' }) {
  if (exchange.status === 'dropped') {
    return (
      <div className="crdt-merge-detail" data-testid="merge-detail" role="status">
        <strong>
          {exchange.from} → {exchange.to} was dropped ({exchange.dropReason}) at {exchange.endedAtMs} ms: {exchange.to} learned nothing.
        </strong>
      </div>
    );
  }
  if (exchange.status !== 'merged') {
    return (
      <div className="crdt-merge-detail" data-testid="merge-detail" role="status">
        <strong>Still in flight.</strong>
      </div>
    );
  }
  const what = sync === 'state' ? 'state' : 'operations';
  return (
    <div className="crdt-merge-detail" data-testid="merge-detail" role="status">
      <p>
        <strong>
          {exchange.to} merged {exchange.from}’s {what} at {exchange.endedAtMs} ms
        </strong>
        {exchange.changed ? '' : ' — nothing new: merge is idempotent, the state is unchanged'}
      </p>
      <table className="crdt-merge-table">
        <thead>
          <tr>
            <th scope="col" />
            <th scope="col">value</th>
            <th scope="col">state (metadata)</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">{exchange.to} before</th>
            <td>
              <code>{exchange.beforeText}</code>
            </td>
            <td>
              <code>{exchange.beforeMetadata}</code>
            </td>
          </tr>
          <tr>
            <th scope="row">⊔ from {exchange.from}</th>
            <td>
              <code>{exchange.incomingText}</code>
            </td>
            <td>
              <code>{exchange.incomingMetadata}</code>
            </td>
          </tr>
          <tr>
            <th scope="row">= {exchange.to} after</th>
            <td>
              <code>{exchange.afterText}</code>
            </td>
            <td>
              <code>{exchange.afterMetadata}</code>
            </td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}
