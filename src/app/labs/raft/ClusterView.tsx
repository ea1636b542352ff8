// The Raft cluster on the kit's canvas (components/ClusterCanvas.tsx): Raft's node glyphs and messages;
// drag a node between islands or into empty space, click a link to cut or restore it.
import { useCallback } from 'react';
import { useReducedMotion } from 'motion/react';
import type { NetworkCommand } from '../../../kernel/net/commands.ts';
import type { RaftCommand } from '../../../kernel/protocols/raft/commands.ts';
import type { Island } from '../../geometry/clusterLayout.ts';
import { ClusterCanvas } from '../../components/ClusterCanvas.tsx';
import { useRaftStore, useRaftStoreApi } from '../../store/raftContext.ts';
import { selectAnyBug, selectCuts, selectGroups, selectNodeIds, selectSelectedNodeId } from '../../store/selectors.ts';
import { MessageLayer } from './MessageLayer.tsx';
import { NodeGlyph } from './NodeGlyph.tsx';

/** Room around a Raft glyph: its timer ring and PreVote/violation badges above, its role label below (its log is in the grid). */
const RAFT_NODE_CLEARANCE = 62;

export function ClusterView() {
  const store = useRaftStoreApi();
  const nodeIds = useRaftStore(selectNodeIds);
  const groups = useRaftStore(selectGroups);
  const cuts = useRaftStore(selectCuts);
  const selectedNodeId = useRaftStore(selectSelectedNodeId);
  const broken = useRaftStore(selectAnyBug);
  const reducedMotion = useReducedMotion() ?? false;
  const act = useCallback((command: NetworkCommand) => void store.getState().actions.act(command as RaftCommand), [store]);
  const islandLabel = useCallback(
    (island: Island) => `Island ${island.index + 1}: ${island.members.length} of ${nodeIds.length}${island.members.length * 2 > nodeIds.length ? ' (majority)' : ''}`,
    [nodeIds.length],
  );
  return (
    <ClusterCanvas
      endpointIds={nodeIds}
      linkedIds={nodeIds}
      groups={groups}
      cuts={cuts}
      act={act}
      islandLabel={islandLabel}
      renderNode={(id, x, y, dragging) => <NodeGlyph id={id} x={x} y={y} dragging={dragging} selected={selectedNodeId === id} />}
      renderMessages={(positions) => <MessageLayer positions={positions} reducedMotion={reducedMotion} />}
      hint="Drag a node to partition the network; click a link to cut it"
      testId="cluster-view"
      ariaLabel="Cluster"
      {...(broken ? { className: 'broken' } : {})}
      data={{ broken: String(broken) }}
      before={
        broken && (
          <p className="broken-tag" aria-hidden="true">
            ⚠ BROKEN ON PURPOSE
          </p>
        )
      }
      nodeClearance={RAFT_NODE_CLEARANCE}
    />
  );
}
