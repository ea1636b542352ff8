// The CRDT lab's side cards: each replica's value and, one click away, its metadata with its size;
// the operation form for the run's type; what the checkers found; the Raft account beside the counter.
import { useState } from 'react';
import { routeHref } from '../../shell/router.ts';
import type { CrdtOperation, CrdtReplicaView, CrdtTypeName } from '../../../kernel/protocols/crdt/index.ts';
import { useCrdtStore, useCrdtStoreApi } from './crdtContext.ts';
import { selectBank, selectFrame, selectOperations, selectReplicas, selectSelectedReplica, selectViolations } from './crdtStore.ts';

export function ReplicaCards() {
  const replicas = useCrdtStore(selectReplicas);
  const selected = useCrdtStore(selectSelectedReplica);
  const store = useCrdtStoreApi();
  if (!replicas) return null;
  return (
    <section className="card crdt-replicas" aria-label="Replica values and metadata">
      <h2>Replicas</h2>
      <ul>
        {replicas.map((replica) => (
          <li key={replica.id} data-testid={`card-${replica.id}`}>
            <button type="button" className="crdt-replica-row" aria-expanded={selected === replica.id} onClick={() => store.getState().actions.selectReplica(selected === replica.id ? null : replica.id)}>
              <strong>{replica.id}</strong> <span className="crdt-value">{replica.valueText}</span>{' '}
              <span className="crdt-bytes">{replica.alive ? `${replica.metadataBytes} B` : 'crashed'}</span>
            </button>
            {selected === replica.id && <MetadataView replica={replica} />}
          </li>
        ))}
      </ul>
    </section>
  );
}

function MetadataView({ replica }: { readonly replica: CrdtReplicaView }) {
  const { vectors, dots, tombstones, timestamps } = replica.metadata;
  return (
    <div className="crdt-metadata" data-testid={`metadata-${replica.id}`}>
      <p>
        Metadata: {replica.metadataBytes} bytes (UTF-8 JSON of what it keeps in order to replicate). Updates included:{' '}
        {Object.entries(replica.delivered).map(([id, count]) => `${id}:${count}`).join(' ') || 'none'}
        {replica.logLength > 0 ? ` · op log ${replica.logLength}` : ''}
        {replica.buffered > 0 ? ` · ${replica.buffered} waiting for causal predecessors` : ''}
      </p>
      {vectors && (
        <dl>
          {Object.entries(vectors).map(([name, vector]) => (
            <div key={name}>
              <dt>{name}</dt>
              <dd>[{Object.entries(vector).map(([id, count]) => `${id}:${count}`).join(' ')}]</dd>
            </div>
          ))}
        </dl>
      )}
      {dots && dots.length > 0 && <p>Dots (live tags): {dots.slice(0, 40).join(', ')}{dots.length > 40 ? ` … (${dots.length})` : ''}</p>}
      {tombstones && tombstones.length > 0 && <p>Tombstones: {tombstones.slice(0, 40).join(', ')}{tombstones.length > 40 ? ` … (${tombstones.length})` : ''}</p>}
      {timestamps && timestamps.length > 0 && <p>Timestamps: {timestamps.join(', ')}</p>}
    </div>
  );
}

/** The operations a type takes, as form choices. */
const OPERATIONS: Record<CrdtTypeName, readonly string[]> = {
  'g-counter': ['inc'],
  'pn-counter': ['inc', 'dec', 'withdraw'],
  'g-set': ['add'],
  '2p-set': ['add', 'remove'],
  'or-set': ['add', 'remove'],
  'rw-set': ['add', 'remove'],
  'lww-register': ['set'],
  'mv-register': ['set'],
  'lww-map': ['set', 'remove'],
  sequence: ['insert', 'delete'],
};

function operationOf(type: CrdtTypeName, kind: string, argument: string, position: number): CrdtOperation | null {
  const amount = Math.max(1, Math.floor(Number(argument) || 1));
  switch (kind) {
    case 'inc':
    case 'dec':
    case 'withdraw':
      return { kind, amount };
    case 'add':
      return argument ? { kind: 'add', element: argument } : null;
    case 'remove':
      if (!argument) return null;
      return type === 'lww-map' ? { kind: 'remove-key', key: argument } : { kind: 'remove', element: argument };
    case 'set': {
      if (!argument) return null;
      if (type !== 'lww-map') return { kind: 'set', value: argument };
      const [key, value] = argument.split('=');
      return key && value ? { kind: 'put', key, value } : null;
    }
    case 'insert':
      return argument ? { kind: 'insert', position, text: argument } : null;
    case 'delete':
      return { kind: 'delete', position };
    default:
      return null;
  }
}

