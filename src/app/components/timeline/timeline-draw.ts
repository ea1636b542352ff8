// Paints the space-time diagram on a 2D canvas (only the visible window) and finds what is under the pointer.

import type { NodeId } from '../../../kernel/protocols/raft/types.ts';
import type { DisplayRole } from '../../../kernel/protocols/raft/trace.ts';
import { timeTicks, type TimeScale } from '../../geometry/timeline-scale.ts';
import { formatTimeMs } from './timeline-describe.ts';
import type { TimelineLayout } from './timeline-layout.ts';
import { MESSAGE_KINDS, type ActionMark, type MessageKind, type MessageSegment, type RoleBand, type TimelineModel } from './timeline-model.ts';
import { messageColor, type TimelinePalette } from './timeline-theme.ts';

export type HoverTarget =
  | { readonly type: 'message'; readonly segment: MessageSegment }
  | { readonly type: 'band'; readonly band: RoleBand }
  | { readonly type: 'action'; readonly action: ActionMark };

export interface DrawInput {
  readonly model: TimelineModel;
  readonly nodeIds: readonly NodeId[];
  readonly laneIndexById: ReadonlyMap<NodeId, number>;
  readonly layout: TimelineLayout;
  readonly scale: TimeScale;
  readonly nowMs: number;
  readonly headMs: number;
  readonly palette: TimelinePalette;
  readonly hover: HoverTarget | null;
  readonly devicePixelRatio: number;
  /** A moment and nodes to point out (a safety violation): marker line, lanes, messages just before. */
  readonly highlight?: TimelineHighlight | null;
}

export interface TimelineHighlight {
  readonly timeMs: number;
  readonly nodes: readonly NodeId[];
  /** Text on the marker, e.g. "Leader Completeness violated". */
  readonly label: string;
}

/** Messages to or from highlighted nodes that ended this long before the highlighted moment are marked. */
export const HIGHLIGHT_LOOKBACK_MS = 150;

export interface DrawStats {
  readonly visibleMessageCount: number;
  /** True when heartbeats and their replies were left out because too many arrows would be on screen. */
  readonly detailReduced: boolean;
}

/** Beyond this many arrows on screen, the routine ones (heartbeats, their replies) are left out. */
export const DETAIL_MESSAGE_LIMIT = 6000;
/** The recorded future (after the present, when scrubbed back) is drawn under a veil this opaque. */
export const FUTURE_VEIL_OPACITY = 0.6;

interface MessageStyle {
  readonly widthPx: number;
  readonly dash: readonly number[];
  /** Requests get a filled head, replies an open chevron: a second cue besides colour and dash. */
  readonly head: 'filled' | 'open';
  /** A mark at the sending end: a ballot ring for RequestVote, a block for entries. */
  readonly tail: 'ring' | 'block' | null;
  readonly routine: boolean;
}

export const MESSAGE_STYLES: Readonly<Record<MessageKind, MessageStyle>> = {
  'request-vote': { widthPx: 1.6, dash: [], head: 'filled', tail: 'ring', routine: false },
  'pre-vote': { widthPx: 1.6, dash: [3, 3], head: 'filled', tail: 'ring', routine: false },
  'vote-granted': { widthPx: 1.4, dash: [5, 3], head: 'open', tail: null, routine: false },
  'vote-refused': { widthPx: 1.4, dash: [1.5, 3], head: 'open', tail: null, routine: false },
  heartbeat: { widthPx: 1, dash: [], head: 'filled', tail: null, routine: true },
  'append-entries': { widthPx: 2.4, dash: [], head: 'filled', tail: 'block', routine: false },
  'append-ok': { widthPx: 1.1, dash: [5, 3], head: 'open', tail: null, routine: true },
  'append-refused': { widthPx: 1.4, dash: [1.5, 3], head: 'open', tail: null, routine: false },
};

const ROLE_SHORT: Readonly<Record<DisplayRole, string>> = { leader: 'L', candidate: 'C', follower: 'F', crashed: '✕' };
const FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
const HEAD_LENGTH_PX = 7;
/** Closer than this on average, actions lose their full-height lines and labels. */
const ACTION_SPACING_PX_MIN = 40;
/** About this many arrows per pixel of width stay fully opaque; denser traffic fades into a shade of density. */
const ARROWS_PER_PX_OPAQUE = 1;
const ARROW_OPACITY_MIN = 0.2;
const HEAD_HALF_WIDTH_PX = 3.5;

