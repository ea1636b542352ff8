// Scenario files in the hashing lab: pick a preset or open a file, see its lines, play them one change at a time.
import { useId, useState, type ChangeEvent } from 'react';
import { navigate, routeHref } from '../../shell/router.ts';
import { useHashingStore, useHashingStoreApi } from './hashingContext.ts';
import { selectScenario, type ScenarioLineStatus, type ScenarioState } from './hashingStore.ts';
import { HASHING_PRESET_NAMES, presetTitle } from './hashingPresets.ts';
import { ScenarioLoadErrors } from '../../components/ScenarioLoadErrors.tsx';

const STATUS_TEXT: Record<ScenarioLineStatus, string> = {
  pending: '',
  running: '▶ running',
  done: '✓ done',
  passed: '✓ passed',
  failed: '✗ failed',
  error: '! could not run',
};

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
  const store = useHashingStoreApi();
  const actions = store.getState().actions;
  const finished = scenario.steps.length > 0 && scenario.nextStep >= scenario.steps.length;
  const failed = scenario.steps.filter((step) => step.status === 'failed' || step.status === 'error').length;
  const passed = scenario.steps.filter((step) => step.status === 'passed').length;
  if (scenario.errors) {
    return <ScenarioLoadErrors name={scenario.name} source={scenario.source} errors={scenario.errors} onClose={actions.closeScenario} testId="hashing-scenario-errors" />;
  }
  return (
    <div data-testid="hashing-scenario-view" data-finished={finished} data-failed={failed}>
      <p>
        <strong>{scenario.name}</strong>: step {Math.min(scenario.nextStep + 1, scenario.steps.length)} of {scenario.steps.length}
        {finished ? ` — finished, ${passed} expectation${passed === 1 ? '' : 's'} passed, ${failed} failed` : ''}
      </p>
      <div className="button-row">
        <button type="button" className="primary" onClick={() => void actions.scenarioNext()} disabled={scenario.busy || finished} data-testid="hashing-scenario-next">
          Next step
        </button>
        {scenario.autoPlaying ? (
          <button type="button" onClick={actions.scenarioPause} data-testid="hashing-scenario-pause">
            Pause
          </button>
        ) : (
          <button type="button" onClick={() => void actions.scenarioPlayAll()} disabled={finished || scenario.busy} data-testid="hashing-scenario-play">
            Play to the end
          </button>
        )}
        <button type="button" onClick={actions.closeScenario}>
          Close
        </button>
      </div>
      <ol className="scenario-lines" aria-label="Scenario steps">
        {scenario.steps.map((step, index) => (
          <li
            key={`${step.line}-${index}`}
            className={`scenario-line status-${step.status}${index === scenario.nextStep ? ' next' : ''}`}
            data-testid={`hashing-scenario-line-${step.line}`}
            data-status={step.status}
            aria-current={index === scenario.nextStep ? 'step' : undefined}
          >
            <span className="line-number">{step.line}</span>
            <code>{step.text}</code>
            {step.status !== 'pending' && <span className="line-status">{STATUS_TEXT[step.status]}</span>}
            {step.detail && <span className="line-detail">{step.detail}</span>}
          </li>
        ))}
      </ol>
    </div>
  );
}
