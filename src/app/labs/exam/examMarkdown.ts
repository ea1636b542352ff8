// The whole attempt as one Markdown file (results for a person to read, then the record the import
// reads back: parts, pauses, drills and their runs, essays with their text, rubric ticks, talks), and
// the import: every problem is a sentence with its line number; nothing throws.
import {
  budgetMs,
  countWords,
  ESSAY_TARGET_WORDS,
  formatMinutes,
  newAttempt,
  PARTS,
  pausedMs,
  ticked,
  usedMs,
  type Attempt,
  type DrillCheck,
  type DrillId,
  type DrillResult,
  type EssayId,
  type PartId,
  type PartRecord,
  type Pause,
  type TalkId,
  type TalkRecord,
} from './examModel.ts';
import { DRILLS, ESSAYS, TALKS } from './examContent.ts';

export const FORMAT_LINE = 'Format: quorum-lab-exam 1';

/** A fence of tildes longer than any run of tildes in the text, so the text can hold anything. */
function fenceFor(text: string): string {
  const longest = Math.max(0, ...(text.match(/~+/g) ?? []).map((run) => run.length));
  return '~'.repeat(Math.max(4, longest + 1));
}

function fenced(label: string, text: string): string[] {
  const fence = fenceFor(text);
  return [`${label}:`, fence, ...(text === '' ? [] : text.split('\n')), fence];
}

const oneLine = (text: string) => text.replace(/\s*\n\s*/g, ' ');

/** The results a person reads: time per part, checks, rubric ticks, words. */
export function resultsMarkdown(attempt: Attempt, nowMs: number): string[] {
  const lines: string[] = ['## Results', ''];
  if (attempt.clockSpeed !== 1) lines.push(`> The exam clock ran ${attempt.clockSpeed}× faster than real time (a test run).`, '');
  lines.push('| part | budget | used | paused | ended |', '|---|---|---|---|---|');
  for (const part of PARTS) {
    const record = attempt.parts[part.id];
    const ended = record.startedMs === null ? 'not started' : record.endedBy === 'time' ? 'time up' : record.endedBy === 'learner' ? 'finished' : 'running';
    lines.push(`| ${part.title} | ${part.budgetMinutes} min | ${formatMinutes(usedMs(record, nowMs))} | ${record.pauses.length > 0 ? `${formatMinutes(pausedMs(record, nowMs))} (${record.pauses.length}×)` : '—'} | ${ended} |`);
  }
  lines.push('');
  for (const drill of DRILLS) {
    const result = attempt.drills[drill.id];
    lines.push(`- **${drill.title}**: ${result ? `${result.checks.filter((check) => check.ok).length} of ${result.checks.length} checks passed, on the ${result.target === 'live' ? 'live lab (real etcd / PostgreSQL)' : `simulated lab (${drill.labTitle})`}` : 'not checked'}`);
  }
  for (const essay of ESSAYS) {
    const record = attempt.essays[essay.id];
    lines.push(`- **Essay: ${essay.title}**: ${countWords(record.text)} of ${ESSAY_TARGET_WORDS} words; rubric ${ticked(record.rubric, essay.rubric.map((item) => item.id))} of ${essay.rubric.length}`);
  }
  for (const talk of TALKS) {
    const record = attempt.talks[talk.id];
    const took = record.startedMs !== null && record.endedMs !== null ? `${formatMinutes(record.endedMs - record.startedMs)} of ${talk.budgetMinutes} min` : 'not given';
    lines.push(`- **Talk: ${talk.title}**: ${took}; rubric ${ticked(record.rubric, talk.rubric.map((item) => item.id))} of ${talk.rubric.length}`);
  }
  return lines;
}

const box = (ok: boolean) => (ok ? '[x]' : '[ ]');