// Reused between frames so a steady 60 fps redraw allocates next to nothing.
const segmentsByKind = new Map<MessageKind, MessageSegment[]>(MESSAGE_KINDS.map((kind) => [kind, []]));
const droppedSegments: MessageSegment[] = [];
const pendingBandLabels: { band: RoleBand; x0: number; x1: number; centerY: number }[] = [];
const pendingActionLabels: { action: ActionMark; x: number }[] = [];

interface ArrowGeometry {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}
const arrow: ArrowGeometry = { x0: 0, y0: 0, x1: 0, y1: 0 };

/** Where a segment's arrow runs, or false when one of its lanes is not shown. */
function placeArrow(segment: MessageSegment, input: Pick<DrawInput, 'laneIndexById' | 'layout' | 'scale'>, into: ArrowGeometry): boolean {
  const fromLane = input.laneIndexById.get(segment.from);
  const toLane = input.laneIndexById.get(segment.to);
  if (fromLane === undefined || toLane === undefined) return false;
  const y0 = input.layout.laneCenterY(fromLane);
  const y1 = input.layout.laneCenterY(toLane);
  into.x0 = input.scale.x(segment.sentAtMs);
  into.y0 = y0;
  into.x1 = input.scale.x(segment.endAtMs);
  into.y1 = y0 + (y1 - y0) * segment.endFraction;
  return true;
}

export function drawTimeline(context: CanvasRenderingContext2D, input: DrawInput): DrawStats {
  const { layout, palette, scale } = input;
  context.setTransform(input.devicePixelRatio, 0, 0, input.devicePixelRatio, 0, 0);
  context.globalAlpha = 1;
  context.setLineDash([]);
  context.fillStyle = palette.background;
  context.fillRect(0, 0, layout.widthPx, layout.heightPx);

  drawRuler(context, input);
  context.save();
  context.beginPath();
  context.rect(layout.plotLeftPx, layout.plotTopPx, layout.plotRightPx - layout.plotLeftPx, layout.plotBottomPx - layout.plotTopPx);
  context.clip();
  drawNotYetSimulated(context, input);
  drawLanes(context, input);
  drawBands(context, input);
  drawActions(context, input);
  const stats = drawMessages(context, input);
  drawBandLabels(context, input);
  drawActionLabels(context, input);
  drawHighlight(context, input);
  drawHover(context, input);
  // The recorded future stays visible but faded, so it reads as "what will happen" rather than "now".
  const nowX = scale.x(input.nowMs);
  if (nowX < layout.plotRightPx) {
    context.globalAlpha = FUTURE_VEIL_OPACITY;
    context.fillStyle = palette.background;
    const fromX = Math.max(layout.plotLeftPx, nowX);
    context.fillRect(fromX, layout.plotTopPx, layout.plotRightPx - fromX, layout.plotBottomPx - layout.plotTopPx);
    context.globalAlpha = 1;
  }
  context.restore();
  drawLaneNames(context, input);
  drawCursor(context, input);
  return stats;
}

function drawRuler(context: CanvasRenderingContext2D, input: DrawInput): void {
  const { layout, palette, scale } = input;
  const ticks = timeTicks(scale.window, layout.plotRightPx - layout.plotLeftPx);
  context.font = `11px ${FONT_FAMILY}`;
  context.textBaseline = 'middle';
  context.textAlign = 'center';
  context.lineWidth = 1;
  for (const tickMs of ticks.valuesMs) {
    if (tickMs < 0) continue;
    const x = Math.round(scale.x(tickMs)) + 0.5;
    if (x < layout.plotLeftPx || x > layout.plotRightPx) continue;
    context.strokeStyle = palette.grid;
    context.beginPath();
    context.moveTo(x, layout.plotTopPx);
    context.lineTo(x, layout.plotBottomPx);
    context.stroke();
    context.strokeStyle = palette.mutedText;
    context.beginPath();
    context.moveTo(x, layout.rulerHeightPx - 5);
    context.lineTo(x, layout.rulerHeightPx);
    context.stroke();
    context.fillStyle = palette.mutedText;
    context.fillText(formatTimeMs(tickMs, ticks.stepMs), x, layout.rulerHeightPx / 2 - 1);
  }
  context.strokeStyle = palette.lane;
  context.beginPath();
  context.moveTo(layout.plotLeftPx, layout.rulerHeightPx + 0.5);
  context.lineTo(layout.plotRightPx, layout.rulerHeightPx + 0.5);
  context.stroke();
}

