// The Raft lab's URL carries the break-it switches and the extensions, so a broken run can be shared.
import { describe, expect, it } from 'vitest';
import { parseRaftUrl, raftUrlParameters, switchParameters } from './raftUrl.ts';

const parse = (query: string) => parseRaftUrl(new URLSearchParams(query));

describe('raft URL: safety lab switches', () => {
  it('reads bugs (in canonical order) and extensions', () => {
    const result = parse('seed=7&bugs=no-truncate,commit-old-term&prevote=1&noop=on');
    if (!result.ok) throw new Error(result.problems.join());
    expect(result.settings.config.bugs).toEqual(['commit-old-term', 'no-truncate']);
    expect(result.settings.config.features).toEqual({ preVote: true, checkQuorum: false, leaderNoop: true });
  });

  it('names an unknown switch instead of ignoring it', () => {
    const result = parse('seed=7&bugs=commit-old-term,fly');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.join()).toMatch(/unknown switch “fly”/);
    expect(parse('seed=1&prevote=maybe').ok).toBe(false);
  });

  it('says which switches the URL sets explicitly, so they can override a scenario header', () => {
    const withBugsOff = parse('scenario=bug-no-truncate&bugs=');
    if (!withBugsOff.ok) throw new Error(withBugsOff.problems.join());
    expect(withBugsOff.settings.overrides).toEqual({ bugs: [] });
    const plain = parse('scenario=figure-8');
    if (!plain.ok) throw new Error(plain.problems.join());
    expect(plain.settings.overrides).toEqual({});
    const config = withBugsOff.settings.config;
    expect(switchParameters({ ...config, bugs: ['no-truncate'] }, 'bugs')).toEqual({ bugs: 'no-truncate' });
    expect(switchParameters({ ...config, features: { preVote: true, checkQuorum: false, leaderNoop: false } }, 'features')).toEqual({ prevote: '1', checkquorum: '0', noop: '0' });
  });

  it('writes them back, and only when set', () => {
    const result = parse('seed=7&bugs=forget-on-restart&checkquorum=1');
    if (!result.ok) throw new Error(result.problems.join());
    expect(raftUrlParameters(result.settings.config)).toEqual({ seed: '7', nodes: '5', bugs: 'forget-on-restart', checkquorum: '1' });
    const plain = parse('seed=7');
    if (!plain.ok) throw new Error(plain.problems.join());
    expect(raftUrlParameters(plain.settings.config)).toEqual({ seed: '7', nodes: '5' });
  });
});
