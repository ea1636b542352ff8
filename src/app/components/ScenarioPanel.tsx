// Every lab's scenario card: pick a preset (opened through the URL, so the run can be shared) or a
// file, then play the loaded scenario step by step. A narrated lesson shows the current note above
// the steps. The lab supplies its preset catalogue, its scenario state and its store's actions.
import { useEffect, useId, useRef, useState, type ChangeEvent } from 'react';
import type { PresetCatalogue } from '../kit/presets.ts';
import type { ScenarioState } from '../kit/scenarioState.ts';
import { ScenarioPlayer, type ScenarioPlayerActions } from './ScenarioPlayer.tsx';

export interface ScenarioPanelActions extends ScenarioPlayerActions {
  loadScenario(name: string, source: string): Promise<unknown>;
}

export function ScenarioPanel({
  presets,
  scenario,
  actions,
  testIdPrefix = '',
  pauseLabel,
}: {
  readonly presets: PresetCatalogue;
  readonly scenario: ScenarioState | null;
  readonly actions: ScenarioPanelActions;
  /** Prefix for data-testid attributes, so two labs' panels can be told apart. */
  readonly testIdPrefix?: string;
  readonly pauseLabel?: string;
}) {
  const id = useId();
  const testId = (name: string) => `${testIdPrefix}${name}`;
  const sectionRef = useRef<HTMLElement>(null);
  const loadedKey = scenario ? `${scenario.name}:${scenario.errors ? 'errors' : scenario.steps.length}` : null;
  useEffect(() => {
    // The panel may sit low in a side column: bring a freshly loaded scenario (or its errors) into view.
    if (loadedKey) sectionRef.current?.scrollIntoView({ block: 'nearest' });
  }, [loadedKey]);
  // Until the user picks one, the menu shows the loaded preset (it loads after this panel mounts).
  const [choice, setPreset] = useState<string | null>(null);
  const preset = choice ?? (scenario && presets.has(scenario.name) ? scenario.name : (presets.names[0] ?? ''));

  const openFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    const text = await file.text();
    await actions.loadScenario(file.name, text);
    event.target.value = '';
  };

  return (
    <section ref={sectionRef} className="card" aria-labelledby={`${id}-title`} data-testid={testId('scenario-panel')}>
      <h2 id={`${id}-title`}>Scenario</h2>
      <div className="button-row">
        <label htmlFor={`${id}-preset`}>Preset</label>
        <select id={`${id}-preset`} value={preset} onChange={(event) => setPreset(event.target.value)} data-testid={testId('scenario-preset')}>
          {presets.names.map((name) => (
            <option key={name} value={name}>
              {presets.title(name)}
            </option>
          ))}
        </select>
        <button type="button" onClick={() => presets.open(preset)} disabled={!preset} data-testid={testId('scenario-open')}>
          Open
        </button>
      </div>
      <div className="button-row">
        <label htmlFor={`${id}-file`}>Or a file</label>
        <input id={`${id}-file`} type="file" accept=".scenario,.txt,text/plain" onChange={(event) => void openFile(event)} data-testid={testId('scenario-file')} />
      </div>
      {scenario && <LoadedScenario scenario={scenario} actions={actions} testIdPrefix={testIdPrefix} pauseLabel={pauseLabel} />}
    </section>
  );
}

function LoadedScenario({
  scenario,
  actions,
  testIdPrefix,
  pauseLabel,
}: {
  readonly scenario: ScenarioState;
  readonly actions: ScenarioPlayerActions;
  readonly testIdPrefix: string;
  readonly pauseLabel: string | undefined;
}) {
  const narrated = narratedIndex(scenario);
  const lesson = scenario.steps.some((step) => step.narration);
  const note = scenario.steps[narrated];
  // Lessons narrate themselves: the current step's comment, prominently, above the list.
  const narrationBox = (finished: boolean) => (
    <div className="narration" aria-live="polite" data-testid={`${testIdPrefix}scenario-narration`} data-line={note?.line ?? ''}>
      {note ? (
        <>
          <span className="narration-where">{finished ? 'Last note' : `Now (line ${note.line})`}</span>
          <p>{note.narration}</p>
        </>
      ) : (
        <p className="muted">
          {finished ? 'Finished.' : scenario.nextStep === 0 ? 'Press “Next step” to play the first step, or “Play to the end”.' : 'No note for these steps.'}
        </p>
      )}
    </div>
  );
  return (
    <ScenarioPlayer
      scenario={scenario}
      actions={actions}
      testIdPrefix={testIdPrefix}
      {...(pauseLabel ? { pauseLabel } : {})}
      {...(lesson ? { above: narrationBox, highlightedNarration: narrated } : {})}
    />
  );
}

/** The narrated step that covers the current one: the nearest at or before it with a comment. */
function narratedIndex(scenario: ScenarioState): number {
  const current = Math.min(scenario.nextStep, scenario.steps.length - 1);
  for (let index = current; index >= 0; index--) if (scenario.steps[index]?.narration) return index;
  return -1;
}
