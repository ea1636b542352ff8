// Latency versus consistency, measured on this run: per level, the latency histogram in normal
// operation (the "ELC" half of PACELC) and what happened under faults (the "PA/PC" half), plus a
// marker placing the current configuration in the PACELC quadrants.
import { memo } from 'react';
import { requiredReplies } from '../../../kernel/protocols/quorum/index.ts';
import type { LevelStats } from '../../../worker/quorumEngine.ts';
import { useQuorumStore, useQuorumStoreApi } from './quorumContext.ts';
import { selectForm, selectMode, selectReplicaCount, selectReplicationFactor, selectSettings, selectStats } from './quorumStore.ts';

const BIN_MS = 5;
const HIST_WIDTH = 300;
const HIST_HEIGHT = 56;

function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
}

const Histogram = memo(function Histogram({ stats, maxMs }: { readonly stats: LevelStats; readonly maxMs: number }) {
  const sorted = [...stats.normalLatenciesMs].sort((a, b) => a - b);
  const binCount = Math.max(1, Math.ceil((maxMs + 1) / BIN_MS));
  const bins = Array.from({ length: binCount }, () => 0);
  for (const latency of sorted) bins[Math.min(binCount - 1, Math.floor(latency / BIN_MS))]! += 1;
  const highest = Math.max(1, ...bins);
  const barWidth = (HIST_WIDTH - 30) / binCount;
  const summary =
    sorted.length === 0
      ? 'no ok operations in normal operation yet'
      : `n = ${sorted.length}, median ${percentile(sorted, 0.5)} ms, p99 ${percentile(sorted, 0.99)} ms, max ${sorted.at(-1)} ms`;
  return (
    <figure className="q-histogram" data-testid={`latency-${stats.label.replace(' ', '-')}`}>
      <figcaption>
        <strong>{stats.label}</strong>: {summary}
      </figcaption>
      <svg viewBox={`0 0 ${HIST_WIDTH} ${HIST_HEIGHT + 18}`} role="img" aria-label={`Latency histogram for ${stats.label}: ${summary}`}>
        {bins.map((count, index) =>
          count === 0 ? null : (
            <g key={index}>
              <rect className={`q-hist-bar ${stats.kind}`} x={24 + index * barWidth} y={HIST_HEIGHT - (count / highest) * (HIST_HEIGHT - 12)} width={Math.max(1, barWidth - 1)} height={(count / highest) * (HIST_HEIGHT - 12)} />
              <text className="q-hist-count" x={24 + index * barWidth + barWidth / 2} y={HIST_HEIGHT - (count / highest) * (HIST_HEIGHT - 12) - 2} textAnchor="middle">
                {count}
              </text>
            </g>
          ),
        )}
        <line className="q-axis" x1={24} x2={HIST_WIDTH - 6} y1={HIST_HEIGHT} y2={HIST_HEIGHT} />
        {[0, Math.round(maxMs / 2), maxMs].map((tick) => (
          <text key={tick} className="q-hist-tick" x={24 + (tick / BIN_MS) * barWidth} y={HIST_HEIGHT + 13} textAnchor={tick === maxMs ? 'end' : tick === 0 ? 'start' : 'middle'}>
            {`${tick} ms`}
          </text>
        ))}
      </svg>
    </figure>
  );
});

const LEVEL_ORDER = ['ONE', 'QUORUM', 'ALL'];

/** Weaker levels first, then explicit counts, then consensus; writes before reads. */
function compareStats(a: LevelStats, b: LevelStats): number {
  const rank = (level: string) => (LEVEL_ORDER.includes(level) ? LEVEL_ORDER.indexOf(level) : level === 'raft' ? 100 : 10 + Number(level));
  return rank(a.level) - rank(b.level) || (a.kind === b.kind ? 0 : a.kind === 'write' ? -1 : 1);
}

export interface QuadrantPlacement {
  readonly partition: 'PA' | 'PC';
  readonly normal: 'EL' | 'EC';
  readonly reason: string;
}

/** Where a configuration sits: by construction (levels, mode, switches), which the measurements then show. */
export function placeConfiguration(mode: 'leaderless' | 'consensus', readCount: number, writeCount: number, replicationFactor: number, sloppyQuorum: boolean): QuadrantPlacement {
  if (mode === 'consensus') {
    return { partition: 'PC', normal: 'EC', reason: 'Every operation goes through the Raft log: a minority side cannot commit (PC), and even without faults each operation waits for a majority round trip through the leader (EC).' };
  }
  const overlap = readCount + writeCount > replicationFactor;
  const needed = Math.max(readCount, writeCount);
  const partition = sloppyQuorum || needed <= 1 ? 'PA' : 'PC';
  const partitionReason = sloppyQuorum
    ? 'with sloppy quorum, stand-in replicas accept the operation on any side (PA), at the price of overlap'
    : needed <= 1
      ? 'one reply is enough, so any side with a replica answers (PA)'
      : `${needed} replies are needed, so a side with fewer than ${needed} of the key's copies refuses or times out (PC)`;
  const normal = overlap && !sloppyQuorum ? 'EC' : 'EL';
  const normalReason = normal === 'EC' ? `R + W = ${readCount + writeCount} > N = ${replicationFactor}: every operation waits for the slower replicas of an overlapping quorum (EC)` : `R + W = ${readCount + writeCount} ≤ N = ${replicationFactor}${sloppyQuorum ? ' or sloppy quorum' : ''}: answers come from the fastest replies, and reads may be stale (EL)`;
  return { partition, normal, reason: `${partitionReason}; ${normalReason}.` };
}

