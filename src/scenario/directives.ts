// Directives in a scenario's comments, the same in every lab's grammar: what turns a lesson into a
// talk. `# @beat 90s Roles and terms` sits in the comment block right above a step and gives that
// step's beat (the narrated span it opens, see app/kit/scenarioState.ts) a time budget and a title;
// `# @rubric Terms: …` in the introduction adds a point the presenter ticks after a rehearsal.
// The words of a note are unchanged: the lexer leaves directive lines out of the narration.

import { isDirectiveComment, type ScenarioError } from './lexer.ts';

export interface BeatDirective {
  /** The line of the step the beat opens (the narrated step under the directive). */
  readonly stepLine: number;
  /** Where the directive itself is, for messages. */
  readonly directiveLine: number;
  readonly budgetMs: number;
  readonly title: string;
}

export interface ScenarioDirectives {
  readonly beats: readonly BeatDirective[];
  readonly rubric: readonly string[];
}

export type DirectivesResult = { readonly ok: true; readonly directives: ScenarioDirectives } | { readonly ok: false; readonly errors: readonly ScenarioError[] };

/** A beat lasts at least a second and at most an hour. */
const MIN_BUDGET_MS = 1000;
const MAX_BUDGET_MS = 3600 * 1000;

/** `90s`, `2m`, `1m30s`, `1.5m`: a spoken duration, in milliseconds; null when it does not read as one. */
export function parseBudgetMs(text: string): number | null {
  const match = /^(?:(\d+(?:\.\d+)?)m)?(?:(\d+(?:\.\d+)?)s)?$/.exec(text);
  if (!match || (match[1] === undefined && match[2] === undefined)) return null;
  return Math.round((Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0)) * 1000);
}

/** `1m30s`, `45s`, `2m`: how a budget reads back. */
export function formatBudget(ms: number): string {
  const seconds = Math.round(ms / 1000);
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  if (minutes === 0) return `${rest}s`;
  return rest === 0 ? `${minutes}m` : `${minutes}m${String(rest).padStart(2, '0')}s`;
}

/**
 * Reads every directive of a file, with one error (line and column) per bad one: an unknown
 * directive, a budget that does not read, a `@beat` not right above a narrated step (a beat is a
 * note's span), a `@rubric` below the header.
 */
export function readScenarioDirectives(source: string): DirectivesResult {
  const errors: ScenarioError[] = [];
  const beats: BeatDirective[] = [];
  const rubric: string[] = [];
  /** A `@beat` waiting for the step under its comment block. */
  let pending: { line: number; column: number; budgetMs: number; title: string } | null = null;
  /** Whether the current comment block has words (the note the step shows). */
  let blockHasNote = false;
  let seenHeader = false;
  const rawLines = source.split(/\r?\n/);
  rawLines.forEach((raw, index) => {
    const line = index + 1;
    const hash = raw.indexOf('#');
    const content = hash === -1 ? raw : raw.slice(0, hash);
    if (content.trim()) {
      // A step (or the header): it takes the pending beat.
      if (pending) {
        if (!seenHeader) errors.push({ line: pending.line, column: pending.column, message: '@beat belongs above a step, not above the header line (the introduction has no budget)' });
        else if (!blockHasNote) errors.push({ line: pending.line, column: pending.column, message: '@beat needs a note: write the beat’s words in comment lines next to it, above the step' });
        else beats.push({ stepLine: line, directiveLine: pending.line, budgetMs: pending.budgetMs, title: pending.title });
        pending = null;
      }
      blockHasNote = false;
      seenHeader = true;
      return;
    }
    if (hash === -1) {
      // A blank line ends a comment block: a beat left waiting has no step.
      if (pending) errors.push({ line: pending.line, column: pending.column, message: '@beat must sit in the comment block right above a step (a blank line comes first)' });
      pending = null;
      blockHasNote = false;
      return;
    }
    const comment = raw.slice(hash + 1);
    const text = comment.trim();
    if (!isDirectiveComment(text)) {
      if (text) blockHasNote = true;
      return;
    }
    const column = hash + 2 + (comment.length - comment.trimStart().length);
    const [word = '', ...rest] = text.split(/\s+/);
    if (word === '@beat') {
      const budgetText = rest[0];
      const budgetColumn = column + text.indexOf(budgetText ?? '', word.length);
      const budgetMs = budgetText === undefined ? null : parseBudgetMs(budgetText);
      if (budgetText === undefined) errors.push({ line, column, message: 'usage: # @beat <budget> <title>, e.g. # @beat 90s Roles and terms' });
      else if (budgetMs === null) errors.push({ line, column: budgetColumn, message: `expected a budget such as 45s, 2m or 1m30s, got "${budgetText}"` });
      else if (budgetMs < MIN_BUDGET_MS || budgetMs > MAX_BUDGET_MS) errors.push({ line, column: budgetColumn, message: `a beat's budget must be from 1s to 60m, got "${budgetText}"` });
      else if (pending) errors.push({ line, column, message: `a second @beat in the same comment block (the first is on line ${pending.line})` });
      else pending = { line, column, budgetMs, title: rest.slice(1).join(' ') };
      return;
    }
    if (word === '@rubric') {
      if (seenHeader) errors.push({ line, column, message: '@rubric belongs in the introduction, above the header line' });
      else if (rest.length === 0) errors.push({ line, column, message: 'usage: # @rubric <what the talk must cover>, e.g. # @rubric Terms: a term has at most one leader' });
      else rubric.push(rest.join(' '));
      return;
    }
    errors.push({ line, column, message: `unknown directive "${word}": known are @beat and @rubric (write "# @" only for them)` });
  });
  if (pending) {
    const { line, column } = pending as { line: number; column: number };
    errors.push({ line, column, message: '@beat at the end of the file has no step under it' });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, directives: { beats, rubric } };
}
