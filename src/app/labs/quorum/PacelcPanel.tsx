// The PACELC map of real systems and the quiz (filled in next).
export function PacelcPanel() {
  return <p className="muted">The PACELC map is coming.</p>;
}
