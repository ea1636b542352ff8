// The analysis under the history: measured latency and availability, the PACELC map and quiz, and
// Jepsen's consistency-models hierarchy, as keyboard-reachable tabs (a separate chunk).
import { useId, useState, type KeyboardEvent } from 'react';
import { LatencyPanel } from './LatencyPanel.tsx';
import { PacelcPanel } from './PacelcPanel.tsx';
import { ModelsGraph } from './ModelsGraph.tsx';

const TABS = [
  { id: 'latency', title: 'Latency vs consistency' },
  { id: 'pacelc', title: 'PACELC map and quiz' },
  { id: 'models', title: 'Consistency models' },
] as const;

type TabId = (typeof TABS)[number]['id'];

export default function AnalysisTabs() {
  const [tab, setTab] = useState<TabId>('latency');
  const id = useId();
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = TABS.findIndex((candidate) => candidate.id === tab);
    const next = event.key === 'ArrowRight' ? (index + 1) % TABS.length : event.key === 'ArrowLeft' ? (index + TABS.length - 1) % TABS.length : -1;
    if (next < 0) return;
    event.preventDefault();
    setTab(TABS[next]!.id);
    document.getElementById(`${id}-tab-${TABS[next]!.id}`)?.focus();
  };
  return (
    <section aria-label="Analysis" data-testid="analysis">
      <div className="q-tabs" role="tablist" aria-label="Analysis views" onKeyDown={onKeyDown}>
        {TABS.map((candidate) => (
          <button
            key={candidate.id}
            id={`${id}-tab-${candidate.id}`}
            type="button"
            role="tab"
            aria-selected={tab === candidate.id}
            aria-controls={`${id}-panel`}
            tabIndex={tab === candidate.id ? 0 : -1}
            onClick={() => setTab(candidate.id)}
            data-testid={`tab-${candidate.id}`}
          >
            {candidate.title}
          </button>
        ))}
      </div>
      <div id={`${id}-panel`} role="tabpanel" aria-labelledby={`${id}-tab-${tab}`}>
        {tab === 'latency' && <LatencyPanel />}
        {tab === 'pacelc' && <PacelcPanel />}
        {tab === 'models' && <ModelsGraph />}
      </div>
    </section>
  );
}
