// The transactions lab's URL: a starting config from the parameters, readable problems otherwise.
import { describe, expect, it } from 'vitest';
import { commitUrlParameters, parseCommitUrl } from './commitUrl.ts';
import { encodeSharedScenario } from '../../kit/sharedScenario.ts';

describe('commit URL', () => {
  it('reads protocol, saga style, participants, seed and the semantic lock, and writes them back', () => {
    const parsed = parseCommitUrl(new URLSearchParams('protocol=saga&saga=choreographed&participants=4&seed=9&lock=on'));
    if (!parsed.ok) throw new Error(parsed.problems.join('; '));
    expect(parsed.settings.config).toMatchObject({ protocol: 'saga', sagaStyle: 'choreographed', participantCount: 4, seed: 9, semanticLock: true });
    expect(parsed.settings.seedMissing).toBe(false);
    expect(commitUrlParameters(parsed.settings.config)).toEqual({ protocol: 'saga', participants: '4', seed: '9', saga: 'choreographed', lock: 'on' });
  });

  it('says what is wrong with a bad link', () => {
    const parsed = parseCommitUrl(new URLSearchParams('protocol=4pc&participants=9&colour=red'));
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems.join(' ')).toMatch(/Unknown parameter “colour”/);
    expect(parsed.problems.join(' ')).toMatch(/participants/);
    expect(parsed.problems.join(' ')).toMatch(/protocol/);
  });

  it('reads a shared run (actions=) and refuses a damaged one or one beside a preset', () => {
    const text = 'commit protocol=2pc participants=3 seed=4\ntxn t1\n';
    const parsed = parseCommitUrl(new URLSearchParams(`actions=${encodeSharedScenario(text)}`));
    if (!parsed.ok) throw new Error(parsed.problems.join('; '));
    expect(parsed.settings.sharedScenario).toBe(text);
    expect(parsed.settings.seedMissing).toBe(false);
    const damaged = parseCommitUrl(new URLSearchParams('actions=%%%'));
    expect(damaged.ok).toBe(false);
    const both = parseCommitUrl(new URLSearchParams(`scenario=commit-2pc-blocking&actions=${encodeSharedScenario(text)}`));
    expect(both.ok ? [] : both.problems).toContain('A link names a preset (“scenario”) or a shared run (“actions”), not both.');
  });
});
