// The consistent hashing lab page: reads the starting point from the URL, owns one store (and so one worker), lays out the views.
import { useEffect, useState } from 'react';
import { MotionConfig } from 'motion/react';
import type { HashingConfig } from '../../../kernel/protocols/hashing/index.ts';
import { navigate, routeHref } from '../../shell/router.ts';
import type { LabPageProps } from '../registry.ts';
import { ChangeLog, KeyLookup, KeySetControls, NodeControls, PlacementControls } from './ControlsPanel.tsx';
import { connectHashingWorker } from './hashingConnection.ts';
import { HashingStoreContext, useHashingStore, useHashingStoreApi } from './hashingContext.ts';
import { hashingPresets } from './hashingPresets.ts';
import { LessonSlot, ScenarioPanel } from '../../components/ScenarioPanel.tsx';
import { useRunningStore, useSharedScenario, useUrlPreset } from '../../kit/session.ts';
import { journalKey } from '../../kit/journal.ts';
import { createHashingStore, selectBusy, selectFrame, selectProblems, selectStatus } from './hashingStore.ts';
import { hashingUrlParameters, parseHashingUrl, type HashingUrlSettings } from './hashingUrl.ts';
import { RingView } from './RingView.tsx';
import { ComparisonTable, LoadPanel, MovementPanel } from './AnalysisPanels.tsx';
import { formatCount, STRATEGY_TITLES } from './format.ts';
import './hashing.css';
import { randomSeed } from '../../shell/seed.ts';
import { selectScenario } from './hashingStore.ts';
import { LabUrlGate, runKey } from '../../kit/LabUrlGate.tsx';

export default function HashingLab({ route }: LabPageProps) {
  return (
    <LabUrlGate path="/hashing" labName="consistent hashing lab" params={route.params} parsed={parseHashingUrl(route.params)}>
      {(settings) => <HashingSession key={runKey(route.query, ['present'])} settings={settings} query={route.query} />}
    </LabUrlGate>
  );
}

function HashingSession({ settings, query }: { readonly settings: HashingUrlSettings; readonly query: string }) {
  const [store] = useState(() =>
    createHashingStore({
      config: settings.config,
      connect: connectHashingWorker,
      // A preset or a shared run replays from its text; a hand-made run is kept across a reload.
      persistKey: settings.scenario === null && settings.sharedScenario === null ? journalKey('hashing', runKey(query)) : null,
    }),
  );
  const [startConfig, setStartConfig] = useState(settings.config);
  useRunningStore(store);
  useUrlPreset(store, hashingPresets, settings.scenario, 'hashing');
  useSharedScenario(store, settings.sharedScenario);

  // A loaded scenario sets its own starting point: the change log starts from it.
  useEffect(
    () =>
      store.subscribe((state, previous) => {
        if (state.scenario && state.scenario !== previous.scenario && state.scenario.nextStep === 0 && state.frame && state.frame !== previous.frame) setStartConfig(state.frame.config);
      }),
    [store],
  );

  const restartWith = (overrides: Partial<HashingConfig>) => navigate(routeHref('/hashing', hashingUrlParameters({ ...settings.config, ...overrides })));

  return (
    // "user": motion honours prefers-reduced-motion; the flights are also skipped outright then.
    <MotionConfig reducedMotion="user">
      <HashingStoreContext.Provider value={store}>
        <HashingLayout startConfig={startConfig} onRestart={restartWith} />
      </HashingStoreContext.Provider>
    </MotionConfig>
  );
}

function HashingLayout({ startConfig, onRestart }: { readonly startConfig: HashingConfig; onRestart(overrides: Partial<HashingConfig>): void }) {
  const status = useHashingStore(selectStatus);
  const problems = useHashingStore(selectProblems);
  return (
    <main className="hashing-lab" aria-label="Consistent hashing lab" data-testid="hashing-lab" data-status={status}>
      <RunBar onNewSeed={() => onRestart({ seed: randomSeed() })} />
      {status === 'failed' ? (
        <div className="error-panel" role="alert" data-testid="run-error">
          <h2>The lab could not start</h2>
          <ul className="error-list">
            {problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </div>
      ) : (
        <>
          <div className="hashing-ring-area">
            <RingView />
          </div>
          <div className="hashing-analysis">
            <LessonSlot />
            <MovementPanel />
            <LoadPanel />
          </div>
          <aside className="hashing-controls" aria-label="Controls">
            <NodeControls />
            <PlacementControls />
            <HashingScenarioPanel />
            <KeySetControls onRestart={onRestart} />
            <KeyLookup />
            <ChangeLog startConfig={startConfig} />
          </aside>
          <div className="hashing-comparison">
            <ComparisonTable />
          </div>
        </>
      )}
    </main>
  );
}

function RunBar({ onNewSeed }: { onNewSeed(): void }) {
  const frame = useHashingStore(selectFrame);
  const busy = useHashingStore(selectBusy);
  return (
    <div className="run-bar hashing-run-bar">
      <h1 className="lab-title">Consistent hashing</h1>
      {frame && (
        <>
          <span className="seed" data-testid="hashing-seed" data-seed={frame.config.seed}>
            seed {frame.config.seed}
          </span>
          <button type="button" onClick={onNewSeed}>
            New seed
          </button>
          <span data-testid="hash-name">
            Hash: <strong>{frame.hashName}</strong> (keys and tokens)
          </span>
          <span>
            {STRATEGY_TITLES[frame.config.strategy]} · {frame.nodes.length} nodes · {formatCount(frame.keyCount)} keys
            {frame.config.distribution.kind === 'zipf' ? ` (Zipf ${frame.config.distribution.exponent})` : ' (uniform)'}
          </span>
        </>
      )}
      <span className={`busy-indicator${busy ? ' on' : ''}`} role="status" aria-live="polite" data-testid="busy" data-busy={busy}>
        {busy ? 'computing…' : frame ? `worker: ${Math.round(frame.computeMs)} ms` : 'starting…'}
      </span>
    </div>
  );
}

/** The kit's scenario card on this lab's store. */
function HashingScenarioPanel() {
  const scenario = useHashingStore(selectScenario);
  const actions = useHashingStoreApi().getState().actions;
  return <ScenarioPanel presets={hashingPresets} scenario={scenario} actions={actions} testIdPrefix="hashing-" />;
}
