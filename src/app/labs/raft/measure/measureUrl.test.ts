// The measure page's URL: defaults, round trip, readable errors.
import { describe, expect, it } from 'vitest';
import { FIGURE_16_RANGES } from '../../../../kernel/protocols/raft/election-experiment.ts';
import { MAX_TRIALS_PER_RANGE as ENGINE_MAX_TRIALS } from '../../../../worker/experimentEngine.ts';
import { MAX_TRIALS_PER_RANGE, measureUrlParameters, parseMeasureUrl } from './measureUrl.ts';

describe('measure URL', () => {
  it('defaults to all of Figure 16, 100 trials per range, and no seed yet', () => {
    const result = parseMeasureUrl(new URLSearchParams(''));
    expect(result).toEqual({ ok: true, settings: { seed: null, trialsPerRange: 100, ranges: FIGURE_16_RANGES } });
  });

  it('round-trips a plan, keeping the figure order of ranges', () => {
    const params = new URLSearchParams({ seed: '7', trials: '20', ranges: '12-24,150-155' });
    const result = parseMeasureUrl(params);
    expect(result.ok && result.settings.ranges.map((range) => range.electionTimeoutMsMax)).toEqual([155, 24]);
    if (!result.ok) return;
    const again = parseMeasureUrl(new URLSearchParams(Object.entries(measureUrlParameters({ ...result.settings, seed: 7 })).map(([key, value]) => [key, String(value)])));
    expect(again).toEqual(result);
    expect(measureUrlParameters({ seed: 1, trialsPerRange: 5, ranges: FIGURE_16_RANGES })).toEqual({ seed: 1, trials: 5 });
  });

  it('allows as many trials as the worker does', () => {
    expect(MAX_TRIALS_PER_RANGE).toBe(ENGINE_MAX_TRIALS);
  });

  it('says what is wrong with a bad link', () => {
    const result = parseMeasureUrl(new URLSearchParams({ seed: 'x', trials: '0', ranges: '1-2', colour: 'blue' }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const text = result.problems.join('\n');
    expect(text).toContain('Unknown parameter “colour”');
    expect(text).toContain('“seed” must be a whole number');
    expect(text).toContain('“trials” must be a whole number from 1 to 10,000');
    expect(text).toContain('“ranges” lists Figure 16');
  });
});
