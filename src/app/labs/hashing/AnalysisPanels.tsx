// What the last change did (moved keys, the ideal, the other strategies), the load per node, the vnodes plot and the hot key.
import { useId, useMemo, useRef, useState } from 'react';
import { strategyNames, type StrategyName } from '../../../kernel/protocols/hashing/index.ts';
import { nodeColour, vnodePlotGeometry } from '../../geometry/hashingRing.ts';
import type { HashingExtras, HashingFrame } from '../../../worker/hashingEngine.ts';
import { unitsPerPixelStyle, useUnitsPerPixel } from '../../components/useUnitsPerPixel.ts';
import { useHashingStore, useHashingStoreApi } from './hashingContext.ts';
import { selectExtras, selectFrame, selectHover, selectSelectedNodeId } from './hashingStore.ts';
import { formatBytes, formatCount, formatPercent, formatRatio, LOOKUP_COST_SHORT, STRATEGY_SHORT_TITLES, STRATEGY_TITLES } from './format.ts';

export function MovementPanel() {
  const frame = useHashingStore(selectFrame);
  const extras = useHashingStore(selectExtras);
  const id = useId();
  if (!frame) return null;
  const change = frame.lastChange;
  return (
    <section className="card movement-panel" aria-labelledby={`${id}-title`} data-testid="movement-panel">
      <h2 id={`${id}-title`}>Keys moved by the last change</h2>
      {!change ? (
        <p className="muted" data-testid="moved-figure" data-moved-fraction="" data-moved-count="">
          No change yet. Add, remove or fail a node, or change the strategy or virtual nodes, and see which keys move.
        </p>
      ) : (
        <>
          <p className="moved-headline" data-testid="moved-figure" data-moved-fraction={change.movedFraction.toFixed(4)} data-moved-count={change.movedKeyCount} aria-live="polite">
            <code>{change.description}</code> moved <strong>{formatCount(change.movedKeyCount)}</strong> of {formatCount(frame.keyCount)} keys (
            <strong>{formatPercent(change.movedFraction)}</strong>)
          </p>
          <p className="muted" data-testid="ideal-figure">
            {change.idealKeyCount === 0
              ? 'Ideal minimum: 0 keys (no node gained or lost share; anything that moved is the strategy reshuffling).'
              : `Ideal minimum ≈ K/N: ${formatCount(change.idealKeyCount)} keys (${formatPercent(change.idealFraction)}), the share that must change hands.`}
          </p>
          <p className="moved-since-start" data-testid="moved-since-start" data-change-count={frame.sinceStart.changeCount} data-move-count={frame.sinceStart.moveCount} data-distinct-count={frame.sinceStart.distinctKeyCount}>
            Since the start: {frame.sinceStart.changeCount} change{frame.sinceStart.changeCount === 1 ? '' : 's'} moved <strong>{formatCount(frame.sinceStart.moveCount)}</strong> keys in all;{' '}
            <strong>{formatCount(frame.sinceStart.distinctKeyCount)}</strong> different keys (<strong>{formatPercent(frame.sinceStart.distinctFraction)}</strong>) have moved at least once.
          </p>
          <MovedBars frame={frame} extras={extras} />
        </>
      )}
    </section>
  );
}

