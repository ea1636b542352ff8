// A Porcupine-style history: one row per client, each operation a bar from invocation to completion,
// coloured and labelled by outcome; stale reads and the checker's blocked operation marked; a click
// (or Enter) on a bar or a finding jumps the run to that moment.
import { memo, useEffect, useId, useMemo, useState } from 'react';
import { levelLabel, operationRecord, type QuorumOperation } from '../../../kernel/protocols/quorum/index.ts';
import { jsonHistoryFormatName, jsonHistoryFormatVersion } from '../../../kernel/checkers/linearizability/index.ts';
import type { CheckerView, StaleReadView } from '../../../worker/quorumEngine.ts';
import { useQuorumStore, useQuorumStoreApi } from './quorumContext.ts';
import { selectCheck, selectClients, selectFaultWindows, selectHeadMs, selectNowMs, selectOperations, selectSelectedOperationId, selectSessionAnomalies, selectStaleReads } from './quorumStore.ts';

/** Drawn at the container's own pixel width, so text stays the same size on any screen. */
function useWidth(fallback: number): [(element: HTMLDivElement | null) => void, number] {
  // A callback ref: the element appears only once the first frame has arrived.
  const [element, setElement] = useState<HTMLDivElement | null>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    if (!element || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver((entries) => {
      const measured = Math.round(entries[0]?.contentRect.width ?? 0);
      if (measured > 0) setWidth(measured);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [element]);
  return [setElement, width];
}
const ROW_HEIGHT = 38;
const LEFT = 44;
const RIGHT = 12;
const TOP = 18;
const BAR_HEIGHT = 24;

export function operationLabel(operation: QuorumOperation): string {
  const level = levelLabel(operation);
  const outcome = operation.status === 'ok' ? 'ok' : operation.status === 'fail' ? 'fail' : operation.status === 'timeout' ? 'timeout?' : operation.status === 'pending' ? '…' : 'queued';
  if (operation.kind === 'write') return `w ${operation.key}=${String(operation.value)} ${level} ${outcome}`;
  return operation.status === 'ok' ? `r ${operation.key}→${String(operation.value)} ${level} ok` : `r ${operation.key} ${level} ${outcome}`;
}

/** Idle stretches longer than this are drawn this long. */
const GAP_CAP_MS = 30;

/**
 * A piecewise time scale: each stretch between operation boundaries is drawn √(its length), idle
 * ones capped at GAP_CAP_MS first, so a 20 ms read stays readable beside a 250 ms timeout. Real-time
 * order (all the checker cares about) is preserved exactly; the bars' tooltips give the real times.
 */
function compressedScale(operations: readonly QuorumOperation[], firstMs: number, lastMs: number, left: number, right: number): (timeMs: number) => number {
  const times = [...new Set([firstMs, lastMs, ...operations.flatMap((operation) => [operation.invokeMs!, operation.completeMs ?? lastMs])])].filter((time) => time >= firstMs && time <= lastMs).sort((a, b) => a - b);
  // Sweep: how many operations are open over each stretch (inside an operation time is never capped).
  const opens = new Map<number, number>();
  for (const operation of operations) {
    opens.set(operation.invokeMs!, (opens.get(operation.invokeMs!) ?? 0) + 1);
    const endMs = operation.completeMs ?? lastMs;
    opens.set(endMs, (opens.get(endMs) ?? 0) - 1);
  }
  const positions = [0];
  let open = opens.get(times[0]!) ?? 0;
  for (let index = 1; index < times.length; index++) {
    const gap = times[index]! - times[index - 1]!;
    positions.push(positions[index - 1]! + Math.sqrt(open > 0 ? gap : Math.min(gap, GAP_CAP_MS)));
    open += opens.get(times[index]!) ?? 0;
  }
  const total = Math.max(1, positions.at(-1)!);
  return (timeMs: number) => {
    const clamped = Math.min(lastMs, Math.max(firstMs, timeMs));
    // The last boundary at or before the moment (binary search).
    let low = 0;
    let high = times.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (times[middle]! <= clamped) low = middle;
      else high = middle - 1;
    }
    const from = times[low]!;
    const to = times[low + 1] ?? from;
    const fraction = to > from ? (clamped - from) / (to - from) : 0;
    const position = positions[low]! + fraction * ((positions[low + 1] ?? positions[low]!) - positions[low]!);
    return left + (position / total) * (right - left);
  };
}

export const HistoryView = memo(function HistoryView() {
  const operations = useQuorumStore(selectOperations);
  const clients = useQuorumStore(selectClients);
  const headMs = useQuorumStore(selectHeadMs);
  const nowMs = useQuorumStore(selectNowMs);
  const staleReads = useQuorumStore(selectStaleReads);
  const check = useQuorumStore(selectCheck);
  const faultWindows = useQuorumStore(selectFaultWindows);
  const selectedId = useQuorumStore(selectSelectedOperationId);
  const store = useQuorumStoreApi();
  const titleId = useId();
  const [widthRef, WIDTH] = useWidth(1000);
  const staleById = useMemo(() => new Map((staleReads ?? []).map((stale) => [stale.readId, stale])), [staleReads]);
  const started = useMemo(() => (operations ?? []).filter((operation) => operation.invokeMs !== null), [operations]);
  if (!clients || !operations) return null;
  const firstMs = started.length > 0 ? Math.max(0, Math.min(...started.map((operation) => operation.invokeMs!)) - 10) : 0;
  const lastMs = Math.max(headMs, nowMs, firstMs + 50);
  const x = compressedScale(started, firstMs, lastMs, LEFT, WIDTH - RIGHT);
  const rowOf = new Map(clients.map((client, index) => [client.id, index]));
  const height = TOP + clients.length * ROW_HEIGHT + 8;
  const select = (operation: QuorumOperation) => void store.getState().actions.selectOperation(operation.id);

  return (
    <section className="card q-history" aria-labelledby={titleId} data-testid="history-view">
      <div className="q-history-head">
        <h2 id={titleId}>History (one row per client; time on a square-root scale, idle gaps shortened, order exact)</h2>
        <button type="button" onClick={() => exportHistory(started)} disabled={started.length === 0} data-testid="export-history" title="JSON lines that `npm run check -- <file>` reads">
          Export history
        </button>
        <ul className="q-outcome-key" aria-label="Outcome key">
          <li><span className="q-swatch ok">ok</span> took effect</li>
          <li><span className="q-swatch fail">fail</span> did not happen</li>
          <li><span className="q-swatch timeout">timeout?</span> may or may not have happened</li>
          <li><span className="q-swatch stale">⚠ stale</span> stale read</li>
        </ul>
      </div>
      <div ref={widthRef}>
      {started.length === 0 ? (
        <p className="muted">No operations yet. Choose a client and press Write (W) or Read (R).</p>
      ) : (
        <svg className="q-history-svg" viewBox={`0 0 ${WIDTH} ${height}`} height={height} role="group" aria-label={`History of ${started.length} operations`}>
          {(faultWindows ?? []).map((window) => {
            const left = x(Math.max(firstMs, window.startMs));
            const right = x(Math.min(lastMs, window.endMs ?? lastMs));
            if (right <= left) return null;
            return (
              <g key={window.startMs} className="q-fault-band" aria-hidden="true">
                <rect x={left} y={TOP - 14} width={right - left} height={height - TOP + 10} />
                <text x={left + 4} y={TOP - 4}>
                  fault (partition, cut or crash)
                </text>
              </g>
            );
          })}
          {clients.map((client, index) => (
            <g key={client.id} aria-hidden="true">
              <line className="q-row-line" x1={LEFT} x2={WIDTH - RIGHT} y1={TOP + index * ROW_HEIGHT + ROW_HEIGHT / 2} y2={TOP + index * ROW_HEIGHT + ROW_HEIGHT / 2} />
              <text className="q-row-label" x={6} y={TOP + index * ROW_HEIGHT + ROW_HEIGHT / 2 + 5}>
                {client.id}
              </text>
            </g>
          ))}
          {started.map((operation) => {
            const row = rowOf.get(operation.client) ?? 0;
            const startMs = operation.invokeMs!;
            const endMs = operation.completeMs ?? Math.max(nowMs, startMs + 1);
            const left = x(startMs);
            const width = Math.max(6, x(endMs) - left);
            const stale = staleById.get(operation.id);
            return (
              <OperationBar
                key={operation.id}
                operation={operation}
                x={left}
                y={TOP + row * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) / 2}
                width={width}
                stale={stale ?? null}
                blocked={check?.blockedOperationId === operation.id}
                selected={selectedId === operation.id}
                onSelect={select}
              />
            );
          })}
          <line className="q-now-line" x1={x(nowMs)} x2={x(nowMs)} y1={TOP - 14} y2={height} aria-hidden="true" />
        </svg>
      )}
      </div>
      <ViolationNote check={check ?? null} staleReads={staleReads ?? []} onJump={(id) => void store.getState().actions.selectOperation(id)} />
      <SelectedOperation operations={operations} selectedId={selectedId} />
    </section>
  );
});