/** Beyond the head nothing has been simulated yet: a light wash says so instead of empty lanes. */
function drawNotYetSimulated(context: CanvasRenderingContext2D, input: DrawInput): void {
  const { layout, palette, scale } = input;
  const headX = scale.x(input.headMs);
  if (headX >= layout.plotRightPx) return;
  const fromX = Math.max(layout.plotLeftPx, headX);
  context.fillStyle = palette.grid;
  context.globalAlpha = 0.45;
  context.fillRect(fromX, layout.plotTopPx, layout.plotRightPx - fromX, layout.plotBottomPx - layout.plotTopPx);
  context.globalAlpha = 1;
}

function drawLanes(context: CanvasRenderingContext2D, input: DrawInput): void {
  const { layout, palette } = input;
  context.strokeStyle = palette.lane;
  context.lineWidth = 1;
  context.beginPath();
  for (let lane = 0; lane < input.nodeIds.length; lane++) {
    const y = Math.round(layout.laneCenterY(lane)) + 0.5;
    context.moveTo(layout.plotLeftPx, y);
    context.lineTo(layout.plotRightPx, y);
  }
  context.stroke();
}

function roleColor(palette: TimelinePalette, role: DisplayRole): string {
  return palette[role];
}

function drawBands(context: CanvasRenderingContext2D, input: DrawInput): void {
  const { layout, palette, scale, model } = input;
  const { startMs, endMs } = scale.window;
  const height = layout.bandHeightPx;
  context.font = `600 11px ${FONT_FAMILY}`;
  context.textBaseline = 'middle';
  context.textAlign = 'left';
  pendingBandLabels.length = 0;
  input.nodeIds.forEach((node, lane) => {
    const bands = model.bandsOf(node);
    const [first, last] = model.bandRange(node, startMs, endMs);
    const centerY = layout.laneCenterY(lane);
    const top = centerY - height / 2;
    for (let index = first; index < last; index++) {
      const band = bands[index]!;
      // An open band ends at the head: nothing is known beyond it.
      const bandEndMs = Math.min(band.endMs, Math.max(input.headMs, band.startMs));
      const x0 = Math.max(layout.plotLeftPx, scale.x(band.startMs));
      const x1 = Math.min(layout.plotRightPx, scale.x(bandEndMs));
      if (x1 <= x0) continue;
      const color = roleColor(palette, band.role);
      context.fillStyle = color;
      context.globalAlpha = band.role === 'leader' ? 0.28 : band.role === 'follower' ? 0.08 : 0.2;
      context.fillRect(x0, top, x1 - x0, height);
      context.globalAlpha = 1;
      // Shape cues so the role never rests on colour alone.
      if (band.role === 'candidate') hatch(context, x0, top, x1 - x0, height, color, false);
      if (band.role === 'crashed') hatch(context, x0, top, x1 - x0, height, color, true);
      if (band.role === 'leader') {
        context.fillStyle = color;
        context.fillRect(x0, top, x1 - x0, 2);
        context.fillRect(x0, top + height - 2, x1 - x0, 2);
      }
      if (band.startMs >= startMs) {
        // A boundary tick: a new term is visible even when the role stays the same.
        context.fillStyle = palette.text;
        context.globalAlpha = 0.7;
        context.fillRect(Math.round(x0), top - 3, 1, height + 6);
        context.globalAlpha = 1;
      }
      pendingBandLabels.push({ band, x0, x1, centerY });
    }
  });
}

/** Labels go on top of the arrows, so they stay readable where traffic is dense. */
function drawBandLabels(context: CanvasRenderingContext2D, input: DrawInput): void {
  context.font = `600 11px ${FONT_FAMILY}`;
  context.textBaseline = 'middle';
  context.textAlign = 'left';
  for (const label of pendingBandLabels) {
    drawBandLabel(context, label.band, label.x0, label.x1, label.centerY, input.layout.bandHeightPx, input.palette);
  }
  pendingBandLabels.length = 0;
}

