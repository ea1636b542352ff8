// The inspector: the selected event's clocks and causal sets, or the relation of two events with the componentwise vector comparison.
import { formatVector, relationOf, stampOf, type ClockAnalysis, type EventId } from '../../../kernel/protocols/clocks/index.ts';
import { useClocksStore } from './clocksContext.ts';
import { causalSetsOf, selectActions, selectAnalysis, selectSelection } from './clocksStore.ts';

/** Long logs have thousands of concurrent events; the list shows the first ones and says how many. */
const LIST_LIMIT = 24;

export function SelectionPanel() {
  const analysis = useClocksStore(selectAnalysis);
  const selection = useClocksStore(selectSelection);
  const actions = useClocksStore(selectActions);
  const valid = analysis ? selection.filter((id) => analysis.index.eventIndex.has(id)) : [];
  return (
    <section className="card clocks-selection" aria-labelledby="clocks-selection-title" data-testid="clocks-selection">
      <h2 id="clocks-selection-title">Selection</h2>
      {!analysis || valid.length === 0 ? (
        <p className="muted">
          Click an event (or Tab to it and press Enter) to see its causal past and future. Pick a second one to compare the two.
        </p>
      ) : valid.length === 1 ? (
        <OneEvent analysis={analysis} eventId={valid[0] as EventId} />
      ) : (
        <TwoEvents analysis={analysis} first={valid[0] as EventId} second={valid[1] as EventId} />
      )}
      {valid.length > 0 && (
        <p className="clocks-button-row">
          <button type="button" onClick={actions.deleteSelected} data-testid="delete-selected">
            Delete selected
          </button>
          <button type="button" onClick={actions.clearSelection}>
            Clear selection
          </button>
        </p>
      )}
    </section>
  );
}

function OneEvent({ analysis, eventId }: { analysis: ClockAnalysis; eventId: EventId }) {
  const stamp = stampOf(analysis, eventId);
  const sets = causalSetsOf(analysis, eventId);
  return (
    <div data-testid="clocks-one-selected">
      <p>
        <strong>{eventId}</strong> on {stamp.event.process}
        {stamp.event.label !== eventId && <> — {stamp.event.label}</>}
      </p>
      <dl className="clocks-facts">
        <dt>Lamport</dt>
        <dd>
          {stamp.lamport} <span className="muted">({stamp.lamportExplanation})</span>
        </dd>
        <dt>Vector</dt>
        <dd>
          {formatVector(stamp.vector)} <span className="muted">({stamp.vectorExplanation})</span>
        </dd>
      </dl>
      {sets && (
        <>
          <EventList title="Causal past (happened before it)" marker="▢" ids={sets.past} testId="causal-past" />
          <EventList title="Causal future (it happened before)" marker="◇" ids={sets.future} testId="causal-future" />
          <EventList title="Concurrent (neither)" marker="∥" ids={sets.concurrent} testId="causal-concurrent" />
        </>
      )}
    </div>
  );
}

function EventList({ title, marker, ids, testId }: { title: string; marker: string; ids: readonly EventId[]; testId: string }) {
  return (
    <p className="clocks-event-list" data-testid={testId} data-count={ids.length}>
      <span aria-hidden="true">{marker} </span>
      {title}: {ids.length === 0 ? 'none' : ids.slice(0, LIST_LIMIT).join(', ')}
      {ids.length > LIST_LIMIT && ` … and ${ids.length - LIST_LIMIT} more`}
    </p>
  );
}

function TwoEvents({ analysis, first, second }: { analysis: ClockAnalysis; first: EventId; second: EventId }) {
  const explanation = relationOf(analysis, first, second);
  const word = explanation.relation === 'concurrent' ? 'concurrent: neither happened before the other' : explanation.relation === 'same' ? 'the same event' : 'happened before';
  return (
    <div data-testid="clocks-two-selected">
      <p className="clocks-relation" data-testid="relation" data-relation={explanation.relation}>
        <span className="clocks-relation-statement">{explanation.statement}</span> <span className="muted">({word})</span>
      </p>
      <table className="clocks-compare">
        <caption>Componentwise comparison of the vector clocks</caption>
        <thead>
          <tr>
            <th scope="col">process</th>
            <th scope="col">V({first})</th>
            <th scope="col" aria-label="comparison" />
            <th scope="col">V({second})</th>
          </tr>
        </thead>
        <tbody>
          {explanation.components.map((component) => (
            <tr key={component.process} className={`sign-${component.sign === '<' ? 'less' : component.sign === '>' ? 'greater' : 'equal'}`}>
              <th scope="row">{component.process}</th>
              <td>{component.first}</td>
              <td className="clocks-sign">{component.sign}</td>
              <td>{component.second}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="clocks-proof" data-testid="relation-proof">
        {explanation.proof}
      </p>
    </div>
  );
}
