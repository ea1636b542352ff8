// Issue reads and writes: which client, through which coordinator, at which level; the R + W > N
// condition live; crash/restart and heal buttons (the keyboard path to what the canvas does by drag).
import { memo, useId, useState } from 'react';
import { requiredReplies, type ConsistencyLevel } from '../../../kernel/protocols/quorum/index.ts';
import { useQuorumStore, useQuorumStoreApi } from './quorumContext.ts';
import { selectClients, selectForm, selectGroups, selectMode, selectNextValue, selectReplicas, selectReplicationFactor } from './quorumStore.ts';

const NAMED_LEVELS: readonly ConsistencyLevel[] = ['ONE', 'QUORUM', 'ALL'];

function levelValue(level: ConsistencyLevel): string {
  return typeof level === 'number' ? `n${level}` : level;
}

function parseLevel(value: string): ConsistencyLevel {
  return value.startsWith('n') ? Number(value.slice(1)) : (value as ConsistencyLevel);
}

function LevelSelect({ label, value, replicationFactor, onChange, testId }: { label: string; value: ConsistencyLevel; replicationFactor: number; onChange(level: ConsistencyLevel): void; testId: string }) {
  const id = useId();
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <select id={id} value={levelValue(value)} onChange={(event) => onChange(parseLevel(event.target.value))} data-testid={testId}>
        {NAMED_LEVELS.map((level) => (
          <option key={String(level)} value={levelValue(level)}>
            {`${String(level)} (${requiredReplies(level, replicationFactor)})`}
          </option>
        ))}
        {Array.from({ length: replicationFactor }, (_, index) => index + 1).map((count) => (
          <option key={count} value={`n${count}`}>
            {`exactly ${count}`}
          </option>
        ))}
      </select>
    </>
  );
}

