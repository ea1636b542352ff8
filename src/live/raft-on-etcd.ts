// Runs a `raft` scenario on a real etcd cluster: the Raft grammar's words, the same JSON lines, wall-clock time.
//
// Node nK is the K-th member. The real target adds a few lines the simulation's grammar does not
// have yet: `read <key> [via <node>] [serializable]`, `pause <node>`, `resume <node>` and
// `expect linearizable` / `expect not-linearizable` (the checker on the recorded client history).

import { parseRaftScenario, type NodeReference, type RaftScenarioStep } from '../scenario/raft.ts';
import { ScenarioSyntaxError, toScenarioError, type ScenarioError, type ScenarioLine, type Token } from '../scenario/lexer.ts';
import type { RaftConfig } from '../kernel/protocols/raft/simulation.ts';
import { EtcdCluster, sleep, type MemberView } from './etcd-cluster.ts';
import { findEtcd } from './binaries.ts';

type RealOnlyBody =
  | { readonly kind: 'read'; readonly key: string; readonly via: NodeReference | null; readonly serializable: boolean }
  | { readonly kind: 'pause' | 'resume'; readonly node: NodeReference }
  | { readonly kind: 'expect-history'; readonly verdict: 'linearizable' | 'not-linearizable' };

export type RealRaftStep = (RaftScenarioStep | (RealOnlyBody & { readonly line: number; readonly text: string })) & { readonly column: number };

export interface RealRaftScenario {
  readonly config: RaftConfig;
  readonly steps: readonly RealRaftStep[];
  readonly notes: readonly string[];
  readonly heartbeatIntervalMs: number;
  readonly electionTimeoutMs: number;
}

function isRealOnly(line: ScenarioLine): boolean {
  const [first, second] = line.tokens;
  if (!first) return false;
  if (first.text === 'read' || first.text === 'pause' || first.text === 'resume') return true;
  return first.text === 'expect' && (second?.text === 'linearizable' || second?.text === 'not-linearizable');
}

function parseRealOnly(line: ScenarioLine, nodeCount: number): RealOnlyBody {
  const [verb, ...args] = line.tokens as [Token, ...Token[]];
  const fail = (token: Token | undefined, message: string): never => {
    throw new ScenarioSyntaxError(line.line, token?.column ?? verb.column + verb.text.length + 1, message);
  };
  const node = (token: Token): NodeReference => {
    if (token.text === 'leader') return { kind: 'leader' };
    const match = /^n([1-9])$/.exec(token.text);
    if (!match || Number(match[1]) > nodeCount) fail(token, `unknown node "${token.text}" (this cluster has n1..n${nodeCount}, or say leader)`);
    return { kind: 'node', id: token.text };
  };
  switch (verb.text) {
    case 'read': {
      if (!args[0]) return fail(undefined, 'usage: read <key> [via <node>] [serializable]');
      let rest = args.slice(1);
      let serializable = false;
      if (rest[rest.length - 1]?.text === 'serializable') {
        serializable = true;
        rest = rest.slice(0, -1);
      }
      let via: NodeReference | null = null;
      if (rest.length > 0) {
        if (rest[0]!.text !== 'via' || rest.length !== 2) fail(rest[0], 'usage: read <key> [via <node>] [serializable]');
        via = node(rest[1]!);
      }
      return { kind: 'read', key: args[0].text, via, serializable };
    }
    case 'pause':
    case 'resume':
      if (args.length !== 1) fail(args[1], `usage: ${verb.text} <node>`);
      return { kind: verb.text, node: node(args[0]!) };
    default:
      if (args.length > 1) fail(args[1], `unexpected "${args[1]!.text}"`);
      return { kind: 'expect-history', verdict: args[0]!.text as 'linearizable' | 'not-linearizable' };
  }
}

