// Talks: reading one (beats, budgets, rubric, errors with line and column), the rehearsal record,
// and the seeded interviewer.
import { describe, expect, it } from 'vitest';
import { addBeatTime, planInterruption, readTalk, startRehearsal, totalMs } from './talk.ts';

const TALK = ['# Tiny talk: two beats.', '# @rubric Terms', '# @rubric Votes', 'raft nodes=3 seed=9', '# @beat 30s Wait', '# Nobody leads yet.', 'run 100ms', '# @beat 1m Elect', '# Someone wins.', 'run 1s', 'expect leader'].join('\n');

describe('readTalk', () => {
  it('gives the lab, seed, beats with budgets, rubric and total', () => {
    const result = readTalk('tiny', TALK);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.talk).toMatchObject({ title: 'Tiny talk', lab: 'raft', seed: 9, rubric: ['Terms', 'Votes'], totalBudgetMs: 90_000 });
    expect(result.talk.beats).toEqual([
      { title: 'Wait', budgetMs: 30_000, stepLine: 7 },
      { title: 'Elect', budgetMs: 60_000, stepLine: 10 },
    ]);
  });

  it('a scenario without beats is not a talk', () => {
    const result = readTalk('plain', 'raft nodes=3\n# a note\nrun 1s');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toMatchObject({ line: 1, column: 1, message: expect.stringMatching(/needs beats/) });
  });

  it('a note without a budget is an error at its step', () => {
    const result = readTalk('half', 'raft nodes=3\n# @beat 30s A\n# note a\nrun 1s\n# note b\nrun 1s');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toEqual([{ line: 6, column: 1, message: expect.stringMatching(/no budget/) }]);
  });

  it('grammar errors come through with line and column', () => {
    const result = readTalk('bad', 'raft nodes=3\n# @beat 30s A\n# note\nrun soon');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toMatchObject({ line: 4, column: 5 });
  });
});

describe('rehearsals', () => {
  const result = readTalk('tiny', TALK);
  if (!result.ok) throw new Error('fixture');
  const talk = result.talk;

  it('add time per beat (a beat revisited adds up); beats outside the talk are ignored', () => {
    let rehearsal = startRehearsal(talk, 1, '2026-01-01T00:00:00.000Z');
    rehearsal = addBeatTime(rehearsal, 1, 20_000);
    rehearsal = addBeatTime(rehearsal, 2, 50_000);
    rehearsal = addBeatTime(rehearsal, 1, 5_000);
    rehearsal = addBeatTime(rehearsal, 0, 9_000);
    rehearsal = addBeatTime(rehearsal, 3, 9_000);
    expect(rehearsal.beatMs).toEqual([25_000, 50_000]);
    expect(totalMs(rehearsal)).toBe(75_000);
    expect(rehearsal.rubric).toEqual([false, false]);
  });

  it('the interviewer interrupts at a seeded moment: the same rehearsal the same way, from beat 2 on, 2–8 s in', () => {
    const options = [
      { fault: 'crashed the leader', question: 'Q1' },
      { fault: 'cut n2 off', question: 'Q2' },
    ];
    expect(planInterruption(talk, 3, options)).toEqual(planInterruption(talk, 3, options));
    const plans = Array.from({ length: 40 }, (_, id) => planInterruption(talk, id + 1, options)!);
    for (const plan of plans) {
      expect(plan.beat).toBe(2);
      expect(plan.afterMs).toBeGreaterThanOrEqual(2000);
      expect(plan.afterMs).toBeLessThanOrEqual(8000);
    }
    expect(new Set(plans.map((plan) => plan.fault)).size).toBe(2);
    expect(new Set(plans.map((plan) => plan.afterMs)).size).toBeGreaterThan(3);
    expect(planInterruption(talk, 1, [])).toBeNull();
  });
});
