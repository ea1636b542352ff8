// Jepsen's map of consistency models as an interactive graph: stronger models above weaker ones,
// each marked unavailable / sticky available / totally available under partition (shape, letter and
// colour); selecting a model shows the anomaly it forbids and, where the lab can show it, a preset.
import { memo, useState } from 'react';
import { quorumPresets } from './quorumPresets.ts';
import { useQuorumStore } from './quorumContext.ts';
import { selectCheck, selectSessionAnomalies } from './quorumStore.ts';

type Availability = 'unavailable' | 'sticky' | 'total';

interface Model {
  readonly id: string;
  readonly name: string;
  readonly x: number;
  readonly y: number;
  readonly availability: Availability;
  /** What the model forbids, in one or two sentences. */
  readonly forbids: string;
  /** A lab preset that shows a history this model forbids, and what to look for. */
  readonly preset?: { readonly name: string; readonly note: string };
  /** Where no preset shows it: how to produce it by hand, or why the lab cannot. */
  readonly howTo?: string;
}

const MODELS: readonly Model[] = [
  { id: 'strict-serializable', name: 'Strict serializable', x: 420, y: 34, availability: 'unavailable', forbids: 'Any transaction order that contradicts real time: serializable, and a transaction that commits before another starts must appear before it. Forbids stale reads across transactions.' },
  { id: 'serializable', name: 'Serializable', x: 200, y: 104, availability: 'unavailable', forbids: 'Any outcome no serial order of the transactions could produce (e.g. write skew, G2 anti-dependency cycles). Real-time order is not required: a read-only transaction may see the past.' },
  {
    id: 'linearizable',
    name: 'Linearizable',
    x: 620,
    y: 104,
    availability: 'unavailable',
    forbids: 'A read that returns a value older than a write that completed before the read began (a stale read): every operation must appear to take effect at one instant between its invocation and completion.',
    preset: { name: 'quorum-stale-read-one', note: 'A read at ONE across a partition returns the old value after a completed write: the checker says not linearizable.' },
  },
  { id: 'repeatable-read', name: 'Repeatable read', x: 100, y: 184, availability: 'unavailable', forbids: 'Fuzzy reads: an item read twice in one transaction changing in between (G2-item). Phantoms over predicates are still allowed.' },
  { id: 'snapshot-isolation', name: 'Snapshot isolation', x: 305, y: 184, availability: 'unavailable', forbids: 'Lost updates and read skew: each transaction reads one snapshot, and two concurrent transactions may not both write the same item. Write skew is allowed.' },
  {
    id: 'sequential',
    name: 'Sequential',
    x: 620,
    y: 184,
    availability: 'unavailable',
    forbids: 'Processes disagreeing on one total order that keeps each process’s own order. Unlike linearizability, that order may lag behind real time, so stale reads are allowed.',
    howTo: 'The lab’s consensus mode is stronger still (linearizable): load “quorum-consensus-minority” to see one log order, and a minority side that cannot answer.',
  },
  { id: 'cursor-stability', name: 'Cursor stability', x: 100, y: 264, availability: 'unavailable', forbids: 'Lost updates on the item under a cursor: a row being read through a cursor cannot be overwritten by another transaction until the cursor moves.' },
  { id: 'monotonic-atomic-view', name: 'Monotonic atomic view', x: 305, y: 264, availability: 'total', forbids: 'Fractured reads: once a transaction sees one write of another transaction, it sees all of that transaction’s writes.' },
  { id: 'causal', name: 'Causal', x: 620, y: 264, availability: 'sticky', forbids: 'Seeing an effect before its cause: operations related by happens-before (same process, or reads-from) appear in that order to everyone. Concurrent writes may be seen in different orders.' },
  { id: 'read-committed', name: 'Read committed', x: 200, y: 344, availability: 'total', forbids: 'Dirty reads: reading a write of a transaction that later aborts (G1a) or an intermediate, not final, value (G1b), or cycles of write and read dependencies (G1c).' },
  { id: 'pram', name: 'PRAM', x: 560, y: 344, availability: 'sticky', forbids: 'Seeing one process’s writes out of the order it made them (pipelined RAM: every process sees each process’s writes in order).' },
  { id: 'writes-follow-reads', name: 'Writes follow reads', x: 778, y: 344, availability: 'total', forbids: 'A write that follows a read being ordered before the write that read observed (session causality for writes).' },
  { id: 'read-uncommitted', name: 'Read uncommitted', x: 200, y: 424, availability: 'total', forbids: 'Dirty writes (G0): two transactions’ writes interleaving in a cycle, overwriting each other’s uncommitted data.' },
  {
    id: 'read-your-writes',
    name: 'Read your writes',
    x: 410,
    y: 440,
    availability: 'sticky',
    forbids: 'A client not seeing its own earlier write: after a process writes, its later reads reflect that write (or something newer).',
    preset: { name: 'quorum-read-your-writes', note: 'A client writes at ONE, then reads through another replica and gets its own older value; the session guarantee fixes it.' },
  },
  {
    id: 'monotonic-reads',
    name: 'Monotonic reads',
    x: 593,
    y: 440,
    availability: 'total',
    forbids: 'A client’s later read returning an older value than its earlier read (going back in time).',
    preset: { name: 'quorum-monotonic-reads', note: 'A client reads the new value through one replica, then the old one through another: time goes backwards. With the session guarantee on, the second read fails instead.' },
  },
  { id: 'monotonic-writes', name: 'Monotonic writes', x: 778, y: 440, availability: 'total', forbids: 'A process’s writes taking effect out of the order it issued them.' },
];