/** Parses with the Raft grammar plus the real-only lines, then lists what etcd cannot do, each at its line and column. */
export function parseRaftForEtcd(header: ScenarioLine, body: readonly ScenarioLine[]): { ok: true; scenario: RealRaftScenario } | { ok: false; errors: ScenarioError[] } {
  const errors: ScenarioError[] = [];
  const columnOf = new Map(body.map((line) => [line.line, line.tokens[0]!.column]));
  const simulated = parseRaftScenario(header, body.filter((line) => !isRealOnly(line)));
  if (!simulated.ok) errors.push(...simulated.errors);
  const config = simulated.ok && simulated.scenario.lab === 'raft' ? simulated.scenario.config : null;
  const nodeCount = config?.nodeCount ?? 9;
  const steps: RealRaftStep[] = simulated.ok && simulated.scenario.lab === 'raft' ? simulated.scenario.steps.map((step) => ({ ...step, column: columnOf.get(step.line) ?? 1 })) : [];
  for (const line of body.filter(isRealOnly)) {
    try {
      steps.push({ ...parseRealOnly(line, nodeCount), line: line.line, text: line.text, column: line.tokens[0]!.column });
    } catch (error) {
      errors.push(toScenarioError(error));
    }
  }
  steps.sort((a, b) => a.line - b.line);
  const notes: string[] = ['times are wall-clock milliseconds since the cluster was ready (clock: "wall"); the seed does not apply to real processes'];
  for (const token of header.tokens.slice(1)) {
    const key = token.text.split('=')[0]!;
    const value = token.text.split('=')[1] ?? '';
    const say = (message: string) => errors.push({ line: header.line, column: token.column, message });
    if (key === 'bug' || key === 'bugs') say('planted bugs exist only in the simulation; real etcd has none to switch on');
    if (key === 'latency' || key === 'loss' || key === 'duplication') say(`"${key}" is simulated network quality; the real target's links are loopback TCP (use isolate, partition and heal)`);
    if (key === 'checkquorum' && value !== 'on' && value !== 'true') notes.push('etcd always runs CheckQuorum (a leader steps down without a majority); checkquorum=off cannot be had');
    if (key === 'noop' && value !== 'on' && value !== 'true') notes.push('etcd always appends a no-op entry when a leader takes office; noop=off cannot be had');
  }
  for (const step of steps) {
    const say = (message: string) => errors.push({ line: step.line, column: step.column, message });
    switch (step.kind) {
      case 'timeout':
        say('"timeout" fires a simulated election timer; a real etcd member\'s timer cannot be fired from outside');
        break;
      case 'set':
        say('"set" changes timing mid-run; a running etcd member cannot change its heartbeat or election timeout');
        break;
      case 'log':
        say('"log" writes a member\'s log directly; real etcd logs are only written through raft');
        break;
      case 'cut':
      case 'restore':
        say(`"${step.kind}" (one way) cannot be made on etcd's peer links: each TCP connection carries raft messages both ways; use isolate, partition and heal`);
        break;
      case 'expect':
        if (step.expectation.kind === 'safe' || step.expectation.kind === 'violation') {
          say('the real target cannot see inside etcd to check Raft\'s invariants; use "expect linearizable" on the client history');
        }
        if (step.expectation.kind === 'role' && step.expectation.role === 'candidate') {
          say('etcd\'s status does not tell a candidate from a follower; expect leader, follower or crashed');
        }
        break;
      default:
        break;
    }
  }
  if (errors.length > 0 || !config) return { ok: false, errors: errors.sort((a, b) => a.line - b.line || a.column - b.column) };
  const heartbeatIntervalMs = config.heartbeatIntervalMs;
  const electionTimeoutMs = Math.max(config.electionTimeoutMsMin, 5 * heartbeatIntervalMs);
  if (electionTimeoutMs !== config.electionTimeoutMsMin) {
    notes.push(`etcd needs an election timeout of at least 5 heartbeats: ${electionTimeoutMs} ms instead of ${config.electionTimeoutMsMin} ms (etcd draws each timeout from [${electionTimeoutMs}, ${2 * electionTimeoutMs}) ms)`);
  }
  return { ok: true, scenario: { config, steps, notes, heartbeatIntervalMs, electionTimeoutMs } };
}

/** The members as the simulation prints its nodes (role, term, alive, partition) plus what etcd reports. */
export function etcdNodesAsJson(views: readonly MemberView[]) {
  return views.map((view) => ({
    id: view.name,
    role: view.process === 'stopped' ? 'crashed' : view.process === 'paused' ? 'paused' : !view.status ? 'unreachable' : view.isLeader ? 'leader' : 'follower',
    term: view.status?.raftTerm ?? null,
    alive: view.process !== 'stopped',
    partition: view.island,
    leader: view.leader,
    raftIndex: view.status?.raftIndex ?? null,
    revision: view.status?.revision ?? null,
    pid: view.pid,
  }));
}

export type Print = (value: unknown) => void;

/** Starts a cluster, runs the steps, prints one JSON line per step; true when every expectation held. */
export async function runRaftOnEtcd(scenario: RealRaftScenario, print: Print): Promise<boolean> {
  const found = findEtcd();
  if (!found.ok) throw new Error(`${found.problem} ${found.install}`);
  const startedAt = performance.now();
  const cluster = await EtcdCluster.start({
    memberCount: scenario.config.nodeCount,
    heartbeatIntervalMs: scenario.heartbeatIntervalMs,
    electionTimeoutMs: scenario.electionTimeoutMs,
    preVote: scenario.config.features.preVote,
  });
  const readyAt = performance.now();
  cluster.history.restartClock();
  const clock = () => Math.round(cluster.history.nowMs());
  print({ target: 'real', system: 'etcd', members: scenario.config.nodeCount, clock: 'wall', startup_ms: Math.round(readyAt - startedAt), heartbeat_ms: scenario.heartbeatIntervalMs, election_ms: scenario.electionTimeoutMs, notes: scenario.notes });
  let allHeld = true;
  let acknowledgedWrites = 0;
  try {
    for (const step of scenario.steps) {
      const base = { line: step.line, cmd: step.text, clock: 'wall', target: 'real' };
      let extra: Record<string, unknown> = {};
      try {
        extra = await applyStep(cluster, step, () => acknowledgedWrites, () => {
          acknowledgedWrites += 1;
        });
      } catch (error) {
        extra = { ok: false, detail: (error as Error).message };
      }
      if (extra.ok === false) allHeld = false;
      const views = await cluster.view();
      print({ ...base, t_ms: clock(), ...extra, nodes: etcdNodesAsJson(views) });
    }
  } finally {
    await cluster.stop();
  }
  return allHeld;
}

