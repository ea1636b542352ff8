// The logs as one grid, as in Figures 7 and 8 of the Raft paper and in RaftScope: a row per server, a
// column per log index, the term in each cell, coloured by term; committed entries solid, the rest dashed.
import { memo } from 'react';
import type { NodeId } from '../../../kernel/protocols/raft/types.ts';
import { termColor } from '../../geometry/termColors.ts';
import { useRaftStore } from '../../store/raftContext.ts';
import { selectHighlightFor, selectNode, selectNodeIds, selectNodesById } from '../../store/selectors.ts';

/** Columns drawn at most; older entries are summarised (the grid scrolls sideways for the rest). */
const MAX_COLUMNS = 40;

export function LogGrid() {
  const nodeIds = useRaftStore(selectNodeIds);
  const nodesById = useRaftStore(selectNodesById);
  let longest = 0;
  let clusterCommit = 0;
  for (const id of nodeIds) {
    const node = nodesById[id];
    if (!node) continue;
    longest = Math.max(longest, node.log.length);
    clusterCommit = Math.max(clusterCommit, node.commitIndex);
  }
  const first = Math.max(1, longest - MAX_COLUMNS + 1);
  const indexes = Array.from({ length: Math.max(0, longest - first + 1) }, (_, offset) => first + offset);
  return (
    <section className="log-grid card" aria-labelledby="log-grid-title" data-testid="log-grid" data-longest={longest} data-cluster-commit={clusterCommit}>
      <h2 id="log-grid-title">
        Logs <span className="muted">— term in each entry; solid = committed (as that server knows), dashed = not committed yet</span>
      </h2>
      {longest === 0 ? (
        <p className="muted">No entries yet: send a client write (the “Request” button or R on a node).</p>
      ) : (
        <div className="log-grid-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">server</th>
                {first > 1 && <th scope="col" className="log-grid-earlier">…{first - 1}</th>}
                {indexes.map((index) => (
                  <th key={index} scope="col" className={index <= clusterCommit ? 'index committed' : 'index'}>
                    {index}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {nodeIds.map((id) => (
                <LogRow key={id} id={id} indexes={indexes} hasEarlier={first > 1} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {nodeIds.map((id) => {
        const node = nodesById[id];
        if (!node || node.role !== 'crashed') return null;
        // Dashed on a crashed server reads as "lost": say why it is not.
        const safeUpTo = Math.min(node.log.length, clusterCommit);
        if (safeUpTo <= node.commitIndex) return null;
        return (
          <p key={id} className="log-grid-note" data-testid={`log-note-${id}`}>
            {id} is down: its commitIndex lived in memory and was lost in the crash, so its entries show dashed. They are on its disk, and{' '}
            {safeUpTo === 1 ? 'entry 1 is' : `entries up to ${safeUpTo} are`} committed on a majority: never undone, {id} learns it again from the leader.
          </p>
        );
      })}
    </section>
  );
}

const LogRow = memo(function LogRow({ id, indexes, hasEarlier }: { readonly id: NodeId; readonly indexes: readonly number[]; readonly hasEarlier: boolean }) {
  const node = useRaftStore(selectNode(id));
  /** The log entry a highlighted violation is about (> 0), if it concerns this server. */
  const markIndex = useRaftStore(selectHighlightFor(id));
  if (!node) return null;
  const crashed = node.role === 'crashed';
  return (
    <tr data-testid={`log-row-${id}`} data-commit-index={node.commitIndex} className={crashed ? 'crashed' : undefined}>
      <th scope="row" style={{ borderLeftColor: termColor(node.term) }}>
        <span className="log-grid-id">{id}</span> <span className="log-grid-role">{crashed ? 'down' : node.role}</span> <span className="log-grid-term">t{node.term}</span>
      </th>
      {hasEarlier && <td className="log-grid-earlier" />}
      {indexes.map((index) => {
        const entry = node.log[index - 1];
        if (!entry) return <td key={index} className="empty" />;
        const committed = index <= node.commitIndex;
        const marked = index === markIndex;
        const color = termColor(entry.term);
        const where = crashed
          ? 'its commitIndex is volatile: lost in the crash, it learns it again from the leader; the entry itself is on disk'
          : committed
            ? 'committed: on a majority, it will never be undone'
            : 'not committed yet (as this server knows)';
        return (
          <td
            key={index}
            className={`entry${committed ? ' committed' : ''}${marked ? ' marked' : ''}`}
            style={committed ? { background: color, borderColor: color } : { borderColor: color }}
            data-term={entry.term}
            data-committed={committed}
            data-marked={marked || undefined}
            title={`${id}, index ${index}: term ${entry.term}, value ${entry.value} — ${where}${marked ? ' (the entry the highlighted violation is about)' : ''}`}
          >
            {entry.term}
          </td>
        );
      })}
    </tr>
  );
});
