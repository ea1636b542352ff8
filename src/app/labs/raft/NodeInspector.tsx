// The selected node: actions (crash, restart, timeout, request, isolate, move, links) and its state
// — term, votedFor, commitIndex, log, and for a leader nextIndex/matchIndex per follower.
import { useId, useState } from 'react';
import type { RaftNodeView } from '../../../kernel/protocols/raft/run.ts';
import { useRaftStore, useRaftStoreApi } from '../../store/raftContext.ts';
import { selectCuts, selectGroups, selectNode, selectNodeIds, selectSelectedNodeId } from '../../store/selectors.ts';

export function NodeInspector() {
  const selectedId = useRaftStore(selectSelectedNodeId);
  const nodeIds = useRaftStore(selectNodeIds);
  const store = useRaftStoreApi();
  const pickerId = useId();
  return (
    <section className="card" aria-labelledby={`${pickerId}-title`} data-testid="inspector">
      <h2 id={`${pickerId}-title`}>Node</h2>
      <label htmlFor={pickerId}>Inspect </label>
      <select id={pickerId} value={selectedId ?? ''} onChange={(event) => store.getState().actions.select(event.target.value || null)} data-testid="inspector-picker">
        <option value="">(none)</option>
        {nodeIds.map((id) => (
          <option key={id} value={id}>
            {id}
          </option>
        ))}
      </select>
      {selectedId ? <InspectedNode id={selectedId} /> : <p className="muted">Click a node, or Tab to it and press Enter, to act on it and see its state.</p>}
    </section>
  );
}

function InspectedNode({ id }: { readonly id: string }) {
  const node = useRaftStore(selectNode(id));
  const store = useRaftStoreApi();
  const [value, setValue] = useState('');
  if (!node) return <p>No node {id} in this run.</p>;
  const crashed = node.role === 'crashed';
  const act = store.getState().actions.act;
  return (
    <div data-testid={`inspector-${id}`}>
      <p>
        <strong>{id}</strong> is <strong>{node.role}</strong> in term <strong>{node.term}</strong>
        {node.leaderId && node.leaderId !== id ? `, following ${node.leaderId}` : ''}.
      </p>
      <div className="button-row">
        {crashed ? (
          <button type="button" onClick={() => void act({ type: 'restart', node: id })} data-testid="action-restart">
            Restart
          </button>
        ) : (
          <button type="button" onClick={() => void act({ type: 'crash', node: id })} data-testid="action-crash">
            Crash
          </button>
        )}
        <button type="button" disabled={crashed || node.role === 'leader'} onClick={() => void act({ type: 'timeout', node: id })} data-testid="action-timeout">
          Force election timeout
        </button>
      </div>
      <form
        className="button-row"
        onSubmit={(event) => {
          event.preventDefault();
          void store.getState().actions.sendRequest(id, value.trim() || undefined);
          setValue('');
        }}
      >
        <input aria-label={`Value to write through ${id}`} placeholder="value (auto)" value={value} onChange={(event) => setValue(event.target.value)} size={10} />
        <button type="submit" data-testid="action-request">
          Send client request to {id}
        </button>
      </form>
      <PartitionActions node={node} />
      <NodeState node={node} />
    </div>
  );
}

function PartitionActions({ node }: { readonly node: RaftNodeView }) {
  const groups = useRaftStore(selectGroups);
  const cuts = useRaftStore(selectCuts);
  const nodeIds = useRaftStore(selectNodeIds);
  const store = useRaftStoreApi();
  const act = store.getState().actions.act;
  const alone = groups[node.partition]?.length === 1;
  return (
    <details>
      <summary>Network (keyboard alternative to dragging)</summary>
      <div className="button-row">
        <button type="button" disabled={alone} onClick={() => void act({ type: 'isolate', node: node.id })}>
          Isolate {node.id}
        </button>
        {groups.map((members, index) =>
          index === node.partition ? null : (
            <button key={index} type="button" onClick={() => void act({ type: 'move', node: node.id, group: index })}>
              Move to island {index + 1} ({members.join(', ')})
            </button>
          ),
        )}
      </div>
      <div className="button-row">
        {nodeIds
          .filter((other) => other !== node.id)
          .map((other) => {
            const cut = cuts.some(([from, to]) => (from === node.id && to === other) || (from === other && to === node.id));
            return (
              <button
                key={other}
                type="button"
                aria-pressed={cut}
                onClick={() => void act(cut ? { type: 'restore-link', from: node.id, to: other, bothWays: true } : { type: 'cut', from: node.id, to: other, bothWays: true })}
              >
                {cut ? `Restore link to ${other}` : `Cut link to ${other}`}
              </button>
            );
          })}
      </div>
    </details>
  );
}

function NodeState({ node }: { readonly node: RaftNodeView }) {
  const timer = node.electionTimer;
  return (
    <>
      <dl className="kv">
        <dt>term</dt>
        <dd data-testid="inspector-term">{node.term}</dd>
        <dt>votedFor</dt>
        <dd>{node.votedFor ?? '—'}</dd>
        <dt>commitIndex</dt>
        <dd>{node.commitIndex}</dd>
        <dt>log length</dt>
        <dd>{node.log.length}</dd>
        <dt>island</dt>
        <dd>{node.partition + 1}</dd>
        <dt>election timer</dt>
        <dd>{timer ? `fires at ${timer.deadlineMs} ms` : node.role === 'leader' ? 'off (leader)' : 'off'}</dd>
        {node.role === 'candidate' && (
          <>
            <dt>votes</dt>
            <dd>{node.votesGranted.join(', ') || '—'}</dd>
          </>
        )}
      </dl>
      {node.role === 'leader' && Object.keys(node.nextIndex).length > 0 && (
        <table className="compact" aria-label={`${node.id}'s replication state per follower`}>
          <thead>
            <tr>
              <th scope="col">follower</th>
              <th scope="col">nextIndex</th>
              <th scope="col">matchIndex</th>
            </tr>
          </thead>
          <tbody>
            {Object.keys(node.nextIndex).map((follower) => (
              <tr key={follower}>
                <th scope="row">{follower}</th>
                <td>{node.nextIndex[follower]}</td>
                <td>{node.matchIndex[follower] ?? 0}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3 className="sr-heading">Log</h3>
      {node.log.length === 0 ? (
        <p>The log is empty.</p>
      ) : (
        <div className="log-table-wrap" tabIndex={0} aria-label={`${node.id}'s log`}>
          <table className="compact">
            <thead>
              <tr>
                <th scope="col">index</th>
                <th scope="col">term</th>
                <th scope="col">value</th>
                <th scope="col">state</th>
              </tr>
            </thead>
            <tbody>
              {node.log.map((entry, offset) => {
                const index = offset + 1;
                const committed = index <= node.commitIndex;
                return (
                  <tr key={index} className={committed ? undefined : 'uncommitted'}>
                    <td>{index}</td>
                    <td>{entry.term}</td>
                    <td>{entry.value}</td>
                    <td>{committed ? 'committed' : 'not committed'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
