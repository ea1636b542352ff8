// What every lab says when the view is behind the recorded head: acting now forks the run (as RaftScope does).
export function PastBanner({ atHead, nowMs, headMs, formatTime, onBackToLatest }: { readonly atHead: boolean; readonly nowMs: number; readonly headMs: number; readonly formatTime: (timeMs: number) => string; onBackToLatest(): void }) {
  if (atHead) return null;
  return (
    <p className="fork-banner" data-testid="past-banner" role="status">
      Viewing the past ({formatTime(nowMs)} of {formatTime(headMs)}). Acting now forks the run: everything after this moment is discarded.{' '}
      <button type="button" onClick={onBackToLatest}>
        Back to the latest moment
      </button>
    </p>
  );
}