const OperationBar = memo(function OperationBar({
  operation,
  x,
  y,
  width,
  stale,
  blocked,
  selected,
  onSelect,
}: {
  readonly operation: QuorumOperation;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly stale: StaleReadView | null;
  readonly blocked: boolean;
  readonly selected: boolean;
  onSelect(operation: QuorumOperation): void;
}) {
  const label = `${stale ? '⚠ ' : ''}${operationLabel(operation)}`;
  const name = `#${operation.id} ${operation.client} ${label}, ${operation.invokeMs} to ${operation.completeMs ?? 'unfinished'} ms via ${operation.coordinator}${stale ? ': stale read' : ''}${blocked ? ': the checker cannot place it' : ''}`;
  const charWidth = 6.6;
  const text = label.length * charWidth <= width - 6 ? label : label.slice(0, Math.max(0, Math.floor((width - 10) / charWidth))) + (width > 30 ? '…' : '');
  return (
    <g
      className={`q-bar q-${operation.status}${stale ? ' q-stale' : ''}${blocked ? ' q-blocked' : ''}${selected ? ' selected' : ''}`}
      transform={`translate(${x.toFixed(1)},${y})`}
      role="button"
      tabIndex={0}
      aria-label={name}
      aria-pressed={selected}
      data-testid={`op-${operation.id}`}
      data-status={operation.status}
      data-stale={stale ? 'true' : 'false'}
      data-blocked={blocked}
      onClick={() => onSelect(operation)}
      onKeyDown={(event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          onSelect(operation);
        }
      }}
    >
      <title>{`${name}${operation.detail ? `. ${operation.detail}` : ''}`}</title>
      <rect width={width} height={BAR_HEIGHT} rx={4} />
      <text x={4} y={16}>
        {text}
      </text>
    </g>
  );
});

