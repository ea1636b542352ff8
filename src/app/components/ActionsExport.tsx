// "Replay what you did": the user's actions in this run as a scenario of the lab's own grammar —
// copied, downloaded, or as a link that opens the same run. The engine writes the text (it replays
// into the same trace); this card only moves it to the clipboard, a file or the URL.
import { useId, useState } from 'react';
import { routeHref } from '../shell/router.ts';
import { encodeSharedScenario, MAX_SHARED_LINK_CHARACTERS } from '../kit/sharedScenario.ts';
import { downloadText } from '../kit/download.ts';

type Outcome = { readonly tone: 'ok' | 'problem'; readonly text: string };

export function ActionsExport({
  route,
  fileName,
  exportText,
  actionWords = 'crashes, drags, cuts and requests',
}: {
  readonly route: string;
  readonly fileName: string;
  readonly exportText: () => Promise<string | null>;
  /** What the user's actions are in this lab, for the card's sentence. */
  readonly actionWords?: string;
}) {
  const id = useId();
  const [text, setText] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const fetchText = async (): Promise<string | null> => {
    const exported = await exportText();
    setText(exported);
    if (exported === null) setOutcome({ tone: 'problem', text: 'The run is not ready yet: try again in a moment.' });
    return exported;
  };
  const lineCount = (exported: string) => exported.split('\n').filter((line) => line.trim() && !line.startsWith('#')).length;

  const copy = async (value: string, what: string) => {
    try {
      await navigator.clipboard.writeText(value);
      setOutcome({ tone: 'ok', text: `${what} copied.` });
    } catch {
      // No clipboard (an insecure page, a refused permission): the text is shown below to copy by hand.
      setOutcome({ tone: 'problem', text: `The browser refused the clipboard: the ${what.toLowerCase()} is below, select it and copy.` });
    }
  };

  const copyScenario = async () => {
    const exported = await fetchText();
    if (exported !== null) await copy(exported, `Scenario (${lineCount(exported)} lines)`);
  };

  const download = async () => {
    const exported = await fetchText();
    if (exported === null) return;
    downloadText(fileName, exported);
    setOutcome({ tone: 'ok', text: `Downloaded ${fileName} (${lineCount(exported)} lines).` });
  };

  const copyLink = async () => {
    const exported = await fetchText();
    if (exported === null) return;
    const link = `${window.location.origin}${window.location.pathname}${routeHref(route, { actions: encodeSharedScenario(exported) })}`;
    if (link.length > MAX_SHARED_LINK_CHARACTERS) {
      setOutcome({ tone: 'problem', text: `Too many actions for a link (${link.length.toLocaleString('en')} characters; links over ${MAX_SHARED_LINK_CHARACTERS.toLocaleString('en')} break in some tools): download the file and share that.` });
      return;
    }
    setText(link);
    await copy(link, 'Link');
  };

  return (
    <section className="card actions-export" aria-labelledby={`${id}-title`} data-testid="actions-export">
      <h2 id={`${id}-title`}>Replay what you did</h2>
      <p className="muted">Your {actionWords} as a scenario file: it replays into this same run (same seed, same moments).</p>
      <div className="button-row">
        <button type="button" onClick={() => void copyScenario()} data-testid="actions-copy">
          Copy as scenario
        </button>
        <button type="button" onClick={() => void download()} data-testid="actions-download">
          Download
        </button>
        <button type="button" onClick={() => void copyLink()} data-testid="actions-link">
          Copy link
        </button>
      </div>
      <p role="status" className={outcome?.tone === 'problem' ? 'warning-text' : 'muted'} data-testid="actions-status">
        {outcome?.text ?? ''}
      </p>
      {text !== null && (
        <textarea className="actions-text" readOnly value={text} rows={Math.min(10, text.split('\n').length)} aria-label="The exported text" data-testid="actions-text" onFocus={(event) => event.currentTarget.select()} />
      )}
    </section>
  );
}
