// The live invariant panel: Raft's Figure 3 properties (and "committed entries stay on a majority"),
// green while they hold at the shown moment, red with each violation's moment and nodes. Clicking
// a violation seeks there and highlights its nodes, log entry and messages.
import { memo, useId } from 'react';
import { INVARIANTS, type InvariantName, type Violation } from '../../../kernel/protocols/raft/invariants.ts';
import { useRaftStore, useRaftStoreApi } from '../../store/raftContext.ts';
import { formatTimeMs } from '../../store/raftStore.ts';
import { selectHighlight, selectViolationCountSoFar, selectViolations } from '../../store/selectors.ts';
import { INVARIANT_TITLES } from './safetyText.ts';

export const InvariantPanel = memo(function InvariantPanel() {
  const violations = useRaftStore(selectViolations);
  const countSoFar = useRaftStore(selectViolationCountSoFar);
  const id = useId();
  const violatedSoFar = new Map<InvariantName, number>();
  for (const violation of violations.slice(0, countSoFar)) violatedSoFar.set(violation.name, (violatedSoFar.get(violation.name) ?? 0) + 1);
  const safe = countSoFar === 0;
  const later = violations.length - countSoFar;
  return (
    <section
      className={`card invariant-panel ${safe ? 'safe' : 'violated'}`}
      aria-labelledby={`${id}-title`}
      data-testid="invariant-panel"
      data-state={safe ? 'safe' : 'violated'}
      data-violations={countSoFar}
    >
      <h2 id={`${id}-title`}>
        Safety properties{' '}
        <span className="invariant-verdict" role="status">
          {safe ? '✓ all hold' : `✗ ${countSoFar} violation${countSoFar === 1 ? '' : 's'}`}
        </span>
      </h2>
      <ul className="invariant-list">
        {INVARIANTS.map(({ name, statement }) => {
          const count = violatedSoFar.get(name) ?? 0;
          return (
            <li key={name} className={count > 0 ? 'violated' : 'holds'} data-testid={`invariant-${name}`} data-ok={count === 0} title={statement}>
              <span className="invariant-mark" aria-hidden="true">
                {count > 0 ? '✗' : '✓'}
              </span>
              <span>{INVARIANT_TITLES[name]}</span>
              <span className="invariant-state">{count > 0 ? `violated${count > 1 ? ` ×${count}` : ''}` : 'holds'}</span>
            </li>
          );
        })}
      </ul>
      {violations.length > 0 && <ViolationList violations={violations} countSoFar={countSoFar} />}
      {later > 0 && safe && <p className="muted">{`${later} violation${later === 1 ? '' : 's'} later in the recorded run.`}</p>}
      <details className="invariant-statements">
        <summary>What each property says</summary>
        <dl>
          {INVARIANTS.map(({ name, statement }) => (
            <div key={name}>
              <dt>{INVARIANT_TITLES[name]}</dt>
              <dd>{statement}</dd>
            </div>
          ))}
        </dl>
      </details>
    </section>
  );
});

function ViolationList({ violations, countSoFar }: { readonly violations: readonly Violation[]; readonly countSoFar: number }) {
  const highlight = useRaftStore(selectHighlight);
  const store = useRaftStoreApi();
  const { actions } = store.getState();
  return (
    <>
      <ol className="violation-list" aria-label="Violations: choose one to jump to its moment">
        {violations.map((violation, index) => {
          const selected = highlight !== null && highlight.timeMs === violation.timeMs && highlight.violation.name === violation.name && highlight.violation.detail === violation.detail;
          return (
            <li key={`${violation.name}-${violation.timeMs}-${index}`}>
              <button
                type="button"
                className={`violation${index >= countSoFar ? ' later' : ''}`}
                aria-pressed={selected}
                onClick={() => actions.showViolation(violation)}
                data-testid={`violation-${index}`}
                data-time-ms={violation.timeMs}
                data-nodes={violation.nodes.join(',')}
                data-name={violation.name}
              >
                <strong>{INVARIANT_TITLES[violation.name]}</strong>
                {` at ${formatTimeMs(violation.timeMs)} · ${violation.nodes.join(', ')}${index >= countSoFar ? ' (later)' : ''}`}
                <span className="violation-detail">{violation.detail}</span>
              </button>
            </li>
          );
        })}
      </ol>
      {highlight && (
        <button type="button" onClick={actions.clearHighlight} data-testid="clear-highlight">
          Clear highlight
        </button>
      )}
    </>
  );
}
