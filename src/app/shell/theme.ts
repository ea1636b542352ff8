// Light and dark themes: follows prefers-color-scheme until the user picks one, then remembers it.
import { useCallback, useEffect, useSyncExternalStore } from 'react';

export type ThemeChoice = 'system' | 'light' | 'dark';
export type Theme = 'light' | 'dark';

const STORAGE_KEY = 'quorum-lab-theme';
const darkQuery = () => window.matchMedia('(prefers-color-scheme: dark)');

function readChoice(): ThemeChoice {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    return stored === 'light' || stored === 'dark' ? stored : 'system';
  } catch {
    return 'system'; // Storage can be disabled; the system preference still works.
  }
}

const listeners = new Set<() => void>();
let choice: ThemeChoice | null = null;

function subscribe(onChange: () => void): () => void {
  listeners.add(onChange);
  const query = darkQuery();
  query.addEventListener('change', onChange);
  return () => {
    listeners.delete(onChange);
    query.removeEventListener('change', onChange);
  };
}

function snapshot(): string {
  choice ??= readChoice();
  return `${choice}:${darkQuery().matches ? 'dark' : 'light'}`;
}

export function useTheme(): { choice: ThemeChoice; theme: Theme; setChoice: (next: ThemeChoice) => void } {
  const [current, system] = useSyncExternalStore(subscribe, snapshot, () => 'system:light').split(':') as [ThemeChoice, Theme];
  const theme: Theme = current === 'system' ? system : current;
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    document.documentElement.style.colorScheme = theme;
  }, [theme]);
  const setChoice = useCallback((next: ThemeChoice) => {
    choice = next;
    try {
      if (next === 'system') localStorage.removeItem(STORAGE_KEY);
      else localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Not remembered across visits, but applied now.
    }
    for (const listener of listeners) listener();
  }, []);
  return { choice: current, theme, setChoice };
}
