// Chaos mode (a Jepsen-style nemesis): random crashes, restarts, partitions, heals, message loss and
// client writes drawn from the seed, applied by the worker as recorded actions, with the checker on.
import { memo, useId } from 'react';
import { useRaftStore, useRaftStoreApi } from '../../store/raftContext.ts';
import { selectChaos, selectSpeed, selectViolationCountSoFar } from '../../store/selectors.ts';

export const ChaosPanel = memo(function ChaosPanel() {
  const chaos = useRaftStore(selectChaos);
  const speed = useRaftStore(selectSpeed);
  const violations = useRaftStore(selectViolationCountSoFar);
  const store = useRaftStoreApi();
  const id = useId();
  const { actions } = store.getState();
  const set = (change: Partial<{ enabled: boolean; intensityPercent: number }>) =>
    void actions.setChaos({ enabled: change.enabled ?? chaos.enabled, intensityPercent: change.intensityPercent ?? chaos.intensityPercent });
  return (
    <details className={`card chaos-panel${chaos.enabled ? ' on' : ''}`} data-testid="chaos-panel" data-enabled={chaos.enabled}>
      <summary>Chaos mode{chaos.enabled ? `: on, ${chaos.intensityPercent}%` : ''}</summary>
      <p className="switch-text">
        Like Jepsen's nemesis: random crashes, restarts, partitions, heals, message loss and client writes, drawn from the seed. Each fault is recorded
        as a user action (marked on the timeline), so scrubbing back replays it exactly. The safety panel keeps checking every event.
      </p>
      <div className="switch-head">
        <input id={`${id}-on`} type="checkbox" checked={chaos.enabled} onChange={(event) => set({ enabled: event.target.checked })} data-testid="chaos-toggle" />
        <label htmlFor={`${id}-on`}>
          <strong>Chaos on</strong>
        </label>
      </div>
      <div className="form-grid">
        <label htmlFor={`${id}-intensity`}>Intensity</label>
        <input
          id={`${id}-intensity`}
          type="range"
          min={5}
          max={100}
          step={5}
          value={chaos.intensityPercent}
          onChange={(event) => set({ intensityPercent: Number(event.target.value) })}
          aria-valuetext={`${chaos.intensityPercent}% of 100 ms windows bring a fault`}
          data-testid="chaos-intensity"
        />
      </div>
      <p className="muted">{`${chaos.intensityPercent}% of 100 ms windows bring a fault: about ${(chaos.intensityPercent / 10).toFixed(1)} faults per simulated second.`}</p>
      <p data-testid="chaos-faults" data-count={chaos.faultCount}>
        {`Faults injected in this run: ${chaos.faultCount}. Violations so far: ${violations}.`}
      </p>
      <div className="button-row">
        <button
          type="button"
          disabled={speed === 'max' && chaos.enabled}
          onClick={() => {
            if (!chaos.enabled) set({ enabled: true });
            actions.setSpeed('max');
            actions.play();
          }}
          data-testid="chaos-max-speed"
        >
          Run chaos at max speed
        </button>
      </div>
    </details>
  );
});
