// The delivery path's rules, one test each: where a duplicate or a loss comes from, and what removes it.

import { describe, expect, it } from 'vitest';
import { createDeliveryRun, defaultDeliveryConfig, deliveryFrame, validateDeliveryConfig } from './index.ts';
import { crashConsumerAt, crashProducerAt, play, produce, restart } from './testing.ts';

const crashAndRestartConsumer = (point: 'before-effect' | 'after-effect' | 'after-commit') => [[0, produce(10)], [0, crashConsumerAt(point)], [2000, restart('consumer')], [8000, null]] as const;

describe('no fault', () => {
  it('every transfer takes effect once, whatever the settings', () => {
    for (const producer of ['at-most-once', 'at-least-once', 'idempotent', 'transactional'] as const) {
      for (const consumer of ['commit-before', 'commit-after', 'auto-commit', 'transactional'] as const) {
        const { tally, run } = play({ producer, consumer, acks: 'all' }, [[0, produce(8)], [8000, null]]);
        expect(tally, `${producer}/${consumer}`).toMatchObject({ produced: 8, effects: 8, duplicates: 0, lost: 0, pending: 0, exactlyOnce: true });
        expect(run.simulation.state.committedOffsets.reduce((sum, offset) => sum + offset, 0)).toBeGreaterThanOrEqual(8);
      }
    }
  });

  it('is deterministic: same seed and commands, same trace', () => {
    const trace = () => play({ seed: 7 }, [[0, produce(5)], [0, { type: 'lose-next-ack' }], [3000, null]]).run.history.trace.slice();
    expect(JSON.stringify(trace())).toBe(JSON.stringify(trace()));
  });
});

describe('producer → broker', () => {
  it('a lost ack makes an at-least-once producer retry: the log holds the transfer twice, and it is paid twice', () => {
    const { tally, run } = play({ producer: 'at-least-once' }, [[0, produce(10)], [0, { type: 'lose-next-ack' }], [8000, null]]);
    expect(tally).toMatchObject({ duplicates: 1, lost: 0, duplicatedTransfers: [1] });
    expect(run.simulation.state.partitions[0]!.records.filter((record) => record.transfer === 1)).toHaveLength(2);
  });

  it('the idempotent producer\'s retry carries the same producer id and sequence: the broker acknowledges it without appending', () => {
    const { tally, run } = play({ producer: 'idempotent' }, [[0, produce(10)], [0, { type: 'lose-next-ack' }], [8000, null]]);
    expect(tally.exactlyOnce).toBe(true);
    expect(run.simulation.state.partitions[0]!.records.filter((record) => record.transfer === 1)).toHaveLength(1);
  });

  it('idempotence lasts one producer session: a crash before the ack and a restart (new producer id) duplicates', () => {
    const { tally } = play({ producer: 'idempotent' }, [[0, produce(10)], [0, crashProducerAt('before-ack')], [2000, restart('producer')], [8000, null]]);
    expect(tally).toMatchObject({ duplicates: 1, lost: 0 });
  });

  it('a transactional producer\'s restart bumps the epoch and aborts the open transaction: read_committed never sees the first copy', () => {
    const { tally, run } = play({ producer: 'transactional' }, [[0, produce(10)], [0, crashProducerAt('before-ack')], [2000, restart('producer')], [8000, null]]);
    expect(tally.exactlyOnce).toBe(true);
    const copies = run.simulation.state.partitions[0]!.records.filter((record) => record.transfer === 1);
    expect(copies.map((record) => record.txn)).toEqual(['aborted', 'committed']);
  });

  it('read_uncommitted reads the aborted copy too: a duplicate', () => {
    const { tally } = play({ producer: 'transactional', isolation: 'read_uncommitted' }, [[0, produce(10)], [0, crashProducerAt('before-ack')], [2000, restart('producer')], [8000, null]]);
    expect(tally.duplicates).toBe(1);
  });

  it('an at-most-once producer that crashes before the append loses the transfer; an at-least-once one re-sends it', () => {
    const schedule = [[0, produce(10)], [0, crashProducerAt('before-append')], [2000, restart('producer')], [8000, null]] as const;
    expect(play({ producer: 'at-most-once' }, schedule).tally).toMatchObject({ lost: 1, duplicates: 0, lostTransfers: [1] });
    expect(play({ producer: 'at-least-once' }, schedule).tally.exactlyOnce).toBe(true);
  });

  it('a crash right after the ack loses and repeats nothing', () => {
    expect(play({ producer: 'at-least-once' }, [[0, produce(10)], [0, crashProducerAt('after-ack')], [2000, restart('producer')], [8000, null]]).tally.exactlyOnce).toBe(true);
  });

  it('a zombie producer duplicates unless epoch fencing refuses it', () => {
    const schedule = [[0, produce(10)], [0, { type: 'zombie' }], [8000, null]] as const;
    expect(play({ producer: 'idempotent' }, schedule).tally.duplicates).toBe(1);
    expect(play({ producer: 'at-least-once' }, schedule).tally.duplicates).toBe(1);
    const fenced = play({ producer: 'transactional' }, schedule);
    expect(fenced.tally.exactlyOnce).toBe(true);
    expect(fenced.run.simulation.state.notes.some((note) => note.kind === 'fence')).toBe(true);
  });

  it('a failover loses what only the leader held: acknowledged already with acks=1 (lost), retried with acks=all (not lost)', () => {
    const schedule = [[0, produce(10)], [0, { type: 'failover' }], [8000, null]] as const;
    expect(play({ acks: '1' }, schedule).tally).toMatchObject({ lost: 1, duplicates: 0 });
    expect(play({ acks: 'all' }, schedule).tally.exactlyOnce).toBe(true);
    expect(play({ acks: '0', producer: 'at-most-once' }, schedule).tally.lost).toBe(1);
  });
});

