// The Raft lab's "Measure" page (§9.3, Figure 16): run the election experiment in a worker, plot the downtime CDFs, compare with the paper.
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { FIGURE_16_RANGES, type ElectionTimeoutRange } from '../../../../kernel/protocols/raft/election-experiment.ts';
import type { ExperimentReport } from '../../../../worker/experimentEngine.ts';
import { navigate, routeHref } from '../../../shell/router.ts';
import type { LabPageProps } from '../../registry.ts';
import { CdfPlot } from './CdfPlot.tsx';
import { MAX_TRIALS_PER_RANGE, MEASURE_PATH, measureUrlParameters, parseMeasureUrl, TRIAL_CHOICES, type MeasureSettings } from './measureUrl.ts';
import { comparePaper } from './paperComparison.ts';
import { PercentileTable } from './PercentileTable.tsx';
import { rangeKey, seriesStyle } from './series.ts';
import { useExperiment } from './useExperiment.ts';
import './measure.css';
import { UrlProblems } from '../../../shell/UrlProblems.tsx';
import { randomSeed } from '../../../shell/seed.ts';

export default function MeasurePage({ route }: LabPageProps) {
  const parsed = parseMeasureUrl(route.params);
  const seedMissing = parsed.ok && parsed.settings.seed === null;

  useEffect(() => {
    // A run without a seed cannot be shared: pick one and pin it in the URL.
    if (!seedMissing || !parsed.ok) return;
    navigate(routeHref(MEASURE_PATH, measureUrlParameters({ ...parsed.settings, seed: randomSeed() })), { replace: true });
  }, [seedMissing, parsed]);

  if (!parsed.ok) {
    return <UrlProblems title="This link to the election experiment has a problem" problems={parsed.problems} defaultsPath={MEASURE_PATH} defaultsLabel="Open the experiment with default settings" backHref={routeHref('/raft')} backLabel="go back to the Raft lab" />;
  }
  if (seedMissing) return <p className="page-message" role="status">Choosing a seed…</p>;
  return <Measure settings={parsed.settings} settingsKey={route.query} />;
}

