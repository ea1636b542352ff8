// Exam mode (#/exam): a 3-hour attempt in three timed parts — Build (drills checked automatically on the
// live lab or on a replay in the simulated labs), Articulate (two essays, saved at every keystroke),
// Whiteboard (the three talks against their budgets) — and the results, exported and imported as Markdown.
import { get as idbGet, set as idbSet } from 'idb-keyval';
import { useEffect, useId, useRef, useState } from 'react';
import { useStore } from 'zustand';
import type { LabPageProps } from '../registry.ts';
import { navigate, routeHref } from '../../shell/router.ts';
import { downloadText } from '../../kit/download.ts';
import {
  activePart,
  countWords,
  endTalk,
  ESSAY_TARGET_WORDS,
  finishPart,
  formatClock,
  formatMinutes,
  PARTS,
  partState,
  pausePart,
  pausedMs,
  remainingMs,
  resumePart,
  startPart,
  startTalk,
  ticked,
  usedMs,
  type Attempt,
  type DrillId,
  type DrillResult,
  type EssayId,
  type PartId,
  type TalkId,
} from './examModel.ts';
import { DRILLS, ESSAYS, evidenceLinkProblem, TALKS, type DrillSpec, type EssaySpec, type RubricItem, type TalkSpec } from './examContent.ts';
import { createExamStore, freshAttempt, readClockSpeed, type AttemptStorage, type ExamState, type MirrorStorage } from './examStore.ts';
import { attemptFromMarkdown, attemptToMarkdown } from './examMarkdown.ts';
import { checkOnSimulatedLab } from './drillRuns.ts';
import { readRunText, TAIL_RUN } from './drillReplay.ts';
import { checkOnLiveLab, readLiveLink } from './liveDrill.ts';
import type { StoreApi } from 'zustand/vanilla';
import './exam.css';

type Tab = PartId | 'results';
const TABS: readonly { readonly id: Tab; readonly title: string }[] = [...PARTS.map((part) => ({ id: part.id as Tab, title: part.title })), { id: 'results', title: 'Results' }];

function idbStorage(): AttemptStorage | null {
  try {
    if (typeof indexedDB === 'undefined') return null;
  } catch {
    return null;
  }
  return { get: (key) => idbGet(key), set: (key, value) => idbSet(key, value) };
}

function localMirror(): MirrorStorage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

type Store = StoreApi<ExamState>;

/** The page's clock: re-renders once a second (the countdowns), reading the exam clock. */
function useExamNow(store: Store): number {
  const [now, setNow] = useState(() => store.getState().actions.now());
  useEffect(() => {
    const timer = window.setInterval(() => {
      // Closing a part whose time ran out is a change of the attempt (saved like any other).
      store.getState().actions.update((attempt) => attempt);
      setNow(store.getState().actions.now());
    }, 250);
    return () => window.clearInterval(timer);
  }, [store]);
  return now;
}

export default function ExamPage({ route }: LabPageProps) {
  const [store] = useState(() => createExamStore({ storage: idbStorage(), mirror: localMirror(), wallNow: () => Date.now(), clockSpeed: readClockSpeed() }));
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    void store.getState().actions.load().then(() => setLoaded(true));
  }, [store]);
  const tabParam = route.params.get('part');
  const tab: Tab = TABS.some((candidate) => candidate.id === tabParam) ? (tabParam as Tab) : 'build';
  if (!loaded) return <p className="page-message" role="status">Opening your exam attempt…</p>;
  return <ExamSession store={store} tab={tab} />;
}

