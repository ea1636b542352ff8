// The clocks lab's bridge to its worker: imports and analyses run there; a user regex that stops reporting progress is killed after a time limit and reported as an error.
import { callbackForEngine, connectWorker, type LabConnection } from '../../kit/connection.ts';
import type { ClocksAnalysed, ClocksEngine, ClocksImportReply, ClocksImportRequest, ClocksProgress } from '../../../worker/clocksEngine.ts';
import type { ClocksDocument } from './clocksDocument.ts';

/**
 * While the user's regexes run, the worker reports progress every 50 ms or every 256 matches; this
 * long without a word means one match is stuck backtracking. A sound parser over a 5 MB log never
 * comes close.
 */
export const REGEX_SILENCE_LIMIT_MS = 1500;

/** A parser or delimiter regex that ran past the time limit: the worker was stopped. */
export class RegexTimeoutError extends Error {
  constructor(readonly fraction: number) {
    super(
      `The parser regular expression ran for more than ${REGEX_SILENCE_LIMIT_MS / 1000} s on one match ` +
        `${fraction > 0 ? `(${Math.round(fraction * 100)}% into the log) ` : ''}and was stopped. ` +
        'It probably backtracks catastrophically: a repeat inside a repeat such as (a+)+ or (.*)* tries every way to split the text. ' +
        'Make the inner part match one way only (a+ instead of (a+)+, [^\\n]* instead of .*).',
    );
    this.name = 'RegexTimeoutError';
  }
}

export interface ClocksWorkerClient {
  importLog(request: ClocksImportRequest, onProgress: (progress: ClocksProgress) => void): Promise<ClocksImportReply>;
  analyse(document: ClocksDocument): Promise<ClocksAnalysed>;
  exportLog(document: ClocksDocument): Promise<{ readonly ok: true; readonly upload: string } | { readonly ok: false; readonly reason: string }>;
  restore(value: unknown): Promise<{ readonly document: ClocksDocument; readonly analysed: ClocksAnalysed } | null>;
  /**
   * The worker keeps a big diagram in IndexedDB. A diagram it imported itself is named, not sent
   * back: copying 50,000 events on the page's thread blocked it for seconds.
   */
  keep(key: string, document: ClocksDocument): Promise<void>;
  restoreKept(key: string): Promise<{ readonly document: ClocksDocument; readonly analysed: ClocksAnalysed } | null>;
  forget(key: string): Promise<void>;
  dispose(): void;
}

/** Timers, injectable so tests can run the watchdog without waiting. */
export interface WatchdogTimers {
  setTimeout(callback: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
}

const browserTimers: WatchdogTimers = {
  setTimeout: (callback, delayMs) => window.setTimeout(callback, delayMs),
  clearTimeout: (handle) => window.clearTimeout(handle as number),
};

export function startClocksWorker(): LabConnection<ClocksEngine> {
  return connectWorker<ClocksEngine>(new Worker(new URL('../../../worker/clocks.worker.ts', import.meta.url), { type: 'module' }));
}

/**
 * One worker at a time, started on first use; a runaway regex costs that worker (terminating is
 * the only way to stop a regex) and the next call starts a fresh one.
 */
export function createClocksWorkerClient(start: () => LabConnection<ClocksEngine> = startClocksWorker, timers: WatchdogTimers = browserTimers): ClocksWorkerClient {
  let connection: LabConnection<ClocksEngine> | null = null;
  const current = () => (connection ??= start());
  const kill = () => {
    connection?.dispose();
    connection = null;
  };
  /** Diagrams the current worker imported: where it holds them. */
  const imported = new WeakMap<ClocksDocument, { readonly worker: LabConnection<ClocksEngine>; readonly importId: number; readonly index: number }>();
  return {
    importLog(request, onProgress) {
      const worker = current();
      return new Promise<ClocksImportReply>((resolve, reject) => {
        let watchdog: unknown = null;
        let settled = false;
        let fraction = 0;
        const disarm = () => {
          if (watchdog !== null) timers.clearTimeout(watchdog);
          watchdog = null;
        };
        const settle = (finish: () => void) => {
          if (settled) return;
          settled = true;
          disarm();
          finish();
        };
        const listen = (progress: ClocksProgress) => {
          if (settled) return;
          fraction = progress.fraction;
          disarm();
          // Only the user's regexes can run away; the analysis after them is ours and always ends.
          if (progress.phase === 'matching') {
            watchdog = timers.setTimeout(() => {
              if (worker === connection) kill();
              settle(() => reject(new RegexTimeoutError(fraction)));
            }, REGEX_SILENCE_LIMIT_MS);
          }
          onProgress(progress);
        };
        worker.importLog(request, callbackForEngine(listen)).then(
          (reply) =>
            settle(() => {
              if (reply.ok) reply.executions.forEach((execution, index) => imported.set(execution.document, { worker, importId: reply.importId, index }));
              resolve(reply);
            }),
          (error: unknown) => settle(() => reject(error instanceof Error ? error : new Error(String(error)))),
        );
      });
    },
    analyse: (document) => current().analyse(document),
    async exportLog(document) {
      const held = imported.get(document);
      const done = held && held.worker === connection ? await held.worker.exportImported(held.importId, held.index) : null;
      return done ?? current().exportLog(document);
    },
    restore: (value) => current().restore(value),
    async keep(key, document) {
      const held = imported.get(document);
      if (held && held.worker === connection && (await held.worker.keepImported(held.importId, held.index, key))) return;
      await current().keep(key, document);
    },
    restoreKept: (key) => current().restoreKept(key),
    forget: (key) => current().forget(key),
    dispose: kill,
  };
}
