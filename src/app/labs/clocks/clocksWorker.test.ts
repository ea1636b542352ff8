// The page's side of the clocks worker: a regex that goes silent is killed after the time limit with a clear error; progress keeps the watchdog quiet; the next import gets a fresh worker.
import { describe, expect, it } from 'vitest';
import type { LabConnection } from '../../kit/connection.ts';
import type { ClocksEngine, ClocksImportReply, ClocksProgress } from '../../../worker/clocksEngine.ts';
import { createClocksWorkerClient, REGEX_SILENCE_LIMIT_MS, RegexTimeoutError, type WatchdogTimers } from './clocksWorker.ts';

/** Timers run by hand: `advance(ms)` fires what is due. */
function manualTimers() {
  let now = 0;
  const pending = new Map<number, { at: number; callback: () => void }>();
  let next = 1;
  const timers: WatchdogTimers = {
    setTimeout: (callback, delayMs) => {
      pending.set(next, { at: now + delayMs, callback });
      return next++;
    },
    clearTimeout: (handle) => void pending.delete(handle as number),
  };
  const advance = (ms: number) => {
    now += ms;
    for (const [handle, timer] of [...pending]) {
      if (timer.at <= now) {
        pending.delete(handle);
        timer.callback();
      }
    }
  };
  return { timers, advance };
}

/** A worker stand-in: the test decides what it reports and when it answers. */
function fakeWorker() {
  let listener: ((progress: ClocksProgress) => void) | null = null;
  let answer: ((reply: ClocksImportReply) => void) | null = null;
  let disposed = 0;
  let started = 0;
  const start = () => {
    started += 1;
    return {
      importLog: (_request: unknown, onProgress: (progress: ClocksProgress) => void) =>
        new Promise<ClocksImportReply>((resolve) => {
          listener = onProgress;
          answer = resolve;
        }),
      analyse: () => Promise.reject(new Error('unused')),
      restore: () => Promise.reject(new Error('unused')),
      dispose: () => void (disposed += 1),
    } as unknown as LabConnection<ClocksEngine>;
  };
  return { start, report: (progress: ClocksProgress) => listener?.(progress), answer: (reply: ClocksImportReply) => answer?.(reply), counts: () => ({ started, disposed }) };
}

const request = { text: 'aaaa', form: 'parser' as const, parser: '(?<event>(a+)+)b', delimiter: null, name: 'x' };

describe('clocks worker client', () => {
  it('kills a worker whose regex stays silent past the limit, with an error naming the backtracking', async () => {
    const worker = fakeWorker();
    const { timers, advance } = manualTimers();
    const client = createClocksWorkerClient(worker.start, timers);
    const reports: ClocksProgress[] = [];
    const pending = client.importLog(request, (progress) => reports.push(progress));
    worker.report({ phase: 'matching', fraction: 0.25 });
    advance(REGEX_SILENCE_LIMIT_MS - 1);
    expect(worker.counts().disposed).toBe(0);
    advance(1);
    await expect(pending).rejects.toBeInstanceOf(RegexTimeoutError);
    await expect(pending).rejects.toThrow(/25% into the log.*backtracks catastrophically/);
    expect(worker.counts()).toEqual({ started: 1, disposed: 1 });
    expect(reports).toHaveLength(1);
    // The next import starts a fresh worker.
    void client.importLog(request, () => undefined);
    expect(worker.counts().started).toBe(2);
  });

  it('keeps a worker that reports progress, and lets the analysis take as long as it needs', async () => {
    const worker = fakeWorker();
    const { timers, advance } = manualTimers();
    const client = createClocksWorkerClient(worker.start, timers);
    const pending = client.importLog(request, () => undefined);
    for (let report = 1; report <= 10; report++) {
      worker.report({ phase: 'matching', fraction: report / 10 });
      advance(REGEX_SILENCE_LIMIT_MS / 2);
    }
    worker.report({ phase: 'analysing', fraction: 1 });
    advance(REGEX_SILENCE_LIMIT_MS * 10);
    worker.answer({ ok: false, issues: [], warnings: [] });
    await expect(pending).resolves.toEqual({ ok: false, issues: [], warnings: [] });
    expect(worker.counts().disposed).toBe(0);
  });
});