export function OperationPanel() {
  const frame = useCrdtStore(selectFrame);
  const operations = useCrdtStore(selectOperations);
  const store = useCrdtStoreApi();
  const [replica, setReplica] = useState('r1');
  const [kind, setKind] = useState<string | null>(null);
  const [argument, setArgument] = useState('');
  const [position, setPosition] = useState(0);
  const [mergeFrom, setMergeFrom] = useState('r1');
  const [mergeTo, setMergeTo] = useState('r2');
  if (!frame) return null;
  const choices = OPERATIONS[frame.type];
  const chosen = kind && choices.includes(kind) ? kind : choices[0]!;
  const ids = frame.replicas.map((entry) => entry.id);
  const placeholder =
    chosen === 'inc' || chosen === 'dec' || chosen === 'withdraw' ? 'amount' : frame.type === 'lww-map' && chosen === 'set' ? 'key=value' : chosen === 'insert' ? 'text' : chosen === 'delete' ? '' : 'element';
  const apply = () => {
    const operation = operationOf(frame.type, chosen, argument.trim(), position);
    if (operation) void store.getState().actions.operate(replica, operation);
  };
  const last = operations?.at(-1);
  return (
    <section className="card crdt-operations" aria-label="Operations">
      <h2>Update a replica</h2>
      <div className="crdt-form">
        <select aria-label="Replica" value={replica} onChange={(event) => setReplica(event.target.value)} data-testid="op-replica">
          {ids.map((id) => (
            <option key={id}>{id}</option>
          ))}
        </select>
        <select aria-label="Operation" value={chosen} onChange={(event) => setKind(event.target.value)} data-testid="op-kind">
          {choices.map((choice) => (
            <option key={choice}>{choice}</option>
          ))}
        </select>
        {(chosen === 'insert' || chosen === 'delete') && (
          <input aria-label="Position" type="number" min={0} value={position} onChange={(event) => setPosition(Math.max(0, Math.floor(Number(event.target.value) || 0)))} className="crdt-position" />
        )}
        {placeholder && <input aria-label="Argument" placeholder={placeholder} value={argument} onChange={(event) => setArgument(event.target.value)} onKeyDown={(event) => event.key === 'Enter' && apply()} data-testid="op-argument" />}
        <button type="button" onClick={apply} data-testid="op-apply">
          Apply at {replica}
        </button>
      </div>
      {last && (
        <p className={`crdt-last ${last.applied ? 'applied' : 'noop'}`} role="status" data-testid="last-operation">
          {last.replica}: {last.applied ? `applied → ${JSON.stringify(last.valueAfter)}` : `no-op — ${last.reason}`}
        </p>
      )}
      <h2>Anti-entropy</h2>
      <div className="crdt-form">
        <select aria-label="Merge from" value={mergeFrom} onChange={(event) => setMergeFrom(event.target.value)}>
          {ids.map((id) => (
            <option key={id}>{id}</option>
          ))}
        </select>
        <span>→</span>
        <select aria-label="Merge into" value={mergeTo} onChange={(event) => setMergeTo(event.target.value)}>
          {ids.map((id) => (
            <option key={id}>{id}</option>
          ))}
        </select>
        <button type="button" disabled={mergeFrom === mergeTo} onClick={() => void store.getState().actions.merge(mergeFrom, mergeTo)} data-testid="merge">
          {mergeTo} merges {mergeFrom}
        </button>
        <button type="button" onClick={() => void store.getState().actions.sync()} data-testid="sync">
          Sync all
        </button>
        <button type="button" onClick={() => void store.getState().actions.act({ type: 'heal' })} data-testid="heal">
          Heal
        </button>
      </div>
      {(frame.type === 'lww-register' || frame.type === 'lww-map') && (
        <p className="crdt-note">
          Last-writer-wins trusts each replica’s physical clock (set skew in a scenario: <code>set skew r2=-50ms</code>); the clocks lab’s <a href={routeHref('/clocks', { tab: 'physical' })}>physical-time
          lesson</a> (“last write wins drops a causally later write”) shows why a skewed clock drops a later write. An MV-Register keeps both instead.
        </p>
      )}
      {frame.deliveryRequirement && (
        <p className="crdt-note">
          Op-based delivery needs {frame.deliveryRequirement.causal ? 'causal order' : 'no order'}
          {frame.deliveryRequirement.exactlyOnce ? ' and exactly-once' : ''}: {frame.deliveryRequirement.why}.
        </p>
      )}
    </section>
  );
}