/** The same change under every strategy, as bars from 0 to 100 % of keys, with the ideal marked. */
function MovedBars({ frame, extras }: { readonly frame: HashingFrame; readonly extras: HashingExtras | null }) {
  const change = frame.lastChange!;
  if (!extras || extras.version !== frame.version) return <p className="muted">Computing the same change under the other strategies…</p>;
  const comparable = extras.comparison.strategies.some((figures) => figures.movedFraction !== null);
  if (!comparable) return <p className="muted">This change switched strategy, so there is no “same change” to compare.</p>;
  return (
    <div>
      <p className="sr-heading">The same change under each strategy{extras.comparison.keyCount < frame.keyCount ? ` (first ${formatCount(extras.comparison.keyCount)} keys)` : ''}:</p>
      <ul className="moved-bars" data-testid="moved-bars">
        {extras.comparison.strategies.map((figures) => {
          const fraction = figures.movedFraction ?? 0;
          const current = figures.name === frame.config.strategy;
          return (
            <li key={figures.name} data-strategy={figures.name} data-moved-fraction={fraction.toFixed(4)} className={current ? 'current' : ''}>
              <span className="bar-label">
                {STRATEGY_TITLES[figures.name]}
                {current ? ' (current)' : ''}
              </span>
              <span className="bar-track" aria-hidden="true">
                <span className={`bar-fill${fraction > 0.5 ? ' alarm' : ''}`} style={{ width: `${Math.min(100, fraction * 100)}%` }} />
                <span className="bar-ideal" style={{ left: `${Math.min(100, change.idealFraction * 100)}%` }} title="ideal minimum" />
              </span>
              <span className="bar-value">{formatPercent(fraction)}</span>
            </li>
          );
        })}
      </ul>
      <p className="muted small">The thin mark on each bar is the ideal minimum.</p>
    </div>
  );
}

const BAR_LABELS_MAX = 40;

export function LoadPanel() {
  const frame = useHashingStore(selectFrame);
  const extras = useHashingStore(selectExtras);
  const hover = useHashingStore(selectHover);
  const selected = useHashingStore(selectSelectedNodeId);
  const store = useHashingStoreApi();
  const id = useId();
  const zipf = frame?.config.distribution.kind === 'zipf';
  const [measure, setMeasure] = useState<'keys' | 'requests'>('keys');
  if (!frame) return null;
  const showRequests = zipf && measure === 'requests';
  const values = frame.nodes.map((node) => (showRequests ? node.requestShare : node.keys));
  const upCount = frame.nodes.filter((node) => node.up).length;
  const mean = upCount === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / upCount;
  const max = Math.max(...values, mean * 1.05);
  const focusId = hover?.kind === 'node' ? hover.id : selected;
  const { load } = frame;
  const spreadPercent = load.keysMean === 0 ? 0 : load.keysStandardDeviation / load.keysMean;
  return (
    <section className="card load-panel" aria-labelledby={`${id}-title`} data-testid="load-panel">
      <h2 id={`${id}-title`}>Load per node</h2>
      <p className="load-figures" data-testid="maxload" data-max-over-mean={load.keysMaxOverMean.toFixed(3)} data-requests-max-over-mean={load.requestsMaxOverMean.toFixed(3)}>
        Keys: max/mean <strong>{formatRatio(load.keysMaxOverMean)}</strong> · std dev <strong>{formatCount(load.keysStandardDeviation)}</strong> keys ({formatPercent(spreadPercent)} of the mean)
        {zipf && (
          <>
            <br />
            Requests: max/mean <strong>{formatRatio(load.requestsMaxOverMean)}</strong>
          </>
        )}
      </p>
      {zipf && (
        <div className="button-row" role="group" aria-label="Bars show">
          <button type="button" aria-pressed={measure === 'keys'} onClick={() => setMeasure('keys')}>
            Keys
          </button>
          <button type="button" aria-pressed={measure === 'requests'} onClick={() => setMeasure('requests')} data-testid="show-requests">
            Request share
          </button>
        </div>
      )}
      <div className={`load-bars${frame.nodes.length > BAR_LABELS_MAX ? ' dense' : ''}`} role="list" aria-label={`${showRequests ? 'Request share' : 'Keys'} per node`}>
        <span className="load-mean" style={{ bottom: `${(mean / max) * 100}%` }} aria-hidden="true">
          <span>mean</span>
        </span>
        {frame.nodes.map((node, index) => {
          const value = values[index]!;
          const text = showRequests ? formatPercent(value) : formatCount(value);
          return (
            <div
              key={node.id}
              role="listitem"
              className={`load-bar${node.up ? '' : ' down'}${focusId === node.id ? ' focused' : ''}`}
              aria-label={`${node.id}${node.up ? '' : ' (down)'}: ${text}`}
              onPointerEnter={() => store.getState().actions.hover({ kind: 'node', id: node.id })}
              onPointerLeave={() => store.getState().actions.hover(null)}
              title={`${node.id}${node.up ? '' : ' (down)'}: ${text}`}
            >
              <span className="load-fill" style={{ height: `${(value / max) * 100}%`, background: node.up ? nodeColour(node.id) : undefined }} />
              {frame.nodes.length <= BAR_LABELS_MAX && <span className="load-label">{node.id}</span>}
            </div>
          );
        })}
      </div>
      <VnodePlot frame={frame} extras={extras} />
      {frame.hotKeys && <HotKeyBox frame={frame} />}
    </section>
  );
}

