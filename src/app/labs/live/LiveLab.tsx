// The live lab page (#/live?api=…&token=…): drives a real etcd cluster and a real PostgreSQL pair through
// the local live server (src/live/server.ts) — members and roles on the kit's cluster canvas, crash /
// pause / restart / isolate, writes and reads with their outcomes, the checker's verdict on the recorded
// history, and the exam's two drills with their checks. Without the server it says how to start it.
import { useEffect, useState, type FormEvent } from 'react';
import { MotionConfig } from 'motion/react';
import type { LabPageProps } from '../registry.ts';
import { UrlProblems } from '../../shell/UrlProblems.tsx';
import { LiveClusterView } from './LiveClusterView.tsx';
import { LiveStoreContext, useLiveStore, useLiveStoreApi } from './liveContext.ts';
import {
  createLiveStore,
  selectApi,
  selectAvailability,
  selectBusy,
  selectConnection,
  selectDrill,
  selectEtcd,
  selectLog,
  selectPostgres,
  selectSystem,
  selectVerdicts,
  selectWorkload,
  WORKLOAD_INTERVAL_MS,
  type LiveSystem,
} from './liveStore.ts';
import { etcdLeaderSentence, etcdQuorumSentence, parseLiveLink, postgresSentence, startInstructions, verdictSentence, type SystemAvailability } from './liveWords.ts';
import './live.css';

export default function LiveLab({ route }: LabPageProps) {
  const link = parseLiveLink(route.params);
  if (link.kind === 'missing') return <StartHelp reason="This page drives real etcd and PostgreSQL through a small server on your machine. Its link carries that server's address and a token, and this one has neither." />;
  if (link.kind === 'invalid') return <UrlProblems title="This live lab link has a problem" problems={link.problems} defaultsPath="/live" defaultsLabel="How to start the live lab" />;
  return <LiveSession key={`${link.api}|${link.token}`} api={link.api} token={link.token} />;
}

/** The page when there is no server to talk to: exactly how to start one. */
function StartHelp({ reason, detail, onRetry }: { readonly reason: string; readonly detail?: string; onRetry?(): void }) {
  const commands = startInstructions(window.location.origin);
  return (
    <main className="live-lab live-help" aria-label="Live lab" data-testid="live-help">
      <h1 className="lab-title">Live lab: real etcd and real PostgreSQL</h1>
      <p className="live-help-reason" role="status">
        {reason}
      </p>
      {detail && <p className="live-help-detail">{detail}</p>}
      {onRetry && (
        <button type="button" onClick={onRetry} data-testid="retry">
          Try again
        </button>
      )}
      <h2>Start it</h2>
      <ol className="live-help-steps">
        <li>
          In the project folder run <code data-testid="start-command">{commands.npmStart}</code>. It builds and serves the app and, beside it, the live server on 127.0.0.1.
        </li>
        <li>Open the link it prints, <code>http://127.0.0.1:5173/#/live?api=…&amp;token=…</code>: the token changes at every start, so an old link stops working.</li>
        <li>
          Serving the app another way (e.g. <code>npm run dev</code>)? Start only the live server for this page with{' '}
          <code data-testid="server-command">{commands.serverOnly}</code> and open the link it prints.
        </li>
      </ol>
      <p>
        The server needs the real programs: etcd (Debian's <code>etcd-server</code>, or <code>ETCD_BIN</code>) and PostgreSQL (Debian's <code>postgresql</code>, or <code>PG_BIN</code>). When one is
        missing this page says what to install, and the other system still works. It listens on 127.0.0.1 only, refuses other pages and hosts, and never runs a command line it is sent.
      </p>
      <p>
        Without it, the simulations teach the same ideas: <a href="#/raft">Raft</a> (what etcd runs) and <a href="#/replication">replication and failover</a> (what PostgreSQL does).
      </p>
    </main>
  );
}

function LiveSession({ api, token }: { readonly api: string; readonly token: string }) {
  const [store] = useState(() => createLiveStore({ api, token }));
  useEffect(() => {
    void store.getState().actions.connect();
    return () => store.getState().actions.dispose();
  }, [store]);
  return (
    <MotionConfig reducedMotion="user">
      <LiveStoreContext.Provider value={store}>
        <Layout />
      </LiveStoreContext.Provider>
    </MotionConfig>
  );
}

