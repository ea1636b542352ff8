// Where things go on the diagram's canvas: the time ruler on top, a gutter of lane names, one lane per node.

export interface TimelineLayout {
  readonly widthPx: number;
  readonly heightPx: number;
  /** The strip at the top with time labels; dragging there scrubs. */
  readonly rulerHeightPx: number;
  readonly plotLeftPx: number;
  readonly plotRightPx: number;
  readonly plotTopPx: number;
  readonly plotBottomPx: number;
  readonly laneHeightPx: number;
  /** Height of the role band drawn along each lane. */
  readonly bandHeightPx: number;
  laneCenterY(laneIndex: number): number;
  /** The lane under a y coordinate, or -1. */
  laneAt(yPx: number): number;
}

export const RULER_HEIGHT_PX = 26;
export const GUTTER_WIDTH_PX = 40;
const RIGHT_PADDING_PX = 8;
const BOTTOM_PADDING_PX = 6;
const LANE_HEIGHT_PX_DEFAULT = 46;

/** A height that gives each lane room for its band, its label and steep-enough arrows. */
export function defaultHeightPx(laneCount: number): number {
  return RULER_HEIGHT_PX + BOTTOM_PADDING_PX + Math.max(1, laneCount) * LANE_HEIGHT_PX_DEFAULT;
}

export function computeLayout(widthPx: number, heightPx: number, laneCount: number): TimelineLayout {
  const plotTopPx = RULER_HEIGHT_PX;
  const plotBottomPx = Math.max(plotTopPx + 1, heightPx - BOTTOM_PADDING_PX);
  const laneHeightPx = (plotBottomPx - plotTopPx) / Math.max(1, laneCount);
  return {
    widthPx,
    heightPx,
    rulerHeightPx: RULER_HEIGHT_PX,
    plotLeftPx: GUTTER_WIDTH_PX,
    plotRightPx: Math.max(GUTTER_WIDTH_PX + 1, widthPx - RIGHT_PADDING_PX),
    plotTopPx,
    plotBottomPx,
    laneHeightPx,
    bandHeightPx: Math.max(6, Math.min(18, laneHeightPx * 0.4)),
    laneCenterY: (laneIndex) => plotTopPx + laneHeightPx * (laneIndex + 0.5),
    laneAt: (yPx) => {
      if (yPx < plotTopPx || yPx >= plotBottomPx) return -1;
      return Math.min(laneCount - 1, Math.floor((yPx - plotTopPx) / laneHeightPx));
    },
  };
}