function drawBandLabel(
  context: CanvasRenderingContext2D,
  band: RoleBand,
  x0: number,
  x1: number,
  centerY: number,
  bandHeightPx: number,
  palette: TimelinePalette,
): void {
  const full = band.role === 'crashed' ? 'crashed' : `${band.role} · term ${band.term}`;
  const short = band.role === 'crashed' ? ROLE_SHORT.crashed : `${ROLE_SHORT[band.role]}${band.term}`;
  const room = x1 - x0 - 8;
  const label = context.measureText(full).width <= room ? full : context.measureText(short).width <= room ? short : null;
  if (label === null) return;
  const width = context.measureText(label).width;
  // Above the band when it is too thin to hold the text.
  const y = bandHeightPx >= 13 ? centerY : centerY - bandHeightPx / 2 - 7;
  context.fillStyle = palette.background;
  context.globalAlpha = 0.8;
  context.fillRect(x0 + 3, y - 7, width + 4, 14);
  context.globalAlpha = 1;
  context.fillStyle = band.role === 'follower' ? palette.mutedText : palette.text;
  context.fillText(label, x0 + 5, y + 0.5);
}

function hatch(context: CanvasRenderingContext2D, x: number, y: number, width: number, height: number, color: string, crossed: boolean): void {
  const spacingPx = 6;
  context.save();
  context.beginPath();
  context.rect(x, y, width, height);
  context.clip();
  context.strokeStyle = color;
  context.lineWidth = 1;
  context.globalAlpha = 0.8;
  context.beginPath();
  // Lines anchored to absolute x, so the hatch does not crawl as the window scrolls by.
  const firstX = Math.floor((x - height) / spacingPx) * spacingPx;
  for (let lineX = firstX; lineX < x + width; lineX += spacingPx) {
    context.moveTo(lineX, y + height);
    context.lineTo(lineX + height, y);
    if (crossed) {
      context.moveTo(lineX, y);
      context.lineTo(lineX + height, y + height);
    }
  }
  context.stroke();
  context.restore();
}

function drawActions(context: CanvasRenderingContext2D, input: DrawInput): void {
  const { layout, palette, scale, model } = input;
  pendingActionLabels.length = 0;
  const [first, last] = model.actionRange(scale.window.startMs, scale.window.endMs);
  // Zoomed far out, full-height lines and labels for every action would hide everything else:
  // keep a short tick under the ruler and the diamonds, and leave the words to the tooltip.
  const crowded = last - first > (layout.plotRightPx - layout.plotLeftPx) / ACTION_SPACING_PX_MIN;
  for (let index = first; index < last; index++) {
    const action = model.actions[index]!;
    const x = Math.round(scale.x(action.timeMs)) + 0.5;
    context.strokeStyle = palette.action;
    context.lineWidth = 1.5;
    context.setLineDash(crowded ? [] : [6, 3]);
    context.beginPath();
    context.moveTo(x, layout.plotTopPx);
    context.lineTo(x, crowded ? layout.plotTopPx + 6 : layout.plotBottomPx);
    context.stroke();
    context.setLineDash([]);
    const lane = action.node !== null ? input.laneIndexById.get(action.node) : undefined;
    if (lane !== undefined) {
      // A diamond on the lane of the node acted on.
      const y = layout.laneCenterY(lane);
      context.fillStyle = palette.action;
      context.beginPath();
      context.moveTo(x, y - 6);
      context.lineTo(x + 6, y);
      context.lineTo(x, y + 6);
      context.lineTo(x - 6, y);
      context.closePath();
      context.fill();
    }
    if (!crowded) pendingActionLabels.push({ action, x });
  }
}

function drawActionLabels(context: CanvasRenderingContext2D, input: DrawInput): void {
  const { layout, palette } = input;
  context.font = `600 11px ${FONT_FAMILY}`;
  context.textBaseline = 'middle';
  context.textAlign = 'left';
  // Labels stack into rows rather than overprint when actions come close together.
  const rowRightEdges = [Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY];
  for (const { action, x } of pendingActionLabels) {
    const width = context.measureText(action.label).width + 8;
    const row = rowRightEdges.findIndex((rightEdge) => rightEdge < x);
    if (row === -1) continue;
    rowRightEdges[row] = x + 4 + width;
    const y = layout.plotTopPx + 9 + row * 15;
    context.fillStyle = palette.action;
    context.fillRect(x + 2, y - 7, width, 14);
    context.fillStyle = palette.background;
    context.fillText(action.label, x + 6, y + 0.5);
  }
  pendingActionLabels.length = 0;
}

