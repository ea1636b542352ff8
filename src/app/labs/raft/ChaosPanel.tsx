// Chaos mode (a Jepsen-style nemesis): random crashes, restarts, partitions, heals, message loss and
// client writes drawn from the seed, applied by the worker as recorded actions, with the checker on.
// The card is the kit's (components/ChaosPanel.tsx); this file connects it to the Raft store.
import { memo } from 'react';
import { ChaosPanel as KitChaosPanel } from '../../components/ChaosPanel.tsx';
import { useRaftStore, useRaftStoreApi } from '../../store/raftContext.ts';
import { selectChaos, selectSpeed, selectViolationCountSoFar } from '../../store/selectors.ts';

export const ChaosPanel = memo(function ChaosPanel() {
  const chaos = useRaftStore(selectChaos);
  const speed = useRaftStore(selectSpeed);
  const violations = useRaftStore(selectViolationCountSoFar);
  const { actions } = useRaftStoreApi().getState();
  return (
    <KitChaosPanel
      chaos={chaos}
      setChaos={(settings) => void actions.setChaos(settings)}
      description="Like Jepsen's nemesis: random crashes, restarts, partitions, heals, message loss and client writes, drawn from the seed. Each fault is recorded as a user action (marked on the timeline), so scrubbing back replays it exactly. The safety panel keeps checking every event."
      checksSoFar={`Violations so far: ${violations}.`}
      atMaxSpeed={speed === 'max'}
      runAtMaxSpeed={() => {
        if (!chaos.enabled) void actions.setChaos({ enabled: true, intensityPercent: chaos.intensityPercent });
        actions.setSpeed('max');
        actions.play();
      }}
    />
  );
});