function ExamSession({ store, tab }: { readonly store: Store; readonly tab: Tab }) {
  const attempt = useStore(store, (state) => state.attempt);
  const now = useExamNow(store);
  return (
    <main className="exam-page" data-testid="exam-page" data-clock-speed={attempt.clockSpeed}>
      <header className="exam-head">
        <div>
          <h1>Exam rehearsal</h1>
          <p className="muted">Three hours in three parts, as the study plan sets it. Each part has its own countdown; it stops only when you pause it, and every pause is recorded.</p>
        </div>
        <SaveStatusLine store={store} />
      </header>
      {attempt.clockSpeed !== 1 && (
        <p className="notice notice-warning" role="note" data-testid="exam-fast-clock">
          Test clock: this attempt's clock runs {attempt.clockSpeed}× faster than real time (set by a test, not by the app).
        </p>
      )}
      <nav className="exam-tabs" aria-label="Exam parts">
        {TABS.map((candidate) => {
          const record = candidate.id === 'results' ? null : attempt.parts[candidate.id];
          return (
            <a
              key={candidate.id}
              href={routeHref('/exam', { part: candidate.id })}
              onClick={(event) => {
                event.preventDefault();
                navigate(routeHref('/exam', { part: candidate.id }), { replace: true });
              }}
              aria-current={tab === candidate.id ? 'page' : undefined}
              data-testid={`exam-tab-${candidate.id}`}
            >
              {candidate.title}
              {record && <span className="exam-tab-state"> · {stateWords(candidate.id as PartId, record, now)}</span>}
            </a>
          );
        })}
      </nav>
      {tab === 'results' ? (
        <ResultsView store={store} now={now} />
      ) : (
        <>
          <PartClock store={store} part={tab} now={now} />
          {tab === 'build' && <BuildPart store={store} />}
          {tab === 'articulate' && <ArticulatePart store={store} />}
          {tab === 'whiteboard' && <WhiteboardPart store={store} now={now} />}
        </>
      )}
    </main>
  );
}

function stateWords(id: PartId, record: Attempt['parts'][PartId], now: number): string {
  const state = partState(record);
  if (state === 'not-started') return 'not started';
  if (state === 'ended') return record.endedBy === 'time' ? 'time up' : 'done';
  return `${formatClock(remainingMs(id, record, now))}${state === 'paused' ? ' paused' : ''}`;
}

/** Downloads the whole attempt as Markdown (the results' button, and the save line's when storage fails). */
function exportAttemptFile(store: Store): { readonly fileName: string; readonly lines: number } {
  const { attempt, actions } = store.getState();
  const markdown = attemptToMarkdown(attempt, actions.now());
  const fileName = `exam-attempt-${attempt.createdAt.slice(0, 10) || 'imported'}.md`;
  downloadText(fileName, markdown, 'text/markdown');
  return { fileName, lines: markdown.split('\n').length };
}

function SaveStatusLine({ store }: { readonly store: Store }) {
  const save = useStore(store, (state) => state.save);
  const text =
    save.kind === 'saved' ? 'Saved in this browser (IndexedDB) at every change.'
    : save.kind === 'saving' ? 'Saving…'
    : save.kind === 'loading' ? 'Opening…'
    : save.kind === 'failed' ? `Not saved: ${save.why}. Export the attempt now to keep your work.`
    : `Not kept in this browser: ${save.why}. Export the attempt before you leave.`;
  const troubled = save.kind === 'failed' || save.kind === 'unavailable';
  return (
    <p className={`exam-save exam-save-${save.kind}`} role={troubled ? 'alert' : 'status'} data-testid="exam-save" data-status={save.kind}>
      {text}
      {troubled && (
        <>
          {' '}
          <button type="button" onClick={() => exportAttemptFile(store)} data-testid="exam-save-export">
            Export now
          </button>
        </>
      )}
    </p>
  );
}

