// The home page: the labs there are, and those coming next.
import { LABS } from '../labs/registry.ts';
import { routeHref } from '../shell/router.ts';

export function Home() {
  return (
    <main className="home" aria-labelledby="home-title">
      <h1 id="home-title">Labs</h1>
      <p className="home-intro">
        Deterministic simulations of distributed systems: every run has a seed, so anything you see can be shared and replayed.
      </p>
      <ul className="lab-list" data-testid="lab-list">
        {LABS.map((lab) => (
          <li key={lab.path} className={lab.page ? 'lab-card' : 'lab-card lab-card-later'} data-testid={`lab-${lab.path.slice(1)}`}>
            <h2>{lab.page ? <a href={routeHref(lab.path)}>{lab.title}</a> : lab.title}</h2>
            <p>{lab.summary}</p>
            {!lab.page && <p className="badge">Coming next</p>}
          </li>
        ))}
      </ul>
    </main>
  );
}
