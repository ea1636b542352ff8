// The Figure 16 plot's geometry: a log axis in whole decades, CDF step paths inside the plot, markers on the curves.
import { describe, expect, it } from 'vitest';
import { createCdfPlot, downtimeDomainMs, formatDowntime, seriesSymbolPath } from './experimentPlot.ts';

const WIDTH_PX = 760;
const HEIGHT_PX = 440;

/** Every coordinate pair of an SVG path made of M/L commands. */
function pathPoints(path: string): [number, number][] {
  return [...path.matchAll(/[ML](-?[\d.]+),(-?[\d.]+)/g)].map((match) => [Number(match[1]), Number(match[2])]);
}

describe('Figure 16 plot geometry', () => {
  const series = [
    { key: '150-200', points: [{ downtimeMs: 90, fraction: 0.25 }, { downtimeMs: 140, fraction: 0.75 }, { downtimeMs: 480, fraction: 1 }] },
    { key: '150-151', points: [{ downtimeMs: 500, fraction: 0.5 }] },
    { key: '150-150', points: [] },
  ];
  const plot = createCdfPlot({ series, widthPx: WIDTH_PX, heightPx: HEIGHT_PX, trialLimitMs: 30_000 });

  it('the downtime axis spans whole decades around the data, reaching the trial limit when a curve stops short of 100 %', () => {
    expect(downtimeDomainMs(series.slice(0, 1), 30_000)).toEqual([10, 1000]);
    expect(plot.domainMs).toEqual([10, 100_000]);
    expect(downtimeDomainMs([], 30_000)).toEqual([10, 1000]);
    expect(plot.limitXPx).not.toBeNull();
    expect(plot.xTicks.filter((tick) => tick.label).map((tick) => tick.label)).toEqual(['10 ms', '100 ms', '1 s', '10 s', '100 s']);
    const narrow = createCdfPlot({ series: series.slice(0, 1), widthPx: WIDTH_PX, heightPx: HEIGHT_PX, trialLimitMs: 30_000 });
    expect(narrow.xTicks.filter((tick) => tick.label).map((tick) => tick.label)).toEqual(['10 ms', '20 ms', '50 ms', '100 ms', '200 ms', '500 ms', '1 s']);
  });

  it('each curve is a step path inside the plot area, rising from 0 % to its last fraction', () => {
    const { area } = plot;
    for (const line of plot.lines) {
      const points = pathPoints(line.path);
      expect(points.length).toBeGreaterThan(1);
      for (const [x, y] of points) {
        expect(x).toBeGreaterThanOrEqual(area.leftPx - 0.01);
        expect(x).toBeLessThanOrEqual(area.rightPx + 0.01);
        expect(y).toBeGreaterThanOrEqual(area.topPx - 0.01);
        expect(y).toBeLessThanOrEqual(area.bottomPx + 0.01);
      }
      expect(points[0]![1]).toBeCloseTo(area.bottomPx);
      // Never falls: a cumulative distribution only rises (y grows downwards).
      for (let i = 1; i < points.length; i++) expect(points[i]![1]).toBeLessThanOrEqual(points[i - 1]![1] + 1e-6);
      // Runs on to the right edge.
      expect(points.at(-1)![0]).toBeCloseTo(area.rightPx);
    }
    expect(plot.lines[0]!.endYPx).toBeCloseTo(area.topPx);
    expect(plot.lines[1]!.endYPx).toBeCloseTo((area.topPx + area.bottomPx) / 2);
  });

  it('a range with no leader in any trial is a flat line at 0 %, flagged empty, with no markers', () => {
    const empty = plot.lines[2]!;
    expect(empty.empty).toBe(true);
    expect(empty.markers).toEqual([]);
    expect(new Set(pathPoints(empty.path).map(([, y]) => y))).toEqual(new Set([plot.area.bottomPx]));
  });

  it('markers sit on their curve, only at heights the curve reaches', () => {
    const first = plot.lines[0]!;
    expect(first.markers.length).toBe(2);
    const steps = pathPoints(first.path);
    for (const marker of first.markers) expect(steps.some(([x]) => Math.abs(x - marker.xPx) < 0.01)).toBe(true);
    expect(plot.lines[1]!.markers.length).toBe(1);
  });

  it('labels downtimes in ms below a second and in s above, and has a distinct marker per range', () => {
    expect(formatDowntime(287)).toBe('287 ms');
    expect(formatDowntime(30_000)).toBe('30 s');
    expect(formatDowntime(1_500)).toBe('1.5 s');
    expect(new Set(Array.from({ length: 7 }, (_, index) => seriesSymbolPath(index))).size).toBe(7);
  });
});
