// The CRDT lab page: reads the run from the URL, owns one store (and so one worker), and lays out
// the replicas on the kit's cluster canvas, their values and metadata, the operation form, the
// space-time diagram of updates and merges, the checkers, the Raft account beside the counter, and
// the kit's scenario panel.
import { useState, type CSSProperties } from 'react';
import { MotionConfig } from 'motion/react';
import type { CrdtConfig } from '../../../kernel/protocols/crdt/index.ts';
import { LabTransport } from '../../components/LabTransport.tsx';
import { PastBanner } from '../../components/PastBanner.tsx';
import { useLabShortcuts } from '../../kit/shortcuts.ts';
import { LessonSlot, ScenarioPanel } from '../../components/ScenarioPanel.tsx';
import { ActionsExport } from '../../components/ActionsExport.tsx';
import { navigate, routeHref } from '../../shell/router.ts';
import { randomSeed } from '../../shell/seed.ts';
import { useRunningStore, useSharedScenario, useUrlPreset } from '../../kit/session.ts';
import { journalKey } from '../../kit/journal.ts';
import type { LabPageProps } from '../registry.ts';
import { connectCrdtWorker } from './crdtConnection.ts';
import { CrdtStoreContext, useCrdtStore, useCrdtStoreApi } from './crdtContext.ts';
import { crdtPresets } from './crdtPresets.ts';
import {
  createCrdtStore,
  DEFAULT_SPEED,
  formatTimeMs,
  PLAYBACK_SPEEDS,
  selectAtHead,
  selectConverged,
  selectFrame,
  selectProblems,
  selectReplicaCount,
  selectScenario,
  selectStatus,
} from './crdtStore.ts';
import { crdtUrlParameters, parseCrdtUrl, type CrdtUrlSettings } from './crdtUrl.ts';
import { CrdtClusterView } from './CrdtClusterView.tsx';
import { BankPanel, CheckerPanel, OperationPanel, ReplicaCards } from './CrdtPanels.tsx';
import { SelectedMerge, SpaceTimeView } from './SpaceTimeView.tsx';
import './crdt.css';
import { LabUrlGate } from '../../kit/LabUrlGate.tsx';

export default function CrdtLab({ route }: LabPageProps) {
  return (
    <LabUrlGate path="/crdts" labName="CRDT lab" params={route.params} parsed={parseCrdtUrl(route.params)}>
      {(settings) => <CrdtSession key={JSON.stringify([settings.config, settings.scenario, settings.sharedScenario])} settings={settings} />}
    </LabUrlGate>
  );
}

function CrdtSession({ settings }: { readonly settings: CrdtUrlSettings }) {
  const [store] = useState(() =>
    createCrdtStore({
      config: settings.config,
      connect: connectCrdtWorker,
      speed: settings.speed ?? DEFAULT_SPEED,
      // A preset or a shared run replays from its text; a hand-made run is kept across a reload.
      persistKey: settings.scenario === null && settings.sharedScenario === null ? journalKey('crdt', JSON.stringify(crdtUrlParameters(settings.config))) : null,
    }),
  );
  useRunningStore(store);
  useUrlPreset(store, crdtPresets, settings.scenario, 'crdt');
  useSharedScenario(store, settings.sharedScenario);
  const restartWith = (overrides: Partial<CrdtConfig>) => navigate(routeHref('/crdts', crdtUrlParameters({ ...settings.config, ...overrides })));
  return (
    <MotionConfig reducedMotion="user">
      <CrdtStoreContext.Provider value={store}>
        <CrdtLayout config={settings.config} onRestart={restartWith} />
      </CrdtStoreContext.Provider>
    </MotionConfig>
  );
}

