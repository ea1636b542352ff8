// The live page's pure logic: what the URL must carry, the API's answers as types, and the sentences that
// explain what the real cluster is doing ("2 of 3 members alive — a majority is 2, writes still commit").
//
// No React and no fetch here, so every rule can be tested with plain data. The wire types mirror what
// src/live/lab.ts `status()` and server.ts send (src/live is Node-only; the app never imports it, only
// the command union's type from src/live/commands.ts, which is plain data).

export type { LiveCommand } from '../../../live/commands.ts';

// ----- the URL: #/live?api=http://127.0.0.1:<port>&token=<token> ---------------------------------------

export type LiveLink =
  | { readonly kind: 'ready'; readonly api: string; readonly token: string }
  /** No api/token at all: the learner opened #/live without the link `npm start` printed. */
  | { readonly kind: 'missing' }
  | { readonly kind: 'invalid'; readonly problems: readonly string[] };

/** The API is always on this machine: anything else in `api` is refused before a request is sent. */
const API_PATTERN = /^http:\/\/(127\.0\.0\.1|localhost):(\d{1,5})$/;
/** server.ts makes 24 random bytes in base64url (32 characters); allow a little room, nothing else. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;

export function parseLiveLink(params: URLSearchParams): LiveLink {
  const api = params.get('api');
  const token = params.get('token');
  if (api === null && token === null) return { kind: 'missing' };
  const problems: string[] = [];
  const unknown = [...new Set([...params.keys()].filter((name) => name !== 'api' && name !== 'token'))];
  if (unknown.length > 0) problems.push(`unknown parameter${unknown.length > 1 ? 's' : ''} ${unknown.map((name) => `"${name}"`).join(', ')} (the live page reads only api and token)`);
  for (const name of ['api', 'token']) if (params.getAll(name).length > 1) problems.push(`"${name}" is given ${params.getAll(name).length} times`);
  const apiMatch = api === null ? null : API_PATTERN.exec(api.replace(/\/$/, ''));
  if (api === null) problems.push('"api" is missing: it is the live server\'s address, e.g. http://127.0.0.1:41234');
  else if (!apiMatch || Number(apiMatch[2]) < 1 || Number(apiMatch[2]) > 65535) problems.push(`"api" must be http://127.0.0.1:<port> or http://localhost:<port> (the live server runs on this machine only), not "${api}"`);
  if (token === null) problems.push('"token" is missing: `npm start` prints a link that carries it');
  else if (!TOKEN_PATTERN.test(token)) problems.push('"token" is not a token the live server makes (16 to 128 letters, digits, "-" or "_")');
  if (problems.length > 0) return { kind: 'invalid', problems };
  return { kind: 'ready', api: api!.replace(/\/$/, ''), token: token! };
}

/** The commands that start the live server, for the page to show when it has no link or no answer. */
export function startInstructions(pageOrigin: string): { readonly npmStart: string; readonly serverOnly: string } {
  return {
    npmStart: 'npm start',
    serverOnly: `npx tsx src/live/server-main.ts --app-origin ${pageOrigin}`,
  };
}

// ----- what the API answers ------------------------------------------------------------------------------

export type EtcdRole = 'leader' | 'follower' | 'crashed' | 'paused' | 'unreachable';

export interface EtcdMember {
  readonly id: string;
  readonly role: EtcdRole;
  readonly term: number | null;
  readonly alive: boolean;
  readonly partition: number;
  readonly leader: string | null;
  readonly raftIndex: number | null;
  readonly revision: number | null;
  readonly pid: number | null;
}

export type OperationStatus = 'ok' | 'fail' | 'indeterminate';

export interface Operation {
  readonly id: number;
  readonly client: string;
  readonly op: 'read' | 'write';
  readonly key: string;
  readonly value: string | null | undefined;
  readonly node: string;
  readonly consistency?: 'linearizable' | 'serializable';
  readonly status: OperationStatus;
  readonly invokeMs: number;
  readonly completeMs: number | null;
  readonly error?: string;
}

export interface EtcdStatus {
  readonly members: readonly EtcdMember[];
  readonly history: readonly Operation[];
}

export interface PostgresNode {
  readonly id: string;
  readonly role: 'primary' | 'standby' | 'down';
  readonly timeline: number | null;
  readonly alive: boolean;
  readonly partition: number;
  readonly lsn: { readonly sent: string | null; readonly write: string | null; readonly flush: string | null; readonly replay: string | null };
  readonly streaming: boolean;
  readonly replication?: { readonly state: string; readonly syncState: string };
  readonly pid: number | null;
}

