// Scenario files in the lab: pick a preset or open a file, see its lines, play them step by step
// (a `run` step plays at the current speed), each `expect` shown passed or failed.
import { useEffect, useId, useRef, useState, type ChangeEvent } from 'react';
import { useRaftStore, useRaftStoreApi } from '../../store/raftContext.ts';
import type { ScenarioLineStatus, ScenarioState } from '../../store/raftStore.ts';
import { selectScenario } from '../../store/selectors.ts';
import { openPreset, PRESET_NAMES, presetTitle } from './scenarioPresets.ts';
import { ScenarioLoadErrors } from '../../components/ScenarioLoadErrors.tsx';

const STATUS_TEXT: Record<ScenarioLineStatus, string> = {
  pending: '',
  running: '▶ running',
  done: '✓ done',
  passed: '✓ passed',
  failed: '✗ failed',
  error: '! could not run',
};

export function ScenarioPanel() {
  const scenario = useRaftStore(selectScenario);
  const store = useRaftStoreApi();
  const id = useId();
  const sectionRef = useRef<HTMLElement>(null);
  const loadedKey = scenario ? `${scenario.name}:${scenario.errors ? 'errors' : scenario.steps.length}` : null;
  useEffect(() => {
    // The panel sits low in the side column: bring a freshly loaded scenario (or its errors) into view.
    if (loadedKey) sectionRef.current?.scrollIntoView({ block: 'nearest' });
  }, [loadedKey]);
  // Until the user picks one, the menu shows the loaded preset (it loads after this panel mounts).
  const [choice, setPreset] = useState<string | null>(null);
  const preset = choice ?? (scenario && PRESET_NAMES.includes(scenario.name) ? scenario.name : (PRESET_NAMES[0] ?? ''));

  // Through the URL, so the scenario run can be shared like any other.
  const openSelectedPreset = () => openPreset(preset);

  const openFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    const text = await file.text();
    await store.getState().actions.loadScenario(file.name, text);
    event.target.value = '';
  };

  return (
    <section ref={sectionRef} className="card" aria-labelledby={`${id}-title`} data-testid="scenario-panel">
      <h2 id={`${id}-title`}>Scenario</h2>
      <div className="button-row">
        <label htmlFor={`${id}-preset`}>Preset</label>
        <select id={`${id}-preset`} value={preset} onChange={(event) => setPreset(event.target.value)} data-testid="scenario-preset">
          {PRESET_NAMES.map((name) => (
            <option key={name} value={name}>
              {presetTitle(name)}
            </option>
          ))}
        </select>
        <button type="button" onClick={openSelectedPreset} disabled={!preset} data-testid="scenario-open-preset">
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
}

function ScenarioView({ scenario }: { readonly scenario: ScenarioState }) {
  const store = useRaftStoreApi();
  const actions = store.getState().actions;
  const finished = scenario.steps.length > 0 && scenario.nextStep >= scenario.steps.length;
  const failed = scenario.steps.filter((step) => step.status === 'failed').length;
  const passed = scenario.steps.filter((step) => step.status === 'passed').length;
  if (scenario.errors) {
    return <ScenarioLoadErrors name={scenario.name} source={scenario.source} errors={scenario.errors} onClose={actions.closeScenario} testId="scenario-errors" />;
  }
  const narrated = currentNarration(scenario);
  return (
    <ScenarioSteps scenario={scenario} finished={finished} failed={failed} passed={passed} narrated={narrated} />
  );
}

function ScenarioSteps({
  scenario,
  finished,
  failed,
  passed,
  narrated,
}: {
  readonly scenario: ScenarioState;
  readonly finished: boolean;
  readonly failed: number;
  readonly passed: number;
  readonly narrated: { readonly line: number; readonly narration: string } | null;
}) {
  const store = useRaftStoreApi();
  const actions = store.getState().actions;
  const listRef = useRef<HTMLOListElement>(null);
  useEffect(() => {
    // Keep the current step in view inside the list (only the list scrolls, not the page).
    const list = listRef.current;
    const current = list?.querySelector<HTMLElement>('[aria-current="step"]');
    if (!list || !current) return;
    const top = current.offsetTop - list.offsetTop;
    if (top < list.scrollTop || top + current.offsetHeight > list.scrollTop + list.clientHeight) list.scrollTop = Math.max(0, top - list.clientHeight / 3);
  }, [scenario.nextStep]);
  return (
    <div data-testid="scenario-view" data-finished={finished} data-failed={failed}>
      <div className="narration" aria-live="polite" data-testid="scenario-narration" data-line={narrated?.line ?? ''}>
        {narrated ? (
          <>
            <span className="narration-where">{finished ? 'Last note' : `Now (line ${narrated.line})`}</span>
            <p>{narrated.narration}</p>
          </>
        ) : (
          <p className="muted">
            {finished ? 'Finished.' : scenario.nextStep === 0 ? 'Press “Next step” to play the first step, or “Play to the end”.' : 'No note for these steps.'}
          </p>
        )}
      </div>
      <p>
        <strong>{scenario.name}</strong>: step {Math.min(scenario.nextStep + 1, scenario.steps.length)} of {scenario.steps.length}
        {finished ? ` — finished, ${passed} expectation${passed === 1 ? '' : 's'} passed, ${failed} failed` : ''}
      </p>
      <div className="button-row">
        <button type="button" className="primary" onClick={() => void actions.scenarioNext()} disabled={scenario.busy || finished} data-testid="scenario-next">
          Next step
        </button>
        {scenario.autoPlaying ? (
          <button type="button" onClick={actions.scenarioPause} data-testid="scenario-pause">
            Pause scenario
          </button>
        ) : (
          <button type="button" onClick={() => void actions.scenarioPlayAll()} disabled={finished || (scenario.busy && !scenario.autoPlaying)} data-testid="scenario-play">
            Play to the end
          </button>
        )}
        <button type="button" onClick={actions.closeScenario}>
          Close
        </button>
      </div>
      <ol ref={listRef} className="scenario-lines" aria-label="Scenario steps">
        {scenario.steps.map((step, index) => (
          <li
            key={`${step.line}-${index}`}
            className={`scenario-line status-${step.status}${index === scenario.nextStep ? ' next' : ''}`}
            data-testid={`scenario-line-${step.line}`}
            data-status={step.status}
            aria-current={index === scenario.nextStep ? 'step' : undefined}
          >
            {step.narration && (
              <span className={`line-narration${index === narratedIndex(scenario) ? ' current' : ''}`} aria-hidden="true">
                {`# ${step.narration}`}
              </span>
            )}
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

/** The step being run or about to run: the next one, or the last once the scenario finished. */
function currentIndex(scenario: ScenarioState): number {
  return Math.min(scenario.nextStep, scenario.steps.length - 1);
}

/** The narrated step that covers the current one: the nearest at or before it with a comment. */
function narratedIndex(scenario: ScenarioState): number {
  for (let index = currentIndex(scenario); index >= 0; index--) if (scenario.steps[index]?.narration) return index;
  return -1;
}

function currentNarration(scenario: ScenarioState): { readonly line: number; readonly narration: string } | null {
  const step = scenario.steps[narratedIndex(scenario)];
  return step ? { line: step.line, narration: step.narration } : null;
}
