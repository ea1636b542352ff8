// Each node's WAL side by side, one row per node, lined up record for record (a column is a position in
// the log), newest on the right: each record's timeline (its number written in the cell), the fork
// points, records whose acknowledged write was lost, and — under a node that was rewound or re-cloned —
// the records that threw away, drawn from the column where they sat.
import { useLayoutEffect, useMemo, useRef } from 'react';
import { WAL_VIEW_RECORDS, type DiscardView, type WalRecordView } from '../../../kernel/protocols/replication/index.ts';
import { useReplicationStore } from './replicationContext.ts';
import { selectDiscards, selectMeasures, selectWals } from './replicationStore.ts';
import { formatSeconds } from './format.ts';

/** One column per WAL position; fixed so that rows line up. */
const CELL_PX = 80;

export function WalView() {
  const wals = useReplicationStore(selectWals);
  const discards = useReplicationStore(selectDiscards);
  const measures = useReplicationStore(selectMeasures);
  const lost = useMemo(() => new Set(measures?.lostWriteIds ?? []), [measures]);
  const scroller = useRef<HTMLDivElement>(null);
  // Follow the newest records (on the right) unless the learner scrolled back to read older ones.
  const following = useRef(true);
  useLayoutEffect(() => {
    const element = scroller.current;
    if (element && following.current) element.scrollLeft = element.scrollWidth;
  });
  if (!wals) return null;
  const firstColumn = Math.min(...wals.map((wal) => wal.firstIndex));
  const lastColumn = Math.max(...wals.map((wal) => wal.firstIndex + wal.records.length), ...(discards ?? []).map((discard) => discard.startIndex + discard.records.length));
  const width = Math.max(0, lastColumn - firstColumn) * CELL_PX;
  return (
    <section className="panel r-wal" aria-label="Write-ahead logs" data-testid="wal-view">
      <h2>Write-ahead logs (newest {WAL_VIEW_RECORDS} records per node)</h2>
      <p className="r-wal-help">
        Each cell is a WAL record: its timeline (TL) and the write it carries; a column is one position in the log. A timeline starts with an “end of recovery” record (marked fork) at the fork point. A crossed red
        cell carries an acknowledged write that the newest primary does not have; a dashed row under a node lists what a rewind or re-clone threw away.
      </p>
      <div
        className="r-wal-rows"
        ref={scroller}
        onScroll={(event) => {
          const element = event.currentTarget;
          following.current = element.scrollLeft + element.clientWidth >= element.scrollWidth - 4;
        }}
      >
        {wals.map((wal) => (
          <div key={wal.node} className="r-wal-node-rows">
            <div className="r-wal-row" data-testid={`wal-${wal.node}`}>
              <span className="r-wal-node">{wal.node}</span>
              <Cells records={wal.records} offset={wal.firstIndex - firstColumn} width={width} lost={lost} discarded={false} />
            </div>
            {(discards ?? [])
              .filter((discard) => discard.node === wal.node)
              .map((discard, index) => (
                <DiscardRow key={index} discard={discard} firstColumn={firstColumn} width={width} lost={lost} />
              ))}
          </div>
        ))}
      </div>
    </section>
  );
}

function DiscardRow({ discard, firstColumn, width, lost }: { readonly discard: DiscardView; readonly firstColumn: number; readonly width: number; readonly lost: ReadonlySet<number> }) {
  // A discard older than the window is drawn from the left edge, and says where it was.
  const offset = Math.max(0, discard.startIndex - firstColumn);
  return (
    <>
      <div className="r-wal-row r-wal-discarded" data-testid={`wal-discarded-${discard.node}`}>
        <span className="r-wal-node">✂ {discard.how}</span>
        <Cells records={discard.records} offset={offset} width={width} lost={lost} discarded />
      </div>
      <p className="r-wal-discard-note">
        ✂ {discard.node}'s records after the fork at {discard.forkLsn}, thrown away by {discard.how === 'rewind' ? 'pg_rewind' : 'a re-clone'} at {formatSeconds(discard.atMs)}
        {discard.startIndex < firstColumn ? ` (they began ${firstColumn - discard.startIndex} records before this window)` : ''}
      </p>
    </>
  );
}

function Cells({ records, offset, width, lost, discarded }: { readonly records: readonly WalRecordView[]; readonly offset: number; readonly width: number; readonly lost: ReadonlySet<number>; readonly discarded: boolean }) {
  return (
    <ol className="r-wal-records" style={{ paddingLeft: offset * CELL_PX, minWidth: width }}>
      {records.map((record) => {
        const isLost = record.kind === 'commit' && lost.has(record.writeId);
        return (
          <li
            key={record.uid}
            className={`r-record tl-${record.timeline % 4}${record.kind === 'end-of-recovery' ? ' fork' : ''}${isLost ? ' lost' : ''}${discarded ? ' discarded' : ''}`}
            style={{ width: CELL_PX - 2 }}
            data-lost={isLost}
            title={`${record.lsn} · timeline ${record.timeline} · ${record.text}${isLost ? ' · LOST: acknowledged, not in the newest primary' : ''}${discarded ? ' · thrown away' : ''}`}
          >
            <span className="r-record-tl">TL{record.timeline}</span>
            <span className="r-record-text">{record.kind === 'end-of-recovery' ? 'fork' : record.text}</span>
          </li>
        );
      })}
    </ol>
  );
}
