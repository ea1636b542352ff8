// ===== TIMELINE SLOT =====
// The space-time diagram (src/app/components/timeline/, `SpaceTimeDiagram`) is built separately;
// it mounts here, below the cluster, synced with the scrubber through the same store.
export function TimelineSlot() {
  return (
    <section className="timeline-slot" aria-label="Timeline" data-testid="timeline-slot">
      <h2 style={{ fontSize: '1rem', margin: '2px 0' }}>Timeline</h2>
      <p className="muted">The space-time diagram (one lane per node, messages as arrows) will appear here.</p>
    </section>
  );
}
