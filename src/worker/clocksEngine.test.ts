// The clocks worker's protocol: progress phases in order, a reply the page can draw at once, problems by line, and restoring a stored diagram.
import { describe, expect, it } from 'vitest';
import { exportShivizLog, generateExecution, shivizDefaultParser } from '../kernel/protocols/clocks/index.ts';
import { createClocksEngine, type ClocksProgress } from './clocksEngine.ts';

function tickingClock(stepMs: number): () => number {
  let now = 0;
  return () => (now += stepMs);
}

describe('clocks engine', () => {
  const log = exportShivizLog(generateExecution({ seed: 3, processCount: 4, eventCount: 2000 })).upload;

  it('reports matching progress that only grows, then the clock phases, and returns the first diagram with its clocks', () => {
    const progress: ClocksProgress[] = [];
    // Every call advances 60 ms, so every report passes the 50 ms throttle.
    const reply = createClocksEngine(tickingClock(60)).importLog({ text: log, form: 'upload', parser: '', delimiter: null, name: 'big.log' }, (report) => progress.push(report));
    expect(reply.ok).toBe(true);
    if (!reply.ok) return;
    expect(reply.executions[0]?.eventCount).toBe(2000);
    expect(reply.executions[0]?.document.origin).toEqual({ kind: 'shiviz', name: 'big.log' });
    expect(reply.firstAnalysed.ok).toBe(true);
    const phases = progress.map((report) => report.phase);
    expect(phases[0]).toBe('matching');
    expect(phases.filter((phase) => phase === 'matching').length).toBeGreaterThan(3);
    expect(phases.slice(-2)).toEqual(['analysing', 'clocks']);
    const fractions = progress.filter((report) => report.phase === 'matching').map((report) => report.fraction);
    expect(fractions).toEqual([...fractions].sort((first, second) => first - second));
  });

  it('throttles reports within one phase but always reports a phase change', () => {
    const progress: ClocksProgress[] = [];
    // A frozen clock: only phase changes may go out.
    createClocksEngine(() => 0).importLog({ text: log, form: 'upload', parser: '', delimiter: null, name: 'big.log' }, (report) => progress.push(report));
    expect(progress.map((report) => report.phase)).toEqual(['matching', 'analysing', 'clocks']);
  });

  it('answers a bad parser with a problem, not an exception', () => {
    const reply = createClocksEngine(tickingClock(1)).importLog({ text: 'a\nb {"b":1}', form: 'parser', parser: '(?<event>', delimiter: null, name: 'x' }, () => undefined);
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.issues[0]?.code).toBe('invalid-regex');
  });

  it('restores a stored diagram with its clocks, and refuses anything else', () => {
    const engine = createClocksEngine(tickingClock(1));
    const reply = engine.importLog({ text: 'start\nh1 {"h1":1}\nend\nh1 {"h1":2}', form: 'parser', parser: shivizDefaultParser, delimiter: null, name: 'two' }, () => undefined);
    if (!reply.ok) throw new Error('import failed');
    const stored = structuredClone(reply.executions[0]!.document);
    const restored = engine.restore(stored);
    expect(restored?.document.events).toHaveLength(2);
    expect(restored?.analysed.ok).toBe(true);
    expect(engine.restore({ version: 1, processes: 'nope' })).toBeNull();
    expect(engine.restore(null)).toBeNull();
  });

  it('keeps an imported diagram by name (nothing sent back), restores it with its clocks, and says when it no longer holds the import', async () => {
    const kept = new Map<string, unknown>();
    const storage = { get: async (key: string) => kept.get(key), set: async (key: string, value: unknown) => void kept.set(key, structuredClone(value)), del: async (key: string) => void kept.delete(key) };
    const engine = createClocksEngine(tickingClock(1), storage);
    const reply = engine.importLog({ text: log, form: 'upload', parser: '', delimiter: null, name: 'big.log' }, () => undefined);
    if (!reply.ok) throw new Error('import failed');
    expect(await engine.keepImported(reply.importId, 0, 'doc')).toBe(true);
    expect(await engine.keepImported(reply.importId + 1, 0, 'other')).toBe(false);
    expect(kept.has('other')).toBe(false);
    const restored = await engine.restoreKept('doc');
    expect(restored?.document).toEqual(reply.executions[0]!.document);
    expect(restored?.analysed).toEqual(reply.firstAnalysed);
    await engine.forget('doc');
    expect(await engine.restoreKept('doc')).toBeNull();
    // A second import replaces the first: the first can no longer be named.
    const again = engine.importLog({ text: log, form: 'upload', parser: '', delimiter: null, name: 'again.log' }, () => undefined);
    expect(again.ok && again.importId).toBe(reply.importId + 1);
    expect(await engine.keepImported(reply.importId, 0, 'doc')).toBe(false);
    // Without IndexedDB (private modes), keeping fails with a reason the page shows.
    await expect(createClocksEngine(tickingClock(1)).keep('doc', reply.executions[0]!.document)).rejects.toThrow(/no IndexedDB/);
  });
});
