// The transactions lab page (`#/commit`): reads the run from the URL, owns one store (and so one
// worker), and lays out the coordinator and participants on the kit's cluster canvas with a
// sentence per node, the durable logs, the workload and fault buttons, the measures, the protocols
// side by side on this run's faults, the exhaustive mode, and the kit's scenario panel.
import { useState } from 'react';
import { MotionConfig } from 'motion/react';
import type { CommitConfig } from '../../../kernel/protocols/commit/index.ts';
import { LabTransport } from '../../components/LabTransport.tsx';
import { PastBanner } from '../../components/PastBanner.tsx';
import { LessonSlot, ScenarioPanel } from '../../components/ScenarioPanel.tsx';
import { ActionsExport } from '../../components/ActionsExport.tsx';
import { useLabShortcuts } from '../../kit/shortcuts.ts';
import { navigate, routeHref } from '../../shell/router.ts';
import { randomSeed } from '../../shell/seed.ts';
import { useRunningStore, useSharedScenario, useUrlPreset } from '../../kit/session.ts';
import { journalKey } from '../../kit/journal.ts';
import { LabUrlGate, runKey } from '../../kit/LabUrlGate.tsx';
import type { LabPageProps } from '../registry.ts';
import { connectCommitWorker } from './commitConnection.ts';
import { CommitStoreContext, useCommitStore, useCommitStoreApi } from './commitContext.ts';
import { commitPresets } from './commitPresets.ts';
import { createCommitStore, DEFAULT_SPEED, formatTimeMs, PLAYBACK_SPEEDS, selectAtHead, selectFrame, selectHeadMs, selectNowMs, selectProblems, selectScenario, selectStatus } from './commitStore.ts';
import { commitUrlParameters, parseCommitUrl, type CommitUrlSettings } from './commitUrl.ts';
import { CommitClusterView } from './CommitClusterView.tsx';
import { SideBySide } from './SideBySide.tsx';
import { ActionPanel, ComparePanel, ExplorePanel, LogsView, NodeSentences, TransactionsPanel } from './CommitPanels.tsx';
import './commit.css';

export default function CommitLab({ route }: LabPageProps) {
  return (
    <LabUrlGate path="/commit" labName="transactions lab" params={route.params} parsed={parseCommitUrl(route.params)}>
      {(settings) => <CommitSession key={JSON.stringify([settings.config, settings.scenario, settings.sharedScenario])} settings={settings} query={route.query} />}
    </LabUrlGate>
  );
}

function CommitSession({ settings, query }: { readonly settings: CommitUrlSettings; readonly query: string }) {
  const [store] = useState(() =>
    createCommitStore({
      config: settings.config,
      connect: connectCommitWorker,
      speed: settings.speed ?? DEFAULT_SPEED,
      // A preset or a shared run replays from its text; a hand-made run is kept across a reload.
      persistKey: settings.scenario === null && settings.sharedScenario === null ? journalKey('commit', runKey(query)) : null,
    }),
  );
  useRunningStore(store);
  useUrlPreset(store, commitPresets, settings.scenario, 'commit');
  useSharedScenario(store, settings.sharedScenario);
  const restartWith = (overrides: Partial<CommitConfig>) => navigate(routeHref('/commit', commitUrlParameters({ ...settings.config, ...overrides })));
  return (
    <MotionConfig reducedMotion="user">
      <CommitStoreContext.Provider value={store}>
        <Layout config={settings.config} onRestart={restartWith} />
      </CommitStoreContext.Provider>
    </MotionConfig>
  );
}

function Layout({ config, onRestart }: { readonly config: CommitConfig; onRestart(overrides: Partial<CommitConfig>): void }) {
  const status = useCommitStore(selectStatus);
  const problems = useCommitStore(selectProblems);
  const store = useCommitStoreApi();
  const actions = store.getState().actions;
  // Space plays or pauses, "." steps (the kit's keys); T starts a transfer, R reads the balances.
  useLabShortcuts({ togglePlay: actions.togglePlay, step: actions.step, keys: { t: () => void actions.transfer(), r: () => void actions.read() } });
  return (
    <main className="commit-lab" aria-label="Transactions across services lab" data-testid="commit-lab" data-status={status}>
      <RunBar config={config} onRestart={onRestart} />
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
          <div className="commit-picture">
            <CommitClusterView />
            <div className="commit-words">
              <LessonSlot />
              <NodeSentences />
            </div>
            <SideBySide />
            <LogsView />
            <ComparePanel />
          </div>
          <aside className="commit-side" aria-label="Workload, measures, comparison and scenarios">
            <ActionPanel />
            <TransactionsPanel />
            <CommitScenarioPanel />
            <ExplorePanel />
            <ActionsExport route="/commit" fileName="my-commit-run.scenario" exportText={actions.actionsAsScenario} actionWords="transfers, votes, readers, crashes, drags, cuts and dropped messages" />
            <Simplifications />
          </aside>
        </>
      )}
    </main>
  );
}

