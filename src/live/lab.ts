// The live lab as one object: at most one real etcd cluster and one real PostgreSQL pair, the commands that drive them, and the two drills.
//
// The API server (server.ts) and the tests drive it through `apply(command)`; it also keeps a short
// record of what it observed after each command (who was down, who led), which the drills' checks read.

import { EtcdCluster, type MemberView } from './etcd-cluster.ts';
import { PostgresCluster } from './postgres-cluster.ts';
import { etcdNodesAsJson } from './raft-on-etcd.ts';
import { snapshot } from './replication-on-postgres.ts';
import type { LiveCommand } from './commands.ts';
import { findEtcd, findPostgres } from './binaries.ts';

/** What the lab saw of etcd after a command: enough for the drill's checks to say what they saw. */
interface EtcdObservation {
  readonly atMs: number;
  readonly down: readonly string[];
  readonly leader: string | null;
  readonly term: number;
}

/** A write the lab sent, with how many members were down when it was sent. */
interface EtcdWriteNote {
  readonly operationId: number;
  readonly downWhenSent: number;
  /** The observation made just before the write was sent. */
  readonly seenBefore: EtcdObservation | undefined;
}

export interface DrillCheck {
  readonly name: string;
  readonly ok: boolean;
  /** What the check saw, in words. */
  readonly saw: string;
}

export class LiveLab {
  private etcd: EtcdCluster | null = null;
  private postgres: PostgresCluster | null = null;
  private etcdObservations: EtcdObservation[] = [];
  private etcdWrites: EtcdWriteNote[] = [];
  private rewound: string[] = [];
  /** Commands run one at a time: two clicks must not start two clusters. */
  private queue: Promise<unknown> = Promise.resolve();

  /** What is installed, in words the page can show. */
  static availability() {
    const etcd = findEtcd();
    const postgres = findPostgres();
    return {
      etcd: etcd.ok ? { ok: true, path: etcd.binaries.etcd } : { ok: false, problem: etcd.problem, install: etcd.install },
      postgres: postgres.ok ? { ok: true, path: postgres.binaries.binDir } : { ok: false, problem: postgres.problem, install: postgres.install },
    };
  }

  apply(command: LiveCommand): Promise<unknown> {
    const result = this.queue.then(() => this.applyNow(command));
    this.queue = result.catch(() => {});
    return result;
  }

  async status() {
    return {
      etcd: this.etcd ? { members: etcdNodesAsJson(await this.etcd.view()), history: this.etcd.history.list(), folder: this.etcd.supervisor.rootDir } : null,
      postgres: this.postgres ? { ...(await snapshot(this.postgres)), mode: this.postgres.mode, folder: this.postgres.supervisor.rootDir } : null,
    };
  }

  /** The recorded client history of one system in the checker's JSON-lines format, and the checker's verdict. */
  history(system: 'etcd' | 'postgres') {
    const owner = system === 'etcd' ? this.etcd : this.postgres;
    if (!owner) return null;
    const result = owner.history.check();
    return { jsonLines: owner.history.toJsonLines(), verdict: result.verdict, message: result.message };
  }

  async stop(): Promise<void> {
    await this.queue;
    await this.etcd?.stop();
    await this.postgres?.stop();
    this.etcd = null;
    this.postgres = null;
  }

  private requireEtcd(): EtcdCluster {
    if (!this.etcd) throw new Error('no etcd cluster is running: start one first');
    return this.etcd;
  }

  private requirePostgres(): PostgresCluster {
    if (!this.postgres) throw new Error('no PostgreSQL pair is running: start one first');
    return this.postgres;
  }

  private async observeEtcd(): Promise<MemberView[]> {
    const cluster = this.requireEtcd();
    const views = await cluster.view();
    const leader = EtcdCluster.leaderOf(views);
    this.etcdObservations.push({
      atMs: Math.round(cluster.history.nowMs()),
      down: views.filter((view) => view.process !== 'running').map((view) => view.name),
      leader: leader?.name ?? null,
      term: leader?.status?.raftTerm ?? 0,
    });
    return views;
  }

