// The clocks lab page: reads the URL (random seed, a Raft run handed over), owns one store, lays out the diagram, the inspector and the tabs.
import { useEffect, useState, type ReactNode } from 'react';
import { navigate, routeHref } from '../../shell/router.ts';
import type { LabPageProps } from '../registry.ts';
import { describeOrigin, PROCESS_COUNT_MAX, PROCESS_COUNT_MIN, type ClocksDocument } from './clocksDocument.ts';
import { ClocksStoreContext, ClocksWorkerContext, useClocksStore, useClocksStoreApi } from './clocksContext.ts';
import { createClocksWorkerClient, type ClocksWorkerClient } from './clocksWorker.ts';
import { createClocksStore, DOCUMENT_STORAGE_KEY, randomDocument, readBigDocumentNote, readStoredDocument, type BigStorage, selectActions, selectDocument, selectIssues, selectNotice, selectView, type RandomSettings } from './clocksStore.ts';
import { LamportPanel } from './LamportPanel.tsx';
import { PhysicalTimePanel } from './PhysicalTimePanel.tsx';
import { QuizPanel } from './QuizPanel.tsx';
import { convertRaftHandoff, RAFT_HANDOFF_KEY } from './raftImport.ts';
import { ScenarioPanel } from './ScenarioPanel.tsx';
import { SelectionPanel } from './SelectionPanel.tsx';
import { ShivizPanel } from './ShivizPanel.tsx';
import { SpaceTimeEditor, matchingEvents } from './SpaceTimeEditor.tsx';
import './clocks.css';
import { UrlProblems } from '../../shell/UrlProblems.tsx';
import { readUrlParameters } from '../../kit/urlParameters.ts';

const TABS = [
  { id: 'lamport', title: 'Lamport’s limits' },
  { id: 'quiz', title: 'Quiz' },
  { id: 'physical', title: 'Physical time' },
  { id: 'shiviz', title: 'ShiViz logs' },
  { id: 'scenario', title: 'Scenario' },
] as const;
type TabId = (typeof TABS)[number]['id'];

const EVENT_COUNT_MIN = 2;
const EVENT_COUNT_MAX = 60;

function safeStorage(kind: 'local' | 'session'): Storage | null {
  try {
    return kind === 'local' ? window.localStorage : window.sessionStorage;
  } catch {
    return null;
  }
}

const KNOWN_PARAMETERS = ['seed', 'processes', 'events', 'from', 'tab'] as const;

/**
 * `seed`, `processes`, `events` describe a random execution (null without a seed); `from=raft` opens a
 * Raft run handed over; `tab` picks a tab. A malformed value is reported, like every lab's URL.
 */
export function parseClocksUrl(params: URLSearchParams): { readonly ok: true; readonly random: RandomSettings | null } | { readonly ok: false; readonly problems: readonly string[] } {
  const url = readUrlParameters(params, KNOWN_PARAMETERS);
  const seed = url.whole('seed', 0, 0xffffffff);
  const processCount = url.whole('processes', PROCESS_COUNT_MIN, PROCESS_COUNT_MAX) ?? 3;
  const eventCount = url.whole('events', EVENT_COUNT_MIN, EVENT_COUNT_MAX) ?? 12;
  url.oneOf('from', ['raft'] as const);
  url.oneOf(
    'tab',
    TABS.map((tab) => tab.id),
  );
  if (url.problems.length > 0) return { ok: false, problems: url.problems };
  return { ok: true, random: seed === null ? null : { seed, processCount, eventCount } };
}

export function parseRandomSettings(params: URLSearchParams): RandomSettings | null {
  const parsed = parseClocksUrl(params);
  return parsed.ok ? parsed.random : null;
}

function sameRandom(document: ClocksDocument, settings: RandomSettings): boolean {
  const origin = document.origin;
  return origin.kind === 'random' && origin.seed === settings.seed && origin.processCount === settings.processCount && origin.eventCount === settings.eventCount;
}

