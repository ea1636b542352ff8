// ShiViz logs in and out: import a file or pasted text with a parser regex (and delimiter) in the clocks worker with a progress bar, list problems by line, draw it; export any diagram.
import { useEffect, useMemo, useRef, useState } from 'react';
import { exportShivizLog, shivizDefaultParser, shivizExportParser, ShivizExportError } from '../../../kernel/protocols/clocks/index.ts';
import type { ClocksImportReply, ClocksProgress, ImportedExecution } from '../../../worker/clocksEngine.ts';
import { toExecution } from './clocksDocument.ts';
import { useClocksStore, useClocksWorker } from './clocksContext.ts';
import { selectActions, selectDocument } from './clocksStore.ts';

/** Parsers people need often: ShiViz's default and the formats of its own examples. */
export const KNOWN_PARSERS: readonly { readonly name: string; readonly parser: string; readonly delimiter: string }[] = [
  { name: 'ShiViz default (event line, then host {clock})', parser: shivizDefaultParser, delimiter: '' },
  { name: 'This lab’s export (host {clock}, then event line)', parser: shivizExportParser, delimiter: '' },
  {
    name: 'Akka log, one line per event (simple-reliable-broadcast.log)',
    parser: String.raw`\[\w+\] \[(?<date>([^ ]+ [^ ]+))\] [^ ]+ \[akka://Broadcast/user/(?<host>\w+)\] (?<clock>.*\}) (?<event>.*)`,
    delimiter: '',
  },
  {
    name: 'Web request log (facebook.log, multiple-comparison.log)',
    parser: String.raw`(?<ip>(\d{1,3}\.){3}\d{1,3}) (?<date>(\d{1,2}/){2}\d{4} (\d{2}:){2}\d{2} (AM|PM)) (?<action>(INFO|GET|POST)) (?<event>.*)\n(?<host>\w*) (?<clock>.*)`,
    delimiter: String.raw`^=== (?<trace>.*) ===$`,
  },
];

type Form = 'parser' | 'upload';

