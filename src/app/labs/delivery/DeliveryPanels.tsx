// The delivery lab's side panels: the sentences that explain this moment, the events as they
// happened (each in words), evidence for the essay, and what the model simplifies.
import { useState } from 'react';
import { routeHref } from '../../shell/router.ts';
import { useDeliveryStore, useDeliveryStoreApi } from './deliveryContext.ts';
import { encodeSharedScenario } from '../../kit/sharedScenario.ts';
import { formatTimeMs, selectFrame } from './deliveryStore.ts';
import { settingEvidenceMarkdown } from './evidence.ts';

export function ExplanationsPanel() {
  const frame = useDeliveryStore(selectFrame);
  const sentences = frame?.explanations ?? [];
  return (
    <section className="panel d-explanations" aria-label="What is happening" data-testid="explanations">
      <h2>What is happening</h2>
      {sentences.length === 0 ? (
        <p>{frame && frame.tally.produced > 0 ? 'Every transfer so far was paid exactly once, and nothing is at risk right now.' : 'Press “Produce 10” (or P), then arm a crash and watch the balance.'}</p>
      ) : (
        <ul>
          {sentences.map((sentence) => (
            <li key={sentence}>{sentence}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function NotesPanel() {
  const frame = useDeliveryStore(selectFrame);
  const notes = frame?.notes ?? [];
  return (
    <section className="panel d-notes" aria-label="Events" data-testid="notes">
      <h2>Events</h2>
      {notes.length === 0 ? (
        <p>No crash, retry or duplicate yet.</p>
      ) : (
        <ol reversed>
          {[...notes]
            .reverse()
            .slice(0, 8)
            .map((note, index) => (
              <li key={`${note.atMs}-${notes.length - index}`} className={`d-note d-note-${note.kind}`}>
                <span className="d-note-time">{formatTimeMs(note.atMs)}</span> {note.text}
              </li>
            ))}
        </ol>
      )}
    </section>
  );
}

export function EvidencePanel() {
  const frame = useDeliveryStore(selectFrame);
  const actions = useDeliveryStoreApi().getState().actions;
  const [markdown, setMarkdown] = useState<string | null>(null);
  if (!frame) return null;
  const make = async () => {
    const scenario = await actions.exportRun();
    if (scenario === null) return;
    const link = `${window.location.origin}${window.location.pathname}${routeHref('/delivery', { replay: encodeSharedScenario(scenario) })}`;
    const text = settingEvidenceMarkdown(frame, link, scenario);
    setMarkdown(text);
    void navigator.clipboard?.writeText(text).catch(() => undefined);
  };
  return (
    <section className="panel d-evidence" aria-label="Evidence for the essay">
      <h2>Evidence</h2>
      <button type="button" onClick={() => void make()} data-testid="export-run">
        Export this run as Markdown
      </button>
      {markdown && (
        <>
          <textarea readOnly value={markdown} aria-label="Evidence (Markdown)" data-testid="evidence" rows={8} />
          <p>The link replays this run: the same settings and seed, your actions at the same moments.</p>
        </>
      )}
    </section>
  );
}

export function Simplifications() {
  return (
    <details className="panel d-simplifications">
      <summary>What this model simplifies</summary>
      <p>
        One consumer process; offset commits and database calls never fail on the wire; only producer ↔ broker messages cross the simulated network; one follower per partition; the broker
        remembers every sequence number (Kafka keeps the last five batches); one message in flight per producer; each transfer is its own transaction; auto-commit runs on a timer as if
        processing ran on another thread. The outbox relay's payment service keeps row ids forever. Otherwise the rules follow Kafka (KIP-98 idempotence and transactions, acks, read_committed).
      </p>
    </details>
  );
}
