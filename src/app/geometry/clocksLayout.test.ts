// Space-time diagram geometry: lanes and time map to points and back, in both orientations, and labels get room.
import { describe, expect, it } from 'vitest';
import { layoutDiagram, lineChart } from './clocksLayout.ts';

describe('layoutDiagram', () => {
  for (const orientation of ['horizontal', 'vertical'] as const) {
    it(`${orientation}: a point maps back to its lane and time`, () => {
      const layout = layoutDiagram({ orientation, laneCount: 4, times: [10, 20, 90], axis: 'time', viewportWidthPx: 900, viewportHeightPx: 400, labelWidthPx: 60 });
      for (let lane = 0; lane < 4; lane++) {
        for (const time of [5, 37, 90]) {
          const point = layout.point(lane, time);
          expect(layout.laneAt(point)).toBe(lane);
          expect(layout.timeAt(point)).toBe(time);
        }
      }
      expect(layout.laneAt(orientation === 'horizontal' ? { x: 100, y: -50 } : { x: -50, y: 100 })).toBeNull();
    });
  }

  it('wide labels spread events apart (and the diagram scrolls) instead of overlapping', () => {
    const narrow = layoutDiagram({ orientation: 'horizontal', laneCount: 3, times: [10, 20], axis: 'time', viewportWidthPx: 600, viewportHeightPx: 300, labelWidthPx: 0 });
    const wide = layoutDiagram({ orientation: 'horizontal', laneCount: 3, times: [10, 20], axis: 'time', viewportWidthPx: 600, viewportHeightPx: 300, labelWidthPx: 200 });
    expect(wide.timePx(20) - wide.timePx(10)).toBeGreaterThanOrEqual(200);
    expect(wide.widthPx).toBeGreaterThan(narrow.widthPx);
  });

  it('the compact axis gives each distinct time one slot, so a long quiet stretch takes no room', () => {
    const layout = layoutDiagram({ orientation: 'horizontal', laneCount: 2, times: [10, 10, 5000, 5010], axis: 'compact', viewportWidthPx: 600, viewportHeightPx: 300, labelWidthPx: 0 });
    expect(layout.timePx(5000) - layout.timePx(10)).toBe(layout.timePx(5010) - layout.timePx(5000));
  });
});

describe('lineChart', () => {
  it('maps the points into the box, origin at the bottom left', () => {
    const chart = lineChart([{ x: 0, y: 1 }, { x: 10, y: 21 }], { widthPx: 300, heightPx: 200, marginPx: { left: 40, right: 10, top: 10, bottom: 30 } });
    expect(chart.x(0)).toBe(40);
    expect(chart.x(10)).toBe(290);
    expect(chart.y(0)).toBe(170);
    expect(chart.path.startsWith('M40,')).toBe(true);
  });
});
