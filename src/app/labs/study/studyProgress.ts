// The study tracker's progress: ticks and drill answers, kept in localStorage, exported as Markdown and
// read back (each problem with its line number; a bad file changes nothing).
import { loadStoredAnswers, saveStoredAnswers } from '../../kit/choiceQuiz.ts';
import { CHECKLIST, validMatrixAnswer, validSystemAnswer } from './studyData.ts';

export interface StudyProgress {
  readonly checklist: Readonly<Record<string, boolean>>;
  readonly matrices: Readonly<Record<string, string>>;
  readonly systems: Readonly<Record<string, string>>;
}

export const EMPTY_PROGRESS: StudyProgress = { checklist: {}, matrices: {}, systems: {} };

const KEYS = { checklist: 'quorum-lab:study-checklist', matrices: 'quorum-lab:study-matrices', systems: 'quorum-lab:study-systems' } as const;

const isChecklistTick = (id: string, value: unknown): value is boolean => typeof value === 'boolean' && CHECKLIST.some((item) => item.id === id);

export function loadProgress(): StudyProgress {
  return { checklist: loadStoredAnswers(KEYS.checklist, isChecklistTick), matrices: loadStoredAnswers(KEYS.matrices, validMatrixAnswer), systems: loadStoredAnswers(KEYS.systems, validSystemAnswer) };
}

/** False when the browser refused to keep it (the page says so and offers the export). */
export function saveProgress(progress: StudyProgress): boolean {
  return [saveStoredAnswers(KEYS.checklist, progress.checklist), saveStoredAnswers(KEYS.matrices, progress.matrices), saveStoredAnswers(KEYS.systems, progress.systems)].every(Boolean);
}

export const STUDY_FORMAT_LINE = 'Format: quorum-lab-study 1';

export function progressToMarkdown(progress: StudyProgress): string {
  const lines = ['# Quorum Lab — study progress', '', STUDY_FORMAT_LINE, '', '## Checklist', ''];
  for (const item of CHECKLIST) lines.push(`- [${progress.checklist[item.id] ? 'x' : ' '}] ${item.id} — ${item.text}`);
  lines.push('', '## Matrices', '');
  for (const [cell, answer] of Object.entries(progress.matrices).sort()) lines.push(`- ${cell}: ${answer}`);
  lines.push('', '## Systems', '');
  for (const [cell, answer] of Object.entries(progress.systems).sort()) lines.push(`- ${cell}: ${answer}`);
  return `${lines.join('\n')}\n`;
}

export type ProgressImport = { readonly ok: true; readonly progress: StudyProgress } | { readonly ok: false; readonly line: number; readonly message: string };

export function progressFromMarkdown(source: string): ProgressImport {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  if (!lines.some((line) => line.trim() === STUDY_FORMAT_LINE)) return { ok: false, line: 1, message: `this is not exported study progress: no "${STUDY_FORMAT_LINE}" line` };
  const checklist: Record<string, boolean> = {};
  const matrices: Record<string, string> = {};
  const systems: Record<string, string> = {};
  let section: 'checklist' | 'matrices' | 'systems' | null = null;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const lineNumber = index + 1;
    const heading = /^## (Checklist|Matrices|Systems)\s*$/.exec(line);
    if (heading) {
      section = heading[1]!.toLowerCase() as 'checklist' | 'matrices' | 'systems';
      continue;
    }
    if (section === null || line.trim() === '') continue;
    if (section === 'checklist') {
      const tick = /^- \[( |x|X)\] (\S+)/.exec(line);
      if (!tick) return { ok: false, line: lineNumber, message: `expected "- [x] <item> — …" in the checklist, found "${line.slice(0, 60)}"` };
      if (!isChecklistTick(tick[2]!, true)) return { ok: false, line: lineNumber, message: `unknown checklist item "${tick[2]}"` };
      checklist[tick[2]!] = tick[1] !== ' ';
      continue;
    }
    const answer = /^- (\S+): (\S+)\s*$/.exec(line);
    if (!answer) return { ok: false, line: lineNumber, message: `expected "- <cell>: <answer>", found "${line.slice(0, 60)}"` };
    const valid = section === 'matrices' ? validMatrixAnswer : validSystemAnswer;
    if (!valid(answer[1]!, answer[2])) return { ok: false, line: lineNumber, message: `"${answer[2]}" is not an answer for ${answer[1]} (unknown cell or choice)` };
    (section === 'matrices' ? matrices : systems)[answer[1]!] = answer[2]!;
  }
  return { ok: true, progress: { checklist, matrices, systems } };
}
