// Shown for a route no lab answers to, or a lab that is not built yet.
import { LABS } from '../labs/registry.ts';

export function NotFound({ path }: { readonly path: string }) {
  const later = LABS.find((lab) => lab.path === path && !lab.page);
  return (
    // A plain main landmark: role="alert" on <main> would hide the landmark (and its h1) from assistive technology.
    <main className="page-message">
      <h1>{later ? `${later.title} is coming next` : 'No such page'}</h1>
      <p>{later ? 'This lab is not built yet.' : `Nothing lives at “${path}”.`}</p>
      <p>
        <a href="#/">Back to the labs</a>
      </p>
    </main>
  );
}
