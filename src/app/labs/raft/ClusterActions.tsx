// Actions on the whole cluster: a client write to the leader, heal every partition and cut link.
import { useRaftStore, useRaftStoreApi } from '../../store/raftContext.ts';
import { currentLeaderId } from '../../store/selectors.ts';
import { selectCuts, selectGroups } from '../../store/selectors.ts';

export function ClusterActions() {
  const store = useRaftStoreApi();
  const leader = useRaftStore(currentLeaderId);
  const groups = useRaftStore(selectGroups);
  const cuts = useRaftStore(selectCuts);
  const healthy = groups.length <= 1 && cuts.length === 0;
  return (
    <section className="card" aria-label="Cluster actions">
      <h2>Cluster</h2>
      <p>
        Leader: <strong data-testid="current-leader">{leader ?? 'none'}</strong>
      </p>
      <div className="button-row">
        <button type="button" onClick={() => void store.getState().actions.sendRequest()} data-testid="request-to-leader">
          Client request to leader
        </button>
        <button type="button" disabled={healthy} onClick={() => void store.getState().actions.act({ type: 'heal' })} data-testid="heal">
          Heal network
        </button>
      </div>
    </section>
  );
}
