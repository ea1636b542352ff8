// "Bring your own node" (#/raft/yours): the learner writes a Raft election in the editor; it runs in
// the lab's worker under virtual time and a seeded network, drawn on the kit's cluster canvas,
// scrubbed and forked like our Raft, checked live, and graded over many random fault schedules;
// a failing run opens at its seed with the counterexample to scrub. The code is kept in
// localStorage, exported and imported as a file, and shared as a link.
import { useCallback, useEffect, useRef, useState } from 'react';
import { MotionConfig } from 'motion/react';
import { useStore } from 'zustand';
import type { GradeReport } from '../../../kernel/protocols/yours/grade.ts';
import { DEFAULT_GRADE_OPTIONS } from '../../../kernel/protocols/yours/grade.ts';
import type { CompileProblem, YoursLabConfig } from '../../../worker/yoursEngine.ts';
import { NODE_TEMPLATES, STARTER_NODE, type NodeTemplateName } from '../../../worker/yours/templates.ts';
import { LabUrlGate } from '../../kit/LabUrlGate.tsx';
import { useRunningStore, useUrlPreset } from '../../kit/session.ts';
import { WORKLOADS, WORKLOAD_TITLES, type WorkloadName } from '../../../kernel/protocols/yours/workload.ts';
import { WorkloadPanel, YoursChaosPanel, YoursScenarioPanel } from './WorkloadPanels.tsx';
import { yoursPresets } from './yoursPresets.ts';
import { useLabShortcuts } from '../../kit/shortcuts.ts';
import { LabTransport, formatMs } from '../../components/LabTransport.tsx';
import { PastBanner } from '../../components/PastBanner.tsx';
import { navigate, routeHref } from '../../shell/router.ts';
import { randomSeed } from '../../shell/seed.ts';
import type { LabPageProps } from '../registry.ts';
import { CodeEditor, type CodeEditorHandle } from './CodeEditor.tsx';
import { connectYoursWorker } from './yoursConnection.ts';
import { YoursStoreContext, useYoursStore, useYoursStoreApi } from './yoursContext.ts';
import { createYoursStore, PLAYBACK_SPEEDS, selectAtHead, selectHeadMs, selectNowMs, selectProblems, selectStatus, type YoursLabStore } from './yoursStore.ts';
import { encodeCode, parseYoursUrl, YOURS_PATH, type YoursUrlSettings } from './yoursUrl.ts';
import { RoleTimeline, YoursClusterView } from './YoursViews.tsx';
import { ChecksPanel } from './ChecksPanel.tsx';
import { RecordingSession } from './RecordingSession.tsx';
import { parseRecording, type YoursRecording } from '../../../kernel/protocols/yours/recording.ts';
import './yours.css';

const SAVED_KEY = 'quorum-lab:yours:source';
const BACKUP_KEY = 'quorum-lab:yours:before-shared-link';
const WORKLOAD_KEY = 'quorum-lab:yours:workload';
const GRADE_RUNS = 30;

export default function YoursLab({ route }: LabPageProps) {
  return (
    <LabUrlGate path={YOURS_PATH} labName="bring-your-own-node page" params={route.params} parsed={parseYoursUrl(route.params)}>
      {(settings) => <Workbench key={`${settings.nodeCount}:${settings.seed}`} settings={settings} />}
    </LabUrlGate>
  );
}

interface RunSpec {
  readonly source: string;
  readonly seed: number;
  readonly nodeCount: number;
  readonly workload: WorkloadName;
  /** Replaying a graded case: its fault schedule, its latency. */
  readonly gradeCase: boolean;
  /** Where to look first (a counterexample's moment). */
  readonly seekToMs: number | null;
}

function readSaved(): string | null {
  try {
    return localStorage.getItem(SAVED_KEY);
  } catch {
    return null;
  }
}

function initialSource(settings: YoursUrlSettings): string {
  const saved = readSaved();
  if (settings.sharedCode !== null) {
    // A shared link replaces the editor's text; what the learner had is kept aside.
    if (saved !== null && saved !== settings.sharedCode) localStorage.setItem(BACKUP_KEY, saved);
    return settings.sharedCode;
  }
  if (settings.template !== null) return NODE_TEMPLATES[settings.template].source;
  return saved ?? STARTER_NODE;
}

