// ===== TIMELINE SLOT =====
// The space-time diagram (src/app/components/timeline/, built separately) below the cluster, fed
// from this lab's store: the mirrored trace, the shown moment, and seeks back into the store.
import { useMemo } from 'react';
import { SpaceTimeDiagram } from '../../components/timeline/index.ts';
import { useRaftStore, useRaftStoreApi } from '../../store/raftContext.ts';
import { selectHeadMs, selectHighlight, selectNodeIds, selectNowMs, selectTraceEpoch, selectTraceVersion } from '../../store/selectors.ts';
import { INVARIANT_TITLES } from './safetyText.ts';

export function TimelineSlot() {
  const store = useRaftStoreApi();
  const nodeIds = useRaftStore(selectNodeIds);
  const nowMs = useRaftStore(selectNowMs);
  const headMs = useRaftStore(selectHeadMs);
  const traceEpoch = useRaftStore(selectTraceEpoch);
  // The trace is mirrored in place; its version makes this re-render when it grows.
  useRaftStore(selectTraceVersion);
  const violation = useRaftStore(selectHighlight);
  const highlight = useMemo(
    () => (violation ? { timeMs: violation.timeMs, nodes: violation.nodes, label: `${INVARIANT_TITLES[violation.violation.name]} violated (${violation.nodes.join(', ')})` } : null),
    [violation],
  );
  return (
    <section className="timeline-slot" aria-label="Timeline" data-testid="timeline-slot">
      <h2 style={{ fontSize: '1rem', margin: '2px 0' }}>Timeline</h2>
      <SpaceTimeDiagram trace={store.trace.events} traceEpoch={traceEpoch} nodeIds={nodeIds} nowMs={nowMs} headMs={headMs} onSeek={store.getState().actions.seek} highlight={highlight} />
    </section>
  );
}