const EDGES: readonly (readonly [string, string])[] = [
  ['strict-serializable', 'serializable'],
  ['strict-serializable', 'linearizable'],
  ['serializable', 'repeatable-read'],
  ['serializable', 'snapshot-isolation'],
  ['repeatable-read', 'cursor-stability'],
  ['snapshot-isolation', 'monotonic-atomic-view'],
  ['cursor-stability', 'read-committed'],
  ['monotonic-atomic-view', 'read-committed'],
  ['read-committed', 'read-uncommitted'],
  ['linearizable', 'sequential'],
  ['sequential', 'causal'],
  ['causal', 'pram'],
  ['causal', 'writes-follow-reads'],
  ['pram', 'read-your-writes'],
  ['pram', 'monotonic-reads'],
  ['pram', 'monotonic-writes'],
];

const AVAILABILITY_TEXT: Record<Availability, string> = {
  unavailable: 'Unavailable: some nodes must stop during a partition',
  sticky: 'Sticky available: available if each client keeps talking to the same servers',
  total: 'Totally available: every non-failed node can answer, even in a partition',
};

const AVAILABILITY_LETTER: Record<Availability, string> = { unavailable: 'U', sticky: 'S', total: 'T' };

const NODE_WIDTH = 178;
const NODE_HEIGHT = 30;

