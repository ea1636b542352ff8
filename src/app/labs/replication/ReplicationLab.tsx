// The replication and failover lab page: reads the run from the URL, owns one store (and so one worker),
// lays out the cluster, the operator's actions, the measures, the WAL view and the write history.
import { useState } from 'react';
import { MotionConfig } from 'motion/react';
import { COMMIT_MODES, FAILOVER_MODES, FENCINGS, type ReplicationConfig } from '../../../kernel/protocols/replication/index.ts';
import { LabTransport } from '../../components/LabTransport.tsx';
import { PastBanner } from '../../components/PastBanner.tsx';
import { useLabShortcuts } from '../../kit/shortcuts.ts';
import { LessonSlot, ScenarioPanel } from '../../components/ScenarioPanel.tsx';
import { ActionsExport } from '../../components/ActionsExport.tsx';
import { navigate, routeHref } from '../../shell/router.ts';
import { randomSeed } from '../../shell/seed.ts';
import { useRunningStore, useSharedScenario, useUrlPreset } from '../../kit/session.ts';
import { forgetJournal, journalKey } from '../../kit/journal.ts';
import type { LabPageProps } from '../registry.ts';
import { ReplicationClusterView } from './ReplicationClusterView.tsx';
import { ActionPanel, MeasuresPanel, ReplicationStatusTable, WriteHistory } from './ReplicationPanels.tsx';
import { WalView } from './WalView.tsx';
import { SweepPanel } from './SweepPanel.tsx';
import { ComparePanel } from './ComparePanel.tsx';
import { MultiLeaderPanel } from './MultiLeaderPanel.tsx';
import { connectReplicationWorker } from './replicationConnection.ts';
import { ReplicationStoreContext, useReplicationStore, useReplicationStoreApi } from './replicationContext.ts';
import { replicationPresets } from './replicationPresets.ts';
import {
  createReplicationStore,
  DEFAULT_SPEED,
  formatTimeMs,
  PLAYBACK_SPEEDS,
  selectAtHead,
  selectFrame,
  selectHeadMs,
  selectNowMs,
  selectProblems,
  selectRestoredNote,
  selectScenario,
  selectStatus,
} from './replicationStore.ts';
import { parseReplicationUrl, replicationUrlParameters, type ReplicationUrlSettings } from './replicationUrl.ts';
import './replication.css';
import { LabUrlGate, runKey } from '../../kit/LabUrlGate.tsx';

export default function ReplicationLab({ route }: LabPageProps) {
  return (
    <LabUrlGate path="/replication" labName="replication lab" params={route.params} parsed={parseReplicationUrl(route.params)}>
      {(settings) => <ReplicationSession key={JSON.stringify([settings.config, settings.scenario, settings.sharedScenario])} settings={settings} query={route.query} />}
    </LabUrlGate>
  );
}

function ReplicationSession({ settings, query }: { readonly settings: ReplicationUrlSettings; readonly query: string }) {
  const [store] = useState(() =>
    createReplicationStore({
      config: settings.config,
      connect: connectReplicationWorker,
      speed: settings.speed ?? DEFAULT_SPEED,
      // A preset or a shared run replays from its text; a hand-made run is kept across a reload.
      persistKey: settings.scenario === null && settings.sharedScenario === null ? journalKey('replication', runKey(query)) : null,
    }),
  );
  useRunningStore(store);
  useUrlPreset(store, replicationPresets, settings.scenario, 'replication');
  useSharedScenario(store, settings.sharedScenario);
  const restartWith = (overrides: Partial<ReplicationConfig>) => navigate(routeHref('/replication', replicationUrlParameters({ ...settings.config, ...overrides })));
  const startOver = () => {
    forgetJournal(journalKey('replication', runKey(query)));
    window.location.reload();
  };
  return (
    <MotionConfig reducedMotion="user">
      <ReplicationStoreContext.Provider value={store}>
        <Layout config={settings.config} onRestart={restartWith} onStartOver={startOver} />
      </ReplicationStoreContext.Provider>
    </MotionConfig>
  );
}


function Layout({ config, onRestart, onStartOver }: { readonly config: ReplicationConfig; onRestart(overrides: Partial<ReplicationConfig>): void; onStartOver(): void }) {
  const status = useReplicationStore(selectStatus);
  const problems = useReplicationStore(selectProblems);
  const store = useReplicationStoreApi();
  const actions = store.getState().actions;
  // Space plays or pauses, "." steps (the kit's keys); W writes through the primary.
  useLabShortcuts({ togglePlay: actions.togglePlay, step: actions.step, keys: { w: () => actions.write(null) } });
  return (
    <main className="replication-lab" aria-label="Replication and failover lab" data-testid="replication-lab" data-status={status}>
      <RunBar onNewSeed={() => onRestart({ seed: randomSeed() })} onStartOver={onStartOver} />
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
          <ReplicationClusterView />
          <aside className="r-side" aria-label="Actions, measures and settings">
            <LessonSlot />
            <MeasuresPanel />
            <ActionPanel />
            <SettingsPanel config={config} onRestart={onRestart} />
            <ReplicationScenarioPanel />
            <ActionsExport route="/replication" fileName="my-replication-run.scenario" exportText={actions.actionsAsScenario} actionWords="writes, reads, crashes, partitions, promotions and rewinds" />
            <Simplifications />
          </aside>
          <div className="r-bottom">
            <ReplicationStatusTable />
            <WalView />
            <WriteHistory />
            <SweepPanel />
            <ComparePanel />
            <MultiLeaderPanel />
          </div>
        </>
      )}
    </main>
  );
}