/** The violation in words right under the bars: the checker's explanation, or the stale-read scan's while the checker works. */
function ViolationNote({ check, staleReads, onJump }: { readonly check: CheckerView | null; readonly staleReads: readonly StaleReadView[]; onJump(id: number): void }) {
  const first = staleReads[0];
  if (check?.state === 'not-linearizable' && check.summary) {
    return (
      <p className="q-violation-note" data-testid="history-violation">
        <strong>✗ Not linearizable:</strong> {check.summary}{' '}
        {check.blockedOperationId !== null && (
          <button type="button" onClick={() => onJump(check.blockedOperationId!)}>
            {`Jump to #${check.blockedOperationId}`}
          </button>
        )}
      </p>
    );
  }
  if (!first) return null;
  const status = check?.state === 'unknown' ? 'the checker gave up (unknown)' : check?.state === 'running' ? 'checker still working' : 'checker pending';
  return (
    <p className="q-violation-note" data-testid="history-violation">
      <strong>{`⚠ Stale read found; ${status}:`}</strong> {first.explanation}{' '}
      <button type="button" onClick={() => onJump(first.readId)}>
        {`Jump to #${first.readId}`}
      </button>
    </p>
  );
}

/** The app's own history format (one JSON object per line, a header first), as `npm run check` reads it. */
export function historyExport(operations: readonly QuorumOperation[]): string {
  const lines = [JSON.stringify({ format: jsonHistoryFormatName, version: jsonHistoryFormatVersion, model: 'register' })];
  for (const operation of operations) if (operation.invokeMs !== null) lines.push(JSON.stringify(operationRecord(operation)));
  return `${lines.join('\n')}\n`;
}

