// A real etcd cluster (3 or 5 members) on 127.0.0.1: start, kill, pause, restart, isolate, heal, read its status, put and get.

import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { findEtcd } from './binaries.ts';
import { etcdGet, etcdPut, etcdStatus, type EtcdStatus } from './etcd-client.ts';
import { ClientError, HistoryRecorder, type RecordedOperation } from './history.ts';
import { etcdPeerIdentifier, freePort, LinkProxy } from './link-proxy.ts';
import { Islands } from './partition.ts';
import { ProcessSupervisor, type ManagedProcess } from './supervisor.ts';

export interface EtcdClusterOptions {
  readonly memberCount: number;
  /** etcd's --heartbeat-interval; its election timeout must be at least 5 heartbeats. */
  readonly heartbeatIntervalMs?: number;
  readonly electionTimeoutMs?: number;
  readonly preVote?: boolean;
  /** Shares a supervisor (and its temporary folder) with other systems of the same lab. */
  readonly supervisor?: ProcessSupervisor;
}

export interface EtcdMember {
  readonly name: string;
  readonly clientPort: number;
  /** etcd listens here for its peers... */
  readonly peerPort: number;
  /** ...but advertises this port, the proxy in front of it, so the lab can cut its links. */
  readonly advertisedPeerPort: number;
  readonly dataDir: string;
}

export type MemberProcessState = 'running' | 'paused' | 'stopped';

export interface MemberView {
  readonly name: string;
  readonly process: MemberProcessState;
  readonly pid: number | null;
  /** The member's island (0 when healed). */
  readonly island: number;
  /** null when the member did not answer /v3/maintenance/status in time. */
  readonly status: EtcdStatus | null;
  /** The leader this member believes in, by name (null: none known). */
  readonly leader: string | null;
  readonly isLeader: boolean;
  readonly statusError?: string;
}

export const STATUS_TIMEOUT_MS = 400;

export class EtcdCluster {
  private readonly processes = new Map<string, ManagedProcess>();
  private readonly nameById = new Map<string, string>();
  private readonly proxies = new Map<string, LinkProxy>();
  readonly islands: Islands;
  readonly history = new HistoryRecorder();
  private readonly ownsSupervisor: boolean;
  private stopped = false;

  private constructor(
    readonly supervisor: ProcessSupervisor,
    readonly members: readonly EtcdMember[],
    private readonly etcdPath: string,
    readonly heartbeatIntervalMs: number,
    readonly electionTimeoutMs: number,
    private readonly preVote: boolean,
    private readonly clusterToken: string,
    ownsSupervisor: boolean,
  ) {
    this.islands = new Islands(members.map((member) => member.name));
    this.ownsSupervisor = ownsSupervisor;
  }

  /** Starts every member and waits until all answer and agree on a leader. */
  static async start(options: EtcdClusterOptions, readyTimeoutMs = 20_000): Promise<EtcdCluster> {
    const found = findEtcd();
    if (!found.ok) throw new Error(`${found.problem} ${found.install}`);
    if (!Number.isInteger(options.memberCount) || options.memberCount < 1 || options.memberCount > 9) {
      throw new RangeError(`an etcd cluster has 1 to 9 members here, not ${options.memberCount}`);
    }
    const heartbeatIntervalMs = options.heartbeatIntervalMs ?? 100;
    const electionTimeoutMs = Math.max(options.electionTimeoutMs ?? 1000, 5 * heartbeatIntervalMs);
    const supervisor = options.supervisor ?? ProcessSupervisor.create('etcd');
    const members: EtcdMember[] = [];
    const proxies = new Map<string, LinkProxy>();
    const nameByAdvertisedPort = new Map<number, string>();
    let cluster: EtcdCluster | null = null;
    try {
      for (let index = 1; index <= options.memberCount; index += 1) {
        const name = `n${index}`;
        const peerPort = await freePort();
        // The proxy's policy reads the cluster's islands, which exist once the cluster object does.
        // A connection whose first request names no sender (etcd's prober: GET /raft/probing, or
        // /version) is let through only while nothing is cut: etcd's peer transport reuses such a
        // pooled connection for raft messages later (the pipeline shares the prober's round
        // tripper), which would carry messages across a partition.
        const proxy = await LinkProxy.start(peerPort, {
          identifySource: etcdPeerIdentifier(nameByAdvertisedPort),
          allows: (source) => cluster === null || (source === null ? cluster.islands.isHealed() : cluster.islands.canReach(source, name)),
        });
        nameByAdvertisedPort.set(proxy.port, name);
        proxies.set(name, proxy);
        members.push({ name, clientPort: await freePort(), peerPort, advertisedPeerPort: proxy.port, dataDir: join(supervisor.rootDir, `etcd-${name}`) });
      }
      cluster = new EtcdCluster(
        supervisor,
        members,
        found.binaries.etcd,
        heartbeatIntervalMs,
        electionTimeoutMs,
        options.preVote ?? false,
        `quorum-lab-${randomBytes(6).toString('hex')}`,
        options.supervisor === undefined,
      );
      for (const [name, proxy] of proxies) cluster.proxies.set(name, proxy);
      for (const member of members) cluster.launch(member);
      await cluster.waitUntil((views) => views.every((view) => view.status !== null) && views.some((view) => view.isLeader), readyTimeoutMs, 'every member answering and a leader elected');
      return cluster;
    } catch (error) {
      if (cluster) await cluster.stop();
      else {
        for (const proxy of proxies.values()) await proxy.close();
        if (options.supervisor === undefined) await supervisor.stopAll();
      }
      throw error;
    }
  }

