// Every lab's scenario card: pick a preset (opened through the URL, so the run can be shared) or a
// file, then play the loaded scenario step by step. A narrated lesson shows the current note above
// the steps. The lab supplies its preset catalogue, its scenario state and its store's actions.
import { useEffect, useId, useMemo, useRef, useState, type ChangeEvent, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { currentNoteIndex } from '../kit/scenarioState.ts';
import { scenarioIntroduction } from '../../scenario/lexer.ts';
import type { PresetCatalogue } from '../kit/presets.ts';
import type { ScenarioState } from '../kit/scenarioState.ts';
import { ScenarioPlayer, type ScenarioPlayerActions } from './ScenarioPlayer.tsx';
import { presenter, type PresenterLabActions } from '../kit/presenter/presenterBridge.ts';

export interface ScenarioPanelActions extends ScenarioPlayerActions, PresenterLabActions {
  loadScenario(name: string, source: string): Promise<unknown>;
  /** A lesson's "Next": play to the next step a note introduces (see kit/scenarioState.ts). */
  scenarioNextBeat?(): unknown;
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
  // Presenter mode (kit/presenter) plays beats and acts on this lab through what the card publishes.
  useEffect(() => presenter.publish(scenario, actions), [scenario, actions]);
  useEffect(() => () => presenter.publish(null, null), []);
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
  readonly actions: ScenarioPanelActions;
  readonly testIdPrefix: string;
  readonly pauseLabel: string | undefined;
}) {
  const slot = useLessonSlot();
  const lesson = scenario.steps.some((step) => step.narration);
  const narration = (finished: boolean) => <Narration scenario={scenario} actions={actions} finished={finished} testIdPrefix={testIdPrefix} pauseLabel={pauseLabel} />;
  const finished = scenario.steps.length > 0 && scenario.nextStep >= scenario.steps.length;
  return (
    <>
      {/* A lesson's words sit beside the picture when the lab has a slot there, else above the steps. */}
      {lesson && slot && createPortal(narration(finished), slot)}
      <ScenarioPlayer
        scenario={scenario}
        actions={actions}
        testIdPrefix={testIdPrefix}
        {...(pauseLabel ? { pauseLabel } : {})}
        {...(lesson ? { highlightedNarration: currentNoteIndex(scenario) } : {})}
        {...(lesson && !slot ? { above: narration } : {})}
        {...(lesson && actions.scenarioNextBeat ? { stepLabel: 'One step' } : {})}
      />
    </>
  );
}

/** A lesson's current words: its introduction before the first step, then the note over the current step, and "Next ›" to the next note. */
function Narration({
  scenario,
  actions,
  finished,
  testIdPrefix,
  pauseLabel,
}: {
  readonly scenario: ScenarioState;
  readonly actions: ScenarioPanelActions;
  readonly finished: boolean;
  readonly testIdPrefix: string;
  readonly pauseLabel: string | undefined;
}) {
  const atStart = scenario.nextStep === 0 && scenario.steps[0]?.status !== 'running';
  // The comment above the header; a file without one often opens with its first step's note.
  const header = useMemo(() => scenarioIntroduction(scenario.source), [scenario.source]);
  const introduction = header || (atStart ? (scenario.steps[0]?.narration ?? '') : '');
  const beats = scenario.steps.filter((step) => step.narration).length;
  const noteIndex = currentNoteIndex(scenario);
  const note = scenario.steps[noteIndex];
  const beat = scenario.steps.slice(0, noteIndex + 1).filter((step) => step.narration).length;
  const testId = (name: string) => `${testIdPrefix}${name}`;
  let where: string;
  let words: ReactNode;
  if (atStart && introduction) {
    where = 'Introduction';
    words = introduction.split('\n\n').map((paragraph) => <p key={paragraph}>{paragraph}</p>);
  } else if (note) {
    where = finished ? 'Last note' : `Note ${beat} of ${beats} (line ${note.line})`;
    words = <p>{note.narration}</p>;
  } else {
    where = finished ? 'Finished' : 'Ready';
    words = <p className="muted">{finished ? 'Finished.' : atStart ? `Press “${actions.scenarioNextBeat ? 'Next ›' : 'Next step'}” to begin.` : 'No note for these steps.'}</p>;
  }
  return (
    <div className="narration" aria-live="polite" data-testid={testId('scenario-narration')} data-line={note?.line ?? ''} data-intro={atStart && introduction ? 'true' : 'false'} data-next-step={scenario.nextStep} data-playing={scenario.autoPlaying || scenario.busy ? 'true' : 'false'}>
      <div className="narration-head">
        <span className="narration-where">
          {scenario.name}: {where}
        </span>
        {actions.scenarioNextBeat &&
          (scenario.autoPlaying ? (
            <button type="button" onClick={actions.scenarioPause} data-testid={testId('scenario-beat-pause')}>
              {pauseLabel ?? 'Pause'}
            </button>
          ) : (
            <button
              type="button"
              className="primary"
              onClick={() => void actions.scenarioNextBeat?.()}
              disabled={scenario.busy || finished}
              title="Play to the next note (steps without one run through)"
              data-testid={testId('scenario-next-beat')}
            >
              Next ›
            </button>
          ))}
      </div>
      {words}
    </div>
  );
}

/** Where a lab wants a lesson's words: beside its picture. Put one in the page; the scenario panel fills it. */
export function LessonSlot() {
  return <div className="lesson-slot" data-lesson-slot="" />;
}

function useLessonSlot(): HTMLElement | null {
  const [slot, setSlot] = useState<HTMLElement | null>(null);
  useEffect(() => {
    setSlot(document.querySelector<HTMLElement>('[data-lesson-slot]'));
  }, []);
  return slot;
}
