// The numbers behind the plot, one row per range: progress, leaders elected, downtime percentiles and mean.
import type { RangeReport } from '../../../../worker/experimentEngine.ts';
import { seriesSymbolPath } from '../../../geometry/experimentPlot.ts';
import { rangeKey, rangeLabel, seriesStyle } from './series.ts';

const cell = (valueMs: number | null) => (valueMs === null ? '–' : Math.round(valueMs).toLocaleString('en'));

export function PercentileTable({ ranges, caption }: { readonly ranges: readonly RangeReport[]; readonly caption: string }) {
  return (
    <table className="percentile-table" data-testid="percentile-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Election timeout</th>
          <th scope="col">Trials run</th>
          <th scope="col">New leader</th>
          <th scope="col" className="number">
            Median <span className="unit">ms</span>
          </th>
          <th scope="col" className="number">
            90th <span className="unit">ms</span>
          </th>
          <th scope="col" className="number">
            99th <span className="unit">ms</span>
          </th>
          <th scope="col" className="number">
            Worst <span className="unit">ms</span>
          </th>
          <th scope="col" className="number">
            Mean <span className="unit">ms</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {ranges.map((range) => {
          const style = seriesStyle(range.range);
          const { percentilesMs, meanMs, elected, trials } = range.summary;
          const label = rangeLabel(range.range);
          return (
            <tr key={rangeKey(range.range)} data-testid={`range-row-${rangeKey(range.range)}`} data-trials-done={range.trialsDone} data-elected={elected} data-median-ms={percentilesMs.p50 ?? ''}>
              <th scope="row">
                <svg className="swatch" width="40" height="14" aria-hidden="true" style={{ color: style.colour }}>
                  <line x1={2} x2={38} y1={7} y2={7} stroke="currentColor" strokeWidth={2.25} strokeDasharray={style.dash} />
                  <path d={seriesSymbolPath(style.index, 40)} transform="translate(20 7)" className="cdf-marker" />
                </svg>
                {label}
              </th>
              <td>
                <span className="progress-cell">
                  <progress max={range.trialsPlanned} value={range.trialsDone} aria-label={`${label}: ${range.trialsDone} of ${range.trialsPlanned} trials run`} />
                  <span className="count">
                    {range.trialsDone}/{range.trialsPlanned}
                  </span>
                </span>
              </td>
              <td title={range.failures.map((failure) => `${failure.reason}: ${failure.count}`).join('; ') || undefined}>
                {trials === 0 ? '–' : elected === trials ? 'all' : `${elected}/${trials}`}
              </td>
              <td className="number">{cell(percentilesMs.p50)}</td>
              <td className="number">{cell(percentilesMs.p90)}</td>
              <td className="number">{cell(percentilesMs.p99)}</td>
              <td className="number">{cell(percentilesMs.max)}</td>
              <td className="number">{cell(meanMs)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
