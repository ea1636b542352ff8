// Multi-leader replication (2–3 regions, each with a leader that acknowledges locally and replicates
// asynchronously): play one of the multi-leader scenarios in the worker with a conflict rule and a clock
// skew of your choice, and read step by step what each leader stores, which acknowledged writes were
// silently lost, and whether the leaders converged. Apart from the primary/standby cluster above.
import { useEffect, useState } from 'react';
import { CONFLICT_RESOLUTIONS, type ConflictResolution } from '../../../kernel/protocols/replication/index.ts';
import type { MultiLeaderPlayResult } from '../../../worker/replicationEngine.ts';
import { createPresetCatalogue } from '../../kit/presets.ts';
import { routeHref } from '../../shell/router.ts';
import { useReplicationStore, useReplicationStoreApi } from './replicationContext.ts';
import { selectMultiLeader } from './replicationStore.ts';

const multiLeaderPresets = createPresetCatalogue(import.meta.glob<string>('../../../scenario/presets/replication-multileader-*.scenario', { query: '?raw', import: 'default' }), {
  route: '/replication',
  prefix: 'replication-multileader-',
  titleWords: { lww: 'last write wins,', skew: 'clock skew' },
});

const RULE_NAMES: Record<ConflictResolution, string> = {
  lww: 'last write wins (clock stamps)',
  siblings: 'siblings (version vectors)',
  'merge-set': 'merge: set union',
  'merge-counter': 'merge: counter sum',
};

const SKEWS: readonly { readonly label: string; readonly value: number | null }[] = [
  { label: "as in the file", value: null },
  { label: 'exact', value: 0 },
  { label: '2 s behind', value: -2000 },
  { label: '2 s ahead', value: 2000 },
];

