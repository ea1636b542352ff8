// The exam's clocks on an injected clock, word counts, and the Markdown round trip with its errors.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { countWords, finishPart, newAttempt, partState, pausePart, remainingMs, resumePart, settleTime, startPart, usedMs, type Attempt } from './examModel.ts';
import { attemptFromMarkdown, attemptToMarkdown } from './examMarkdown.ts';
import { readdirSync } from 'node:fs';
import { ESSAYS } from './examContent.ts';

const MIN = 60_000;

describe('part clocks', () => {
  it('counts down only while running; a pause is the learner\'s, with its reason', () => {
    let attempt = startPart(newAttempt('2026-12-02T15:00:00Z'), 'build', 0);
    expect(remainingMs('build', attempt.parts.build, 10 * MIN)).toBe(50 * MIN);
    attempt = pausePart(attempt, 'build', 10 * MIN, 'doorbell');
    expect(partState(attempt.parts.build)).toBe('paused');
    // 20 minutes pass while paused: the countdown does not move.
    expect(remainingMs('build', attempt.parts.build, 30 * MIN)).toBe(50 * MIN);
    attempt = resumePart(attempt, 'build', 30 * MIN);
    expect(usedMs(attempt.parts.build, 40 * MIN)).toBe(20 * MIN);
    expect(attempt.parts.build.pauses).toEqual([{ fromMs: 10 * MIN, toMs: 30 * MIN, reason: 'doorbell' }]);
  });

  it('closes a part at the exact moment its time ran out, however late the page notices', () => {
    let attempt = startPart(newAttempt(''), 'whiteboard', 1000);
    attempt = pausePart(attempt, 'whiteboard', 1000 + 5 * MIN, '');
    attempt = resumePart(attempt, 'whiteboard', 1000 + 7 * MIN);
    // Noticed 3 hours later (a sleeping tab): it ended at 30 minutes of running time, plus the 2-minute pause.
    const settled = settleTime(attempt, 1000 + 180 * MIN);
    expect(settled.parts.whiteboard).toMatchObject({ endedMs: 1000 + 32 * MIN, endedBy: 'time' });
    expect(settled.parts.whiteboard.pauses[0]!.reason).toBe('no reason given');
    expect(usedMs(settled.parts.whiteboard, 1e9)).toBe(30 * MIN);
    // A second before the end nothing happens.
    expect(settleTime(attempt, 1000 + 32 * MIN - 1000)).toBe(attempt);
  });

  it('starting a part finishes the running one; a finished part does not restart', () => {
    let attempt = startPart(newAttempt(''), 'build', 0);
    attempt = startPart(attempt, 'articulate', 45 * MIN);
    expect(attempt.parts.build).toMatchObject({ endedMs: 45 * MIN, endedBy: 'learner' });
    attempt = finishPart(attempt, 'articulate', 50 * MIN);
    expect(startPart(attempt, 'build', 60 * MIN)).toBe(attempt);
  });
});

describe('word count', () => {
  it('counts words, not link targets, URLs or code blocks', () => {
    expect(countWords("Raft's leader can't commit old-term entries by counting.")).toBe(8);
    expect(countWords('See [the run](#/raft?actions=abc-def) here https://example.com/x y')).toBe(5);
    expect(countWords('one\n```\nraft nodes=3\nrun 1s\n```\ntwo')).toBe(2);
    expect(countWords('')).toBe(0);
  });
});

function filled(): Attempt {
  let attempt = startPart(newAttempt('2026-12-02T15:00:00.000Z', 600), 'build', 0);
  attempt = pausePart(attempt, 'build', 5 * MIN, 'asked by the proctor — really');
  attempt = resumePart(attempt, 'build', 6 * MIN);
  attempt = startPart(attempt, 'articulate', 50 * MIN);
  return {
    ...attempt,
    drills: {
      'etcd-quorum': { target: 'simulated', checkedMs: 40 * MIN, checks: [{ name: 'leader-after-kill', ok: true, saw: 'at 2.00 s n1 down and n2 led term 2' }, { name: 'recovery', ok: false, saw: 'no' }], run: 'raft nodes=3 seed=7\nrun 1s\ncrash n1\n' },
      'postgres-split-brain': null,
    },
    essays: {
      billing: { text: '# Billing\n\n~~~~\nnot a fence end\n~~~~\n### Part build\n- [x] cap-pacelc — sneaky\n\nLast line.', rubric: { 'cap-pacelc': true, cost: false } },
      'exactly-once': { text: '', rubric: {} },
    },
    talks: { ...attempt.talks, 'raft-in-10': { startedMs: 100, endedMs: 100 + 9 * MIN, rubric: { terms: true, 'figure-8': true } } },
  };
}

