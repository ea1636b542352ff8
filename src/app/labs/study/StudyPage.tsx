// Study tracker (#/study): the study plan's checks as a checklist linked to the labs, drills and talks
// that exercise them; the five trade-off matrices filled from memory and graded with reasons; ten real
// systems' consensus, partitioning and replication as a graded drill with sources. Kept in this browser.
import { useEffect, useId, useRef, useState } from 'react';
import type { LabPageProps } from '../registry.ts';
import { navigate, routeHref } from '../../shell/router.ts';
import { downloadText } from '../../kit/download.ts';
import { CHECKLIST, gradeMatrixCell, gradeSystemAnswer, matrixCellId, MATRICES, REAL_SYSTEMS, SYSTEM_QUESTIONS, systemCellId, type Matrix } from './studyData.ts';
import { loadProgress, progressFromMarkdown, progressToMarkdown, saveProgress, type StudyProgress } from './studyProgress.ts';
import type { ChoiceGrade } from '../../kit/choiceQuiz.ts';
import '../exam/exam.css';
import './study.css';

const TABS = [
  { id: 'checklist', title: 'Checklist' },
  { id: 'matrices', title: 'Trade-off matrices' },
  { id: 'systems', title: 'Pick a real system' },
] as const;
type Tab = (typeof TABS)[number]['id'];

export default function StudyPage({ route }: LabPageProps) {
  const tabParam = route.params.get('tab');
  const tab: Tab = TABS.find((candidate) => candidate.id === tabParam)?.id ?? 'checklist';
  const [progress, setProgress] = useState<StudyProgress>(loadProgress);
  const [saved, setSaved] = useState(true);
  useEffect(() => setSaved(saveProgress(progress)), [progress]);
  const done = CHECKLIST.filter((item) => progress.checklist[item.id]).length;
  return (
    <main className="exam-page study-page" data-testid="study-page">
      <header className="exam-head">
        <div>
          <h1>Study tracker</h1>
          <p className="muted">The study plan's checks, each linked to the lab, drill or talk that exercises it, and three drills to do from memory. Progress stays in this browser; export it to keep or move it.</p>
        </div>
        <p className="exam-save" role="status" data-testid="study-progress" data-done={done}>
          {done} of {CHECKLIST.length} done
          {!saved && ' — not saved: the browser refused to store it; export to keep it'}
        </p>
      </header>
      <nav className="exam-tabs" aria-label="Study tracker sections">
        {TABS.map((candidate) => (
          <a
            key={candidate.id}
            href={routeHref('/study', { tab: candidate.id })}
            onClick={(event) => {
              event.preventDefault();
              navigate(routeHref('/study', { tab: candidate.id }), { replace: true });
            }}
            aria-current={tab === candidate.id ? 'page' : undefined}
            data-testid={`study-tab-${candidate.id}`}
          >
            {candidate.title}
          </a>
        ))}
      </nav>
      {tab === 'checklist' && <Checklist progress={progress} setProgress={setProgress} />}
      {tab === 'matrices' && MATRICES.map((matrix) => <MatrixDrill key={matrix.id} matrix={matrix} progress={progress} setProgress={setProgress} />)}
      {tab === 'systems' && <SystemsDrill progress={progress} setProgress={setProgress} />}
      <ExportImport progress={progress} setProgress={setProgress} />
    </main>
  );
}

type SetProgress = (change: (progress: StudyProgress) => StudyProgress) => void;