  member(name: string): EtcdMember {
    const member = this.members.find((candidate) => candidate.name === name);
    if (!member) throw new RangeError(`no member ${name} (this cluster has ${this.members.map((m) => m.name).join(', ')})`);
    return member;
  }

  processState(name: string): MemberProcessState {
    const managed = this.processes.get(name);
    if (!managed || !managed.running) return 'stopped';
    return managed.paused ? 'paused' : 'running';
  }

  /** SIGKILL: the member dies at once, as in a power cut (its data folder stays). */
  async kill(name: string): Promise<void> {
    this.member(name);
    await this.processes.get(name)?.kill();
  }

  pause(name: string): void {
    this.member(name);
    this.processes.get(name)?.pause();
  }

  resume(name: string): void {
    this.member(name);
    this.processes.get(name)?.resume();
  }

  /** Starts a stopped member again from its data folder; a running one is left alone (as the simulation does); a paused one resumes. */
  restart(name: string): 'started' | 'resumed' | 'already running' {
    const member = this.member(name);
    const state = this.processState(name);
    if (state === 'running') return 'already running';
    if (state === 'paused') {
      this.resume(name);
      return 'resumed';
    }
    this.launch(member);
    return 'started';
  }

  isolate(name: string): void {
    this.member(name);
    this.islands.isolate(name);
    this.applyIslands();
  }

  partition(groups: readonly (readonly string[])[]): void {
    for (const name of groups.flat()) this.member(name);
    this.islands.partition(groups);
    this.applyIslands();
  }

  heal(): void {
    this.islands.heal();
    this.applyIslands();
  }

  /** Open peer connections through each member's proxy, by the member that opened them (null: unknown): what a cut leaves. */
  openPeerConnections(): Map<string, (string | null)[]> {
    return new Map([...this.proxies].map(([name, proxy]) => [name, proxy.connectionSources()]));
  }

  /** Every member's status, asked in parallel. */
  async view(): Promise<MemberView[]> {
    return Promise.all(
      this.members.map(async (member): Promise<MemberView> => {
        const process = this.processState(member.name);
        const base = { name: member.name, process, pid: process === 'stopped' ? null : (this.processes.get(member.name)?.pid ?? null), island: this.islands.islandIndex(member.name) };
        if (process !== 'running') return { ...base, status: null, leader: null, isLeader: false };
        try {
          const status = await etcdStatus(member.clientPort, STATUS_TIMEOUT_MS);
          this.nameById.set(status.memberId, member.name);
          const leader = status.leaderId === '0' ? null : (this.nameById.get(status.leaderId) ?? `id ${status.leaderId}`);
          return { ...base, status, leader, isLeader: status.leaderId === status.memberId };
        } catch (error) {
          return { ...base, status: null, leader: null, isLeader: false, statusError: (error as Error).message };
        }
      }),
    );
  }

  /**
   * The leader of the highest term among the members that answered (the simulation's "expect
   * leader" reads the same way), or null.
   */
  static leaderOf(views: readonly MemberView[]): MemberView | null {
    const answering = views.filter((view) => view.status !== null);
    const highestTerm = Math.max(0, ...answering.map((view) => view.status!.raftTerm));
    return answering.find((view) => view.isLeader && view.status!.raftTerm === highestTerm) ?? null;
  }