function randomSeed(): number {
  // The page, not the kernel, picks a fresh seed; from then on the run is determined by it.
  return Math.floor(Math.random() * 1_000_000);
}

export default function ClocksLab({ route }: LabPageProps) {
  const parsed = parseClocksUrl(route.params);
  if (!parsed.ok) {
    return <UrlProblems title="This clocks link has a problem" problems={parsed.problems} defaultsPath={'/clocks'} defaultsLabel="Open the clocks lab with its example diagram" />;
  }
  return <ClocksSession route={route} />;
}

/**
 * IndexedDB, written and read by the clocks worker (so a 50,000-event diagram is never copied on
 * this thread), or null where the browser refuses it (private modes, file: pages).
 */
function workerBigStorage(worker: ClocksWorkerClient): BigStorage | null {
  try {
    if (typeof indexedDB === 'undefined') return null;
  } catch {
    return null;
  }
  return { set: (key, document) => worker.keep(key, document), del: (key) => worker.forget(key) };
}

function ClocksSession({ route }: LabPageProps) {
  const [worker] = useState(() => createClocksWorkerClient());
  useEffect(() => () => worker.dispose(), [worker]);
  const [bigStorage] = useState(() => workerBigStorage(worker));
  const [store] = useState(() => {
    const storage = safeStorage('local');
    let initial: ClocksDocument | undefined;
    let notice: string | null = null;
    if (route.params.get('from') === 'raft') {
      const session = safeStorage('session');
      let value: unknown = null;
      try {
        value = JSON.parse(session?.getItem(RAFT_HANDOFF_KEY) ?? 'null');
      } catch {
        value = null;
      }
      const converted = convertRaftHandoff(value);
      if (converted.ok) {
        initial = converted.document;
        notice = `Opened the Raft run (${converted.document.origin.kind === 'raft' ? converted.document.origin.name : ''}): ${converted.document.events.length} events, ${converted.document.messages.length} messages${converted.dropped > 0 ? `, ${converted.dropped} dropped (drawn as stubs: sent, never received)` : ''}.`;
      } else notice = converted.reason;
    } else {
      const settings = parseRandomSettings(route.params);
      const stored = readStoredDocument(storage);
      // A shared link reproduces its random execution; a reload keeps the edits made to it.
      if (settings && !(stored && sameRandom(stored, settings))) initial = randomDocument(settings);
    }
    const created = createClocksStore({ storage, bigStorage, ...(initial ? { initial } : {}) });
    if (notice) created.setState({ notice: { tone: initial ? 'info' : 'refused', text: notice } });
    return created;
  });

  useEffect(() => {
    // A big log is in IndexedDB: read it back and compute its clocks in the worker, the page usable meanwhile.
    const storage = safeStorage('local');
    const note = readBigDocumentNote(storage);
    // A random link or a Raft hand-over replaced the note with its own diagram at creation, so a note here is the work to restore.
    if (!note || !bigStorage) return;
    let cancelled = false;
    store.setState({ notice: { tone: 'info', text: `Restoring ${note.name} (${note.eventCount.toLocaleString('en')} events) from this browser's storage…` } });
    void (async () => {
      try {
        const restored = await worker.restoreKept(DOCUMENT_STORAGE_KEY);
        if (cancelled) return;
        if (!restored) {
          store.setState({ notice: { tone: 'refused', text: `The stored log ${note.name} could not be read back; showing the example diagram.` } });
          storage?.removeItem(DOCUMENT_STORAGE_KEY);
          return;
        }
        store.getState().actions.load(restored.document, `Restored ${note.name}: ${restored.document.events.length.toLocaleString('en')} events, kept in this browser's storage.`, restored.analysed);
      } catch (error) {
        if (!cancelled) store.setState({ notice: { tone: 'refused', text: `The stored log ${note.name} could not be read back (${error instanceof Error ? error.message : String(error)}).` } });
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [store, worker, bigStorage]);

  useEffect(() => {
    // The Raft run now lives in localStorage with the rest of the work; a reload must not re-import it.
    if (route.params.get('from') === 'raft') navigate(routeHref('/clocks'), { replace: true });
  }, [route.params]);

  useEffect(() => {
    const settings = parseRandomSettings(route.params);
    const { document, actions } = store.getState();
    if (settings && !sameRandom(document, settings)) actions.loadRandom(settings);
  }, [route.params, store]);

  const initialTab = TABS.find((tab) => tab.id === route.params.get('tab'))?.id ?? 'lamport';
  return (
    <ClocksStoreContext.Provider value={store}>
      <ClocksWorkerContext.Provider value={worker}>
        <ClocksLayout initialTab={initialTab} />
      </ClocksWorkerContext.Provider>
    </ClocksStoreContext.Provider>
  );
}

function ClocksLayout({ initialTab }: { initialTab: TabId }) {
  const [tab, setTab] = useState<TabId>(initialTab);
  const issues = useClocksStore(selectIssues);
  return (
    <main className="clocks-lab" aria-labelledby="clocks-lab-title" data-testid="clocks-lab">
      <h1 id="clocks-lab-title" className="clocks-title">
        Clocks and causality
      </h1>
      <Toolbar />
      <NoticeBar />
      <div className="clocks-workspace">
        <div className="clocks-main">
          {issues.length > 0 && (
            <div role="alert" className="error-panel">
              <h2>This diagram is not a possible execution</h2>
              <ul className="error-list">
                {issues.map((issue, index) => (
                  <li key={index}>{issue.reason}</li>
                ))}
              </ul>
            </div>
          )}
          <SpaceTimeEditor />
        </div>
        <aside className="clocks-side" aria-label="Inspector">
          <SelectionPanel />
          <KeyboardHelp />
        </aside>
      </div>
      <Tabs tab={tab} onTab={setTab}>
        {tab === 'lamport' && <LamportPanel />}
        {tab === 'quiz' && <QuizPanel />}
        {tab === 'physical' && <PhysicalTimePanel />}
        {tab === 'shiviz' && <ShivizPanel />}
        {tab === 'scenario' && <ScenarioPanel />}
      </Tabs>
    </main>
  );
}

function Tabs({ tab, onTab, children }: { tab: TabId; onTab(tab: TabId): void; children: ReactNode }) {
  const onKeyDown = (event: React.KeyboardEvent<HTMLDivElement>) => {
    const index = TABS.findIndex((candidate) => candidate.id === tab);
    const next = event.key === 'ArrowRight' ? index + 1 : event.key === 'ArrowLeft' ? index - 1 : null;
    if (next === null) return;
    event.preventDefault();
    const target = TABS[(next + TABS.length) % TABS.length]!;
    onTab(target.id);
    document.getElementById(`clocks-tab-${target.id}`)?.focus();
  };
  return (
    <section className="clocks-tabs">
      <div role="tablist" aria-label="Clocks lab sections" onKeyDown={onKeyDown} className="clocks-tablist">
        {TABS.map((candidate) => (
          <button
            key={candidate.id}
            id={`clocks-tab-${candidate.id}`}
            type="button"
            role="tab"
            aria-selected={tab === candidate.id}
            aria-controls="clocks-tabpanel"
            tabIndex={tab === candidate.id ? 0 : -1}
            onClick={() => onTab(candidate.id)}
            data-testid={`tab-${candidate.id}`}
          >
            {candidate.title}
          </button>
        ))}
      </div>
      <div id="clocks-tabpanel" role="tabpanel" aria-labelledby={`clocks-tab-${tab}`} className="clocks-tabpanel">
        {children}
      </div>
    </section>
  );
}

function Toolbar() {
  const document = useClocksStore(selectDocument);
  const view = useClocksStore(selectView);
  const actions = useClocksStore(selectActions);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const origin = document.origin;
  const [seedText, setSeedText] = useState(origin.kind === 'random' ? String(origin.seed) : '42');
  const [processCount, setProcessCount] = useState(origin.kind === 'random' ? origin.processCount : 3);
  const [eventCount, setEventCount] = useState(origin.kind === 'random' ? origin.eventCount : 12);
  const fromProcess = document.processes.includes(from) ? from : (document.processes[0] ?? '');
  const toProcess = document.processes.includes(to) && to !== fromProcess ? to : (document.processes.find((process) => process !== fromProcess) ?? '');
  const matches = matchingEvents(document, view.search);
  const generate = (seed: number) => {
    setSeedText(String(seed));
    navigate(routeHref('/clocks', { seed, processes: processCount, events: eventCount }));
  };
  return (
    <div className="clocks-toolbar" data-testid="clocks-toolbar">
      <div className="clocks-toolbar-group" role="group" aria-label="Processes">
        <span className="clocks-toolbar-label">Processes</span>
        <button type="button" onClick={actions.removeProcess} disabled={document.processes.length <= PROCESS_COUNT_MIN} aria-label="Remove the last process" data-testid="remove-process">
          −
        </button>
        <span data-testid="process-count">{document.processes.length}</span>
        <button type="button" onClick={actions.addProcess} disabled={document.processes.length >= PROCESS_COUNT_MAX} aria-label="Add a process" data-testid="add-process">
          +
        </button>
      </div>
      <div className="clocks-toolbar-group" role="group" aria-label="Add a message with the keyboard">
        <span className="clocks-toolbar-label">Message</span>
        <select value={fromProcess} onChange={(event) => setFrom(event.target.value)} aria-label="Message from">
          {document.processes.map((process) => (
            <option key={process}>{process}</option>
          ))}
        </select>
        →
        <select value={toProcess} onChange={(event) => setTo(event.target.value)} aria-label="Message to">
          {document.processes
            .filter((process) => process !== fromProcess)
            .map((process) => (
              <option key={process}>{process}</option>
            ))}
        </select>
        <button type="button" onClick={() => actions.appendMessage(fromProcess, toProcess)} data-testid="append-message">
          Add
        </button>
      </div>
      <div className="clocks-toolbar-group" role="group" aria-label="Show">
        <label>
          <input type="checkbox" checked={view.showLamport} onChange={(event) => actions.setView({ showLamport: event.target.checked })} data-testid="show-lamport" /> Lamport
        </label>
        <label>
          <input type="checkbox" checked={view.showVector} onChange={(event) => actions.setView({ showVector: event.target.checked })} data-testid="show-vector" /> Vector
        </label>
        <button
          type="button"
          onClick={() => actions.setView({ orientation: view.orientation === 'horizontal' ? 'vertical' : 'horizontal' })}
          aria-label={`Time flows ${view.orientation === 'horizontal' ? 'to the right' : 'downwards'}; switch`}
          data-testid="orientation"
        >
          Time {view.orientation === 'horizontal' ? '→' : '↓'}
        </button>
        <label>
          Axis{' '}
          <select value={view.axis} onChange={(event) => actions.setView({ axis: event.target.value === 'compact' ? 'compact' : 'time' })} data-testid="axis">
            <option value="time">time (editable)</option>
            <option value="compact">compact (large logs)</option>
          </select>
        </label>
        <label title="Compact axis only">
          <input
            type="checkbox"
            checked={view.collapseLocalRuns}
            onChange={(event) => actions.setView({ collapseLocalRuns: event.target.checked, ...(event.target.checked ? { axis: 'compact' as const } : {}) })}
            data-testid="collapse-runs"
          />{' '}
          Collapse local runs
        </label>
      </div>
      <div className="clocks-toolbar-group" role="group" aria-label="Find">
        <details className="clocks-host-filter">
          <summary>Hosts ({document.processes.length - view.hiddenProcesses.filter((process) => document.processes.includes(process)).length}/{document.processes.length})</summary>
          <div className="clocks-host-list">
            {document.processes.map((process) => (
              <label key={process}>
                <input
                  type="checkbox"
                  checked={!view.hiddenProcesses.includes(process)}
                  onChange={(event) =>
                    actions.setView({ hiddenProcesses: event.target.checked ? view.hiddenProcesses.filter((hidden) => hidden !== process) : [...view.hiddenProcesses, process] })
                  }
                  data-testid={`host-${process}`}
                />{' '}
                {process}
              </label>
            ))}
          </div>
        </details>
        <input type="search" placeholder="Search events" value={view.search} onChange={(event) => actions.setView({ search: event.target.value })} aria-label="Search events by text" data-testid="search" />
        {view.search.trim() !== '' && (
          <span data-testid="search-count" role="status">
            {matches.size} match{matches.size === 1 ? '' : 'es'}
          </span>
        )}
      </div>
      <div className="clocks-toolbar-group" role="group" aria-label="Random execution">
        <span className="clocks-toolbar-label">Random</span>
        <label>
          seed <input type="number" min={0} value={seedText} onChange={(event) => setSeedText(event.target.value)} className="narrow" data-testid="random-seed" />
        </label>
        <label>
          <select value={processCount} onChange={(event) => setProcessCount(Number(event.target.value))} aria-label="Processes in the random execution">
            {Array.from({ length: PROCESS_COUNT_MAX - PROCESS_COUNT_MIN + 1 }, (_, index) => index + PROCESS_COUNT_MIN).map((count) => (
              <option key={count} value={count}>
                {count} processes
              </option>
            ))}
          </select>
        </label>
        <label>
          <input type="number" min={EVENT_COUNT_MIN} max={EVENT_COUNT_MAX} value={eventCount} onChange={(event) => setEventCount(Math.min(EVENT_COUNT_MAX, Math.max(EVENT_COUNT_MIN, Number(event.target.value) || EVENT_COUNT_MIN)))} className="narrow" aria-label="Events in the random execution" /> events
        </label>
        <button type="button" onClick={() => generate(/^\d+$/.test(seedText) ? Number(seedText) : 0)} data-testid="random-generate">
          Generate
        </button>
        <button type="button" onClick={() => generate(randomSeed())} data-testid="random-new">
          New seed
        </button>
      </div>
      <div className="clocks-toolbar-group" role="group" aria-label="Diagram">
        <span className="muted" data-testid="origin">
          {describeOrigin(origin)}
          {document.edited ? ', edited' : ''} · saved in this browser
        </span>
        <button type="button" onClick={actions.clearEvents} data-testid="clear-events">
          Clear events
        </button>
        <button
          type="button"
          onClick={() => {
            if (window.confirm('Reset to the example diagram? Your edits will be lost.')) {
              actions.reset();
              navigate(routeHref('/clocks'), { replace: true });
            }
          }}
          data-testid="reset"
        >
          Reset
        </button>
      </div>
    </div>
  );
}

function NoticeBar() {
  const notice = useClocksStore(selectNotice);
  const store = useClocksStoreApi();
  return (
    <div className="clocks-notice-slot" aria-live="polite">
      {notice && (
        <p className={`clocks-notice ${notice.tone}`} data-testid="clocks-notice" data-tone={notice.tone} role={notice.tone === 'refused' ? 'alert' : 'status'}>
          <span className="clocks-notice-icon" aria-hidden="true">
            {notice.tone === 'refused' ? '⚠' : 'ℹ'}
          </span>{' '}
          {notice.text}{' '}
          <button type="button" className="linklike" onClick={() => store.getState().actions.dismissNotice()} aria-label="Dismiss the notice">
            Dismiss
          </button>
        </p>
      )}
    </div>
  );
}

function KeyboardHelp() {
  return (
    <details className="card clocks-help">
      <summary>Mouse and keyboard</summary>
      <ul>
        <li>Click a lane: a local event there. Drag from a lane to a later point on another lane: a message.</li>
        <li>Drag an event along its lane to move it; click it to select (two for a comparison).</li>
        <li>Tab to a lane name and press Enter: a local event at the end of that lane. “Message … Add” in the toolbar sends one at the end.</li>
        <li>On a focused event: Enter selects, Delete removes, ← → (↑ ↓ when time flows down) move it, Escape clears the selection.</li>
      </ul>
    </details>
  );
}
