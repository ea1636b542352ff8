// Timing and cluster size: apply timing to this run now (recorded like any action), or restart the
// run with a new size, seed and timing (kept in the URL so the run can be shared).
import { useId, useState, type FormEvent } from 'react';
import type { RaftTiming } from '../../../kernel/protocols/raft/commands.ts';
import { MAX_NODES, validateRaftConfig, type RaftConfig } from '../../../kernel/protocols/raft/simulation.ts';
import { useRaftStore, useRaftStoreApi } from '../../store/raftContext.ts';
import { selectConfig } from '../../store/selectors.ts';

type Field = 'nodeCount' | 'seed' | 'electionTimeoutMsMin' | 'electionTimeoutMsMax' | 'heartbeatIntervalMs' | 'latencyMsMin' | 'latencyMsMax' | 'lossPercent';

const FIELDS: readonly { readonly field: Field; readonly label: string; readonly min: number; readonly max: number; readonly timing: boolean }[] = [
  { field: 'nodeCount', label: 'Nodes', min: 1, max: MAX_NODES, timing: false },
  { field: 'seed', label: 'Seed', min: 0, max: 0xffffffff, timing: false },
  { field: 'electionTimeoutMsMin', label: 'Election timeout min (ms)', min: 1, max: 600_000, timing: true },
  { field: 'electionTimeoutMsMax', label: 'Election timeout max (ms)', min: 1, max: 600_000, timing: true },
  { field: 'heartbeatIntervalMs', label: 'Heartbeat (ms)', min: 1, max: 600_000, timing: true },
  { field: 'latencyMsMin', label: 'Latency min (ms)', min: 1, max: 600_000, timing: true },
  { field: 'latencyMsMax', label: 'Latency max (ms)', min: 1, max: 600_000, timing: true },
  { field: 'lossPercent', label: 'Message loss (%)', min: 0, max: 100, timing: true },
];

export function SettingsPanel({ onRestart }: { onRestart(config: RaftConfig): void }) {
  const config = useRaftStore(selectConfig);
  const store = useRaftStoreApi();
  const id = useId();
  const [draft, setDraft] = useState<Record<Field, string>>(() => Object.fromEntries(FIELDS.map(({ field }) => [field, String(config[field])])) as Record<Field, string>);
  const [problems, setProblems] = useState<readonly string[]>([]);

  const parsed = (): RaftConfig | null => {
    const next: Record<string, number> = {};
    const found: string[] = [];
    for (const { field, label } of FIELDS) {
      const raw = draft[field].trim();
      if (!/^\d+$/.test(raw)) found.push(`${label}: enter a whole number.`);
      else next[field] = Number(raw);
    }
    const candidate = { ...config, ...next } as RaftConfig;
    found.push(...validateRaftConfig(candidate));
    setProblems(found);
    return found.length === 0 ? candidate : null;
  };

  const restart = (event: FormEvent) => {
    event.preventDefault();
    const candidate = parsed();
    if (candidate) onRestart(candidate);
  };

  const applyTiming = () => {
    const candidate = parsed();
    if (!candidate) return;
    const timing: Partial<Record<keyof RaftTiming, number>> = {};
    for (const { field, timing: isTiming } of FIELDS) if (isTiming) timing[field as keyof RaftTiming] = candidate[field];
    void store.getState().actions.act({ type: 'configure', timing });
  };

  return (
    <details className="card" data-testid="settings">
      <summary>Settings: size, seed, timing</summary>
      <form onSubmit={restart}>
        <div className="form-grid">
          {FIELDS.map(({ field, label, min, max }) => (
            <div key={field} style={{ display: 'contents' }}>
              <label htmlFor={`${id}-${field}`}>{label}</label>
              <input
                id={`${id}-${field}`}
                type="number"
                min={min}
                max={max}
                value={draft[field]}
                onChange={(event) => setDraft({ ...draft, [field]: event.target.value })}
                data-testid={`setting-${field}`}
              />
            </div>
          ))}
        </div>
        {problems.length > 0 && (
          <ul className="error-list" role="alert">
            {problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        )}
        <div className="button-row">
          <button type="submit" className="primary" data-testid="restart-run">
            Restart run with these
          </button>
          <button type="button" onClick={applyTiming} title="Recorded as an action at the current moment" data-testid="apply-timing">
            Apply timing now
          </button>
        </div>
      </form>
    </details>
  );
}
