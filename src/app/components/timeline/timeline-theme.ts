// Colours of the space-time diagram for light and dark themes; each can be overridden by a CSS custom property.

import type { MessageKind } from './timeline-model.ts';

export type TimelineTheme = 'light' | 'dark';

export interface TimelinePalette {
  readonly background: string;
  readonly text: string;
  readonly mutedText: string;
  readonly grid: string;
  readonly lane: string;
  readonly leader: string;
  readonly candidate: string;
  readonly follower: string;
  readonly crashed: string;
  readonly requestVote: string;
  readonly preVote: string;
  readonly voteGranted: string;
  readonly voteRefused: string;
  readonly heartbeat: string;
  readonly appendEntries: string;
  readonly appendReply: string;
  readonly appendRefused: string;
  readonly drop: string;
  readonly action: string;
  readonly cursor: string;
  readonly head: string;
  readonly highlight: string;
  /** The marker of a safety violation the user picked. */
  readonly violation: string;
}

const LIGHT: TimelinePalette = {
  background: '#ffffff',
  text: '#1e293b',
  mutedText: '#64748b',
  grid: '#e2e8f0',
  lane: '#94a3b8',
  leader: '#1d4ed8',
  candidate: '#b45309',
  follower: '#64748b',
  crashed: '#475569',
  requestVote: '#c2410c',
  preVote: '#be185d',
  voteGranted: '#15803d',
  voteRefused: '#b91c1c',
  heartbeat: '#94a3b8',
  appendEntries: '#1d4ed8',
  appendReply: '#0e7490',
  appendRefused: '#b91c1c',
  drop: '#dc2626',
  action: '#7e22ce',
  cursor: '#0f172a',
  head: '#64748b',
  highlight: '#f59e0b',
  violation: '#dc2626',
};

const DARK: TimelinePalette = {
  background: '#0f172a',
  text: '#e2e8f0',
  mutedText: '#94a3b8',
  grid: '#1e293b',
  lane: '#475569',
  leader: '#60a5fa',
  candidate: '#fbbf24',
  follower: '#94a3b8',
  crashed: '#64748b',
  requestVote: '#fb923c',
  preVote: '#f472b6',
  voteGranted: '#4ade80',
  voteRefused: '#f87171',
  heartbeat: '#64748b',
  appendEntries: '#60a5fa',
  appendReply: '#22d3ee',
  appendRefused: '#f87171',
  drop: '#f87171',
  action: '#c084fc',
  cursor: '#f8fafc',
  head: '#94a3b8',
  highlight: '#fde047',
  violation: '#f87171',
};

export const PALETTES: Readonly<Record<TimelineTheme, TimelinePalette>> = { light: LIGHT, dark: DARK };

export function messageColor(palette: TimelinePalette, kind: MessageKind): string {
  switch (kind) {
    case 'request-vote':
      return palette.requestVote;
    case 'pre-vote':
      return palette.preVote;
    case 'vote-granted':
      return palette.voteGranted;
    case 'vote-refused':
      return palette.voteRefused;
    case 'heartbeat':
      return palette.heartbeat;
    case 'append-entries':
      return palette.appendEntries;
    case 'append-ok':
      return palette.appendReply;
    case 'append-refused':
      return palette.appendRefused;
  }
}

/** `leader` → `--timeline-leader`, `mutedText` → `--timeline-muted-text`. */
export function cssVariableName(key: keyof TimelinePalette): string {
  return `--timeline-${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

/** The theme's palette with any `--timeline-*` custom properties set on `element` (or inherited) applied. */
export function readPalette(element: Element | null, theme: TimelineTheme): TimelinePalette {
  const base = PALETTES[theme];
  if (!element || typeof getComputedStyle !== 'function') return base;
  const style = getComputedStyle(element);
  const palette: Record<string, string> = { ...base };
  for (const key of Object.keys(base) as (keyof TimelinePalette)[]) {
    const value = style.getPropertyValue(cssVariableName(key)).trim();
    if (value) palette[key] = value;
  }
  return palette as unknown as TimelinePalette;
}

/**
 * The theme when none is given: `data-theme="dark|light"` on <html> (an app-wide switch) wins over
 * the system preference.
 */
export function detectTheme(): TimelineTheme {
  if (typeof document === 'undefined') return 'light';
  const explicit = document.documentElement.dataset.theme;
  if (explicit === 'dark' || explicit === 'light') return explicit;
  if (typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches) return 'dark';
  return 'light';
}
