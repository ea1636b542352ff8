// The quorums lab's URL: round trip and readable errors.
import { describe, expect, it } from 'vitest';
import { parseQuorumUrl, quorumUrlParameters } from './quorumUrl.ts';

describe('quorum lab URL', () => {
  it('round-trips a config', () => {
    const parsed = parseQuorumUrl(new URLSearchParams('seed=7&replicas=5&clients=3&mode=leaderless&rf=3&repair=1&sloppy=1'));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.settings.config).toMatchObject({ seed: 7, replicaCount: 5, clientCount: 3, replicationFactor: 3, readRepair: true, sloppyQuorum: true });
    const again = parseQuorumUrl(new URLSearchParams(quorumUrlParameters(parsed.settings.config)));
    expect(again.ok && again.settings.config).toEqual(parsed.settings.config);
  });

  it('explains bad parameters', () => {
    const parsed = parseQuorumUrl(new URLSearchParams('replicas=12&mode=paxos&colour=red&repair=maybe'));
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems.join('\n')).toMatch(/replicas.*3 to 7/);
    expect(parsed.problems.join('\n')).toMatch(/mode/);
    expect(parsed.problems.join('\n')).toMatch(/Unknown parameter “colour”/);
    expect(parsed.problems.join('\n')).toMatch(/repair/);
  });

  it('asks for a seed only when neither a seed nor a scenario is given', () => {
    const none = parseQuorumUrl(new URLSearchParams(''));
    expect(none.ok && none.settings.seedMissing).toBe(true);
    const scenario = parseQuorumUrl(new URLSearchParams('scenario=quorum-stale-read-one'));
    expect(scenario.ok && scenario.settings.seedMissing).toBe(false);
  });
});
