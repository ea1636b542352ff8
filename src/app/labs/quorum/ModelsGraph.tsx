// Jepsen's consistency-models hierarchy (filled in next).
export function ModelsGraph() {
  return <p className="muted">The consistency-models graph is coming.</p>;
}
