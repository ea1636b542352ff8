// The kit's multiple-choice drill: grading one answer against its key (the usual answer, others that
// are defensible, the reason) with an explanation, and answers kept in localStorage. The PACELC quiz
// (quorum lab) and the study tracker's drills (matrices, real systems) share it.

export interface ChoiceKey<Choice extends string> {
  readonly answer: Choice;
  /** Other answers a grader should accept, because the right one depends on configuration or version. */
  readonly alsoAccepted?: readonly Choice[];
  readonly reason: string;
}

export interface ChoiceGrade<Choice extends string> {
  readonly answer: Choice | null;
  readonly correct: boolean;
  readonly explanation: string;
}

export interface ChoiceWords<Choice extends string> {
  /** What is being placed, e.g. "Cassandra at ONE". */
  readonly subject: string;
  /** How a choice reads in a sentence (the choice itself by default). */
  readonly label?: (choice: Choice) => string;
  /** A note after the usual answer when the grader would accept others, e.g. " (depends on configuration)". */
  readonly dependsNote?: string;
  /** Said after the reason, e.g. "What moves it: …". */
  readonly after?: string;
  /** The first words when there is no answer ("Not answered." by default). */
  readonly unanswered?: string;
}

export function gradeChoice<Choice extends string>(key: ChoiceKey<Choice>, answer: Choice | null, words: ChoiceWords<Choice>): ChoiceGrade<Choice> {
  const label = words.label ?? ((choice: Choice) => choice);
  const tail = words.after ? ` ${words.after}` : '';
  if (answer === null) return { answer, correct: false, explanation: `${words.unanswered ?? 'Not answered.'} ${words.subject} is ${label(key.answer)}: ${key.reason}${tail}` };
  const correct = answer === key.answer || (key.alsoAccepted ?? []).includes(answer);
  const verdict = correct
    ? answer === key.answer
      ? `Right: ${label(key.answer)}.`
      : `Accepted: ${label(answer)} is defensible (it depends on configuration); the usual answer is ${label(key.answer)}.`
    : `Not quite: ${words.subject} is ${label(key.answer)}${words.dependsNote ?? ''}.`;
  return { answer, correct, explanation: `${verdict} ${key.reason}${tail}` };
}

/** Answers kept in localStorage under `key`; entries `accept` refuses (stale ids, old values) are dropped. */
export function loadStoredAnswers<Value>(key: string, accept: (id: string, value: unknown) => value is Value): Record<string, Value> {
  try {
    const parsed = JSON.parse(localStorage.getItem(key) ?? '{}') as Record<string, unknown>;
    const answers: Record<string, Value> = {};
    for (const [id, value] of Object.entries(parsed)) if (accept(id, value)) answers[id] = value;
    return answers;
  } catch {
    return {};
  }
}

/** False when the browser refused (storage full, private mode): the caller says so. */
export function saveStoredAnswers(key: string, answers: object): boolean {
  try {
    localStorage.setItem(key, JSON.stringify(answers));
    return true;
  } catch {
    return false;
  }
}