export function attemptToMarkdown(attempt: Attempt, nowMs: number): string {
  const lines: string[] = ['# Quorum Lab — exam attempt', '', FORMAT_LINE, `Created: ${attempt.createdAt}`, `Clock speed: ${attempt.clockSpeed}`, '', ...resultsMarkdown(attempt, nowMs), ''];
  lines.push('## Record', '', '<!-- Everything below is read back by "Import attempt"; the results above are recomputed from it. Times are exam-clock milliseconds. -->', '');
  for (const part of PARTS) {
    const record = attempt.parts[part.id];
    lines.push(`### Part ${part.id}`);
    if (record.startedMs !== null) lines.push(`- started: ${record.startedMs}`);
    if (record.endedMs !== null) lines.push(`- ended: ${record.endedMs}`, `- ended by: ${record.endedBy ?? 'learner'}`);
    for (const pause of record.pauses) lines.push(`- pause: ${pause.fromMs} → ${pause.toMs ?? 'open'} — ${oneLine(pause.reason)}`);
    lines.push('');
  }
  for (const drill of DRILLS) {
    const result = attempt.drills[drill.id];
    if (!result) continue;
    lines.push(`### Drill ${drill.id}`, `- target: ${result.target}`, `- checked: ${result.checkedMs}`);
    for (const check of result.checks) lines.push(`- ${box(check.ok)} ${check.name} — ${oneLine(check.saw)}`);
    lines.push(...fenced('Run', result.run), '');
  }
  for (const essay of ESSAYS) {
    const record = attempt.essays[essay.id];
    lines.push(`### Essay ${essay.id}`, `<!-- ${essay.title}: ${countWords(record.text)} words -->`);
    for (const item of essay.rubric) lines.push(`- ${box(record.rubric[item.id] === true)} ${item.id} — ${item.text}`);
    lines.push(...fenced('Text', record.text), '');
  }
  for (const talk of TALKS) {
    const record = attempt.talks[talk.id];
    lines.push(`### Talk ${talk.id}`);
    if (record.startedMs !== null) lines.push(`- started: ${record.startedMs}`);
    if (record.endedMs !== null) lines.push(`- ended: ${record.endedMs}`);
    for (const item of talk.rubric) lines.push(`- ${box(record.rubric[item.id] === true)} ${item.id} — ${item.text}`);
    lines.push('');
  }
  return lines.join('\n');
}

export type ImportResult = { readonly ok: true; readonly attempt: Attempt } | { readonly ok: false; readonly line: number; readonly message: string };

type Section =
  | { readonly kind: 'part'; readonly id: PartId }
  | { readonly kind: 'drill'; readonly id: DrillId }
  | { readonly kind: 'essay'; readonly id: EssayId }
  | { readonly kind: 'talk'; readonly id: TalkId };

const PART_IDS = PARTS.map((part) => part.id as string);
const DRILL_IDS = DRILLS.map((drill) => drill.id as string);
const ESSAY_IDS = ESSAYS.map((essay) => essay.id as string);
const TALK_IDS = TALKS.map((talk) => talk.id as string);

class ImportProblem extends Error {
  constructor(readonly line: number, message: string) {
    super(message);
  }
}

/** Reads an exported attempt back. A problem names its line (1-based) and what was expected there. */
export function attemptFromMarkdown(source: string): ImportResult {
  try {
    return { ok: true, attempt: parse(source.replace(/\r\n?/g, '\n').split('\n')) };
  } catch (error) {
    if (error instanceof ImportProblem) return { ok: false, line: error.line, message: error.message };
    return { ok: false, line: 1, message: `the file could not be read (${(error as Error).message})` };
  }
}