function Layout() {
  const connection = useLiveStore(selectConnection);
  const system = useLiveStore(selectSystem);
  const api = useLiveStore(selectApi);
  const availability = useLiveStore(selectAvailability);
  const store = useLiveStoreApi();
  if (connection.kind === 'connecting') {
    return (
      <main className="live-lab live-help" aria-label="Live lab" data-testid="live-connecting">
        <h1 className="lab-title">Live lab</h1>
        <p role="status">Asking the live server at {api}…</p>
      </main>
    );
  }
  if (connection.kind === 'offline' && connection.why !== 'not-running') {
    const reason =
      connection.why === 'token'
        ? `The live server at ${api} refused this link's token: the link is from an earlier start. Open the link the server printed this time.`
        : connection.why === 'origin'
          ? `The live server at ${api} refuses pages from ${window.location.origin}: it was started for another address. Start it for this page as shown below.`
          : `The live server at ${api} answered with an error.`;
    return <StartHelp reason={reason} detail={connection.detail} onRetry={() => void store.getState().actions.connect()} />;
  }
  if (connection.kind === 'offline' && availability === null) {
    return (
      <StartHelp
        reason={`The live server at ${api} does not answer: it is not running (it stops when npm start stops), or this link is from an earlier start.`}
        detail={connection.detail}
        onRetry={() => void store.getState().actions.connect()}
      />
    );
  }
  return (
    <main className="live-lab" aria-label="Live lab" data-testid="live-lab" data-system={system} data-connection={connection.kind}>
      <TopBar />
      {connection.kind === 'offline' && (
        <p className="live-lost" role="alert" data-testid="live-lost">
          Lost contact with the live server ({connection.detail}). If it stopped, run <code>npm start</code> again and open its new link; otherwise this page reconnects by itself.
        </p>
      )}
      <SystemArea system={system} />
    </main>
  );
}

function TopBar() {
  const system = useLiveStore(selectSystem);
  const busy = useLiveStore(selectBusy);
  const store = useLiveStoreApi();
  return (
    <div className="run-bar live-bar">
      <h1 className="lab-title">Live lab</h1>
      <div className="live-tabs" role="tablist" aria-label="Real system">
        {(['etcd', 'postgres'] as const).map((name) => (
          <button key={name} type="button" role="tab" aria-selected={system === name} className={system === name ? 'selected' : ''} onClick={() => store.getState().actions.selectSystem(name)} data-testid={`tab-${name}`}>
            {name === 'etcd' ? 'etcd (Raft)' : 'PostgreSQL (primary/standby)'}
          </button>
        ))}
      </div>
      <span className="live-busy" role="status" aria-live="polite" data-testid="live-busy" data-busy={busy ? 'true' : 'false'}>
        {busy ? `${busy}…` : 'real processes on 127.0.0.1 · times are wall-clock'}
      </span>
    </div>
  );
}

function SystemArea({ system }: { readonly system: LiveSystem }) {
  const availability = useLiveStore(selectAvailability);
  const etcd = useLiveStore(selectEtcd);
  const postgres = useLiveStore(selectPostgres);
  const installed = availability?.[system];
  const running = system === 'etcd' ? etcd !== null : postgres !== null;
  if (installed && !installed.ok) return <NotInstalled system={system} availability={installed} />;
  return (
    <>
      {running ? <LiveClusterView system={system} /> : <StartPanel system={system} />}
      <aside className="live-side" aria-label="Explanation, actions and checks">
        {running && <Explanation system={system} />}
        {running && <NodeActions system={system} />}
        {running && <RequestPanel system={system} />}
        {running && <VerdictPanel system={system} />}
        <DrillPanel system={system} />
      </aside>
      <OutcomeLog />
    </>
  );
}

function NotInstalled({ system, availability }: { readonly system: LiveSystem; readonly availability: Extract<SystemAvailability, { ok: false }> }) {
  return (
    <section className="panel live-missing" role="alert" data-testid="live-missing">
      <h2>{system === 'etcd' ? 'etcd' : 'PostgreSQL'} is not installed where the live server looks</h2>
      <p>{availability.problem}</p>
      <p>
        {availability.install.replace(/:\s*[^:]*$/, ':')} <code>{availability.install.replace(/^.*:\s*/, '')}</code>
      </p>
      <p>Then restart the live server (stop npm start and run it again). The other system's tab still works.</p>
    </section>
  );
}

