// The Raft lab page: reads the run from the URL, owns one store (and so one worker), lays out the views.
import { useState } from 'react';
import { MotionConfig } from 'motion/react';
import type { RaftConfig } from '../../../kernel/protocols/raft/simulation.ts';
import { TransportControls } from '../../components/TransportControls.tsx';
import { navigate, routeHref } from '../../shell/router.ts';
import { connectRaftWorker } from '../../store/raftConnection.ts';
import { RaftStoreContext, useRaftStore, useRaftStoreApi } from '../../store/raftContext.ts';
import { createRaftStore, DEFAULT_SPEED, formatSpeed, formatTimeMs, PLAYBACK_SPEEDS } from '../../store/raftStore.ts';
import { selectHeadMs, selectNowMs, selectPlaying, selectProblems, selectSpeed, selectStatus } from '../../store/selectors.ts';
import type { LabPageProps } from '../registry.ts';
import { BreakItPanel, ExtensionsPanel } from './BreakItPanel.tsx';
import { ChaosPanel } from './ChaosPanel.tsx';
import { ClusterActions } from './ClusterActions.tsx';
import { ClusterView } from './ClusterView.tsx';
import { InvariantPanel } from './InvariantPanel.tsx';
import { MessageFaultPanel } from './MessageFaultPanel.tsx';
import { NodeInspector } from './NodeInspector.tsx';
import { nearestSpeed, parseRaftUrl, raftUrlParameters, switchParameters, type RaftUrlSettings, type SwitchGroup } from './raftUrl.ts';
import { RunBar } from './RunBar.tsx';
import { raftPresets } from './scenarioPresets.ts';
import { LogGrid } from './LogGrid.tsx';
import { MessageLegend } from './MessageLegend.tsx';
import { quorumSituation } from './quorumWords.ts';
import { LessonSlot, ScenarioPanel } from '../../components/ScenarioPanel.tsx';
import { useRunningStore, useSharedScenario, useUrlPreset } from '../../kit/session.ts';
import { ActionsExport } from '../../components/ActionsExport.tsx';
import { useLabShortcuts } from '../../kit/shortcuts.ts';
import { journalKey } from '../../kit/journal.ts';
import { SettingsPanel } from './SettingsPanel.tsx';
import { TimelineSlot } from './TimelineSlot.tsx';
import { randomSeed } from '../../shell/seed.ts';
import { selectNodeIds, selectNodesById, selectScenario } from '../../store/selectors.ts';
import { LabUrlGate } from '../../kit/LabUrlGate.tsx';

export default function RaftLab({ route }: LabPageProps) {
  return (
    <LabUrlGate path="/raft" labName="Raft lab" params={route.params} parsed={parseRaftUrl(route.params)}>
      {(settings) => <RaftSession key={JSON.stringify([settings.config, settings.scenario, settings.sharedScenario])} settings={settings} />}
    </LabUrlGate>
  );
}

function RaftSession({ settings }: { readonly settings: RaftUrlSettings }) {
  const [store] = useState(() =>
    createRaftStore({
      config: settings.config,
      connect: connectRaftWorker,
      speed: settings.speed === null ? DEFAULT_SPEED : nearestSpeed(settings.speed),
      autoplay: settings.autoplay,
      // A preset or a shared run replays from its text; a hand-made run is kept across a reload.
      persistKey: settings.scenario === null && settings.sharedScenario === null ? journalKey('raft', JSON.stringify(settings.config)) : null,
    }),
  );
  useRunningStore(store);
  // The URL's switches apply over the preset's header; a stable key, as settings are a fresh object per render.
  const overridesKey = JSON.stringify(settings.overrides);
  useUrlPreset(store, raftPresets, settings.scenario, 'Raft', (source) => void store.getState().actions.loadScenario(settings.scenario!, source, settings.overrides), overridesKey);
  useSharedScenario(store, settings.sharedScenario);

  const restartWith = (config: RaftConfig) => navigate(routeHref('/raft', raftUrlParameters(config, keptParameters())));
  /**
   * A break-it switch or an extension changed. With a preset loaded, the same preset restarts with
   * the switch applied over its header (Figure 8 with the bug on, a bug preset with it off).
   */
  const switchTo = (config: RaftConfig, group: SwitchGroup) => {
    const scenario = store.getState().scenario;
    if (!scenario || scenario.errors || !raftPresets.has(scenario.name)) return restartWith(config);
    const params = Object.fromEntries(new URLSearchParams(window.location.hash.split('?')[1] ?? ''));
    navigate(routeHref('/raft', { ...params, scenario: scenario.name, ...switchParameters(config, group) }));
  };

  return (
    // "user": motion honours prefers-reduced-motion for every glyph transition.
    <MotionConfig reducedMotion="user">
      <RaftStoreContext.Provider value={store}>
        <RaftLabLayout onRestart={restartWith} onSwitch={switchTo} onNewSeed={() => restartWith({ ...settings.config, seed: randomSeed() })} />
      </RaftStoreContext.Provider>
    </MotionConfig>
  );
}

/** Parameters that describe the viewer, not the run, survive a restart. */
function keptParameters(): Record<string, string> {
  const params = new URLSearchParams(window.location.hash.split('?')[1] ?? '');
  const kept: Record<string, string> = {};
  for (const key of ['speed', 'play']) {
    const value = params.get(key);
    if (value !== null) kept[key] = value;
  }
  return kept;
}