function drawMessages(context: CanvasRenderingContext2D, input: DrawInput): DrawStats {
  const { model, scale, palette } = input;
  const [first, last] = model.segmentRange(scale.window.startMs, scale.window.endMs);
  const detailReduced = last - first > DETAIL_MESSAGE_LIMIT;
  for (const list of segmentsByKind.values()) list.length = 0;
  droppedSegments.length = 0;
  let visible = 0;
  for (let index = first; index < last; index++) {
    const segment = model.segments[index]!;
    if (segment.endAtMs < scale.window.startMs) continue;
    visible += 1;
    if (detailReduced && MESSAGE_STYLES[segment.kind].routine) continue;
    segmentsByKind.get(segment.kind)!.push(segment);
    if (segment.outcome === 'dropped') droppedSegments.push(segment);
  }

  const drawnCount = MESSAGE_KINDS.reduce((sum, kind) => sum + segmentsByKind.get(kind)!.length, 0);
  const opacity = Math.max(ARROW_OPACITY_MIN, Math.min(1, ((scale.plotRightPx - scale.plotLeftPx) * ARROWS_PER_PX_OPAQUE) / Math.max(1, drawnCount)));
  context.globalAlpha = opacity;
  for (const kind of MESSAGE_KINDS) {
    const list = segmentsByKind.get(kind)!;
    if (list.length === 0) continue;
    const style = MESSAGE_STYLES[kind];
    const color = messageColor(palette, kind);
    context.strokeStyle = color;
    context.fillStyle = color;
    context.lineWidth = style.widthPx;
    context.setLineDash(style.dash);
    context.beginPath();
    for (const segment of list) {
      if (!placeArrow(segment, input, arrow)) continue;
      context.moveTo(arrow.x0, arrow.y0);
      context.lineTo(arrow.x1, arrow.y1);
    }
    context.stroke();
    context.setLineDash([]);
    if (!detailReduced) {
      drawHeads(context, input, list, style);
      drawTails(context, input, list, style);
    }
  }

  context.globalAlpha = 1;
  if (droppedSegments.length > 0) {
    context.strokeStyle = palette.drop;
    context.lineWidth = 2;
    context.beginPath();
    const size = 4.5;
    for (const segment of droppedSegments) {
      if (!placeArrow(segment, input, arrow)) continue;
      context.moveTo(arrow.x1 - size, arrow.y1 - size);
      context.lineTo(arrow.x1 + size, arrow.y1 + size);
      context.moveTo(arrow.x1 - size, arrow.y1 + size);
      context.lineTo(arrow.x1 + size, arrow.y1 - size);
    }
    context.stroke();
  }
  return { visibleMessageCount: visible, detailReduced };
}

function drawHeads(context: CanvasRenderingContext2D, input: DrawInput, list: readonly MessageSegment[], style: MessageStyle): void {
  context.beginPath();
  context.lineWidth = 1.3;
  for (const segment of list) {
    if (segment.outcome === 'dropped' || !placeArrow(segment, input, arrow)) continue;
    const dx = arrow.x1 - arrow.x0;
    const dy = arrow.y1 - arrow.y0;
    const length = Math.hypot(dx, dy);
    if (length < HEAD_LENGTH_PX + 2) continue;
    const ux = dx / length;
    const uy = dy / length;
    const baseX = arrow.x1 - ux * HEAD_LENGTH_PX;
    const baseY = arrow.y1 - uy * HEAD_LENGTH_PX;
    context.moveTo(baseX - uy * HEAD_HALF_WIDTH_PX, baseY + ux * HEAD_HALF_WIDTH_PX);
    context.lineTo(arrow.x1, arrow.y1);
    context.lineTo(baseX + uy * HEAD_HALF_WIDTH_PX, baseY - ux * HEAD_HALF_WIDTH_PX);
    if (style.head === 'filled') context.closePath();
  }
  if (style.head === 'filled') context.fill();
  else context.stroke();
}

function drawTails(context: CanvasRenderingContext2D, input: DrawInput, list: readonly MessageSegment[], style: MessageStyle): void {
  if (style.tail === null) return;
  context.beginPath();
  context.lineWidth = 1.3;
  for (const segment of list) {
    if (!placeArrow(segment, input, arrow)) continue;
    if (style.tail === 'ring') {
      context.moveTo(arrow.x0 + 3, arrow.y0);
      context.arc(arrow.x0, arrow.y0, 3, 0, Math.PI * 2);
    } else {
      context.rect(arrow.x0 - 3, arrow.y0 - 3, 6, 6);
    }
  }
  if (style.tail === 'ring') context.stroke();
  else context.fill();
}

