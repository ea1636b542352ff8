// Scenario files in the quorums lab: pick a preset or open a file, see its lines, play them step by step with each expectation's result.
import { memo, useId, useState, type ChangeEvent } from 'react';
import { navigate, routeHref } from '../../shell/router.ts';
import { useQuorumStore, useQuorumStoreApi } from './quorumContext.ts';
import { selectScenario, type ScenarioState } from './quorumStore.ts';
import { QUORUM_PRESET_NAMES, presetTitle } from './quorumPresets.ts';
import { ScenarioPlayer } from '../../components/ScenarioPlayer.tsx';

/** Open a preset through the URL, so the run can be shared like any other. */
export function openQuorumPreset(name: string): void {
  navigate(routeHref('/quorums', { scenario: name }));
}

export const QuorumScenarioPanel = memo(function QuorumScenarioPanel() {
  const scenario = useQuorumStore(selectScenario);
  const store = useQuorumStoreApi();
  const id = useId();
  const [chosen, setPreset] = useState<string | null>(null);
  const preset = chosen ?? (scenario && QUORUM_PRESET_NAMES.includes(scenario.name) ? scenario.name : (QUORUM_PRESET_NAMES[0] ?? ''));

  const openFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    const text = await file.text();
    await store.getState().actions.loadScenario(file.name, text);
    event.target.value = '';
  };

  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="scenario-panel">
      <h2 id={`${id}-title`}>Scenario</h2>
      <div className="button-row">
        <label htmlFor={`${id}-preset`}>Preset</label>
        <select id={`${id}-preset`} value={preset} onChange={(event) => setPreset(event.target.value)} data-testid="scenario-preset">
          {QUORUM_PRESET_NAMES.map((name) => (
            <option key={name} value={name}>
              {presetTitle(name)}
            </option>
          ))}
        </select>
        <button type="button" onClick={() => openQuorumPreset(preset)} disabled={!preset} data-testid="scenario-open">
          Open
        </button>
      </div>
      <div className="button-row">
        <label htmlFor={`${id}-file`}>Or a file</label>
        <input id={`${id}-file`} type="file" accept=".scenario,.txt,text/plain" onChange={(event) => void openFile(event)} data-testid="scenario-file" />
      </div>
      {scenario && <ScenarioView scenario={scenario} />}
    </section>
  );
});

function ScenarioView({ scenario }: { readonly scenario: ScenarioState }) {
  const actions = useQuorumStoreApi().getState().actions;
  return <ScenarioPlayer scenario={scenario} actions={actions} />;
}
