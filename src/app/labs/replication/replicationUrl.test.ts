// The replication lab's URL: settings in, readable problems out, and back again.
import { encodeSharedScenario } from '../../kit/sharedScenario.ts';
import { describe, expect, it } from 'vitest';
import { parseReplicationUrl, replicationUrlParameters } from './replicationUrl.ts';

describe('replication URL', () => {
  it('reads the switches and writes them back', () => {
    const parsed = parseReplicationUrl(new URLSearchParams('seed=4&nodes=3&mode=sync&failover=managed&fencing=lease&witness=1&strict=on&ttl=20'));
    if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
    expect(parsed.settings.config).toMatchObject({ seed: 4, nodeCount: 3, mode: 'sync', failover: 'managed', fencing: 'lease', witness: true, strict: true, ttlMs: 20_000 });
    expect(replicationUrlParameters(parsed.settings.config)).toEqual({ seed: '4', nodes: '3', mode: 'sync', failover: 'managed', fencing: 'lease', witness: '1', strict: '1', ttl: '20' });
  });

  it('says what is wrong, one sentence per problem', () => {
    const parsed = parseReplicationUrl(new URLSearchParams('nodes=9&fencing=magic&colour=red'));
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems).toHaveLength(3);
    expect(parsed.problems.join(' ')).toMatch(/colour.*nodes.*fencing|Unknown parameter “colour”/s);
  });

  it('without a seed or a scenario, asks the page to pick a seed', () => {
    const parsed = parseReplicationUrl(new URLSearchParams(''));
    expect(parsed.ok && parsed.settings.seedMissing).toBe(true);
  });

  it('reads a shared run (actions=) and says clearly when one is damaged or comes with a preset', () => {
    const text = 'replication nodes=2 mode=async failover=manual fencing=none seed=7\nwrite x=1 via n1 nowait\n';
    const parsed = parseReplicationUrl(new URLSearchParams(`actions=${encodeSharedScenario(text)}`));
    expect(parsed.ok && parsed.settings.sharedScenario).toBe(text);
    expect(parsed.ok && parsed.settings.seedMissing).toBe(false);
    const damaged = parseReplicationUrl(new URLSearchParams('actions=%%%'));
    expect(!damaged.ok && damaged.problems.join(' ')).toMatch(/not a link this app made/);
    const both = parseReplicationUrl(new URLSearchParams(`scenario=replication-drill&actions=${encodeSharedScenario(text)}`));
    expect(!both.ok && both.problems.join(' ')).toMatch(/not both/);
  });
});