function drawHover(context: CanvasRenderingContext2D, input: DrawInput): void {
  const hover = input.hover;
  if (!hover) return;
  const { palette, layout, scale } = input;
  context.strokeStyle = palette.highlight;
  context.setLineDash([]);
  if (hover.type === 'message' && placeArrow(hover.segment, input, arrow)) {
    context.lineWidth = 4;
    context.globalAlpha = 0.6;
    context.beginPath();
    context.moveTo(arrow.x0, arrow.y0);
    context.lineTo(arrow.x1, arrow.y1);
    context.stroke();
    context.globalAlpha = 1;
  } else if (hover.type === 'band') {
    const lane = input.laneIndexById.get(hover.band.node);
    if (lane === undefined) return;
    const x0 = Math.max(layout.plotLeftPx, scale.x(hover.band.startMs));
    const x1 = Math.min(layout.plotRightPx, scale.x(Math.min(hover.band.endMs, Math.max(input.headMs, hover.band.startMs))));
    context.lineWidth = 2;
    context.strokeRect(x0, layout.laneCenterY(lane) - layout.bandHeightPx / 2 - 1, x1 - x0, layout.bandHeightPx + 2);
  } else if (hover.type === 'action') {
    const x = scale.x(hover.action.timeMs);
    context.lineWidth = 3;
    context.beginPath();
    context.moveTo(x, layout.plotTopPx);
    context.lineTo(x, layout.plotBottomPx);
    context.stroke();
  }
}

/** A violation the user picked: a marker at its moment, its nodes' lanes, and the messages that led there. */
function drawHighlight(context: CanvasRenderingContext2D, input: DrawInput): void {
  const highlight = input.highlight;
  if (!highlight) return;
  const { palette, layout, scale, model } = input;
  const nodes = new Set(highlight.nodes);
  // The messages to or from its nodes that ended shortly before the moment.
  const [first, last] = model.segmentRange(highlight.timeMs - HIGHLIGHT_LOOKBACK_MS, highlight.timeMs);
  context.strokeStyle = palette.violation;
  context.lineWidth = 5;
  context.globalAlpha = 0.45;
  context.setLineDash([]);
  context.beginPath();
  for (let index = first; index < last; index++) {
    const segment = model.segments[index]!;
    if (segment.endAtMs > highlight.timeMs || segment.endAtMs < highlight.timeMs - HIGHLIGHT_LOOKBACK_MS) continue;
    if (!nodes.has(segment.from) && !nodes.has(segment.to)) continue;
    if (!placeArrow(segment, input, arrow)) continue;
    context.moveTo(arrow.x0, arrow.y0);
    context.lineTo(arrow.x1, arrow.y1);
  }
  context.stroke();
  context.globalAlpha = 1;
  const x = scale.x(highlight.timeMs);
  // Each highlighted lane: a frame around the lane over the look-back stretch.
  const x0 = Math.max(layout.plotLeftPx, scale.x(highlight.timeMs - HIGHLIGHT_LOOKBACK_MS));
  context.lineWidth = 2;
  for (const node of nodes) {
    const lane = input.laneIndexById.get(node);
    if (lane === undefined) continue;
    const centerY = layout.laneCenterY(lane);
    context.strokeRect(x0, centerY - layout.bandHeightPx / 2 - 4, Math.max(4, x - x0), layout.bandHeightPx + 8);
  }
  if (x < layout.plotLeftPx || x > layout.plotRightPx) return;
  context.lineWidth = 2;
  context.setLineDash([4, 2]);
  context.beginPath();
  context.moveTo(x, layout.plotTopPx);
  context.lineTo(x, layout.plotBottomPx);
  context.stroke();
  context.setLineDash([]);
  context.font = `700 11px ${FONT_FAMILY}`;
  context.textBaseline = 'middle';
  const label = `⚠ ${highlight.label}`;
  const width = context.measureText(label).width + 8;
  const onLeft = x + width + 4 > layout.plotRightPx;
  const left = onLeft ? x - width - 3 : x + 3;
  const y = layout.plotBottomPx - 10;
  context.fillStyle = palette.violation;
  context.fillRect(left, y - 7, width, 14);
  context.fillStyle = palette.background;
  context.textAlign = 'left';
  context.fillText(label, left + 4, y + 0.5);
}

