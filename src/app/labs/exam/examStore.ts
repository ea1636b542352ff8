// The exam page's store: the attempt, saved to IndexedDB on every change (each keystroke of an essay),
// and what became of the last save. When the browser refuses (storage full, private mode) the page
// says so and offers the export; nothing is silently dropped. The storage and the clock are injected.
import { createStore, type StoreApi } from 'zustand/vanilla';
import { newAttempt, settleTime, type Attempt } from './examModel.ts';

/** The part of a key-value store the exam needs (idb-keyval in the app, a map in tests). */
export interface AttemptStorage {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
}

export const ATTEMPT_KEY = 'quorum-lab:exam-attempt';
/** The attempt an import or a new attempt replaced, kept so "Undo" can bring it back. */
export const PREVIOUS_KEY = 'quorum-lab:exam-attempt-previous';

export type SaveStatus = { readonly kind: 'loading' } | { readonly kind: 'saved' } | { readonly kind: 'saving' } | { readonly kind: 'failed'; readonly why: string } | { readonly kind: 'unavailable'; readonly why: string };

export interface ExamState {
  readonly attempt: Attempt;
  readonly save: SaveStatus;
  /** An attempt that was replaced and can be brought back. */
  readonly previous: Attempt | null;
  readonly actions: {
    /** Load the saved attempt (or start one); call once. */
    load(): Promise<void>;
    /** Change the attempt from its current value at the exam clock's now; saved at once. */
    update(change: (attempt: Attempt, nowMs: number) => Attempt): void;
    /** Replace the attempt (import, new attempt); the old one stays available for undo. */
    replace(attempt: Attempt): void;
    undoReplace(): void;
    /** The exam clock for this attempt: milliseconds since it was created, times its speed. */
    now(): number;
  };
}

/**
 * A synchronous copy (localStorage) written in the same task as the change: IndexedDB writes are
 * asynchronous, so a reload or a crash right after a keystroke could beat them. On load the newer of
 * the two (by revision) wins.
 */
export interface MirrorStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export const MIRROR_KEY = 'quorum-lab:exam-attempt-mirror';

/** What is stored: the attempt and a revision that grows with every change (to pick the newer copy). */
interface Saved {
  readonly revision: number;
  readonly attempt: Attempt;
}

export interface ExamStoreOptions {
  /** Null when the browser offers no IndexedDB: the page works, says nothing is kept, offers export. */
  readonly storage: AttemptStorage | null;
  readonly mirror?: MirrorStorage | null;
  /** Wall clock in ms since the epoch (Date.now in the app). */
  readonly wallNow: () => number;
  /** The exam clock's speed for a new attempt: 1, or the test hook's value. */
  readonly clockSpeed: number;
}

function looksLikeAttempt(value: unknown): value is Attempt {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Attempt>;
  return candidate.version === 1 && typeof candidate.createdAt === 'string' && typeof candidate.parts === 'object' && typeof candidate.essays === 'object' && typeof candidate.drills === 'object' && typeof candidate.talks === 'object';
}

export function examClockNow(attempt: Attempt, wallNowMs: number): number {
  const epoch = Date.parse(attempt.createdAt);
  return Number.isFinite(epoch) ? Math.max(0, Math.round((wallNowMs - epoch) * attempt.clockSpeed)) : 0;
}