  /** Polls every 50 ms until `condition` holds; throws with what it last saw after `timeoutMs`. */
  async waitUntil(condition: (views: MemberView[]) => boolean, timeoutMs: number, what: string): Promise<MemberView[]> {
    const deadline = performance.now() + timeoutMs;
    let views = await this.view();
    while (!condition(views)) {
      if (performance.now() > deadline) {
        throw new Error(`etcd: no ${what} within ${timeoutMs} ms; last seen: ${describeViews(views)}`);
      }
      await sleep(50);
      views = await this.view();
    }
    return views;
  }

  /** Why a write through `via` cannot commit now, in words, or null when a majority is reachable. */
  quorumProblem(via: string): string | null {
    const needed = Math.floor(this.members.length / 2) + 1;
    const reachable = this.islands.islandMates(via).filter((name) => this.processState(name) === 'running').length;
    if (this.processState(via) !== 'running') return `${via} is ${this.processState(via)}`;
    if (reachable >= needed) return null;
    return `quorum lost: ${reachable} of ${this.members.length} members reachable, a write needs ${needed}`;
  }

  /** A recorded put through member `via`. */
  put(key: string, value: string, via: string, client = 'c1', timeoutMs = 2000): Promise<RecordedOperation> {
    const member = this.member(via);
    return this.history.record({ client, op: 'write', key, value, node: via }, async () => {
      try {
        await etcdPut(member.clientPort, key, value, timeoutMs);
        return { status: 'ok' };
      } catch (error) {
        throw this.explain(error, via);
      }
    });
  }

  /** A recorded get through member `via`, linearizable unless `serializable`. */
  get(key: string, via: string, serializable = false, client = 'c1', timeoutMs = 2000): Promise<RecordedOperation> {
    const member = this.member(via);
    return this.history.record({ client, op: 'read', key, node: via, consistency: serializable ? 'serializable' : 'linearizable' }, async () => {
      try {
        const { value } = await etcdGet(member.clientPort, key, serializable, timeoutMs);
        return { status: 'ok', value };
      } catch (error) {
        throw this.explain(error, via);
      }
    });
  }

  /** Kills every member, closes the proxies and (when it owns them) removes the data. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await Promise.all([...this.processes.values()].map((managed) => managed.kill()));
    for (const proxy of this.proxies.values()) await proxy.close();
    if (this.ownsSupervisor) await this.supervisor.stopAll();
  }

  private explain(error: unknown, via: string): ClientError {
    const base = error instanceof ClientError ? error : new ClientError((error as Error).message, false);
    const problem = this.quorumProblem(via);
    return problem ? new ClientError(`${base.message} (${problem})`, base.definite) : base;
  }

  private applyIslands(): void {
    for (const proxy of this.proxies.values()) proxy.reevaluate();
  }

  private launch(member: EtcdMember): void {
    const initialCluster = this.members.map((other) => `${other.name}=http://127.0.0.1:${other.advertisedPeerPort}`).join(',');
    const managed = this.supervisor.start({
      name: `etcd-${member.name}`,
      command: this.etcdPath,
      args: [
        `--name=${member.name}`,
        `--data-dir=${member.dataDir}`,
        `--listen-client-urls=http://127.0.0.1:${member.clientPort}`,
        `--advertise-client-urls=http://127.0.0.1:${member.clientPort}`,
        `--listen-peer-urls=http://127.0.0.1:${member.peerPort}`,
        `--initial-advertise-peer-urls=http://127.0.0.1:${member.advertisedPeerPort}`,
        `--initial-cluster=${initialCluster}`,
        '--initial-cluster-state=new',
        `--initial-cluster-token=${this.clusterToken}`,
        `--heartbeat-interval=${this.heartbeatIntervalMs}`,
        `--election-timeout=${this.electionTimeoutMs}`,
        `--pre-vote=${this.preVote}`,
        '--logger=zap',
        '--log-outputs=stderr',
        '--log-level=warn',
      ],
    });
    this.processes.set(member.name, managed);
  }
}

export function describeViews(views: readonly MemberView[]): string {
  return views
    .map((view) => {
      if (view.process !== 'running') return `${view.name} ${view.process}`;
      if (!view.status) return `${view.name} not answering`;
      return `${view.name} ${view.isLeader ? 'leader' : 'follower'} term ${view.status.raftTerm} index ${view.status.raftIndex}`;
    })
    .join('; ');
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