/** The URL's workload, else the template's, else the one chosen last (kept like the code), else the election. */
function initialWorkload(settings: YoursUrlSettings): WorkloadName {
  if (settings.workload !== null) return settings.workload;
  if (settings.template !== null) return NODE_TEMPLATES[settings.template].workload;
  try {
    const saved = localStorage.getItem(WORKLOAD_KEY);
    return saved !== null && (WORKLOADS as readonly string[]).includes(saved) ? (saved as WorkloadName) : 'election';
  } catch {
    return 'election';
  }
}

function Workbench({ settings }: { readonly settings: YoursUrlSettings }) {
  const [source, setSource] = useState(() => initialSource(settings));
  const [workload, setWorkload] = useState<WorkloadName>(() => initialWorkload(settings));
  const [spec, setSpec] = useState<RunSpec>(() => ({ source, seed: settings.seed, nodeCount: settings.nodeCount, workload, gradeCase: false, seekToMs: null }));
  const [grade, setGrade] = useState<{ readonly report: GradeReport | null; readonly problem: CompileProblem | null; readonly running: boolean; readonly source: string } | null>(null);
  const [gradeRequest, setGradeRequest] = useState(0);
  const [note, setNote] = useState<string | null>(null);
  const editor = useRef<CodeEditorHandle>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const recordingInput = useRef<HTMLInputElement>(null);
  const [recording, setRecording] = useState<{ readonly recording: YoursRecording; readonly name: string } | null>(null);

  useEffect(() => {
    // Kept at once, not after a pause: a reload right after typing must not lose the last change.
    try {
      localStorage.setItem(SAVED_KEY, source);
    } catch {
      setNote('Your browser would not keep the code (storage full or blocked): export it as a file.');
    }
  }, [source]);
  useEffect(() => {
    try {
      localStorage.setItem(WORKLOAD_KEY, workload);
    } catch {
      // The code's own save above says so when storage is refused.
    }
  }, [workload]);

  const run = () => {
    setRecording(null);
    runSpec();
  };
  const runSpec = (chosen: WorkloadName = workload) => setSpec({ source, seed: settings.seed, nodeCount: settings.nodeCount, workload: chosen, gradeCase: false, seekToMs: null });
  const chooseWorkload = (chosen: WorkloadName) => {
    setWorkload(chosen);
    setRecording(null);
    setGrade(null);
    setGradeRequest(0);
    runSpec(chosen);
  };
  const gradeNow = () => {
    if (dirty || spec.gradeCase) run();
    setGrade({ report: null, problem: null, running: true, source });
    setGradeRequest((count) => count + 1);
  };
  const onGraded = useCallback((result: GradeReport | CompileProblem) => {
    setGrade((previous) => ({ report: 'cases' in result ? result : null, problem: 'cases' in result ? null : result, running: false, source: previous?.source ?? '' }));
  }, []);
  const openCase = (seed: number, problemAtMs: number | null) => {
    if (!grade) return;
    setSpec({ source: grade.source, seed, nodeCount: settings.nodeCount, workload: spec.workload, gradeCase: true, seekToMs: problemAtMs });
    // The counterexample is on the picture: bring it into view (the list may be far down the page).
    document.querySelector('.yours-picture')?.scrollIntoView({ block: 'start' });
  };
  const loadTemplate = (name: NodeTemplateName) => {
    const template = NODE_TEMPLATES[name];
    editor.current?.setText(template.source);
    const switched = template.workload !== workload ? ` The workload is now “${WORKLOAD_TITLES[template.workload]}”, the one this node answers.` : '';
    if (template.workload !== workload) setWorkload(template.workload);
    setNote(`Loaded “${template.title}”.${switched} Press “Run my edited node”. Your previous text is one undo (Ctrl+Z) away.`);
  };
  const exportFile = () => {
    const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = 'raft-node.js';
    link.click();
    URL.revokeObjectURL(url);
  };
  const importFile = async (file: File | undefined) => {
    if (!file) return;
    if (file.size > 200_000) return setNote(`${file.name} is ${file.size.toLocaleString('en')} bytes: at most 200,000.`);
    editor.current?.setText(await file.text());
    setNote(`Imported ${file.name}. Your previous text is one undo (Ctrl+Z) away.`);
  };
  const openRecording = async (file: File | undefined) => {
    if (!file) return;
    const parsed = parseRecording(await file.text());
    if (!parsed.ok) return setNote(`${file.name}: ${parsed.problem}`);
    setRecording({ recording: parsed.recording, name: file.name });
    setNote(null);
  };
  const copyLink = async () => {
    const href = `${location.origin}${location.pathname}${routeHref(YOURS_PATH, { seed: settings.seed, nodes: settings.nodeCount, workload, code: encodeCode(source) })}`;
    try {
      await navigator.clipboard.writeText(href);
      setNote('Link copied: it opens this code, these nodes and this seed.');
    } catch {
      setNote(`Copy this link: ${href}`);
    }
  };
  const restoreBackup = () => {
    const backup = localStorage.getItem(BACKUP_KEY);
    if (backup === null) return;
    editor.current?.setText(backup);
    localStorage.removeItem(BACKUP_KEY);
    setNote('Your own code is back (the shared one is one undo away).');
  };
  const dirty = source !== spec.source || workload !== spec.workload;
  const sessionKey = JSON.stringify(spec);

  return (
    <MotionConfig reducedMotion="user">
      <main className="yours-lab" aria-label="Bring your own Raft node" data-testid="yours-lab">
        <div className="run-bar yours-bar">
          <h1 className="lab-title">{workload === 'election' ? 'Your Raft node' : 'Your node'}</h1>
          <label>
            Template{' '}
            <select data-testid="template-select" value="" onChange={(event) => event.target.value && loadTemplate(event.target.value as NodeTemplateName)}>
              <option value="">Load a template…</option>
              {(Object.keys(NODE_TEMPLATES) as NodeTemplateName[]).map((name) => (
                <option key={name} value={name}>
                  {NODE_TEMPLATES[name].title}
                </option>
              ))}
            </select>
          </label>
          <label>
            Nodes{' '}
            <select value={settings.nodeCount} onChange={(event) => navigate(routeHref(YOURS_PATH, { seed: settings.seed, nodes: Number(event.target.value) }))}>
              {[1, 2, 3, 4, 5, 6, 7].map((count) => (
                <option key={count} value={count}>
                  {count}
                </option>
              ))}
            </select>
          </label>
          <label>
            Workload{' '}
            <select value={workload} onChange={(event) => chooseWorkload(event.target.value as WorkloadName)} data-testid="workload-select">
              {WORKLOADS.map((name) => (
                <option key={name} value={name}>
                  {WORKLOAD_TITLES[name]}
                </option>
              ))}
            </select>
          </label>
          <span className="seed" data-testid="seed">
            seed {spec.seed}
          </span>
          <button type="button" onClick={() => navigate(routeHref(YOURS_PATH, { seed: randomSeed(), nodes: settings.nodeCount }))}>
            New seed
          </button>
          <button type="button" className="primary" onClick={run} data-testid="run-node">
            {dirty ? 'Run my edited node' : 'Run again'}
          </button>
          <button type="button" onClick={gradeNow} disabled={grade?.running === true} data-testid="grade-node">
            {grade?.running ? 'Grading…' : 'Grade my node'}
          </button>
          <button type="button" onClick={exportFile}>
            Export
          </button>
          <button type="button" onClick={() => fileInput.current?.click()}>
            Import
          </button>
          <input ref={fileInput} type="file" accept=".js,.mjs,.txt,text/javascript" hidden onChange={(event) => void importFile(event.target.files?.[0])} />
          <button type="button" onClick={() => void copyLink()}>
            Copy link
          </button>
          <button type="button" onClick={() => recordingInput.current?.click()} data-testid="open-recording">
            Open recording
          </button>
          <input ref={recordingInput} type="file" accept=".json,application/json" hidden data-testid="recording-file" onChange={(event) => void openRecording(event.target.files?.[0])} />
        </div>
        <section className="yours-code" aria-label="Your node's code">
          <p className="yours-api-note">
            Runs in the lab's worker, one copy per node, in virtual time: no clock, no <code>Math.random</code> — use <code>setTimer</code> and <code>random()</code>. Each callback may take {(100_000).toLocaleString('en')} loop turns; code that throws stops its node with the line.
          </p>
          <CodeEditor ref={editor} initialText={source} onChange={setSource} label="Your node's JavaScript" />
          <p className="yours-note" role="status" data-testid="editor-note">
            {dirty ? 'Edited since the last run: press “Run my edited node”. ' : ''}
            {note}
            {localStorage.getItem(BACKUP_KEY) !== null && settings.sharedCode !== null && (
              <button type="button" onClick={restoreBackup}>
                Restore my own code
              </button>
            )}
          </p>
        </section>
        {recording ? (
          <RecordingSession key={recording.name} recording={recording.recording} name={recording.name} onClose={() => setRecording(null)} />
        ) : (
          <Session key={sessionKey} spec={spec} scenarioName={settings.scenario} gradeRequest={gradeRequest} onGraded={onGraded} goToLine={(line) => editor.current?.goToLine(line)} />
        )}
        <GradePanel grade={grade} nodeCount={settings.nodeCount} workload={spec.workload} openCase={openCase} openSeed={spec.gradeCase ? spec.seed : null} />
      </main>
    </MotionConfig>
  );
}