function StartPanel({ system }: { readonly system: LiveSystem }) {
  const store = useLiveStoreApi();
  const busy = useLiveStore(selectBusy);
  const [mode, setMode] = useState<'async' | 'sync'>('async');
  const send = store.getState().actions.send;
  return (
    <section className="cluster-panel live-start" aria-label="Start a real cluster" data-testid="live-start">
      {system === 'etcd' ? (
        <>
          <h2>Start a real etcd cluster</h2>
          <p>Real etcd 3 processes on free ports of 127.0.0.1, each member's peer traffic through a proxy the lab can cut. Heartbeat 50 ms, election timeout 250 ms.</p>
          <div className="live-buttons">
            <button type="button" disabled={busy !== null} onClick={() => void send({ type: 'etcd.start', members: 3 }, 'starting 3 etcd members')} data-testid="start-etcd-3">
              Start 3 members
            </button>
            <button type="button" disabled={busy !== null} onClick={() => void send({ type: 'etcd.start', members: 5 }, 'starting 5 etcd members')} data-testid="start-etcd-5">
              Start 5 members
            </button>
          </div>
        </>
      ) : (
        <>
          <h2>Start a real PostgreSQL pair</h2>
          <p>A primary made with initdb and a streaming standby made with pg_basebackup, on 127.0.0.1. This takes several seconds (initdb and the base backup).</p>
          <label>
            commit{' '}
            <select value={mode} onChange={(event) => setMode(event.target.value as 'async' | 'sync')} data-testid="postgres-mode">
              <option value="async">async: acknowledged before the standby has it</option>
              <option value="sync">sync: acknowledged once the standby flushed it</option>
            </select>
          </label>
          <div className="live-buttons">
            <button type="button" disabled={busy !== null} onClick={() => void send({ type: 'postgres.start', mode }, `starting a PostgreSQL pair (${mode})`)} data-testid="start-postgres">
              Start primary + standby
            </button>
          </div>
        </>
      )}
      {busy && <p role="status">{busy}…</p>}
    </section>
  );
}

/** The state in sentences: the quorum (etcd) or who is primary and how the standby follows (PostgreSQL). */
function Explanation({ system }: { readonly system: LiveSystem }) {
  const etcd = useLiveStore(selectEtcd);
  const postgres = useLiveStore(selectPostgres);
  const lastOutcome = useLiveStore(selectLog).find((entry) => entry.system === system);
  // The newest outcome next to the state that explains it (the full list is below the picture).
  const last = lastOutcome && (
    <p className={`live-last live-${lastOutcome.tone}`} data-testid="last-outcome" data-tone={lastOutcome.tone}>
      Last: {lastOutcome.text}
    </p>
  );
  if (system === 'etcd' && etcd) {
    const quorum = etcdQuorumSentence(etcd.members);
    return (
      <section className={`panel live-explain ${quorum.quorum ? 'live-good' : 'live-bad'}`} aria-label="What the cluster can do" data-testid="quorum-sentence" data-quorum={quorum.quorum ? 'yes' : 'no'}>
        <p className="live-headline">{quorum.text}</p>
        {quorum.detail && <p>{quorum.detail}</p>}
        <p>{etcdLeaderSentence(etcd.members)}</p>
        {last}
      </section>
    );
  }
  if (system === 'postgres' && postgres) {
    return (
      <section className={`panel live-explain ${postgres.primaries.length === 1 ? 'live-good' : 'live-bad'}`} aria-label="What the pair can do" data-testid="postgres-sentence" data-split-brain={postgres.splitBrain ? 'yes' : 'no'}>
        {postgres.primaries.length >= 2 && <p className="r-split-brain">⚠ two primaries</p>}
        <p className="live-headline">{postgresSentence(postgres)}</p>
        {postgres.lostWrites > 0 && <p>{postgres.lostWrites} acknowledged write{postgres.lostWrites === 1 ? ' is' : 's are'} missing from the surviving primary: see the write list below.</p>}
        {last}
      </section>
    );
  }
  return null;
}