  private downCount(): number {
    const cluster = this.requireEtcd();
    return cluster.members.filter((member) => cluster.processState(member.name) !== 'running').length;
  }

  private async applyNow(command: LiveCommand): Promise<unknown> {
    switch (command.type) {
      case 'etcd.start': {
        await this.etcd?.stop();
        this.etcd = null;
        this.etcdObservations = [];
        this.etcdWrites = [];
        const startedAt = performance.now();
        this.etcd = await EtcdCluster.start({ memberCount: command.members, heartbeatIntervalMs: 50, electionTimeoutMs: 250 });
        this.etcd.history.restartClock();
        await this.observeEtcd();
        return { startedInMs: Math.round(performance.now() - startedAt) };
      }
      case 'etcd.stop':
        await this.etcd?.stop();
        this.etcd = null;
        return {};
      case 'etcd.kill':
        await this.requireEtcd().kill(command.node);
        await this.observeEtcd();
        return {};
      case 'etcd.pause':
        this.requireEtcd().pause(command.node);
        return {};
      case 'etcd.resume':
        this.requireEtcd().resume(command.node);
        return {};
      case 'etcd.restart':
        return { outcome: this.requireEtcd().restart(command.node) };
      case 'etcd.isolate':
        this.requireEtcd().isolate(command.node);
        return {};
      case 'etcd.partition':
        this.requireEtcd().partition(command.groups);
        return {};
      case 'etcd.heal':
        this.requireEtcd().heal();
        return {};
      case 'etcd.put': {
        const cluster = this.requireEtcd();
        cluster.member(command.via);
        // What the cluster looked like as the write was sent: a drill's "restart and recovery" check needs
        // a whole cluster seen *before* the write that proves recovery (restart itself returns before the
        // member answers, so it cannot record that).
        await this.observeEtcd();
        const seenBefore = this.etcdObservations.at(-1);
        const downWhenSent = this.downCount();
        const operation = await cluster.put(command.key, command.value, command.via, 'c1', 1000);
        this.etcdWrites.push({ operationId: operation.id, downWhenSent, seenBefore });
        await this.observeEtcd();
        return { operation };
      }
      case 'etcd.get': {
        const cluster = this.requireEtcd();
        cluster.member(command.via);
        return { operation: await cluster.get(command.key, command.via, command.serializable, 'c1', 1000) };
      }
      case 'postgres.start': {
        await this.postgres?.stop();
        this.postgres = null;
        this.rewound = [];
        const startedAt = performance.now();
        this.postgres = await PostgresCluster.start({ nodeCount: 2, mode: command.mode });
        return { startedInMs: Math.round(performance.now() - startedAt) };
      }
      case 'postgres.stop':
        await this.postgres?.stop();
        this.postgres = null;
        return {};
      case 'postgres.crash':
        await this.requirePostgres().crash(command.node);
        return {};
      case 'postgres.restart':
        return { outcome: await this.requirePostgres().restart(command.node) };
      case 'postgres.promote':
        return { timeline: await this.requirePostgres().promote(command.node) };
      case 'postgres.rewind': {
        const result = await this.requirePostgres().rewind(command.node);
        this.rewound.push(command.node);
        return result;
      }
      case 'postgres.isolate':
        this.requirePostgres().isolate(command.node);
        return {};
      case 'postgres.partition':
        this.requirePostgres().partition(command.groups);
        return {};
      case 'postgres.heal':
        this.requirePostgres().heal();
        return {};
      case 'postgres.write': {
        const cluster = this.requirePostgres();
        cluster.node(command.via);
        return { operation: await cluster.write(command.key, command.value, command.via) };
      }
      case 'postgres.read': {
        const cluster = this.requirePostgres();
        cluster.node(command.via);
        return { operation: await cluster.read(command.key, command.via) };
      }
      case 'drill.setup':
        return this.applyNow(command.drill === 'etcd-quorum' ? { type: 'etcd.start', members: 3 } : { type: 'postgres.start', mode: 'async' });
      case 'drill.check':
        return { drill: command.drill, checks: command.drill === 'etcd-quorum' ? await this.checkEtcdDrill() : await this.checkPostgresDrill() };
      case 'drill.solve':
        if (command.drill === 'etcd-quorum') await this.solveEtcdDrill();
        else await this.solvePostgresDrill();
        return { drill: command.drill, checks: command.drill === 'etcd-quorum' ? await this.checkEtcdDrill() : await this.checkPostgresDrill() };
    }
  }

