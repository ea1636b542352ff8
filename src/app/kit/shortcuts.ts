// The kit's keyboard shortcuts, the same in every lab: Space plays or pauses, "." steps, plus the lab's
// own letters; none fires while the keyboard is busy in a control.
import { useEffect, useRef } from 'react';

export interface LabShortcuts {
  togglePlay(): void;
  step(): unknown;
  /** The lab's own keys (lower case), e.g. { w: write, r: read }. */
  readonly keys?: Readonly<Record<string, () => unknown>>;
}

export function useLabShortcuts(shortcuts: LabShortcuts): void {
  const current = useRef(shortcuts);
  useEffect(() => {
    current.current = shortcuts;
  });
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target;
      if (target instanceof Element && target.closest('input, select, textarea, button, a, [role="button"], summary')) return;
      const { togglePlay, step, keys } = current.current;
      if (event.key === ' ') {
        event.preventDefault();
        togglePlay();
      } else if (event.key === '.') void step();
      else {
        // "?" is Shift+/ on many layouts; some report the unshifted key.
        const key = event.key === '/' && event.shiftKey ? '?' : event.key.toLowerCase();
        keys?.[key]?.();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
