// A lab opened from a bad link: what is wrong with each parameter, and ways out (never a blank page).
import { routeHref } from './router.ts';

export function UrlProblems({
  title,
  problems,
  defaultsPath,
  defaultsLabel,
  backHref = '#/',
  backLabel = 'go back to the labs',
}: {
  readonly title: string;
  readonly problems: readonly string[];
  /** The same page with default settings. */
  readonly defaultsPath: string;
  readonly defaultsLabel: string;
  readonly backHref?: string;
  readonly backLabel?: string;
}) {
  return (
    <main className="error-panel" role="alert" data-testid="url-error">
      <h1>{title}</h1>
      <ul className="error-list">
        {problems.map((problem) => (
          <li key={problem}>{problem}</li>
        ))}
      </ul>
      <p>
        <a href={routeHref(defaultsPath)}>{defaultsLabel}</a> or <a href={backHref}>{backLabel}</a>.
      </p>
    </main>
  );
}
