// The lexer's reading of a lesson's introduction, and every shipped preset having one.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scenarioIntroduction, tokenizeScenario } from './lexer.ts';

describe('scenarioIntroduction', () => {
  it('is the comment block above the header, paragraphs kept', () => {
    const source = '# Figure 8, step by step:\n# why a leader must not count old-term replicas.\n#\n# Five servers.\n\nraft nodes=5\n# (a) not part of it\nrun 1s\n';
    expect(scenarioIntroduction(source)).toBe('Figure 8, step by step: why a leader must not count old-term replicas.\n\nFive servers.');
  });

  it('is empty when the file starts with its header', () => {
    expect(scenarioIntroduction('raft nodes=3\n# a note\nrun 1s')).toBe('');
    expect(scenarioIntroduction('')).toBe('');
  });

  it('ignores a comment after the header on the same line', () => {
    expect(scenarioIntroduction('# intro\nraft nodes=3 # three nodes\n')).toBe('intro');
  });

  it('every shipped preset introduces itself: a comment above its header or above its first step', () => {
    const folder = join(import.meta.dirname, 'presets');
    const missing = readdirSync(folder)
      .filter((name) => name.endsWith('.scenario'))
      .filter((name) => {
        const source = readFileSync(join(folder, name), 'utf8');
        const [, firstStep] = tokenizeScenario(source);
        return scenarioIntroduction(source) === '' && !firstStep?.narration;
      });
    expect(missing).toEqual([]);
  });
});
