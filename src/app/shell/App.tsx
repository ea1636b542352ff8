// The app shell: header with the theme toggle, hash routes, one lazily loaded chunk per lab.
import { Suspense } from 'react';
import { LAB_SUBPAGES, LABS } from '../labs/registry.ts';
import { Home } from '../pages/Home.tsx';
import { NotFound } from '../pages/NotFound.tsx';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import { useHashRoute } from './router.ts';
import { useTheme, type ThemeChoice } from './theme.ts';
import { Presenter } from '../kit/presenter/Presenter.tsx';

const NEXT_THEME: Record<ThemeChoice, ThemeChoice> = { system: 'dark', dark: 'light', light: 'system' };
/** The word the toggle shows for each choice. */
const THEME_WORD = { system: 'Auto', dark: 'Dark', light: 'Light' } as const;

export function App() {
  const route = useHashRoute();
  const { choice, theme, setChoice } = useTheme();
  const lab = [...LABS, ...LAB_SUBPAGES].find((candidate) => candidate.path === route.path && candidate.page);
  const Page = lab?.page;
  return (
    <>
      <a className="skip-link" href="#main-content" onClick={(event) => { event.preventDefault(); document.getElementById('main-content')?.focus(); }}>
        Skip to content
      </a>
      <header className="app-header">
        <a className="brand" href="#/">
          Quorum Lab
        </a>
        {lab && <span className="crumb">/ {lab.title}</span>}
        <span className="spacer" />
        {lab && <Presenter params={route.params} />}
        <button
          type="button"
          className="theme-toggle"
          onClick={() => setChoice(NEXT_THEME[choice])}
          // The name starts with the visible word (axe label-content-name-mismatch: speech users say what they see).
          aria-label={`${THEME_WORD[choice]} theme${choice === 'system' ? ` (system: ${theme})` : ''}. Switch to ${NEXT_THEME[choice]}.`}
          data-testid="theme-toggle"
        >
          <span aria-hidden="true">{theme === 'dark' ? '☾' : '☀'}</span> {THEME_WORD[choice]}
        </button>
      </header>
      <div id="main-content" tabIndex={-1} className="main-content">
        <ErrorBoundary what={lab ? `the ${lab.title} lab` : 'this page'} resetKey={`${route.path}?${route.query}`}>
          {route.path === '/' ? (
            <Home />
          ) : Page ? (
            <Suspense fallback={<p className="page-message" role="status">Loading the {lab.title} lab…</p>}>
              <Page route={route} />
            </Suspense>
          ) : (
            <NotFound path={route.path} />
          )}
        </ErrorBoundary>
      </div>
    </>
  );
}