function CrdtLayout({ config, onRestart }: { readonly config: CrdtConfig; onRestart(overrides: Partial<CrdtConfig>): void }) {
  const status = useCrdtStore(selectStatus);
  const problems = useCrdtStore(selectProblems);
  const replicaCount = useCrdtStore(selectReplicaCount);
  const store = useCrdtStoreApi();
  // Space plays or pauses, "." steps, S syncs every replica (the kit's keys, never while typing).
  useLabShortcuts({ togglePlay: () => store.getState().actions.togglePlay(), step: () => store.getState().actions.step(), keys: { s: () => store.getState().actions.sync() } });
  return (
    <main className="crdt-lab" aria-label="CRDT lab" data-testid="crdt-lab" data-status={status}>
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
          {/* The lane count sizes the diagram, and so how much height the cluster can take (crdt.css). */}
          <div className="crdt-picture" style={{ '--crdt-lanes': replicaCount } as CSSProperties}>
            <RunStatus />
            {/* With the Raft twin on, its side-by-side table sits beside the replicas: it is the lesson. */}
            <div className="crdt-picture-row">
              <CrdtClusterView />
              <BankPanel />
            </div>
            <SpaceTimeView />
          </div>
          <aside className="crdt-side" aria-label="Replicas, operations, checkers and scenarios">
            <LessonSlot />
            <SelectedMerge />
            <ReplicaCards />
            <OperationPanel />
            <CheckerPanel />
            <CrdtScenarioPanel />
            <ActionsExport route="/crdts" fileName="my-crdt-run.scenario" exportText={() => store.getState().actions.actionsAsScenario()} actionWords="updates, merges, syncs, crashes and partitions" />
          </aside>
        </>
      )}
    </main>
  );
}

const TYPE_CHOICES: readonly [CrdtConfig['type'], string][] = [
  ['g-counter', 'G-Counter'],
  ['pn-counter', 'PN-Counter'],
  ['g-set', 'G-Set'],
  ['2p-set', '2P-Set'],
  ['or-set', 'OR-Set (add-wins)'],
  ['rw-set', 'Remove-wins set'],
  ['lww-register', 'LWW-Register'],
  ['mv-register', 'MV-Register'],
  ['lww-map', 'LWW-Map'],
  ['sequence', 'Sequence (RGA)'],
];

function RunBar({ config, onRestart }: { readonly config: CrdtConfig; onRestart(overrides: Partial<CrdtConfig>): void }) {
  const frame = useCrdtStore(selectFrame);
  return (
    <div className="run-bar">
      <h1 className="lab-title">CRDTs</h1>
      <label>
        Type{' '}
        <select value={frame?.type ?? config.type} onChange={(event) => onRestart({ type: event.target.value as CrdtConfig['type'], sync: 'state', raft: false })} data-testid="type-select">
          {TYPE_CHOICES.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      {frame && (
        <>
          <span className="seed" data-testid="seed" data-seed={frame.seed}>
            seed {frame.seed}
          </span>
          <button type="button" onClick={() => onRestart({ seed: randomSeed() })}>
            New seed
          </button>
          <span title={frame.source}>
            {frame.title} · {frame.replicas.length} replicas · {frame.sync === 'state' ? 'state-based (merge = least upper bound)' : `op-based, ${frame.delivery} delivery`}
          </span>
        </>
      )}
    </div>
  );
}

/** Next to the picture, in words: whether the replicas agree, and if not, what would bring them together. */
function RunStatus() {
  const frame = useCrdtStore(selectFrame);
  const converged = useCrdtStore(selectConverged);
  const atHead = useCrdtStore(selectAtHead);
  const store = useCrdtStoreApi();
  if (!frame) return null;
  const alive = frame.replicas.filter((replica) => replica.alive).length;
  const islands = frame.groups.length;
  return (
    <div className="crdt-status">
      <span className={`crdt-converged ${converged ? 'yes' : 'no'}`} data-testid="converged" data-converged={converged} role="status">
        {converged
          ? `✓ converged: ${alive === frame.replicas.length ? 'every replica holds' : `the ${alive} alive replicas hold`} the same state`
          : `≠ diverged: alive replicas hold different states${islands > 1 ? ` — ${islands} islands cannot merge until the network heals` : ' — a sync (key S) would bring them together'}`}
      </span>
      <PastBanner atHead={atHead} nowMs={frame.nowMs} headMs={frame.headMs} formatTime={formatTimeMs} onBackToLatest={() => void store.getState().actions.seek(frame.headMs)} />
    </div>
  );
}

function CrdtScenarioPanel() {
  const scenario = useCrdtStore(selectScenario);
  const actions = useCrdtStoreApi().getState().actions;
  return <ScenarioPanel presets={crdtPresets} scenario={scenario} actions={actions} />;
}
