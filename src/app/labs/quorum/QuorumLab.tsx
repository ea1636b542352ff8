// The quorums, CAP and PACELC lab page: reads the run from the URL, owns one store (and so one
// worker), lays out the cluster, the operations, the history and checker, and the analysis tabs.
import { PastBanner } from '../../components/PastBanner.tsx';
import { lazy, Suspense, useState } from 'react';
import { MotionConfig } from 'motion/react';
import type { QuorumConfig } from '../../../kernel/protocols/quorum/index.ts';
import { navigate, routeHref } from '../../shell/router.ts';
import type { LabPageProps } from '../registry.ts';
import { CheckerPanel, HistoryView } from './HistoryView.tsx';
import { FaultPanel, OperationPanel } from './OperationPanel.tsx';
import { QuorumClusterView } from './QuorumClusterView.tsx';
import { connectQuorumWorker } from './quorumConnection.ts';
import { QuorumStoreContext, useQuorumStore, useQuorumStoreApi } from './quorumContext.ts';
import { quorumPresets } from './quorumPresets.ts';
import { LessonSlot, ScenarioPanel } from '../../components/ScenarioPanel.tsx';
import { useRunningStore, useSharedScenario, useUrlPreset } from '../../kit/session.ts';
import { ActionsExport } from '../../components/ActionsExport.tsx';
import { useLabShortcuts } from '../../kit/shortcuts.ts';
import { formatMs, LabTransport } from '../../components/LabTransport.tsx';
import { forgetJournal, journalKey } from '../../kit/journal.ts';
import {
  createQuorumStore,
  DEFAULT_SPEED,
  PLAYBACK_SPEEDS,
  selectAtHead,
  selectFrame,
  selectProblems,
  selectRestoredNote,
  selectStatus,
} from './quorumStore.ts';
import { parseQuorumUrl, quorumUrlParameters, type QuorumUrlSettings } from './quorumUrl.ts';
import { SettingsPanel } from './SettingsPanel.tsx';
import './quorum.css';
import { randomSeed } from '../../shell/seed.ts';
import { selectScenario } from './quorumStore.ts';
import { LabUrlGate, runKey } from '../../kit/LabUrlGate.tsx';

const AnalysisTabs = lazy(() => import('./AnalysisTabs.tsx'));

export default function QuorumLab({ route }: LabPageProps) {
  return (
    <LabUrlGate path="/quorums" labName="quorums lab" params={route.params} parsed={parseQuorumUrl(route.params)}>
      {(settings) => <QuorumSession key={JSON.stringify([settings.config, settings.scenario, settings.sharedScenario])} settings={settings} query={route.query} />}
    </LabUrlGate>
  );
}

function QuorumSession({ settings, query }: { readonly settings: QuorumUrlSettings; readonly query: string }) {
  const [store] = useState(() =>
    createQuorumStore({
      config: settings.config,
      connect: connectQuorumWorker,
      speed: settings.speed ?? DEFAULT_SPEED,
      // A preset or a shared run replays from its text; a hand-made run is kept across a reload.
      persistKey: settings.scenario === null && settings.sharedScenario === null ? journalKey('quorum', runKey(query)) : null,
    }),
  );
  useRunningStore(store);
  useUrlPreset(store, quorumPresets, settings.scenario, 'quorum');
  useSharedScenario(store, settings.sharedScenario);

  const restartWith = (overrides: Partial<QuorumConfig>) => navigate(routeHref('/quorums', quorumUrlParameters({ ...settings.config, ...overrides })));
  const startOver = () => {
    forgetJournal(journalKey('quorum', runKey(query)));
    window.location.reload();
  };

  return (
    <MotionConfig reducedMotion="user">
      <QuorumStoreContext.Provider value={store}>
        <QuorumLayout config={settings.config} onRestart={restartWith} onStartOver={startOver} />
      </QuorumStoreContext.Provider>
    </MotionConfig>
  );
}


function QuorumLayout({ config, onRestart, onStartOver }: { readonly config: QuorumConfig; onRestart(overrides: Partial<QuorumConfig>): void; onStartOver(): void }) {
  const status = useQuorumStore(selectStatus);
  const problems = useQuorumStore(selectProblems);
  const actions = useQuorumStoreApi().getState().actions;
  useLabShortcuts({ togglePlay: actions.togglePlay, step: actions.step, keys: { w: () => actions.issue('write'), r: () => actions.issue('read') } });
  return (
    <main className="quorum-lab" aria-label="Quorums, CAP and PACELC lab" data-testid="quorum-lab" data-status={status}>
      <RunBar onNewSeed={() => onRestart({ seed: randomSeed() })} onStartOver={onStartOver} />
      <Transport />
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
          <QuorumClusterView />
          <aside className="q-side" aria-label="Operations, checker and settings">
            <LessonSlot />
            <OperationPanel />
            <CheckerPanel />
            <FaultPanel />
            <SettingsPanel config={config} onRestart={onRestart} />
            <QuorumScenarioPanel />
            <ActionsExport route="/quorums" fileName="my-quorum-run.scenario" exportText={actions.actionsAsScenario} actionWords="reads, writes, crashes, drags, cuts and settings" />
          </aside>
          <div className="q-history-area">
            <HistoryView />
          </div>
          <div className="q-analysis-area">
            <Suspense fallback={<p className="page-message">Loading the analysis…</p>}>
              <AnalysisTabs />
            </Suspense>
          </div>
        </>
      )}
    </main>
  );
}

function RunBar({ onNewSeed, onStartOver }: { onNewSeed(): void; onStartOver(): void }) {
  const frame = useQuorumStore(selectFrame);
  const atHead = useQuorumStore(selectAtHead);
  const restored = useQuorumStore(selectRestoredNote);
  const store = useQuorumStoreApi();
  return (
    <div className="run-bar">
      <h1 className="lab-title">Quorums, CAP and PACELC</h1>
      {frame && (
        <>
          <span className="seed" data-testid="seed" data-seed={frame.seed}>
            seed {frame.seed}
          </span>
          <button type="button" onClick={onNewSeed}>
            New seed
          </button>
          <span>
            {frame.mode === 'leaderless' ? 'Leaderless (Dynamo-style)' : 'Consensus (Raft)'} · {frame.replicas.length} replicas · N = {frame.replicationFactor} copies per key · {frame.clients.length} clients
          </span>
        </>
      )}
      <PastBanner atHead={atHead} nowMs={frame?.nowMs ?? 0} headMs={frame?.headMs ?? 0} formatTime={formatMs} onBackToLatest={() => void store.getState().actions.seek(frame?.headMs ?? 0)} />
      {restored && (
        <span className="q-restored" role="status" data-testid="restored">
          {restored}{' '}
          <button type="button" onClick={onStartOver}>
            Start over
          </button>
        </span>
      )}
    </div>
  );
}

function Transport() {
  return <LabTransport store={useQuorumStoreApi()} speeds={PLAYBACK_SPEEDS} />;
}

/** The kit's scenario card on this lab's store. */
function QuorumScenarioPanel() {
  const scenario = useQuorumStore(selectScenario);
  const actions = useQuorumStoreApi().getState().actions;
  return <ScenarioPanel presets={quorumPresets} scenario={scenario} actions={actions} />;
}
