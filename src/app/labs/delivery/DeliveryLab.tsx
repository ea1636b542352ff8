// The delivery semantics lab page: reads the run from the URL (settings, a preset, or a matrix
// cell to replay), owns one store (and so one worker), and lays out the path left to right with
// each component's state and its crash buttons, the expected-vs-actual counters, the sentences
// that explain the moment, the scenario panel, and the crash-point matrix one click away.
import { useEffect, useState } from 'react';
import { MotionConfig } from 'motion/react';
import { ACKS, CONSUMER_MODES, EFFECT_MODES, PRODUCER_MODES, type DeliveryConfig } from '../../../kernel/protocols/delivery/index.ts';
import { cellScenario, findCell } from '../../../scenario/delivery-matrix.ts';
import { LabTransport } from '../../components/LabTransport.tsx';
import { PastBanner } from '../../components/PastBanner.tsx';
import { LessonSlot, ScenarioPanel } from '../../components/ScenarioPanel.tsx';
import { ActionsExport } from '../../components/ActionsExport.tsx';
import { useLabShortcuts } from '../../kit/shortcuts.ts';
import { navigate, routeHref } from '../../shell/router.ts';
import { randomSeed } from '../../shell/seed.ts';
import { useRunningStore, useUrlPreset } from '../../kit/session.ts';
import { forgetJournal, journalKey } from '../../kit/journal.ts';
import { LabUrlGate, runKey } from '../../kit/LabUrlGate.tsx';
import type { LabPageProps } from '../registry.ts';
import { connectDeliveryWorker } from './deliveryConnection.ts';
import { DeliveryStoreContext, useDeliveryStore, useDeliveryStoreApi } from './deliveryContext.ts';
import { deliveryPresets } from './deliveryPresets.ts';
import { createDeliveryStore, DEFAULT_SPEED, formatTimeMs, PLAYBACK_SPEEDS, selectAtHead, selectFrame, selectHeadMs, selectMatrixShown, selectNowMs, selectProblems, selectRestoredNote, selectScenario, selectStatus } from './deliveryStore.ts';
import { deliveryUrlParameters, formatWindow, parseDeliveryUrl, type DeliveryUrlSettings } from './deliveryUrl.ts';
import { Counters, PathView } from './PathView.tsx';
import { EvidencePanel, ExplanationsPanel, NotesPanel, Simplifications } from './DeliveryPanels.tsx';
import { MatrixPanel } from './MatrixPanel.tsx';
import './delivery.css';

export default function DeliveryLab({ route }: LabPageProps) {
  return (
    <LabUrlGate path="/delivery" labName="delivery lab" params={route.params} parsed={parseDeliveryUrl(route.params)}>
      {(settings) => <DeliverySession key={JSON.stringify([settings.config, settings.scenario, settings.cell, settings.replay])} settings={settings} query={route.query} />}
    </LabUrlGate>
  );
}

function DeliverySession({ settings, query }: { readonly settings: DeliveryUrlSettings; readonly query: string }) {
  const loaded = settings.scenario !== null || settings.cell !== null || settings.replay !== null;
  const [store] = useState(() =>
    createDeliveryStore({
      config: settings.config,
      connect: connectDeliveryWorker,
      speed: settings.speed ?? DEFAULT_SPEED,
      persistKey: loaded ? null : journalKey('delivery', runKey(query)),
    }),
  );
  useRunningStore(store);
  useUrlPreset(store, deliveryPresets, settings.scenario, 'delivery');
  useEffect(() => {
    // A matrix cell is a scenario the matrix module writes: load it like a preset.
    if (settings.cell === null) return;
    const [settingKey, faultKey] = settings.cell.split('~') as [string, string];
    const found = findCell(settingKey, faultKey);
    const { actions } = store.getState();
    if (!found) actions.failScenario(settings.cell, `There is no crash-point matrix cell “${settings.cell}”.`);
    else void actions.loadScenario(`matrix: ${found.fault.title}`, cellScenario(found.setting, found.fault));
  }, [store, settings.cell]);
  useEffect(() => {
    // An exported run is a scenario too: its commands at their times.
    if (settings.replay !== null) void store.getState().actions.loadScenario('exported run', settings.replay);
  }, [store, settings.replay]);
  const restartWith = (overrides: Partial<DeliveryConfig>) => navigate(routeHref('/delivery', deliveryUrlParameters({ ...settings.config, ...overrides })));
  const startOver = () => {
    forgetJournal(journalKey('delivery', runKey(query)));
    window.location.reload();
  };
  return (
    <MotionConfig reducedMotion="user">
      <DeliveryStoreContext.Provider value={store}>
        <Layout config={settings.config} onRestart={restartWith} onStartOver={startOver} />
      </DeliveryStoreContext.Provider>
    </MotionConfig>
  );
}

