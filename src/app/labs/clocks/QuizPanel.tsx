// Practice: "which of these pairs are concurrent?" on the diagram shown, each answer graded at once with the vector comparison that settles it.
import { gradeQuiz } from '../../../kernel/protocols/clocks/index.ts';
import { useClocksStore } from './clocksContext.ts';
import { selectActions, selectAnalysis, selectDocument, selectQuiz } from './clocksStore.ts';

export function QuizPanel() {
  const analysis = useClocksStore(selectAnalysis);
  const quizState = useClocksStore(selectQuiz);
  const document = useClocksStore(selectDocument);
  const actions = useClocksStore(selectActions);
  const seed = document.origin.kind === 'random' ? document.origin.seed : 1;
  if (!analysis) return null;
  if (!quizState) {
    return (
      <section className="card" aria-labelledby="quiz-title">
        <h2 id="quiz-title">Quiz: which pairs are concurrent?</h2>
        <p className="muted">Five pairs of events from the diagram above, about half of them concurrent. Decide for each; the answer is graded at once. Generate a random execution first for fresh practice.</p>
        <button type="button" className="primary" onClick={() => actions.startQuiz(seed)} data-testid="quiz-start">
          Start the quiz
        </button>
      </section>
    );
  }
  const { quiz, answers } = quizState;
  const marked = new Set(Object.entries(answers).filter(([, concurrent]) => concurrent).map(([index]) => Number(index)));
  const grade = gradeQuiz(analysis, quiz, marked);
  const answered = grade.results.filter((_, index) => index in answers);
  const correct = answered.filter((result) => result.correct).length;
  return (
    <section className="card" aria-labelledby="quiz-title" data-testid="quiz">
      <h2 id="quiz-title">Quiz: which pairs are concurrent?</h2>
      {quiz.pairs.length === 0 && <p>This diagram has no pairs of events on different processes: add some events first.</p>}
      <ol className="clocks-quiz">
        {grade.results.map((result, index) => {
          const done = index in answers;
          return (
            <li key={`${result.pair.first}|${result.pair.second}`} data-testid={`quiz-pair-${index}`} data-answered={done} data-correct={done ? result.correct : undefined}>
              <span className="clocks-quiz-question">
                {result.pair.first} and {result.pair.second}:
              </span>{' '}
              <button type="button" disabled={done} aria-pressed={done && answers[index] === true} onClick={() => actions.answerQuiz(index, true)}>
                ∥ concurrent
              </button>{' '}
              <button type="button" disabled={done} aria-pressed={done && answers[index] === false} onClick={() => actions.answerQuiz(index, false)}>
                → ordered
              </button>
              {done && (
                <p className={`clocks-quiz-verdict ${result.correct ? 'right' : 'wrong'}`} role="status">
                  <strong>{result.correct ? '✓ Right' : '✗ Not quite'}:</strong> {result.explanation.statement}. {result.explanation.proof}
                </p>
              )}
            </li>
          );
        })}
      </ol>
      <p data-testid="quiz-score" aria-live="polite">
        {answered.length === 0 ? 'No answers yet.' : `${correct} of ${answered.length} right${answered.length === grade.total ? ' — quiz done.' : ` (${grade.total - answered.length} to go).`}`}
      </p>
      <p className="clocks-button-row">
        <button type="button" onClick={() => actions.startQuiz(seed + Object.keys(answers).length + 1)}>
          New pairs
        </button>
        <button type="button" onClick={actions.closeQuiz}>
          Close the quiz
        </button>
      </p>
    </section>
  );
}