  // ----- drill: kill an etcd member and observe quorum behaviour ----------------------------------------

  private async checkEtcdDrill(): Promise<DrillCheck[]> {
    if (!this.etcd) return [{ name: 'setup', ok: false, saw: 'no etcd cluster is running: run the drill\'s setup first' }];
    const cluster = this.etcd;
    await this.observeEtcd();
    const operations = cluster.history.list();
    const memberCount = cluster.members.length;
    const oneDown = this.etcdObservations.find((observation) => observation.down.length === 1 && observation.leader !== null);
    const writeWithOneDown = this.etcdWrites.find((note) => note.downWhenSent === 1 && operations[note.operationId]?.status === 'ok');
    const refused = this.etcdWrites.find((note) => note.downWhenSent >= memberCount - Math.floor(memberCount / 2) && operations[note.operationId]?.status !== 'ok');
    const refusedOperation = refused ? operations[refused.operationId] : undefined;
    // Recovery is proved by a write that succeeds after the refused one, sent while every member ran; the
    // cluster as seen just before it was sent says who led (comparing times instead would hinge on
    // sub-millisecond rounding between an observation and the write's invocation).
    const writeAfterRecovery = refusedOperation
      ? this.etcdWrites.find((note) => note.downWhenSent === 0 && operations[note.operationId]?.status === 'ok' && operations[note.operationId]!.invokeMs >= refusedOperation.invokeMs && note.operationId > refusedOperation.id)
      : undefined;
    const recovered = writeAfterRecovery?.seenBefore
      ?? (refusedOperation ? this.etcdObservations.find((observation) => observation.atMs > refusedOperation.invokeMs && observation.down.length === 0 && observation.leader !== null) : undefined);
    const describeWrite = (id: number) => {
      const operation = operations[id]!;
      return `put ${operation.key}=${operation.value} via ${operation.node} at ${operation.invokeMs} ms: ${operation.status}${operation.error ? ` (${operation.error})` : ''}`;
    };
    return [
      {
        name: 'one member down and a leader still elected',
        ok: oneDown !== undefined,
        saw: oneDown ? `at ${oneDown.atMs} ms ${oneDown.down[0]} was down and ${oneDown.leader} led term ${oneDown.term}` : 'never saw exactly one member down with a leader elected',
      },
      {
        name: 'a write commits with one member down',
        ok: writeWithOneDown !== undefined,
        saw: writeWithOneDown ? describeWrite(writeWithOneDown.operationId) : 'no write succeeded while exactly one member was down',
      },
      {
        name: 'a second member down and writes refused',
        ok: refused !== undefined,
        saw: refused ? describeWrite(refused.operationId) : `no write was refused while ${memberCount - Math.floor(memberCount / 2)} or more members were down`,
      },
      {
        name: 'restart and recovery',
        ok: writeAfterRecovery !== undefined,
        saw: writeAfterRecovery
          ? `at ${recovered!.atMs} ms all ${memberCount} members ran${recovered!.leader ? ` and ${recovered!.leader} led term ${recovered!.term}` : ''}; then ${describeWrite(writeAfterRecovery.operationId)}`
          : recovered
            ? `the cluster recovered at ${recovered.atMs} ms but no write succeeded after that`
            : 'the cluster has not been seen whole with a leader after the refused write',
      },
    ];
  }