/** A file whose first line is a regex with named groups is in ShiViz's upload form. */
function looksLikeUpload(text: string): boolean {
  const firstLine = text.slice(0, text.indexOf('\n') === -1 ? text.length : text.indexOf('\n'));
  return /\(\?P?<(host|clock|event)>/.test(firstLine);
}

export function ShivizPanel() {
  return (
    <div className="clocks-columns">
      <ImportSection />
      <ExportSection />
    </div>
  );
}

const PHASE_WORDS: Record<ClocksProgress['phase'], string> = {
  matching: 'Reading events with the parser',
  analysing: 'Inferring messages from the clocks',
  clocks: 'Computing Lamport and vector clocks',
};

/** Longer logs are imported without being shown in the paste box. */
const BOX_CHARACTERS = 200_000;

function ImportSection() {
  const actions = useClocksStore(selectActions);
  const worker = useClocksWorker();
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [form, setForm] = useState<Form>('parser');
  const [parser, setParser] = useState(shivizDefaultParser);
  const [delimiter, setDelimiter] = useState('');
  const [result, setResult] = useState<ClocksImportReply | null>(null);
  const [opened, setOpened] = useState<string | null>(null);
  const [progress, setProgress] = useState<ClocksProgress | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  // Only the latest import may write its answer: a slow earlier one finishing late is ignored.
  const importCount = useRef(0);

  const open = async (execution: ImportedExecution, analysed?: Extract<ClocksImportReply, { ok: true }>['firstAnalysed']) => {
    const label = execution.document.origin.kind === 'shiviz' ? execution.document.origin.name : execution.label;
    const clocks = analysed ?? (await worker.analyse(execution.document));
    actions.load(execution.document, `Opened ${label}: ${execution.eventCount} events on ${execution.hostCount} hosts, ${execution.messageCount} messages inferred from the clocks.`, clocks);
    setOpened(execution.label);
  };

  const runImport = async () => {
    const count = ++importCount.current;
    const name = fileName ?? 'pasted log';
    setResult(null);
    setFailure(null);
    setOpened(null);
    setProgress({ phase: 'matching', fraction: 0 });
    try {
      const imported = await worker.importLog({ text, form, parser, delimiter: delimiter.trim() === '' ? null : delimiter, name }, (reported) => {
        if (count === importCount.current) setProgress(reported);
      });
      if (count !== importCount.current) return;
      // Receiving a 50,000-event reply is one long task already: draw it in the next one, not in the same.
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (count !== importCount.current) return;
      setResult(imported);
      if (imported.ok && imported.executions[0]) await open(imported.executions[0], imported.firstAnalysed);
    } catch (error) {
      if (count === importCount.current) setFailure(error instanceof Error ? error.message : String(error));
    } finally {
      if (count === importCount.current) setProgress(null);
    }
  };

  const cancelImport = () => {
    importCount.current += 1;
    // Terminating is the only way to stop a regex mid-match; the next import starts a fresh worker.
    worker.dispose();
    setProgress(null);
    setFailure('Import cancelled.');
  };

  // A 5 MB log in the box cost the page a second of layout for nothing anyone reads: big files stay out of it.
  const shownInBox = text.length <= BOX_CHARACTERS;

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    const content = await file.text();
    setFileName(file.name);
    setText(content);
    setResult(null);
    setFailure(null);
    setForm(looksLikeUpload(content) ? 'upload' : 'parser');
  };

  return (
    <section className="card clocks-import" aria-labelledby="shiviz-import-title">
      <h2 id="shiviz-import-title">Import a ShiViz log</h2>
      <p className="muted">
        One event per match of the parser: named groups <code>event</code>, <code>host</code> and <code>clock</code> (a JSON vector clock); other named groups become searchable fields. Messages are inferred from the clocks.
      </p>
      <p>
        <label>
          Log file{' '}
          <input type="file" accept=".log,.txt,text/plain" data-testid="shiviz-file" onChange={(event) => void onFile(event.target.files?.[0])} />
        </label>
      </p>
      <label className="clocks-field">
        <span>
          …or paste the log{fileName && <span className="muted"> (loaded from {fileName})</span>}
        </span>
        <textarea
          value={shownInBox ? text : ''}
          placeholder={shownInBox ? undefined : `${fileName ?? 'The log'} (${(text.length / 1_000_000).toFixed(1)} MB) is loaded: too long to show here. Type or paste to replace it.`}
          rows={7}
          spellCheck={false}
          onChange={(event) => {
            setText(event.target.value);
            setFileName(null);
          }}
          data-testid="shiviz-text"
        />
      </label>
      <fieldset className="clocks-fieldset">
        <legend>Where is the parser?</legend>
        <label>
          <input type="radio" name="shiviz-form" checked={form === 'parser'} onChange={() => setForm('parser')} /> in the fields below
        </label>{' '}
        <label>
          <input type="radio" name="shiviz-form" checked={form === 'upload'} onChange={() => setForm('upload')} data-testid="shiviz-upload-form" /> on the file's first two lines (ShiViz upload form)
        </label>
      </fieldset>
      {form === 'parser' && (
        <>
          <label className="clocks-field">
            Known formats
            <select
              onChange={(event) => {
                const known = KNOWN_PARSERS[Number(event.target.value)];
                if (known) {
                  setParser(known.parser);
                  setDelimiter(known.delimiter);
                }
              }}
              defaultValue="0"
              data-testid="shiviz-known"
            >
              {KNOWN_PARSERS.map((known, index) => (
                <option key={known.name} value={index}>
                  {known.name}
                </option>
              ))}
            </select>
          </label>
          <label className="clocks-field">
            Parser regular expression
            <input type="text" className="mono" value={parser} spellCheck={false} onChange={(event) => setParser(event.target.value)} data-testid="shiviz-parser" />
          </label>
          <label className="clocks-field">
            <span>
              Execution delimiter (optional; a <code>trace</code> group names each execution)
            </span>
            <input type="text" className="mono" value={delimiter} spellCheck={false} onChange={(event) => setDelimiter(event.target.value)} data-testid="shiviz-delimiter" />
          </label>
        </>
      )}
      <p>
        <button type="button" className="primary" onClick={() => void runImport()} disabled={text.trim() === '' || progress !== null} data-testid="shiviz-import">
          Import and draw
        </button>
        {progress && (
          <>
            {' '}
            <button type="button" onClick={cancelImport} data-testid="shiviz-cancel">
              Cancel
            </button>
          </>
        )}
      </p>
      {progress && (
        <div className="clocks-import-progress" role="status" data-testid="shiviz-progress" data-phase={progress.phase} data-fraction={progress.fraction.toFixed(3)}>
          <label>
            {PHASE_WORDS[progress.phase]}… {progress.phase === 'matching' ? `${Math.round(progress.fraction * 100)}%` : ''}
            <progress max={1} value={progress.phase === 'matching' ? progress.fraction : undefined} />
          </label>
        </div>
      )}
      {failure && (
        <p role="alert" className="clocks-import-errors" data-testid="shiviz-failure">
          {failure}
        </p>
      )}
      {result && !result.ok && (
        <div role="alert" className="clocks-import-errors">
          <h3>
            The log could not be read: {result.issues.length} problem{result.issues.length === 1 ? '' : 's'}
          </h3>
          <ol data-testid="shiviz-errors">
            {result.issues.slice(0, 100).map((issue, index) => (
              <li key={index} data-line={issue.lineNumber ?? undefined}>
                <strong>{issue.lineNumber === null ? 'Parser' : `Line ${issue.lineNumber}`}:</strong> {issue.message}
              </li>
            ))}
          </ol>
          {result.issues.length > 100 && <p className="muted">… and {result.issues.length - 100} more.</p>}
        </div>
      )}
      {result && result.warnings.length > 0 && (
        <ul className="clocks-import-warnings" data-testid="shiviz-warnings">
          {result.warnings.slice(0, 20).map((warning, index) => (
            <li key={index}>
              Line {warning.lineNumber}: {warning.message}
            </li>
          ))}
        </ul>
      )}
      {result?.ok && (
        <div data-testid="shiviz-summary" role="status">
          <p>
            Read {result.executions.length} execution{result.executions.length === 1 ? '' : 's'}
            {result.executions.length > 1 ? ': pick one to draw.' : '.'}
          </p>
          <ul className="clocks-execution-list">
            {result.executions.map((execution, index) => (
              <li key={`${execution.label}|${index}`}>
                <button type="button" aria-pressed={opened === execution.label} onClick={() => void open(execution, index === 0 ? result.firstAnalysed : undefined)}>
                  {execution.label || 'execution'}: {execution.hostCount} hosts, {execution.eventCount} events, {execution.messageCount} messages
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

/** Above this many events the export is written in the worker and only its first lines are shown: the text of a 50,000-event log is 5 MB. */
const LARGE_EXPORT_EVENTS = 2000;
const PREVIEW_CHARACTERS = 20_000;

type ExportState = { readonly ok: true; readonly value: { readonly upload: string } } | { readonly ok: false; readonly reason: string } | null;

function ExportSection() {
  const document = useClocksStore(selectDocument);
  const worker = useClocksWorker();
  const [copied, setCopied] = useState<string | null>(null);
  const large = document.events.length > LARGE_EXPORT_EVENTS;
  const [prepared, setPrepared] = useState<{ readonly document: typeof document; readonly state: ExportState }>({ document, state: null });
  const small = useMemo((): ExportState => {
    if (large) return null;
    try {
      return { ok: true as const, value: exportShivizLog(toExecution(document)) };
    } catch (error) {
      if (error instanceof ShivizExportError || error instanceof Error) return { ok: false as const, reason: error.message };
      throw error;
    }
  }, [document, large]);
  useEffect(() => {
    if (!large) return;
    let cancelled = false;
    setPrepared({ document, state: null });
    void worker.exportLog(document).then(
      (result) => {
        if (!cancelled) setPrepared({ document, state: result.ok ? { ok: true, value: { upload: result.upload } } : result });
      },
      (error: unknown) => {
        if (!cancelled) setPrepared({ document, state: { ok: false, reason: error instanceof Error ? error.message : String(error) } });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [document, large, worker]);
  const exported = large ? (prepared.document === document ? prepared.state : null) : small;
  if (!exported) {
    return (
      <section className="card" aria-labelledby="shiviz-export-title">
        <h2 id="shiviz-export-title">Export this diagram</h2>
        <p role="status" data-testid="shiviz-export-preparing">
          Writing the log of {document.events.length.toLocaleString('en')} events…
        </p>
      </section>
    );
  }
  const download = () => {
    if (!exported.ok) return;
    const url = URL.createObjectURL(new Blob([exported.value.upload], { type: 'text/plain' }));
    const link = window.document.createElement('a');
    link.href = url;
    link.download = 'clocks-diagram.log';
    link.click();
    // The click has started the download; the object URL is not needed after this task.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  };
  const copy = async () => {
    if (!exported.ok) return;
    try {
      await navigator.clipboard.writeText(exported.value.upload);
      setCopied('Copied the log (ShiViz upload form) to the clipboard.');
    } catch {
      setCopied('The browser refused the clipboard: select the text below and copy it.');
    }
  };
  return (
    <section className="card" aria-labelledby="shiviz-export-title">
      <h2 id="shiviz-export-title">Export this diagram</h2>
      <p className="muted">
        ShiViz's upload form: the parser on line 1, the delimiter on line 2 (empty), then one event per two lines, <code>host {'{clock}'}</code> and the event's text, in Lamport order. Importing it again gives the same events and clocks.
      </p>
      {exported.ok ? (
        <>
          <p className="clocks-button-row">
            <button type="button" onClick={download} data-testid="shiviz-download">
              Download .log
            </button>
            <button type="button" onClick={() => void copy()} data-testid="shiviz-copy">
              Copy
            </button>
          </p>
          {copied && <p role="status">{copied}</p>}
          {exported.value.upload.length > PREVIEW_CHARACTERS && (
            <p className="muted">The first {PREVIEW_CHARACTERS.toLocaleString('en')} characters of {exported.value.upload.length.toLocaleString('en')}; the download has all of it.</p>
          )}
          <textarea className="mono" readOnly rows={12} value={exported.value.upload.slice(0, PREVIEW_CHARACTERS)} aria-label="The exported log" data-testid="shiviz-export-text" />
        </>
      ) : (
        <p role="alert">{exported.reason}</p>
      )}
    </section>
  );
}