function VnodePlot({ frame, extras }: { readonly frame: HashingFrame; readonly extras: HashingExtras | null }) {
  const zipf = frame.config.distribution.kind === 'zipf';
  const plot = extras?.plot;
  const geometry = useMemo(() => (plot ? vnodePlotGeometry(plot, zipf, frame.config.vnodesPerNode) : null), [plot, zipf, frame.config.vnodesPerNode]);
  const svgRef = useRef<SVGSVGElement>(null);
  const unitsPerPixel = useUnitsPerPixel(svgRef, geometry && extras ? `0 0 ${geometry.width} ${geometry.height}` : '');
  if (!extras || !geometry) return <p className="muted">Plotting max/mean against virtual nodes…</p>;
  const first = extras.plot[0];
  const last = extras.plot[extras.plot.length - 1];
  return (
    <figure className="vnode-plot" data-testid="vnode-plot">
      <figcaption>
        Ring max/mean against virtual nodes per node ({formatCount(extras.plotKeyCount)} keys, healthy nodes). Keys: {first ? formatRatio(first.keysMaxOverMean) : '–'} at 1 →{' '}
        {last ? formatRatio(last.keysMaxOverMean) : '–'} at 500
        {zipf && last ? `; requests stay at ${formatRatio(last.requestsMaxOverMean)}: more tokens cannot split one hot key` : ''}.
      </figcaption>
      <svg ref={svgRef} style={unitsPerPixelStyle(unitsPerPixel)} viewBox={`0 0 ${geometry.width} ${geometry.height}`} className="plot-svg" role="img" aria-label="Max over mean load falls as virtual nodes per node grow">
        {geometry.yTicks.map((tick) => (
          <g key={tick.label}>
            <line x1={geometry.margin.left} x2={geometry.width - geometry.margin.right} y1={tick.y} y2={tick.y} className="plot-grid" />
            <text x={geometry.margin.left - 6} y={tick.y} textAnchor="end" dominantBaseline="central" className="plot-tick">
              {tick.label}
            </text>
          </g>
        ))}
        {geometry.xTicks.map((tick) => (
          <text key={tick.label} x={tick.x} y={geometry.height - geometry.margin.bottom + 16} textAnchor="middle" className="plot-tick">
            {tick.label}
          </text>
        ))}
        <text x={(geometry.margin.left + geometry.width) / 2} y={geometry.height - 2} textAnchor="middle" className="plot-tick">
          virtual nodes per node (log)
        </text>
        {geometry.currentX !== null && (
          <line x1={geometry.currentX} x2={geometry.currentX} y1={geometry.margin.top} y2={geometry.height - geometry.margin.bottom} className="plot-current" />
        )}
        <path d={geometry.keysPath} className="plot-line keys" />
        {geometry.requestsPath && <path d={geometry.requestsPath} className="plot-line requests" />}
        {geometry.points.map((point) => (
          <circle key={point.vnodes} cx={point.x} cy={point.yKeys} r={3} className="plot-point keys" />
        ))}
        {geometry.requestsPath &&
          geometry.points.map((point) => <rect key={point.vnodes} x={point.x - 3} y={point.yRequests - 3} width={6} height={6} className="plot-point requests" />)}
      </svg>
      <p className="plot-legend">
        <span>● keys</span>
        {zipf && <span>■ requests (dashed)</span>}
        <span>| current setting</span>
      </p>
    </figure>
  );
}

