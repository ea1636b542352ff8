// The delivery path drawn left to right — producer, the wire, the broker's partition logs, the
// consumer, the payment service — each with its state and the crash buttons at its points; and
// the expected-vs-actual counters that stay on screen. HTML, not SVG: text keeps its CSS size
// (at least 14 px at 1280×720) however wide the picture is.
import { memo } from 'react';
import { formatDuration, type DeliveryCommand, type DeliveryFrame, type LogRecord, type PartitionView } from '../../../kernel/protocols/delivery/index.ts';
import { useDeliveryStore, useDeliveryStoreApi } from './deliveryContext.ts';
import { formatTimeMs, selectFrame } from './deliveryStore.ts';

/** Records drawn per partition (the newest; CSS clips the oldest of them on a narrow card). */
const VISIBLE_RECORDS = 30;

const GUARANTEE_WORDS = {
  'exactly-once': 'exactly once so far',
  'at-least-once': 'at least once (duplicates)',
  'at-most-once': 'at most once (losses)',
  none: 'neither (losses and duplicates)',
} as const;

export function Counters() {
  const frame = useDeliveryStore(selectFrame);
  if (!frame) return <div className="d-counters" />;
  const { tally } = frame;
  const appended = frame.partitions.reduce((sum, partition) => sum + partition.records.filter((record) => record.kind === 'data').length, 0);
  const balanceOff = tally.effects !== tally.expected - tally.pending;
  return (
    <div className="d-counters" role="status" aria-label="Expected and actual" data-testid="counters" data-effects={tally.effects} data-duplicates={tally.duplicates} data-lost={tally.lost} data-produced={tally.produced} data-guarantee={tally.guarantee}>
      <Counter label="produced" value={tally.produced} />
      <Counter label="in the log" value={appended} title="Data records the broker holds, copies and aborted ones included" />
      <Counter label="expected balance" value={`$${tally.expected}`} />
      <Counter label="actual balance" value={`$${tally.effects}`} tone={balanceOff ? 'bad' : 'good'} testId="actual" />
      <Counter label="duplicates" value={tally.duplicates} tone={tally.duplicates > 0 ? 'bad' : 'good'} testId="duplicates" />
      <Counter label="lost" value={tally.lost} tone={tally.lost > 0 ? 'bad' : 'good'} testId="lost" />
      <Counter label="on the way" value={tally.pending} />
      <span className={`d-guarantee d-guarantee-${tally.guarantee}`} data-testid="guarantee">
        {tally.produced === 0 ? 'nothing produced yet' : GUARANTEE_WORDS[tally.guarantee]}
        {frame.outputTally && ` · output topic: ${frame.outputTally.duplicates + frame.outputTally.lost === 0 ? 'exactly once' : `${frame.outputTally.duplicates} dup, ${frame.outputTally.lost} lost`}`}
      </span>
    </div>
  );
}

function Counter({ label, value, tone, title, testId }: { readonly label: string; readonly value: number | string; readonly tone?: 'good' | 'bad'; readonly title?: string; readonly testId?: string }) {
  return (
    <span className={`d-counter ${tone ? `d-${tone}` : ''}`} title={title} data-testid={testId ? `counter-${testId}` : undefined}>
      <span className="d-counter-value">{value}</span> <span className="d-counter-label">{label}</span>
    </span>
  );
}

export function PathView() {
  const frame = useDeliveryStore(selectFrame);
  if (!frame) return <div className="d-path" aria-busy="true" />;
  return (
    <div className="d-path" data-testid="path">
      <ProducerCard frame={frame} />
      <Wire frame={frame} />
      <BrokerCard frame={frame} />
      <div className="d-arrow" aria-hidden="true">
        →
      </div>
      <ConsumerCard frame={frame} />
      <div className="d-arrow" aria-hidden="true">
        →
      </div>
      <ServiceCard frame={frame} />
      <Armed frame={frame} />
    </div>
  );
}

function FaultButton({ command, label, testId, disabled, hint }: { readonly command: DeliveryCommand; readonly label: string; readonly testId: string; readonly disabled?: boolean; readonly hint: string }) {
  const actions = useDeliveryStoreApi().getState().actions;
  return (
    <button type="button" className="d-fault" data-testid={testId} disabled={disabled} aria-description={hint} title={hint} onClick={() => void actions.perform(command)}>
      {label}
    </button>
  );
}

