// A real PostgreSQL primary and streaming standbys on 127.0.0.1: crash, restart, promote, cut the replication link, rewind, recorded writes and reads.
//
// Built the way an operator would: initdb, a base backup for each standby (pg_basebackup), promotion
// with pg_promote(), and pg_rewind to bring a diverged former primary back as a standby on the new
// timeline. Replication connections go through one proxy per ordered pair of nodes (link-proxy.ts),
// so `partition n1 | n2` cuts streaming replication and pg_rewind's source link, while clients still
// reach every node directly (as in the simulation: partitions cut nodes from nodes).

import { appendFileSync, chownSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { findPostgres, type PostgresBinaries } from './binaries.ts';
import { ClientError, HistoryRecorder, type RecordedOperation } from './history.ts';
import { freePort, LinkProxy } from './link-proxy.ts';
import { Islands } from './partition.ts';
import { ProcessSupervisor, unprivilegedUser, type ManagedProcess, type ProcessUser } from './supervisor.ts';
import { sleep } from './etcd-cluster.ts';

export type CommitMode = 'async' | 'sync';

export interface PostgresClusterOptions {
  /** n1 starts as primary; n2.. are streaming standbys. */
  readonly nodeCount: number;
  readonly mode: CommitMode;
  readonly supervisor?: ProcessSupervisor;
}

export type PostgresRole = 'primary' | 'standby' | 'down';

export interface LsnPositions {
  readonly sent: string | null;
  readonly write: string | null;
  readonly flush: string | null;
  readonly replay: string | null;
}

export interface PostgresNodeView {
  readonly id: string;
  readonly role: PostgresRole;
  readonly alive: boolean;
  readonly pid: number | null;
  readonly timeline: number | null;
  readonly island: number;
  readonly lsn: LsnPositions;
  /** For a standby: whether its WAL receiver is streaming right now. */
  readonly streaming: boolean;
  /** What the node's primary says in pg_stat_replication (state, sync_state) when it lists this node. */
  readonly replication?: { readonly state: string; readonly syncState: string };
  readonly problem?: string;
}

interface PostgresNode {
  readonly id: string;
  readonly port: number;
  readonly dataDir: string;
}

/** One stretch of time during which a node accepted writes as primary (wall ms since the lab started). */
interface PrimaryPeriod {
  readonly node: string;
  startMs: number;
  endMs: number | null;
}

const QUERY_TIMEOUT_MS = 2000;

const SERVER_SETTINGS = [
  "listen_addresses = '127.0.0.1'",
  // TCP only: no socket file to place where the unprivileged user can write.
  "unix_socket_directories = ''",
  'wal_level = replica',
  // pg_rewind needs hint bits WAL-logged (or data checksums) on the cluster it rewinds.
  'wal_log_hints = on',
  'full_page_writes = on',
  'max_wal_senders = 10',
  'wal_keep_size = 128MB',
  'hot_standby = on',
  // Faster feedback for the live LSNs and for reconnecting after a cut link heals.
  'wal_receiver_status_interval = 1s',
  'wal_retrieve_retry_interval = 500ms',
  // A killed process never loses what the OS already has; only a machine crash would, and the lab never makes one.
  'fsync = off',
  'shared_buffers = 16MB',
  'max_connections = 30',
  'log_min_messages = warning',
  "log_line_prefix = '%m [%p] '",
];

export class PostgresCluster {
  private readonly processes = new Map<string, ManagedProcess>();
  private readonly proxies = new Map<string, LinkProxy>();
  private readonly periods: PrimaryPeriod[] = [];
  readonly islands: Islands;
  readonly history = new HistoryRecorder();
  private lastLostWriteIds: ReadonlySet<string> = new Set();
  private writeCounter = 0;
  private stopped = false;

  private constructor(
    readonly supervisor: ProcessSupervisor,
    readonly nodes: readonly PostgresNode[],
    private readonly binaries: PostgresBinaries,
    private readonly user: ProcessUser | null,
    readonly mode: CommitMode,
    private readonly ownsSupervisor: boolean,
  ) {
    this.islands = new Islands(nodes.map((node) => node.id));
  }

  static async start(options: PostgresClusterOptions): Promise<PostgresCluster> {
    const found = findPostgres();
    if (!found.ok) throw new Error(`${found.problem} ${found.install}`);
    const user = unprivilegedUser();
    if (user !== null && 'error' in user) throw new Error(user.error);
    if (!Number.isInteger(options.nodeCount) || options.nodeCount < 2 || options.nodeCount > 5) {
      throw new RangeError(`a replication pair here has 2 to 5 nodes, not ${options.nodeCount}`);
    }
    const supervisor = options.supervisor ?? ProcessSupervisor.create('postgres');
    const nodes: PostgresNode[] = [];
    for (let index = 1; index <= options.nodeCount; index += 1) {
      const id = `n${index}`;
      nodes.push({ id, port: await freePort(), dataDir: supervisor.makeFolder(`pg-${id}`, user) });
    }
    const cluster = new PostgresCluster(supervisor, nodes, found.binaries, user, options.mode, options.supervisor === undefined);
    try {
      await cluster.bootstrap();
      return cluster;
    } catch (error) {
      await cluster.stop();
      throw error;
    }
  }

  node(id: string): PostgresNode {
    const node = this.nodes.find((candidate) => candidate.id === id);
    if (!node) throw new RangeError(`no node ${id} (this pair has ${this.nodes.map((n) => n.id).join(', ')})`);
    return node;
  }

  isRunning(id: string): boolean {
    return this.processes.get(id)?.running ?? false;
  }

  // ----- faults and operator actions --------------------------------------------------------------

  /** SIGKILL to the node's whole process group (postmaster and backends): a crash, no shutdown checkpoint. */
  async crash(id: string): Promise<void> {
    this.node(id);
    await this.processes.get(id)?.kill();
    this.endPeriod(id);
  }

  /** Starts a stopped node with the configuration it has (a former primary comes back as primary); a running node is left alone. */
  async restart(id: string): Promise<'started' | 'already running'> {
    const node = this.node(id);
    if (this.isRunning(id)) return 'already running';
    await this.launch(node);
    if ((await this.roleOf(id)) === 'primary') this.beginPeriod(id);
    return 'started';
  }

  /** pg_promote() on a standby; then a checkpoint, so pg_rewind reads the new timeline from the control file. */
  async promote(id: string): Promise<number> {
    this.node(id);
    if (!this.isRunning(id)) throw new Error(`${id} is down: start it before promoting it`);
    const role = await this.roleOf(id);
    if (role !== 'standby') throw new Error(`${id} is ${role}, not a standby: only a standby can be promoted`);
    await this.query(id, 'SELECT pg_promote(true, 30)');
    await this.query(id, 'CHECKPOINT');
    this.beginPeriod(id);
    return (await this.timelineOf(id)) ?? 0;
  }

  /**
   * Rewinds `id` onto the current primary's timeline with pg_rewind and starts it as that primary's
   * standby. The writes it accepted after the fork are discarded by the rewind.
   */
  async rewind(id: string): Promise<{ source: string; output: string }> {
    const node = this.node(id);
    const views = await this.view();
    const source = views
      .filter((view) => view.role === 'primary' && view.id !== id)
      .sort((a, b) => (b.timeline ?? 0) - (a.timeline ?? 0))[0];
    if (!source) throw new Error(`there is no other primary to rewind ${id} onto`);
    if (!this.islands.canReach(id, source.id)) throw new Error(`${id} cannot reach ${source.id} (the link is cut): heal first, pg_rewind copies from the source over the network`);
    // pg_rewind wants the target shut down; a fast shutdown (SIGINT) is what `pg_ctl stop -m fast` sends.
    await this.processes.get(id)?.stop('SIGINT', 10_000);
    this.endPeriod(id);
    const proxy = await this.linkProxy(id, source.id);
    const result = await this.supervisor.run(
      {
        name: `pg_rewind ${id}`,
        command: this.binaries.pgRewind,
        args: [`--target-pgdata=${node.dataDir}`, `--source-server=host=127.0.0.1 port=${proxy.port} user=postgres dbname=postgres application_name=${id}`, '--no-sync'],
        user: this.user,
      },
      120_000,
    );
    if (result.exitCode !== 0) throw new Error(`pg_rewind failed (exit ${result.exitCode ?? result.signal}): ${result.output.trim()}`);
    // pg_rewind copied the source's configuration files; this node's own standby settings go on top.
    this.configureStandby(node, source.id, proxy.port);
    await this.launch(node);
    return { source: source.id, output: result.output.trim() };
  }

  isolate(id: string): void {
    this.node(id);
    this.islands.isolate(id);
    this.applyIslands();
  }

  partition(groups: readonly (readonly string[])[]): void {
    for (const id of groups.flat()) this.node(id);
    this.islands.partition(groups);
    this.applyIslands();
  }

  heal(): void {
    this.islands.heal();
    this.applyIslands();
  }

  // ----- clients ------------------------------------------------------------------------------------

  /** A recorded write of key=value through node `via`: one transaction that also logs the write's id. */
  write(key: string, value: string, via: string, client = 'c1'): Promise<RecordedOperation> {
    const node = this.node(via);
    this.writeCounter += 1;
    const writeId = `w${this.writeCounter}`;
    return this.history.record({ client, op: 'write', key, value, node: via }, async () => {
      const connection = await this.connect(node);
      let committing = false;
      try {
        await connection.query('BEGIN');
        await connection.query('INSERT INTO kv(key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value', [key, value]);
        await connection.query('INSERT INTO write_log(write_id, key, value, node) VALUES ($1, $2, $3, $4)', [writeId, key, value, via]);
        const timeline = await connection.query<{ timeline: string }>('SELECT substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8) AS timeline');
        committing = true;
        await connection.query('COMMIT');
        return { status: 'ok', detail: { writeId, timeline: parseInt(timeline.rows[0]!.timeline, 16) } };
      } catch (error) {
        // Before COMMIT was sent, a failure rolls the transaction back; during COMMIT nobody knows.
        const waitingForStandby = committing && this.mode === 'sync' ? ' (synchronous commit: the primary waits for a standby to flush the commit; it stays committed locally and becomes visible there)' : '';
        throw new ClientError(`${via}: ${(error as Error).message}${waitingForStandby}`, !committing);
      } finally {
        await connection.end().catch(() => {});
      }
    });
  }

  read(key: string, via: string, client = 'c1'): Promise<RecordedOperation> {
    const node = this.node(via);
    return this.history.record({ client, op: 'read', key, node: via }, async () => {
      const connection = await this.connect(node);
      try {
        const result = await connection.query<{ value: string }>('SELECT value FROM kv WHERE key = $1', [key]);
        return { status: 'ok', value: result.rows[0]?.value ?? null };
      } finally {
        await connection.end().catch(() => {});
      }
    });
  }

  // ----- what the lab shows ------------------------------------------------------------------------

  async view(): Promise<PostgresNodeView[]> {
    const replicationByPrimary = new Map<string, Map<string, { state: string; syncState: string; lsn: LsnPositions }>>();
    const base = await Promise.all(
      this.nodes.map(async (node): Promise<PostgresNodeView> => {
        const island = this.islands.islandIndex(node.id);
        const pid = this.processes.get(node.id)?.pid ?? null;
        const empty = { sent: null, write: null, flush: null, replay: null };
        if (!this.isRunning(node.id)) return { id: node.id, role: 'down', alive: false, pid: null, timeline: null, island, lsn: empty, streaming: false };
        try {
          const connection = await this.connect(node);
          try {
            const recovery = await connection.query<{ standby: boolean }>('SELECT pg_is_in_recovery() AS standby');
            if (!recovery.rows[0]!.standby) {
              const current = await connection.query<{ lsn: string; timeline: string }>('SELECT pg_current_wal_lsn()::text AS lsn, substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8) AS timeline');
              const replication = await connection.query<{ application_name: string; state: string; sync_state: string; sent_lsn: string | null; write_lsn: string | null; flush_lsn: string | null; replay_lsn: string | null }>(
                'SELECT application_name, state, sync_state, sent_lsn::text, write_lsn::text, flush_lsn::text, replay_lsn::text FROM pg_stat_replication',
              );
              const rows = new Map<string, { state: string; syncState: string; lsn: LsnPositions }>();
              for (const row of replication.rows) {
                rows.set(row.application_name, { state: row.state, syncState: row.sync_state, lsn: { sent: row.sent_lsn, write: row.write_lsn, flush: row.flush_lsn, replay: row.replay_lsn } });
              }
              replicationByPrimary.set(node.id, rows);
              const lsn = current.rows[0]!.lsn;
              return { id: node.id, role: 'primary', alive: true, pid, timeline: parseInt(current.rows[0]!.timeline, 16), island, lsn: { sent: lsn, write: lsn, flush: lsn, replay: lsn }, streaming: false };
            }
            const standby = await connection.query<{ received: string | null; replayed: string | null; receiver_tli: number | null; status: string | null; checkpoint_tli: number }>(
              `SELECT pg_last_wal_receive_lsn()::text AS received, pg_last_wal_replay_lsn()::text AS replayed,
                      (SELECT received_tli FROM pg_stat_wal_receiver) AS receiver_tli,
                      (SELECT status FROM pg_stat_wal_receiver) AS status,
                      (SELECT timeline_id FROM pg_control_checkpoint()) AS checkpoint_tli`,
            );
            const row = standby.rows[0]!;
            return {
              id: node.id,
              role: 'standby',
              alive: true,
              pid,
              timeline: row.receiver_tli ?? row.checkpoint_tli,
              island,
              lsn: { sent: null, write: row.received, flush: row.received, replay: row.replayed },
              streaming: row.status === 'streaming',
            };
          } finally {
            await connection.end().catch(() => {});
          }
        } catch (error) {
          return { id: node.id, role: 'down', alive: true, pid, timeline: null, island, lsn: empty, streaming: false, problem: (error as Error).message };
        }
      }),
    );
    // A standby's sent/write/flush/replay as its primary reports them, when a primary lists it.
    return base.map((view) => {
      if (view.role !== 'standby') return view;
      for (const rows of replicationByPrimary.values()) {
        const row = rows.get(view.id);
        if (row) return { ...view, lsn: row.lsn, replication: { state: row.state, syncState: row.syncState } };
      }
      return view;
    });
  }

  /** Waits until `condition` holds on the view, polling every 100 ms. */
  async waitUntil(condition: (views: PostgresNodeView[]) => boolean, timeoutMs: number, what: string): Promise<PostgresNodeView[]> {
    const deadline = performance.now() + timeoutMs;
    let views = await this.view();
    while (!condition(views)) {
      if (performance.now() > deadline) throw new Error(`postgres: not ${what} within ${timeoutMs} ms; last seen: ${describePostgresViews(views)}`);
      await sleep(100);
      views = await this.view();
    }
    return views;
  }

  /** Two nodes acknowledged writes while both were primary (at any time so far). */
  splitBrain(): { happened: boolean; detail: string } {
    const acknowledged = this.history.list().filter((operation) => operation.op === 'write' && operation.status === 'ok');
    const periodAt = (node: string, timeMs: number) => this.periods.find((period) => period.node === node && period.startMs <= timeMs && (period.endMs === null || timeMs <= period.endMs));
    const bothPrimaryAt = (a: string, b: string, timeMs: number) => periodAt(a, timeMs) !== undefined && periodAt(b, timeMs) !== undefined;
    for (const first of acknowledged) {
      for (const second of acknowledged) {
        if (first.node === second.node) continue;
        if (bothPrimaryAt(first.node, second.node, first.completeMs!) && bothPrimaryAt(first.node, second.node, second.completeMs!)) {
          return {
            happened: true,
            detail: `${first.node} acknowledged ${first.key}=${first.value} at ${first.completeMs} ms and ${second.node} acknowledged ${second.key}=${second.value} at ${second.completeMs} ms while both were primary`,
          };
        }
      }
    }
    return { happened: false, detail: 'no two nodes acknowledged writes while both were primary' };
  }

  /**
   * Acknowledged writes missing from the surviving primary's write log (the primary on the highest
   * timeline). Read when exactly one primary answers; otherwise the last answer stands.
   */
  async lostWrites(views?: readonly PostgresNodeView[]): Promise<RecordedOperation[]> {
    const primaries = (views ?? (await this.view())).filter((view) => view.role === 'primary');
    if (primaries.length === 1) {
      const connection = await this.connect(this.node(primaries[0]!.id));
      try {
        const present = await connection.query<{ write_id: string }>('SELECT write_id FROM write_log');
        const kept = new Set(present.rows.map((row) => row.write_id));
        const lost = new Set<string>();
        for (const operation of this.history.list()) {
          const writeId = operation.detail?.writeId;
          if (operation.op === 'write' && operation.status === 'ok' && typeof writeId === 'string' && !kept.has(writeId)) lost.add(writeId);
        }
        this.lastLostWriteIds = lost;
      } catch {
        // Keep the previous answer when the primary cannot be read right now.
      } finally {
        await connection.end().catch(() => {});
      }
    }
    return this.history.list().filter((operation) => typeof operation.detail?.writeId === 'string' && this.lastLostWriteIds.has(operation.detail.writeId as string));
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await Promise.all([...this.processes.values()].map((managed) => managed.kill()));
    for (const proxy of this.proxies.values()) await proxy.close();
    if (this.ownsSupervisor) await this.supervisor.stopAll();
  }

  // ----- inside --------------------------------------------------------------------------------------

  private async bootstrap(): Promise<void> {
    const primary = this.nodes[0]!;
    const initdb = await this.supervisor.run(
      {
        name: 'initdb',
        command: this.binaries.initdb,
        args: ['-D', primary.dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions'],
        user: this.user,
      },
      120_000,
    );
    if (initdb.exitCode !== 0) throw new Error(`initdb failed: ${initdb.output.trim()}`);
    appendFileSync(join(primary.dataDir, 'postgresql.conf'), `\n# Quorum Lab live lab\n${SERVER_SETTINGS.join('\n')}\n`);
    await this.launch(primary);
    this.beginPeriod(primary.id);
    await this.query(primary.id, 'CREATE TABLE kv (key text PRIMARY KEY, value text NOT NULL)');
    await this.query(primary.id, 'CREATE TABLE write_log (write_id text PRIMARY KEY, key text NOT NULL, value text NOT NULL, node text NOT NULL, at timestamptz NOT NULL DEFAULT now())');
    await Promise.all(this.nodes.slice(1).map((standby) => this.cloneStandby(standby, primary)));
    await this.waitUntil(
      (views) => views.filter((view) => view.role === 'standby' && view.streaming).length === this.nodes.length - 1,
      30_000,
      'every standby streaming',
    );
    // Synchronous commit only now: before a standby streams, the primary's own set-up would wait for one forever.
    // Every node gets it, so a promoted standby is synchronous too (and waits for a standby of its own).
    if (this.mode === 'sync') {
      for (const node of this.nodes) {
        appendFileSync(join(node.dataDir, 'postgresql.conf'), "synchronous_standby_names = '*'\n");
        await this.query(node.id, 'SELECT pg_reload_conf()');
      }
      await this.waitUntil((views) => views.some((view) => view.replication?.syncState === 'sync'), 10_000, 'a synchronous standby');
    }
    // Time 0 for the history and the primary periods is the moment the pair is ready.
    this.history.restartClock();
    for (const period of this.periods) period.startMs = 0;
  }

  private async cloneStandby(standby: PostgresNode, primary: PostgresNode): Promise<void> {
    const proxy = await this.linkProxy(standby.id, primary.id);
    const backup = await this.supervisor.run(
      {
        name: `pg_basebackup ${standby.id}`,
        command: this.binaries.pgBasebackup,
        args: ['-d', `host=127.0.0.1 port=${proxy.port} user=postgres application_name=${standby.id}`, '-D', standby.dataDir, '-X', 'stream', '-c', 'fast', '--no-sync'],
        user: this.user,
      },
      120_000,
    );
    if (backup.exitCode !== 0) throw new Error(`pg_basebackup for ${standby.id} failed: ${backup.output.trim()}`);
    this.configureStandby(standby, primary.id, proxy.port);
    await this.launch(standby);
  }

  /** standby.signal and primary_conninfo through the proxy of the link standby → primary. */
  private configureStandby(standby: PostgresNode, primaryId: string, proxyPort: number): void {
    writeFileSync(join(standby.dataDir, 'standby.signal'), '');
    appendFileSync(
      join(standby.dataDir, 'postgresql.auto.conf'),
      `\n# Quorum Lab: ${standby.id} streams from ${primaryId}\nprimary_conninfo = 'host=127.0.0.1 port=${proxyPort} user=postgres application_name=${standby.id}'\n`,
    );
    // Files written by this (root) process must belong to the server's user.
    if (this.user) for (const file of ['standby.signal', 'postgresql.auto.conf']) chownPath(join(standby.dataDir, file), this.user);
  }

  /** The proxy carrying connections that `from` opens to `to` (created on first use). */
  private async linkProxy(from: string, to: string): Promise<LinkProxy> {
    const key = `${from}->${to}`;
    let proxy = this.proxies.get(key);
    if (!proxy) {
      proxy = await LinkProxy.start(this.node(to).port, { allows: () => this.islands.canReach(from, to) });
      this.proxies.set(key, proxy);
    }
    return proxy;
  }

  private applyIslands(): void {
    for (const proxy of this.proxies.values()) proxy.reevaluate();
  }

  private async launch(node: PostgresNode): Promise<void> {
    const managed = this.supervisor.start({
      name: `postgres-${node.id}`,
      command: this.binaries.postgres,
      args: ['-D', node.dataDir, '-p', String(node.port)],
      user: this.user,
    });
    this.processes.set(node.id, managed);
    const deadline = performance.now() + 30_000;
    for (;;) {
      if (!managed.running) throw new Error(`postgres ${node.id} exited at start; see ${join(this.supervisor.rootDir, `postgres-${node.id}.log`)}`);
      try {
        const connection = await this.connect(node, 500);
        await connection.end();
        return;
      } catch (error) {
        if (performance.now() > deadline) throw new Error(`postgres ${node.id} did not accept connections within 30 s: ${(error as Error).message}`);
        await sleep(50);
      }
    }
  }

  private async connect(node: PostgresNode, timeoutMs = QUERY_TIMEOUT_MS): Promise<pg.Client> {
    const connection = new pg.Client({
      host: '127.0.0.1',
      port: node.port,
      user: 'postgres',
      database: 'postgres',
      connectionTimeoutMillis: timeoutMs,
      query_timeout: QUERY_TIMEOUT_MS,
      application_name: 'quorum-lab-client',
    });
    connection.on('error', () => {});
    try {
      await connection.connect();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // Refused (nothing listens) or "the database system is starting up / shutting down": nothing was done.
      throw new ClientError(`${node.id}: ${code === 'ECONNREFUSED' ? 'connection refused (the node is down)' : (error as Error).message}`, true);
    }
    return connection;
  }

  private async query(id: string, sql: string): Promise<pg.QueryResult> {
    const connection = await this.connect(this.node(id));
    try {
      return await connection.query(sql);
    } finally {
      await connection.end().catch(() => {});
    }
  }

  private async roleOf(id: string): Promise<PostgresRole> {
    return (await this.view()).find((view) => view.id === id)?.role ?? 'down';
  }

  private async timelineOf(id: string): Promise<number | null> {
    return (await this.view()).find((view) => view.id === id)?.timeline ?? null;
  }

  private beginPeriod(id: string): void {
    if (this.periods.some((period) => period.node === id && period.endMs === null)) return;
    this.periods.push({ node: id, startMs: Math.floor(this.history.nowMs()), endMs: null });
  }

  private endPeriod(id: string): void {
    for (const period of this.periods) if (period.node === id && period.endMs === null) period.endMs = Math.ceil(this.history.nowMs());
  }
}

function chownPath(path: string, user: ProcessUser): void {
  chownSync(path, user.uid, user.gid);
}

export function describePostgresViews(views: readonly PostgresNodeView[]): string {
  return views.map((view) => `${view.id} ${view.role}${view.timeline !== null ? ` timeline ${view.timeline}` : ''}${view.role === 'standby' ? (view.streaming ? ' streaming' : ' not streaming') : ''}`).join('; ');
}