function RunBar({ onNewSeed, onStartOver }: { onNewSeed(): void; onStartOver(): void }) {
  const frame = useReplicationStore(selectFrame);
  const config = frame?.config;
  const atHead = useReplicationStore(selectAtHead);
  const nowMs = useReplicationStore(selectNowMs);
  const headMs = useReplicationStore(selectHeadMs);
  const restored = useReplicationStore(selectRestoredNote);
  const actions = useReplicationStoreApi().getState().actions;
  return (
    <div className="run-bar">
      <h1 className="lab-title">Replication and failover</h1>
      {frame && config && (
        <>
          <span className="seed" data-testid="seed" data-seed={frame.seed}>
            seed {frame.seed}
          </span>
          <button type="button" onClick={onNewSeed}>
            New seed
          </button>
          <span data-testid="config-summary">
            {config.nodeCount} nodes · {config.mode === 'quorum' ? `quorum commit (ANY ${config.syncCount})` : `${config.mode} commit`}
            {config.mode !== 'async' ? (config.strict ? ', strict' : ', non-strict') : ''} · {config.failover} failover · fencing {config.fencing}
            {config.witness ? ' · witness' : ''}
          </span>
        </>
      )}
      <PastBanner atHead={atHead} nowMs={nowMs} headMs={headMs} formatTime={formatTimeMs} onBackToLatest={() => void actions.seek(headMs)} />
      {restored && (
        <span className="r-restored" role="status">
          {restored}{' '}
          <button type="button" onClick={onStartOver}>
            Start over
          </button>
        </span>
      )}
    </div>
  );
}

/** Mode, failover, fencing, witness, strictness: a new run with the switch changed (it is in the URL, so shareable). */
function SettingsPanel({ config: urlConfig, onRestart }: { readonly config: ReplicationConfig; onRestart(overrides: Partial<ReplicationConfig>): void }) {
  // A loaded scenario's header may differ from the URL's settings: show what runs.
  const config = useReplicationStore(selectFrame)?.config ?? urlConfig;
  return (
    <section className="panel r-settings" aria-label="Settings (each starts a new run)">
      <h2>Settings</h2>
      <p className="r-settings-note">Each change starts a new run with the same seed.</p>
      <label>
        nodes{' '}
        <select value={config.nodeCount} onChange={(event) => onRestart({ nodeCount: Number(event.target.value), syncCount: 1 })} data-testid="setting-nodes">
          {[2, 3, 4, 5].map((count) => (
            <option key={count}>{count}</option>
          ))}
        </select>
      </label>
      <label>
        commit{' '}
        <select value={config.mode} onChange={(event) => onRestart({ mode: event.target.value as ReplicationConfig['mode'], syncCount: 1 })} data-testid="setting-mode">
          {COMMIT_MODES.map((mode) => (
            <option key={mode}>{mode}</option>
          ))}
        </select>
      </label>
      <label>
        failover{' '}
        <select value={config.failover} onChange={(event) => onRestart({ failover: event.target.value as ReplicationConfig['failover'] })} data-testid="setting-failover">
          {FAILOVER_MODES.map((mode) => (
            <option key={mode}>{mode}</option>
          ))}
        </select>
      </label>
      <label>
        fencing{' '}
        <select value={config.fencing} onChange={(event) => onRestart({ fencing: event.target.value as ReplicationConfig['fencing'] })} data-testid="setting-fencing">
          {FENCINGS.map((fencing) => (
            <option key={fencing}>{fencing}</option>
          ))}
        </select>
      </label>
      <label>
        <input type="checkbox" checked={config.witness} onChange={(event) => onRestart({ witness: event.target.checked })} data-testid="setting-witness" /> witness
      </label>
      <label>
        <input type="checkbox" checked={config.strict} onChange={(event) => onRestart({ strict: event.target.checked })} data-testid="setting-strict" /> strict (sync commits wait forever)
      </label>
    </section>
  );
}

function ReplicationScenarioPanel() {
  const scenario = useReplicationStore(selectScenario);
  const actions = useReplicationStoreApi().getState().actions;
  return <ScenarioPanel presets={replicationPresets} scenario={scenario} actions={actions} />;
}

function Simplifications() {
  return (
    <details className="panel r-simplifications">
      <summary>Where this model simplifies</summary>
      <ul>
        <li>One write is one WAL record; no transactions, checkpoints, WAL recycling or replication slots; pg_rewind and base backups are instant.</li>
        <li>The DCS (etcd) is a compare-and-set register that answers a node that reaches a majority of its voters (the first three nodes, plus the witness); etcd's own elections are not modelled.</li>
        <li>Clients reach every live node; partitions cut nodes from nodes. STONITH always succeeds. Database clocks are exact, so leases need no drift margin here.</li>
        <li>Multi-leader (the last panel) runs its scenarios to the end with the rule and skew you pick; it is not drawn on the cluster view, and a region's clients reach only their own leader. The quorum lab shows leaderless replication.</li>
      </ul>
    </details>
  );
}