function CrashRestart({ node, alive }: { readonly node: 'producer' | 'consumer' | 'relay'; readonly alive: boolean }) {
  return alive ? (
    <FaultButton command={{ type: 'crash', node }} label="Crash now" testId={`crash-${node}`} hint={`The ${node} crashes at once, wherever it is.`} />
  ) : (
    <FaultButton command={{ type: 'restart', node }} label="Restart" testId={`restart-${node}`} hint={`The ${node} starts again.`} />
  );
}

const ProducerCard = memo(function ProducerCard({ frame }: { readonly frame: DeliveryFrame }) {
  const { producer, alive, config } = frame;
  const identity = config.producer === 'transactional' ? `transactional id, epoch ${producer.epoch}` : config.producer === 'idempotent' ? `producer id ${producer.producerId}` : `instance ${producer.instance}`;
  return (
    <section className={`d-card d-producer ${alive.producer ? '' : 'd-down'}`} aria-label="Producer" data-testid="producer" data-alive={alive.producer}>
      <h2>
        Producer <span className="d-state">{alive.producer ? 'up' : 'DOWN'}</span>
      </h2>
      <p className="d-mode">
        {config.producer}, acks={config.acks}
      </p>
      <p>{identity}</p>
      <p data-testid="producer-backlog">
        backlog: {producer.backlog.length === 0 ? 'empty' : `${producer.backlog.length} (next t${producer.backlog[0]})`}
      </p>
      <p>{producer.inFlight ? `waiting: t${producer.inFlight.transfer}${producer.inFlight.stage === 'commit' ? ' commit' : ''}${producer.inFlight.attempt > 1 ? `, try ${producer.inFlight.attempt}` : ''}` : 'nothing in flight'}</p>
      <div className="d-buttons">
        <FaultButton command={{ type: 'produce', count: 1 }} label="Produce 1" testId="produce-1" hint="The application sends one more $1 transfer (key N; P is presenter mode)." />
        <FaultButton command={{ type: 'produce', count: 10 }} label="Produce 10" testId="produce-10" hint="Ten more $1 transfers." />
        <FaultButton command={{ type: 'arm-crash', trap: { node: 'producer', point: 'before-append' } }} label="Crash before append" testId="arm-producer-before-append" hint="At its next send, the producer crashes before the broker appends the message." />
        <FaultButton command={{ type: 'arm-crash', trap: { node: 'producer', point: 'before-ack' } }} label="Crash before ack" testId="arm-producer-before-ack" hint="At its next message, the producer crashes after the broker appended it and before the ack arrives." />
        <FaultButton command={{ type: 'arm-crash', trap: { node: 'producer', point: 'after-ack' } }} label="Crash after ack" testId="arm-producer-after-ack" hint="At its next message, the producer crashes right after the ack." />
        <CrashRestart node="producer" alive={alive.producer} />
      </div>
    </section>
  );
});

function Wire({ frame }: { readonly frame: DeliveryFrame }) {
  return (
    <div className="d-wire" aria-label="Messages between producer and broker" data-testid="wire">
      <span className="d-wire-title">network</span>
      {frame.messages.slice(0, 6).map((message) => {
        const span = Math.max(1, message.deliverAtMs - message.sentAtMs);
        const progress = Math.min(1, Math.max(0, (frame.nowMs - message.sentAtMs) / span));
        const toBroker = message.to === 'broker';
        const label = message.type === 'produce' ? `t${message.transfer}` : message.type === 'commit-txn' ? `commit t${message.transfer}` : message.type === 'fenced' ? 'fenced' : `ack t${message.transfer}`;
        return (
          <span key={message.id} className={`d-message ${toBroker ? 'd-to-broker' : 'd-to-producer'} ${message.doomed ? 'd-doomed' : ''}`} data-testid="message" data-type={message.type}>
            {toBroker ? `${label} →` : `← ${label}`}
            {message.doomed && ' (lost)'}
            <span className="d-progress" style={{ width: `${Math.round((toBroker ? progress : 1 - progress) * 100)}%` }} />
          </span>
        );
      })}
      {frame.messages.length > 6 && <span className="d-more">+{frame.messages.length - 6} more</span>}
    </div>
  );
}

