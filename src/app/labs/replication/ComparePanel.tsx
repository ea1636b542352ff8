// Postgres vs etcd, side by side: the same client workload and the same fault on async and sync streaming
// replication with managed failover and on a 3-node Raft cluster — timelines of the first trial, one table
// over all trials (with the linearizability checker's verdicts), and what each guarantee's shape means.
import { useMemo, useState } from 'react';
import { COMPARE_SETUP, summarizeCompare, type CompareFault, type CompareSummary, type CompareSystem, type CompareTrial } from '../../../kernel/protocols/replication/index.ts';
import { useReplicationStore, useReplicationStoreApi } from './replicationContext.ts';
import { selectCompare } from './replicationStore.ts';

const NAMES: Record<CompareSystem, string> = {
  'async+managed': 'Postgres, async streaming + Patroni',
  'sync+managed': 'Postgres, sync streaming + Patroni',
  'raft-3': 'etcd-style Raft, 3 nodes',
};
const STRIP_WIDTH = 720;
const STRIP_HEIGHT = 34;

export function ComparePanel() {
  const compare = useReplicationStore(selectCompare);
  const actions = useReplicationStoreApi().getState().actions;
  const [fault, setFault] = useState<CompareFault>('kill');
  const [trials, setTrials] = useState(20);
  const summaries = useMemo(() => {
    if (!compare || compare.rows.length === 0) return null;
    const systems = compare.rows[0]!.bySystem.map((entry) => entry.system);
    return systems.map((system) => summarizeCompare(system, compare.rows.map((row) => row.bySystem.find((entry) => entry.system === system)!.trial)));
  }, [compare]);
  const first = compare?.rows[0];
  return (
    <section className="panel r-compare" aria-label="Postgres vs etcd, side by side" data-testid="compare">
      <h2>Postgres vs etcd, side by side</h2>
      <p className="r-settings-note">
        The same client workload (a write every {COMPARE_SETUP.writeEveryMs} ms and a read of the same key between two writes) and the same fault at a random moment in {COMPARE_SETUP.faultFromMs / 1000}–{COMPARE_SETUP.faultToMs / 1000} s. Patroni's defaults (ttl 30 s, loop_wait 10 s); Raft with etcd's (heartbeat 100 ms, election timeout 1–2 s).
      </p>
      <p>
        <label>
          fault{' '}
          <select value={fault} onChange={(event) => setFault(event.target.value as CompareFault)} data-testid="compare-fault">
            <option value="kill">kill the primary / leader</option>
            <option value="isolate">isolate it (its clients still reach it)</option>
            <option value="minority">a minority partition: cut one standby / follower off</option>
          </select>
        </label>{' '}
        <label>
          trials{' '}
          <select value={trials} onChange={(event) => setTrials(Number(event.target.value))}>
            {[5, 20, 100].map((count) => (
              <option key={count}>{count}</option>
            ))}
          </select>
        </label>{' '}
        <button type="button" onClick={() => void actions.startCompare(fault, trials)} disabled={compare?.running ?? false} data-testid="compare-run">
          Run
        </button>{' '}
        <button type="button" onClick={actions.cancelCompare} disabled={!compare?.running}>
          Cancel
        </button>
        {compare && (
          <>
            {' '}
            <progress max={compare.trials} value={compare.rows.length} aria-label="Comparison progress" data-testid="compare-progress" /> {compare.rows.length} of {compare.trials}
            {compare.cancelled ? ' (cancelled)' : ''}
          </>
        )}
      </p>
      {first && (
        <div className="r-timelines" aria-label="Write outcomes over time, first trial">
          {first.bySystem.map(({ system, trial }) => (
            <Timeline key={system} name={NAMES[system]} trial={trial} />
          ))}
          <p className="r-settings-note">Each tick is a write: short = acknowledged, tall with a gap = refused or unanswered, tall and red = acknowledged, then lost. The dashed line is the fault.</p>
        </div>
      )}
      {summaries && (
        <table className="r-compare-table" data-testid="compare-table">
          <thead>
            <tr>
              <th scope="col">system</th>
              <th scope="col">writes acknowledged (mean)</th>
              <th scope="col">acknowledged writes lost (max / mean)</th>
              <th scope="col">unavailable p50 / p99</th>
              <th scope="col">write latency p50 / p99</th>
              <th scope="col">linearizable? (the checker, per trial)</th>
            </tr>
          </thead>
          <tbody>
            {summaries.map((summary) => (
              <tr key={summary.system} data-system={summary.system} data-lost-max={summary.lostMax} data-not-linearizable={summary.notLinearizableTrials}>
                <th scope="row">{NAMES[summary.system]}</th>
                <td>{summary.acknowledgedMean.toFixed(0)}</td>
                <td>
                  {summary.lostMax} / {summary.lostMean.toFixed(1)}
                </td>
                <td>
                  {seconds(summary.unavailableP50Ms)} / {seconds(summary.unavailableP99Ms)}
                </td>
                <td>
                  {summary.latencyP50Ms ?? '–'} / {summary.latencyP99Ms ?? '–'} ms
                </td>
                <td>{verdictText(summary)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ul className="r-compare-words">
        <li>
          <strong>Async streaming</strong>: the fastest commit (the primary's own flush), and a failover can lose whatever the standby had not received — with a primary cut off but still reachable by
          its clients, everything it acknowledged until it demoted itself.
        </li>
        <li>
          <strong>Sync streaming</strong>: each commit waits one round trip for the synchronous standby's flush; Patroni promotes only that standby, so nothing acknowledged is lost. Failover still waits for
          the lock's TTL: tens of seconds.
        </li>
        <li>
          <strong>Lost writes and the checker</strong>: a read that misses an acknowledged write makes the history not linearizable; but when a later write overwrote the lost one before
          anyone read it, a register's history cannot show the loss — the “lost” column counts it anyway.
        </li>
        <li>
          <strong>A minority partition</strong> (one standby or follower cut off): async streaming and Raft go on; sync streaming blocks until the primary gives up on its synchronous
          standby (wal_sender_timeout) and Patroni names another — synchronous commit trades availability for durability.
        </li>
        <li>
          <strong>Raft (etcd)</strong>: a commit waits for a majority; a new leader is elected within about one election timeout, and a leader that lost its majority cannot commit. Pick it for small,
          critical state (locks, configuration); pick Postgres for data with SQL, accepting a failover of tens of seconds and choosing sync when losing acknowledged writes is not acceptable.
        </li>
      </ul>
    </section>
  );
}

function Timeline({ name, trial }: { readonly name: string; readonly trial: CompareTrial }) {
  const spanMs = COMPARE_SETUP.runMs;
  const x = (ms: number) => (ms / spanMs) * STRIP_WIDTH;
  return (
    <figure className="r-timeline">
      <figcaption>{name}</figcaption>
      <svg width="100%" viewBox={`0 0 ${STRIP_WIDTH} ${STRIP_HEIGHT}`} preserveAspectRatio="none" role="img" aria-label={`${name}: ${trial.acknowledged} writes acknowledged, ${trial.lost} lost, unavailable ${seconds(trial.unavailableMs)}`}>
        {trial.writes.map((write, index) => {
          const left = x(write.invokeMs);
          if (write.outcome === 'acknowledged') return <line key={index} className="r-tick ok" x1={left} x2={left} y1={STRIP_HEIGHT - 10} y2={STRIP_HEIGHT} />;
          if (write.outcome === 'lost') return <line key={index} className="r-tick lost" x1={left} x2={left} y1={0} y2={STRIP_HEIGHT} />;
          return <line key={index} className="r-tick refused" x1={left} x2={left} y1={0} y2={STRIP_HEIGHT - 14} />;
        })}
        <line className="r-fault" x1={x(trial.faultAtMs)} x2={x(trial.faultAtMs)} y1={0} y2={STRIP_HEIGHT} />
      </svg>
    </figure>
  );
}

function verdictText(summary: CompareSummary): string {
  const parts = [`${summary.linearizableTrials} of ${summary.trials} yes`];
  if (summary.notLinearizableTrials > 0) parts.push(`${summary.notLinearizableTrials} no`);
  if (summary.unknownTrials > 0) parts.push(`${summary.unknownTrials} undecided (search budget spent)`);
  const hidden = summary.lostMax > 0 && summary.notLinearizableTrials < summary.trials;
  return parts.join(', ') + (hidden ? ' — where writes were lost but the history passed, a later write overwrote them before any read' : '');
}

function seconds(ms: number | null): string {
  return ms === null ? '–' : `${(ms / 1000).toFixed(1)} s`;
}
