// The key to the canvas: message shapes, log cells, and what the ring and islands mean.
import { shapePath } from '../../geometry/shapes.ts';
import { useRaftStore } from '../../store/raftContext.ts';
import { selectFeatures } from '../../store/selectors.ts';
import { MESSAGE_LEGEND, messageClassName, PRE_VOTE_LEGEND } from './messageKinds.ts';

export function MessageLegend() {
  const preVote = useRaftStore(selectFeatures).preVote;
  const looks = preVote ? [MESSAGE_LEGEND[0]!, ...PRE_VOTE_LEGEND, ...MESSAGE_LEGEND.slice(1)] : MESSAGE_LEGEND;
  return (
    <div className="legend" aria-label="Legend">
      {looks.map((look) => (
        <span key={look.label}>
          <svg width="16" height="16" viewBox="-8 -8 16 16" aria-hidden="true">
            <path className={messageClassName(look)} d={shapePath(look.shape, 5.5)} />
          </svg>{' '}
          {look.label}
        </span>
      ))}
      <span>
        <svg width="26" height="16" viewBox="0 0 26 16" aria-hidden="true">
          <rect className="log-entry committed" x="1" y="1" width="11" height="14" rx="2" />
          <rect className="log-entry pending" x="14" y="1" width="11" height="14" rx="2" />
        </svg>{' '}
        log: committed / not yet (number = term)
      </span>
      <span>ring: election timer running down</span>
    </div>
  );
}
