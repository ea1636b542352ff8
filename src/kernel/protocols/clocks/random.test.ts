// The seeded execution generator and the concurrency quiz.

import { describe, expect, it } from 'vitest';
import { validateExecution } from './execution.ts';
import { computeClocks } from './logical.ts';
import { relationOf } from './causality.ts';
import { generateExecution, generateQuiz, gradeQuiz } from './random.ts';

describe('generateExecution', () => {
  it('gives the same execution for the same seed, byte for byte, and another for another seed', () => {
    const options = { seed: 42, processCount: 4, eventCount: 25 };
    expect(JSON.stringify(generateExecution(options))).toBe(JSON.stringify(generateExecution(options)));
    expect(JSON.stringify(generateExecution({ ...options, seed: 43 }))).not.toBe(JSON.stringify(generateExecution(options)));
  });

  it('makes exactly the requested number of valid events and delivers every message', () => {
    for (let seed = 0; seed < 200; seed++) {
      const processCount = 2 + (seed % 7);
      const eventCount = seed % 40;
      const execution = generateExecution({ seed, processCount, eventCount });
      expect(execution.events, `seed ${seed}`).toHaveLength(eventCount);
      expect(validateExecution(execution), `seed ${seed}`).toEqual([]);
      const received = new Set(execution.events.flatMap((event) => event.receives));
      expect(execution.messages.every((message) => received.has(message.id)), `seed ${seed}`).toBe(true);
    }
  });

  it('produces messages at all (a generator of local events only would teach nothing)', () => {
    const execution = generateExecution({ seed: 5, processCount: 3, eventCount: 30 });
    expect(execution.messages.length).toBeGreaterThan(3);
  });
});

describe('quiz: which of these pairs are concurrent?', () => {
  const analysis = computeClocks(generateExecution({ seed: 11, processCount: 4, eventCount: 24 }));

  it('asks about distinct cross-process pairs, mixing concurrent and ordered ones, reproducibly', () => {
    const quiz = generateQuiz(analysis, { seed: 3, pairCount: 8 });
    expect(quiz.pairs).toHaveLength(8);
    expect(quiz).toEqual(generateQuiz(analysis, { seed: 3, pairCount: 8 }));
    const concurrentCount = quiz.pairs.filter((pair) => pair.concurrent).length;
    expect(concurrentCount).toBeGreaterThan(0);
    expect(concurrentCount).toBeLessThan(8);
    for (const pair of quiz.pairs) {
      expect(pair.first).not.toBe(pair.second);
      expect(relationOf(analysis, pair.first, pair.second).relation === 'concurrent').toBe(pair.concurrent);
    }
    const keys = quiz.pairs.map((pair) => [pair.first, pair.second].sort().join('|'));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('grades the marked pairs and explains each with the vector comparison', () => {
    const quiz = generateQuiz(analysis, { seed: 3, pairCount: 8 });
    const perfect = new Set(quiz.pairs.flatMap((pair, index) => (pair.concurrent ? [index] : [])));
    expect(gradeQuiz(analysis, quiz, perfect).correctCount).toBe(8);
    const allMarked = new Set(quiz.pairs.map((_, index) => index));
    const grade = gradeQuiz(analysis, quiz, allMarked);
    expect(grade.correctCount).toBe(perfect.size);
    const wrong = grade.results.find((result) => !result.correct);
    expect(wrong?.explanation.proof).toMatch(/→/);
  });

  it('stops when the execution has fewer pairs than asked for', () => {
    const tiny = computeClocks(generateExecution({ seed: 1, processCount: 2, eventCount: 2 }));
    expect(generateQuiz(tiny, { seed: 1, pairCount: 10 }).pairs.length).toBeLessThanOrEqual(1);
  });
});
