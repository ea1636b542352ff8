// A tiny hash router: `#/raft?seed=42&nodes=5` → { path: '/raft', params }. Hash routes work with
// any static server (vite preview, GitHub Pages) without rewrite rules.
import { useMemo, useSyncExternalStore } from 'react';

export interface Route {
  readonly path: string;
  readonly params: URLSearchParams;
  /** The raw query, handy as a React key: a new query means a new run. */
  readonly query: string;
}

export function parseHash(hash: string): Route {
  const withoutMark = hash.startsWith('#') ? hash.slice(1) : hash;
  const questionMark = withoutMark.indexOf('?');
  const rawPath = questionMark === -1 ? withoutMark : withoutMark.slice(0, questionMark);
  const query = questionMark === -1 ? '' : withoutMark.slice(questionMark + 1);
  const path = rawPath === '' ? '/' : rawPath.startsWith('/') ? rawPath : `/${rawPath}`;
  return { path, params: new URLSearchParams(query), query };
}

export function routeHref(path: string, params?: Record<string, string | number>): string {
  const query = params ? new URLSearchParams(Object.entries(params).map(([key, value]) => [key, String(value)])).toString() : '';
  return `#${path}${query ? `?${query}` : ''}`;
}

/** Change the route; `replace` rewrites the current history entry (used to pin a chosen seed). */
export function navigate(href: string, { replace = false } = {}): void {
  if (replace) {
    history.replaceState(null, '', href);
    // replaceState fires no hashchange: tell subscribers ourselves.
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    window.location.hash = href.startsWith('#') ? href.slice(1) : href;
  }
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

const readHash = () => window.location.hash;

export function useHashRoute(): Route {
  const hash = useSyncExternalStore(subscribe, readHash, () => '');
  return useMemo(() => parseHash(hash), [hash]);
}
