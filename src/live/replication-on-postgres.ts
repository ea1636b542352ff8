// Runs a `replication` scenario on a real PostgreSQL primary and standbys, printing issue 12's JSON lines with wall-clock time.

import { PostgresCluster, type PostgresNodeView } from './postgres-cluster.ts';
import { sleep } from './etcd-cluster.ts';
import type { ReplicationScenario, ReplicationStep } from './replication-scenario.ts';
import type { RecordedOperation } from './history.ts';
import type { Print } from './raft-on-etcd.ts';

export async function runReplicationOnPostgres(scenario: ReplicationScenario, print: Print): Promise<boolean> {
  const startedAt = performance.now();
  const cluster = await PostgresCluster.start({ nodeCount: scenario.header.nodeCount, mode: scenario.header.mode === 'sync' ? 'sync' : 'async' });
  const readyAt = performance.now();
  // The history's clock started at 0 when the pair became ready: t_ms and the history's times agree.
  print({
    target: 'real',
    system: 'postgresql',
    nodes: scenario.header.nodeCount,
    mode: cluster.mode,
    clock: 'wall',
    startup_ms: Math.round(readyAt - startedAt),
    notes: ['times are wall-clock milliseconds since the pair was ready (clock: "wall"); the seed does not apply to real processes', 'a write whose outcome is unknown (a timeout during COMMIT) is listed as pending'],
  });
  let allHeld = true;
  try {
    for (const step of scenario.steps) {
      let extra: Record<string, unknown>;
      try {
        extra = await applyStep(cluster, step);
      } catch (error) {
        extra = { ok: false, detail: (error as Error).message };
      }
      if (extra.ok === false) allHeld = false;
      print({ line: step.line, cmd: step.text, t_ms: Math.round(cluster.history.nowMs()), clock: 'wall', target: 'real', ...extra, ...(await snapshot(cluster)) });
    }
  } finally {
    await cluster.stop();
  }
  return allHeld;
}

/** The part of each JSON line that describes the pair: nodes, primaries, split-brain, lost writes, every write so far. */
export async function snapshot(cluster: PostgresCluster) {
  const views = await cluster.view();
  const lost = await cluster.lostWrites(views);
  const lostIds = new Set(lost.map((operation) => operation.id));
  return {
    nodes: postgresNodesAsJson(views),
    primaries: views.filter((view) => view.role === 'primary').map((view) => view.id),
    lostWrites: lost.length,
    splitBrain: cluster.splitBrain().happened,
    writes: cluster.history
      .list()
      .filter((operation) => operation.op === 'write')
      .map((operation) => ({ key: operation.key, value: operation.value, node: operation.node, status: writeStatus(operation, lostIds) })),
  };
}

function writeStatus(operation: RecordedOperation, lostIds: ReadonlySet<number>): 'pending' | 'acknowledged' | 'failed' | 'lost' {
  if (lostIds.has(operation.id)) return 'lost';
  if (operation.status === 'ok') return 'acknowledged';
  return operation.status === 'fail' ? 'failed' : 'pending';
}

export function postgresNodesAsJson(views: readonly PostgresNodeView[]) {
  return views.map((view) => ({
    id: view.id,
    role: view.role,
    timeline: view.timeline,
    alive: view.alive,
    partition: view.island,
    lsn: view.lsn,
    streaming: view.streaming,
    ...(view.replication ? { replication: view.replication } : {}),
    pid: view.pid,
  }));
}

async function primaryOf(cluster: PostgresCluster): Promise<string> {
  const views = await cluster.view();
  const primary = views.filter((view) => view.role === 'primary').sort((a, b) => (b.timeline ?? 0) - (a.timeline ?? 0))[0];
  return primary?.id ?? 'n1';
}

async function applyStep(cluster: PostgresCluster, step: ReplicationStep): Promise<Record<string, unknown>> {
  switch (step.kind) {
    case 'run':
      await sleep(step.durationMs);
      return {};
    case 'crash':
      await cluster.crash(step.node);
      return {};
    case 'restart':
      await cluster.restart(step.node);
      return {};
    case 'isolate':
      cluster.isolate(step.node);
      return {};
    case 'partition':
      cluster.partition(step.groups);
      return {};
    case 'heal':
      cluster.heal();
      return {};
    case 'promote':
      return { promote: { timeline: await cluster.promote(step.node) } };
    case 'rewind': {
      const result = await cluster.rewind(step.node);
      return { rewind: { source: result.source, output: result.output } };
    }
    case 'write': {
      const via = step.via ?? (await primaryOf(cluster));
      const operation = await cluster.write(step.key, step.value, via);
      return { write: { ok: operation.status === 'ok', error: operation.error ?? null, via, outcome: operation.status } };
    }
    case 'read': {
      const via = step.via ?? (await primaryOf(cluster));
      const operation = await cluster.read(step.key, via);
      return { read: { ok: operation.status === 'ok', value: operation.value ?? null, error: operation.error ?? null, via } };
    }
    case 'expect':
      return { expect: step.text.replace(/^expect\s+/, ''), ...(await checkExpectation(cluster, step)) };
    default:
      return { ok: false, detail: `"${step.kind}" cannot run on the real target` };
  }
}

async function checkExpectation(cluster: PostgresCluster, step: ReplicationStep & { kind: 'expect' }): Promise<{ ok: boolean; detail: string }> {
  const expectation = step.expectation;
  const views = await cluster.view();
  switch (expectation.kind) {
    case 'primaries': {
      const primaries = views.filter((view) => view.role === 'primary').map((view) => view.id);
      return compare(`nodes accepting writes (${primaries.join(', ') || 'none'})`, primaries.length, expectation.comparison, expectation.value);
    }
    case 'split-brain':
    case 'no-split-brain': {
      const split = cluster.splitBrain();
      return { ok: split.happened === (expectation.kind === 'split-brain'), detail: split.detail };
    }
    case 'lost-writes': {
      const lost = await cluster.lostWrites();
      const named = lost.map((operation) => `${operation.key}=${operation.value} via ${operation.node}`).join(', ');
      return compare(`acknowledged writes missing from the surviving primary${named ? ` (${named})` : ''}`, lost.length, expectation.comparison, expectation.value);
    }
    case 'role': {
      const view = views.find((candidate) => candidate.id === expectation.node)!;
      return { ok: view.role === expectation.role, detail: `${view.id} is ${view.role}${view.timeline !== null ? ` on timeline ${view.timeline}` : ''}` };
    }
    case 'timeline': {
      const view = views.find((candidate) => candidate.id === expectation.node)!;
      if (view.timeline === null) return { ok: false, detail: `${view.id} is ${view.role}: no timeline to read` };
      return compare(`${view.id}'s timeline`, view.timeline, expectation.comparison, expectation.value);
    }
    case 'linearizable':
    case 'not-linearizable': {
      const result = cluster.history.check();
      return { ok: result.verdict === expectation.kind, detail: result.message };
    }
  }
}

function compare(what: string, actual: number, comparison: string, expected: number): { ok: boolean; detail: string } {
  const ok = comparison === '>=' ? actual >= expected : comparison === '<=' ? actual <= expected : comparison === '==' ? actual === expected : comparison === '>' ? actual > expected : actual < expected;
  return { ok, detail: `${what} is ${actual} (expected ${comparison} ${expected})` };
}
