// Clocks scenarios in the page: pick a preset or write one, draw it, and see each expectation checked (the same language as `npm run scenario`).
import { useEffect, useState } from 'react';
import { parseScenario } from '../../../scenario/parse.ts';
import type { ScenarioError } from '../../../scenario/lexer.ts';
import { runClocksScenario, type ClocksStepOutcome } from '../../../scenario/clocks-runner.ts';
import { fromExecution } from './clocksDocument.ts';
import { useClocksStore } from './clocksContext.ts';
import { selectActions } from './clocksStore.ts';

const loaders = import.meta.glob<string>('../../../scenario/presets/clocks-*.scenario', { query: '?raw', import: 'default' });
const presets = new Map(Object.entries(loaders).map(([path, load]) => [path.slice(path.lastIndexOf('/') + 1, -'.scenario'.length), load]));
export const CLOCKS_PRESET_NAMES: readonly string[] = [...presets.keys()].sort();

const STARTER = `clocks processes=p1,p2,p3 seed=3
local p1 a
send p1 p2 m1
local p2 b
recv p2 m1
send p2 p3 m2
recv p3 m2
expect p1:a -> p3:recv(m2)
expect p1:a || p2:b
`;

type Outcome = { readonly line: number; readonly text: string; readonly outcome: Extract<ClocksStepOutcome, { kind: 'expect' }> };

export function ScenarioPanel() {
  const actions = useClocksStore(selectActions);
  const [source, setSource] = useState(STARTER);
  const [name, setName] = useState('my scenario');
  const [errors, setErrors] = useState<readonly ScenarioError[] | null>(null);
  const [outcomes, setOutcomes] = useState<readonly Outcome[] | null>(null);
  const [preset, setPreset] = useState('');

  useEffect(() => {
    if (preset === '') return;
    let cancelled = false;
    void presets.get(preset)?.().then((text) => {
      if (cancelled) return;
      setSource(text);
      setName(preset);
      setErrors(null);
      setOutcomes(null);
    });
    return () => {
      cancelled = true;
    };
  }, [preset]);

  const run = () => {
    const parsed = parseScenario(source);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      setOutcomes(null);
      return;
    }
    if (parsed.scenario.lab !== 'clocks') {
      setErrors([{ line: 1, column: 1, message: `this is a ${parsed.scenario.lab} scenario: open it in that lab (the first line here is "clocks processes=…")` }]);
      setOutcomes(null);
      return;
    }
    const result = runClocksScenario(parsed.scenario);
    setErrors(null);
    setOutcomes(
      result.outcomes.flatMap(({ step, outcome }) => (outcome.kind === 'expect' ? [{ line: step.line, text: step.text, outcome }] : [])),
    );
    actions.load(fromExecution(parsed.scenario.execution, { kind: 'scenario', name }, result.analysis.topologicalOrder), `Drew the scenario ${name}.`);
  };

  return (
    <section className="card" aria-labelledby="clocks-scenario-title">
      <h2 id="clocks-scenario-title">Scenario</h2>
      <p className="muted">
        <code>local p1 a</code>, <code>send p1 p2 m1</code>, <code>recv p2 m1</code>, <code>expect p1:a -&gt; p2:recv(m1)</code> or <code>||</code> for concurrent. The same files run with <code>npm run scenario -- file</code>.
      </p>
      <label className="clocks-field">
        Preset
        <select value={preset} onChange={(event) => setPreset(event.target.value)} data-testid="clocks-preset">
          <option value="">(write your own)</option>
          {CLOCKS_PRESET_NAMES.map((presetName) => (
            <option key={presetName} value={presetName}>
              {presetName.replace(/^clocks-/, '').replace(/-/g, ' ')}
            </option>
          ))}
        </select>
      </label>
      <textarea className="mono" rows={12} value={source} spellCheck={false} onChange={(event) => setSource(event.target.value)} aria-label="Scenario text" data-testid="clocks-scenario-text" />
      <p>
        <button type="button" className="primary" onClick={run} data-testid="clocks-scenario-run">
          Draw and check
        </button>
      </p>
      {errors && (
        <ol role="alert" className="error-list" data-testid="clocks-scenario-errors">
          {errors.map((error) => (
            <li key={`${error.line}:${error.column}`}>
              Line {error.line}, column {error.column}: {error.message}
            </li>
          ))}
        </ol>
      )}
      {outcomes && (
        <ul className="clocks-expectations" data-testid="clocks-scenario-results">
          {outcomes.length === 0 && <li className="muted">No expectations in this scenario.</li>}
          {outcomes.map((entry) => (
            <li key={entry.line} className={entry.outcome.ok ? 'right' : 'wrong'}>
              <strong>{entry.outcome.ok ? '✓ holds' : '✗ fails'}</strong> line {entry.line}: <code>{entry.text}</code> — {entry.outcome.detail}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
