// The run's identity (seed, size — also in the URL), the time-travel banner, and action notices.
import { PastBanner } from '../../components/PastBanner.tsx';
import { Notices } from '../../components/Notices.tsx';
import { useRaftStore, useRaftStoreApi } from '../../store/raftContext.ts';
import { formatTimeMs } from '../../store/raftStore.ts';
import { selectAtHead, selectBugs, selectConfig, selectFrameNowMs, selectHeadMs, selectNotices, selectScenario, selectViolationCountSoFar } from '../../store/selectors.ts';
import { BUG_TEXT } from './safetyText.ts';
import { openRaftRunInClocksLab } from '../clocks/raftImport.ts';

export function RunBar({ onNewSeed }: { onNewSeed(): void }) {
  const config = useRaftStore(selectConfig);
  const notices = useRaftStore(selectNotices);
  const store = useRaftStoreApi();
  return (
    <div className="run-bar">
      <h1 className="lab-title">Raft</h1>
      <span className="seed" data-testid="run-seed" data-seed={config.seed}>
        Seed <strong>{config.seed}</strong> · {config.nodeCount} node{config.nodeCount === 1 ? '' : 's'}
      </span>
      <ScenarioName />
      <SafetyBadge />
      <BrokenBanner />
      <button type="button" onClick={onNewSeed} data-testid="new-seed">
        New seed
      </button>
      <button
        type="button"
        onClick={() => {
          const state = store.getState();
          openRaftRunInClocksLab({ seed: state.config.seed, nodeCount: state.config.nodeCount, events: store.trace.events, upTo: state.traceLength });
        }}
        data-testid="open-in-clocks"
      >
        Open in the clocks lab
      </button>
      <RaftPastBanner />
      <div style={{ flex: 1 }}>
        <Notices
          notices={notices}
          onDismiss={(id) => store.getState().actions.dismissNotice(id)}
          renderExtra={(id) => {
            const retry = notices.find((notice) => notice.id === id)?.retryVia;
            return retry ? (
              <button type="button" onClick={() => void store.getState().actions.sendRequest(retry.node, retry.value)}>
                Send to {retry.node}
              </button>
            ) : null;
          }}
        />
      </div>
    </div>
  );
}

/** The invariant panel's verdict where it is always in view; it brings the panel into view. */
function SafetyBadge() {
  const count = useRaftStore(selectViolationCountSoFar);
  return (
    <button
      type="button"
      className={`safety-badge${count > 0 ? ' violated' : ''}`}
      onClick={() => document.querySelector('[data-testid="invariant-panel"]')?.scrollIntoView({ block: 'nearest' })}
      data-testid="safety-badge"
      data-violations={count}
      title="Show the safety properties"
    >
      {count > 0 ? `✗ ${count} safety violation${count === 1 ? '' : 's'}` : '✓ safe so far'}
    </button>
  );
}

/** Says loudly that a break-it switch is on: what fails next is the point, not a bug of the lab. */
function BrokenBanner() {
  const bugs = useRaftStore(selectBugs);
  if (bugs.length === 0) return null;
  return (
    <p className="broken-banner" role="status" data-testid="broken-banner" data-bugs={bugs.join(',')} title={bugs.map((bug) => BUG_TEXT[bug].title).join('; ')}>
      <strong>⚠ This cluster is broken on purpose:</strong> {bugs.join(', ')}
    </p>
  );
}

function ScenarioName() {
  const scenario = useRaftStore(selectScenario);
  if (!scenario || scenario.errors) return null;
  return <span className="badge">from scenario {scenario.name}</span>;
}

/** Says plainly that acting now rewrites history, as RaftScope does. */
function RaftPastBanner() {
  const atHead = useRaftStore(selectAtHead);
  const nowMs = useRaftStore(selectFrameNowMs);
  const headMs = useRaftStore(selectHeadMs);
  const store = useRaftStoreApi();
  return <PastBanner atHead={atHead} nowMs={nowMs} headMs={headMs} formatTime={formatTimeMs} onBackToLatest={() => store.getState().actions.seek(headMs)} />;
}
