// "What RPO = 0, RTO = 30 s requires": pick commit mode, failover, fencing and witness, fail the primary at
// many random moments (a sweep in the worker, with progress and cancel), and read the measured RPO and RTO.
import { useMemo, useState } from 'react';
import { COMMIT_MODES, defaultReplicationConfig, FAILOVER_MODES, FENCINGS, summarizeSweep, type CommitMode, type FailoverMode, type FailureKind, type Fencing } from '../../../kernel/protocols/replication/index.ts';
import { useReplicationStore, useReplicationStoreApi } from './replicationContext.ts';
import { selectFrame, selectSweep } from './replicationStore.ts';

const RTO_TARGET_MS = 30_000;

export function SweepPanel() {
  const sweep = useReplicationStore(selectSweep);
  const frame = useReplicationStore(selectFrame);
  const actions = useReplicationStoreApi().getState().actions;
  const [nodeCount, setNodeCount] = useState(2);
  const [mode, setMode] = useState<CommitMode>('sync');
  const [failover, setFailover] = useState<FailoverMode>('managed');
  const [fencing, setFencing] = useState<Fencing>('lease');
  const [witness, setWitness] = useState(true);
  const [strict, setStrict] = useState(false);
  const [failure, setFailure] = useState<FailureKind>('crash');
  const [trials, setTrials] = useState(100);
  const summary = useMemo(() => (sweep && sweep.results.length > 0 ? summarizeSweep(sweep.results) : null), [sweep]);
  const start = () =>
    void actions.startSweep({
      config: defaultReplicationConfig({ nodeCount, mode, failover, fencing, witness, strict, seed: frame?.seed ?? 1 }),
      failure,
      trials,
    });
  const done = sweep?.results.length ?? 0;
  return (
    <section className="panel r-sweep" aria-label="What RPO = 0, RTO = 30 s requires" data-testid="sweep">
      <h2>What “RPO = 0, RTO = 30 s” requires</h2>
      <p className="r-settings-note">A steady write every 250 ms; the primary fails at a random moment; 60 s later, what was lost and how long were writes refused?</p>
      <div className="r-sweep-form">
        <label>
          nodes{' '}
          <select value={nodeCount} onChange={(event) => setNodeCount(Number(event.target.value))}>
            {[2, 3, 4, 5].map((count) => (
              <option key={count}>{count}</option>
            ))}
          </select>
        </label>
        <label>
          commit{' '}
          <select value={mode} onChange={(event) => setMode(event.target.value as CommitMode)} data-testid="sweep-mode">
            {COMMIT_MODES.filter((candidate) => candidate !== 'quorum' || nodeCount > 2).map((candidate) => (
              <option key={candidate}>{candidate}</option>
            ))}
          </select>
        </label>
        <label>
          failover{' '}
          <select value={failover} onChange={(event) => setFailover(event.target.value as FailoverMode)}>
            {FAILOVER_MODES.filter((candidate) => candidate !== 'manual').map((candidate) => (
              <option key={candidate}>{candidate}</option>
            ))}
          </select>
        </label>
        <label>
          fencing{' '}
          <select value={fencing} onChange={(event) => setFencing(event.target.value as Fencing)}>
            {FENCINGS.map((candidate) => (
              <option key={candidate}>{candidate}</option>
            ))}
          </select>
        </label>
        <label>
          <input type="checkbox" checked={witness} onChange={(event) => setWitness(event.target.checked)} /> witness
        </label>
        <label>
          <input type="checkbox" checked={strict} onChange={(event) => setStrict(event.target.checked)} /> strict
        </label>
        <label>
          failure{' '}
          <select value={failure} onChange={(event) => setFailure(event.target.value as FailureKind)}>
            <option value="crash">primary crashes</option>
            <option value="isolate">primary cut off (clients still reach it)</option>
          </select>
        </label>
        <label>
          trials{' '}
          <select value={trials} onChange={(event) => setTrials(Number(event.target.value))}>
            {[20, 100, 300].map((count) => (
              <option key={count}>{count}</option>
            ))}
          </select>
        </label>
      </div>
      <p>
        <button type="button" onClick={start} disabled={sweep?.running ?? false} data-testid="sweep-run">
          Run the sweep
        </button>{' '}
        <button type="button" onClick={actions.cancelSweep} disabled={!sweep?.running} data-testid="sweep-cancel">
          Cancel
        </button>
      </p>
      {sweep && (
        <p>
          <progress max={sweep.request.trials} value={done} aria-label="Sweep progress" data-testid="sweep-progress" /> {done} of {sweep.request.trials} trials
          {sweep.cancelled ? ' (cancelled)' : ''}
        </p>
      )}
      {summary && sweep && (
        <div className="r-sweep-result" data-testid="sweep-result" data-zero-loss={summary.zeroLossTrials} data-trials={summary.trials}>
          <p>
            <strong>RPO = 0 {summary.zeroLossTrials === summary.trials ? 'held' : 'did not hold'}:</strong> no acknowledged write lost in {summary.zeroLossTrials} of {summary.trials} trials
            {summary.lostMax > 0 ? `; up to ${summary.lostMax} writes (${(summary.rpoMaxMs / 1000).toFixed(1)} s of history) lost, ${summary.lostMean.toFixed(1)} on average` : ''}.
          </p>
          <p>
            <strong>RTO ≤ 30 s {summary.rtoMaxMs !== null && summary.rtoMaxMs <= RTO_TARGET_MS && summary.unrecoveredTrials === 0 ? 'held' : 'did not hold'}:</strong> writes refused for {formatS(summary.rtoP50Ms)} at the median, {formatS(summary.rtoP99Ms)} at p99,{' '}
            {formatS(summary.rtoMaxMs)} at worst{summary.unrecoveredTrials > 0 ? `; ${summary.unrecoveredTrials} trials never recovered within 60 s` : ''}.
          </p>
          {summary.splitBrainTrials > 0 && <p className="r-warning">Split-brain in {summary.splitBrainTrials} trials.</p>}
        </div>
      )}
    </section>
  );
}

function formatS(ms: number | null): string {
  return ms === null ? '–' : `${(ms / 1000).toFixed(1)} s`;
}