function PartClock({ store, part, now }: { readonly store: Store; readonly part: PartId; readonly now: number }) {
  const record = useStore(store, (state) => state.attempt.parts[part]);
  const other = useStore(store, (state) => activePart(state.attempt));
  const [reason, setReason] = useState('');
  const spec = PARTS.find((candidate) => candidate.id === part)!;
  const state = partState(record);
  const remaining = remainingMs(part, record, now);
  const { update } = store.getState().actions;
  const low = state === 'running' && remaining < 5 * 60_000;
  return (
    <section className={`card exam-clock exam-clock-${state}${low ? ' exam-clock-low' : ''}`} aria-label={`${spec.title} clock`} data-testid={`exam-part-${part}`} data-state={state} data-remaining-ms={remaining}>
      <div className="exam-clock-time">
        <span className="exam-countdown" role="timer" aria-live="off" data-testid={`exam-countdown-${part}`}>
          {formatClock(remaining)}
        </span>
        <span className="muted">
          {' '}
          left of {spec.budgetMinutes} min · {state === 'not-started' ? 'not started' : state === 'running' ? 'running' : state === 'paused' ? 'paused (you paused it)' : record.endedBy === 'time' ? 'time is up' : 'finished'}
          {record.pauses.length > 0 && ` · paused ${record.pauses.length}× (${formatMinutes(pausedMs(record, now))})`}
        </span>
      </div>
      <p className="muted">{spec.what}</p>
      <div className="button-row">
        {state === 'not-started' && (
          <button type="button" className="primary" onClick={() => update((attempt, nowMs) => startPart(attempt, part, nowMs))} data-testid={`exam-start-${part}`}>
            Start {spec.title} ({spec.budgetMinutes} min){other && other !== part ? ` — ends ${PARTS.find((candidate) => candidate.id === other)!.title}` : ''}
          </button>
        )}
        {state === 'running' && (
          <>
            <label className="exam-reason">
              Pause reason <input value={reason} onChange={(event) => setReason(event.target.value)} placeholder="optional" data-testid={`exam-pause-reason-${part}`} />
            </label>
            <button
              type="button"
              onClick={() => {
                update((attempt, nowMs) => pausePart(attempt, part, nowMs, reason));
                setReason('');
              }}
              data-testid={`exam-pause-${part}`}
            >
              Pause
            </button>
          </>
        )}
        {state === 'paused' && (
          <button type="button" className="primary" onClick={() => update((attempt, nowMs) => resumePart(attempt, part, nowMs))} data-testid={`exam-resume-${part}`}>
            Resume
          </button>
        )}
        {(state === 'running' || state === 'paused') && (
          <button type="button" onClick={() => update((attempt, nowMs) => finishPart(attempt, part, nowMs))} data-testid={`exam-finish-${part}`}>
            Finish {spec.title}
          </button>
        )}
      </div>
    </section>
  );
}

// ----- Build ------------------------------------------------------------------------------------------

const LIVE_LINK_KEY = 'quorum-lab:exam-live-link';

function BuildPart({ store }: { readonly store: Store }) {
  const running = useStore(store, (state) => partState(state.attempt.parts.build) === 'running');
  // The live link carries a token: kept in this tab's session only, never in the attempt or its export.
  const [liveLink, setLiveLink] = useState(() => {
    try {
      return sessionStorage.getItem(LIVE_LINK_KEY) ?? '';
    } catch {
      return '';
    }
  });
  const saveLink = (value: string) => {
    setLiveLink(value);
    try {
      sessionStorage.setItem(LIVE_LINK_KEY, value);
    } catch {
      // Kept in the page only.
    }
  };
  return (
    <div className="exam-build">
      <section className="card" aria-label="Where the drills run">
        <h2>Live or simulated</h2>
        <p>
          With <code>npm start</code> running, the drills run on <strong>real etcd and PostgreSQL</strong> in the <a href="#/live">live lab</a>: paste the link it printed, do the steps there, then “Check on the live lab” (the live server judges what it observed). Without it, do the steps in the simulated lab and paste your run: the exam replays it in the lab's own engine and checks the states it went through.
        </p>
        <label className="exam-field">
          Live lab link (optional)
          <input value={liveLink} onChange={(event) => saveLink(event.target.value)} placeholder="http://127.0.0.1:5173/#/live?api=http://127.0.0.1:…&token=…" data-testid="exam-live-link" />
        </label>
      </section>
      {!running && <p className="notice" role="note">Checks count only while the Build part runs: start it above.</p>}
      {DRILLS.map((drill) => (
        <DrillCard key={drill.id} store={store} drill={drill} running={running} liveLink={liveLink} />
      ))}
    </div>
  );
}