const BrokerCard = memo(function BrokerCard({ frame }: { readonly frame: DeliveryFrame }) {
  return (
    <section className="d-card d-broker" aria-label="Broker" data-testid="broker">
      <h2>
        Broker <span className="d-state">leader epoch {frame.leaderEpoch}</span>
      </h2>
      <div className="d-buttons">
        <FaultButton command={{ type: 'lose-next-ack' }} label="Lose next ack" testId="lose-ack" hint="The broker's next acknowledgement vanishes on the wire." />
        <FaultButton command={{ type: 'failover' }} label="Failover" testId="failover" hint="The partition leaders fail; the followers take over with what they copied (now, or right after the next append)." />
        <FaultButton command={{ type: 'zombie' }} label="Zombie producer" testId="zombie" hint="At its next send the producer pauses; a new instance takes over; the old one wakes up later and finishes its send." />
      </div>
      {frame.partitions.map((partition) => (
        <PartitionLog key={partition.index} partition={partition} />
      ))}
      <p className="d-legend">
        <span className="d-rec d-rec-data">t1</span> record <span className="d-rec d-rec-open">t2</span> open txn <span className="d-rec d-rec-aborted">t3</span> aborted{' '}
        <span className="d-rec d-rec-unreplicated">t4</span> leader only
      </p>
    </section>
  );
});

function recordClass(record: LogRecord, partition: PartitionView): string {
  const classes = ['d-rec'];
  if (record.kind === 'marker') classes.push(record.txn === 'committed' ? 'd-rec-commit' : 'd-rec-abort');
  else classes.push(record.txn === 'open' ? 'd-rec-open' : record.txn === 'aborted' ? 'd-rec-aborted' : 'd-rec-data');
  if (record.offset >= partition.replicated) classes.push('d-rec-unreplicated');
  if (record.offset < partition.committedOffset) classes.push('d-rec-done');
  return classes.join(' ');
}

function PartitionLog({ partition }: { readonly partition: PartitionView }) {
  const start = Math.max(0, partition.records.length - VISIBLE_RECORDS);
  const shown = partition.records.slice(start);
  return (
    <div className="d-partition" data-testid={`partition-${partition.index}`} data-committed={partition.committedOffset} data-length={partition.records.length}>
      <span className="d-partition-name">P{partition.index}</span>
      <div className="d-log" role="list" aria-label={`Partition ${partition.index} log, ${partition.records.length} records`}>
        {shown.map((record) => (
          <span key={record.offset} role="listitem" className={recordClass(record, partition)} title={`offset ${record.offset}${record.kind === 'marker' ? ` ${record.txn === 'committed' ? 'commit' : 'abort'} marker` : `: t${record.transfer}, ${record.txn === 'none' ? 'plain' : record.txn} (producer ${record.producerId}, epoch ${record.epoch}, seq ${record.sequence})`}`}>
            {record.kind === 'marker' ? (record.txn === 'committed' ? 'C' : 'A') : `t${record.transfer}`}
          </span>
        ))}
        {shown.length === 0 && (
          <span role="listitem" className="d-empty">
            empty
          </span>
        )}
      </div>
      <span className="d-offsets">
        committed {partition.committedOffset} · read {partition.position} · copied {partition.replicated}
      </span>
    </div>
  );
}

