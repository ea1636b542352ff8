// The kit's front door of a lab page: a link that does not parse gets the lab's `UrlProblems` page; a
// run without a seed gets one picked and pinned in the URL (so it can be shared); then the session.
import { useEffect, type ReactNode } from 'react';
import { navigate, routeHref } from '../shell/router.ts';
import { randomSeed } from '../shell/seed.ts';
import { UrlProblems } from '../shell/UrlProblems.tsx';

export type ParsedLabUrl<Settings> = { readonly ok: true; readonly settings: Settings } | { readonly ok: false; readonly problems: readonly string[] };

export function LabUrlGate<Settings extends { readonly seedMissing: boolean }>({
  path,
  labName,
  params,
  parsed,
  children,
}: {
  /** The lab's route, e.g. '/quorums'. */
  readonly path: string;
  /** As the problem page names it: "quorums lab", "replication lab". */
  readonly labName: string;
  readonly params: URLSearchParams;
  readonly parsed: ParsedLabUrl<Settings>;
  readonly children: (settings: Settings) => ReactNode;
}) {
  const seedMissing = parsed.ok && parsed.settings.seedMissing;
  useEffect(() => {
    // A run without a seed cannot be shared: pick one and pin it in the URL.
    if (!seedMissing) return;
    navigate(routeHref(path, { ...Object.fromEntries(params.entries()), seed: randomSeed() }), { replace: true });
  }, [seedMissing, params, path]);
  if (!parsed.ok) {
    return <UrlProblems title={`This ${labName} link has a problem`} problems={parsed.problems} defaultsPath={path} defaultsLabel={`Open the ${labName} with default settings`} />;
  }
  if (seedMissing) return <p className="page-message" role="status">Choosing a seed…</p>;
  return <>{children(parsed.settings)}</>;
}

/** The part of a URL's query that names the run (not viewer settings such as speed or tab): the key a journal is kept under. */
export function runKey(query: string, viewerParameters: readonly string[] = ['speed', 'tab', 'play', 'present']): string {
  const params = new URLSearchParams(query);
  for (const name of viewerParameters) params.delete(name);
  return params.toString();
}