export function MultiLeaderPanel() {
  const result = useReplicationStore(selectMultiLeader);
  const actions = useReplicationStoreApi().getState().actions;
  const [preset, setPreset] = useState(multiLeaderPresets.names.find((name) => name.includes('lww')) ?? multiLeaderPresets.names[0] ?? '');
  const [resolve, setResolve] = useState<ConflictResolution | ''>('');
  const [skew, setSkew] = useState(0);
  const [busy, setBusy] = useState(false);
  const play = async () => {
    const source = await multiLeaderPresets.load(preset);
    if (source === null) return;
    setBusy(true);
    try {
      await actions.playMultiLeader({ source, resolve: resolve === '' ? null : resolve, n2SkewMs: SKEWS[skew]!.value });
    } finally {
      setBusy(false);
    }
  };
  // The first scenario plays as soon as the panel shows, so there is something to read.
  // eslint-disable-next-line react-hooks/exhaustive-deps -- once, on mount
  useEffect(() => void play(), []);
  return (
    <section className="panel r-multileader" aria-label="Multi-leader replication" data-testid="multileader">
      <h2>Multi-leader: two regions write the same key</h2>
      <p className="r-multileader-intro">
        Each region has its own leader: it acknowledges a write at once and replicates it to the other regions asynchronously (re-sent until acknowledged, so it resumes after a partition).
        Concurrent writes to one key are a conflict, and the rule decides what survives. Leaderless replication (quorums, read repair) is in the{' '}
        <a href={routeHref('/quorums', {})}>quorum lab</a>.
      </p>
      <div className="r-sweep-form">
        <label>
          scenario{' '}
          <select value={preset} onChange={(event) => setPreset(event.target.value)} data-testid="multileader-preset">
            {multiLeaderPresets.names.map((name) => (
              <option key={name} value={name}>
                {multiLeaderPresets.title(name)}
              </option>
            ))}
          </select>
        </label>
        <label>
          conflict rule{' '}
          <select value={resolve} onChange={(event) => setResolve(event.target.value as ConflictResolution | '')} data-testid="multileader-resolve">
            <option value="">as in the file</option>
            {CONFLICT_RESOLUTIONS.map((rule) => (
              <option key={rule} value={rule}>
                {RULE_NAMES[rule]}
              </option>
            ))}
          </select>
        </label>
        <label>
          n2's clock{' '}
          <select value={skew} onChange={(event) => setSkew(Number(event.target.value))} data-testid="multileader-skew">
            {SKEWS.map((choice, index) => (
              <option key={choice.label} value={index}>
                {choice.label}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => void play()} disabled={busy || preset === ''} data-testid="multileader-play">
          Play
        </button>
      </div>
      {result && <MultiLeaderResult result={result} />}
    </section>
  );
}

function MultiLeaderResult({ result }: { readonly result: MultiLeaderPlayResult }) {
  if (!result.ok) {
    return (
      <ul className="error-list" role="alert">
        {result.errors.map((error) => (
          <li key={error}>{error}</li>
        ))}
      </ul>
    );
  }
  const leaders = result.steps[0]?.stored.map((entry) => entry.node) ?? [];
  const lost = result.writes.filter((write) => write.lost);
  const changed = result.resolve !== result.fileResolve || result.skewMs.some((value, index) => value !== result.fileSkewMs[index]);
  const skewWords = result.skewMs.map((value, index) => (value === 0 ? null : `n${index + 1}'s clock ${Math.abs(value) / 1000} s ${value < 0 ? 'behind' : 'ahead'}`)).filter((words) => words !== null);
  return (
    <div data-testid="multileader-result" data-lost={lost.length} data-converged={result.converged} data-resolve={result.resolve}>
      <p className="r-multileader-summary">
        <strong>{RULE_NAMES[result.resolve]}</strong>, {result.leaders} leaders{skewWords.length > 0 ? `, ${skewWords.join(', ')}` : ', clocks exact'}:{' '}
        {lost.length === 0 ? (
          <>no acknowledged write was lost</>
        ) : (
          <span className="r-warning">
            {lost.length} acknowledged {lost.length === 1 ? 'write was' : 'writes were'} silently lost ({lost.map((write) => `${write.key}=${String(write.value)} via ${write.node}, stamped ${write.clockMs} ms`).join('; ')})
          </span>
        )}
        ; the leaders {result.converged ? 'converged (every leader returns the same value)' : 'have not converged yet'}.
      </p>
      <p className="r-multileader-summary" data-testid="multileader-verdict">
        {result.resolve === 'lww'
          ? `Linearizable? ${result.verdict.message}`
          : 'Linearizable? Not as a register, by design: reads return siblings or merged values, which a single register never holds — nothing acknowledged is silently dropped instead.'}
      </p>
      {changed && (
        <p className="r-settings-note">
          The file's expectations were written for {RULE_NAMES[result.fileResolve]}
          {result.fileSkewMs.some((value) => value !== 0) ? ' with its own clock skew' : ''}: ✗ marks where this choice behaves differently.
        </p>
      )}
      <table className="r-multileader-table">
        <thead>
          <tr>
            <th scope="col">line</th>
            <th scope="col">step</th>
            {leaders.map((node) => (
              <th key={node} scope="col">
                {node} stores
              </th>
            ))}
            <th scope="col">expected?</th>
          </tr>
        </thead>
        <tbody>
          {result.steps.map((step) => (
            <tr key={step.line} data-line={step.line}>
              <td>{step.line}</td>
              <td>
                {step.narration && <div className="r-multileader-narration">{step.narration}</div>}
                <code>{step.text}</code>
              </td>
              {step.stored.map((entry) => (
                <td key={entry.node}>
                  {!entry.alive ? 'down' : result.keys.map((key) => `${key}=${entry.values[key] === null ? '–' : String(entry.values[key])}`).join(' ')}
                  {entry.alive && new Set(step.stored.map((other) => other.partition)).size > 1 ? ` (side ${entry.partition + 1})` : ''}
                </td>
              ))}
              <td>{step.expectation ? (step.expectation.ok ? '✓' : `✗ ${step.expectation.detail}`) : step.refused ? `refused: ${step.refused}` : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
