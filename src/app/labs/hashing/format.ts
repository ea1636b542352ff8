// Number and name formatting for the hashing lab: counts with separators, percentages, bytes, strategy names.
import type { StrategyName } from '../../../kernel/protocols/hashing/index.ts';

const countFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatCount(value: number): string {
  return countFormat.format(value);
}

export function formatPercent(fraction: number, digits = 1): string {
  // A no-break space keeps the figure and its sign on one line.
  return `${(fraction * 100).toFixed(digits)}\u00a0%`;
}

export function formatRatio(value: number): string {
  return value.toFixed(2);
}

export function formatBytes(bytes: number): string {
  if (bytes === 0) return 'none';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export const STRATEGY_TITLES: Record<StrategyName, string> = {
  'mod-n': 'Mod-N',
  ring: 'Consistent hashing ring',
  rendezvous: 'Rendezvous (HRW)',
  jump: 'Jump consistent hash',
  'bounded-loads': 'Ring with bounded loads',
};

export function strategyCaption(name: StrategyName): string {
  return STRATEGY_TITLES[name];
}

/** Lookup cost in a few characters for the table; the kernel's longer wording goes in the cell's title. */
export const LOOKUP_COST_SHORT: Record<StrategyName, string> = {
  'mod-n': 'O(1)',
  ring: 'O(log T)',
  rendezvous: 'O(N)',
  jump: 'O(log N)',
  'bounded-loads': 'O(log T) + walk',
};

/** Short names for the comparison table's narrow first column. */
export const STRATEGY_SHORT_TITLES: Record<StrategyName, string> = {
  'mod-n': 'Mod-N',
  ring: 'Ring',
  rendezvous: 'Rendezvous',
  jump: 'Jump',
  'bounded-loads': 'Bounded loads',
};