export const QuadrantMarker = memo(function QuadrantMarker({ placement }: { readonly placement: QuadrantPlacement }) {
  const cells: { p: 'PA' | 'PC'; e: 'EL' | 'EC' }[] = [
    { p: 'PA', e: 'EL' },
    { p: 'PA', e: 'EC' },
    { p: 'PC', e: 'EL' },
    { p: 'PC', e: 'EC' },
  ];
  return (
    <div className="q-quadrant" data-testid="config-quadrant" data-quadrant={`${placement.partition}/${placement.normal}`}>
      <div className="q-quadrant-grid" role="img" aria-label={`This configuration is ${placement.partition}/${placement.normal}`}>
        {cells.map((cell) => {
          const here = cell.p === placement.partition && cell.e === placement.normal;
          return (
            <div key={`${cell.p}${cell.e}`} className={`q-quadrant-cell${here ? ' here' : ''}`}>
              {`${cell.p}/${cell.e}`}
              {here && <strong className="q-you-are-here"> ◆ this run</strong>}
            </div>
          );
        })}
      </div>
      <p>{placement.reason}</p>
    </div>
  );
});

export const LatencyPanel = memo(function LatencyPanel() {
  const stats = useQuorumStore(selectStats);
  const form = useQuorumStore(selectForm);
  const mode = useQuorumStore(selectMode);
  const settings = useQuorumStore(selectSettings);
  const replicationFactor = useQuorumStore(selectReplicationFactor);
  const replicaCount = useQuorumStore(selectReplicaCount);
  const store = useQuorumStoreApi();
  if (!stats || !mode || !settings) return null;
  const maxMs = Math.max(20, ...stats.flatMap((entry) => entry.normalLatenciesMs));
  // Sloppy quorum only acts when there are replicas beyond a key's N copies to stand in.
  const sloppyActive = settings.sloppyQuorum && replicationFactor < replicaCount;
  const placement = placeConfiguration(mode, requiredReplies(form.readLevel, replicationFactor), requiredReplies(form.writeLevel, replicationFactor), replicationFactor, sloppyActive);
  const faulted = stats.filter((entry) => entry.underFault.ok + entry.underFault.fail + entry.underFault.timeout > 0);
  return (
    <div className="q-analysis-grid" data-testid="latency-panel">
      <section className="card" aria-label="Latency in normal operation">
        <h2>Else (no partition): latency by level — the EL/EC half</h2>
        <div className="button-row">
          <button type="button" onClick={() => void store.getState().actions.measureLevels()} data-testid="measure-levels">
            Measure: each client writes and reads at every level (plays at 1×)
          </button>
        </div>
        {stats.length === 0 ? (
          <p className="muted">Issue some reads and writes at different levels (no partition) to see their latency distributions.</p>
        ) : (
          <div className="q-hist-list">
            {[...stats].sort(compareStats).map((entry) => (
              <Histogram key={entry.label} stats={entry} maxMs={maxMs} />
            ))}
          </div>
        )}
        <p className="muted">Latency = completion − invocation of ok operations that overlapped no partition, cut link or crash. More replies to wait for means waiting for the slower replicas.</p>
      </section>
      <section className="card" aria-label="Availability under partition">
        <h2>Partition: availability by level — the PA/PC half</h2>
        {faulted.length === 0 ? (
          <p className="muted">No operation has run during a partition or crash yet. Drag a replica away, then read and write on both sides.</p>
        ) : (
          <table className="q-availability" data-testid="availability-table">
            <thead>
              <tr>
                <th scope="col">Operations</th>
                <th scope="col">ok</th>
                <th scope="col">fail</th>
                <th scope="col">timeout?</th>
                <th scope="col">available</th>
              </tr>
            </thead>
            <tbody>
              {faulted.map((entry) => {
                const total = entry.underFault.ok + entry.underFault.fail + entry.underFault.timeout;
                return (
                  <tr key={entry.label}>
                    <th scope="row">{entry.label}</th>
                    <td>{entry.underFault.ok}</td>
                    <td>{entry.underFault.fail}</td>
                    <td>{entry.underFault.timeout}</td>
                    <td>{`${Math.round((entry.underFault.ok / total) * 100)}%`}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        <h3 className="sr-heading">This configuration in PACELC</h3>
        <QuadrantMarker placement={placement} />
      </section>
    </div>
  );
});
