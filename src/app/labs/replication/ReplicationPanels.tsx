// The replication lab's side panels: client writes and the failover commands, the measures (lost
// acknowledged writes, RPO, RTO, latency, split-brain, the linearizability verdict), and the history
// of client writes with the lost ones marked, and what rewinds threw away.
import { useReplicationStore, useReplicationStoreApi } from './replicationContext.ts';
import { selectDiscards, selectFrame, selectKey, selectMeasures, selectNodes, selectVerdict, selectWrites } from './replicationStore.ts';
import { formatLsnShort, formatSeconds } from './format.ts';

export function ActionPanel() {
  const nodes = useReplicationStore(selectNodes);
  const key = useReplicationStore(selectKey);
  const actions = useReplicationStoreApi().getState().actions;
  if (!nodes) return null;
  return (
    <section className="panel r-actions" aria-label="Client and operator actions">
      <h2>Clients and operator</h2>
      <label className="r-key">
        key <input value={key} size={6} onChange={(event) => actions.setKey(event.target.value)} aria-label="Key to write and read" />
      </label>
      <p>
        <button type="button" onClick={() => void actions.write(null)} data-testid="write-primary" aria-keyshortcuts="W">
          Write via the primary (W)
        </button>
      </p>
      <table className="r-node-actions">
        <tbody>
          {nodes.map((node) => (
            <tr key={node.id} data-testid={`actions-${node.id}`}>
              <th scope="row">{node.id}</th>
              <td>
                <button type="button" onClick={() => void actions.write(node.id)} data-testid={`write-${node.id}`}>
                  write
                </button>
                <button type="button" onClick={() => void actions.read(node.id)} data-testid={`read-${node.id}`}>
                  read
                </button>
                <button type="button" onClick={() => void actions.nodeCommand(node.alive ? 'crash' : 'restart', node.id)} data-testid={`crash-${node.id}`}>
                  {node.alive ? 'crash' : 'restart'}
                </button>
                <button type="button" onClick={() => void actions.nodeCommand('promote', node.id)} data-testid={`promote-${node.id}`} disabled={node.role === 'primary' || !node.alive}>
                  promote
                </button>
                <button type="button" onClick={() => void actions.nodeCommand('rewind', node.id)} data-testid={`rewind-${node.id}`} disabled={!node.alive} title="pg_rewind onto the newest primary">
                  rewind
                </button>
                <button type="button" onClick={() => void actions.nodeCommand('reclone', node.id)} data-testid={`reclone-${node.id}`} disabled={!node.alive} title="a fresh base backup of the newest primary">
                  reclone
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        <button type="button" onClick={() => void actions.act({ type: 'heal' })} data-testid="heal">
          Heal the network
        </button>
      </p>
    </section>
  );
}

export function MeasuresPanel() {
  const measures = useReplicationStore(selectMeasures);
  const verdict = useReplicationStore(selectVerdict);
  const frame = useReplicationStore(selectFrame);
  if (!measures || !frame) return null;
  const latency = measures.latency;
  return (
    <section className="panel r-measures" aria-label="Measures" data-testid="measures" data-lost={measures.lostWrites} data-split-brain={measures.splitBrain !== null} data-verdict={verdict?.verdict ?? 'idle'}>
      <h2>What was promised, what was kept</h2>
      <dl>
        <dt>Acknowledged writes lost</dt>
        <dd data-testid="lost-writes">{measures.lostWrites === 0 ? '0 (RPO = 0 so far)' : `${measures.lostWrites} — ${formatSeconds(measures.rpoMs)} of history (RPO)`}</dd>
        <dt>Longest unavailability (RTO)</dt>
        <dd data-testid="rto">{measures.windows.length === 0 ? 'none yet' : `${formatSeconds(measures.rtoMs)}${measures.windows.at(-1)?.toMs === null ? ' and counting' : ''}`}</dd>
        <dt>Write latency</dt>
        <dd>{latency.count === 0 ? 'no acknowledged writes' : `p50 ${latency.p50Ms} ms · p99 ${latency.p99Ms} ms (${latency.count} writes)`}</dd>
        <dt>Split-brain</dt>
        <dd data-testid="split-brain">{measures.splitBrain ? measures.splitBrain.explanation : 'never: no two primaries acknowledged writes at the same time'}</dd>
        <dt>Linearizable?</dt>
        <dd data-testid="verdict">{verdict?.message ?? '…'}</dd>
      </dl>
      <p className="r-reference">Lost is judged against {measures.reference}, the newest primary (highest timeline).</p>
    </section>
  );
}

export function WriteHistory() {
  const writes = useReplicationStore(selectWrites);
  const discards = useReplicationStore(selectDiscards);
  if (!writes) return null;
  return (
    <section className="panel r-history" aria-label="Client writes">
      <h2>Client writes</h2>
      {writes.length === 0 ? (
        <p>No writes yet: press W or a node's “write”.</p>
      ) : (
        <ol className="r-writes" data-testid="write-history">
          {writes
            .slice(-60)
            .reverse()
            .map((write) => (
              <li key={write.id} className={`r-write r-${write.status}`} data-testid={`write-${write.id}`} data-status={write.status}>
                <span className="r-status">{write.status === 'lost' ? 'LOST' : write.status}</span> {write.key}={String(write.value)} via {write.node}
                {write.lsn ? ` at ${write.lsn} (TL ${write.timeline})` : ''}
                {write.completeMs !== null ? ` · ${write.completeMs - write.invokeMs} ms` : ''}
                {write.detail && <span className="r-detail"> — {write.detail}</span>}
              </li>
            ))}
        </ol>
      )}
      {discards && discards.length > 0 && (
        <div className="r-discards" data-testid="discards">
          <h3>Thrown away by rewind / re-clone</h3>
          <ul>
            {discards.map((discard, index) => (
              <li key={index}>
                {discard.node} ({discard.how} at {formatSeconds(discard.atMs)}, fork {discard.forkLsn}): writes{' '}
                {discard.writeIds.length === 0 ? 'none' : discard.writeIds.map((id) => {
                  const write = writes.find((candidate) => candidate.id === id);
                  return write ? `${write.key}=${String(write.value)}` : `#${id}`;
                }).join(', ')}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

/**
 * Every node's WAL positions as PostgreSQL names them (pg_stat_replication on the primary reports a
 * standby's sent/write/flush/replay; here each standby's own view of them), with the lag: the
 * numbers the cluster view leaves out to stay readable.
 */
export function ReplicationStatusTable() {
  const nodes = useReplicationStore(selectNodes);
  if (!nodes) return null;
  return (
    <section className="panel r-status" aria-label="Replication status (pg_stat_replication)" data-testid="replication-status">
      <h2>Replication status (pg_stat_replication)</h2>
      <p className="r-wal-help">
        sent: WAL the primary has sent this standby; write: written to its disk; flush: fsynced (what synchronous commit waits for); replay: applied, visible to reads on the standby.
      </p>
      <table className="r-status-table">
        <thead>
          <tr>
            <th scope="col">node</th>
            <th scope="col">role</th>
            <th scope="col">follows</th>
            <th scope="col">sent_lsn</th>
            <th scope="col">write_lsn</th>
            <th scope="col">flush_lsn</th>
            <th scope="col">replay_lsn</th>
            <th scope="col">lag</th>
          </tr>
        </thead>
        <tbody>
          {nodes.map((node) => (
            <tr key={node.id} data-node={node.id}>
              <th scope="row">{node.id}</th>
              <td>
                {node.role} (TL {node.timeline})
              </td>
              <td>{node.role === 'primary' ? '—' : (node.upstream ?? 'nobody')}</td>
              <td>{formatLsnShort(node.lsn.sent)}</td>
              <td>{formatLsnShort(node.lsn.write)}</td>
              <td>{formatLsnShort(node.lsn.flush)}</td>
              <td>{formatLsnShort(node.lsn.replay)}</td>
              <td>{node.role === 'primary' ? (node.degraded ? 'sync degraded: acknowledges alone' : '—') : node.diverged ? `forked: ${node.diverged}` : `${node.lagBytes} B · ${node.lagMs} ms`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
