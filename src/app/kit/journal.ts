// The kit's keeping of a lab's journal (its config and the user's actions) across a reload. Kept in
// localStorage under a key that names the lab and its starting settings; a version in the key means
// a journal written by an older app, whose commands may read differently, is never replayed.
import type { LabJournal } from '../../worker/kit/labEngine.ts';

const JOURNAL_VERSION = 'v2';

/** The storage key for a lab's run with these starting settings (the URL's query, say). */
export function journalKey(lab: string, settingsKey: string): string {
  return `${lab}-lab-${JOURNAL_VERSION}:${settingsKey}`;
}

export function readJournal<Config, Command>(key: string | null | undefined): LabJournal<Config, Command> | null {
  if (!key || typeof localStorage === 'undefined') return null;
  try {
    const text = localStorage.getItem(key);
    if (!text) return null;
    const journal = JSON.parse(text) as Partial<LabJournal<Config, Command>> | null;
    // A damaged or hand-edited entry is ignored, not replayed.
    if (!journal || typeof journal !== 'object' || !Array.isArray(journal.commands) || typeof journal.headMs !== 'number' || journal.config === undefined) return null;
    return journal as LabJournal<Config, Command>;
  } catch {
    return null;
  }
}

export function writeJournal<Config, Command>(key: string | null | undefined, journal: LabJournal<Config, Command> | null): void {
  if (!key || typeof localStorage === 'undefined') return;
  try {
    if (journal === null || journal.commands.length === 0) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(journal));
  } catch {
    // Storage full or forbidden: the run still works, it just will not survive a reload.
  }
}

export function forgetJournal(key: string): void {
  writeJournal(key, null);
}