export interface PostgresWrite {
  readonly key: string;
  readonly value: string | null | undefined;
  readonly node: string;
  readonly status: 'pending' | 'acknowledged' | 'failed' | 'lost';
}

export interface PostgresStatus {
  readonly nodes: readonly PostgresNode[];
  readonly primaries: readonly string[];
  readonly lostWrites: number;
  readonly splitBrain: boolean;
  readonly writes: readonly PostgresWrite[];
  readonly mode: 'async' | 'sync';
}

export interface LiveStatus {
  readonly etcd: EtcdStatus | null;
  readonly postgres: PostgresStatus | null;
}

export type SystemAvailability = { readonly ok: true; readonly path: string } | { readonly ok: false; readonly problem: string; readonly install: string };

export interface Availability {
  readonly etcd: SystemAvailability;
  readonly postgres: SystemAvailability;
}

export interface DrillCheck {
  readonly name: string;
  readonly ok: boolean;
  readonly saw: string;
}

export interface Verdict {
  readonly verdict: 'linearizable' | 'not-linearizable' | 'unknown';
  readonly message: string;
  readonly operations: number;
  /** Reads among them: without reads, any order of writes is consistent, so the verdict says little. */
  readonly reads: number;
}

// ----- islands -------------------------------------------------------------------------------------------

/** Members grouped by island index, in index order (the canvas's groups; one group when healed). */
export function groupsOf(nodes: readonly { readonly id: string; readonly partition: number }[]): string[][] {
  const byIsland = new Map<number, string[]>();
  for (const node of nodes) byIsland.set(node.partition, [...(byIsland.get(node.partition) ?? []), node.id]);
  return [...byIsland.entries()].sort(([a], [b]) => a - b).map(([, members]) => members);
}

/** A drag of `node` onto island `target`: the groups after the move, empty islands dropped. */
export function movedGroups(groups: readonly (readonly string[])[], node: string, target: number): string[][] {
  const next = groups.map((group) => group.filter((member) => member !== node));
  if (target >= 0 && target < next.length) next[target]!.push(node);
  else next.push([node]);
  return next.filter((group) => group.length > 0);
}

// ----- sentences: etcd -----------------------------------------------------------------------------------

export const majorityOf = (count: number) => Math.floor(count / 2) + 1;

/** A member that answers its status endpoint: it can vote and serve. */
const answering = (member: EtcdMember) => member.role === 'leader' || member.role === 'follower';

/**
 * Whether the cluster can commit, in the words the issue asks for. With islands, the largest group of
 * answering members decides: a write through a member elsewhere fails even though that member runs.
 */
export function etcdQuorumSentence(members: readonly EtcdMember[]): { readonly text: string; readonly quorum: boolean; readonly detail?: string } {
  const total = members.length;
  const majority = majorityOf(total);
  const islands = groupsOf(members);
  const answeringOn = (island: readonly string[]) => members.filter((member) => island.includes(member.id) && answering(member)).length;
  const best = Math.max(0, ...islands.map(answeringOn));
  const quorum = best >= majority;
  const leader = members.find((member) => member.role === 'leader');
  if (islands.length === 1) {
    const alive = answeringOn(islands[0]!);
    if (!quorum) return { quorum, text: `quorum lost: ${alive} of ${total} members reachable, a write needs ${majority}` };
    const down = total - alive;
    const tail = leader ? `writes still commit (${leader.id} leads)` : 'an election is under way: writes wait for a leader';
    return { quorum, text: `${alive} of ${total} members alive — a majority is ${majority}, ${down === 0 ? tail.replace('still ', '') : tail}` };
  }
  const parts = islands.map((island, index) => {
    const count = answeringOn(island);
    return `island ${index + 1} (${island.join(', ')}): ${count} of ${total} ${count >= majority ? `— a majority, writes through it commit` : `— below a majority of ${majority}, writes through it fail`}`;
  });
  const head = quorum ? `partitioned: ${best} of ${total} members reachable on one island, a write needs ${majority}` : `quorum lost: at most ${best} of ${total} members reachable on any island, a write needs ${majority}`;
  return { quorum, text: head, detail: `${parts.join('; ')}.` };
}