function Checklist({ progress, setProgress }: { readonly progress: StudyProgress; readonly setProgress: SetProgress }) {
  return (
    <>
      {(['check', 'validation'] as const).map((kind) => (
        <section key={kind} className="card" aria-label={kind === 'check' ? 'Operational checks' : 'Validation criteria'}>
          <h2>{kind === 'check' ? 'Operational checks: do it and see it' : 'Validation: explain it'}</h2>
          <ul className="study-checklist">
            {CHECKLIST.filter((item) => item.kind === kind).map((item) => (
              <li key={item.id} data-testid={`study-item-${item.id}`} data-done={progress.checklist[item.id] === true}>
                <label>
                  <input type="checkbox" checked={progress.checklist[item.id] === true} onChange={(event) => setProgress((current) => ({ ...current, checklist: { ...current.checklist, [item.id]: event.target.checked } }))} data-testid={`study-tick-${item.id}`} /> {item.text}
                </label>
                <span className="study-links">
                  {item.links.map((link) => (
                    <a key={link.href} href={link.href}>
                      {link.label}
                    </a>
                  ))}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}

/** Answers with `cell` set to `value`, or without it when the learner chose "?" again. */
function withAnswer(answers: Readonly<Record<string, string>>, cell: string, value: string): Record<string, string> {
  const next = { ...answers };
  if (value === '') delete next[cell];
  else next[cell] = value;
  return next;
}

/** One blank of a drill: a menu of the column's choices, marked right or wrong once graded. */
function ChoiceCell({ testId, selectTestId, label, choices, value, grade, onChange }: { readonly testId: string; readonly selectTestId: string; readonly label: string; readonly choices: readonly { readonly id: string; readonly label: string }[]; readonly value: string | undefined; readonly grade: ChoiceGrade<string> | undefined; readonly onChange: (value: string) => void }) {
  return (
    <td className={grade ? (grade.correct ? 'study-cell-right' : 'study-cell-wrong') : ''} data-testid={testId} data-correct={grade ? String(grade.correct) : ''}>
      <select value={value ?? ''} aria-label={label} onChange={(event) => onChange(event.target.value)} data-testid={selectTestId}>
        <option value="">?</option>
        {choices.map((choice) => (
          <option key={choice.id} value={choice.id}>
            {choice.label}
          </option>
        ))}
      </select>
      <GradeMark grade={grade} />
    </td>
  );
}

function GradeMark({ grade }: { readonly grade: ChoiceGrade<string> | undefined }) {
  if (!grade) return null;
  return <span className={grade.correct ? 'study-right' : 'study-wrong'}>{grade.correct ? ' ✓' : ' ✗'}</span>;
}

function MatrixDrill({ matrix, progress, setProgress }: { readonly matrix: Matrix; readonly progress: StudyProgress; readonly setProgress: SetProgress }) {
  const [graded, setGraded] = useState(false);
  const id = useId();
  const grades = new Map<string, ChoiceGrade<string>>();
  if (graded) for (const row of matrix.rows) for (const column of matrix.columns) grades.set(matrixCellId(matrix.id, row.id, column.id), gradeMatrixCell(matrix.id, row.id, column.id, progress.matrices[matrixCellId(matrix.id, row.id, column.id)] ?? null));
  const right = [...grades.values()].filter((grade) => grade.correct).length;
  return (
    <section className="card study-matrix" aria-labelledby={`${id}-title`} data-testid={`study-matrix-${matrix.id}`}>
      <h2 id={`${id}-title`}>
        {matrix.title} <span className="muted">— shown in the <a href={matrix.lab.href}>{matrix.lab.label}</a></span>
      </h2>
      <div className="study-table-wrap">
        <table className="exam-table">
          <thead>
            <tr>
              <th scope="col">
                <span className="sr-heading">Choice</span>
              </th>
              {matrix.columns.map((column) => (
                <th key={column.id} scope="col">
                  {column.title}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {matrix.rows.map((row) => (
              <tr key={row.id}>
                <th scope="row">{row.title}</th>
                {matrix.columns.map((column) => {
                  const cell = matrixCellId(matrix.id, row.id, column.id);
                  const grade = grades.get(cell);
                  return (
                    <ChoiceCell key={column.id} testId={`study-cell-${cell}`} selectTestId={`study-select-${cell}`} label={`${row.title}: ${column.title}`} choices={column.choices} value={progress.matrices[cell]} grade={grade} onChange={(value) => { setGraded(false); setProgress((current) => ({ ...current, matrices: withAnswer(current.matrices, cell, value) })); }} />
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="button-row">
        <button type="button" className="primary" onClick={() => setGraded(true)} data-testid={`study-grade-${matrix.id}`}>
          Grade
        </button>
        {graded && (
          <strong role="status" data-testid={`study-score-${matrix.id}`} data-score={right} data-total={grades.size}>
            {right} of {grades.size} right
          </strong>
        )}
      </div>
      {graded && (
        <ul className="study-reasons">
          {[...grades.entries()].map(([cell, grade]) => (
            <li key={cell} className={grade.correct ? 'study-right' : 'study-wrong'}>
              {grade.explanation}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function SystemsDrill({ progress, setProgress }: { readonly progress: StudyProgress; readonly setProgress: SetProgress }) {
  const [graded, setGraded] = useState(false);
  const grades = new Map<string, ChoiceGrade<string>>();
  if (graded) for (const system of REAL_SYSTEMS) for (const question of SYSTEM_QUESTIONS) grades.set(systemCellId(system.id, question.id), gradeSystemAnswer(system.id, question.id, progress.systems[systemCellId(system.id, question.id)] ?? null));
  const right = [...grades.values()].filter((grade) => grade.correct).length;
  return (
    <section className="card" aria-labelledby="study-systems-title" data-testid="study-systems">
      <h2 id="study-systems-title">Pick a real system: consensus, partitioning, replication</h2>
      <p className="muted">Like the <a href="#/quorums?tab=pacelc">PACELC quiz</a>: answer from memory, then grade. Where the answer depends on version or configuration, a second answer is accepted and the reason says why.</p>
      <div className="study-table-wrap">
        <table className="exam-table">
          <thead>
            <tr>
              <th scope="col">System</th>
              {SYSTEM_QUESTIONS.map((question) => (
                <th key={question.id} scope="col">
                  {question.title}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {REAL_SYSTEMS.map((system) => (
              <tr key={system.id}>
                <th scope="row">{system.name}</th>
                {SYSTEM_QUESTIONS.map((question) => {
                  const cell = systemCellId(system.id, question.id);
                  const grade = grades.get(cell);
                  return (
                    <ChoiceCell key={question.id} testId={`study-system-${cell}`} selectTestId={`study-system-select-${cell}`} label={`${system.name}: ${question.title}`} choices={question.choices} value={progress.systems[cell]} grade={grade} onChange={(value) => { setGraded(false); setProgress((current) => ({ ...current, systems: withAnswer(current.systems, cell, value) })); }} />
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="button-row">
        <button type="button" className="primary" onClick={() => setGraded(true)} data-testid="study-systems-grade">
          Grade
        </button>
        {graded && (
          <strong role="status" data-testid="study-systems-score" data-score={right} data-total={grades.size}>
            {right} of {grades.size} right
          </strong>
        )}
      </div>
      {graded && (
        <div className="study-system-notes">
          {REAL_SYSTEMS.map((system) => (
            <div key={system.id} data-testid={`study-system-notes-${system.id}`}>
              <h3>{system.name}</h3>
              <ul className="study-reasons">
                {SYSTEM_QUESTIONS.map((question) => {
                  const grade = grades.get(systemCellId(system.id, question.id))!;
                  return (
                    <li key={question.id} className={grade.correct ? 'study-right' : 'study-wrong'}>
                      {grade.explanation}
                    </li>
                  );
                })}
              </ul>
              <p className="muted">
                Sources:{' '}
                {system.sources.map((source, index) => (
                  <span key={source.href}>
                    {index > 0 && ' · '}
                    <a href={source.href} target="_blank" rel="noreferrer">
                      {source.label}
                    </a>
                  </span>
                ))}
              </p>
            </div>
          ))}
        </div>
      )}
    </section>
  );
}

function ExportImport({ progress, setProgress }: { readonly progress: StudyProgress; readonly setProgress: SetProgress }) {
  const [message, setMessage] = useState<{ readonly tone: 'ok' | 'problem'; readonly text: string } | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const exportProgress = () => {
    const markdown = progressToMarkdown(progress);
    downloadText('study-progress.md', markdown, 'text/markdown');
    setMessage({ tone: 'ok', text: 'Exported study-progress.md.' });
  };
  const importFile = async (file: File) => {
    const result = progressFromMarkdown(await file.text().catch(() => ''));
    if (!result.ok) return setMessage({ tone: 'problem', text: `${file.name}, line ${result.line}: ${result.message}. Nothing was changed.` });
    setProgress(() => result.progress);
    setMessage({ tone: 'ok', text: `Imported ${file.name}.` });
  };
  return (
    <section className="card" aria-label="Export and import progress">
      <div className="button-row">
        <button type="button" onClick={exportProgress} data-testid="study-export">
          Export progress (Markdown)
        </button>
        <button type="button" onClick={() => fileInput.current?.click()} data-testid="study-import">
          Import progress…
        </button>
        <input ref={fileInput} type="file" accept=".md,text/markdown,text/plain" hidden onChange={(event) => { const file = event.target.files?.[0]; event.target.value = ''; if (file) void importFile(file); }} data-testid="study-import-file" />
      </div>
      {message && (
        <p className={`notice ${message.tone === 'ok' ? 'notice-success' : 'notice-warning'}`} role={message.tone === 'ok' ? 'status' : 'alert'} data-testid="study-import-message" data-tone={message.tone}>
          {message.text}
        </p>
      )}
    </section>
  );
}
