// Talk directives: `# @beat <budget> <title>` above a narrated step and `# @rubric …` in the
// introduction; every lab's grammar accepts them, bad ones are errors with line and column.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatBudget, parseBudgetMs, readScenarioDirectives } from './directives.ts';
import { scenarioIntroduction, tokenizeScenario } from './lexer.ts';
import { parseScenario } from './parse.ts';

const PRESETS = join(import.meta.dirname, 'presets');

describe('beat budgets', () => {
  it('reads spoken durations and writes them back', () => {
    expect(parseBudgetMs('90s')).toBe(90_000);
    expect(parseBudgetMs('2m')).toBe(120_000);
    expect(parseBudgetMs('1m30s')).toBe(90_000);
    expect(parseBudgetMs('1.5m')).toBe(90_000);
    for (const bad of ['', 'm', 's', '90', '1h', '-5s', '1s2m']) expect(parseBudgetMs(bad)).toBeNull();
    expect(formatBudget(90_000)).toBe('1m30s');
    expect(formatBudget(45_000)).toBe('45s');
    expect(formatBudget(120_000)).toBe('2m');
  });
});

describe('readScenarioDirectives', () => {
  const talk = ['# Intro words', '# @rubric Terms', 'raft nodes=3 seed=1', '# @beat 45s First beat', '# The note.', 'run 1s', '# No budget here.', 'run 1s', '# Words first', '# @beat 1m Second', 'expect leader'].join('\n');

  it('gives each beat the line of the step it opens, its budget and title; rubric from the introduction', () => {
    const result = readScenarioDirectives(talk);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.directives.beats).toEqual([
      { stepLine: 6, directiveLine: 4, budgetMs: 45_000, title: 'First beat' },
      { stepLine: 11, directiveLine: 10, budgetMs: 60_000, title: 'Second' },
    ]);
    expect(result.directives.rubric).toEqual(['Terms']);
  });

  it('leaves directives out of the narration and the introduction', () => {
    const lines = tokenizeScenario(talk);
    expect(lines.find((line) => line.line === 6)?.narration).toBe('The note.');
    expect(lines.find((line) => line.line === 11)?.narration).toBe('Words first');
    expect(scenarioIntroduction(talk)).toBe('Intro words');
  });

  it.each([
    ['# @beat\nx', 1, 3, /usage: # @beat/],
    ['raft nodes=3\n# @beat 90 Title\n# note\nrun 1s', 2, 9, /expected a budget such as 45s/],
    ['raft nodes=3\n#   @beat 2h Title\n# note\nrun 1s', 2, 11, /expected a budget/],
    ['raft nodes=3\n# @beat 0s Title\n# note\nrun 1s', 2, 9, /from 1s to 60m/],
    ['raft nodes=3\n# @beat 30s Title\nrun 1s', 2, 3, /needs a note/],
    ['raft nodes=3\n# @beat 30s Title\n# note\n\nrun 1s', 2, 3, /right above a step/],
    ['# @beat 30s Title\n# note\nraft nodes=3', 1, 3, /not above the header/],
    ['raft nodes=3\n# @rubric Late', 2, 3, /belongs in the introduction/],
    ['raft nodes=3\n# @budget 30s', 2, 3, /unknown directive "@budget"/],
    ['raft nodes=3\n# @beat 30s A\n# @beat 40s B\n# note\nrun 1s', 3, 3, /a second @beat/],
    ['raft nodes=3\n# note\nrun 1s\n# @beat 30s End\n# note', 4, 3, /end of the file/],
  ])('%j is an error at line %i, column %i', (source, line, column, message) => {
    const result = readScenarioDirectives(source);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]).toMatchObject({ line, column });
    expect(result.errors[0]!.message).toMatch(message);
  });

  it('every lab grammar reports a bad directive with the grammar’s own errors, in line order', () => {
    const result = parseScenario('crdt type=or-set replicas=3\n# @beat soon Title\n# note\nadd r1 milk\nfly r1');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((error) => [error.line, error.column])).toEqual([
      [2, 9],
      [5, 1],
    ]);
  });

  it.each(['talk-raft-in-10', 'crdt-talk-crdts-in-5', 'quorum-talk-cap-pacelc-in-5'])('the shipped talk %s parses, every note has a budget, and the budgets add up to its length', (name) => {
    const source = readFileSync(join(PRESETS, `${name}.scenario`), 'utf8');
    const parsed = parseScenario(source);
    expect(parsed.ok).toBe(true);
    const result = readScenarioDirectives(source);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const notes = tokenizeScenario(source).filter((line, index) => index > 0 && line.narration);
    expect(result.directives.beats.map((beat) => beat.stepLine)).toEqual(notes.map((line) => line.line));
    const minutes = Number(/in-(\d+)$/.exec(name)![1]);
    expect(result.directives.beats.reduce((sum, beat) => sum + beat.budgetMs, 0)).toBe(minutes * 60_000);
    expect(result.directives.rubric.length).toBeGreaterThanOrEqual(5);
  });
});
