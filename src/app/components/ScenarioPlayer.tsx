// A loaded scenario, played step by step: its lines with each step's status, Next / Play to the
// end / Pause / Close, and a summary of expectations. Shared by every lab's scenario panel; the
// lab supplies its store's state and actions (and, for narrated lessons, what goes above the list).
import { useEffect, useRef, type ReactNode } from 'react';
import type { ScenarioError } from '../../scenario/lexer.ts';
import { ScenarioLoadErrors } from './ScenarioLoadErrors.tsx';

export type ScenarioLineStatus = 'pending' | 'running' | 'done' | 'passed' | 'failed' | 'error';

export interface ScenarioPlayerStep {
  readonly line: number;
  readonly text: string;
  readonly status: ScenarioLineStatus;
  readonly detail: string | null;
  /** Comment lines above the step: a lesson's narration, shown above the line. */
  readonly narration?: string;
}

export interface ScenarioPlayerState {
  readonly name: string;
  readonly source: string;
  readonly errors: readonly ScenarioError[] | null;
  readonly steps: readonly ScenarioPlayerStep[];
  readonly nextStep: number;
  readonly busy: boolean;
  readonly autoPlaying: boolean;
}

export interface ScenarioPlayerActions {
  scenarioNext(): unknown;
  scenarioPlayAll(): unknown;
  scenarioPause(): void;
  closeScenario(): void;
}

const STATUS_TEXT: Record<ScenarioLineStatus, string> = {
  pending: '',
  running: '▶ running',
  done: '✓ done',
  passed: '✓ passed',
  failed: '✗ failed',
  error: '! could not run',
};

export function ScenarioPlayer({
  scenario,
  actions,
  testIdPrefix = '',
  pauseLabel = 'Pause',
  stepLabel = 'Next step',
  above,
  highlightedNarration = -1,
}: {
  readonly scenario: ScenarioPlayerState;
  readonly actions: ScenarioPlayerActions;
  /** Prefix for the data-testid attributes, so two labs' players can be told apart. */
  readonly testIdPrefix?: string;
  readonly pauseLabel?: string;
  /** The one-step button's words ("One step" when a lesson's "Next ›" plays to the next note). */
  readonly stepLabel?: string;
  /** Shown above the summary (the Raft lab's narration box). */
  readonly above?: (finished: boolean) => ReactNode;
  /** Index of the step whose narration is the current one (marked in the list). */
  readonly highlightedNarration?: number;
}) {
  const listRef = useRef<HTMLOListElement>(null);
  useEffect(() => {
    // Keep the current step in view inside the list (only the list scrolls, not the page).
    const list = listRef.current;
    const current = list?.querySelector<HTMLElement>('[aria-current="step"]');
    if (!list || !current) return;
    const top = current.offsetTop - list.offsetTop;
    if (top < list.scrollTop || top + current.offsetHeight > list.scrollTop + list.clientHeight) list.scrollTop = Math.max(0, top - list.clientHeight / 3);
  }, [scenario.nextStep]);

  const testId = (name: string) => `${testIdPrefix}${name}`;
  if (scenario.errors) {
    return <ScenarioLoadErrors name={scenario.name} source={scenario.source} errors={scenario.errors} onClose={actions.closeScenario} testId={testId('scenario-errors')} />;
  }
  const finished = scenario.steps.length > 0 && scenario.nextStep >= scenario.steps.length;
  const shown = shownWindow(scenario.steps.length, scenario.nextStep);
  const failed = scenario.steps.filter((step) => step.status === 'failed' || step.status === 'error').length;
  const passed = scenario.steps.filter((step) => step.status === 'passed').length;
  return (
    <div data-testid={testId('scenario-view')} data-finished={finished} data-failed={failed} data-passed={passed}>
      {above?.(finished)}
      <p>
        <strong>{scenario.name}</strong>: step {Math.min(scenario.nextStep + 1, scenario.steps.length)} of {scenario.steps.length}
        {finished ? ` — finished, ${passed} expectation${passed === 1 ? '' : 's'} passed, ${failed} failed` : ''}
      </p>
      <div className="button-row">
        <button type="button" className="primary" onClick={() => void actions.scenarioNext()} disabled={scenario.busy || finished} data-testid={testId('scenario-next')}>
          {stepLabel}
        </button>
        {scenario.autoPlaying ? (
          <button type="button" onClick={actions.scenarioPause} data-testid={testId('scenario-pause')}>
            {pauseLabel}
          </button>
        ) : (
          <button type="button" onClick={() => void actions.scenarioPlayAll()} disabled={finished || scenario.busy} data-testid={testId('scenario-play')}>
            Play to the end
          </button>
        )}
        <button type="button" onClick={actions.closeScenario}>
          Close
        </button>
      </div>
      <ol ref={listRef} className="scenario-lines" aria-label="Scenario steps" start={shown.from + 1}>
        {shown.from > 0 && (
          <li className="scenario-line elided" data-testid={testId('scenario-elided-before')}>
            … {shown.from.toLocaleString('en')} earlier steps
          </li>
        )}
        {scenario.steps.slice(shown.from, shown.to).map((step, offset) => {
          const index = shown.from + offset;
          return (
          <li
            key={`${step.line}-${index}`}
            className={`scenario-line status-${step.status}${index === scenario.nextStep ? ' next' : ''}`}
            data-testid={testId(`scenario-line-${step.line}`)}
            data-status={step.status}
            aria-current={index === scenario.nextStep ? 'step' : undefined}
          >
            {step.narration && (
              <span className={`line-narration${index === highlightedNarration ? ' current' : ''}`} aria-hidden="true">
                {`# ${step.narration}`}
              </span>
            )}
            <span className="line-number">{step.line}</span>
            <code>{step.text}</code>
            {step.status !== 'pending' && <span className="line-status">{STATUS_TEXT[step.status]}</span>}
            {step.detail && <span className="line-detail">{step.detail}</span>}
          </li>
          );
        })}
        {shown.to < scenario.steps.length && (
          <li className="scenario-line elided" data-testid={testId('scenario-elided-after')}>
            … {(scenario.steps.length - shown.to).toLocaleString('en')} more steps
          </li>
        )}
      </ol>
    </div>
  );
}

/** Lists longer than this draw only a window around the current step: a 60,000-line file must not freeze the page. */
const FULL_LIST_LIMIT = 400;
const WINDOW_BEFORE = 40;
const WINDOW_AFTER = 160;

export function shownWindow(length: number, nextStep: number): { readonly from: number; readonly to: number } {
  if (length <= FULL_LIST_LIMIT) return { from: 0, to: length };
  const from = Math.max(0, Math.min(nextStep, length) - WINDOW_BEFORE);
  return { from, to: Math.min(length, from + WINDOW_BEFORE + WINDOW_AFTER) };
}
