// Controls of the hashing lab: nodes (add, remove, fail, recover, weight), placement settings, the key set, key lookup, the change log.
import { ActionsExport } from '../../components/ActionsExport.tsx';
import { useId, useState, type FormEvent } from 'react';
import { hashingLimits, nextNodeId, strategyNames, type HashingConfig, type StrategyName } from '../../../kernel/protocols/hashing/index.ts';
import { useHashingStore, useHashingStoreApi } from './hashingContext.ts';
import { selectBusy, selectFrame, selectHistory, selectKeyDetail, selectNotice, selectSelectedNodeId } from './hashingStore.ts';
import { formatCount, formatPercent, STRATEGY_TITLES } from './format.ts';
import { hashingScenarioHeader } from './hashingUrl.ts';

export function NodeControls() {
  const frame = useHashingStore(selectFrame);
  const busy = useHashingStore(selectBusy);
  const selected = useHashingStore(selectSelectedNodeId);
  const notice = useHashingStore(selectNotice);
  const store = useHashingStoreApi();
  const id = useId();
  const [newWeight, setNewWeight] = useState('1');
  const [weightDraft, setWeightDraft] = useState<string | null>(null);
  if (!frame) return null;
  const actions = store.getState().actions;
  const node = frame.nodes.find((candidate) => candidate.id === selected) ?? null;
  const upCount = frame.nodes.filter((candidate) => candidate.up).length;
  const addNode = () => {
    const weight = Number(newWeight);
    void actions.change({ kind: 'add', id: nextNodeId(frame.config.nodes), weight: Number.isFinite(weight) && weight > 0 ? weight : 1 });
  };
  const weightValue = weightDraft ?? String(node?.weight ?? 1);
  const applyWeight = (event: FormEvent) => {
    event.preventDefault();
    const weight = Number(weightValue);
    if (node && Number.isFinite(weight) && weight > 0) void actions.change({ kind: 'weight', id: node.id, weight }).then(() => setWeightDraft(null));
  };
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="node-controls">
      <h2 id={`${id}-title`}>Nodes ({frame.nodes.length}, {upCount} up)</h2>
      <div className="button-row">
        <button type="button" className="primary" onClick={addNode} disabled={busy || frame.nodes.length >= hashingLimits.nodeCountMax} data-testid="add-node">
          Add node {nextNodeId(frame.config.nodes)}
        </button>
        <label className="inline">
          weight{' '}
          <input type="number" min={0.1} max={hashingLimits.weightMax} step={0.1} value={newWeight} onChange={(event) => setNewWeight(event.target.value)} className="narrow" data-testid="add-weight" />
        </label>
      </div>
      <div className="button-row">
        <label htmlFor={`${id}-node`}>Node</label>
        <select
          id={`${id}-node`}
          value={selected ?? ''}
          onChange={(event) => {
            actions.select(event.target.value === '' ? null : event.target.value);
            setWeightDraft(null);
          }}
          data-testid="node-select"
        >
          <option value="">choose…</option>
          {frame.nodes.map((candidate) => (
            <option key={candidate.id} value={candidate.id}>
              {candidate.id}
              {candidate.up ? '' : ' (down)'} · {formatCount(candidate.keys)} keys
            </option>
          ))}
        </select>
      </div>
      <p className="muted small">Or click a node on the ring (Tab to it, Enter to choose).</p>
      <div className="button-row">
        <button type="button" onClick={() => node && void actions.change({ kind: 'remove', id: node.id })} disabled={busy || !node || frame.nodes.length <= 1} data-testid="remove-node">
          Remove
        </button>
        <button type="button" onClick={() => node && void actions.change({ kind: 'fail', id: node.id })} disabled={busy || !node || !node.up} data-testid="fail-node">
          Fail
        </button>
        <button type="button" onClick={() => node && void actions.change({ kind: 'recover', id: node.id })} disabled={busy || !node || node.up} data-testid="recover-node">
          Recover
        </button>
      </div>
      <form className="button-row" onSubmit={applyWeight}>
        <label className="inline">
          Weight{' '}
          <input type="number" min={0.1} max={hashingLimits.weightMax} step={0.1} value={weightValue} onChange={(event) => setWeightDraft(event.target.value)} className="narrow" disabled={!node} data-testid="weight-input" />
        </label>
        <button type="submit" disabled={busy || !node} data-testid="weight-apply">
          Set weight
        </button>
      </form>
      <p className="muted small">
        Remove: the node and its tokens leave, its keys move for good. Fail: the node keeps its tokens; the next node serves its keys (hinted) until it recovers.
      </p>
      {notice && (
        <p className={`notice notice-${notice.tone}`} role="status" data-testid="hashing-notice">
          {notice.text}
        </p>
      )}
    </section>
  );
}