function exportHistory(operations: readonly QuorumOperation[]): void {
  const url = URL.createObjectURL(new Blob([historyExport(operations)], { type: 'application/x-ndjson' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = 'quorum-history.jsonl';
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function SelectedOperation({ operations, selectedId }: { readonly operations: readonly QuorumOperation[]; readonly selectedId: number | null }) {
  const operation = selectedId === null ? undefined : operations[selectedId];
  if (!operation) return null;
  return (
    <p className="q-selected-op" data-testid="selected-operation">
      <strong>{`#${operation.id} ${operation.client}: ${operationLabel(operation)}`}</strong>
      {` via ${operation.coordinator}, invoked ${operation.invokeMs ?? '—'} ms, completed ${operation.completeMs ?? '—'} ms${operation.version ? `, version ${operation.version.counter}@r${operation.version.replica + 1}` : ''}. `}
      {operation.detail}
    </p>
  );
}

function verdictText(check: CheckerView, staleCount: number): string {
  const stale = staleCount > 0 ? `${staleCount} stale read${staleCount === 1 ? '' : 's'} found; ` : '';
  switch (check.state) {
    case 'idle':
      return check.message;
    case 'running':
      return `${stale}checker still working (${check.operationCount} operations, ${check.stepsUsed.toLocaleString('en')} steps so far)…`;
    case 'linearizable':
      return `Linearizable: all ${check.operationCount} finished operations fit one order that respects real time.`;
    case 'not-linearizable':
      return `Not linearizable. ${check.summary ?? ''}`;
    case 'unknown':
      return `${stale}checker verdict unknown: it gave up after ${check.stepsUsed.toLocaleString('en')} of ${check.stepBudget.toLocaleString('en')} search steps (the search is exponential in the worst case; a stale read alone already proves "not linearizable").`;
  }
}

/** The checker's verdict in words, the explanation, and each stale read with a button to go there. */
export const CheckerPanel = memo(function CheckerPanel() {
  const check = useQuorumStore(selectCheck);
  const staleReads = useQuorumStore(selectStaleReads);
  const anomalies = useQuorumStore(selectSessionAnomalies);
  const store = useQuorumStoreApi();
  if (!check) return null;
  const staleCount = staleReads?.length ?? 0;
  const jump = (id: number) => void store.getState().actions.selectOperation(id);
  return (
    <section className={`card q-checker q-verdict-${check.state}`} aria-label="Linearizability checker" data-testid="checker" data-verdict={check.state} data-stale-count={staleCount}>
      <h2>Linearizability checker</h2>
      <p role="status" aria-live="polite" data-testid="checker-verdict">
        <strong>{check.state === 'not-linearizable' ? '✗ ' : check.state === 'linearizable' ? '✓ ' : check.state === 'unknown' ? '? ' : ''}</strong>
        {verdictText(check, staleCount)}
      </p>
      {check.state === 'not-linearizable' && check.text && (
        <details open>
          <summary>Why (the longest linearizable prefix, then the operation that cannot be placed)</summary>
          <pre className="q-explanation" data-testid="checker-explanation">
            {check.text}
          </pre>
          {check.blockedOperationId !== null && (
            <button type="button" onClick={() => jump(check.blockedOperationId!)} data-testid="jump-blocked">
              {`Show operation #${check.blockedOperationId} on the timeline`}
            </button>
          )}
        </details>
      )}
      {staleCount > 0 && (
        <ul className="q-findings" aria-label="Stale reads">
          {staleReads!.map((stale) => (
            <li key={stale.readId} data-testid="stale-read">
              <span className="q-badge stale">⚠ stale read</span> {stale.explanation}{' '}
              <button type="button" onClick={() => jump(stale.readId)} data-testid={`jump-stale-${stale.readId}`}>
                Jump there
              </button>
            </li>
          ))}
        </ul>
      )}
      {(anomalies?.length ?? 0) > 0 && (
        <ul className="q-findings" aria-label="Session anomalies">
          {anomalies!.map((anomaly) => (
            <li key={`${anomaly.kind}-${anomaly.readId}`} data-testid="session-anomaly">
              <span className="q-badge session">{anomaly.kind}</span> {anomaly.explanation}{' '}
              <button type="button" onClick={() => jump(anomaly.readId)}>
                Jump there
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
});