function HotKeyBox({ frame }: { readonly frame: HashingFrame }) {
  const hot = frame.hotKeys!;
  return (
    <div className="hot-key" data-testid="hot-key">
      <h3>The hot key</h3>
      <p>
        The hottest key gets <strong>{formatPercent(hot.hottestKeyShare)}</strong> of all requests. More virtual nodes cannot split it: it lives on one node.
      </p>
      <table className="compact">
        <tbody>
          <tr>
            <th scope="row">As placed</th>
            <td data-testid="hot-as-placed">requests max/mean {formatRatio(hot.asPlaced)}</td>
          </tr>
          <tr>
            <th scope="row">Reads from all {frame.config.replicaCount} replicas</th>
            <td data-testid="hot-replicas">{formatRatio(hot.readsFromReplicas)}</td>
          </tr>
          <tr>
            <th scope="row">Split into {hot.splitCount} sub-keys</th>
            <td data-testid="hot-split">{formatRatio(hot.splitKeys)}</td>
          </tr>
        </tbody>
      </table>
      <p className="muted small">
        Both remedies applied to the {hot.treatedKeyCount} hottest keys. Bounded loads caps <em>keys</em> per node, not requests: see its row in the table.
      </p>
    </div>
  );
}

export function ComparisonTable() {
  const frame = useHashingStore(selectFrame);
  const extras = useHashingStore(selectExtras);
  const id = useId();
  if (!frame) return null;
  const fresh = extras !== null && extras.version === frame.version;
  const zipf = frame.config.distribution.kind === 'zipf';
  const byName = new Map(extras?.comparison.strategies.map((figures) => [figures.name, figures]) ?? []);
  return (
    <section className="card comparison" aria-labelledby={`${id}-title`} data-testid="comparison" aria-busy={!fresh}>
      <h2 id={`${id}-title`}>
        Strategies side by side for these {frame.nodes.length} nodes
        {extras && extras.comparison.keyCount < frame.keyCount ? ` (first ${formatCount(extras.comparison.keyCount)} keys)` : ''}
      </h2>
      <div className="table-scroll">
        <table className="comparison-table">
          <thead>
            <tr>
              <th scope="col">Strategy</th>
              <th scope="col">Lookup cost</th>
              <th scope="col">Moved by the last change</th>
              <th scope="col">Keys max / mean</th>
              {zipf && <th scope="col">Requests max / mean</th>}
              <th scope="col">Memory</th>
              <th scope="col">Weights</th>
              <th scope="col">Remove any node</th>
            </tr>
          </thead>
          <tbody>
            {strategyNames.map((name: StrategyName) => {
              const figures = byName.get(name);
              const current = name === frame.config.strategy;
              return (
                <tr key={name} className={current ? 'current' : ''} data-strategy={name}>
                  <th scope="row" title={STRATEGY_TITLES[name]}>
                    {STRATEGY_SHORT_TITLES[name]}
                    {current ? ' (current)' : ''}
                  </th>
                  <td title={figures?.lookupCost} >{LOOKUP_COST_SHORT[name]}</td>
                  <td data-testid={`comparison-moved-${name}`}>{figures ? (figures.movedFraction === null ? '—' : formatPercent(figures.movedFraction)) : '…'}</td>
                  <td>{figures ? formatRatio(figures.keysMaxOverMean) : '…'}</td>
                  {zipf && <td>{figures ? formatRatio(figures.requestsMaxOverMean) : '…'}</td>}
                  <td>{figures ? formatBytes(figures.memoryEstimateBytes) : '…'}</td>
                  <td>{figures ? (figures.supportsWeights ? 'yes' : 'no') : '…'}</td>
                  <td>{figures ? (figures.supportsArbitraryRemoval ? 'yes' : 'only the last') : '…'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="muted small">
        N nodes, T tokens on the ring; bounded loads walks past full nodes, longer as ε shrinks. Memory counts lookup structures beyond the node list. Mod-N and jump ignore weights; jump numbers buckets 0…N−1, so removing a middle node renumbers the rest. “—”: the last change switched strategy.
      </p>
    </section>
  );
}