async function applyStep(cluster: EtcdCluster, step: RealRaftStep, acknowledged: () => number, countAcknowledged: () => void): Promise<Record<string, unknown>> {
  const resolve = async (reference: NodeReference): Promise<string> => {
    if (reference.kind === 'node') return reference.id;
    const leader = EtcdCluster.leaderOf(await cluster.view());
    if (!leader) throw new Error('there is no leader right now');
    return leader.name;
  };
  /** Requests without `via` go to the leader, or to the first running member when there is none (it will say why it cannot commit). */
  const target = async (reference: NodeReference | null): Promise<string> => {
    if (reference) return resolve(reference);
    const views = await cluster.view();
    return EtcdCluster.leaderOf(views)?.name ?? views.find((view) => view.process === 'running')?.name ?? 'n1';
  };
  switch (step.kind) {
    case 'run':
      await sleep(step.durationMs);
      return {};
    case 'crash':
      await cluster.kill(await resolve(step.node));
      return {};
    case 'restart':
      cluster.restart(await resolve(step.node));
      return {};
    case 'pause':
      cluster.pause(await resolve(step.node));
      return {};
    case 'resume':
      cluster.resume(await resolve(step.node));
      return {};
    case 'isolate':
      cluster.isolate(await resolve(step.node));
      return {};
    case 'partition':
      cluster.partition(step.groups);
      return {};
    case 'heal':
      cluster.heal();
      return {};
    case 'request': {
      const equals = step.value.indexOf('=');
      const key = equals > 0 ? step.value.slice(0, equals) : 'request';
      const value = equals > 0 ? step.value.slice(equals + 1) : step.value;
      const via = await target(step.via);
      const operation = await cluster.put(key, value, via, 'c1', 1000);
      if (operation.status === 'ok') countAcknowledged();
      return { request: { ok: operation.status === 'ok', error: operation.error ?? null, via, key, value, outcome: operation.status } };
    }
    case 'read': {
      const via = await target(step.via);
      const operation = await cluster.get(step.key, via, step.serializable, 'c1', 1000);
      return { read: { ok: operation.status === 'ok', value: operation.value ?? null, error: operation.error ?? null, via, key: step.key, serializable: step.serializable } };
    }
    case 'expect':
      return { expect: step.text.replace(/^expect\s+/, ''), ...(await checkExpectation(cluster, step, acknowledged())) };
    case 'expect-history': {
      const result = cluster.history.check();
      const ok = step.verdict === result.verdict;
      return { expect: step.verdict, ok, detail: result.message };
    }
    default:
      return { ok: false, detail: `"${step.kind}" cannot run on the real target` };
  }
}

async function checkExpectation(cluster: EtcdCluster, step: RaftScenarioStep & { kind: 'expect' }, acknowledgedWrites: number): Promise<{ ok: boolean; detail: string }> {
  const views = await cluster.view();
  const leader = EtcdCluster.leaderOf(views);
  const answering = views.filter((view) => view.status !== null);
  const highestTerm = Math.max(0, ...answering.map((view) => view.status!.raftTerm));
  const expectation = step.expectation;
  switch (expectation.kind) {
    case 'leader':
      if (!leader) return { ok: false, detail: `no answering member leads term ${highestTerm}, the highest term among answering members` };
      if (expectation.node !== null && leader.name !== expectation.node) return { ok: false, detail: `${leader.name} leads term ${highestTerm}, not ${expectation.node}` };
      return { ok: true, detail: `${leader.name} leads term ${highestTerm}` };
    case 'no-leader':
      return leader ? { ok: false, detail: `${leader.name} leads term ${highestTerm}` } : { ok: true, detail: `no answering member leads term ${highestTerm}` };
    case 'term':
      return compare('highest term among answering members', highestTerm, expectation.comparison, expectation.value);
    case 'committed':
      return compare('writes etcd acknowledged in this run (each one a committed entry, as the simulation counts its leader\'s)', acknowledgedWrites, expectation.comparison, expectation.value);
    case 'role': {
      const view = views.find((candidate) => candidate.name === expectation.node)!;
      const role = etcdNodesAsJson([view])[0]!.role;
      return { ok: role === expectation.role, detail: `${view.name} is ${role}${view.status ? ` in term ${view.status.raftTerm}` : ''}` };
    }
    default:
      return { ok: false, detail: `"${expectation.kind}" cannot be checked on the real target` };
  }
}

function compare(what: string, actual: number, comparison: string, expected: number): { ok: boolean; detail: string } {
  const ok = comparison === '>=' ? actual >= expected : comparison === '<=' ? actual <= expected : comparison === '==' ? actual === expected : comparison === '>' ? actual > expected : actual < expected;
  return { ok, detail: `${what} is ${actual} (expected ${comparison} ${expected})` };
}
