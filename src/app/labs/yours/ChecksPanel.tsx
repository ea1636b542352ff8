// The live checks beside the picture (violations with a "go to" button, node faults with their line)
// and the nodes' log; shared by a live run and a recording.
import { useYoursStore, useYoursStoreApi } from './yoursContext.ts';
import { selectFaults, selectLogLines, selectNowMs, selectViolations } from './yoursStore.ts';

export function ChecksPanel({ goToLine }: { goToLine(line: number): void }) {
  const violations = useYoursStore(selectViolations);
  const faults = useYoursStore(selectFaults);
  const logLines = useYoursStore(selectLogLines);
  const nowMs = useYoursStore(selectNowMs);
  const actions = useYoursStoreApi().getState().actions;
  const problems = (violations?.length ?? 0) + (faults?.length ?? 0);
  return (
    <div className="yours-checks">
      <section className="card" aria-label="Checks" data-testid="yours-checks" data-violations={violations?.length ?? 0} data-faults={faults?.length ?? 0}>
        <h2>Checks</h2>
        {problems === 0 ? (
          <p className="yours-ok">✓ So far: at most one leader per term, and no node's term went back. (A leader after healing is judged by “Grade my node”.)</p>
        ) : (
          <ul>
            {violations?.map((violation, index) => (
              <li key={`v${index}`} className="yours-bad" data-testid="yours-violation">
                ✗ {violation.text}{' '}
                <button type="button" onClick={() => void actions.seek(violation.timeMs)}>
                  Go to {Math.round(violation.timeMs)} ms
                </button>
              </li>
            ))}
            {faults?.map((fault, index) => (
              <li key={`f${index}`} className="yours-bad" data-testid="yours-fault">
                ✗ {fault.node} stopped in {fault.callback} at {Math.round(fault.timeMs)} ms: {fault.message}{' '}
                {fault.place && (
                  <button type="button" onClick={() => goToLine(fault.place!.line)}>
                    Show line {fault.place.line}
                  </button>
                )}{' '}
                {fault.timeMs > nowMs && '(in the recorded future)'}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card yours-log" aria-label="Node log">
        <h2>Log</h2>
        {logLines && logLines.length > 0 ? (
          <ol>
            {logLines.map((line, index) => (
              <li key={index}>
                <span className="yours-log-time">{Math.round(line.timeMs)} ms</span> {line.node}: {line.text}
              </li>
            ))}
          </ol>
        ) : (
          <p>Nothing logged yet: call log(…) in your node.</p>
        )}
      </section>
    </div>
  );
}
