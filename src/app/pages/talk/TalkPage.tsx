// `#/talk?name=raft-in-10` (or `?src=<base64url>`, or a file): a talk on the live simulation. Opens
// the lab the talk's header names, loads the talk, and presents it (kit/presenter); adds the pacing
// timer per beat and for the talk, the rehearsal record kept across reloads, the interviewer who
// interrupts with a fault and a question, and the rubric ticked after each rehearsal.
import { Suspense, useEffect, useMemo, useRef, useState, type ChangeEvent } from 'react';
import { createPortal } from 'react-dom';
import { formatBudget } from '../../../scenario/directives.ts';
import { beatAt, formatClock, paceOf } from '../../kit/presenter/beats.ts';
import { presenter, usePresenter } from '../../kit/presenter/presenterBridge.ts';
import { readUrlParameters } from '../../kit/urlParameters.ts';
import { decodeSharedScenario } from '../../kit/sharedScenario.ts';
import { LABS, type LabPageProps } from '../../labs/registry.ts';
import { parseHash } from '../../shell/router.ts';
import { UrlProblems } from '../../shell/UrlProblems.tsx';
import { addBeatTime, planInterruption, readTalk, startRehearsal, totalMs, type Interruption, type Rehearsal, type Talk } from './talk.ts';
import { faultOptions, LAB_ROUTES, leaderOnScreen, readTalkRecord, shippedTalkSource, TALK_NAMES, writeTalkRecord, type TalkRecord } from './talks.ts';
import './talk.css';

export default function TalkPage({ route }: LabPageProps) {
  const [file, setFile] = useState<{ name: string; source: string } | null>(null);
  const url = readUrlParameters(route.params, ['name', 'src', 'speed']);
  // Handed to the lab, whose own reader checks it (its problem page names the lab's speeds).
  const speed = url.text('speed');
  const name = url.oneOf('name', TALK_NAMES);
  const src = url.text('src');
  if (name !== null && src !== null) url.problems.push('Give either “name” (a shipped talk) or “src” (your own), not both.');
  // The same base64url as a lab's `actions=` link (kit/sharedScenario.ts).
  const shared = src === null ? null : decodeSharedScenario(src);
  if (shared && !shared.ok) url.problems.push(`“src” must be the talk’s text in base64url: ${shared.problem}.`);
  const decoded = shared?.ok ? shared.text : null;
  if (url.problems.length > 0) {
    return <UrlProblems title="This talk link has a problem" problems={url.problems} defaultsPath="/talk" defaultsLabel="Choose a talk" />;
  }
  const chosen = name !== null ? { name, source: shippedTalkSource(name) ?? '' } : decoded !== null ? { name: 'your-talk', source: decoded } : file;
  if (!chosen) return <TalkChooser onFile={setFile} />;
  const result = readTalk(chosen.name, chosen.source);
  if (!result.ok) {
    const lines = chosen.source.split(/\r?\n/);
    return (
      <main className="talk-problems" aria-label="Talk problems" data-testid="talk-errors">
        <h1 className="lab-title">This talk cannot be presented</h1>
        <ul className="error-list">
          {result.errors.map((error) => (
            <li key={`${error.line}:${error.column}:${error.message}`}>
              {chosen.name}:{error.line}:{error.column}: {error.message}
              <pre>{lines[error.line - 1] ?? ''}</pre>
            </li>
          ))}
        </ul>
        <TalkChooser onFile={setFile} />
      </main>
    );
  }
  return <TalkSession key={`${result.talk.name}:${result.talk.source.length}`} talk={result.talk} speed={speed} />;
}

function TalkChooser({ onFile }: { readonly onFile: (file: { name: string; source: string }) => void }) {
  const openFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = event.target.files?.[0];
    if (chosen) onFile({ name: chosen.name.replace(/\.[^.]*$/, ''), source: await chosen.text() });
  };
  return (
    <section className="card talk-chooser" aria-label="Choose a talk" data-testid="talk-chooser">
      <h2>Talks</h2>
      <ul>
        <li>
          <a href="#/talk?name=raft-in-10">Raft in 10 minutes</a>
        </li>
        <li>
          <a href="#/talk?name=crdts-in-5">CRDTs in 5</a>
        </li>
        <li>
          <a href="#/talk?name=cap-pacelc-in-5">CAP vs PACELC in 5</a>
        </li>
      </ul>
      <label>
        Or your own talk (a scenario file with <code># @beat 60s Title</code> above each note):{' '}
        <input type="file" accept=".scenario,.txt,text/plain" onChange={(event) => void openFile(event)} data-testid="talk-file" />
      </label>
    </section>
  );
}