function Measure({ settings, settingsKey }: { readonly settings: MeasureSettings; readonly settingsKey: string }) {
  const run = useExperiment();
  const running = run.report?.status === 'running';
  const start = (plan: { seed: number; trialsPerRange: number; ranges: readonly ElectionTimeoutRange[] }) => {
    // The URL always names the run on screen, so a picture can be reproduced from its link.
    navigate(routeHref(MEASURE_PATH, measureUrlParameters(plan)), { replace: true });
    run.start(plan);
  };
  return (
    <main className="measure-page" aria-labelledby="measure-title" data-testid="measure-page" data-status={run.report?.status ?? 'idle'}>
      <header className="measure-head">
        <h1 id="measure-title">How long does a Raft election take? (§9.3, Figure 16)</h1>
        <a href={routeHref('/raft')}>← Back to the Raft lab</a>
      </header>
      <p className="measure-intro">
        Each trial boots 5 servers, crashes the leader at a random moment of its heartbeat interval and times how long there is no leader. Trials run in a
        worker.
      </p>
      <PlanForm key={settingsKey} settings={settings} running={running} onStart={start} onCancel={run.cancel}>
        <RunStatus report={run.report} />
      </PlanForm>
      {run.problems.length > 0 && (
        <ul className="error-panel error-list" role="alert">
          {run.problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
      <Results report={run.report} />
    </main>
  );
}

function PlanForm({
  settings,
  running,
  onStart,
  onCancel,
  children,
}: {
  readonly settings: MeasureSettings;
  readonly running: boolean;
  readonly children: ReactNode;
  onStart(plan: { seed: number; trialsPerRange: number; ranges: readonly ElectionTimeoutRange[] }): void;
  onCancel(): void;
}) {
  const [seedText, setSeedText] = useState(String(settings.seed ?? 1));
  const [trialsPerRange, setTrialsPerRange] = useState(settings.trialsPerRange);
  const [chosen, setChosen] = useState(() => new Set(settings.ranges.map(rangeKey)));
  const seedValid = /^\d+$/.test(seedText) && Number(seedText) <= 0xffffffff;
  const trialChoices = [...new Set([...TRIAL_CHOICES, trialsPerRange])].sort((a, b) => a - b);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!seedValid || chosen.size === 0 || running) return;
    onStart({ seed: Number(seedText), trialsPerRange, ranges: FIGURE_16_RANGES.filter((range) => chosen.has(rangeKey(range))) });
  };
  const toggle = (key: string) =>
    setChosen((previous) => {
      const next = new Set(previous);
      if (!next.delete(key)) next.add(key);
      return next;
    });

  return (
    <form className="card measure-form" onSubmit={submit} aria-label="Experiment settings">
      <label className="field">
        Seed
        <input
          type="text"
          inputMode="numeric"
          value={seedText}
          onChange={(event) => setSeedText(event.target.value.trim())}
          aria-invalid={!seedValid}
          disabled={running}
          size={8}
          data-testid="measure-seed"
        />
      </label>
      <button type="button" onClick={() => setSeedText(String(randomSeed()))} disabled={running}>
        New seed
      </button>
      <label className="field">
        Trials per range
        <select value={trialsPerRange} onChange={(event) => setTrialsPerRange(Number(event.target.value))} disabled={running} data-testid="measure-trials">
          {trialChoices
            .filter((count) => count <= MAX_TRIALS_PER_RANGE)
            .map((count) => (
              <option key={count} value={count}>
                {count}
              </option>
            ))}
        </select>
      </label>
      <fieldset className="range-choices" disabled={running}>
        <legend>Election timeouts (ms)</legend>
        {FIGURE_16_RANGES.map((range) => {
          const key = rangeKey(range);
          return (
            <label key={key} style={{ color: seriesStyle(range).colour }}>
              <input type="checkbox" checked={chosen.has(key)} onChange={() => toggle(key)} data-testid={`choose-${key}`} />
              <span className="range-choice-label">{`${range.electionTimeoutMsMin}–${range.electionTimeoutMsMax}`}</span>
            </label>
          );
        })}
      </fieldset>
      <div className="measure-run-row">
        {running ? (
          <button type="button" onClick={onCancel} data-testid="measure-cancel">
            Cancel
          </button>
        ) : (
          <button type="submit" className="primary" disabled={!seedValid || chosen.size === 0} data-testid="measure-start">
            Start
          </button>
        )}
        {children}
      </div>
      {!seedValid && <p className="field-problem">The seed is a whole number from 0 to {0xffffffff}.</p>}
      {chosen.size === 0 && <p className="field-problem">Choose at least one range.</p>}
    </form>
  );
}

function Results({ report }: { readonly report: ExperimentReport | null }) {
  if (!report || !report.plan) {
    return (
      <p className="card measure-empty" data-testid="measure-empty">
        Choose ranges and a number of trials, then press <strong>Start</strong>. With 1000 trials per range the run takes a minute or so: most of
        it goes to 150–150 ms, whose trials all run to the 30 s limit.
      </p>
    );
  }
  const { plan, setup } = report;
  const plotted = report.ranges.filter((range) => range.trialsDone > 0);
  return (
    <>
      <div className="measure-results">
        <figure className="card measure-plot">
          {plotted.length > 0 ? <CdfPlot ranges={plotted} trialLimitMs={setup.trialLimitMs} /> : <p className="muted">Waiting for the first trials…</p>}
          <figcaption>
            Seed {plan.seed}, {plan.trialsPerRange} trials per range. {setup.nodeCount} servers, one-way latency {setup.latencyMsMin}–{setup.latencyMsMax} ms,
            heartbeat every half minimum timeout. A curve that stops below 100% had trials with no new leader within {setup.trialLimitMs / 1000} s.
          </figcaption>
        </figure>
        <section className="card measure-table" aria-label="Downtime percentiles">
          <PercentileTable ranges={report.ranges} caption={`Downtime in ms: seed ${plan.seed}, ${plan.trialsPerRange} trials per range`} />
          <PaperComparison report={report} />
        </section>
      </div>
      <ModelDifferences report={report} />
    </>
  );
}

function RunStatus({ report }: { readonly report: ExperimentReport | null }) {
  if (!report) return null;
  const seconds = (report.wallMs / 1000).toFixed(1);
  // Only the phase is announced (the live region would otherwise speak at every slice); the bar carries the count.
  const phase =
    report.status === 'running'
      ? 'Running…'
      : report.status === 'cancelled'
        ? `Cancelled after ${report.trialsDone} of ${report.trialsPlanned} trials.`
        : `Done: ${report.trialsDone} trials in ${seconds} s.`;
  return (
    <p className="measure-status" data-testid="measure-status">
      <progress max={report.trialsPlanned} value={report.trialsDone} aria-label={`Trials run, of ${report.trialsPlanned}`} />
      <span role="status">{phase}</span>
      {report.status === 'running' && (
        <span className="muted">
          {report.trialsDone} of {report.trialsPlanned} trials, {seconds} s
        </span>
      )}
    </p>
  );
}

function PaperComparison({ report }: { readonly report: ExperimentReport }) {
  const claims = comparePaper(report.ranges, report.setup.trialLimitMs);
  return (
    <table className="paper-table" data-testid="paper-comparison">
      <caption>The paper against this run{report.status === 'running' ? ' (so far)' : ''}</caption>
      <thead>
        <tr>
          <th scope="col">Randomness</th>
          <th scope="col">The paper reports</th>
          <th scope="col">This simulation</th>
        </tr>
      </thead>
      <tbody>
        {claims.map((claim) => (
          <tr key={claim.rangeKey}>
            <th scope="row">{claim.what}</th>
            <td>{claim.paper}</td>
            <td>{claim.measured ?? <span className="muted">Not run.</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ModelDifferences({ report }: { readonly report: ExperimentReport }) {
  const { setup, plan } = report;
  return (
    <section className="card measure-notes" aria-labelledby="model-title">
      <h2 id="model-title">How this network differs from the paper's cluster</h2>
      <ul>
        <li>
          <strong>No disk.</strong> The paper's broadcast time of about 15 ms included persisting votes before replying; here nothing is written and a
          message takes {setup.latencyMsMin}–{setup.latencyMsMax} ms one way, drawn uniformly — chosen because it reproduces the paper's 12–24 ms result best.
        </li>
        <li>
          <strong>Perfect clocks.</strong> No clock drift, no processing or scheduling jitter: a timer fires exactly when drawn. With no randomness
          (150–150 ms) the followers time out at the same instant every term, split the vote forever, and each trial ends with “no new leader within{' '}
          {setup.trialLimitMs / 1000} s” — the paper's real servers did break the tie, after more than 10 s. With tiny randomness (150–151, 150–155 ms) only the
          drawn timeouts separate the servers, which may be why they take longer here than in the paper.
        </li>
        <li>
          <strong>Deterministic per seed.</strong> Each trial's randomness comes from the seed and the trial's number, so seed {plan?.seed} gives these numbers
          again, here or with <code>npm run experiment -- election-time --trials {plan?.trialsPerRange} --seed {plan?.seed}</code>.
        </li>
      </ul>
    </section>
  );
}