function drawLaneNames(context: CanvasRenderingContext2D, input: DrawInput): void {
  const { layout, palette } = input;
  context.font = `600 12px ${FONT_FAMILY}`;
  context.textBaseline = 'middle';
  context.textAlign = 'right';
  context.fillStyle = palette.text;
  input.nodeIds.forEach((node, lane) => context.fillText(node, layout.plotLeftPx - 8, layout.laneCenterY(lane)));
}

function drawCursor(context: CanvasRenderingContext2D, input: DrawInput): void {
  const { layout, palette, scale } = input;
  const headX = scale.x(input.headMs);
  if (input.headMs > input.nowMs && headX >= layout.plotLeftPx && headX <= layout.plotRightPx) {
    context.strokeStyle = palette.head;
    context.lineWidth = 1;
    context.setLineDash([2, 3]);
    context.beginPath();
    context.moveTo(headX, layout.plotTopPx);
    context.lineTo(headX, layout.plotBottomPx);
    context.stroke();
    context.setLineDash([]);
  }
  const x = scale.x(input.nowMs);
  if (x < layout.plotLeftPx - 1 || x > layout.plotRightPx + 1) return;
  context.strokeStyle = palette.cursor;
  context.lineWidth = 2;
  context.beginPath();
  context.moveTo(x, layout.rulerHeightPx - 4);
  context.lineTo(x, layout.plotBottomPx);
  context.stroke();
  // A pill with the present's time, on the ruler where dragging scrubs.
  context.font = `600 11px ${FONT_FAMILY}`;
  context.textAlign = 'center';
  context.textBaseline = 'middle';
  const label = formatTimeMs(input.nowMs);
  const width = context.measureText(label).width + 10;
  const left = Math.min(layout.plotRightPx - width, Math.max(layout.plotLeftPx, x - width / 2));
  context.fillStyle = palette.cursor;
  context.fillRect(left, 3, width, layout.rulerHeightPx - 8);
  context.fillStyle = palette.background;
  context.fillText(label, left + width / 2, layout.rulerHeightPx / 2 - 1);
}

const HIT_DISTANCE_PX = 5;

function distanceToSegmentPx(px: number, py: number, geometry: ArrowGeometry): number {
  const dx = geometry.x1 - geometry.x0;
  const dy = geometry.y1 - geometry.y0;
  const lengthSquared = dx * dx + dy * dy;
  const t = lengthSquared === 0 ? 0 : Math.max(0, Math.min(1, ((px - geometry.x0) * dx + (py - geometry.y0) * dy) / lengthSquared));
  return Math.hypot(px - (geometry.x0 + t * dx), py - (geometry.y0 + t * dy));
}

/** The message, action or role band under (xPx, yPx) in CSS pixels, nearest first. */
export function hitTest(input: Omit<DrawInput, 'hover' | 'palette' | 'devicePixelRatio'>, xPx: number, yPx: number): HoverTarget | null {
  const { model, scale, layout } = input;
  if (xPx < layout.plotLeftPx || xPx > layout.plotRightPx) return null;
  const slackMs = HIT_DISTANCE_PX / scale.pxPerMs;
  const timeMs = scale.time(xPx);
  if (yPx >= layout.plotTopPx) {
    const [first, last] = model.segmentRange(timeMs - slackMs, timeMs + slackMs);
    let best: MessageSegment | null = null;
    let bestDistancePx = HIT_DISTANCE_PX;
    const probe: ArrowGeometry = { x0: 0, y0: 0, x1: 0, y1: 0 };
    for (let index = first; index < last; index++) {
      const segment = model.segments[index]!;
      if (segment.endAtMs < timeMs - slackMs) continue;
      if (!placeArrow(segment, input, probe)) continue;
      const distancePx = distanceToSegmentPx(xPx, yPx, probe);
      if (distancePx <= bestDistancePx) {
        best = segment;
        bestDistancePx = distancePx;
      }
    }
    if (best) return { type: 'message', segment: best };
  }
  const [firstAction, lastAction] = model.actionRange(timeMs - slackMs, timeMs + slackMs);
  if (firstAction < lastAction) return { type: 'action', action: model.actions[firstAction]! };
  const lane = layout.laneAt(yPx);
  if (lane >= 0 && Math.abs(yPx - layout.laneCenterY(lane)) <= layout.bandHeightPx / 2 + 2 && timeMs <= input.headMs) {
    const band = model.bandAt(input.nodeIds[lane]!, timeMs);
    if (band.startMs <= timeMs) return { type: 'band', band };
  }
  return null;
}
