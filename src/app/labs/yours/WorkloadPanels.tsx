// The page's workload card (Maelstrom's echo or lin-kv clients: their latest operations at the viewed
// moment, the check's verdict in words, a button to the counterexample), and the kit's scenario
// player and chaos card wired to this page's store.
import { ScenarioPanel } from '../../components/ScenarioPanel.tsx';
import { ChaosPanel } from '../../components/ChaosPanel.tsx';
import { WORKLOAD_TITLES } from '../../../kernel/protocols/yours/workload.ts';
import { describeOperation } from '../../../kernel/protocols/yours/workload-checks.ts';
import { defaultWorkloadOptions } from '../../../kernel/protocols/yours/workload.ts';
import { useYoursStore, useYoursStoreApi } from './yoursContext.ts';
import { selectChaos, selectRecentOperations, selectScenario, selectSpeed, selectVerdict, selectViolations, selectWorkload, PLAYBACK_SPEEDS } from './yoursStore.ts';
import { yoursPresets } from './yoursPresets.ts';

export function WorkloadPanel({ latencyMsMax }: { readonly latencyMsMax: number }) {
  const workload = useYoursStore(selectWorkload);
  const verdict = useYoursStore(selectVerdict);
  const operations = useYoursStore(selectRecentOperations);
  const actions = useYoursStoreApi().getState().actions;
  if (workload === 'election') return null;
  const options = defaultWorkloadOptions(workload, latencyMsMax);
  const state = verdict === null || verdict.counts.ok + verdict.counts.fail + verdict.counts.info === 0 ? 'waiting' : verdict.ok === true ? 'ok' : verdict.ok === false ? 'failed' : 'unknown';
  return (
    <section className="card yours-workload-card" aria-label="Clients and their check" data-testid="workload-panel" data-workload={workload} data-verdict={state}>
      <h2>Clients: {WORKLOAD_TITLES[workload]}</h2>
      {verdict && (
        <p className={verdict.ok === false ? 'yours-bad' : verdict.ok === true ? 'yours-ok' : ''} role="status" data-testid="workload-verdict">
          {verdict.ok === true ? '✓ ' : verdict.ok === false ? '✗ ' : '? '}
          {verdict.summary}{' '}
          {verdict.problemAtMs !== null && (
            <button type="button" onClick={() => void actions.seek(verdict.problemAtMs!)} data-testid="go-to-counterexample">
              Go to the counterexample ({Math.round(verdict.problemAtMs)} ms)
            </button>
          )}
        </p>
      )}
      {verdict?.details && (
        <details>
          <summary>The checker's reasoning</summary>
          <pre className="yours-explanation">{verdict.details}</pre>
        </details>
      )}
      <ol className="yours-operations" aria-label="Latest operations at this moment" data-testid="operations">
        {operations?.map((operation) => (
          <li key={operation.index} className={`${operation.completion?.type ?? 'waiting'}${verdict?.operationIndex === operation.index ? ' blamed' : ''}`} data-blamed={verdict?.operationIndex === operation.index ? 'true' : undefined}>
            <span className="yours-log-time">{operation.invokeMs} ms</span> {describeOperation(operation)}
            {verdict?.operationIndex === operation.index && <strong> ← the check's counterexample</strong>}
          </li>
        ))}
      </ol>
      <p className="yours-workload-note">
        As in Maelstrom: {options.threadsPerNode} client{options.threadsPerNode > 1 ? 's' : ''} per node, one request at a time; no reply within {options.timeoutMs} ms is unknown (:info) and that client is replaced by a new one; errors 1, 10, 11, 20, 21, 22 mean it definitely did not happen (:fail).
        Simplified: clients sit beside their node, so partitions cut nodes from nodes, not clients from their node; requests are not drawn on the picture.
        {workload === 'lin-kv' && ' The history is checked by the lab’s linearizability checker (one register per key, initially absent).'}
      </p>
    </section>
  );
}

export function YoursScenarioPanel() {
  const scenario = useYoursStore(selectScenario);
  const actions = useYoursStoreApi().getState().actions;
  return <ScenarioPanel presets={yoursPresets} scenario={scenario} actions={actions} testIdPrefix="yours-" />;
}

export function YoursChaosPanel() {
  const chaos = useYoursStore(selectChaos);
  const speed = useYoursStore(selectSpeed);
  const violations = useYoursStore(selectViolations);
  const verdict = useYoursStore(selectVerdict);
  const actions = useYoursStoreApi().getState().actions;
  if (!chaos) return null;
  const fastest = PLAYBACK_SPEEDS[PLAYBACK_SPEEDS.length - 1]!;
  const checks = `Election violations so far: ${violations?.length ?? 0}.${verdict ? ` Clients' check: ${verdict.ok === true ? 'passing' : verdict.ok === false ? 'failed' : 'unknown'}.` : ''}`;
  return (
    <ChaosPanel
      chaos={chaos}
      setChaos={(settings) => void actions.setChaos(settings)}
      description="Like Jepsen's nemesis: random crashes, restarts, partitions, isolations and heals, drawn from the seed (the lab's shared network nemesis). Each fault is recorded as an action, so scrubbing back replays it exactly; the checks keep judging every report and every client operation."
      checksSoFar={checks}
      atMaxSpeed={speed === fastest}
      runAtMaxSpeed={() => {
        if (!chaos.enabled) void actions.setChaos({ enabled: true, intensityPercent: chaos.intensityPercent });
        actions.setSpeed(fastest);
        actions.setPlaying(true);
      }}
    />
  );
}
