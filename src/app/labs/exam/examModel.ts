// The exam attempt as plain data, and the pure rules over it: the three parts and their clocks
// (start, pause only when the learner says so, finish, time up), word counts and the results' sums.
// Time is whatever the injected exam clock says (milliseconds); nothing here reads a clock itself.

export type PartId = 'build' | 'articulate' | 'whiteboard';
export type DrillId = 'etcd-quorum' | 'postgres-split-brain';
export type EssayId = 'billing' | 'exactly-once';
export type TalkId = 'raft-in-10' | 'crdts-in-5' | 'cap-pacelc-in-5';

export interface PartSpec {
  readonly id: PartId;
  readonly title: string;
  readonly budgetMinutes: number;
  readonly what: string;
}

/** The study plan's exam: 3 hours in three parts. */
export const PARTS: readonly PartSpec[] = [
  { id: 'build', title: 'Build', budgetMinutes: 60, what: 'Kill an etcd member and observe quorum behaviour; cause split-brain in a 2-node PostgreSQL pair and recover.' },
  { id: 'articulate', title: 'Articulate', budgetMinutes: 90, what: 'Two essays of about 1,500 words: strong consistency for billing reads across regions; why exactly-once delivery is a lie.' },
  { id: 'whiteboard', title: 'Whiteboard', budgetMinutes: 30, what: 'Explain Raft in 10 minutes, CRDTs in 5, CAP vs PACELC in 5, as to an interviewer.' },
];

export const partSpec = (id: PartId): PartSpec => PARTS.find((part) => part.id === id)!;
export const budgetMs = (id: PartId): number => partSpec(id).budgetMinutes * 60_000;

export interface Pause {
  readonly fromMs: number;
  /** Null while the pause lasts. */
  readonly toMs: number | null;
  readonly reason: string;
}

export interface PartRecord {
  readonly startedMs: number | null;
  readonly endedMs: number | null;
  /** 'time': the countdown reached zero and the part closed by itself. */
  readonly endedBy: 'learner' | 'time' | null;
  readonly pauses: readonly Pause[];
}

export interface DrillCheck {
  readonly name: string;
  readonly ok: boolean;
  readonly saw: string;
}

export interface DrillResult {
  /** Where the checks were made: real etcd/PostgreSQL through the live lab, or a replay in the simulated lab. */
  readonly target: 'live' | 'simulated';
  readonly checks: readonly DrillCheck[];
  readonly checkedMs: number;
  /** For simulated checks: the learner's run (scenario text) that was replayed. */
  readonly run: string;
}

export interface EssayRecord {
  readonly text: string;
  readonly rubric: Readonly<Record<string, boolean>>;
}

export interface TalkRecord {
  readonly startedMs: number | null;
  readonly endedMs: number | null;
  readonly rubric: Readonly<Record<string, boolean>>;
}

export interface Attempt {
  readonly version: 1;
  /** Wall-clock date the attempt began (ISO text), for the learner's records only. */
  readonly createdAt: string;
  /** The exam clock ran faster than real time (the test hook): results say so. */
  readonly clockSpeed: number;
  readonly parts: Readonly<Record<PartId, PartRecord>>;
  readonly drills: Readonly<Record<DrillId, DrillResult | null>>;
  readonly essays: Readonly<Record<EssayId, EssayRecord>>;
  readonly talks: Readonly<Record<TalkId, TalkRecord>>;
}

const emptyPart: PartRecord = { startedMs: null, endedMs: null, endedBy: null, pauses: [] };
const emptyTalk: TalkRecord = { startedMs: null, endedMs: null, rubric: {} };

export function newAttempt(createdAt: string, clockSpeed = 1): Attempt {
  return {
    version: 1,
    createdAt,
    clockSpeed,
    parts: { build: emptyPart, articulate: emptyPart, whiteboard: emptyPart },
    drills: { 'etcd-quorum': null, 'postgres-split-brain': null },
    essays: { billing: { text: '', rubric: {} }, 'exactly-once': { text: '', rubric: {} } },
    talks: { 'raft-in-10': emptyTalk, 'crdts-in-5': emptyTalk, 'cap-pacelc-in-5': emptyTalk },
  };
}

// ----- clocks ------------------------------------------------------------------------------------------

export type PartState = 'not-started' | 'running' | 'paused' | 'ended';

export function partState(record: PartRecord): PartState {
  if (record.startedMs === null) return 'not-started';
  if (record.endedMs !== null) return 'ended';
  return record.pauses.some((pause) => pause.toMs === null) ? 'paused' : 'running';
}

/** Time the part's clock ran (pauses excluded) up to `nowMs`, or up to its end. */
export function usedMs(record: PartRecord, nowMs: number): number {
  if (record.startedMs === null) return 0;
  const until = record.endedMs ?? nowMs;
  const paused = record.pauses.reduce((sum, pause) => sum + Math.max(0, Math.min(pause.toMs ?? until, until) - pause.fromMs), 0);
  return Math.max(0, until - record.startedMs - paused);
}