function TalkSession({ talk, speed }: { readonly talk: Talk; readonly speed: string | null }) {
  const labPath = LAB_ROUTES[talk.lab];
  const lab = LABS.find((candidate) => candidate.path === labPath);
  // The lab runs as if opened at its own route, with the talk's seed (a seedless link would be re-pinned there).
  const labRoute = useMemo(() => parseHash(`#${labPath ?? '/'}?seed=${talk.seed}${speed ? `&speed=${encodeURIComponent(speed)}` : ''}`), [labPath, talk.seed, speed]);
  const { actions, scenario, presenting } = usePresenter();
  const loaded = useRef(false);
  // Coming from another lab, its scenario card may not have said goodbye yet: wait for this lab's.
  const previousLabActions = useRef(presenter.get().actions);
  useEffect(() => {
    if (!actions || actions === previousLabActions.current || loaded.current) return;
    loaded.current = true;
    actions.loadScenario(talk.name, talk.source).catch(() => {
      loaded.current = false;
    });
    presenter.setPresenting(true);
  }, [actions, talk]);
  useEffect(() => {
    document.documentElement.dataset.talk = '';
    return () => {
      delete document.documentElement.dataset.talk;
    };
  }, []);
  if (!lab?.page) {
    return <UrlProblems title="This talk has no lab to run on" problems={[`The talk’s header names the ${talk.lab} lab, which cannot present a talk.`]} defaultsPath="/talk" defaultsLabel="Choose a talk" />;
  }
  const Page = lab.page;
  const ours = scenario !== null && scenario.name === talk.name && !scenario.errors ? scenario : null;
  return (
    <>
      <Suspense fallback={<p className="page-message" role="status">Loading the {lab.title} lab…</p>}>
        <Page route={labRoute} />
      </Suspense>
      <TalkRehearsal talk={talk} beat={ours ? beatAt(ours.steps, ours.nextStep) : 0} ready={ours !== null} presenting={presenting} />
    </>
  );
}

/** The rehearsal under way: which beat, since when, and the interruption planned for it. */
interface Live {
  readonly rehearsal: Rehearsal;
  readonly beat: number;
  readonly enteredAtMs: number;
  readonly plan: Interruption | null;
}

