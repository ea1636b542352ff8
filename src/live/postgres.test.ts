// Real PostgreSQL in synchronous mode: a commit waits for the standby's flush; with the standby down it never returns (indeterminate), yet it committed locally.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresCluster } from './postgres-cluster.ts';
import { requireRealSystems } from './live-test-support.ts';

let cluster: PostgresCluster | undefined;

beforeAll(async () => {
  requireRealSystems({ postgres: true });
  cluster = await PostgresCluster.start({ nodeCount: 2, mode: 'sync' });
}, 120_000);

afterAll(async () => {
  await cluster?.stop();
});

describe('synchronous streaming replication on real PostgreSQL', () => {
  it('lists the standby as sync in pg_stat_replication, with its LSNs', async () => {
    const standby = (await cluster!.view()).find((view) => view.id === 'n2')!;
    expect(standby.replication).toEqual({ state: 'streaming', syncState: 'sync' });
    expect(standby.lsn.replay).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
  });

  it('blocks a write while the synchronous standby is down: the outcome is indeterminate, and the write is there after it returns', { timeout: 120_000 }, async () => {
    expect((await cluster!.write('x', 'before', 'n1')).status).toBe('ok');
    await cluster!.crash('n2');
    const blocked = await cluster!.write('x', 'blocked', 'n1');
    expect(blocked.status).toBe('indeterminate');
    expect(blocked.error).toContain('synchronous commit');
    await cluster!.restart('n2');
    await cluster!.waitUntil((views) => views.some((view) => view.id === 'n2' && view.streaming), 30_000, 'n2 streaming again');
    expect((await cluster!.read('x', 'n2')).value).toBe('blocked');
    expect(cluster!.history.check().verdict).toBe('linearizable');
  });
});
