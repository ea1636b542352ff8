// The transactions lab's panels: a sentence per node (what it is doing and why), every node's log,
// the workload and fault buttons, the transactions and measures, the side-by-side comparison of the
// protocols on this run's faults, and the exhaustive mode with its counterexample replay.
import { useState } from 'react';
import { COORDINATOR, type ExploreOptions, type NodeId, type ParticipantId } from '../../../kernel/protocols/commit/index.ts';
import { useCommitStore, useCommitStoreApi } from './commitContext.ts';
import { useReplayFrame } from './CommitClusterView.tsx';
import { selectComparing, selectComparison, selectCounterexampleNote, selectExploration, selectExploreProblem, selectExploring, selectFrame, selectNoVotes, selectReplayIndex } from './commitStore.ts';

const OUTCOME_WORDS: Record<string, string> = {
  running: 'running',
  committed: 'committed everywhere',
  aborted: 'aborted everywhere',
  compensated: 'compensated (every done step undone)',
  'in-doubt': 'in doubt: a participant voted yes and waits for the decision',
  blocked: 'blocked: a participant voted yes and cannot learn the decision',
  split: 'SPLIT: some committed, some aborted — atomicity broken',
};

/** What each node is doing, in a sentence: the narration next to the picture. */
export function NodeSentences() {
  const frame = useCommitStore(selectFrame);
  const replay = useReplayFrame();
  if (replay) {
    return (
      <section className="panel commit-sentences" aria-label="What happened at this step" data-testid="replay-step">
        <p className="commit-replay-action">
          Step {replay.index + 1} of {replay.count}: {replay.action}
        </p>
      </section>
    );
  }
  if (!frame) return null;
  return (
    <section className="panel commit-sentences" aria-label="What each node is doing" data-testid="sentences">
      <ul>
        <li data-testid="sentence-coordinator">
          {frame.coordinator.sentence}
        </li>
        {frame.participants.map((participant) => (
          <li key={participant.id} data-testid={`sentence-${participant.id}`} className={participant.blocked ? 'blocked' : ''}>
            {participant.sentence}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Every node's durable log, one row per node (RaftScope's log grid for transactions). */
export function LogsView() {
  const frame = useCommitStore(selectFrame);
  const replay = useReplayFrame();
  const rows: { id: string; entries: readonly string[]; unflushed: readonly string[]; alive: boolean }[] = replay
    ? [
        { id: COORDINATOR, entries: replay.frame.coordinator.log, unflushed: replay.frame.coordinator.unflushed, alive: replay.frame.coordinator.alive },
        ...replay.frame.participants.map((participant) => ({ id: participant.id, entries: participant.log, unflushed: [], alive: participant.alive })),
      ]
    : frame
      ? [
          { id: COORDINATOR, entries: frame.coordinator.log.map((record) => `${record.txn} ${record.entry}`), unflushed: frame.coordinator.unflushed.map((record) => `${record.txn} ${record.entry}`), alive: frame.coordinator.alive },
          ...frame.participants.map((participant) => ({ id: participant.id, entries: participant.log.map((record) => `${record.txn} ${record.entry}`), unflushed: [], alive: participant.alive })),
        ]
      : [];
  return (
    <section className="panel commit-logs" aria-label="Durable logs" data-testid="logs">
      <h2>Durable logs (they survive a crash)</h2>
      <table>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} data-testid={`log-${row.id}`}>
              <th scope="row">{row.id}</th>
              <td>
                {row.entries.length === 0 && row.unflushed.length === 0 && <span className="commit-log-empty">empty</span>}
                {row.entries.slice(-8).map((entry, index) => (
                  <span key={index} className="commit-log-entry">
                    {entry}
                  </span>
                ))}
                {row.unflushed.map((entry, index) => (
                  <span key={`u${index}`} className="commit-log-entry unflushed" title="sent, not yet on disk: lost by a crash">
                    {entry} (not on disk)
                  </span>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The workload and the faults: a transfer, a NO vote, a reader, a lost message, crash and restart. */
export function ActionPanel() {
  const frame = useCommitStore(selectFrame);
  const noVotes = useCommitStore(selectNoVotes);
  const replaying = useCommitStore(selectReplayIndex) !== null;
  const actions = useCommitStoreApi().getState().actions;
  const [link, setLink] = useState('coordinator->p2');
  if (!frame) return null;
  const nodes: NodeId[] = [COORDINATOR, ...frame.participants.map((participant) => participant.id)];
  const links = frame.participants.flatMap((participant) => [`coordinator->${participant.id}`, `${participant.id}->coordinator`]);
  const saga = frame.protocol === 'saga';
  return (
    <section className="panel commit-actions" aria-label="Workload and faults">
      <h2>Workload and faults</h2>
      <div className="commit-row">
        <button type="button" onClick={() => void actions.transfer()} disabled={replaying} data-testid="transfer">
          Start transfer (T)
        </button>
        <button type="button" onClick={() => void actions.read()} disabled={replaying} data-testid="read">
          Read balances (R)
        </button>
      </div>
      <fieldset className="commit-row">
        <legend>{saga ? 'Steps that will fail' : 'Participants that will vote NO'}</legend>
        {frame.participants.map((participant) => (
          <label key={participant.id}>
            <input type="checkbox" checked={noVotes.includes(participant.id)} onChange={(event) => void actions.setVote(participant.id as ParticipantId, !event.target.checked)} data-testid={`vote-no-${participant.id}`} /> {participant.id}
          </label>
        ))}
      </fieldset>
      <fieldset className="commit-row">
        <legend>Crash or restart</legend>
        {nodes.map((id) => {
          const alive = id === COORDINATOR ? frame.coordinator.alive : frame.participants.find((participant) => participant.id === id)!.alive;
          return (
            <button key={id} type="button" onClick={() => void actions.act({ type: alive ? 'crash' : 'restart', node: id })} disabled={replaying} data-testid={`${alive ? 'crash' : 'restart'}-${id}`}>
              {alive ? 'crash' : 'restart'} {id}
            </button>
          );
        })}
      </fieldset>
      <div className="commit-row">
        <label>
          lose the next message{' '}
          <select value={link} onChange={(event) => setLink(event.target.value)} data-testid="drop-link">
            {links.map((value) => (
              <option key={value} value={value}>
                {value.replace('->', ' → ')}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          onClick={() => {
            const [from, to] = link.split('->') as [NodeId, NodeId];
            void actions.dropNext(from, to);
          }}
          disabled={replaying}
          data-testid="drop-next"
        >
          Drop next
        </button>
        <button type="button" onClick={() => void actions.act({ type: 'heal' })} disabled={replaying} data-testid="heal">
          Heal network
        </button>
      </div>
    </section>
  );
}

export function TransactionsPanel() {
  const frame = useCommitStore(selectFrame);
  if (!frame) return null;
  const { measures } = frame;
  return (
    <section className="panel commit-transactions" aria-label="Transactions and measures" data-testid="transactions">
      <h2>Transactions</h2>
      {frame.transactions.length === 0 ? (
        <p className="commit-note">No transfer yet: press “Start transfer”. Every account opens at 100; a transfer moves 10 from p1 to p{frame.participants.length}.</p>
      ) : (
        <ul>
          {frame.transactions.map((txn) => (
            <li key={txn.id} data-testid={`txn-${txn.id}`} data-outcome={txn.outcome} className={`outcome-${txn.outcome}`}>
              <strong>{txn.id}</strong> {OUTCOME_WORDS[txn.outcome]}
            </li>
          ))}
        </ul>
      )}
      {frame.reads.length > 0 && (
        <ul className="commit-reads">
          {frame.reads.map((read) => (
            <li key={read.reader} data-testid={`read-${read.reader}`} data-anomaly={read.result?.anomaly ?? 'waiting'}>
              <strong>reader {read.reader}</strong>{' '}
              {read.result
                ? read.result.anomaly
                  ? `saw a total of ${read.result.total}, not ${read.result.expectedTotal}: an intermediate state (${read.result.balances.map((entry) => `${entry.id} ${entry.balance}`).join(', ')})`
                  : `saw a consistent total of ${read.result.total}`
                : `waits: ${read.waitingFor.join('; ')}`}
            </li>
          ))}
        </ul>
      )}
      <dl className="commit-measures" data-testid="measures">
        <div>
          <dt>atomicity</dt>
          <dd data-testid="atomic" data-atomic={measures.atomic}>
            {measures.atomic ? 'held' : 'BROKEN'}
          </dd>
        </div>
        <div>
          <dt>blocked holding locks</dt>
          <dd>{Math.round(measures.blockedMs)} ms</dd>
        </div>
        <div>
          <dt>locks held</dt>
          <dd>{Math.round(measures.lockHeldMs)} ms</dd>
        </div>
        <div>
          <dt>throughput</dt>
          <dd>{measures.throughputPerSecond === null ? '—' : `${measures.throughputPerSecond} commits/s`}</dd>
        </div>
        <div>
          <dt>reader anomalies</dt>
          <dd>{measures.anomalies}</dd>
        </div>
        <div>
          <dt>messages</dt>
          <dd>{measures.messages}</dd>
        </div>
      </dl>
    </section>
  );
}

/** The same transfers and faults under every protocol, measured side by side. */
export function ComparePanel() {
  const comparison = useCommitStore(selectComparison);
  const comparing = useCommitStore(selectComparing);
  const actions = useCommitStoreApi().getState().actions;
  return (
    <section className="panel commit-compare" aria-label="The protocols side by side" data-testid="compare">
      <h2>Side by side on this run’s faults</h2>
      <p className="commit-note">Replays every transfer, vote, crash, partition and dropped message of this run, at the same moments, under each protocol (same seed).</p>
      <button type="button" onClick={() => void actions.compare()} disabled={comparing} data-testid="compare-button">
        {comparing ? 'Comparing…' : 'Compare the protocols'}
      </button>
      {comparison && !comparison.ok && <p className="commit-note" role="status">{comparison.problem}</p>}
      {comparison?.ok && (
        <table className="commit-compare-table" data-testid="compare-table">
          <thead>
            <tr>
              <th scope="col">measure</th>
              {comparison.columns.map((column) => (
                <th key={column.label} scope="col">
                  {column.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">participants end</th>
              {comparison.columns.map((column) => (
                <td key={column.label} className="commit-compare-states">
                  {column.participants.map((participant) => `${participant.id} ${participant.alive ? participant.state : 'down'}`).join(', ')}
                </td>
              ))}
            </tr>
            <tr>
              <th scope="row">outcomes</th>
              {comparison.columns.map((column) => (
                <td key={column.label}>{column.outcomes.map((outcome) => `${outcome.id} ${outcome.outcome}`).join(', ')}</td>
              ))}
            </tr>
            <Row label="atomicity" columns={comparison.columns} value={(measures) => (measures.atomic ? 'held' : 'BROKEN')} />
            <Row label="blocked holding locks" columns={comparison.columns} value={(measures) => `${Math.round(measures.blockedMs)} ms`} />
            <Row label="locks / flags held" columns={comparison.columns} value={(measures) => `${Math.round(measures.lockHeldMs)} ms`} />
            <Row label="throughput" columns={comparison.columns} value={(measures) => (measures.throughputPerSecond === null ? '—' : `${measures.throughputPerSecond}/s`)} />
            <Row label="reader anomalies" columns={comparison.columns} value={(measures) => `${measures.anomalies} of ${measures.reads}`} />
            <Row label="messages" columns={comparison.columns} value={(measures) => String(measures.messages)} />
          </tbody>
        </table>
      )}
    </section>
  );
}

type Column = Extract<NonNullable<ReturnType<typeof selectComparison>>, { ok: true }>['columns'][number];

function Row({ label, columns, value }: { readonly label: string; readonly columns: readonly Column[]; value(measures: Column['measures']): string }) {
  return (
    <tr>
      <th scope="row">{label}</th>
      {columns.map((column) => (
        <td key={column.label}>{value(column.measures)}</td>
      ))}
    </tr>
  );
}

/** Every interleaving of a small instance, in the worker; a counterexample replays on the canvas above. */
export function ExplorePanel() {
  const exploration = useCommitStore(selectExploration);
  const problem = useCommitStore(selectExploreProblem);
  const exploring = useCommitStore(selectExploring);
  const replayIndex = useCommitStore(selectReplayIndex);
  const counterexampleNote = useCommitStore(selectCounterexampleNote);
  const actions = useCommitStoreApi().getState().actions;
  const [options, setOptions] = useState<ExploreOptions>({ protocol: '3pc', participantCount: 2, maxFaults: 1, faults: ['partition'], votes: 'any', bug: null, maxStates: 300_000 });
  const toggleFault = (fault: 'drop' | 'crash' | 'partition', on: boolean) => setOptions({ ...options, faults: on ? [...options.faults, fault] : options.faults.filter((kind) => kind !== fault) });
  const steps = exploration?.violation?.steps.length ?? 0;
  return (
    <section className="panel commit-explore" aria-label="Exhaustive mode" data-testid="explore">
      <h2>Exhaustive mode: every interleaving</h2>
      <div className="commit-row">
        <label>
          protocol{' '}
          <select value={options.protocol} onChange={(event) => setOptions({ ...options, protocol: event.target.value as '2pc' | '3pc', bug: null })} data-testid="explore-protocol">
            <option value="2pc">2pc</option>
            <option value="3pc">3pc</option>
          </select>
        </label>
        <label>
          participants{' '}
          <select value={options.participantCount} onChange={(event) => setOptions({ ...options, participantCount: Number(event.target.value) })} data-testid="explore-participants">
            <option>2</option>
            <option>3</option>
          </select>
        </label>
        <label>
          faults up to{' '}
          <select value={options.maxFaults} onChange={(event) => setOptions({ ...options, maxFaults: Number(event.target.value) })} data-testid="explore-faults">
            {[0, 1, 2].map((count) => (
              <option key={count}>{count}</option>
            ))}
          </select>
        </label>
      </div>
      <div className="commit-row">
        {(['drop', 'crash', 'partition'] as const).map((fault) => (
          <label key={fault}>
            <input type="checkbox" checked={options.faults.includes(fault)} onChange={(event) => toggleFault(fault, event.target.checked)} data-testid={`explore-${fault}`} /> {fault}
          </label>
        ))}
        {options.protocol === '2pc' && (
          <label>
            <input type="checkbox" checked={options.bug === 'send-before-log'} onChange={(event) => setOptions({ ...options, bug: event.target.checked ? 'send-before-log' : null })} data-testid="explore-bug" /> planted bug: COMMIT sent before it is logged
          </label>
        )}
        {options.protocol === '3pc' && (
          <label>
            <input type="checkbox" checked={options.bug === 'backup-skips-precommit'} onChange={(event) => setOptions({ ...options, bug: event.target.checked ? 'backup-skips-precommit' : null })} data-testid="explore-bug-3pc" /> planted bug: the backup coordinator commits without the PRE-COMMIT round (TR4)
          </label>
        )}
      </div>
      <button type="button" onClick={() => void actions.explore(options)} disabled={exploring} data-testid="explore-button">
        {exploring ? 'Exploring…' : 'Explore every interleaving'}
      </button>
      {problem && <p role="alert">{problem}</p>}
      {exploration && (
        <div data-testid="explore-result" data-states={exploration.distinctStates} data-violation={exploration.violation ? 'true' : 'false'}>
          <p>
            {exploration.distinctStates.toLocaleString('en-US')} distinct states, {exploration.transitions.toLocaleString('en-US')} transitions in {exploration.elapsedMs} ms ({exploration.statesPerSecond.toLocaleString('en-US')} states/s)
            {exploration.truncated ? ' — stopped at the state limit: not every state was seen' : ''}. For scale: TLA+’s TwoPhase with 3 resource managers has 288.
          </p>
          {options.protocol === '3pc' && options.faults.some((fault) => fault !== 'crash') && (
            <p className="commit-note">3PC assumes that a silent node has crashed: with lost messages or a partition a live node is judged failed, and a split is the expected finding, not a bug in the lab.</p>
          )}
          <p>{exploration.blockedStates.toLocaleString('en-US')} states where a participant voted yes, the coordinator is down and nobody knows the outcome{options.protocol === '2pc' ? ' — 2PC must wait there' : ' — 3PC’s termination protocol moves on'}.</p>
          {exploration.violation ? (
            <>
              <p className="commit-violation" role="status">
                Counterexample in {steps} steps: {exploration.violation.explanation}.
              </p>
              <div className="commit-row">
                <button type="button" onClick={() => void actions.openCounterexample()} data-testid="counterexample-open">
                  Open as a timed run
                </button>
                <button type="button" onClick={() => actions.setReplayIndex(0)} data-testid="replay-start">
                  Step through the model’s path
                </button>
                {replayIndex !== null && (
                  <>
                    <button type="button" onClick={() => actions.setReplayIndex(Math.max(0, replayIndex - 1))} disabled={replayIndex === 0} data-testid="replay-previous">
                      ◀ previous
                    </button>
                    <button type="button" onClick={() => actions.setReplayIndex(Math.min(steps - 1, replayIndex + 1))} disabled={replayIndex >= steps - 1} data-testid="replay-next">
                      next ▶
                    </button>
                    <button type="button" onClick={() => actions.setReplayIndex(null)} data-testid="replay-close">
                      Back to the live run
                    </button>
                  </>
                )}
              </div>
              {counterexampleNote && <p role="status">{counterexampleNote}</p>}
            </>
          ) : (
            <p className="commit-ok" role="status">
              No interleaving breaks atomicity.
            </p>
          )}
        </div>
      )}
    </section>
  );
}
