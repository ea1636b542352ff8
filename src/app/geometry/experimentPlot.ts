// The election experiment's CDF plot (Raft §9.3, Figure 16): d3 scales, step-line paths, ticks and marker symbols; React draws them.

import {
  line,
  curveStepAfter,
  scaleLinear,
  scaleLog,
  symbol,
  symbolCircle,
  symbolCross,
  symbolDiamond,
  symbolSquare,
  symbolStar,
  symbolTriangle,
  symbolWye,
} from 'd3';

export interface CdfPoint {
  readonly downtimeMs: number;
  /** Share of all trials (0–1) that elected a new leader within `downtimeMs`. */
  readonly fraction: number;
}

export interface CdfSeriesInput {
  readonly key: string;
  readonly points: readonly CdfPoint[];
}

export interface CdfPlotInput {
  readonly series: readonly CdfSeriesInput[];
  readonly widthPx: number;
  readonly heightPx: number;
  /** Trials give up after this long; when a curve stops short of 100 % the axis reaches it. */
  readonly trialLimitMs: number;
  /** Heights (0–1) where each series puts its markers; shifted per series so markers do not stack. */
  readonly markerFractions?: (seriesIndex: number) => readonly number[];
}

export interface PlotArea {
  readonly leftPx: number;
  readonly rightPx: number;
  readonly topPx: number;
  readonly bottomPx: number;
}

export interface CdfPlotLine {
  readonly key: string;
  /** SVG path of the step function, from 0 % at the first downtime to the right edge. */
  readonly path: string;
  readonly markers: readonly { readonly xPx: number; readonly yPx: number }[];
  /** Where the curve ends (right edge), for a label. */
  readonly endYPx: number;
  readonly empty: boolean;
}

export interface CdfPlotGeometry {
  readonly area: PlotArea;
  readonly domainMs: readonly [number, number];
  readonly xTicks: readonly { readonly valueMs: number; readonly xPx: number; readonly label: string | null }[];
  readonly yTicks: readonly { readonly percent: number; readonly yPx: number }[];
  readonly lines: readonly CdfPlotLine[];
  /** The trial limit's x, when it lies inside the domain. */
  readonly limitXPx: number | null;
}

export const PLOT_MARGIN = { left: 56, right: 26, top: 14, bottom: 46 } as const;

const defaultMarkerFractions = (seriesIndex: number) => [0.12 + 0.05 * seriesIndex, 0.52 + 0.05 * seriesIndex];

/** Powers of ten around the data, as the paper's log axis; at least one decade wide. */
export function downtimeDomainMs(series: readonly CdfSeriesInput[], trialLimitMs: number): [number, number] {
  let minMs = Infinity;
  let maxMs = -Infinity;
  for (const { points } of series) {
    for (const point of points) {
      minMs = Math.min(minMs, point.downtimeMs);
      maxMs = Math.max(maxMs, point.downtimeMs);
    }
    // A curve that does not reach 100 % has trials that timed out at the limit.
    if ((points.at(-1)?.fraction ?? 0) < 1) maxMs = Math.max(maxMs, trialLimitMs);
  }
  if (!Number.isFinite(minMs)) minMs = 10;
  if (!Number.isFinite(maxMs)) maxMs = 1000;
  const low = 10 ** Math.floor(Math.log10(Math.max(1, minMs)));
  const high = 10 ** Math.ceil(Math.log10(Math.max(maxMs, low * 10)));
  return [low, high];
}

export function formatDowntime(valueMs: number): string {
  if (valueMs >= 1000) return `${Number((valueMs / 1000).toPrecision(3))} s`;
  return `${Number(valueMs.toPrecision(3))} ms`;
}

export function createCdfPlot(input: CdfPlotInput): CdfPlotGeometry {
  const area: PlotArea = {
    leftPx: PLOT_MARGIN.left,
    rightPx: input.widthPx - PLOT_MARGIN.right,
    topPx: PLOT_MARGIN.top,
    bottomPx: input.heightPx - PLOT_MARGIN.bottom,
  };
  const domainMs = downtimeDomainMs(input.series, input.trialLimitMs);
  const x = scaleLog().domain(domainMs).range([area.leftPx, area.rightPx]).clamp(true);
  const y = scaleLinear().domain([0, 1]).range([area.bottomPx, area.topPx]);
  // Steps are [downtimeMs, fraction].
  const stepLine = line<readonly [number, number]>()
    .x(([timeMs]) => x(timeMs))
    .y(([, fraction]) => y(fraction))
    .curve(curveStepAfter);
  // Labels on each power of ten, as the paper's axis (and on 2 and 5 too when there is room);
  // the other ticks are grid lines only.
  const labelled = Math.log10(domainMs[1] / domainMs[0]) <= 2 ? [1, 2, 5] : [1];
  const xTicks = x.ticks().map((valueMs) => {
    const leading = Math.round(valueMs / 10 ** Math.floor(Math.log10(valueMs) + 1e-9));
    return { valueMs, xPx: x(valueMs), label: labelled.includes(leading) ? formatDowntime(valueMs) : null };
  });
  const yTicks = [0, 0.2, 0.4, 0.6, 0.8, 1].map((fraction) => ({ percent: Math.round(fraction * 100), yPx: y(fraction) }));
  const markerFractions = input.markerFractions ?? defaultMarkerFractions;
  const lines = input.series.map(({ key, points }, seriesIndex): CdfPlotLine => {
    if (points.length === 0) {
      // No trial elected a leader: the cumulative share is 0 % everywhere.
      return { key, path: stepLine([[domainMs[0], 0], [domainMs[1], 0]]) ?? '', markers: [], endYPx: y(0), empty: true };
    }
    const steps: (readonly [number, number])[] = [[points[0]!.downtimeMs, 0]];
    for (const point of points) steps.push([point.downtimeMs, point.fraction]);
    const last = points.at(-1)!;
    steps.push([domainMs[1], last.fraction]);
    const markers = markerFractions(seriesIndex)
      .filter((fraction) => fraction <= last.fraction)
      .map((fraction) => {
        const reached = points.find((point) => point.fraction >= fraction)!;
        return { xPx: x(reached.downtimeMs), yPx: y(fraction) };
      });
    return { key, path: stepLine(steps) ?? '', markers, endYPx: y(last.fraction), empty: false };
  });
  return {
    area,
    domainMs,
    xTicks,
    yTicks,
    lines,
    limitXPx: input.trialLimitMs >= domainMs[0] && input.trialLimitMs <= domainMs[1] ? x(input.trialLimitMs) : null,
  };
}

const SYMBOLS = [symbolCircle, symbolSquare, symbolTriangle, symbolDiamond, symbolCross, symbolStar, symbolWye];

/** A distinct marker shape per series (up to seven, Figure 16's number of ranges), centred on 0,0. */
export function seriesSymbolPath(seriesIndex: number, areaPx2 = 48): string {
  return symbol(SYMBOLS[seriesIndex % SYMBOLS.length]!, areaPx2)() ?? '';
}
