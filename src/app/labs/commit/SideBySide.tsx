// The protocols side by side, live: 2PC, 3PC and a saga each run this page's transfers and faults
// (same seed, same moments) and animate together at the moment the transport shows — each lane with
// its own small picture and the sentence that matters in it now ("p2 voted yes and is blocked…").
import { memo } from 'react';
import { COORDINATOR, type CommitFrame, type LaneView } from '../../../kernel/protocols/commit/index.ts';
import { useCommitStore, useCommitStoreApi } from './commitContext.ts';
import { selectLanes, selectNowMs, selectReplayIndex, selectSideBySide } from './commitStore.ts';

const WIDTH = 320;
const HEIGHT = 230;
const COORDINATOR_AT = { x: WIDTH / 2, y: 42 };
const RADIUS = 22;

export function SideBySide() {
  const on = useCommitStore(selectSideBySide);
  const lanes = useCommitStore(selectLanes);
  const replaying = useCommitStore(selectReplayIndex) !== null;
  const actions = useCommitStoreApi().getState().actions;
  return (
    <section className="panel commit-lanes" aria-label="2PC, 3PC and a saga on the same faults" data-testid="lanes" data-on={on}>
      <div className="commit-row">
        <h2>Side by side, live: the same transfers and faults under each protocol</h2>
        <label>
          <input type="checkbox" checked={on} onChange={(event) => void actions.setSideBySide(event.target.checked)} data-testid="lanes-toggle" /> show
        </label>
      </div>
      {on && !replaying && lanes && (
        <div className="commit-lane-row">
          {lanes.map((lane) => (
            <Lane key={lane.protocol} lane={lane} />
          ))}
        </div>
      )}
      {on && replaying && <p className="commit-note">The lanes follow the live run: back to it to see them.</p>}
    </section>
  );
}

function Lane({ lane }: { readonly lane: LaneView }) {
  const nowMs = useCommitStore(selectNowMs);
  const { frame } = lane;
  const txn = frame.transactions.at(-1);
  const title = lane.protocol === 'saga' ? `Saga (${frame.sagaStyle})` : lane.label;
  return (
    <figure className={`commit-lane outcome-${txn?.outcome ?? 'none'}`} data-testid={`lane-${lane.protocol}`} data-outcome={txn?.outcome ?? 'none'} data-atomic={frame.measures.atomic}>
      <figcaption>
        <strong>{title}</strong> <span data-testid={`lane-${lane.protocol}-outcome`}>{txn ? `${txn.id} ${txn.outcome}` : 'no transfer yet'}</span>
      </figcaption>
      <LanePicture frame={frame} nowMs={nowMs} protocol={lane.protocol} />
      <p className="commit-lane-words" data-testid={`lane-${lane.protocol}-words`}>
        {lane.headline}
      </p>
      <p className="commit-lane-measures">
        blocked {Math.round(frame.measures.blockedMs)} ms · locks {Math.round(frame.measures.lockHeldMs)} ms · {frame.measures.messages} messages
      </p>
    </figure>
  );
}

function participantAt(index: number, count: number): { x: number; y: number } {
  const margin = 44;
  const step = count > 1 ? (WIDTH - 2 * margin) / (count - 1) : 0;
  return { x: count > 1 ? margin + step * index : WIDTH / 2, y: 150 };
}