describe('Markdown export and import', () => {
  it('round-trips a whole attempt, essays with fences and headings inside included', () => {
    const attempt = filled();
    const markdown = attemptToMarkdown(attempt, 60 * MIN);
    expect(markdown).toContain('| Build | 60 min |');
    expect(markdown).toContain('1 of 2 checks passed, on the simulated lab');
    const back = attemptFromMarkdown(markdown);
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    // Unticked rubric items come back as false: the same ticks.
    expect(back.attempt.essays.billing.text).toBe(attempt.essays.billing.text);
    expect(back.attempt.parts).toEqual(attempt.parts);
    expect(back.attempt.drills).toEqual(attempt.drills);
    expect(back.attempt.talks['raft-in-10']).toMatchObject({ startedMs: 100, endedMs: 100 + 9 * MIN, rubric: { terms: true, 'figure-8': true, votes: false } });
    expect(back.attempt.clockSpeed).toBe(600);
    expect(attemptToMarkdown(back.attempt, 60 * MIN)).toBe(markdown);
  });

  it('round-trips any essay text (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', ' ', '\n', '~', '#', '`', '-', '[', ']', 'x', '—', 'é') }), fc.string(), (essay, other) => {
        const attempt: Attempt = { ...newAttempt('x'), essays: { billing: { text: essay, rubric: {} }, 'exactly-once': { text: other, rubric: {} } } };
        const back = attemptFromMarkdown(attemptToMarkdown(attempt, 0));
        expect(back.ok && back.attempt.essays.billing.text).toBe(essay.replace(/\r\n?/g, '\n'));
        expect(back.ok && back.attempt.essays['exactly-once'].text).toBe(other.replace(/\r\n?/g, '\n'));
      }),
      { numRuns: 300 },
    );
  });

  it('says what is wrong and on which line, never throws', () => {
    const markdown = attemptToMarkdown(filled(), 60 * MIN);
    const lines = markdown.split('\n');
    const lineOf = (prefix: string) => lines.findIndex((line) => line.startsWith(prefix)) + 1;
    const replace = (prefix: string, by: string) => lines.map((line) => (line.startsWith(prefix) ? by : line)).join('\n');

    expect(attemptFromMarkdown('hello')).toEqual({ ok: false, line: 1, message: expect.stringMatching(/not an exported exam attempt/) });
    expect(attemptFromMarkdown(replace('### Talk crdts-in-5', '### Talk crdts-in-50'))).toEqual({ ok: false, line: lineOf('### Talk crdts-in-5'), message: expect.stringMatching(/unknown talk "crdts-in-50"/) });
    expect(attemptFromMarkdown(replace('- started: 0', '- started: soon'))).toEqual({ ok: false, line: lineOf('- started: 0'), message: expect.stringMatching(/whole number/) });
    expect(attemptFromMarkdown(replace('- [x] terms', '- [x] charisma — x'))).toMatchObject({ ok: false, line: lineOf('- [x] terms'), message: expect.stringMatching(/unknown rubric item "charisma"/) });
    expect(attemptFromMarkdown(replace('- target: simulated', '- target: imagined'))).toMatchObject({ ok: false, line: lineOf('- target: simulated') });
    // Cut short inside the essay: the unclosed block is named at its fence.
    const cut = lines.slice(0, lineOf('not a fence end')).join('\n');
    const result = attemptFromMarkdown(cut);
    expect(result).toMatchObject({ ok: false, message: expect.stringMatching(/never closed/) });
    expect(attemptFromMarkdown(replace('## Record', '## Recorded'))).toMatchObject({ ok: false, message: expect.stringMatching(/"## Record" section is missing/) });
    expect(attemptFromMarkdown(replace('Clock speed: 600', 'Clock speed: fast'))).toMatchObject({ ok: false, line: lineOf('Clock speed'), message: expect.stringMatching(/positive number/) });
  });

  it('never throws on random damage (property)', () => {
    const markdown = attemptToMarkdown(filled(), 60 * MIN);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: markdown.length }), fc.integer({ min: 0, max: 40 }), fc.string(), (at, remove, insert) => {
        const damaged = markdown.slice(0, at) + insert + markdown.slice(at + remove);
        const result = attemptFromMarkdown(damaged);
        if (!result.ok) expect(result.line).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 500 },
    );
  });
});

describe('evidence links', () => {
  it('open presets that exist', () => {
    const presets = new Set(readdirSync('src/scenario/presets').map((name) => name.replace(/\.scenario$/, '')));
    for (const essay of ESSAYS) for (const offer of essay.evidence) expect(presets.has(new URLSearchParams(offer.link.split('?')[1]).get('scenario')!), offer.link).toBe(true);
  });
});
