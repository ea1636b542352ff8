// The store's switches: mode and size restart the run (through the URL); read repair, sloppy quorum
// and the session guarantees change the running store (recorded like any other action).
import { memo, useId, useState } from 'react';
import type { QuorumConfig } from '../../../kernel/protocols/quorum/index.ts';
import { useQuorumStore, useQuorumStoreApi } from './quorumContext.ts';
import { selectClients, selectMode, selectReplicationFactor, selectReplicas, selectSettings } from './quorumStore.ts';

export const SettingsPanel = memo(function SettingsPanel({ config, onRestart }: { readonly config: QuorumConfig; onRestart(overrides: Partial<QuorumConfig>): void }) {
  const store = useQuorumStoreApi();
  const settings = useQuorumStore(selectSettings);
  const mode = useQuorumStore(selectMode);
  const clients = useQuorumStore(selectClients);
  const replicas = useQuorumStore(selectReplicas);
  const replicationFactor = useQuorumStore(selectReplicationFactor);
  const id = useId();
  const [size, setSize] = useState({ replicas: config.replicaCount, clients: config.clientCount, rf: config.replicationFactor });
  if (!settings) return null;
  const { actions } = store.getState();
  const leaderless = mode === 'leaderless';
  const ryw = clients?.every((client) => client.readYourWrites) ?? false;
  const monotonic = clients?.every((client) => client.monotonicReads) ?? false;
  const session = (change: { readYourWrites?: boolean; monotonicReads?: boolean }) => {
    for (const client of clients ?? []) void actions.act({ type: 'session', client: client.id, ...change });
  };
  const sloppyPossible = replicationFactor < (replicas?.length ?? 0);
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Store settings</h2>
      <fieldset className="q-mode" data-testid="mode-switch">
        <legend>Mode (restarts the run)</legend>
        <label>
          <input type="radio" name={`${id}-mode`} checked={leaderless} onChange={() => onRestart({ mode: 'leaderless' })} /> Leaderless (Dynamo quorums)
        </label>
        <label>
          <input type="radio" name={`${id}-mode`} checked={!leaderless} onChange={() => onRestart({ mode: 'consensus' })} /> Consensus (Raft log)
        </label>
      </fieldset>
      <div className="q-switches">
        <label>
          <input type="checkbox" checked={settings.readRepair} disabled={!leaderless} onChange={(event) => void actions.configure({ readRepair: event.target.checked })} data-testid="switch-read-repair" /> Read repair
        </label>
        <label title={sloppyPossible ? '' : 'Needs N (copies per key) below the number of replicas: set N below.'}>
          <input type="checkbox" checked={settings.sloppyQuorum} disabled={!leaderless || !sloppyPossible} onChange={(event) => void actions.configure({ sloppyQuorum: event.target.checked })} data-testid="switch-sloppy" /> Sloppy quorum + hinted handoff
          {!sloppyPossible && <span className="muted"> (needs N copies per key below the replica count: set N under “Size and copies”)</span>}
        </label>
        <label>
          <input type="checkbox" checked={ryw} onChange={(event) => session({ readYourWrites: event.target.checked })} data-testid="switch-ryw" /> Read-your-writes (every client)
        </label>
        <label>
          <input type="checkbox" checked={monotonic} onChange={(event) => session({ monotonicReads: event.target.checked })} data-testid="switch-monotonic" /> Monotonic reads (every client)
        </label>
      </div>
      <details>
        <summary>Size and copies (restarts the run)</summary>
        <div className="form-grid">
          <label htmlFor={`${id}-replicas`}>Replicas</label>
          <input id={`${id}-replicas`} type="number" min={3} max={7} value={size.replicas} onChange={(event) => setSize({ ...size, replicas: Number(event.target.value), rf: Math.min(size.rf, Number(event.target.value)) })} />
          <label htmlFor={`${id}-clients`}>Clients</label>
          <input id={`${id}-clients`} type="number" min={1} max={5} value={size.clients} onChange={(event) => setSize({ ...size, clients: Number(event.target.value) })} />
          <label htmlFor={`${id}-rf`}>N (copies per key)</label>
          <input id={`${id}-rf`} type="number" min={1} max={size.replicas} value={size.rf} onChange={(event) => setSize({ ...size, rf: Number(event.target.value) })} />
        </div>
        <button type="button" onClick={() => onRestart({ replicaCount: size.replicas, clientCount: size.clients, replicationFactor: size.rf })}>
          Restart with these
        </button>
      </details>
    </section>
  );
});