function configOf(spec: RunSpec): YoursLabConfig {
  const latency = spec.gradeCase ? { latencyMsMin: DEFAULT_GRADE_OPTIONS.latencyMsMin, latencyMsMax: DEFAULT_GRADE_OPTIONS.latencyMsMax } : { latencyMsMin: 5, latencyMsMax: 15 };
  return { nodeCount: spec.nodeCount, seed: spec.seed, lossPercent: 0, ...latency, source: spec.source, workload: spec.workload, gradeCase: spec.gradeCase };
}

function Session({
  spec,
  scenarioName,
  gradeRequest,
  onGraded,
  goToLine,
}: {
  readonly spec: RunSpec;
  readonly scenarioName: string | null;
  readonly gradeRequest: number;
  onGraded(result: GradeReport | CompileProblem): void;
  goToLine(line: number): void;
}) {
  const [store] = useState<YoursLabStore>(() => createYoursStore({ config: configOf(spec), connect: connectYoursWorker }));
  useRunningStore(store);
  // A preset named in the URL (a graded case replays its own schedule instead).
  useUrlPreset(store, yoursPresets, spec.gradeCase ? null : scenarioName, 'bring-your-own-node');
  const status = useStore(store, selectStatus);
  useEffect(() => {
    if (gradeRequest === 0) return;
    let live = true;
    void store
      .getState()
      .actions.grade(GRADE_RUNS)
      .then((result) => live && onGraded(result));
    return () => {
      live = false;
    };
  }, [gradeRequest, store, onGraded]);
  const seekTo = spec.seekToMs;
  useEffect(() => {
    if (status === 'running' && seekTo !== null) void store.getState().actions.seek(seekTo);
  }, [status, seekTo, store]);
  return (
    <YoursStoreContext.Provider value={store}>
      <SessionView spec={spec} goToLine={goToLine} />
    </YoursStoreContext.Provider>
  );
}