export function PlacementControls() {
  const frame = useHashingStore(selectFrame);
  const busy = useHashingStore(selectBusy);
  const store = useHashingStoreApi();
  const id = useId();
  const [vnodesDraft, setVnodesDraft] = useState<string | null>(null);
  const [epsilonDraft, setEpsilonDraft] = useState<string | null>(null);
  if (!frame) return null;
  const { config } = frame;
  const actions = store.getState().actions;
  const vnodes = vnodesDraft ?? String(config.vnodesPerNode);
  const epsilon = epsilonDraft ?? String(config.epsilon);
  const applyVnodes = (event?: FormEvent) => {
    event?.preventDefault();
    const value = Number(vnodes);
    if (Number.isInteger(value) && value >= 1 && value <= 500 && value !== config.vnodesPerNode) {
      void actions.change({ kind: 'set', settings: { vnodesPerNode: value } }).then(() => setVnodesDraft(null));
    }
  };
  const ringLike = config.strategy === 'ring' || config.strategy === 'bounded-loads';
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="placement-controls">
      <h2 id={`${id}-title`}>Placement</h2>
      <div className="form-grid">
        <label htmlFor={`${id}-strategy`}>Strategy</label>
        <select
          id={`${id}-strategy`}
          value={config.strategy}
          disabled={busy}
          onChange={(event) => void actions.change({ kind: 'set', settings: { strategy: event.target.value as StrategyName } })}
          data-testid="strategy-select"
        >
          {strategyNames.map((name) => (
            <option key={name} value={name}>
              {STRATEGY_TITLES[name]}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-vnodes`}>Virtual nodes</label>
        <form onSubmit={applyVnodes} className="vnodes-form">
          <input
            type="range"
            min={1}
            max={500}
            value={Number(vnodes) || 1}
            onChange={(event) => setVnodesDraft(event.target.value)}
            onPointerUp={() => applyVnodes()}
            onKeyUp={(event) => {
              if (event.key.startsWith('Arrow') || event.key === 'Home' || event.key === 'End' || event.key.startsWith('Page')) applyVnodes();
            }}
            aria-label="Virtual nodes per node (slider)"
            data-testid="vnodes-range"
          />
          <input id={`${id}-vnodes`} type="number" min={1} max={500} value={vnodes} onChange={(event) => setVnodesDraft(event.target.value)} className="narrow" data-testid="vnodes-input" />
          <button type="submit" disabled={busy} data-testid="vnodes-apply">
            Set
          </button>
        </form>
        <label htmlFor={`${id}-replicas`}>Replicas</label>
        <select
          id={`${id}-replicas`}
          value={config.replicaCount}
          disabled={busy}
          onChange={(event) => void actions.change({ kind: 'set', settings: { replicaCount: Number(event.target.value) } })}
          data-testid="replicas-select"
        >
          {Array.from({ length: hashingLimits.replicaCountMax }, (_, index) => index + 1).map((count) => (
            <option key={count} value={count}>
              {count}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-epsilon`}>Bounded loads ε</label>
        <form
          className="vnodes-form"
          onSubmit={(event) => {
            event.preventDefault();
            const value = Number(epsilon);
            if (Number.isFinite(value) && value >= 0 && value <= hashingLimits.epsilonMax) void actions.change({ kind: 'set', settings: { epsilon: value } }).then(() => setEpsilonDraft(null));
          }}
        >
          <input id={`${id}-epsilon`} type="number" min={0} max={hashingLimits.epsilonMax} step={0.05} value={epsilon} onChange={(event) => setEpsilonDraft(event.target.value)} className="narrow" />
          <button type="submit" disabled={busy}>
            Set
          </button>
        </form>
      </div>
      <p className="muted small">
        {ringLike
          ? `Each node of weight 1 puts ${config.vnodesPerNode} tokens on the ring; weight w puts w × that many.`
          : 'Virtual nodes only matter for the ring strategies; the plot and the table still show the ring.'}{' '}
        Bounded loads: no node holds more than (1 + ε) × its fair share of keys.
      </p>
    </section>
  );
}

export function KeySetControls({ onRestart }: { onRestart(config: Partial<HashingConfig>): void }) {
  const frame = useHashingStore(selectFrame);
  const id = useId();
  const [keys, setKeys] = useState<string | null>(null);
  const [distribution, setDistribution] = useState<'uniform' | 'zipf' | null>(null);
  const [exponent, setExponent] = useState<string | null>(null);
  const [seed, setSeed] = useState<string | null>(null);
  if (!frame) return null;
  const { config } = frame;
  const keyValue = keys ?? String(config.keyCount);
  const distributionValue = distribution ?? config.distribution.kind;
  const exponentValue = exponent ?? (config.distribution.kind === 'zipf' ? String(config.distribution.exponent) : '1');
  const seedValue = seed ?? String(config.seed);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onRestart({
      keyCount: Number(keyValue),
      seed: Number(seedValue),
      distribution: distributionValue === 'zipf' ? { kind: 'zipf', exponent: Number(exponentValue) } : { kind: 'uniform' },
    });
  };
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="keyset-controls">
      <h2 id={`${id}-title`}>Keys</h2>
      <form onSubmit={submit} className="form-grid">
        <label htmlFor={`${id}-keys`}>Number of keys</label>
        <select id={`${id}-keys`} value={keyValue} onChange={(event) => setKeys(event.target.value)} data-testid="keys-select">
          {[...new Set([1_000, 10_000, 100_000, 1_000_000, config.keyCount])].sort((a, b) => a - b).map((count) => (
            <option key={count} value={count}>
              {formatCount(count)}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-distribution`}>Popularity</label>
        <select id={`${id}-distribution`} value={distributionValue} onChange={(event) => setDistribution(event.target.value as 'uniform' | 'zipf')} data-testid="distribution-select">
          <option value="uniform">uniform</option>
          <option value="zipf">Zipf (hot keys)</option>
        </select>
        <label htmlFor={`${id}-exponent`}>Zipf exponent</label>
        <input id={`${id}-exponent`} type="number" min={0} max={hashingLimits.zipfExponentMax} step={0.1} value={exponentValue} onChange={(event) => setExponent(event.target.value)} disabled={distributionValue !== 'zipf'} data-testid="exponent-input" />
        <label htmlFor={`${id}-seed`}>Seed</label>
        <input id={`${id}-seed`} type="number" min={0} value={seedValue} onChange={(event) => setSeed(event.target.value)} />
        <span />
        <button type="submit" data-testid="keyset-apply">
          Start over with these keys
        </button>
      </form>
      <p className="muted small">A new key set starts over from the URL’s nodes (the link keeps the seed, so anyone can replay it).</p>
    </section>
  );
}

export function KeyLookup() {
  const frame = useHashingStore(selectFrame);
  const detail = useHashingStore(selectKeyDetail);
  const store = useHashingStoreApi();
  const id = useId();
  const [query, setQuery] = useState('0');
  if (!frame) return null;
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Look up a key</h2>
      <form
        className="button-row"
        onSubmit={(event) => {
          event.preventDefault();
          void store.getState().actions.lookupKey(query);
        }}
      >
        <label htmlFor={`${id}-query`} className="visually-hidden">
          Key number or name
        </label>
        <input id={`${id}-query`} value={query} onChange={(event) => setQuery(event.target.value)} placeholder="key number or name" className="grow" data-testid="key-query" />
        <button type="submit" data-testid="key-find">
          Find
        </button>
      </form>
      {detail &&
        ('error' in detail ? (
          <p className="error-list" role="alert">
            {detail.error}
          </p>
        ) : (
          <dl className="kv" data-testid="key-detail" data-owner={detail.serving[0]?.node ?? ''}>
            <dt>Key</dt>
            <dd>{detail.name}</dd>
            <dt>Hash</dt>
            <dd>
              {detail.hash} ({formatPercent(detail.position)} round the ring)
            </dd>
            <dt>Replicas</dt>
            <dd>{detail.intended.join(', ')}</dd>
            <dt>Served by</dt>
            <dd>{detail.serving.map((placement) => (placement.hintFor ? `${placement.node} (hinted for ${placement.hintFor})` : placement.node)).join(', ') || 'nobody: every node is down'}</dd>
            {frame.config.distribution.kind === 'zipf' && (
              <>
                <dt>Requests</dt>
                <dd>{formatPercent(detail.popularity, 3)}</dd>
              </>
            )}
          </dl>
        ))}
    </section>
  );
}

/** The user's changes as scenario lines, ready to copy into a file and replay with `npm run scenario`. */
/** The user's changes as a scenario: copied, downloaded or shared as a link that replays them (the kit's card). */
export function ChangeLog({ startConfig }: { readonly startConfig: HashingConfig }) {
  const store = useHashingStoreApi();
  const history = useHashingStore(selectHistory);
  if (history.length === 0) return null;
  const exportText = async () => [hashingScenarioHeader(startConfig), ...store.getState().history].join('\n') + '\n';
  return <ActionsExport route="/hashing" fileName="my-hashing-run.scenario" exportText={exportText} actionWords="node changes (add, remove, fail, recover, weights, placement)" />;
}
