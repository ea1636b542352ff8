// Scenario files in the hashing lab: pick a preset or open a file, see its lines, play them one change at a time.
import { useId, useState, type ChangeEvent } from 'react';
import { navigate, routeHref } from '../../shell/router.ts';
import { useHashingStore, useHashingStoreApi } from './hashingContext.ts';
import { selectScenario, type ScenarioState } from './hashingStore.ts';
import { HASHING_PRESET_NAMES, presetTitle } from './hashingPresets.ts';
import { ScenarioPlayer } from '../../components/ScenarioPlayer.tsx';

export function HashingScenarioPanel() {
  const scenario = useHashingStore(selectScenario);
  const store = useHashingStoreApi();
  const id = useId();
  // Until the user picks one, the menu shows the preset that is loaded (it arrives after the first render).
  const [chosen, setPreset] = useState<string | null>(null);
  const preset = chosen ?? (scenario && HASHING_PRESET_NAMES.includes(scenario.name) ? scenario.name : (HASHING_PRESET_NAMES[0] ?? ''));

  const openFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    const text = await file.text();
    await store.getState().actions.loadScenario(file.name, text);
    event.target.value = '';
  };

  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="hashing-scenario-panel">
      <h2 id={`${id}-title`}>Scenario</h2>
      <div className="button-row">
        <label htmlFor={`${id}-preset`}>Preset</label>
        <select id={`${id}-preset`} value={preset} onChange={(event) => setPreset(event.target.value)} data-testid="hashing-scenario-preset">
          {HASHING_PRESET_NAMES.map((name) => (
            <option key={name} value={name}>
              {presetTitle(name)}
            </option>
          ))}
        </select>
        {/* Through the URL, so the scenario run can be shared like any other. */}
        <button type="button" onClick={() => navigate(routeHref('/hashing', { scenario: preset }))} disabled={!preset} data-testid="hashing-scenario-open">
          Open
        </button>
      </div>
      <div className="button-row">
        <label htmlFor={`${id}-file`}>Or a file</label>
        <input id={`${id}-file`} type="file" accept=".scenario,.txt,text/plain" onChange={(event) => void openFile(event)} data-testid="hashing-scenario-file" />
      </div>
      {scenario && <ScenarioView scenario={scenario} />}
    </section>
  );
}

function ScenarioView({ scenario }: { readonly scenario: ScenarioState }) {
  const actions = useHashingStoreApi().getState().actions;
  return <ScenarioPlayer scenario={scenario} actions={actions} testIdPrefix="hashing-" />;
}