  private async solveEtcdDrill(): Promise<void> {
    if (!this.etcd) await this.applyNow({ type: 'drill.setup', drill: 'etcd-quorum' });
    const cluster = this.requireEtcd();
    const leaderNow = async () => (await cluster.waitUntil((views) => EtcdCluster.leaderOf(views) !== null, 10_000, 'leader')).find((view) => view.isLeader)!.name;
    await this.applyNow({ type: 'etcd.put', key: 'a', value: '1', via: await leaderNow() });
    await this.applyNow({ type: 'etcd.kill', node: await leaderNow() });
    const second = await leaderNow();
    await this.observeEtcd();
    await this.applyNow({ type: 'etcd.put', key: 'b', value: '2', via: second });
    await this.applyNow({ type: 'etcd.kill', node: second });
    const survivor = cluster.members.find((member) => cluster.processState(member.name) === 'running')!.name;
    await this.applyNow({ type: 'etcd.put', key: 'c', value: '3', via: survivor });
    for (const member of cluster.members) cluster.restart(member.name);
    await cluster.waitUntil((views) => views.every((view) => view.status !== null) && EtcdCluster.leaderOf(views) !== null, 15_000, 'recovery');
    await this.observeEtcd();
    await this.applyNow({ type: 'etcd.put', key: 'd', value: '4', via: await leaderNow() });
  }

  // ----- drill: split-brain in a 2-node PostgreSQL pair; recover ----------------------------------------

  private async checkPostgresDrill(): Promise<DrillCheck[]> {
    if (!this.postgres) return [{ name: 'setup', ok: false, saw: 'no PostgreSQL pair is running: run the drill\'s setup first' }];
    const cluster = this.postgres;
    const split = cluster.splitBrain();
    const views = await cluster.view();
    const primary = views.find((view) => view.role === 'primary');
    const rejoined = views.find((view) => this.rewound.includes(view.id) && view.role === 'standby' && view.streaming && primary !== undefined && view.timeline === primary.timeline);
    const lost = await cluster.lostWrites(views);
    return [
      { name: 'two primaries accepted writes', ok: split.happened, saw: split.detail },
      {
        name: 'the old primary rewound and streaming again',
        ok: rejoined !== undefined,
        saw: rejoined
          ? `${rejoined.id} was rewound and streams from ${primary!.id} on timeline ${rejoined.timeline}`
          : `${this.rewound.length === 0 ? 'no node has been rewound yet' : `rewound: ${this.rewound.join(', ')}`}; now ${views.map((view) => `${view.id} ${view.role}${view.timeline ? ` timeline ${view.timeline}` : ''}${view.role === 'standby' ? (view.streaming ? ' streaming' : ' not streaming') : ''}`).join(', ')}`,
      },
      {
        name: 'the lost writes named',
        ok: lost.length > 0,
        saw: lost.length > 0 ? `acknowledged, then discarded by the rewind: ${lost.map((operation) => `${operation.key}=${operation.value} via ${operation.node} at ${operation.completeMs} ms`).join('; ')}` : 'no acknowledged write is missing from the surviving primary',
      },
    ];
  }

  private async solvePostgresDrill(): Promise<void> {
    if (!this.postgres) await this.applyNow({ type: 'drill.setup', drill: 'postgres-split-brain' });
    const cluster = this.requirePostgres();
    await cluster.write('x', '1', 'n1');
    cluster.partition([['n1'], ['n2']]);
    await cluster.promote('n2');
    await cluster.write('x', '2', 'n1');
    await cluster.write('y', '9', 'n1');
    await cluster.write('x', '3', 'n2');
    cluster.heal();
    await cluster.rewind('n1');
    this.rewound.push('n1');
    await cluster.waitUntil((views) => views.some((view) => view.id === 'n1' && view.streaming), 15_000, 'n1 streaming from n2');
  }
}
