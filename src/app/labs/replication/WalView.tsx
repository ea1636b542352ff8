// Each node's WAL side by side, one row per node, newest records on the right: the timeline of each
// record (shape-free: the number is written in the cell), the fork points, and records whose write was lost.
import { useMemo } from 'react';
import { useReplicationStore } from './replicationContext.ts';
import { selectMeasures, selectWals } from './replicationStore.ts';

export function WalView() {
  const wals = useReplicationStore(selectWals);
  const measures = useReplicationStore(selectMeasures);
  const lost = useMemo(() => new Set(measures?.lostWriteIds ?? []), [measures]);
  if (!wals) return null;
  return (
    <section className="panel r-wal" aria-label="Write-ahead logs" data-testid="wal-view">
      <h2>Write-ahead logs (newest {40} records per node)</h2>
      <p className="r-wal-help">Each cell is a WAL record: its LSN, its timeline (TL) and the write it carries. A timeline starts with an “end of recovery” record at the fork point; a crossed cell carries an acknowledged write that the newest primary does not have.</p>
      <div className="r-wal-rows">
        {wals.map((wal) => (
          <div key={wal.node} className="r-wal-row" data-testid={`wal-${wal.node}`}>
            <span className="r-wal-node">{wal.node}</span>
            <ol className="r-wal-records">
              {wal.records.map((record) => (
                <li
                  key={record.uid}
                  className={`r-record tl-${record.timeline % 4}${record.kind === 'end-of-recovery' ? ' fork' : ''}${lost.has(record.writeId) ? ' lost' : ''}`}
                  data-lost={lost.has(record.writeId)}
                  title={`${record.lsn} · timeline ${record.timeline} · ${record.text}${lost.has(record.writeId) ? ' · LOST: acknowledged, not in the newest primary' : ''}`}
                >
                  <span className="r-record-tl">TL{record.timeline}</span>
                  <span className="r-record-text">{record.kind === 'end-of-recovery' ? '⑂ fork' : record.text}</span>
                </li>
              ))}
            </ol>
          </div>
        ))}
      </div>
    </section>
  );
}