export function pausedMs(record: PartRecord, nowMs: number): number {
  const until = record.endedMs ?? nowMs;
  return record.pauses.reduce((sum, pause) => sum + Math.max(0, Math.min(pause.toMs ?? until, until) - pause.fromMs), 0);
}

export function remainingMs(id: PartId, record: PartRecord, nowMs: number): number {
  return Math.max(0, budgetMs(id) - usedMs(record, nowMs));
}

function withPart(attempt: Attempt, id: PartId, record: PartRecord): Attempt {
  return { ...attempt, parts: { ...attempt.parts, [id]: record } };
}

/** The part that runs or waits paused (one at a time), if any. */
export function activePart(attempt: Attempt): PartId | null {
  return PARTS.find((part) => {
    const state = partState(attempt.parts[part.id]);
    return state === 'running' || state === 'paused';
  })?.id ?? null;
}

/** Starting a part ends the one that was running (by the learner's choice). */
export function startPart(attempt: Attempt, id: PartId, nowMs: number): Attempt {
  if (partState(attempt.parts[id]) !== 'not-started') return attempt;
  const active = activePart(attempt);
  const settled = active ? finishPart(attempt, active, nowMs) : attempt;
  return withPart(settled, id, { ...emptyPart, startedMs: nowMs });
}

export function finishPart(attempt: Attempt, id: PartId, nowMs: number): Attempt {
  const record = attempt.parts[id];
  const state = partState(record);
  if (state !== 'running' && state !== 'paused') return attempt;
  const pauses = record.pauses.map((pause) => (pause.toMs === null ? { ...pause, toMs: nowMs } : pause));
  return withPart(attempt, id, { ...record, pauses, endedMs: nowMs, endedBy: 'learner' });
}

/** Only the learner pauses (the reason is kept in the attempt); nothing pauses by itself. */
export function pausePart(attempt: Attempt, id: PartId, nowMs: number, reason: string): Attempt {
  const record = attempt.parts[id];
  if (partState(record) !== 'running') return attempt;
  return withPart(attempt, id, { ...record, pauses: [...record.pauses, { fromMs: nowMs, toMs: null, reason: reason.trim() || 'no reason given' }] });
}

export function resumePart(attempt: Attempt, id: PartId, nowMs: number): Attempt {
  const record = attempt.parts[id];
  if (partState(record) !== 'paused') return attempt;
  return withPart(attempt, id, { ...record, pauses: record.pauses.map((pause) => (pause.toMs === null ? { ...pause, toMs: nowMs } : pause)) });
}

/**
 * Closes a running part whose countdown has reached zero, at the exact moment it did (not when the
 * page noticed: a tab asleep for an hour still ends the part at its budget).
 */
export function settleTime(attempt: Attempt, nowMs: number): Attempt {
  let settled = attempt;
  for (const part of PARTS) {
    const record = settled.parts[part.id];
    if (partState(record) !== 'running') continue;
    if (usedMs(record, nowMs) < budgetMs(part.id)) continue;
    const endedMs = record.startedMs! + pausedMs(record, nowMs) + budgetMs(part.id);
    settled = withPart(settled, part.id, { ...record, endedMs, endedBy: 'time' });
  }
  return settled;
}

// ----- the whiteboard talks -------------------------------------------------------------------------

export function startTalk(attempt: Attempt, id: TalkId, nowMs: number): Attempt {
  return { ...attempt, talks: { ...attempt.talks, [id]: { ...attempt.talks[id], startedMs: nowMs, endedMs: null } } };
}

export function endTalk(attempt: Attempt, id: TalkId, nowMs: number): Attempt {
  const talk = attempt.talks[id];
  if (talk.startedMs === null || talk.endedMs !== null) return attempt;
  return { ...attempt, talks: { ...attempt.talks, [id]: { ...talk, endedMs: nowMs } } };
}

// ----- words and sums --------------------------------------------------------------------------------

/** Words as a reader counts them: runs of letters or digits (Markdown marks and link targets aside). */
export function countWords(text: string): number {
  const readable = text
    .replace(/```[\s\S]*?```/g, ' ') // code blocks (an evidence snippet's scenario) are not prose
    .replace(/\]\([^)]*\)/g, ']') // a link's target is not words
    .replace(/https?:\/\/\S+/g, ' ');
  return readable.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu)?.length ?? 0;
}

export const ESSAY_TARGET_WORDS = 1500;

export function ticked(rubric: Readonly<Record<string, boolean>>, ids: readonly string[]): number {
  return ids.filter((id) => rubric[id]).length;
}

/** "1 h 02 min", "12:34" style texts for the clocks. */
export function formatClock(ms: number): string {
  const totalSeconds = Math.max(0, Math.ceil(ms / 1000));
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const pad = (value: number) => String(value).padStart(2, '0');
  return hours > 0 ? `${hours}:${pad(minutes)}:${pad(seconds)}` : `${pad(minutes)}:${pad(seconds)}`;
}

export function formatMinutes(ms: number): string {
  const minutes = ms / 60_000;
  return minutes < 10 ? `${minutes.toFixed(1)} min` : `${Math.round(minutes)} min`;
}
