// "Break it" switches (each removes one rule of Raft) and the extensions real systems add. Changing
// one restarts the run with the same seed and puts the switch in the URL; each has its preset.
import { memo, useId } from 'react';
import type { RaftConfig } from '../../../kernel/protocols/raft/simulation.ts';
import type { SwitchGroup } from './raftUrl.ts';
import { RAFT_BUGS, type RaftBug, type RaftFeatures } from '../../../kernel/protocols/raft/types.ts';
import { useRaftStore, useRaftStoreApi } from '../../store/raftContext.ts';
import { selectBugs, selectFeatures } from '../../store/selectors.ts';
import { BUG_TEXT, FEATURE_NAMES, FEATURE_TEXT, type SwitchText } from './safetyText.ts';
import { raftPresets } from './scenarioPresets.ts';

interface SwitchProps {
  /** Restart with the changed switches (keeping a loaded preset, with the switches over its header). */
  onSwitch(config: RaftConfig, group: SwitchGroup): void;
}

export const BreakItPanel = memo(function BreakItPanel({ onSwitch }: SwitchProps) {
  const bugs = useRaftStore(selectBugs);
  const store = useRaftStoreApi();
  const id = useId();
  const toggle = (bug: RaftBug, on: boolean) => {
    const config = store.getState().config;
    const next = on ? [...config.bugs, bug] : config.bugs.filter((other) => other !== bug);
    onSwitch({ ...config, bugs: RAFT_BUGS.filter((name) => next.includes(name)) }, 'bugs');
  };
  return (
    <details className={`card switch-panel${bugs.length > 0 ? ' broken' : ''}`} data-testid="break-it" open={bugs.length > 0 || undefined}>
      <summary>
        Break it{bugs.length > 0 ? `: ${bugs.length} rule${bugs.length === 1 ? '' : 's'} removed` : ' (each switch removes one rule)'}
      </summary>
      <p className="muted">
        Turning a switch on or off restarts the run with the same seed (with a preset open, the preset restarts with the switch applied). Each
        preset shows the failure step by step.
      </p>
      {RAFT_BUGS.map((bug) => (
        <SwitchRow key={bug} inputId={`${id}-${bug}`} testId={`bug-${bug}`} text={BUG_TEXT[bug]} on={bugs.includes(bug)} onChange={(on) => toggle(bug, on)} />
      ))}
    </details>
  );
});

export const ExtensionsPanel = memo(function ExtensionsPanel({ onSwitch }: SwitchProps) {
  const features = useRaftStore(selectFeatures);
  const store = useRaftStoreApi();
  const id = useId();
  const onCount = FEATURE_NAMES.filter((name) => features[name]).length;
  const toggle = (name: keyof RaftFeatures, on: boolean) => {
    const config = store.getState().config;
    onSwitch({ ...config, features: { ...config.features, [name]: on } }, 'features');
  };
  return (
    <details className="card switch-panel" data-testid="extensions">
      <summary>Extensions (etcd){onCount > 0 ? `: ${onCount} on` : ''}</summary>
      <p className="muted">Options real systems add to the paper's Raft, off by default. Changing one restarts the run with the same seed.</p>
      {FEATURE_NAMES.map((name) => (
        <SwitchRow key={name} inputId={`${id}-${name}`} testId={`feature-${name}`} text={FEATURE_TEXT[name]} on={features[name]} onChange={(on) => toggle(name, on)} />
      ))}
    </details>
  );
});

function SwitchRow({ inputId, testId, text, on, onChange }: { inputId: string; testId: string; text: SwitchText; on: boolean; onChange(on: boolean): void }) {
  return (
    <div className={`switch-row${on ? ' on' : ''}`}>
      <div className="switch-head">
        <input id={inputId} type="checkbox" checked={on} onChange={(event) => onChange(event.target.checked)} data-testid={testId} aria-describedby={`${inputId}-text`} />
        <label htmlFor={inputId}>
          <strong>{text.title}</strong> <span className="muted">({text.section})</span>
        </label>
      </div>
      <p id={`${inputId}-text`} className="switch-text">
        {text.explanation}
      </p>
      <div className="button-row">
        {raftPresets.has(text.preset) && (
          <button type="button" onClick={() => raftPresets.open(text.preset)} data-testid={`${testId}-preset`}>
            Run preset: {raftPresets.title(text.preset)}
          </button>
        )}
        {text.comparePreset && raftPresets.has(text.comparePreset.name) && (
          <button type="button" onClick={() => raftPresets.open(text.comparePreset!.name)} data-testid={`${testId}-compare`}>
            {text.comparePreset.label}
          </button>
        )}
      </div>
    </div>
  );
}
