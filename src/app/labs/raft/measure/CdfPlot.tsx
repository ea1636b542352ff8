// Figure 16 redrawn: one cumulative distribution of downtime per election-timeout range (React draws, d3 computes).
import { useMemo } from 'react';
import type { RangeReport } from '../../../../worker/experimentEngine.ts';
import { createCdfPlot, formatDowntime, seriesSymbolPath } from '../../../geometry/experimentPlot.ts';
import { rangeKey, rangeLabel, seriesStyle } from './series.ts';

/** Drawn in these units and scaled by CSS: the text grows with the projector, as the figure does. */
const WIDTH_PX = 640;
const HEIGHT_PX = 400;

export function CdfPlot({ ranges, trialLimitMs }: { readonly ranges: readonly RangeReport[]; readonly trialLimitMs: number }) {
  const geometry = useMemo(
    () =>
      createCdfPlot({
        series: ranges.map((range) => ({ key: rangeKey(range.range), points: range.cdf })),
        widthPx: WIDTH_PX,
        heightPx: HEIGHT_PX,
        trialLimitMs,
      }),
    [ranges, trialLimitMs],
  );
  const { area } = geometry;
  return (
    <>
      <Legend ranges={ranges} emptyKeys={new Set(geometry.lines.filter((line) => line.empty).map((line) => line.key))} trialLimitMs={trialLimitMs} />
      <svg
        className="cdf-plot"
        viewBox={`0 0 ${WIDTH_PX} ${HEIGHT_PX}`}
        role="img"
        aria-labelledby="cdf-plot-title"
        aria-describedby="cdf-plot-description"
        data-testid="cdf-plot"
      >
        <title id="cdf-plot-title">Cumulative percent of trials with a new leader, by downtime, one line per election-timeout range</title>
        <desc id="cdf-plot-description">The numbers are in the table of percentiles beside the plot.</desc>
        <g className="cdf-grid" aria-hidden="true">
          {geometry.xTicks.map((tick) => (
            <line key={tick.valueMs} x1={tick.xPx} x2={tick.xPx} y1={area.topPx} y2={area.bottomPx} className={tick.label ? 'major' : 'minor'} />
          ))}
          {geometry.yTicks.map((tick) => (
            <line key={tick.percent} x1={area.leftPx} x2={area.rightPx} y1={tick.yPx} y2={tick.yPx} className="major" />
          ))}
        </g>
        <g className="cdf-axis" aria-hidden="true">
          <line x1={area.leftPx} x2={area.rightPx} y1={area.bottomPx} y2={area.bottomPx} />
          <line x1={area.leftPx} x2={area.leftPx} y1={area.topPx} y2={area.bottomPx} />
          {geometry.xTicks
            .filter((tick) => tick.label)
            .map((tick) => (
              <text key={tick.valueMs} x={tick.xPx} y={area.bottomPx + 18} textAnchor="middle">
                {tick.label}
              </text>
            ))}
          {geometry.yTicks.map((tick) => (
            <text key={tick.percent} x={area.leftPx - 8} y={tick.yPx + 5} textAnchor="end">
              {tick.percent}%
            </text>
          ))}
          <text className="cdf-axis-title" x={(area.leftPx + area.rightPx) / 2} y={HEIGHT_PX - 6} textAnchor="middle">
            Downtime: leader crash to new leader (log scale)
          </text>
          <text className="cdf-axis-title" transform={`translate(14 ${(area.topPx + area.bottomPx) / 2}) rotate(-90)`} textAnchor="middle">
            Cumulative % of trials
          </text>
        </g>
        {geometry.limitXPx !== null && (
          <g className="cdf-limit" aria-hidden="true">
            <line x1={geometry.limitXPx} x2={geometry.limitXPx} y1={area.topPx} y2={area.bottomPx} />
            <text transform={`translate(${geometry.limitXPx + 13} ${(area.topPx + area.bottomPx) / 2 - 40}) rotate(-90)`} textAnchor="middle">
              trial limit {formatDowntime(trialLimitMs)}
            </text>
          </g>
        )}
        <g className="cdf-lines" aria-hidden="true">
          {geometry.lines.map((line, index) => {
            const style = seriesStyle(ranges[index]!.range);
            return (
              <g key={line.key} data-testid={`cdf-line-${line.key}`} data-empty={line.empty} style={{ color: style.colour }}>
                <path d={line.path} fill="none" stroke="currentColor" strokeWidth={line.empty ? 3 : 2.25} strokeDasharray={style.dash} />
                {line.markers.map((marker) => (
                  <path key={`${marker.xPx},${marker.yPx}`} d={seriesSymbolPath(style.index)} transform={`translate(${marker.xPx} ${marker.yPx})`} className="cdf-marker" />
                ))}
              </g>
            );
          })}
        </g>
      </svg>
    </>
  );
}


/** Above the plot, so it never hides a curve; the table beside the plot repeats it with the numbers. */
function Legend({ ranges, emptyKeys, trialLimitMs }: { readonly ranges: readonly RangeReport[]; readonly emptyKeys: ReadonlySet<string>; readonly trialLimitMs: number }) {
  return (
    <ul className="cdf-legend" aria-hidden="true" data-testid="cdf-legend">
      {ranges.map((range) => {
        const style = seriesStyle(range.range);
        return (
          <li key={rangeKey(range.range)} style={{ color: style.colour }}>
            <svg width="38" height="14">
              <line x1={2} x2={36} y1={7} y2={7} stroke="currentColor" strokeWidth={2.25} strokeDasharray={style.dash} />
              <path d={seriesSymbolPath(style.index, 40)} transform="translate(19 7)" className="cdf-marker" />
            </svg>
            <span>
              {rangeLabel(range.range)}
              {emptyKeys.has(rangeKey(range.range)) ? ` (no leader in ${formatDowntime(trialLimitMs)})` : ''}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