function parse(lines: readonly string[]): Attempt {
  const formatIndex = lines.findIndex((line) => line.trim() === FORMAT_LINE);
  if (formatIndex === -1) throw new ImportProblem(1, `this is not an exported exam attempt: no "${FORMAT_LINE}" line`);
  const header = (name: string) => {
    const index = lines.findIndex((line) => line.startsWith(`${name}: `));
    return index === -1 ? null : { index, value: lines[index]!.slice(name.length + 2).trim() };
  };
  const created = header('Created');
  const speed = header('Clock speed');
  const clockSpeed = speed === null ? 1 : Number(speed.value);
  if (!Number.isFinite(clockSpeed) || clockSpeed <= 0) throw new ImportProblem(speed!.index + 1, `"Clock speed" must be a positive number, not "${speed!.value}"`);
  let attempt: Attempt = newAttempt(created?.value ?? '', clockSpeed);
  const recordIndex = lines.findIndex((line) => line.trim() === '## Record');
  if (recordIndex === -1) throw new ImportProblem(lines.length, 'the "## Record" section is missing (the file was cut short?)');

  let section: Section | null = null;
  // Per-section values gathered as lines come, written into the attempt when the section closes.
  let part: { startedMs: number | null; endedMs: number | null; endedBy: PartRecord['endedBy']; pauses: Pause[] } | null = null;
  let drill: { target: DrillResult['target'] | null; checkedMs: number | null; checks: DrillCheck[]; run: string | null } | null = null;
  let rubric: Record<string, boolean> = {};
  let text: string | null = null;
  let talk: { startedMs: number | null; endedMs: number | null } | null = null;
  let sectionLine = 0;

  const close = () => {
    if (!section) return;
    if (section.kind === 'part' && part) attempt = { ...attempt, parts: { ...attempt.parts, [section.id]: { ...part } } };
    if (section.kind === 'drill' && drill) {
      if (drill.target === null) throw new ImportProblem(sectionLine, `drill ${section.id} has no "- target: live|simulated" line`);
      attempt = { ...attempt, drills: { ...attempt.drills, [section.id]: { target: drill.target, checkedMs: drill.checkedMs ?? 0, checks: drill.checks, run: drill.run ?? '' } } };
    }
    if (section.kind === 'essay') {
      if (text === null) throw new ImportProblem(sectionLine, `essay ${section.id} has no "Text:" block`);
      attempt = { ...attempt, essays: { ...attempt.essays, [section.id]: { text, rubric } } };
    }
    if (section.kind === 'talk' && talk) {
      const record: TalkRecord = { startedMs: talk.startedMs, endedMs: talk.endedMs, rubric };
      attempt = { ...attempt, talks: { ...attempt.talks, [section.id]: record } };
    }
    section = null;
  };

  const number = (value: string, lineNumber: number, what: string) => {
    if (!/^\d+$/.test(value)) throw new ImportProblem(lineNumber, `${what} must be a whole number of milliseconds, not "${value}"`);
    return Number(value);
  };

  for (let index = recordIndex + 1; index < lines.length; index++) {
    const line = lines[index]!;
    const lineNumber = index + 1;
    const trimmed = line.trim();
    if (trimmed === '' || (trimmed.startsWith('<!--') && trimmed.endsWith('-->'))) continue;
    const heading = /^### (Part|Drill|Essay|Talk) (\S+)\s*$/.exec(line);
    if (heading) {
      close();
      const [, kind, id] = heading as unknown as [string, string, string];
      const known = { Part: PART_IDS, Drill: DRILL_IDS, Essay: ESSAY_IDS, Talk: TALK_IDS }[kind as 'Part']!;
      if (!known.includes(id)) throw new ImportProblem(lineNumber, `unknown ${kind.toLowerCase()} "${id}" (expected one of ${known.join(', ')})`);
      section = { kind: kind.toLowerCase(), id } as Section;
      sectionLine = lineNumber;
      part = section.kind === 'part' ? { startedMs: null, endedMs: null, endedBy: null, pauses: [] } : null;
      drill = section.kind === 'drill' ? { target: null, checkedMs: null, checks: [], run: null } : null;
      talk = section.kind === 'talk' ? { startedMs: null, endedMs: null } : null;
      rubric = {};
      text = null;
      continue;
    }
    if (!section) throw new ImportProblem(lineNumber, `expected a "### Part|Drill|Essay|Talk <name>" heading, found "${trimmed.slice(0, 60)}"`);
    const current: Section = section;
    const fenceLabel = /^(Run|Text):$/.exec(trimmed);
    if (fenceLabel) {
      const fence = lines[index + 1]?.trim() ?? '';
      if (!/^~{4,}$/.test(fence)) throw new ImportProblem(lineNumber + 1, `"${fenceLabel[1]}:" must be followed by a fence line of four or more "~"`);
      const end = lines.findIndex((candidate, at) => at > index + 1 && candidate.trim() === fence);
      if (end === -1) throw new ImportProblem(lineNumber + 1, `the block opened here is never closed (no second "${fence}" line)`);
      const body = lines.slice(index + 2, end).join('\n');
      if (fenceLabel[1] === 'Run' && drill) drill.run = body;
      else if (fenceLabel[1] === 'Text' && current.kind === 'essay') text = body;
      else throw new ImportProblem(lineNumber, `a "${fenceLabel[1]}:" block does not belong in a ${current.kind} section`);
      index = end;
      continue;
    }
    const tick = /^- \[( |x|X)\] (\S+)(?: — (.*))?$/.exec(line);
    if (tick) {
      const ok = tick[1] !== ' ';
      if (current.kind === 'drill') drill!.checks.push({ name: tick[2]!, ok, saw: tick[3] ?? '' });
      else if (current.kind === 'essay' || current.kind === 'talk') {
        const items = current.kind === 'essay' ? ESSAYS.find((essay) => essay.id === current.id)!.rubric : TALKS.find((candidate) => candidate.id === current.id)!.rubric;
        if (!items.some((item) => item.id === tick[2])) throw new ImportProblem(lineNumber, `unknown rubric item "${tick[2]}" for ${current.id} (expected one of ${items.map((item) => item.id).join(', ')})`);
        rubric[tick[2]!] = ok;
      } else throw new ImportProblem(lineNumber, 'a ticked line does not belong in a part section');
      continue;
    }
    const field = /^- ([a-z ]+): (.*)$/.exec(line);
    if (!field) throw new ImportProblem(lineNumber, `expected "- name: value", "- [x] item" or a heading, found "${trimmed.slice(0, 60)}"`);
    const [, name, value] = field as unknown as [string, string, string];
    if (current.kind === 'part' && part) {
      if (name === 'started') part.startedMs = number(value, lineNumber, 'started');
      else if (name === 'ended') part.endedMs = number(value, lineNumber, 'ended');
      else if (name === 'ended by') {
        if (value !== 'learner' && value !== 'time') throw new ImportProblem(lineNumber, `"ended by" is learner or time, not "${value}"`);
        part.endedBy = value;
      } else if (name === 'pause') {
        const pause = /^(\d+) → (\d+|open) — (.*)$/.exec(value);
        if (!pause) throw new ImportProblem(lineNumber, 'a pause reads "- pause: <from ms> → <to ms or open> — <reason>"');
        part.pauses.push({ fromMs: Number(pause[1]), toMs: pause[2] === 'open' ? null : Number(pause[2]), reason: pause[3]! });
      } else throw new ImportProblem(lineNumber, `unknown field "${name}" in a part (started, ended, ended by, pause)`);
    } else if (current.kind === 'drill' && drill) {
      if (name === 'target') {
        if (value !== 'live' && value !== 'simulated') throw new ImportProblem(lineNumber, `"target" is live or simulated, not "${value}"`);
        drill.target = value;
      } else if (name === 'checked') drill.checkedMs = number(value, lineNumber, 'checked');
      else throw new ImportProblem(lineNumber, `unknown field "${name}" in a drill (target, checked)`);
    } else if (current.kind === 'talk' && talk) {
      if (name === 'started') talk.startedMs = number(value, lineNumber, 'started');
      else if (name === 'ended') talk.endedMs = number(value, lineNumber, 'ended');
      else throw new ImportProblem(lineNumber, `unknown field "${name}" in a talk (started, ended)`);
    } else throw new ImportProblem(lineNumber, `unknown field "${name}" in an essay (only rubric ticks and the Text block)`);
  }
  close();
  for (const part of PARTS) {
    const record = attempt.parts[part.id];
    if (record.endedMs !== null && record.startedMs !== null && record.endedMs < record.startedMs) throw new ImportProblem(formatIndex + 1, `part ${part.id} ends before it starts`);
    if (record.endedMs !== null && record.startedMs !== null && record.endedBy === 'time' && record.endedMs - record.startedMs - pausedMs(record, record.endedMs) > budgetMs(part.id) + 1000) {
      throw new ImportProblem(formatIndex + 1, `part ${part.id} says its time ran out, but it ran longer than its budget`);
    }
  }
  return attempt;
}
