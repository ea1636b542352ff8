// A talk, read from a scenario file with beats (`# @beat 90s Title` above each note, `# @rubric …`
// in the introduction, scenario/directives.ts): its lab, its beats with their budgets, its rubric;
// the rehearsal record (per-beat timings, rubric ticks, the interviewer's interruption) and the
// seeded choice of when the interviewer interrupts. Pure: the page keeps the records in localStorage.
import { Prng } from '../../../kernel/prng.ts';
import { readScenarioDirectives } from '../../../scenario/directives.ts';
import { tokenizeScenario, type ScenarioError } from '../../../scenario/lexer.ts';
import { parseScenario } from '../../../scenario/parse.ts';

export interface TalkBeat {
  readonly title: string;
  readonly budgetMs: number;
  /** Line of the step the beat opens. */
  readonly stepLine: number;
}

export interface Talk {
  readonly name: string;
  readonly title: string;
  /** The header's lab word: raft, quorum, crdt, … */
  readonly lab: string;
  /** The header's seed (a lab link needs one), 1 when the header has none. */
  readonly seed: number;
  readonly source: string;
  readonly beats: readonly TalkBeat[];
  readonly rubric: readonly string[];
  readonly totalBudgetMs: number;
}

export type TalkResult = { readonly ok: true; readonly talk: Talk } | { readonly ok: false; readonly errors: readonly ScenarioError[] };

/**
 * Reads a talk: the scenario must parse in its lab's grammar, have at least one `@beat`, and every
 * note must have one (a beat is a note's span, so a note without a budget would be a beat without
 * time). The title is the introduction's first sentence.
 */
export function readTalk(name: string, source: string): TalkResult {
  const parsed = parseScenario(source);
  if (!parsed.ok) return { ok: false, errors: parsed.errors };
  const directives = readScenarioDirectives(source);
  if (!directives.ok) return { ok: false, errors: directives.errors };
  const lines = tokenizeScenario(source);
  const header = lines[0]!;
  const { beats, rubric } = directives.directives;
  if (beats.length === 0) return { ok: false, errors: [{ line: header.line, column: 1, message: 'a talk needs beats: put "# @beat 60s Title" in the comment block above each note' }] };
  const budgeted = new Set(beats.map((beat) => beat.stepLine));
  const errors: ScenarioError[] = lines
    .slice(1)
    .filter((line) => line.narration && !budgeted.has(line.line))
    .map((line) => ({ line: line.line, column: 1, message: 'this note has no budget: in a talk every note opens a beat, so add "# @beat <budget> <title>" above it' }));
  if (errors.length > 0) return { ok: false, errors };
  const seedToken = header.tokens.find((token) => token.text.startsWith('seed='));
  const seed = seedToken ? Number(seedToken.text.slice(5)) : 1;
  const introduction = source.split(/\r?\n/).find((line) => /^\s*#\s*[^\s@]/.test(line))?.replace(/^\s*#\s*/, '') ?? name;
  return {
    ok: true,
    talk: {
      name,
      title: introduction.split(/[:.]/)[0]!.trim() || name,
      lab: header.tokens[0]!.text,
      seed: Number.isSafeInteger(seed) ? seed : 1,
      source,
      beats: beats.map((beat, index) => ({ title: beat.title || `Beat ${index + 1}`, budgetMs: beat.budgetMs, stepLine: beat.stepLine })),
      rubric,
      totalBudgetMs: beats.reduce((sum, beat) => sum + beat.budgetMs, 0),
    },
  };
}

export interface Interruption {
  /** The beat (1-based) during which the interviewer cuts in. */
  readonly beat: number;
  /** How long into that beat. */
  readonly afterMs: number;
  readonly fault: string;
  readonly question: string;
}

export interface Rehearsal {
  readonly id: number;
  /** Wall-clock start, ISO (shown in the history; never used by a simulation). */
  readonly startedAt: string;
  /** Time spent on each beat, in ms (a beat revisited with ← adds up). */
  readonly beatMs: readonly number[];
  readonly finished: boolean;
  readonly interrupted: Interruption | null;
  /** One tick per rubric point, ticked by the learner after the rehearsal. */
  readonly rubric: readonly boolean[];
}

export function startRehearsal(talk: Talk, id: number, startedAt: string): Rehearsal {
  return { id, startedAt, beatMs: talk.beats.map(() => 0), finished: false, interrupted: null, rubric: talk.rubric.map(() => false) };
}

/** Adds `ms` to beat `beat` (1-based); beats outside the talk are ignored. */
export function addBeatTime(rehearsal: Rehearsal, beat: number, ms: number): Rehearsal {
  if (beat < 1 || beat > rehearsal.beatMs.length || ms <= 0) return rehearsal;
  return { ...rehearsal, beatMs: rehearsal.beatMs.map((value, index) => (index === beat - 1 ? value + Math.round(ms) : value)) };
}

export function totalMs(rehearsal: Rehearsal): number {
  return rehearsal.beatMs.reduce((sum, value) => sum + value, 0);
}

export interface FaultOption {
  readonly fault: string;
  readonly question: string;
}

/**
 * When the interviewer interrupts rehearsal `rehearsalId` of a talk: a beat from the second on (the
 * first sets the scene) and 2–8 s into it, and which fault — seeded by the talk's name and the
 * rehearsal's number, so the same rehearsal is interrupted the same way and the next differently.
 */
export function planInterruption(talk: Talk, rehearsalId: number, options: readonly FaultOption[]): Interruption | null {
  if (options.length === 0 || talk.beats.length === 0) return null;
  let seed = rehearsalId * 7919;
  for (const char of talk.name) seed = (seed * 31 + char.charCodeAt(0)) % 2_147_483_647;
  const prng = new Prng(seed);
  const first = Math.min(2, talk.beats.length);
  const beat = prng.intBetween(first, talk.beats.length);
  const afterMs = prng.intBetween(2, 8) * 1000;
  const option = options[prng.intBetween(0, options.length - 1)]!;
  return { beat, afterMs, ...option };
}