/** What this run's history shows about a model: violated (with why), or nothing known. */
function useRunViolations(): ReadonlyMap<string, string> {
  const check = useQuorumStore(selectCheck);
  const anomalies = useQuorumStore(selectSessionAnomalies);
  const violations = new Map<string, string>();
  if (check?.state === 'not-linearizable') {
    const why = `this run is not linearizable${check.blockedOperationId !== null ? ` (operation #${check.blockedOperationId})` : ''}`;
    violations.set('linearizable', why);
    violations.set('strict-serializable', why);
  }
  for (const anomaly of anomalies ?? []) {
    const id = anomaly.kind === 'read-your-writes' ? 'read-your-writes' : 'monotonic-reads';
    if (!violations.has(id)) violations.set(id, `this run breaks it: ${anomaly.explanation}`);
  }
  return violations;
}

export const ModelsGraph = memo(function ModelsGraph() {
  const [selectedId, setSelectedId] = useState('linearizable');
  const violations = useRunViolations();
  const selected = MODELS.find((model) => model.id === selectedId)!;
  const byId = new Map(MODELS.map((model) => [model.id, model]));
  const stronger = EDGES.filter(([, to]) => to === selectedId).map(([from]) => byId.get(from)!.name);
  const weaker = EDGES.filter(([from]) => from === selectedId).map(([, to]) => byId.get(to)!.name);
  return (
    <div className="q-analysis-grid q-models" data-testid="models-graph">
      <section className="card" aria-label="Consistency models hierarchy">
        <h2>Consistency models (after Jepsen’s map): an arrow points from a stronger model to a weaker one it implies</h2>
        <svg viewBox="0 0 870 470" className="q-models-svg" role="group" aria-label="Consistency models graph">
          <defs>
            <marker id="q-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
              <path d="M0,0L10,5L0,10Z" className="q-arrow-head" />
            </marker>
          </defs>
          {EDGES.map(([from, to]) => {
            const a = byId.get(from)!;
            const b = byId.get(to)!;
            return <line key={`${from}-${to}`} className="q-model-edge" x1={a.x} y1={a.y + NODE_HEIGHT / 2} x2={b.x} y2={b.y - NODE_HEIGHT / 2 - 2} markerEnd="url(#q-arrow)" />;
          })}
          {MODELS.map((model) => (
            <g
              key={model.id}
              className={`q-model q-avail-${model.availability}${model.id === selectedId ? ' selected' : ''}`}
              transform={`translate(${model.x - NODE_WIDTH / 2},${model.y - NODE_HEIGHT / 2})`}
              role="button"
              tabIndex={0}
              aria-pressed={model.id === selectedId}
              aria-label={`${model.name}. ${AVAILABILITY_TEXT[model.availability]}.${violations.has(model.id) ? ` Violated: ${violations.get(model.id)}.` : ''}`}
              data-testid={`model-${model.id}`}
              data-violated={violations.has(model.id)}
              onClick={() => setSelectedId(model.id)}
              onKeyDown={(event) => {
                if (event.key === 'Enter' || event.key === ' ') {
                  event.preventDefault();
                  setSelectedId(model.id);
                }
              }}
            >
              <rect width={NODE_WIDTH} height={NODE_HEIGHT} rx={model.availability === 'total' ? 15 : model.availability === 'sticky' ? 8 : 1} />
              <text x={8} y={20} className="q-model-letter">
                {AVAILABILITY_LETTER[model.availability]}
              </text>
              <text x={22} y={20}>
                {model.name}
              </text>
              {violations.has(model.id) && (
                <g className="q-model-violated" transform={`translate(${NODE_WIDTH - 4},-6)`}>
                  <rect x={-58} y={-9} width={62} height={16} rx={8} />
                  <text x={-27} y={3} textAnchor="middle">
                    ✗ this run
                  </text>
                </g>
              )}
            </g>
          ))}
        </svg>
        <ul className="q-outcome-key" aria-label="Availability key">
          {(['unavailable', 'sticky', 'total'] as const).map((availability) => (
            <li key={availability}>
              <span className={`q-avail-swatch q-avail-${availability}`}>{AVAILABILITY_LETTER[availability]}</span> {AVAILABILITY_TEXT[availability]}
            </li>
          ))}
        </ul>
      </section>
      <section className="card" aria-live="polite" data-testid="model-detail">
        <h2>{selected.name}</h2>
        <p>
          <strong>{AVAILABILITY_TEXT[selected.availability]}.</strong>
        </p>
        <p>
          <strong>Forbids:</strong> {selected.forbids}
        </p>
        {violations.has(selected.id) && (
          <p className="q-violation-note" data-testid="model-violated">
            <strong>✗ Violated here:</strong> {violations.get(selected.id)}
          </p>
        )}
        {stronger.length > 0 && <p className="muted">Implied by: {stronger.join(', ')}.</p>}
        {weaker.length > 0 && <p className="muted">Implies: {weaker.join(', ')}.</p>}
        {selected.preset ? (
          <div className="q-model-preset">
            <p>{selected.preset.note}</p>
            <button type="button" className="primary" onClick={() => quorumPresets.open(selected.preset!.name)} data-testid="model-preset">
              {`Load the preset “${selected.preset.name}”`}
            </button>
          </div>
        ) : selected.howTo ? (
          <p>{selected.howTo}</p>
        ) : (
          <p className="muted">This lab’s single-register store cannot produce this anomaly (it has no multi-object transactions or it needs more than one key in one operation).</p>
        )}
        <p className="muted">Source: Jepsen, “Consistency Models” (jepsen.io/consistency), after Bailis et al. 2013, “Highly Available Transactions: Virtues and Limitations”, and Viotti &amp; Vukolić 2016.</p>
      </section>
    </div>
  );
});