function SessionView({ spec, goToLine }: { readonly spec: RunSpec; goToLine(line: number): void }) {
  const store = useYoursStoreApi();
  const status = useYoursStore(selectStatus);
  const problems = useYoursStore(selectProblems);
  const atHead = useYoursStore(selectAtHead);
  const nowMs = useYoursStore(selectNowMs);
  const headMs = useYoursStore(selectHeadMs);
  const actions = store.getState().actions;
  useLabShortcuts({ togglePlay: actions.togglePlay, step: actions.step });
  if (status === 'failed') {
    return (
      <section className="yours-picture error-panel" role="alert" data-testid="run-error">
        <h2>Your node could not start</h2>
        <ul className="error-list">
          {problems.map((problem) => {
            const line = /line (\d+)/.exec(problem)?.[1];
            return (
              <li key={problem}>
                {problem}{' '}
                {line && (
                  <button type="button" onClick={() => goToLine(Number(line))}>
                    Show line {line}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      </section>
    );
  }
  return (
    <section className="yours-picture" aria-label="Your cluster" data-testid="yours-session" data-status={status} data-grade-case={spec.gradeCase ? String(spec.seed) : ''}>
      <LabTransport store={store} speeds={PLAYBACK_SPEEDS} />
      <PastBanner atHead={atHead} nowMs={nowMs} headMs={headMs} formatTime={formatMs} onBackToLatest={() => void actions.seek(headMs)} />
      {spec.gradeCase && (
        <p className="yours-case-note" role="status">
          Graded run, seed {spec.seed}: its random crashes, restarts and partitions are recorded actions; scrub back and forth to see what went wrong.
        </p>
      )}
      <YoursClusterView />
      <WorkloadPanel latencyMsMax={configOf(spec).latencyMsMax} />
      <RoleTimeline />
      <ChecksPanel goToLine={goToLine} />
      <div className="yours-tools">
        <YoursScenarioPanel />
        <YoursChaosPanel />
      </div>
    </section>
  );
}

function GradePanel({
  grade,
  nodeCount,
  workload,
  openCase,
  openSeed,
}: {
  readonly grade: { readonly report: GradeReport | null; readonly problem: CompileProblem | null; readonly running: boolean } | null;
  readonly nodeCount: number;
  readonly workload: WorkloadName;
  openCase(seed: number, problemAtMs: number | null): void;
  readonly openSeed: number | null;
}) {
  const options = DEFAULT_GRADE_OPTIONS;
  const judged =
    workload === 'election'
      ? `a leader must follow within ${options.livenessBoundMs / 1000} s`
      : `${options.livenessBoundMs / 1000} s more of clients; ${workload === 'echo' ? 'every echo_ok must carry the text sent' : 'the clients’ history must be linearizable'}`;
  const description = `${GRADE_RUNS} runs, ${nodeCount} nodes, ${WORKLOAD_TITLES[workload]}, latency ${options.latencyMsMin}–${options.latencyMsMax} ms: ${options.faultsMs / 1000} s of random crashes, restarts and partitions, then everything healed and restarted; ${judged}`;
  return (
    <section className="card yours-grade" aria-label="Grade" data-testid="grade-panel" data-state={grade === null ? 'none' : grade.running ? 'running' : grade.report ? (grade.report.failed === 0 ? 'passed' : 'failed') : 'error'}>
      <h2>Grade my node</h2>
      <p className="yours-workload">{description}.</p>
      {grade === null && <p>Not graded yet.</p>}
      {grade?.running && <p role="status">Grading in the worker…</p>}
      {grade?.problem && <p className="yours-bad">Your node does not compile: {grade.problem.message}</p>}
      {grade?.report && (
        <>
          <p className={grade.report.failed === 0 ? 'yours-ok' : 'yours-bad'} role="status" data-testid="grade-summary">
            {grade.report.failed === 0 ? `✓ Passed all ${grade.report.cases.length} runs.` : `✗ ${grade.report.failed} of ${grade.report.cases.length} runs failed. Open one to scrub its counterexample.`}
          </p>
          <ul className="yours-cases">
            {grade.report.cases
              .filter((entry) => !entry.ok)
              .slice(0, 8)
              .map((entry) => (
                <li key={entry.seed}>
                  <button type="button" onClick={() => openCase(entry.seed, entry.problemAtMs)} data-testid="open-case" aria-pressed={openSeed === entry.seed}>
                    Open seed {entry.seed}
                  </button>{' '}
                  {entry.problem}
                </li>
              ))}
          </ul>
        </>
      )}
    </section>
  );
}