describe('consumer → side effect → offset commit', () => {
  it('commit-after: a crash after the effect and before the commit pays twice', () => {
    const { tally } = play({}, crashAndRestartConsumer('after-effect'));
    expect(tally).toMatchObject({ effects: 11, duplicates: 1, lost: 0, guarantee: 'at-least-once' });
  });

  it('commit-after: crashes before the effect or after the commit lose and repeat nothing', () => {
    expect(play({}, crashAndRestartConsumer('before-effect')).tally.exactlyOnce).toBe(true);
    expect(play({}, crashAndRestartConsumer('after-commit')).tally.exactlyOnce).toBe(true);
  });

  it('commit-before: a crash between the commit and the effect loses the transfer', () => {
    expect(play({ consumer: 'commit-before' }, crashAndRestartConsumer('before-effect')).tally).toMatchObject({ lost: 1, duplicates: 0, guarantee: 'at-most-once' });
    expect(play({ consumer: 'commit-before' }, crashAndRestartConsumer('after-commit')).tally.lost).toBe(1);
  });

  it('auto-commit: a crash before the next auto-commit repeats; a crash just after one that covered unprocessed records loses them', () => {
    expect(play({ consumer: 'auto-commit' }, crashAndRestartConsumer('after-effect')).tally.duplicates).toBe(1);
    expect(play({ consumer: 'auto-commit', autoCommitIntervalMs: 30 }, crashAndRestartConsumer('after-commit')).tally.lost).toBeGreaterThan(0);
  });

  it('a rebalance between the effect and the commit refuses the commit: the record is read again', () => {
    // Find the moment a commit is pending, then rebalance there.
    const run = createDeliveryRun(defaultDeliveryConfig());
    run.history.apply(produce(5));
    while (!run.simulation.state.consumer.awaitingCommit) run.history.stepToNextEvent();
    run.history.apply({ type: 'rebalance', when: 'now' });
    run.history.advanceTo(5000);
    expect(deliveryFrame(run).tally).toMatchObject({ duplicates: 1, lost: 0 });
    // The same, armed: the group rebalances right after the next side effect.
    expect(play({}, [[0, produce(5)], [0, { type: 'rebalance', when: 'after-effect' }], [5000, null]]).tally).toMatchObject({ duplicates: 1, lost: 0 });
  });

  it('transactional consume-transform-produce: the output topic stays exactly once while the external transfer repeats', () => {
    const { run, tally } = play({ producer: 'transactional', consumer: 'transactional' }, crashAndRestartConsumer('after-effect'));
    expect(tally.duplicates).toBe(1);
    const frame = deliveryFrame(run);
    expect(frame.outputTally).toMatchObject({ exactlyOnce: true, effects: 10 });
    expect(frame.explanations.some((sentence) => sentence.includes('outside the transaction'))).toBe(true);
  });
});

describe('side-effect protection', () => {
  it('an idempotency key inside its window turns the redelivery into a no-op', () => {
    expect(play({ effect: 'idempotency-key' }, crashAndRestartConsumer('after-effect')).tally.exactlyOnce).toBe(true);
  });

  it('an expired idempotency key lets the redelivery pay again', () => {
    const { tally } = play({ effect: 'idempotency-key', dedupWindowMs: 5 * 60_000 }, [[0, produce(10)], [0, crashConsumerAt('after-effect')], [6 * 60_000, restart('consumer')], [6 * 60_000 + 5000, null]]);
    expect(tally.duplicates).toBe(1);
  });

  it('the inbox table, written with the effect in one transaction, skips the redelivery', () => {
    expect(play({ effect: 'inbox' }, crashAndRestartConsumer('after-effect')).tally.exactlyOnce).toBe(true);
  });

  it('the outbox: a relay crash after delivering and before marking sent re-sends, and the row id keeps it idempotent', () => {
    const { tally, run } = play({ effect: 'outbox' }, [[0, produce(10)], [0, { type: 'arm-crash', trap: { node: 'relay', point: 'after-effect' } }], [2000, restart('relay')], [8000, null]]);
    expect(tally.exactlyOnce).toBe(true);
    expect(run.simulation.state.database.outbox.every((row) => row.sent)).toBe(true);
  });

  it('nothing protects against a loss: commit-before with an idempotency key still loses', () => {
    expect(play({ consumer: 'commit-before', effect: 'idempotency-key' }, crashAndRestartConsumer('before-effect')).tally.lost).toBe(1);
  });
});

describe('pending is not lost', () => {
  it('while the consumer is down, unread transfers are pending, not lost', () => {
    const { tally } = play({}, [[0, { type: 'crash', node: 'consumer' }], [0, produce(4)], [3000, null]]);
    expect(tally).toMatchObject({ effects: 0, pending: 4, lost: 0, exactlyOnce: false });
  });
});

describe('config', () => {
  it('refuses combinations Kafka refuses, with a sentence', () => {
    expect(validateDeliveryConfig(defaultDeliveryConfig({ producer: 'transactional', acks: '1' }))).toEqual([expect.stringContaining('acks=all')]);
    expect(validateDeliveryConfig(defaultDeliveryConfig({ bug: 'dedup-after-effect' }))).toEqual([expect.stringContaining('idempotency-key')]);
  });
});