function RaftLabLayout({ onRestart, onSwitch, onNewSeed }: { onRestart(config: RaftConfig): void; onSwitch(config: RaftConfig, group: SwitchGroup): void; onNewSeed(): void }) {
  const status = useRaftStore(selectStatus);
  const problems = useRaftStore(selectProblems);
  const store = useRaftStoreApi();
  const actions = store.getState().actions;
  const [helpOpen, setHelpOpen] = useState(false);
  /** The selected node's crash or restart (C), as on a focused node. */
  const crashOrRestartSelected = () => {
    const { selectedNodeId, nodesById } = store.getState();
    const node = selectedNodeId ? nodesById[selectedNodeId] : undefined;
    if (node) void actions.act(node.role === 'crashed' ? { type: 'restart', node: node.id } : { type: 'crash', node: node.id });
  };
  useLabShortcuts({
    togglePlay: actions.togglePlay,
    step: actions.step,
    keys: { r: () => actions.sendRequest(), c: crashOrRestartSelected, h: () => actions.act({ type: 'heal' }), '?': () => setHelpOpen((open) => !open) },
  });
  return (
    <main className="raft-lab" aria-label="Raft lab" data-testid="raft-lab" data-status={status}>
      <RunBar onNewSeed={onNewSeed} />
      {helpOpen && <KeysHelp onClose={() => setHelpOpen(false)} />}
      <Transport />
      {status === 'failed' ? (
        <div className="error-panel" role="alert" style={{ gridArea: 'cluster' }} data-testid="run-error">
          <h2>The simulation could not run</h2>
          <ul className="error-list">
            {problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </div>
      ) : (
        <div className="raft-stage">
          <QuorumWords />
          <ClusterView />
          {/* Beside the ring, as in RaftScope: the logs are what Figures 7 and 8 argue about. */}
          <div className="raft-stage-logs">
            <LessonSlot />
            <LogGrid />
            <MessageLegend />
          </div>
        </div>
      )}
      <aside className="side-panel" aria-label="Inspector and settings">
        <a className="card" href={routeHref('/raft/measure')}>Measure election time: the paper's Figure 16 experiment →</a>
        <InvariantPanel />
        <ClusterActions />
        <NodeInspector />
        <ActionsExport route="/raft" fileName="my-raft-run.scenario" exportText={actions.actionsAsScenario} />
        <MessageFaultPanel />
        <BreakItPanel onSwitch={onSwitch} />
        <ExtensionsPanel onSwitch={onSwitch} />
        <ChaosPanel />
        <SettingsPanel onRestart={onRestart} />
        <RaftScenarioPanel />
      </aside>
      <TimelineSlot />
    </main>
  );
}

function Transport() {
  const playing = useRaftStore(selectPlaying);
  const nowMs = useRaftStore(selectNowMs);
  const headMs = useRaftStore(selectHeadMs);
  const speed = useRaftStore(selectSpeed);
  const status = useRaftStore(selectStatus);
  const store = useRaftStoreApi();
  const actions = store.getState().actions;
  return (
    <TransportControls
      playing={playing}
      nowMs={nowMs}
      headMs={headMs}
      speed={speed}
      speeds={PLAYBACK_SPEEDS}
      formatSpeed={formatSpeed}
      formatTime={formatTimeMs}
      disabled={status !== 'running'}
      onTogglePlay={actions.togglePlay}
      onStep={() => void actions.step()}
      onSpeed={actions.setSpeed}
      onSeek={actions.seek}
    />
  );
}

/** The kit's scenario card on this lab's store. */
function RaftScenarioPanel() {
  const scenario = useRaftStore(selectScenario);
  const actions = useRaftStoreApi().getState().actions;
  return <ScenarioPanel presets={raftPresets} scenario={scenario} actions={actions} pauseLabel="Pause scenario" />;
}

/** The quorum situation in one sentence above the picture (two lines reserved, so the picture never moves). */
function QuorumWords() {
  const nodesById = useRaftStore(selectNodesById);
  const nodeIds = useRaftStore(selectNodeIds);
  const situation = quorumSituation(nodeIds.map((id) => nodesById[id]!).filter(Boolean));
  return (
    <p className={`quorum-words${situation?.tone === 'warning' ? ' warning' : ''}`} role="status" aria-live="polite" data-testid="quorum-words" data-tone={situation?.tone ?? ''}>
      {situation?.text ?? ''}
    </p>
  );
}

/** The lab's keys, one "?" away. */
function KeysHelp({ onClose }: { onClose(): void }) {
  return (
    <section className="keys-help card" role="dialog" aria-label="Keyboard shortcuts" data-testid="keys-help">
      <h2>Keys</h2>
      <dl>
        <dt>Space</dt>
        <dd>play or pause</dd>
        <dt>.</dt>
        <dd>step to the next event</dd>
        <dt>R</dt>
        <dd>a client write to the leader</dd>
        <dt>C</dt>
        <dd>crash or restart the selected node</dd>
        <dt>H</dt>
        <dd>heal the network (every partition and cut link)</dd>
        <dt>Tab, then Enter</dt>
        <dd>select a node; on a focused node: C crash/restart, T time out, Q write through it, I isolate</dd>
        <dt>?</dt>
        <dd>this list</dd>
      </dl>
      <button type="button" onClick={onClose}>
        Close
      </button>
    </section>
  );
}
