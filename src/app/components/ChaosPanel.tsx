// Chaos mode's card for any lab whose engine has a nemesis (the kit engine's `setChaos`): on/off,
// intensity, how many faults came, and "run chaos at max speed". The lab says what its nemesis does
// and what its checks found; the store's calls come in as props.
import { memo, useId, type ReactNode } from 'react';
import type { ChaosSettings, ChaosState } from '../../worker/kit/labEngine.ts';

export interface ChaosPanelProps {
  readonly chaos: ChaosState;
  setChaos(settings: ChaosSettings): void;
  /** What this lab's nemesis does, in words. */
  readonly description: ReactNode;
  /** After "Faults injected in this run: N.": what the lab's checks say so far. */
  readonly checksSoFar: string;
  /** Switch chaos on if needed and play as fast as the lab goes. */
  runAtMaxSpeed(): void;
  readonly atMaxSpeed: boolean;
  /** The window the intensity is a chance per (Raft: 100 ms). */
  readonly windowMs?: number;
}

export const ChaosPanel = memo(function ChaosPanel({ chaos, setChaos, description, checksSoFar, runAtMaxSpeed, atMaxSpeed, windowMs = 100 }: ChaosPanelProps) {
  const id = useId();
  const set = (change: Partial<ChaosSettings>) => setChaos({ enabled: change.enabled ?? chaos.enabled, intensityPercent: change.intensityPercent ?? chaos.intensityPercent });
  const perSecond = (chaos.intensityPercent / 100) * (1000 / windowMs);
  return (
    <details className={`card chaos-panel${chaos.enabled ? ' on' : ''}`} data-testid="chaos-panel" data-enabled={chaos.enabled}>
      <summary>Chaos mode{chaos.enabled ? `: on, ${chaos.intensityPercent}%` : ''}</summary>
      <p className="switch-text">{description}</p>
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
          aria-valuetext={`${chaos.intensityPercent}% of ${windowMs} ms windows bring a fault`}
          data-testid="chaos-intensity"
        />
      </div>
      <p className="muted">{`${chaos.intensityPercent}% of ${windowMs} ms windows bring a fault: about ${perSecond.toFixed(1)} faults per simulated second.`}</p>
      <p data-testid="chaos-faults" data-count={chaos.faultCount}>
        {`Faults injected in this run: ${chaos.faultCount}. ${checksSoFar}`}
      </p>
      <div className="button-row">
        <button type="button" disabled={atMaxSpeed && chaos.enabled} onClick={runAtMaxSpeed} data-testid="chaos-max-speed">
          Run chaos at max speed
        </button>
      </div>
    </details>
  );
});
