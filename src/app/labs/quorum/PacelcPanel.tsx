// The PACELC map of real systems (each with its reason, source and what moves it) and the quiz:
// drag systems into quadrants (or pick a quadrant from each card's menu), then grade.
import { memo, useEffect, useId, useState, type DragEvent } from 'react';
import { loadStoredAnswers, saveStoredAnswers } from '../../kit/choiceQuiz.ts';
import { gradeAnswer, QUADRANT_MEANING, QUADRANTS, QUIZ_SYSTEM_IDS, systemById, SYSTEMS, type Quadrant, type QuizGrade } from './pacelcData.ts';

export function PacelcPanel() {
  return (
    <div className="q-analysis-grid">
      <PacelcMap />
      <PacelcQuiz />
    </div>
  );
}

const PacelcMap = memo(function PacelcMap() {
  const [selected, setSelected] = useState<string>('cassandra-one');
  const system = systemById(selected);
  return (
    <section className="card" aria-label="PACELC map" data-testid="pacelc-map">
      <h2>PACELC map: if Partition, Availability or Consistency; Else, Latency or Consistency</h2>
      <div className="q-pacelc-grid">
        {QUADRANTS.map((quadrant) => (
          <div key={quadrant} className="q-pacelc-cell" role="group" aria-label={`${quadrant}: ${QUADRANT_MEANING[quadrant]}`}>
            <h3>{quadrant}</h3>
            <p className="muted">{QUADRANT_MEANING[quadrant]}</p>
            <div className="q-chips">
              {SYSTEMS.filter((candidate) => candidate.quadrant === quadrant).map((candidate) => (
                <button
                  key={candidate.id}
                  type="button"
                  className={`q-chip${candidate.depends ? ' depends' : ''}`}
                  aria-pressed={selected === candidate.id}
                  onClick={() => setSelected(candidate.id)}
                  data-testid={`pacelc-${candidate.id}`}
                >
                  {candidate.name}
                  {candidate.depends && <span className="q-depends"> ≈ depends</span>}
                  {candidate.abadi && <span className="q-abadi"> · Abadi</span>}
                </button>
              ))}
            </div>
          </div>
        ))}
      </div>
      {system && (
        <div className="q-system-detail" aria-live="polite" data-testid="pacelc-detail">
          <h3>
            {system.name}: {system.quadrant}
            {system.depends ? ' (depends on configuration)' : ''}
          </h3>
          <p>{system.reason}</p>
          <p>
            <strong>What moves it:</strong> {system.moves}
          </p>
          <p className="muted">
            <strong>Source:</strong> {system.source}
          </p>
        </div>
      )}
      <p className="muted">
        “Abadi” marks the paper's own classifications (Dynamo, Cassandra and Riak PA/EL; MongoDB PA/EC; PNUTS PC/EL; VoltDB/H-Store and Megastore PC/EC). Later versions and settings differ, as the notes say: PACELC describes a configuration and often one kind of operation, not a product.
      </p>
    </section>
  );
});

const STORAGE_KEY = 'quorum-lab:pacelc-quiz';

const isQuizAnswer = (id: string, value: unknown): value is Quadrant => QUIZ_SYSTEM_IDS.includes(id) && (QUADRANTS as readonly unknown[]).includes(value);
const loadAnswers = () => loadStoredAnswers(STORAGE_KEY, isQuizAnswer);

