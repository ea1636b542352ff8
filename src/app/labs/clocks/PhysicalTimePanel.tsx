// Physical time and its trouble: skewed clocks stamping the diagram, last-write-wins losing a causally later write, HLC, TrueTime and commit wait.
import { useId, useMemo } from 'react';
import {
  checkTrueTimes,
  commitWaitLatencies,
  externalConsistencyDemo,
  formatHybrid,
  lastWriteWinsDemo,
  perfectClock,
  stampHybridClocks,
  stampPhysicalTimes,
  stampTrueTimeIntervals,
  type ClockAnalysis,
  type EventId,
  type PhysicalClock,
  type StampedEvent,
} from '../../../kernel/protocols/clocks/index.ts';
import { layoutDiagram, lineChart } from '../../geometry/clocksLayout.ts';
import { useClocksStore } from './clocksContext.ts';
import { selectActions, selectAnalysis, selectClocks, selectDocument, selectEpsilon, selectLwwSkew } from './clocksStore.ts';

const TABLE_LIMIT = 120;
const EPSILON_MAX_MS = 20;

export function PhysicalTimePanel() {
  return (
    <div className="clocks-physical">
      <SkewSection />
      <LastWriteWinsSection />
      <TrueTimeSection />
    </div>
  );
}

function SkewSection() {
  const analysis = useClocksStore(selectAnalysis);
  const document = useClocksStore(selectDocument);
  const clocks = useClocksStore(selectClocks);
  const epsilonMs = useClocksStore(selectEpsilon);
  const actions = useClocksStore(selectActions);
  const trueTimes = useMemo(() => Object.fromEntries(document.events.map((event) => [event.id, event.timeTicks])), [document.events]);
  const stamps = useMemo(() => {
    if (!analysis || checkTrueTimes(analysis, trueTimes).length > 0) return null;
    const physical = stampPhysicalTimes(analysis, trueTimes, clocks);
    const hybrid = stampHybridClocks(analysis, physical);
    const trueTime = stampTrueTimeIntervals(analysis, trueTimes, clocks, epsilonMs);
    return { physical, hybrid, trueTime };
  }, [analysis, trueTimes, clocks, epsilonMs]);
  if (!analysis) return null;
  const physicalOf = new Map(stamps?.physical.map((stamp) => [stamp.eventId, stamp]) ?? []);
  const backwards = stamps ? messagesGoingBackwards(analysis, (id) => physicalOf.get(id)?.physicalTimeMs ?? 0) : [];
  const hybridOf = new Map(stamps?.hybrid.map((stamp) => [stamp.eventId, stamp]) ?? []);
  const hybridBackwards = stamps ? messagesGoingBackwards(analysis, (id) => { const stamp = hybridOf.get(id); return stamp ? stamp.l * 1_000_000 + stamp.c : 0; }) : [];
  const rows = [...analysis.events].sort((first, second) => (trueTimes[first.event.id] ?? 0) - (trueTimes[second.event.id] ?? 0)).slice(0, TABLE_LIMIT);
  return (
    <section className="card" aria-labelledby="skew-title" data-testid="skew-view">
      <h2 id="skew-title">Clock skew on this diagram</h2>
      <p className="muted">
        Each process reads its own quartz clock: true time + offset + drift. The diagram's positions are the true times (ms). Set each clock and watch messages that, by the clocks, arrive before they were sent.
      </p>
      <table className="clocks-clock-settings">
        <thead>
          <tr>
            <th scope="col">process</th>
            <th scope="col">offset (ms)</th>
            <th scope="col">drift (ppm)</th>
          </tr>
        </thead>
        <tbody>
          {analysis.processes.map((process) => {
            const clock: PhysicalClock = clocks[process] ?? perfectClock;
            return (
              <tr key={process}>
                <th scope="row">{process}</th>
                <td>
                  <input
                    type="number"
                    min={-200}
                    max={200}
                    step={1}
                    value={clock.offsetMs}
                    aria-label={`${process} clock offset in milliseconds`}
                    data-testid={`offset-${process}`}
                    onChange={(event) => actions.setClock(process, { ...clock, offsetMs: clampInteger(event.target.value, -200, 200) })}
                  />
                </td>
                <td>
                  <input
                    type="number"
                    min={-200_000}
                    max={200_000}
                    step={1000}
                    value={clock.driftPpm}
                    aria-label={`${process} clock drift in parts per million`}
                    onChange={(event) => actions.setClock(process, { ...clock, driftPpm: clampInteger(event.target.value, -200_000, 200_000) })}
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="muted small">Real quartz drifts up to about ±200 ppm (17 ms a day); larger values are allowed here so the effect shows within a diagram.</p>
      {!stamps ? (
        <p>Physical times need every lane strictly ordered in time; this diagram is not.</p>
      ) : (
        <>
          <p data-testid="skew-summary" className={backwards.length > 0 ? 'clocks-warning' : undefined}>
            {backwards.length === 0
              ? 'With these clocks every message is stamped later than its send.'
              : `⚠ By the physical clocks, ${backwards.length} message${backwards.length === 1 ? ' is' : 's are'} received before ${backwards.length === 1 ? 'it was' : 'they were'} sent: ${backwards.slice(0, 6).join(', ')}${backwards.length > 6 ? ', …' : ''}.`}{' '}
            Hybrid logical clocks: {hybridBackwards.length === 0 ? 'every receive is stamped after its send (HLC respects causality).' : `${hybridBackwards.length} backwards (a bug).`}
          </p>
          <div className="clocks-table-scroll">
            <table className="clocks-stamps" data-testid="physical-stamps">
              <caption>Every event stamped by its process's clock, by HLC (l, c) and by TrueTime (ε = {epsilonMs} ms)</caption>
              <thead>
                <tr>
                  <th scope="col">event</th>
                  <th scope="col">true (ms)</th>
                  <th scope="col">physical clock (ms)</th>
                  <th scope="col">HLC (l, c)</th>
                  <th scope="col">TT.now() [earliest, latest]</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((stamp) => {
                  const physical = physicalOf.get(stamp.event.id);
                  const hybrid = hybridOf.get(stamp.event.id);
                  const interval = stamps.trueTime[stamp.index];
                  return (
                    <tr key={stamp.event.id}>
                      <th scope="row">
                        {stamp.event.id} <span className="muted">({stamp.event.process})</span>
                      </th>
                      <td>{physical?.trueTimeMs}</td>
                      <td title={physical?.explanation}>{physical?.physicalTimeMs}</td>
                      <td title={hybrid?.explanation}>
                        {hybrid ? formatHybrid(hybrid) : ''}
                        {hybrid && hybrid.aheadOfPhysicalMs > 0 && <span className="muted"> (+{hybrid.aheadOfPhysicalMs} ahead)</span>}
                      </td>
                      <td>
                        {interval && `[${interval.interval.earliestMs}, ${interval.interval.latestMs}]`}
                        {interval && !interval.containsTrueTime && <span className="clocks-tag refused"> true time outside: ε too small for this skew</span>}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {analysis.events.length > TABLE_LIMIT && <p className="muted">Showing the first {TABLE_LIMIT} of {analysis.events.length} events.</p>}
        </>
      )}
    </section>
  );
}

/** Messages whose receive is not stamped after its send by the given clock. */
function messagesGoingBackwards(analysis: ClockAnalysis, timeOf: (eventId: EventId) => number): string[] {
  const result: string[] = [];
  for (const stamp of analysis.events) {
    for (const received of stamp.receivedFrom) {
      if (timeOf(received.sendEventId) >= timeOf(stamp.event.id)) result.push(received.messageId);
    }
  }
  return result;
}

function clampInteger(text: string, min: number, max: number): number {
  const value = Math.round(Number(text));
  if (!Number.isFinite(value)) return 0;
  return Math.min(max, Math.max(min, value));
}

function LastWriteWinsSection() {
  const skewMs = useClocksStore(selectLwwSkew);
  const actions = useClocksStore(selectActions);
  const demo = useMemo(() => lastWriteWinsDemo({ skewMs }), [skewMs]);
  const { resolution } = demo;
  const lost = resolution.lostCausallyLaterWrites;
  return (
    <section className="card" aria-labelledby="lww-title" data-testid="lww-demo" data-lost={lost.length > 0}>
      <h2 id="lww-title">Last write wins drops a causally later write</h2>
      <p className="muted">
        DDIA ch. 8: client A sets x = 1 on node1, whose clock runs ahead; node3 applies it and client B increments x to 2 there. node2 receives both and keeps the write with the larger timestamp.
      </p>
      <label className="clocks-slider">
        node1's clock is ahead by <strong>{skewMs} ms</strong>
        <input type="range" min={0} max={10} step={1} value={skewMs} onChange={(event) => actions.setLwwSkew(Number(event.target.value))} data-testid="lww-skew" aria-label="node1 clock skew in milliseconds" />
      </label>
      <LwwDiagram demo={demo} />
      <div className="clocks-columns tight">
        <div className={`clocks-verdict ${lost.length > 0 ? 'bad' : 'good'}`} data-testid="lww-result">
          <h3>Last write wins (physical timestamps)</h3>
          <p>
            Keeps <strong>x = {resolution.lastWriteWins.winner.value}</strong>.
          </p>
          {lost.length > 0 ? (
            <p data-testid="lww-lost">
              ✗ Lost write: {lost.map((write) => `x = ${write.value} (${write.eventId})`).join(', ')} — it happened after x = {resolution.lastWriteWins.winner.value}, but its clock said earlier. No error is reported.
            </p>
          ) : (
            <p>✓ No write lost: the skew ({skewMs} ms) is smaller than the real time between the writes.</p>
          )}
        </div>
        <div className="clocks-verdict good" data-testid="vector-result">
          <h3>Vector clocks</h3>
          <p>
            Keep <strong>{resolution.vectorClocks.survivors.map((write) => `x = ${write.value}`).join(' and ')}</strong>
            {resolution.vectorClocks.conflict ? ': a conflict, reported to resolve.' : '.'}
          </p>
          <p>
            {resolution.vectorClocks.superseded.map((write) => `x = ${write.value}`).join(', ')} {resolution.vectorClocks.superseded.length === 1 ? 'happens' : 'happen'} before it: the order is read from causality, whatever the clocks say.
          </p>
        </div>
      </div>
      <p className="clocks-proof">{resolution.explanation}</p>
    </section>
  );
}

function LwwDiagram({ demo }: { demo: ReturnType<typeof lastWriteWinsDemo> }) {
  const markerId = useId().replace(/:/g, '');
  const { analysis, physicalStamps, trueTimesMs, writes } = demo;
  const layout = layoutDiagram({
    orientation: 'horizontal',
    laneCount: analysis.processes.length,
    times: Object.values(trueTimesMs),
    axis: 'compact',
    viewportWidthPx: 640,
    viewportHeightPx: 190,
    labelWidthPx: 48,
  });
  const physicalOf = new Map(physicalStamps.map((stamp) => [stamp.eventId, stamp.physicalTimeMs]));
  const pointOf = (stamp: StampedEvent) => layout.point(stamp.processIndex, trueTimesMs[stamp.event.id] ?? 0);
  const writeIds = new Set(writes.map((write) => write.eventId));
  const lostIds = new Set(demo.resolution.lostCausallyLaterWrites.map((write) => write.eventId));
  return (
    <svg className="clocks-mini" width={layout.widthPx} height={layout.heightPx} role="img" aria-label="The last-write-wins run as a space-time diagram, each event with its physical timestamp">
      <defs>
        <marker id={`${markerId}-arrow`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M 0 0 L 10 5 L 0 10 z" className="clocks-arrowhead" />
        </marker>
      </defs>
      {analysis.processes.map((process, index) => (
        <g key={process}>
          <line className="clocks-lane-line" x1={layout.timeStartPx - 10} y1={layout.lanePx(index)} x2={layout.timeEndPx} y2={layout.lanePx(index)} />
          <text className="clocks-lane-name" x={8} y={layout.lanePx(index) + 5}>
            {process}
          </text>
        </g>
      ))}
      {analysis.events.flatMap((stamp) =>
        stamp.receivedFrom.map((received) => {
          const from = pointOf(analysis.events[analysis.index.eventIndex.get(received.sendEventId) as number] as StampedEvent);
          const to = pointOf(stamp);
          return <line key={received.messageId} className="clocks-message" x1={from.x} y1={from.y} x2={to.x - 6} y2={to.y + (from.y < to.y ? -6 : 6)} markerEnd={`url(#${markerId}-arrow)`} />;
        }),
      )}
      {analysis.events.map((stamp) => {
        const point = pointOf(stamp);
        const isWrite = writeIds.has(stamp.event.id);
        return (
          <g key={stamp.event.id} className={`clocks-event${lostIds.has(stamp.event.id) ? ' lost' : ''}`}>
            {isWrite ? <rect className="clocks-dot write" x={point.x - 7} y={point.y - 7} width={14} height={14} rx={2} /> : <circle className="clocks-dot local" cx={point.x} cy={point.y} r={5} />}
            <text className="clocks-event-name" x={point.x} y={point.y - 13} textAnchor="middle">
              {physicalOf.get(stamp.event.id)} ms
            </text>
            {isWrite && (
              <text className="clocks-event-vector" x={point.x} y={point.y + 22} textAnchor="middle">
                {stamp.event.label.replace(/^client [AB]: /, '')}
                {lostIds.has(stamp.event.id) ? ' — LOST' : ''}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}

function TrueTimeSection() {
  const epsilonMs = useClocksStore(selectEpsilon);
  const actions = useClocksStore(selectActions);
  const without = externalConsistencyDemo({ epsilonMs, commitWait: false });
  const withWait = externalConsistencyDemo({ epsilonMs, commitWait: true });
  const latencies = useMemo(() => commitWaitLatencies(Array.from({ length: EPSILON_MAX_MS + 1 }, (_, epsilon) => epsilon)), []);
  const chart = lineChart(latencies.map((entry) => ({ x: entry.epsilonMs, y: entry.addedLatencyMs })), { widthPx: 360, heightPx: 190, marginPx: { left: 44, right: 14, top: 12, bottom: 36 } });
  const current = latencies[epsilonMs];
  return (
    <section className="card" aria-labelledby="truetime-title" data-testid="truetime">
      <h2 id="truetime-title">TrueTime and Spanner's commit wait</h2>
      <p className="muted">
        TT.now() returns an interval [earliest, latest] that contains true time as long as every clock is within ε. Spanner gives a commit the timestamp s = latest and waits until TT.after(s) before anyone may see it.
      </p>
      <label className="clocks-slider">
        uncertainty ε = <strong>{epsilonMs} ms</strong>
        <input type="range" min={0} max={EPSILON_MAX_MS} step={1} value={epsilonMs} onChange={(event) => actions.setEpsilon(Number(event.target.value))} aria-label="TrueTime uncertainty epsilon in milliseconds" data-testid="epsilon" />
      </label>
      <div className="clocks-columns tight">
        <div className={`clocks-verdict ${without.externallyConsistent ? 'good' : 'bad'}`} data-testid="no-commit-wait">
          <h3>Without commit wait</h3>
          <p>{without.externallyConsistent ? '✓ Timestamps follow real time.' : '✗ T2 started after T1 finished but got a smaller timestamp.'}</p>
          <p className="small">{without.explanation}</p>
        </div>
        <div className={`clocks-verdict ${withWait.externallyConsistent ? 'good' : 'bad'}`} data-testid="with-commit-wait">
          <h3>With commit wait</h3>
          <p>{withWait.externallyConsistent ? '✓ External consistency: s1 < s2.' : '✗ Not consistent.'}</p>
          <p className="small">{withWait.explanation}</p>
        </div>
        <figure className="clocks-chart">
          <svg width={360} height={190} role="img" aria-label={`Commit wait latency grows as 2ε: ${current?.addedLatencyMs ?? 0} ms at ε = ${epsilonMs} ms`} data-testid="latency-chart">
            {chart.yTicks.map((tick) => (
              <g key={`y${tick.value}`}>
                <line className="clocks-grid" x1={44} x2={346} y1={tick.px} y2={tick.px} />
                <text className="clocks-axis-label" x={38} y={tick.px + 4} textAnchor="end">
                  {tick.value}
                </text>
              </g>
            ))}
            {chart.xTicks.map((tick) => (
              <text key={`x${tick.value}`} className="clocks-axis-label" x={tick.px} y={172} textAnchor="middle">
                {tick.value}
              </text>
            ))}
            <text className="clocks-axis-title" x={195} y={188} textAnchor="middle">
              ε (ms)
            </text>
            <text className="clocks-axis-title" x={12} y={100} textAnchor="middle" transform="rotate(-90 12 100)">
              added latency (ms)
            </text>
            <path className="clocks-chart-line" d={chart.path} />
            {current && (
              <g>
                <circle className="clocks-chart-point" cx={chart.x(current.epsilonMs)} cy={chart.y(current.addedLatencyMs)} r={5} />
                <text className="clocks-axis-label strong" x={chart.x(current.epsilonMs) + 8} y={chart.y(current.addedLatencyMs) - 8}>
                  {current.addedLatencyMs} ms
                </text>
              </g>
            )}
          </svg>
          <figcaption className="small">Every commit pays about 2ε of waiting: the price of not knowing the time exactly.</figcaption>
        </figure>
      </div>
    </section>
  );
}
