// Lamport's limitation made visible: pairs with L(a) < L(b) that are concurrent, and the (Lamport, process) total order with its invented orderings.
import { useMemo } from 'react';
import { lamportMisleadingPairs, lamportTotalOrder } from '../../../kernel/protocols/clocks/index.ts';
import { useClocksStore } from './clocksContext.ts';
import { selectActions, selectAnalysis } from './clocksStore.ts';

const PAIR_LIMIT = 40;
const ORDER_LIMIT = 200;

export function LamportPanel() {
  const analysis = useClocksStore(selectAnalysis);
  const actions = useClocksStore(selectActions);
  const pairs = useMemo(() => (analysis ? lamportMisleadingPairs(analysis, PAIR_LIMIT + 1) : []), [analysis]);
  const order = useMemo(() => (analysis ? lamportTotalOrder(analysis) : []), [analysis]);
  if (!analysis) return null;
  const invented = order.filter((entry) => entry.orderAfterPrevious === 'invented').length;
  const pick = (first: string, second: string) => {
    actions.clearSelection();
    actions.toggleSelect(first);
    actions.toggleSelect(second);
  };
  return (
    <div className="clocks-columns">
      <section className="card" aria-labelledby="lamport-pairs-title">
        <h2 id="lamport-pairs-title">L(a) &lt; L(b), yet a ∥ b</h2>
        <p className="muted">
          The clock condition only goes one way: if a → b then L(a) &lt; L(b). A smaller Lamport time does not mean “happened before”. These pairs prove it; vector clocks tell them apart.
        </p>
        {pairs.length === 0 ? (
          <p data-testid="misleading-none">No such pair here: every pair with a smaller Lamport time is causally ordered. Add a local event on another lane to make one.</p>
        ) : (
          <ul className="clocks-pair-list" data-testid="misleading-pairs" data-count={pairs.length}>
            {pairs.slice(0, PAIR_LIMIT).map((pair) => (
              <li key={`${pair.earlier}|${pair.later}`}>
                <button type="button" className="linklike" onClick={() => pick(pair.earlier, pair.later)}>
                  L({pair.earlier}) = {pair.lamportEarlier} &lt; L({pair.later}) = {pair.lamportLater}, but {pair.earlier} ∥ {pair.later}
                </button>
              </li>
            ))}
            {pairs.length > PAIR_LIMIT && <li className="muted">… and more</li>}
          </ul>
        )}
      </section>
      <section className="card" aria-labelledby="lamport-order-title">
        <h2 id="lamport-order-title">Total order by (Lamport time, process)</h2>
        <p className="muted">
          Sorting by Lamport time and breaking ties by process order gives a total order consistent with causality. Where two neighbours are concurrent the order is <strong>invented</strong> ({invented} time
          {invented === 1 ? '' : 's'} here): any other order would be just as true.
        </p>
        <ol className="clocks-total-order" data-testid="total-order">
          {order.slice(0, ORDER_LIMIT).map((entry) => (
            <li key={entry.eventId} className={entry.orderAfterPrevious === 'invented' ? 'invented' : undefined} data-order={entry.orderAfterPrevious ?? 'first'}>
              <span className="clocks-order-event">{entry.eventId}</span>{' '}
              <span className="muted">
                ({entry.lamport}, {entry.process})
              </span>
              {entry.orderAfterPrevious === 'invented' && <span className="clocks-tag invented">invented: concurrent with the previous</span>}
              {entry.orderAfterPrevious === 'causal' && <span className="clocks-tag causal">after the previous (causal)</span>}
            </li>
          ))}
        </ol>
        {order.length > ORDER_LIMIT && <p className="muted">Showing the first {ORDER_LIMIT} of {order.length} events.</p>}
      </section>
    </div>
  );
}