function NodeActions({ system }: { readonly system: LiveSystem }) {
  const etcd = useLiveStore(selectEtcd);
  const postgres = useLiveStore(selectPostgres);
  const busy = useLiveStore(selectBusy);
  const send = useLiveStoreApi().getState().actions.send;
  const disabled = busy !== null;
  if (system === 'etcd' && etcd) {
    return (
      <section className="panel live-actions" aria-label="Members">
        <h2>Members</h2>
        <table>
          <tbody>
            {etcd.members.map((member) => {
              const up = member.role !== 'crashed';
              return (
                <tr key={member.id} data-testid={`member-row-${member.id}`}>
                  <th scope="row">{member.id}</th>
                  <td>{member.role}</td>
                  <td>
                    {up && (
                      <button type="button" disabled={disabled} onClick={() => void send({ type: 'etcd.kill', node: member.id }, `killing ${member.id}`)} data-testid={`kill-${member.id}`}>
                        Kill
                      </button>
                    )}
                    {member.role === 'paused' ? (
                      <button type="button" disabled={disabled} onClick={() => void send({ type: 'etcd.resume', node: member.id }, `resuming ${member.id}`)} data-testid={`resume-${member.id}`}>
                        Resume
                      </button>
                    ) : (
                      up && (
                        <button type="button" disabled={disabled} onClick={() => void send({ type: 'etcd.pause', node: member.id }, `pausing ${member.id}`)} data-testid={`pause-${member.id}`}>
                          Pause
                        </button>
                      )
                    )}
                    {!up && (
                      <button type="button" disabled={disabled} onClick={() => void send({ type: 'etcd.restart', node: member.id }, `restarting ${member.id}`)} data-testid={`restart-${member.id}`}>
                        Restart
                      </button>
                    )}
                    <button type="button" disabled={disabled} onClick={() => void send({ type: 'etcd.isolate', node: member.id }, `isolating ${member.id}`)} data-testid={`isolate-${member.id}`}>
                      Isolate
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <div className="live-buttons">
          <button type="button" disabled={disabled} onClick={() => void send({ type: 'etcd.heal' }, 'healing the network')} data-testid="heal">
            Heal network
          </button>
          <button type="button" disabled={disabled} onClick={() => void send({ type: 'etcd.stop' }, 'stopping etcd')} data-testid="stop-etcd">
            Stop cluster
          </button>
        </div>
        <p className="live-note">Kill is SIGKILL (data folder kept); Pause is SIGSTOP; Isolate cuts the member's peer links at the lab's TCP proxies (connections reset at once, unlike a silent drop).</p>
      </section>
    );
  }
  if (system === 'postgres' && postgres) {
    return (
      <section className="panel live-actions" aria-label="Nodes">
        <h2>Nodes ({postgres.mode} commit)</h2>
        <table>
          <tbody>
            {postgres.nodes.map((node) => (
              <tr key={node.id} data-testid={`node-row-${node.id}`}>
                <th scope="row">{node.id}</th>
                <td>{node.role}</td>
                <td>
                  {node.role !== 'down' ? (
                    <button type="button" disabled={disabled} onClick={() => void send({ type: 'postgres.crash', node: node.id }, `crashing ${node.id}`)} data-testid={`crash-${node.id}`}>
                      Crash
                    </button>
                  ) : (
                    <button type="button" disabled={disabled} onClick={() => void send({ type: 'postgres.restart', node: node.id }, `restarting ${node.id}`)} data-testid={`restart-${node.id}`}>
                      Restart
                    </button>
                  )}
                  {node.role === 'standby' && (
                    <button type="button" disabled={disabled} onClick={() => void send({ type: 'postgres.promote', node: node.id }, `promoting ${node.id}`)} data-testid={`promote-${node.id}`}>
                      Promote
                    </button>
                  )}
                  {node.role === 'primary' && postgres.primaries.length > 1 && (
                    <button type="button" disabled={disabled} onClick={() => void send({ type: 'postgres.rewind', node: node.id }, `rewinding ${node.id}`)} data-testid={`rewind-${node.id}`}>
                      Rewind (pg_rewind)
                    </button>
                  )}
                  <button type="button" disabled={disabled} onClick={() => void send({ type: 'postgres.isolate', node: node.id }, `isolating ${node.id}`)} data-testid={`isolate-${node.id}`}>
                    Cut link
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="live-buttons">
          <button type="button" disabled={disabled} onClick={() => void send({ type: 'postgres.heal' }, 'healing the links')} data-testid="heal">
            Heal links
          </button>
          <button type="button" disabled={disabled} onClick={() => void send({ type: 'postgres.stop' }, 'stopping PostgreSQL')} data-testid="stop-postgres">
            Stop pair
          </button>
        </div>
        <p className="live-note">Cut link cuts replication between the nodes (clients still reach both). Rewind stops the node, runs pg_rewind against the other primary and restarts it as its standby.</p>
      </section>
    );
  }
  return null;
}

function RequestPanel({ system }: { readonly system: LiveSystem }) {
  const etcd = useLiveStore(selectEtcd);
  const postgres = useLiveStore(selectPostgres);
  const busy = useLiveStore(selectBusy);
  const send = useLiveStoreApi().getState().actions.send;
  const [key, setKey] = useState('x');
  const [value, setValue] = useState('1');
  const [via, setVia] = useState('auto');
  const nodes = system === 'etcd' ? (etcd?.members ?? []) : (postgres?.nodes ?? []);
  /** "auto": the leader or primary, or else the first node that runs, as a client would pick. */
  const target = () => {
    if (via !== 'auto') return via;
    if (system === 'etcd') return etcd?.members.find((member) => member.role === 'leader')?.id ?? etcd?.members.find((member) => member.role !== 'crashed')?.id ?? 'n1';
    return postgres?.primaries[postgres.primaries.length - 1] ?? 'n1';
  };
  const write = (event: FormEvent) => {
    event.preventDefault();
    const node = target();
    void send(system === 'etcd' ? { type: 'etcd.put', key, value, via: node } : { type: 'postgres.write', key, value, via: node }, `writing ${key}=${value} via ${node}`);
    // The next write gets a fresh value, so the checker can tell writes apart.
    if (/^\d+$/.test(value)) setValue(String(Number(value) + 1));
  };
  const read = (serializable: boolean) => {
    const node = target();
    void send(system === 'etcd' ? { type: 'etcd.get', key, via: node, serializable } : { type: 'postgres.read', key, via: node }, `reading ${key} via ${node}`);
  };
  const keyOk = /^[A-Za-z0-9_.-]{1,64}$/.test(key);
  const valueOk = /^[\x20-\x7e]{0,256}$/.test(value);
  return (
    <section className="panel live-requests" aria-label="Client requests">
      <h2>Client requests</h2>
      <form onSubmit={write}>
        <label>
          key <input value={key} onChange={(event) => setKey(event.target.value)} size={6} data-testid="request-key" aria-invalid={!keyOk} />
        </label>
        <label>
          value <input value={value} onChange={(event) => setValue(event.target.value)} size={6} data-testid="request-value" aria-invalid={!valueOk} />
        </label>
        <label>
          via{' '}
          <select value={via} onChange={(event) => setVia(event.target.value)} data-testid="request-via">
            <option value="auto">{system === 'etcd' ? 'the leader' : 'the primary'}</option>
            {nodes.map((node) => (
              <option key={node.id} value={node.id}>
                {node.id}
              </option>
            ))}
          </select>
        </label>
        <div className="live-buttons">
          <button type="submit" disabled={busy !== null || !keyOk || !valueOk} data-testid="send-write">
            Write
          </button>
          <button type="button" disabled={busy !== null || !keyOk} onClick={() => read(false)} data-testid="send-read">
            {system === 'etcd' ? 'Read (linearizable)' : 'Read'}
          </button>
          {system === 'etcd' && (
            <button type="button" disabled={busy !== null || !keyOk} onClick={() => read(true)} data-testid="send-read-serializable">
              Read (serializable)
            </button>
          )}
        </div>
        {!keyOk && <p className="live-error">A key is 1 to 64 letters, digits, “_”, “.” or “-”.</p>}
        {!valueOk && <p className="live-error">A value is at most 256 printable ASCII characters.</p>}
      </form>

      <WorkloadSwitch system={system} />
      <p className="live-note">
        {system === 'etcd'
          ? 'A linearizable read goes through the leader’s quorum; a serializable read answers from the member’s own copy, which may be stale when it is cut off. Each request times out after 1 s.'
          : 'A write is one transaction on the node you pick; a standby refuses it. A read answers from the node’s own copy.'}
      </p>
    </section>
  );
}

function WorkloadSwitch({ system }: { readonly system: LiveSystem }) {
  const workload = useLiveStore(selectWorkload);
  const store = useLiveStoreApi();
  const on = workload === system;
  return (
    <label className="live-workload">
      <input type="checkbox" checked={on} onChange={(event) => store.getState().actions.setWorkload(event.target.checked ? system : null)} data-testid="workload" /> Client workload: write <code>w</code> through the{' '}
      {system === 'etcd' ? 'leader' : 'primary'}, then read it back: one request every {(WORKLOAD_INTERVAL_MS / 1000).toFixed(1)} s, none while the last one waits
      {on ? ' — running: kill members and watch the outcomes' : ''}
    </label>
  );
}

function VerdictPanel({ system }: { readonly system: LiveSystem }) {
  const verdicts = useLiveStore(selectVerdicts);
  const store = useLiveStoreApi();
  const verdict = verdicts[system];
  return (
    <section className={`panel live-verdict ${verdict?.verdict === 'not-linearizable' ? 'live-bad' : verdict?.verdict === 'linearizable' ? 'live-good' : ''}`} aria-label="The checker's verdict" data-testid="verdict" data-verdict={verdict?.verdict ?? 'none'}>
      <h2>Linearizability checker</h2>
      <p>{verdict ? verdictSentence(verdict) : 'No verdict yet: send a request, and the recorded history (invocation and completion times, errors as definite or unknown) is checked after each one.'}</p>
      <button type="button" onClick={() => void store.getState().actions.checkHistory(system)} data-testid="check-history">
        Check the history again
      </button>
    </section>
  );
}

const DRILLS: Record<LiveSystem, { readonly name: 'etcd-quorum' | 'postgres-split-brain'; readonly title: string; readonly steps: readonly string[] }> = {
  etcd: {
    name: 'etcd-quorum',
    title: 'Kill an etcd member and observe quorum behaviour',
    steps: ['Setup starts 3 members.', 'Kill one member (the leader, for a re-election) and see a leader still elected.', 'Write: it commits with one member down.', 'Kill a second member and write: it is refused, quorum lost.', 'Restart both, wait for a leader, write again.'],
  },
  postgres: {
    name: 'postgres-split-brain',
    title: 'Split-brain in a 2-node PostgreSQL pair; recover',
    steps: ['Setup starts n1 (primary) and n2 (standby).', 'Write via n1; cut the link; promote n2.', 'Write via n1 and via n2: two primaries accept writes.', 'Heal, then rewind n1: it streams from n2 on the new timeline.', 'Check names the writes the rewind discarded.'],
  },
};

function DrillPanel({ system }: { readonly system: LiveSystem }) {
  const drill = DRILLS[system];
  const result = useLiveStore(selectDrill);
  const busy = useLiveStore(selectBusy);
  const send = useLiveStoreApi().getState().actions.send;
  const shown = result?.drill === drill.name ? result : null;
  return (
    <section className="panel live-drill" aria-label={`Drill: ${drill.title}`} data-testid="drill">
      <h2>Drill: {drill.title}</h2>
      <ol>
        {drill.steps.map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ol>
      <div className="live-buttons">
        <button type="button" disabled={busy !== null} onClick={() => void send({ type: 'drill.setup', drill: drill.name }, 'setting up the drill')} data-testid="drill-setup">
          Setup
        </button>
        <button type="button" disabled={busy !== null} onClick={() => void send({ type: 'drill.check', drill: drill.name }, 'checking the drill')} data-testid="drill-check">
          Check
        </button>
        <button type="button" disabled={busy !== null} onClick={() => void send({ type: 'drill.solve', drill: drill.name }, 'solving the drill (real processes: this takes a few seconds)')} data-testid="drill-solve">
          Solve it for me
        </button>
      </div>
      {shown && (
        <ul className="live-checks" aria-label="Checks">
          {shown.checks.map((check) => (
            <li key={check.name} className={check.ok ? 'live-pass' : 'live-fail'} data-testid="drill-check-item" data-ok={check.ok ? 'true' : 'false'}>
              <strong>
                {check.ok ? '✓' : '✗'} {check.name}
              </strong>
              <span> — saw: {check.saw}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function OutcomeLog() {
  const log = useLiveStore(selectLog);
  const postgres = useLiveStore(selectPostgres);
  const system = useLiveStore(selectSystem);
  return (
    <section className="panel live-log" aria-label="What happened" data-testid="outcome-log">
      <h2>What happened (newest first)</h2>
      {log.length === 0 ? (
        <p>Each command's outcome appears here, in the system's own words.</p>
      ) : (
        <ol>
          {log.map((entry) => (
            <li key={entry.id} className={`live-${entry.tone}`} data-tone={entry.tone} data-testid="outcome">
              <span className="live-tag">{entry.system}</span> {entry.text}
            </li>
          ))}
        </ol>
      )}
      {system === 'postgres' && postgres && postgres.writes.length > 0 && (
        <>
          <h2>Writes and whether they survived</h2>
          <ol className="live-writes">
            {postgres.writes.map((write, index) => (
              <li key={index} className={write.status === 'lost' ? 'live-fail' : ''} data-status={write.status}>
                {write.key}={write.value ?? ''} via {write.node}: {write.status === 'lost' ? 'acknowledged, then LOST (discarded by the rewind or the failover)' : write.status}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