/** Who leads, or why nobody does. */
export function etcdLeaderSentence(members: readonly EtcdMember[]): string {
  const leader = members.find((member) => member.role === 'leader');
  if (leader) return `${leader.id} is the leader in term ${leader.term ?? '?'}; followers forward writes to it.`;
  return `No leader: an election needs ${majorityOf(members.length)} votes of ${members.length}.`;
}

/** One member in words (the node's accessible name and its caption). */
export function etcdMemberWords(member: EtcdMember): string {
  switch (member.role) {
    case 'leader':
    case 'follower':
      return `${member.id}, ${member.role}, term ${member.term ?? '?'}, raft index ${member.raftIndex ?? '?'}, revision ${member.revision ?? '?'}`;
    case 'crashed':
      return `${member.id}, crashed (killed with SIGKILL): its data folder stays, restart brings it back`;
    case 'paused':
      return `${member.id}, paused (SIGSTOP): the process is frozen; its peers see it as gone until it resumes`;
    case 'unreachable':
      return `${member.id}, running but not answering its status (starting, or cut off from a leader)`;
  }
}

// ----- sentences: PostgreSQL -----------------------------------------------------------------------------

export function postgresSentence(status: PostgresStatus): string {
  const primaries = status.primaries;
  if (primaries.length >= 2) return `split-brain: ${primaries.join(' and ')} are both primary and accept writes — each side's clients are told a different history.`;
  if (primaries.length === 0) return 'no primary: every write is refused until a node is promoted or the primary restarts.';
  const primary = primaries[0]!;
  const standbys = status.nodes.filter((node) => node.role === 'standby');
  const streaming = standbys.filter((node) => node.streaming).map((node) => node.id);
  const notStreaming = standbys.filter((node) => !node.streaming).map((node) => node.id);
  const down = status.nodes.filter((node) => node.role === 'down').map((node) => node.id);
  const parts = [`${primary} is the primary and accepts writes`];
  if (streaming.length > 0) {
    parts.push(
      status.mode === 'sync'
        ? `${streaming.join(', ')} stream${streaming.length === 1 ? 's' : ''} from it synchronously: a commit waits until the standby has flushed it`
        : `${streaming.join(', ')} stream${streaming.length === 1 ? 's' : ''} from it asynchronously: a commit is acknowledged before the standby has it, so a failover can lose it`,
    );
  }
  if (notStreaming.length > 0) parts.push(`${notStreaming.join(', ')} is a standby but not streaming (its link is cut or its WAL forked)${status.mode === 'sync' ? ': synchronous commits wait for it' : ''}`);
  if (down.length > 0) parts.push(`${down.join(', ')} is down`);
  return `${parts.join('; ')}.`;
}

// ----- sentences: one request ----------------------------------------------------------------------------

export function operationSentence(operation: Operation): string {
  const what =
    operation.op === 'write'
      ? `write ${operation.key}=${operation.value ?? ''} via ${operation.node}`
      : `${operation.consistency ? `${operation.consistency} ` : ''}read ${operation.key} via ${operation.node}`;
  const took = operation.completeMs === null ? '' : ` in ${Math.max(0, operation.completeMs - operation.invokeMs)} ms`;
  switch (operation.status) {
    case 'ok':
      if (operation.op === 'write') return `${what}: committed${took}`;
      // A serializable read answers from the member's own copy without asking the leader: say so, or a
      // stale answer reads like a correct one.
      return `${what}: ${operation.value === null ? 'no value' : `returned ${operation.value}`}${took}${operation.consistency === 'serializable' ? ' (from its own copy, which may be stale)' : ''}`;
    case 'fail':
      return `${what}: refused — it did not take effect (${operation.error ?? 'no reason given'})`;
    case 'indeterminate':
      return `${what}: no definite answer — it may or may not have taken effect (${operation.error ?? 'no reason given'})`;
  }
}

export function verdictSentence(verdict: Verdict): string {
  switch (verdict.verdict) {
    case 'linearizable':
      return verdict.reads === 0
        ? `Linearizable, but only writes were recorded (${verdict.operations}): with no read, some order of the writes always fits. Read the keys — on each node — to let the checker test what the system returns.`
        : `The checker found an order of all ${verdict.operations} recorded operations (${verdict.reads} of them reads) that a single copy could have produced: linearizable.`;
    case 'not-linearizable':
      return `Not linearizable: no single-copy order explains the ${verdict.operations} recorded operations. ${verdict.message}`;
    case 'unknown':
      return `The checker gave up within its budget: ${verdict.message}`;
  }
}