const ConsumerCard = memo(function ConsumerCard({ frame }: { readonly frame: DeliveryFrame }) {
  const { consumer, alive, config } = frame;
  return (
    <section className={`d-card d-consumer ${alive.consumer ? '' : 'd-down'}`} aria-label="Consumer" data-testid="consumer" data-alive={alive.consumer}>
      <h2>
        Consumer <span className="d-state">{alive.consumer ? 'up' : 'DOWN'}</span>
      </h2>
      <p className="d-mode">
        {config.consumer}
        {config.consumer === 'auto-commit' ? ` every ${formatTimeMs(config.autoCommitIntervalMs)}` : ''}
      </p>
      <p>generation {frame.groupGeneration}</p>
      <p data-testid="consumer-work">{consumer.awaitingCommit ? `paid t${consumer.awaitingCommit.transfer}, commit pending` : consumer.batch.length > 0 ? `batch: ${consumer.batch.map((transfer) => `t${transfer}`).join(' ')}` : 'idle'}</p>
      <div className="d-buttons">
        <FaultButton command={{ type: 'arm-crash', trap: { node: 'consumer', point: 'before-effect' } }} label="Crash before effect" testId="arm-consumer-before-effect" hint="At the next message, the consumer crashes before the transfer." />
        <FaultButton command={{ type: 'arm-crash', trap: { node: 'consumer', point: 'after-effect' } }} label="Crash after effect" testId="arm-consumer-after-effect" hint="At the next message, the consumer crashes after the transfer and before committing its offset." />
        <FaultButton command={{ type: 'arm-crash', trap: { node: 'consumer', point: 'after-commit' } }} label="Crash after commit" testId="arm-consumer-after-commit" hint="At the next message, the consumer crashes right after committing its offset." />
        <FaultButton command={{ type: 'rebalance', when: 'after-effect' }} label="Rebalance" testId="rebalance" hint="Right after the next transfer, before its commit, the group rebalances: the commit is refused." />
        <CrashRestart node="consumer" alive={alive.consumer} />
      </div>
    </section>
  );
});

const ServiceCard = memo(function ServiceCard({ frame }: { readonly frame: DeliveryFrame }) {
  const { config, database, tally } = frame;
  return (
    <section className="d-card d-service" aria-label="Payment service and database" data-testid="service">
      <h2>Payments</h2>
      <p className="d-balance">
        expected <strong>${tally.expected}</strong>, actual <strong data-testid="actual-balance">${tally.effects}</strong>
      </p>
      <p className="d-mode">effect: {config.effect}</p>
      {config.effect === 'idempotency-key' && (
        <p data-testid="dedup-keys">
          {database.keys.length} key(s) kept for {formatDuration(config.dedupWindowMs)}
          {database.keys.length > 0 && `; oldest t${database.keys[0]!.transfer} until ${formatTimeMs(database.keys[0]!.expiresAtMs)}`}
        </p>
      )}
      {config.effect === 'inbox' && <p data-testid="inbox">inbox rows: {database.inbox.length}</p>}
      {config.effect === 'outbox' && (
        <>
          <p data-testid="outbox">
            outbox rows: {database.outbox.length}, unsent {database.outbox.filter((row) => !row.sent).length}; relay {frame.alive.relay ? 'up' : 'DOWN'}
          </p>
          <div className="d-buttons">
            <FaultButton command={{ type: 'arm-crash', trap: { node: 'relay', point: 'after-effect' } }} label="Relay: crash after send" testId="arm-relay-after-effect" hint="The relay crashes after delivering its next row and before marking it sent." />
            <CrashRestart node="relay" alive={frame.alive.relay} />
          </div>
        </>
      )}
      {frame.outputTally && (
        <p data-testid="output-topic">
          output topic (Kafka): {frame.output.length} record(s){frame.outputPending !== null ? `, t${frame.outputPending} in an open transaction` : ''}
        </p>
      )}
      <PaidList frame={frame} />
    </section>
  );
});

function PaidList({ frame }: { readonly frame: DeliveryFrame }) {
  const counts = frame.tally.counts;
  const twice = frame.tally.duplicatedTransfers;
  const lost = frame.tally.lostTransfers;
  if (counts.length <= 1) return null;
  return (
    <p className="d-paid">
      {twice.length > 0 && <span className="d-bad">paid twice: {twice.slice(0, 5).map((transfer) => `t${transfer}×${counts[transfer]}`).join(', ')}</span>}
      {twice.length > 0 && lost.length > 0 && <br />}
      {lost.length > 0 && <span className="d-bad">never paid: {lost.slice(0, 5).map((transfer) => `t${transfer}`).join(', ')}</span>}
      {twice.length === 0 && lost.length === 0 && <span>no transfer paid twice, none lost</span>}
    </p>
  );
}

function Armed({ frame }: { readonly frame: DeliveryFrame }) {
  return (
    <p className="d-armed" data-testid="armed" role="status">
      {frame.armed.length === 0 ? 'No fault armed. A crash button arms a crash at that point of the next message.' : `Armed (strikes at the next message): ${frame.armed.join('; ')}.`}
    </p>
  );
}