export const OperationPanel = memo(function OperationPanel() {
  const store = useQuorumStoreApi();
  const form = useQuorumStore(selectForm);
  const clients = useQuorumStore(selectClients);
  const replicas = useQuorumStore(selectReplicas);
  const mode = useQuorumStore(selectMode);
  const replicationFactor = useQuorumStore(selectReplicationFactor);
  const nextValue = useQuorumStore(selectNextValue);
  const id = useId();
  const { actions } = store.getState();
  const r = requiredReplies(form.readLevel, replicationFactor);
  const w = requiredReplies(form.writeLevel, replicationFactor);
  const overlap = r + w > replicationFactor;
  const consensus = mode === 'consensus';
  return (
    <section className="card q-operations" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Operations</h2>
      <div className="form-grid">
        <label htmlFor={`${id}-client`}>Client</label>
        <select id={`${id}-client`} value={form.client} onChange={(event) => actions.setForm({ client: event.target.value })} data-testid="op-client">
          {clients?.map((client) => (
            <option key={client.id} value={client.id}>
              {client.id}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-via`}>Coordinator</label>
        <select id={`${id}-via`} value={form.coordinator} onChange={(event) => actions.setForm({ coordinator: event.target.value })} data-testid="op-via">
          <option value="auto">auto (home or load balancer)</option>
          {replicas?.map((replica) => (
            <option key={replica.id} value={replica.id}>
              {replica.id}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-key`}>Key</label>
        <input id={`${id}-key`} value={form.key} maxLength={12} onChange={(event) => actions.setForm({ key: event.target.value })} data-testid="op-key" />
        {!consensus && (
          <>
            <LevelSelect label="Read level R" value={form.readLevel} replicationFactor={replicationFactor} onChange={(readLevel) => actions.setForm({ readLevel })} testId="op-read-level" />
            <LevelSelect label="Write level W" value={form.writeLevel} replicationFactor={replicationFactor} onChange={(writeLevel) => actions.setForm({ writeLevel })} testId="op-write-level" />
          </>
        )}
      </div>
      <div className="button-row">
        <button type="button" className="primary" onClick={() => void actions.issue('write')} aria-keyshortcuts="W" data-testid="op-write">
          {`Write ${form.key || 'x'}=${nextValue} (W)`}
        </button>
        <button type="button" className="primary" onClick={() => void actions.issue('read')} aria-keyshortcuts="R" data-testid="op-read">
          {`Read ${form.key || 'x'} (R)`}
        </button>
      </div>
      {consensus ? (
        <p className="q-condition" data-testid="rw-condition" data-overlap="consensus">
          Consensus mode: every read and write goes through the Raft log, so a majority decides (levels do not apply).
        </p>
      ) : (
        <p className={`q-condition ${overlap ? 'ok' : 'bad'}`} data-testid="rw-condition" data-overlap={overlap}>
          <strong>{overlap ? '✓ overlap' : '✗ no overlap'}</strong>
          {` R + W = ${r} + ${w} = ${r + w} ${overlap ? '>' : '≤'} N = ${replicationFactor}: `}
          {overlap ? 'every read quorum meets every write quorum, so a read sees the latest acknowledged write (without sloppy quorum).' : 'a read quorum can miss the replicas that took the latest write: stale reads are possible.'}
        </p>
      )}
      {!consensus && (
        <p className="q-condition-advice muted" data-testid="level-advice">
          {LEVEL_ADVICE}
        </p>
      )}
    </section>
  );
});

/** The trade the levels make, in one line, beside the overlap check. */
export const LEVEL_ADVICE =
  'Pick ONE when answering through a partition matters more than fresh data; QUORUM for fresh reads (R + W > N) while a minority is down or cut off; ALL only if every copy must be written first: one unreachable replica refuses it.';

/** Crash/restart per replica, heal, and a one-click split: the keyboard path to the canvas gestures. */
export const FaultPanel = memo(function FaultPanel() {
  const store = useQuorumStoreApi();
  const replicas = useQuorumStore(selectReplicas);
  const clients = useQuorumStore(selectClients);
  const groups = useQuorumStore(selectGroups);
  const { actions } = store.getState();
  const partitioned = (groups?.length ?? 1) > 1;
  const split = () => {
    if (!replicas || !clients) return;
    // The first replica and client alone (a minority), the rest together.
    const minority = [replicas[0]!.id, clients[0]!.id];
    const majority = [...replicas.slice(1).map((replica) => replica.id), ...clients.slice(1).map((client) => client.id)];
    void actions.act({ type: 'partition', groups: [minority, majority] });
  };
  return (
    <section className="card" aria-label="Faults">
      <h2>Faults</h2>
      <div className="button-row">
        {replicas?.map((replica) => (
          <button key={replica.id} type="button" onClick={() => void actions.act(replica.role === 'crashed' ? { type: 'restart', node: replica.id } : { type: 'crash', node: replica.id })} data-testid={`crash-${replica.id}`}>
            {replica.role === 'crashed' ? `Restart ${replica.id}` : `Crash ${replica.id}`}
          </button>
        ))}
      </div>
      <MoveForm />
      <div className="button-row">
        <button type="button" onClick={split} data-testid="split">
          Split r1,c1 | rest
        </button>
        <button type="button" onClick={() => void actions.act({ type: 'heal' })} disabled={!partitioned} data-testid="heal">
          Heal partition
        </button>
      </div>
    </section>
  );
});

/** The keyboard path to dragging: move any replica or client onto an island, or onto a new one. */
function MoveForm() {
  const store = useQuorumStoreApi();
  const replicas = useQuorumStore(selectReplicas);
  const clients = useQuorumStore(selectClients);
  const groups = useQuorumStore(selectGroups);
  const id = useId();
  const [endpoint, setEndpoint] = useState('r1');
  const [target, setTarget] = useState('new');
  const endpoints = [...(replicas ?? []).map((replica) => replica.id), ...(clients ?? []).map((client) => client.id)];
  const islandCount = groups?.length ?? 1;
  const move = () => {
    const { actions } = store.getState();
    if (target === 'new') void actions.act({ type: 'isolate', node: endpoint });
    else void actions.act({ type: 'move', node: endpoint, group: Number(target) });
  };
  return (
    <div className="button-row">
      <label htmlFor={`${id}-endpoint`}>Move</label>
      <select id={`${id}-endpoint`} value={endpoint} onChange={(event) => setEndpoint(event.target.value)} data-testid="move-endpoint">
        {endpoints.map((candidate) => (
          <option key={candidate} value={candidate}>
            {candidate}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-target`}>to</label>
      <select id={`${id}-target`} value={target} onChange={(event) => setTarget(event.target.value)} data-testid="move-target">
        {Array.from({ length: islandCount }, (_, index) => (
          <option key={index} value={String(index)}>
            {`island ${index + 1}`}
          </option>
        ))}
        <option value="new">a new island</option>
      </select>
      <button type="button" onClick={move} data-testid="move-go">
        Move
      </button>
    </div>
  );
}