export function createExamStore(options: ExamStoreOptions): StoreApi<ExamState> {
  const fresh = () => newAttempt(new Date(options.wallNow()).toISOString(), options.clockSpeed);
  // Saves are chained so the last change is always the last one written.
  let chain: Promise<void> = Promise.resolve();
  let pending = 0;
  let revision = 0;
  const mirror = options.mirror ?? null;
  const readMirror = (): Saved | null => {
    try {
      const saved = JSON.parse(mirror?.getItem(MIRROR_KEY) ?? 'null') as Saved | null;
      return saved && typeof saved.revision === 'number' && looksLikeAttempt(saved.attempt) ? saved : null;
    } catch {
      return null;
    }
  };

  return createStore<ExamState>()((set, get) => {
    const persist = (key: string, value: unknown) => {
      if (key === ATTEMPT_KEY) {
        revision++;
        value = { revision, attempt: value as Attempt } satisfies Saved;
        try {
          mirror?.setItem(MIRROR_KEY, JSON.stringify(value));
        } catch {
          // Full or refused: IndexedDB below still gets it, and a failure there is said out loud.
        }
      }
      if (!options.storage) return;
      pending++;
      set({ save: { kind: 'saving' } });
      chain = chain.then(async () => {
        try {
          await options.storage!.set(key, value);
          pending--;
          if (pending === 0 && get().save.kind !== 'failed') set({ save: { kind: 'saved' } });
        } catch (error) {
          pending--;
          const name = (error as Error).name;
          const why = name === 'QuotaExceededError' ? 'the browser\'s storage is full' : `the browser refused to store it (${(error as Error).message || name})`;
          set({ save: { kind: 'failed', why } });
        }
      });
    };

    return {
      attempt: fresh(),
      save: options.storage ? { kind: 'loading' } : { kind: 'unavailable', why: 'this browser offers no IndexedDB here (a private window?)' },
      previous: null,
      actions: {
        async load() {
          const mirrored = readMirror();
          if (!options.storage) {
            if (mirrored) {
              revision = mirrored.revision;
              set({ attempt: settleTime(mirrored.attempt, examClockNow(mirrored.attempt, options.wallNow())) });
            }
            return;
          }
          try {
            const [stored, previous] = await Promise.all([options.storage.get(ATTEMPT_KEY), options.storage.get(PREVIOUS_KEY)]);
            const fromStorage = stored && typeof stored === 'object' && looksLikeAttempt((stored as Saved).attempt) ? (stored as Saved) : null;
            const newest = mirrored && (!fromStorage || mirrored.revision > fromStorage.revision) ? mirrored : fromStorage;
            const saved = newest?.attempt ?? null;
            revision = newest?.revision ?? 0;
            const attempt = saved ?? get().attempt;
            set({ attempt: settleTime(attempt, examClockNow(attempt, options.wallNow())), previous: looksLikeAttempt(previous) ? previous : null, save: { kind: 'saved' } });
            if (newest !== fromStorage || !saved) persist(ATTEMPT_KEY, get().attempt);
          } catch (error) {
            set({ save: { kind: 'unavailable', why: `the saved attempt could not be read (${(error as Error).message})` } });
          }
        },
        update(change) {
          const { attempt } = get();
          const nowMs = examClockNow(attempt, options.wallNow());
          const next = settleTime(change(settleTime(attempt, nowMs), nowMs), nowMs);
          if (next === attempt) return;
          set({ attempt: next });
          persist(ATTEMPT_KEY, next);
        },
        replace(attempt) {
          const previous = get().attempt;
          set({ attempt, previous });
          persist(PREVIOUS_KEY, previous);
          persist(ATTEMPT_KEY, attempt);
        },
        undoReplace() {
          const { previous, attempt } = get();
          if (!previous) return;
          set({ attempt: previous, previous: attempt });
          persist(PREVIOUS_KEY, attempt);
          persist(ATTEMPT_KEY, previous);
        },
        now: () => examClockNow(get().attempt, options.wallNow()),
      },
    };
  });
}

/** A fresh attempt at the store's clock speed (for "New attempt"). */
export function freshAttempt(wallNowMs: number, clockSpeed: number): Attempt {
  return newAttempt(new Date(wallNowMs).toISOString(), clockSpeed);
}

/** The test hook: a localStorage flag the e2e sets to run the exam clock faster. Absent in normal use: speed 1. */
export const CLOCK_SPEED_FLAG = 'quorum-lab:exam-clock-speed';

export function readClockSpeed(): number {
  try {
    const raw = localStorage.getItem(CLOCK_SPEED_FLAG);
    const speed = raw === null ? 1 : Number(raw);
    return Number.isFinite(speed) && speed >= 1 && speed <= 10_000 ? speed : 1;
  } catch {
    return 1;
  }
}