function Layout({ config, onRestart, onStartOver }: { readonly config: DeliveryConfig; onRestart(overrides: Partial<DeliveryConfig>): void; onStartOver(): void }) {
  const status = useDeliveryStore(selectStatus);
  const problems = useDeliveryStore(selectProblems);
  const matrixShown = useDeliveryStore(selectMatrixShown);
  const store = useDeliveryStoreApi();
  const actions = store.getState().actions;
  // Space plays or pauses, "." steps (the kit's keys); P produces one transfer, M opens the matrix.
  useLabShortcuts({ togglePlay: actions.togglePlay, step: actions.step, keys: { n: () => actions.perform({ type: 'produce', count: 1 }), m: () => actions.showMatrix(!store.getState().matrixShown) } });
  return (
    <main className="delivery-lab" aria-label="Delivery semantics lab" data-testid="delivery-lab" data-status={status}>
      <RunBar config={config} onRestart={onRestart} onStartOver={onStartOver} />
      <LabTransport store={store} speeds={PLAYBACK_SPEEDS} />
      {status === 'failed' ? (
        <div className="error-panel" role="alert" data-testid="run-error">
          <h2>The simulation could not run</h2>
          <ul className="error-list">
            {problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </div>
      ) : (
        <>
          <section className="d-picture" aria-label={matrixShown ? 'Crash-point matrix' : 'The delivery path'}>
            <Counters />
            {matrixShown ? <MatrixPanel /> : <PathView />}
          </section>
          <aside className="d-side" aria-label="Explanations, events, scenarios and evidence">
            <LessonSlot />
            <ExplanationsPanel />
            <NotesPanel />
            <DeliveryScenarioPanel />
            <ActionsExport route="/delivery" fileName="my-delivery-run.scenario" exportText={actions.actionsAsScenario} actionWords="transfers, crashes, lost acks, failovers and rebalances" />
            <EvidencePanel />
            <Simplifications />
          </aside>
        </>
      )}
    </main>
  );
}

function RunBar({ config: urlConfig, onRestart, onStartOver }: { readonly config: DeliveryConfig; onRestart(overrides: Partial<DeliveryConfig>): void; onStartOver(): void }) {
  const frame = useDeliveryStore(selectFrame);
  const atHead = useDeliveryStore(selectAtHead);
  const nowMs = useDeliveryStore(selectNowMs);
  const headMs = useDeliveryStore(selectHeadMs);
  const restored = useDeliveryStore(selectRestoredNote);
  const matrixShown = useDeliveryStore(selectMatrixShown);
  const actions = useDeliveryStoreApi().getState().actions;
  // A loaded scenario's header may differ from the URL's settings: show what runs.
  const config = frame?.config ?? urlConfig;
  // Kafka refuses idempotence and transactions without acks=all: switching to them switches acks too.
  const needsAll = (producer: DeliveryConfig['producer']) => producer === 'idempotent' || producer === 'transactional';
  return (
    <div className="run-bar d-run-bar">
      <h1 className="lab-title">Delivery semantics</h1>
      <label>
        producer{' '}
        <select value={config.producer} data-testid="setting-producer" onChange={(event) => onRestart({ producer: event.target.value as DeliveryConfig['producer'], ...(needsAll(event.target.value as DeliveryConfig['producer']) ? { acks: 'all' } : {}) })}>
          {PRODUCER_MODES.map((mode) => (
            <option key={mode}>{mode}</option>
          ))}
        </select>
      </label>
      <label>
        acks{' '}
        <select value={config.acks} data-testid="setting-acks" onChange={(event) => onRestart({ acks: event.target.value as DeliveryConfig['acks'] })}>
          {ACKS.map((acks) => (
            <option key={acks} disabled={acks !== 'all' && needsAll(config.producer)}>
              {acks}
            </option>
          ))}
        </select>
      </label>
      <label>
        consumer{' '}
        <select value={config.consumer} data-testid="setting-consumer" onChange={(event) => onRestart({ consumer: event.target.value as DeliveryConfig['consumer'] })}>
          {CONSUMER_MODES.map((mode) => (
            <option key={mode}>{mode}</option>
          ))}
        </select>
      </label>
      <label>
        effect{' '}
        <select value={config.effect} data-testid="setting-effect" onChange={(event) => onRestart({ effect: event.target.value as DeliveryConfig['effect'] })}>
          {EFFECT_MODES.map((mode) => (
            <option key={mode}>{mode}</option>
          ))}
        </select>
      </label>
      {config.effect === 'idempotency-key' && (
        <label>
          dedup window{' '}
          <select value={formatWindow(config.dedupWindowMs)} data-testid="setting-window" onChange={(event) => onRestart({ dedupWindowMs: event.target.value === '5m' ? 300_000 : 86_400_000 })}>
            <option value="24h">24 h</option>
            <option value="5m">5 min</option>
            {!['24h', '5m'].includes(formatWindow(config.dedupWindowMs)) && <option value={formatWindow(config.dedupWindowMs)}>{formatWindow(config.dedupWindowMs)}</option>}
          </select>
        </label>
      )}
      {frame && (
        <>
          <span className="seed" data-testid="seed" data-seed={frame.seed}>
            seed {frame.seed}
          </span>
          <button type="button" onClick={() => onRestart({ seed: randomSeed() })}>
            New seed
          </button>
        </>
      )}
      <button type="button" className="d-matrix-button" aria-pressed={matrixShown} data-testid="matrix-toggle" onClick={() => actions.showMatrix(!matrixShown)}>
        {matrixShown ? 'Back to the path' : 'Crash-point matrix'}
      </button>
      <PastBanner atHead={atHead} nowMs={nowMs} headMs={headMs} formatTime={formatTimeMs} onBackToLatest={() => void actions.seek(headMs)} />
      {restored && (
        <span className="d-restored" role="status">
          {restored}{' '}
          <button type="button" onClick={onStartOver}>
            Start over
          </button>
        </span>
      )}
    </div>
  );
}

function DeliveryScenarioPanel() {
  const scenario = useDeliveryStore(selectScenario);
  const actions = useDeliveryStoreApi().getState().actions;
  return <ScenarioPanel presets={deliveryPresets} scenario={scenario} actions={actions} />;
}
