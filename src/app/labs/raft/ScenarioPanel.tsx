// Scenario files in the lab: pick a preset or open a file, see its lines, play them step by step
// (a `run` step plays at the current speed), each `expect` shown passed or failed.
import { useEffect, useId, useRef, useState, type ChangeEvent } from 'react';
import { useRaftStore, useRaftStoreApi } from '../../store/raftContext.ts';
import type { ScenarioState } from '../../store/raftStore.ts';
import { selectScenario } from '../../store/selectors.ts';
import { openPreset, PRESET_NAMES, presetTitle } from './scenarioPresets.ts';
import { ScenarioPlayer } from '../../components/ScenarioPlayer.tsx';

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
  const actions = useRaftStoreApi().getState().actions;
  const narrated = currentNarration(scenario);
  // Lessons narrate themselves: the current step's comment, prominently, above the list.
  const narrationBox = (finished: boolean) => (
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
  );
  return <ScenarioPlayer scenario={scenario} actions={actions} pauseLabel="Pause scenario" above={narrationBox} highlightedNarration={narratedIndex(scenario)} />;
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