const PROTOCOL_CHOICES: readonly [string, string, Partial<CommitConfig>][] = [
  ['2pc', 'Two-phase commit', { protocol: '2pc', semanticLock: false }],
  ['3pc', 'Three-phase commit', { protocol: '3pc', semanticLock: false }],
  ['saga-orchestrated', 'Saga, orchestrated', { protocol: 'saga', sagaStyle: 'orchestrated' }],
  ['saga-choreographed', 'Saga, choreographed', { protocol: 'saga', sagaStyle: 'choreographed' }],
];

function RunBar({ config: urlConfig, onRestart }: { readonly config: CommitConfig; onRestart(overrides: Partial<CommitConfig>): void }) {
  const frame = useCommitStore(selectFrame);
  const atHead = useCommitStore(selectAtHead);
  const nowMs = useCommitStore(selectNowMs);
  const headMs = useCommitStore(selectHeadMs);
  const actions = useCommitStoreApi().getState().actions;
  const protocol = frame?.protocol ?? urlConfig.protocol;
  const sagaStyle = frame?.sagaStyle ?? urlConfig.sagaStyle;
  const choice = protocol === 'saga' ? `saga-${sagaStyle}` : protocol;
  const participants = frame?.participants.length ?? urlConfig.participantCount;
  return (
    <div className="run-bar">
      <h1 className="lab-title">Transactions across services</h1>
      <label>
        Protocol{' '}
        <select value={choice} onChange={(event) => onRestart(PROTOCOL_CHOICES.find(([value]) => value === event.target.value)![2])} data-testid="protocol-select">
          {PROTOCOL_CHOICES.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label>
        participants{' '}
        <select value={participants} onChange={(event) => onRestart({ participantCount: Number(event.target.value) })} data-testid="participants-select">
          {[2, 3, 4, 5].map((count) => (
            <option key={count}>{count}</option>
          ))}
        </select>
      </label>
      {protocol === 'saga' && (
        <label>
          <input type="checkbox" checked={frame?.semanticLock ?? urlConfig.semanticLock} onChange={(event) => onRestart({ semanticLock: event.target.checked })} data-testid="semantic-lock" /> semantic lock (pending flags)
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
          {frame.bug && <span className="commit-bug">planted bug: {frame.bug}</span>}
        </>
      )}
      <PastBanner atHead={atHead} nowMs={nowMs} headMs={headMs} formatTime={formatTimeMs} onBackToLatest={() => void actions.seek(headMs)} />
    </div>
  );
}

function CommitScenarioPanel() {
  const scenario = useCommitStore(selectScenario);
  const actions = useCommitStoreApi().getState().actions;
  return <ScenarioPanel presets={commitPresets} scenario={scenario} actions={actions} />;
}

function Simplifications() {
  return (
    <details className="panel commit-simplifications">
      <summary>Where this model simplifies</summary>
      <ul>
        <li>Every transfer touches every participant: p1 pays, the last one receives, the others record it. The work phase before PREPARE is instant.</li>
        <li>Locking is no-wait: a participant locked by another transaction votes no. The reader takes a snapshot once no write lock (or pending flag) is held, as a two-phase-locking reader would.</li>
        <li>3PC’s backup coordinator is elected as in Skeen’s protocol (the lowest participant not judged failed), but “judged failed” is a timeout: under a partition or lost messages a live node is judged failed, the two sides elect different backups, and they can decide differently. 3PC is safe only when a timeout really means a crash.</li>
        <li>A participant gives a backup three timeouts (two rounds) before suspecting it; a crashed-and-recovered participant only asks for the outcome (Skeen’s recovery rule), so it can still block if everyone who knows is down.</li>
        <li>The exhaustive mode has no clock: a timeout fires only when no message is in flight (3PC’s synchrony assumption); messages in flight are a set.</li>
      </ul>
    </details>
  );
}
