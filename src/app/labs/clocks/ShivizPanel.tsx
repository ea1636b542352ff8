// ShiViz logs in and out: import a file or pasted text with a parser regex (and delimiter), list problems by line, draw it; export any diagram.
import { useMemo, useState } from 'react';
import {
  exportShivizLog,
  importShivizLog,
  importShivizUpload,
  shivizDefaultParser,
  shivizExportParser,
  ShivizExportError,
  type ShivizExecution,
  type ShivizImportResult,
} from '../../../kernel/protocols/clocks/index.ts';
import { fromExecution, toExecution } from './clocksDocument.ts';
import { useClocksStore } from './clocksContext.ts';
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

function ImportSection() {
  const actions = useClocksStore(selectActions);
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [form, setForm] = useState<Form>('parser');
  const [parser, setParser] = useState(shivizDefaultParser);
  const [delimiter, setDelimiter] = useState('');
  const [result, setResult] = useState<ShivizImportResult | null>(null);
  const [opened, setOpened] = useState<string | null>(null);

  const open = (execution: ShivizExecution, name: string) => {
    const label = execution.label ? `${name} — ${execution.label}` : name;
    actions.load(
      fromExecution(execution.execution, { kind: 'shiviz', name: label }, execution.analysis.topologicalOrder),
      `Opened ${label}: ${execution.execution.events.length} events on ${execution.hosts.length} hosts, ${execution.execution.messages.length} messages inferred from the clocks.`,
    );
    setOpened(execution.label);
  };

  const runImport = () => {
    const name = fileName ?? 'pasted log';
    const imported = form === 'upload' ? importShivizUpload(text) : importShivizLog(text, { parser, delimiter: delimiter.trim() === '' ? null : delimiter });
    setResult(imported);
    setOpened(null);
    if (imported.ok && imported.executions[0]) open(imported.executions[0], name);
  };

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    const content = await file.text();
    setFileName(file.name);
    setText(content);
    setResult(null);
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
          value={text}
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
        <button type="button" className="primary" onClick={runImport} disabled={text.trim() === ''} data-testid="shiviz-import">
          Import and draw
        </button>
      </p>
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
                <button type="button" aria-pressed={opened === execution.label} onClick={() => open(execution, fileName ?? 'pasted log')}>
                  {execution.label || 'execution'}: {execution.hosts.length} hosts, {execution.execution.events.length} events, {execution.execution.messages.length} messages
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

function ExportSection() {
  const document = useClocksStore(selectDocument);
  const [copied, setCopied] = useState<string | null>(null);
  const exported = useMemo(() => {
    try {
      return { ok: true as const, value: exportShivizLog(toExecution(document)) };
    } catch (error) {
      if (error instanceof ShivizExportError || error instanceof Error) return { ok: false as const, reason: error.message };
      throw error;
    }
  }, [document]);
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
          <textarea className="mono" readOnly rows={12} value={exported.value.upload} aria-label="The exported log" data-testid="shiviz-export-text" />
        </>
      ) : (
        <p role="alert">{exported.reason}</p>
      )}
    </section>
  );
}
