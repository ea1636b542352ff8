// The key to the space-time diagram: each message kind's stroke and head, each role's band, drops and user actions.

import { memo } from 'react';
import { MESSAGE_KIND_NAMES } from './timeline-describe.ts';
import { MESSAGE_STYLES } from './timeline-draw.ts';
import { MESSAGE_KINDS, type MessageKind } from './timeline-model.ts';
import { messageColor, type TimelinePalette } from './timeline-theme.ts';

const SWATCH_WIDTH_PX = 28;
const SWATCH_HEIGHT_PX = 12;

function MessageSwatch({ kind, palette }: { kind: MessageKind; palette: TimelinePalette }) {
  const style = MESSAGE_STYLES[kind];
  const color = messageColor(palette, kind);
  const y = SWATCH_HEIGHT_PX / 2;
  return (
    <svg width={SWATCH_WIDTH_PX} height={SWATCH_HEIGHT_PX} aria-hidden="true">
      <line x1={4} y1={y} x2={SWATCH_WIDTH_PX - 3} y2={y} stroke={color} strokeWidth={style.widthPx} strokeDasharray={style.dash.join(' ') || undefined} />
      {style.head === 'filled' ? (
        <path d={`M${SWATCH_WIDTH_PX - 9},${y - 3.5} L${SWATCH_WIDTH_PX - 2},${y} L${SWATCH_WIDTH_PX - 9},${y + 3.5} Z`} fill={color} />
      ) : (
        <path d={`M${SWATCH_WIDTH_PX - 9},${y - 3.5} L${SWATCH_WIDTH_PX - 2},${y} L${SWATCH_WIDTH_PX - 9},${y + 3.5}`} fill="none" stroke={color} strokeWidth={1.3} />
      )}
      {style.tail === 'ring' ? <circle cx={4} cy={y} r={3} fill="none" stroke={color} strokeWidth={1.3} /> : null}
      {style.tail === 'block' ? <rect x={1} y={y - 3} width={6} height={6} fill={color} /> : null}
    </svg>
  );
}

function BandSwatch({ color, pattern, opacity }: { color: string; pattern: 'solid' | 'hatch' | 'cross' | 'none'; opacity: number }) {
  return (
    <svg width={22} height={SWATCH_HEIGHT_PX} aria-hidden="true">
      <rect x={0} y={1} width={22} height={10} fill={color} fillOpacity={opacity} />
      {pattern === 'solid' ? (
        <>
          <rect x={0} y={1} width={22} height={2} fill={color} />
          <rect x={0} y={9} width={22} height={2} fill={color} />
        </>
      ) : null}
      {pattern === 'hatch' || pattern === 'cross' ? (
        <path d="M0,11 L10,1 M6,11 L16,1 M12,11 L22,1" stroke={color} strokeWidth={1} fill="none" />
      ) : null}
      {pattern === 'cross' ? <path d="M0,1 L10,11 M6,1 L16,11 M12,1 L22,11" stroke={color} strokeWidth={1} fill="none" /> : null}
    </svg>
  );
}

function TimelineLegendView({ palette }: { palette: TimelinePalette }) {
  return (
    <ul className="space-time-diagram__legend" aria-label="Legend">
      {MESSAGE_KINDS.map((kind) => (
        <li key={kind}>
          <MessageSwatch kind={kind} palette={palette} />
          {MESSAGE_KIND_NAMES[kind]}
        </li>
      ))}
      <li>
        <svg width={14} height={SWATCH_HEIGHT_PX} aria-hidden="true">
          <path d="M3,2 L11,10 M3,10 L11,2" stroke={palette.drop} strokeWidth={2} />
        </svg>
        dropped
      </li>
      <li>
        <BandSwatch color={palette.leader} pattern="solid" opacity={0.28} />
        leader
      </li>
      <li>
        <BandSwatch color={palette.candidate} pattern="hatch" opacity={0.2} />
        candidate
      </li>
      <li>
        <BandSwatch color={palette.follower} pattern="none" opacity={0.08} />
        follower
      </li>
      <li>
        <BandSwatch color={palette.crashed} pattern="cross" opacity={0.2} />
        crashed
      </li>
      <li>
        <svg width={14} height={SWATCH_HEIGHT_PX} aria-hidden="true">
          <path d="M7,0 L13,6 L7,12 L1,6 Z" fill={palette.action} />
        </svg>
        user action
      </li>
    </ul>
  );
}

export const TimelineLegend = memo(TimelineLegendView);