function TalkRehearsal({ talk, beat, ready, presenting }: { readonly talk: Talk; readonly beat: number; readonly ready: boolean; readonly presenting: boolean }) {
  const [record, setRecord] = useState<TalkRecord>(() => readTalkRecord(talk.name));
  const [live, setLive] = useState<Live | null>(null);
  const [question, setQuestion] = useState<Interruption | null>(null);
  const [review, setReview] = useState<number | null>(null);
  const [saveFailed, setSaveFailed] = useState(false);
  const [nowMs, setNowMs] = useState(() => performance.now());

  // Refs as well as state: the beat and interruption effects read the latest without re-running.
  const recordRef = useRef(record);
  const liveRef = useRef<Live | null>(null);
  const updateLive = (next: Live | null) => {
    liveRef.current = next;
    setLive(next);
  };
  const save = (next: TalkRecord) => {
    recordRef.current = next;
    setRecord(next);
    setSaveFailed(!writeTalkRecord(talk.name, next));
  };
  const withRehearsal = (base: TalkRecord, rehearsal: Rehearsal): TalkRecord => ({
    ...base,
    rehearsals: base.rehearsals.some((entry) => entry.id === rehearsal.id) ? base.rehearsals.map((entry) => (entry.id === rehearsal.id ? rehearsal : entry)) : [...base.rehearsals, rehearsal],
  });

  // The clock on screen.
  useEffect(() => {
    const timer = window.setInterval(() => setNowMs(performance.now()), 250);
    return () => window.clearInterval(timer);
  }, []);

  // A new beat on screen: the time since the last change goes to the beat that was showing.
  const previousBeat = useRef(0);
  useEffect(() => {
    if (!ready || beat === previousBeat.current) return;
    previousBeat.current = beat;
    const now = performance.now();
    const current = liveRef.current;
    const saved = recordRef.current;
    if (!current) {
      if (beat < 1) return;
      const id = saved.rehearsals.reduce((max, entry) => Math.max(max, entry.id), 0) + 1;
      const rehearsal = startRehearsal(talk, id, new Date().toISOString());
      save(withRehearsal(saved, rehearsal));
      updateLive({ rehearsal, beat, enteredAtMs: now, plan: saved.interrupts ? planInterruption(talk, id, faultOptions(talk.lab)) : null });
      return;
    }
    const rehearsal = addBeatTime(current.rehearsal, current.beat, now - current.enteredAtMs);
    save(withRehearsal(saved, rehearsal));
    updateLive({ ...current, rehearsal, beat, enteredAtMs: now });
    // `save` and `updateLive` only write refs and state; the beat is what moves this.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [beat, ready]);

  // The interviewer cuts in, once, at the planned moment.
  useEffect(() => {
    const plan = live?.plan;
    if (!live || !plan || live.rehearsal.interrupted || live.beat !== plan.beat) return;
    const delay = Math.max(0, plan.afterMs - (performance.now() - live.enteredAtMs));
    const timer = window.setTimeout(() => {
      const option = faultOptions(talk.lab).find((candidate) => candidate.fault === plan.fault);
      const { actions } = presenter.get();
      if (option && actions?.act) void actions.act(option.command(leaderOnScreen()) as never);
      setQuestion(plan);
      const current = liveRef.current;
      if (!current) return;
      const rehearsal = { ...current.rehearsal, interrupted: plan };
      save(withRehearsal(recordRef.current, rehearsal));
      updateLive({ ...current, rehearsal });
    }, delay);
    return () => window.clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [live?.beat, live?.plan, live?.rehearsal.interrupted]);

  const finish = () => {
    if (!live) return;
    const rehearsal = { ...addBeatTime(live.rehearsal, live.beat, performance.now() - live.enteredAtMs), finished: true };
    save(withRehearsal(recordRef.current, rehearsal));
    updateLive(null);
    setQuestion(null);
    setReview(rehearsal.id);
  };
  const rehearseAgain = () => {
    setReview(null);
    previousBeat.current = 0;
    void presenter.get().actions?.scenarioReplayTo?.(0);
  };
  const tick = (id: number, index: number, ticked: boolean) => {
    const rehearsal = recordRef.current.rehearsals.find((entry) => entry.id === id);
    if (rehearsal) save(withRehearsal(recordRef.current, { ...rehearsal, rubric: talk.rubric.map((_, position) => (position === index ? ticked : (rehearsal.rubric[position] ?? false))) }));
  };

  const beatInfo = talk.beats[live ? live.beat - 1 : beat - 1];
  const beatElapsed = live ? live.rehearsal.beatMs[live.beat - 1]! + (nowMs - live.enteredAtMs) : 0;
  const talkElapsed = live ? totalMs(live.rehearsal) + (nowMs - live.enteredAtMs) : 0;
  const last = [...record.rehearsals].reverse().find((entry) => entry.finished && entry.id !== live?.rehearsal.id);
  const strip = (
    <div className="talk-strip" role="group" aria-label="Talk pacing" data-testid="talk-strip" data-rehearsal={live?.rehearsal.id ?? ''} data-interrupt-beat={live?.plan?.beat ?? ''} data-interrupt-after-ms={live?.plan?.afterMs ?? ''}>
      <strong className="talk-title">{talk.title}</strong>
      {beatInfo ? (
        <span className={`talk-timer pace-${paceOf(beatElapsed, beatInfo.budgetMs)}`} data-testid="talk-beat-timer" data-pace={paceOf(beatElapsed, beatInfo.budgetMs)}>
          {beatInfo.title}: {formatClock(beatElapsed)} / {formatBudget(beatInfo.budgetMs)}
          {last && ` (last ${formatClock(last.beatMs[(live?.beat ?? beat) - 1] ?? 0)})`}
        </span>
      ) : (
        <span className="talk-timer">Introduction — the clock starts at the first beat</span>
      )}
      <span className={`talk-timer pace-${paceOf(talkElapsed, talk.totalBudgetMs)}`} data-testid="talk-total-timer" data-pace={paceOf(talkElapsed, talk.totalBudgetMs)}>
        Talk {formatClock(talkElapsed)} / {formatBudget(talk.totalBudgetMs)}
      </span>
      <label className="talk-switch">
        <input type="checkbox" checked={record.interrupts} disabled={live !== null} onChange={(event) => save({ ...record, interrupts: event.target.checked })} data-testid="talk-interrupts" />
        Interviewer interrupts
      </label>
      <button type="button" onClick={finish} disabled={!live} data-testid="talk-finish">
        Finish
      </button>
      <button type="button" onClick={() => setReview(record.rehearsals.at(-1)?.id ?? 0)} data-testid="talk-history-open">
        Rehearsals ({record.rehearsals.length})
      </button>
      {saveFailed && <span className="talk-warning">Could not save (storage full or blocked): timings kept on this page only.</span>}
    </div>
  );
  const content = (
    <>
      {strip}
      {question && (
        <div className="talk-question" role="alertdialog" aria-label="The interviewer interrupts" data-testid="talk-question" data-fault={question.fault}>
          <p>
            <strong>Interviewer</strong> (just {question.fault}): {question.question}
          </p>
          <button type="button" className="primary" onClick={() => setQuestion(null)} data-testid="talk-question-answered">
            Answered — go on
          </button>
        </div>
      )}
      {review !== null && <ReviewDialog talk={talk} record={record} selected={review} onSelect={setReview} onTick={tick} onClose={() => setReview(null)} onAgain={rehearseAgain} />}
    </>
  );
  return presenting ? createPortal(content, document.body) : <div className="talk-inline">{content}</div>;
}

function ReviewDialog({
  talk,
  record,
  selected,
  onSelect,
  onTick,
  onClose,
  onAgain,
}: {
  readonly talk: Talk;
  readonly record: TalkRecord;
  readonly selected: number;
  readonly onSelect: (id: number) => void;
  readonly onTick: (id: number, index: number, ticked: boolean) => void;
  readonly onClose: () => void;
  readonly onAgain: () => void;
}) {
  const rehearsal = record.rehearsals.find((entry) => entry.id === selected) ?? null;
  const previous = rehearsal ? [...record.rehearsals].reverse().find((entry) => entry.id < rehearsal.id) : undefined;
  return (
    <div className="talk-review" role="dialog" aria-label="Rehearsal review" data-testid="talk-review">
      {rehearsal ? (
        <>
          <h2>
            Rehearsal {rehearsal.id}
            {rehearsal.finished ? '' : ' (not finished)'} — {formatClock(totalMs(rehearsal))} of {formatBudget(talk.totalBudgetMs)}
          </h2>
          <table className="talk-timings" data-testid="talk-timings">
            <thead>
              <tr>
                <th scope="col">Beat</th>
                <th scope="col">Budget</th>
                <th scope="col">This time</th>
                <th scope="col">Before</th>
              </tr>
            </thead>
            <tbody>
              {talk.beats.map((beat, index) => {
                const ms = rehearsal.beatMs[index] ?? 0;
                return (
                  <tr key={beat.stepLine} data-testid={`talk-timing-${index + 1}`} data-ms={ms}>
                    <th scope="row">
                      {index + 1}. {beat.title}
                    </th>
                    <td>{formatBudget(beat.budgetMs)}</td>
                    <td className={ms > 0 ? `pace-${paceOf(ms, beat.budgetMs)}` : ''}>{ms > 0 ? formatClock(ms) : '—'}</td>
                    <td>{previous && (previous.beatMs[index] ?? 0) > 0 ? formatClock(previous.beatMs[index]!) : '—'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {rehearsal.interrupted && (
            <p data-testid="talk-review-interruption">
              Interrupted in beat {rehearsal.interrupted.beat}: the interviewer {rehearsal.interrupted.fault} and asked “{rehearsal.interrupted.question}”
            </p>
          )}
          {talk.rubric.length > 0 && (
            <fieldset className="talk-rubric" data-testid="talk-rubric">
              <legend>Did you cover it? ({rehearsal.rubric.filter(Boolean).length} of {talk.rubric.length})</legend>
              {talk.rubric.map((point, index) => (
                <label key={point}>
                  <input type="checkbox" checked={rehearsal.rubric[index] ?? false} onChange={(event) => onTick(rehearsal.id, index, event.target.checked)} data-testid={`talk-rubric-${index + 1}`} />
                  {point}
                </label>
              ))}
            </fieldset>
          )}
        </>
      ) : (
        <h2>No rehearsals yet</h2>
      )}
      {record.rehearsals.length > 0 && (
        <div className="talk-history" data-testid="talk-history">
          <h3>History</h3>
          <ol>
            {[...record.rehearsals].reverse().map((entry) => (
              <li key={entry.id}>
                <button type="button" onClick={() => onSelect(entry.id)} aria-pressed={entry.id === selected} data-testid={`talk-history-${entry.id}`}>
                  #{entry.id} {new Date(entry.startedAt).toLocaleString()} · {formatClock(totalMs(entry))} · rubric {entry.rubric.filter(Boolean).length}/{talk.rubric.length}
                  {entry.interrupted ? ' · interrupted' : ''}
                  {entry.finished ? '' : ' · not finished'}
                </button>
              </li>
            ))}
          </ol>
        </div>
      )}
      <div className="button-row">
        <button type="button" className="primary" onClick={onAgain} data-testid="talk-again">
          Rehearse again
        </button>
        <button type="button" onClick={onClose} data-testid="talk-review-close">
          Close
        </button>
      </div>
    </div>
  );
}