const PacelcQuiz = memo(function PacelcQuiz() {
  const [answers, setAnswers] = useState<Record<string, Quadrant>>(loadAnswers);
  const [grades, setGrades] = useState<readonly QuizGrade[] | null>(null);
  const [dropTarget, setDropTarget] = useState<Quadrant | 'tray' | null>(null);
  const id = useId();
  // The quiz works without storage.
  useEffect(() => void saveStoredAnswers(STORAGE_KEY, answers), [answers]);

  const place = (systemId: string, quadrant: Quadrant | null) => {
    setGrades(null);
    setAnswers((previous) => {
      const next = { ...previous };
      if (quadrant === null) delete next[systemId];
      else next[systemId] = quadrant;
      return next;
    });
  };
  const onDrop = (quadrant: Quadrant | null) => (event: DragEvent) => {
    event.preventDefault();
    setDropTarget(null);
    const systemId = event.dataTransfer.getData('text/plain');
    if (QUIZ_SYSTEM_IDS.includes(systemId)) place(systemId, quadrant);
  };
  const gradeById = new Map((grades ?? []).map((grade) => [grade.id, grade]));
  const score = grades ? grades.filter((grade) => grade.correct).length : 0;

  const card = (systemId: string) => {
    const system = systemById(systemId)!;
    const grade = gradeById.get(systemId);
    return (
      <li
        key={systemId}
        className={`q-quiz-card${grade ? (grade.correct ? ' correct' : ' wrong') : ''}`}
        draggable
        onDragStart={(event) => event.dataTransfer.setData('text/plain', systemId)}
        data-testid={`quiz-card-${systemId}`}
        data-answer={answers[systemId] ?? ''}
        data-correct={grade ? String(grade.correct) : ''}
      >
        <span className="q-quiz-name">
          {grade && <strong>{grade.correct ? '✓ ' : '✗ '}</strong>}
          {system.name}
        </span>
        <select value={answers[systemId] ?? ''} onChange={(event) => place(systemId, event.target.value === '' ? null : (event.target.value as Quadrant))} aria-label={`Quadrant for ${system.name}`} data-testid={`quiz-select-${systemId}`}>
            <option value="">not placed</option>
            {QUADRANTS.map((quadrant) => (
              <option key={quadrant} value={quadrant}>
                {quadrant}
              </option>
            ))}
          </select>
        {grade && <p className="q-quiz-explanation">{grade.explanation}</p>}
      </li>
    );
  };

  const unplaced = QUIZ_SYSTEM_IDS.filter((systemId) => !answers[systemId]);
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="pacelc-quiz">
      <h2 id={`${id}-title`}>Quiz: place each system in its PACELC quadrant</h2>
      <p className="muted">Drag a card into a quadrant, or choose the quadrant from the card's menu (keyboard). Then grade.</p>
      <ul
        className={`q-quiz-tray${dropTarget === 'tray' ? ' drop-target' : ''}`}
        aria-label="Systems not placed yet"
        onDragOver={(event) => {
          event.preventDefault();
          setDropTarget('tray');
        }}
        onDragLeave={() => setDropTarget(null)}
        onDrop={onDrop(null)}
        data-testid="quiz-tray"
      >
        {unplaced.length === 0 ? <li className="muted">All placed.</li> : unplaced.map(card)}
      </ul>
      <div className="q-quiz-grid">
        {QUADRANTS.map((quadrant) => (
          <div
            key={quadrant}
            className={`q-quiz-zone${dropTarget === quadrant ? ' drop-target' : ''}`}
            onDragOver={(event) => {
              event.preventDefault();
              setDropTarget(quadrant);
            }}
            onDragLeave={() => setDropTarget(null)}
            onDrop={onDrop(quadrant)}
            data-testid={`quiz-zone-${quadrant}`}
            role="group"
            aria-label={`Quadrant ${quadrant}`}
          >
            <h3>{quadrant}</h3>
            <ul>{QUIZ_SYSTEM_IDS.filter((systemId) => answers[systemId] === quadrant).map(card)}</ul>
          </div>
        ))}
      </div>
      <div className="button-row">
        <button type="button" className="primary" onClick={() => setGrades(QUIZ_SYSTEM_IDS.map((systemId) => gradeAnswer(systemId, answers[systemId] ?? null)))} data-testid="quiz-grade">
          Grade
        </button>
        <button
          type="button"
          onClick={() => {
            setAnswers({});
            setGrades(null);
          }}
        >
          Clear
        </button>
        {grades && (
          <strong role="status" data-testid="quiz-score" data-score={score}>
            {`${score} of ${grades.length} right`}
          </strong>
        )}
      </div>
    </section>
  );
});