const LanePicture = memo(function LanePicture({ frame, nowMs, protocol }: { readonly frame: CommitFrame; readonly nowMs: number; readonly protocol: string }) {
  const positions = new Map<string, { x: number; y: number }>([[COORDINATOR, COORDINATOR_AT]]);
  frame.participants.forEach((participant, index) => positions.set(participant.id, participantAt(index, frame.participants.length)));
  const groupOf = (id: string) => frame.groups.findIndex((group) => group.includes(id));
  const coordinatorGroup = groupOf(COORDINATOR);
  const role = frame.coordinator.role === 'coordinator' ? 'coord' : frame.coordinator.role === 'orchestrator' ? 'orch' : 'init';
  return (
    <svg className="commit-lane-svg" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`${protocol}: ${frame.participants.map((participant) => `${participant.id} ${participant.alive ? (participant.blocked ? 'blocked' : participant.state) : 'down'}`).join(', ')}`}>
      {frame.participants.map((participant) => {
        const at = positions.get(participant.id)!;
        const cut = groupOf(participant.id) !== coordinatorGroup;
        return <line key={participant.id} className={`commit-lane-link${cut ? ' cut' : ''}`} x1={COORDINATOR_AT.x} y1={COORDINATOR_AT.y} x2={at.x} y2={at.y} />;
      })}
      <g className={`commit-lane-node coordinator${frame.coordinator.alive ? '' : ' crashed'}`} data-testid={`lane-${protocol}-coordinator`} data-alive={frame.coordinator.alive}>
        <circle cx={COORDINATOR_AT.x} cy={COORDINATOR_AT.y} r={RADIUS} />
        <text x={COORDINATOR_AT.x} y={COORDINATOR_AT.y + 6} textAnchor="middle">
          {frame.coordinator.alive ? role : '✗'}
        </text>
        <text className="commit-lane-state" x={COORDINATOR_AT.x + RADIUS + 6} y={COORDINATOR_AT.y + 6}>
          {frame.coordinator.alive ? shortWord(frame.coordinator.state) : 'down'}
        </text>
      </g>
      {frame.participants.map((participant) => {
        const at = positions.get(participant.id)!;
        const state = !participant.alive ? 'down' : participant.blocked ? 'blocked' : participant.termination.backup ? 'backup' : participant.state;
        const locked = participant.locks.length > 0;
        return (
          <g key={participant.id} className={`commit-lane-node state-${state}${locked ? ' locked' : ''}`} data-testid={`lane-${protocol}-${participant.id}`} data-state={participant.state} data-blocked={participant.blocked} data-alive={participant.alive} data-backup={participant.termination.backup}>
            {locked || participant.blocked ? <rect x={at.x - RADIUS} y={at.y - RADIUS} width={RADIUS * 2} height={RADIUS * 2} rx={3} /> : <circle cx={at.x} cy={at.y} r={RADIUS} />}
            <text x={at.x} y={at.y + 6} textAnchor="middle">
              {participant.alive ? participant.id : '✗'}
            </text>
            <text className="commit-lane-state" x={at.x} y={at.y + RADIUS + 20} textAnchor="middle">
              {shortWord(state)}
            </text>
            {locked && (
              <text className="commit-lane-state" x={at.x} y={at.y + RADIUS + 38} textAnchor="middle">
                {protocol === 'saga' ? 'pending' : '🔒 locked'}
              </text>
            )}
          </g>
        );
      })}
      {frame.messages.map((message) => {
        const from = positions.get(message.from);
        const to = positions.get(message.to);
        if (!from || !to) return null;
        const fraction = Math.min(1, Math.max(0, (nowMs - message.sentAtMs) / Math.max(1, message.deliverAtMs - message.sentAtMs)));
        const x = from.x + (to.x - from.x) * fraction;
        const y = from.y + (to.y - from.y) * fraction;
        return (
          <g key={message.id} className="commit-lane-message" transform={`translate(${x.toFixed(1)},${y.toFixed(1)})`}>
            <rect x={-message.label.length * 5 - 6} y={-10} width={message.label.length * 10 + 12} height={20} rx={10} />
            <text textAnchor="middle" y={5}>
              {message.label}
            </text>
          </g>
        );
      })}
    </svg>
  );
});

/** A word that fits under a small glyph. */
function shortWord(state: string): string {
  switch (state) {
    case 'collecting votes':
      return 'collecting';
    case 'asking for the outcome':
      return 'asking';
    case 'precommitted':
      return 'precommit';
    case 'compensated':
      return 'undone ↺';
    case 'compensating':
      return 'undoing';
    case 'running steps':
      return 'steps';
    case 'forgot (restarted)':
      return 'restarted';
    default:
      return state;
  }
}