export function CheckerPanel() {
  const violations = useCrdtStore(selectViolations);
  const frame = useCrdtStore(selectFrame);
  if (!violations || !frame) return null;
  return (
    <section className="card crdt-checkers" aria-label="Checkers" data-testid="checkers" data-violations={violations.length}>
      <h2>Checkers</h2>
      {frame.bug && <p className="crdt-bug">Broken on purpose: planted bug “{frame.bug}”.</p>}
      {violations.length === 0 ? (
        <p>Every merge so far was commutative, idempotent and above both inputs; every update went up the lattice; replicas that delivered the same updates hold equal states.</p>
      ) : (
        <ul>
          {violations.slice(0, 6).map((violation) => (
            <li key={violation.explanation}>
              <strong>{violation.law}</strong>: {violation.explanation}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Rows the side-by-side table shows (the newest). */
const BANK_ROWS = 8;

/**
 * The same counter workload on the CRDT and on the Raft-replicated account, operation by
 * operation: who answered, what, and how fast — the latency and availability halves of the
 * lesson — and whether each kept the invariant balance ≥ 0.
 */
export function BankPanel() {
  const bank = useCrdtStore(selectBank);
  const operations = useCrdtStore(selectOperations);
  const replicas = useCrdtStore(selectReplicas);
  if (!bank || !operations || !replicas) return null;
  // Every counter update is submitted to Raft as it is made: the two lists pair up in order.
  const counterUpdates = operations.filter((record) => record.operation.kind === 'inc' || record.operation.kind === 'dec' || record.operation.kind === 'withdraw');
  const rows = bank.operations.map((raft, index) => ({ raft, crdt: counterUpdates[index] }));
  const crdtAnswered = counterUpdates.filter((record) => record.applied || record.reason.startsWith('refused')).length;
  const raftDone = bank.operations.filter((raft) => raft.status === 'ok' || raft.status === 'refused');
  const raftNoAnswer = bank.operations.filter((raft) => raft.status === 'timeout' || raft.status === 'unavailable').length;
  const latencies = raftDone.map((raft) => raft.completeMs! - raft.invokeMs).sort((a, b) => a - b);
  const medianMs = latencies.length > 0 ? latencies[Math.floor(latencies.length / 2)]! : null;
  const lowest = Math.min(...replicas.filter((replica) => typeof replica.value === 'number').map((replica) => replica.value as number));
  const leaderBalance = bank.leader ? bank.balances.find((entry) => entry.id === bank.leader)?.balance ?? null : null;
  return (
    <section className="card crdt-bank" aria-label="The same workload on Raft" data-testid="bank">
      <h2>The same account on Raft</h2>
      <p className="crdt-note">
        Every counter update also runs on a Raft-replicated account on the same replicas (grey dots: its messages) that refuses a withdrawal below 0. Leader: {bank.leader ?? 'none'}{' '}
        (term {bank.term}).
      </p>
      <p data-testid="bank-summary">
        <strong>CRDT:</strong> answered {crdtAnswered} of {counterUpdates.length} at once (0 ms, on any side of a partition); lowest replica balance {Number.isFinite(lowest) ? lowest : '—'}
        {lowest < 0 ? <strong className="bad"> — below 0: each replica checked, yet the invariant is broken.</strong> : '.'}
        <br />
        <strong>Raft:</strong> {raftDone.length} answered ({raftDone.filter((raft) => raft.status === 'refused').length} refused){medianMs !== null ? `, median ${medianMs} ms` : ''}, {raftNoAnswer}{' '}
        without an answer (minority side or no leader); balance at the leader {leaderBalance ?? '—'}
        {leaderBalance !== null && leaderBalance >= 0 ? ' — the log orders every withdrawal, so it cannot go below 0.' : '.'}
      </p>
      {rows.length > 0 && (
        <table className="crdt-compare" data-testid="bank-compare">
          <caption className="crdt-note">The newest {Math.min(BANK_ROWS, rows.length)} of {rows.length} operations</caption>
          <thead>
            <tr>
              <th scope="col">operation</th>
              <th scope="col">CRDT</th>
              <th scope="col">Raft</th>
            </tr>
          </thead>
          <tbody>
            {rows.slice(-BANK_ROWS).map(({ raft, crdt }) => (
              <tr key={raft.id}>
                <th scope="row">
                  {raft.kind} {raft.amount} at {raft.replica}
                </th>
                <td>{crdt ? (crdt.applied ? `applied, 0 ms → ${String(crdt.valueAfter)}` : crdt.reason.startsWith('refused') ? 'refused, 0 ms' : 'no answer (down)') : '—'}</td>
                <td className={raft.status === 'timeout' || raft.status === 'unavailable' ? 'bad' : ''}>
                  {raft.status === 'pending' ? 'waiting…' : `${raft.status}${raft.completeMs !== null ? `, ${raft.completeMs - raft.invokeMs} ms` : ''}`}
                  {raft.balanceAfter !== null && raft.status !== 'pending' ? ` → ${raft.balanceAfter}` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {rows.at(-1) && (
        <p data-testid="bank-last" data-status={rows.at(-1)!.raft.status} className="crdt-note">
          Last on Raft: {rows.at(-1)!.raft.detail || rows.at(-1)!.raft.status}.
        </p>
      )}
      <p className="crdt-note">
        A balance that must not go negative needs coordination: Raft pays a round trip per operation and cannot answer on a minority side — latency, and availability under partition,
        on the <a href={routeHref('/quorums', { tab: 'pacelc' })}>PACELC map</a>.
      </p>
    </section>
  );
}
