// The CRDT lab's URL on the kit's reader: a good link gives a config, a bad one one sentence per problem.
import { describe, expect, it } from 'vitest';
import { crdtUrlParameters, parseCrdtUrl } from './crdtUrl.ts';

describe('CRDT lab URL', () => {
  it('reads a config and writes it back', () => {
    const parsed = parseCrdtUrl(new URLSearchParams('type=pn-counter&replicas=4&seed=9&sync=op&raft=on'));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.settings.config).toMatchObject({ type: 'pn-counter', replicaCount: 4, seed: 9, sync: 'op', raft: true });
    expect(parsed.settings.seedMissing).toBe(false);
    expect(crdtUrlParameters(parsed.settings.config)).toEqual({ type: 'pn-counter', replicas: 4, seed: 9, sync: 'op', raft: 'on' });
  });

  it('says what is wrong, one sentence per problem', () => {
    const parsed = parseCrdtUrl(new URLSearchParams('type=b-tree&replicas=9&seed=1&seed=2&colour=red'));
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems).toEqual([
      '“seed” is given more than once (“1”, “2”): keep one.',
      'Unknown parameter “colour”. Known parameters: type, replicas, seed, sync, gossip, raft, scenario, actions, speed, present.',
      '“replicas” must be a whole number from 2 to 6; got “9”.',
      expect.stringContaining('“type” must be one of g-counter'),
    ]);
  });

  it('a missing seed is reported so the gate can pick and pin one', () => {
    const parsed = parseCrdtUrl(new URLSearchParams('type=or-set'));
    expect(parsed.ok && parsed.settings.seedMissing).toBe(true);
  });
});