function DrillCard({ store, drill, running, liveLink }: { readonly store: Store; readonly drill: DrillSpec; readonly running: boolean; readonly liveLink: string }) {
  const result = useStore(store, (state) => state.attempt.drills[drill.id]);
  const [pasted, setPasted] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const id = useId();

  const record = (target: DrillResult['target'], checks: DrillResult['checks'], run: string) =>
    store.getState().actions.update((attempt, nowMs) => ({ ...attempt, drills: { ...attempt.drills, [drill.id]: { target, checks, run, checkedMs: nowMs } } }));

  const checkSimulated = async () => {
    setProblem(null);
    const run = readRunText(pasted);
    if (!run.ok) return setProblem(run.problem);
    setBusy(true);
    try {
      const answer = await checkOnSimulatedLab(drill.id, run.text);
      if (!answer.ok) return setProblem(`Your run could not be replayed: ${answer.problem}`);
      record('simulated', answer.checks, run.text);
    } catch (error) {
      setProblem(`The replay failed: ${(error as Error).message}`);
    } finally {
      setBusy(false);
    }
  };

  const checkLive = async () => {
    setProblem(null);
    const link = readLiveLink(liveLink);
    if (!link.ok) return setProblem(`Live lab link: ${link.problem}`);
    setBusy(true);
    const answer = await checkOnLiveLab(link, drill.id);
    setBusy(false);
    if (!answer.ok) return setProblem(`Live lab: ${answer.problem}`);
    record('live', answer.checks, '(checked by the live server on real systems)');
  };

  const passed = result ? result.checks.filter((check) => check.ok).length : 0;
  return (
    <section className="card exam-drill" aria-labelledby={`${id}-title`} data-testid={`exam-drill-${drill.id}`}>
      <h2 id={`${id}-title`}>{drill.title}</h2>
      <ol>
        {drill.steps.map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ol>
      <p>
        Simulated: <a href={drill.labLink} target="_blank" rel="noreferrer" data-testid={`exam-drill-lab-${drill.id}`}>open the {drill.labTitle} in a new tab</a>, do the steps with its buttons (crash, restart, drag to partition, requests), then copy your run from its <em>Replay what you did</em> card (link or scenario) and paste it here.
      </p>
      <label className="exam-field">
        Your run
        <textarea value={pasted} onChange={(event) => setPasted(event.target.value)} rows={5} spellCheck={false} placeholder={drill.id === 'etcd-quorum' ? 'http://…/#/raft?actions=…  or  raft nodes=3 seed=7 …' : 'replication nodes=2 mode=async failover=manual …'} data-testid={`exam-drill-run-${drill.id}`} />
      </label>
      <p className="muted">The exam replays it in the lab's engine, then lets it run on ({TAIL_RUN}) so a request you just sent can finish.</p>
      <div className="button-row">
        <button type="button" className="primary" disabled={!running || busy} onClick={() => void checkSimulated()} data-testid={`exam-drill-check-${drill.id}`}>
          Check my run (simulated)
        </button>
        <button type="button" disabled={!running || busy || liveLink.trim() === ''} onClick={() => void checkLive()} data-testid={`exam-drill-live-${drill.id}`}>
          Check on the live lab
        </button>
        {busy && <span role="status">Checking…</span>}
      </div>
      {problem && (
        <p className="notice notice-warning" role="alert" data-testid={`exam-drill-problem-${drill.id}`}>
          {problem}
        </p>
      )}
      {result && (
        <div data-testid={`exam-drill-result-${drill.id}`} data-passed={passed} data-total={result.checks.length} data-target={result.target}>
          <p>
            <strong>
              {passed} of {result.checks.length} checks passed
            </strong>{' '}
            — {result.target === 'live' ? 'on the live lab (real etcd / PostgreSQL)' : `on the simulated lab (${drill.labTitle})`}.
          </p>
          <ul className="exam-checks">
            {result.checks.map((check) => (
              <li key={check.name} className={check.ok ? 'ok' : 'not-ok'}>
                <span aria-hidden="true">{check.ok ? '✓' : '✗'}</span> <strong>{drill.checks.find((item) => item.id === check.name)?.text ?? check.name}</strong>
                {check.ok ? '' : ' — not yet'}: {check.saw}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

// ----- Articulate -------------------------------------------------------------------------------------

function ArticulatePart({ store }: { readonly store: Store }) {
  return (
    <div className="exam-articulate">
      {ESSAYS.map((essay) => (
        <EssayEditor key={essay.id} store={store} essay={essay} />
      ))}
    </div>
  );
}

function EssayEditor({ store, essay }: { readonly store: Store; readonly essay: EssaySpec }) {
  const record = useStore(store, (state) => state.attempt.essays[essay.id]);
  const state = useStore(store, (candidate) => partState(candidate.attempt.parts.articulate));
  const editable = state === 'running';
  const area = useRef<HTMLTextAreaElement>(null);
  const id = useId();
  const words = countWords(record.text);
  const setText = (text: string) => store.getState().actions.update((attempt) => ({ ...attempt, essays: { ...attempt.essays, [essay.id]: { ...attempt.essays[essay.id], text } } }));
  const insert = (snippet: string) => {
    const element = area.current;
    const text = store.getState().attempt.essays[essay.id].text;
    const at = element && document.activeElement === element ? element.selectionEnd : text.length;
    const before = text.slice(0, at);
    const glue = before === '' || before.endsWith('\n\n') ? '' : before.endsWith('\n') ? '\n' : '\n\n';
    setText(`${before}${glue}${snippet}\n\n${text.slice(at).replace(/^\n+/, '')}`);
  };
  return (
    <section className="card exam-essay" aria-labelledby={`${id}-title`} data-testid={`exam-essay-${essay.id}`}>
      <h2 id={`${id}-title`}>{essay.title}</h2>
      <blockquote className="exam-prompt">{essay.prompt}</blockquote>
      <p className="muted">{essay.labNote}</p>
      {!editable && <p className="notice" role="note">{state === 'not-started' ? 'Start the Articulate part above to write.' : 'The Articulate part is over: the essay is kept as it was; tick the rubric below.'}</p>}
      <label className="exam-field">
        Your essay (plain text or Markdown)
        <textarea
          ref={area}
          value={record.text}
          readOnly={!editable}
          onChange={(event) => setText(event.target.value)}
          rows={16}
          data-testid={`exam-essay-text-${essay.id}`}
        />
      </label>
      <p className={`exam-words${words >= ESSAY_TARGET_WORDS ? ' reached' : ''}`} data-testid={`exam-essay-words-${essay.id}`} data-words={words}>
        {words.toLocaleString('en')} of {ESSAY_TARGET_WORDS.toLocaleString('en')} words{words >= ESSAY_TARGET_WORDS ? ' — target reached' : ` — ${(ESSAY_TARGET_WORDS - words).toLocaleString('en')} to go`}
      </p>
      <EvidencePicker essay={essay} disabled={!editable} onInsert={insert} />
      <Rubric title="Rubric (tick afterwards)" items={essay.rubric} ticks={record.rubric} testId={`exam-essay-rubric-${essay.id}`} onToggle={(item, value) => store.getState().actions.update((attempt) => ({ ...attempt, essays: { ...attempt.essays, [essay.id]: { ...attempt.essays[essay.id], rubric: { ...attempt.essays[essay.id].rubric, [item]: value } } } }))} />
    </section>
  );
}

function EvidencePicker({ essay, disabled, onInsert }: { readonly essay: EssaySpec; readonly disabled: boolean; readonly onInsert: (snippet: string) => void }) {
  const [choice, setChoice] = useState(essay.evidence[0]!.id);
  const [link, setLink] = useState('');
  const [summary, setSummary] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const offer = essay.evidence.find((candidate) => candidate.id === choice)!;
  const insertOwn = () => {
    const linkProblem = evidenceLinkProblem(link, window.location.origin);
    if (linkProblem) return setProblem(`Link: ${linkProblem}.`);
    if (summary.trim() === '') return setProblem('Summary: say in a sentence what the run showed.');
    setProblem(null);
    const hash = link.trim().slice(link.trim().indexOf('#/'));
    onInsert(`> **Evidence** — [lab run](${hash}): ${summary.trim()}`);
    setLink('');
    setSummary('');
  };
  return (
    <details className="exam-evidence" data-testid={`exam-evidence-${essay.id}`}>
      <summary>Insert evidence (a lab run: its link and what it showed)</summary>
      <div className="exam-evidence-row">
        <label>
          A lab run
          <select value={choice} onChange={(event) => setChoice(event.target.value)} data-testid={`exam-evidence-choice-${essay.id}`}>
            {essay.evidence.map((candidate) => (
              <option key={candidate.id} value={candidate.id}>
                {candidate.title}
              </option>
            ))}
          </select>
        </label>
        <button type="button" disabled={disabled} onClick={() => onInsert(`> **Evidence** — [${offer.title}](${offer.link}): ${offer.summary}`)} data-testid={`exam-evidence-insert-${essay.id}`}>
          Insert
        </button>
      </div>
      <p className="muted">{offer.summary}</p>
      <div className="exam-evidence-row">
        <label>
          Or your own run's link
          <input value={link} onChange={(event) => setLink(event.target.value)} placeholder="#/quorums?actions=…" data-testid={`exam-evidence-link-${essay.id}`} />
        </label>
        <label>
          What it showed
          <input value={summary} onChange={(event) => setSummary(event.target.value)} placeholder="one sentence" data-testid={`exam-evidence-summary-${essay.id}`} />
        </label>
        <button type="button" disabled={disabled} onClick={insertOwn} data-testid={`exam-evidence-own-${essay.id}`}>
          Insert mine
        </button>
      </div>
      {problem && (
        <p className="notice notice-warning" role="alert">
          {problem}
        </p>
      )}
    </details>
  );
}

function Rubric({ title, items, ticks, testId, onToggle }: { readonly title: string; readonly items: readonly RubricItem[]; readonly ticks: Readonly<Record<string, boolean>>; readonly testId: string; readonly onToggle: (item: string, value: boolean) => void }) {
  return (
    <fieldset className="exam-rubric" data-testid={testId} data-ticked={ticked(ticks, items.map((item) => item.id))}>
      <legend>
        {title}: {ticked(ticks, items.map((item) => item.id))} of {items.length}
      </legend>
      {items.map((item) => (
        <label key={item.id}>
          <input type="checkbox" checked={ticks[item.id] === true} onChange={(event) => onToggle(item.id, event.target.checked)} data-testid={`${testId}-${item.id}`} /> {item.text}
        </label>
      ))}
    </fieldset>
  );
}

// ----- Whiteboard -------------------------------------------------------------------------------------

function WhiteboardPart({ store, now }: { readonly store: Store; readonly now: number }) {
  return (
    <div className="exam-whiteboard">
      <p className="muted">The three talks back to back, each in presenter mode on its own page (it opens in a new tab). “Start” and “Done” here time each talk against its budget on the exam clock.</p>
      {TALKS.map((talk) => (
        <TalkCard key={talk.id} store={store} talk={talk} now={now} />
      ))}
    </div>
  );
}

function TalkCard({ store, talk, now }: { readonly store: Store; readonly talk: TalkSpec; readonly now: number }) {
  const record = useStore(store, (state) => state.attempt.talks[talk.id]);
  const running = useStore(store, (state) => partState(state.attempt.parts.whiteboard) === 'running');
  const { update } = store.getState().actions;
  const spentMs = record.startedMs === null ? 0 : (record.endedMs ?? now) - record.startedMs;
  const budget = talk.budgetMinutes * 60_000;
  const tone = record.startedMs === null ? 'not-given' : spentMs > budget ? 'over' : spentMs > budget * 0.8 ? 'close' : 'on-time';
  return (
    <section className="card exam-talk" aria-label={talk.title} data-testid={`exam-talk-${talk.id}`}>
      <h2>
        <a href={talk.link} target="_blank" rel="noreferrer" data-testid={`exam-talk-link-${talk.id}`}>
          {talk.title}
        </a>{' '}
        <span className="muted">— budget {talk.budgetMinutes} min</span>
      </h2>
      <p className={`exam-talk-time exam-talk-${tone}`} data-testid={`exam-talk-time-${talk.id}`} data-spent-ms={spentMs}>
        {record.startedMs === null ? 'Not given yet.' : `${formatClock(spentMs)} of ${talk.budgetMinutes}:00${record.endedMs === null ? ' — talking' : ''} (${tone === 'over' ? 'over budget' : tone === 'close' ? 'close to the budget' : 'on time'})`}
      </p>
      <div className="button-row">
        <button type="button" disabled={!running} onClick={() => update((attempt, nowMs) => startTalk(attempt, talk.id, nowMs))} data-testid={`exam-talk-start-${talk.id}`}>
          {record.startedMs === null ? 'Start' : 'Start again'}
        </button>
        <button type="button" disabled={!running || record.startedMs === null || record.endedMs !== null} onClick={() => update((attempt, nowMs) => endTalk(attempt, talk.id, nowMs))} data-testid={`exam-talk-done-${talk.id}`}>
          Done
        </button>
      </div>
      <Rubric title="Rubric" items={talk.rubric} ticks={record.rubric} testId={`exam-talk-rubric-${talk.id}`} onToggle={(item, value) => update((attempt) => ({ ...attempt, talks: { ...attempt.talks, [talk.id]: { ...attempt.talks[talk.id as TalkId], rubric: { ...attempt.talks[talk.id as TalkId].rubric, [item]: value } } } }))} />
    </section>
  );
}

// ----- Results ----------------------------------------------------------------------------------------

function ResultsView({ store, now }: { readonly store: Store; readonly now: number }) {
  const attempt = useStore(store, (state) => state.attempt);
  const previous = useStore(store, (state) => state.previous);
  const [message, setMessage] = useState<{ readonly tone: 'ok' | 'problem'; readonly text: string } | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const exportAttempt = () => {
    const { fileName, lines } = exportAttemptFile(store);
    setMessage({ tone: 'ok', text: `Exported ${fileName} (${lines} lines, essays included).` });
  };
  const importFile = async (file: File) => {
    let text: string;
    try {
      text = await file.text();
    } catch (error) {
      return setMessage({ tone: 'problem', text: `${file.name} could not be read (${(error as Error).message}).` });
    }
    const result = attemptFromMarkdown(text);
    if (!result.ok) return setMessage({ tone: 'problem', text: `${file.name}, line ${result.line}: ${result.message}. Nothing was changed.` });
    store.getState().actions.replace(result.attempt);
    setMessage({ tone: 'ok', text: `Imported ${file.name}. The attempt you had is kept: “Undo” brings it back.` });
  };
  return (
    <div className="exam-results" data-testid="exam-results">
      <section className="card" aria-labelledby="exam-results-title">
        <h2 id="exam-results-title">Results</h2>
        <table className="exam-table" data-testid="exam-results-parts">
          <thead>
            <tr>
              <th scope="col">Part</th>
              <th scope="col">Budget</th>
              <th scope="col">Used</th>
              <th scope="col">Paused</th>
              <th scope="col">Ended</th>
            </tr>
          </thead>
          <tbody>
            {PARTS.map((part) => {
              const record = attempt.parts[part.id];
              return (
                <tr key={part.id} data-testid={`exam-results-part-${part.id}`} data-used-ms={usedMs(record, now)}>
                  <th scope="row">{part.title}</th>
                  <td>{part.budgetMinutes} min</td>
                  <td>{formatMinutes(usedMs(record, now))}</td>
                  <td>{record.pauses.length > 0 ? `${formatMinutes(pausedMs(record, now))}: ${record.pauses.map((pause) => pause.reason).join('; ')}` : '—'}</td>
                  <td>{stateWords(part.id, record, now)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <ul className="exam-summary">
          {DRILLS.map((drill) => {
            const result = attempt.drills[drill.id as DrillId];
            return (
              <li key={drill.id} data-testid={`exam-results-drill-${drill.id}`} data-target={result?.target ?? ''}>
                <strong>{drill.title}</strong>: {result ? `${result.checks.filter((check) => check.ok).length} of ${result.checks.length} checks passed, ${result.target === 'live' ? 'on the live lab (real etcd / PostgreSQL)' : `on the simulated lab (${drill.labTitle})`}` : 'not checked'}
              </li>
            );
          })}
          {ESSAYS.map((essay) => {
            const record = attempt.essays[essay.id as EssayId];
            return (
              <li key={essay.id} data-testid={`exam-results-essay-${essay.id}`}>
                <strong>{essay.title}</strong>: {countWords(record.text).toLocaleString('en')} of {ESSAY_TARGET_WORDS.toLocaleString('en')} words; rubric {ticked(record.rubric, essay.rubric.map((item) => item.id))} of {essay.rubric.length}
              </li>
            );
          })}
          {TALKS.map((talk) => {
            const record = attempt.talks[talk.id];
            return (
              <li key={talk.id}>
                <strong>{talk.title}</strong>: {record.startedMs !== null && record.endedMs !== null ? `${formatMinutes(record.endedMs - record.startedMs)} of ${talk.budgetMinutes} min` : 'not given'}; rubric {ticked(record.rubric, talk.rubric.map((item) => item.id))} of {talk.rubric.length}
              </li>
            );
          })}
        </ul>
      </section>
      <section className="card" aria-label="Export and import">
        <h2>Keep this attempt</h2>
        <p className="muted">The whole attempt as one Markdown file (results, timings, pauses, drill runs, essays, rubric ticks); import reads it back.</p>
        <div className="button-row">
          <button type="button" className="primary" onClick={exportAttempt} data-testid="exam-export">
            Export as Markdown
          </button>
          <button type="button" onClick={() => fileInput.current?.click()} data-testid="exam-import">
            Import attempt…
          </button>
          <input ref={fileInput} type="file" accept=".md,text/markdown,text/plain" hidden onChange={(event) => { const file = event.target.files?.[0]; event.target.value = ''; if (file) void importFile(file); }} data-testid="exam-import-file" />
          {previous && (
            <button type="button" onClick={() => { store.getState().actions.undoReplace(); setMessage({ tone: 'ok', text: 'The attempt before is back (the other one is kept for Undo).' }); }} data-testid="exam-undo">
              Undo (bring back the attempt before)
            </button>
          )}
          <button
            type="button"
            onClick={() => {
              store.getState().actions.replace(freshAttempt(Date.now(), readClockSpeed()));
              setMessage({ tone: 'ok', text: 'A new attempt started. The old one is kept: “Undo” brings it back.' });
            }}
            data-testid="exam-new"
          >
            New attempt
          </button>
        </div>
        {message && (
          <p className={`notice ${message.tone === 'ok' ? 'notice-success' : 'notice-warning'}`} role={message.tone === 'ok' ? 'status' : 'alert'} data-testid="exam-import-message" data-tone={message.tone}>
            {message.text}
          </p>
        )}
      </section>
    </div>
  );
}

