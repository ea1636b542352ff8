// The replication and failover lab's scenario grammar (`replication`): header options, then one command per line, parsed into steps.

import {
  CONFLICT_RESOLUTIONS,
  defaultMultiLeaderConfig,
  defaultReplicationConfig,
  MAX_NODES,
  MIN_NODES,
  nodeIdOf,
  validateReplicationConfig,
  WITNESS_ID,
  type CommitMode,
  type ConflictResolution,
  type MultiLeaderConfig,
  type EndpointId,
  type FailoverMode,
  type Fencing,
  type NodeId,
  type ReplicationCommand,
  type ReplicationConfig,
  type Role,
} from '../kernel/protocols/replication/index.ts';
import { parseDurationMs, parseMs, parseOption, parseRange, parseScenarioLines, parseWholeNumber, ScenarioSyntaxError, type ScenarioError, type ScenarioLine, type Token } from './lexer.ts';
import { formatNetworkCommand, isNetworkWord, parseNetworkWords, type NetworkStepBody } from './network-words.ts';

export type Comparison = '>=' | '<=' | '==' | '>' | '<';
const COMPARISONS: readonly Comparison[] = ['>=', '<=', '==', '>', '<'];

export const REPLICATION_FLAGS = ['split-brain', 'no-split-brain', 'linearizable', 'not-linearizable', 'converged', 'not-converged'] as const;
export type ReplicationFlag = (typeof REPLICATION_FLAGS)[number];

/** Counted measures: nodes accepting writes now, acknowledged writes lost, RPO (ms of history lost), RTO (longest unavailability, ms). */
export const REPLICATION_COUNTS = ['primaries', 'lost-writes', 'rpo', 'rto'] as const;
export type ReplicationCount = (typeof REPLICATION_COUNTS)[number];

export const WRITE_STATUSES = ['pending', 'acknowledged', 'failed', 'lost'] as const;
export type WriteStatusName = (typeof WRITE_STATUSES)[number];

export type ReplicationExpectation =
  | { readonly kind: 'flag'; readonly flag: ReplicationFlag }
  | { readonly kind: 'count'; readonly what: ReplicationCount; readonly comparison: Comparison; readonly value: number }
  | { readonly kind: 'role'; readonly node: NodeId; readonly role: Role }
  | { readonly kind: 'timeline'; readonly node: NodeId; readonly comparison: Comparison; readonly value: number }
  /** The node's replayed copy of the key (`nil`: none). */
  | { readonly kind: 'stored'; readonly node: NodeId; readonly key: string; readonly value: string | number | null }
  /** The last write issued so far ended so. */
  | { readonly kind: 'last-write'; readonly status: WriteStatusName };

export type ReplicationStepBody =
  /** `via` null: the client asks each node in order for a read-write session (libpq target_session_attrs=read-write). */
  | { readonly kind: 'write'; readonly key: string; readonly value: string | number; readonly via: NodeId | null; readonly wait: boolean }
  | { readonly kind: 'read'; readonly key: string; readonly via: NodeId | null; readonly wait: boolean }
  /** A steady write load for `durationMs`, one write every `everyMs`, through the read-write session. */
  | { readonly kind: 'load'; readonly durationMs: number; readonly everyMs: number; readonly key: string }
  | { readonly kind: 'run'; readonly durationMs: number }
  | { readonly kind: 'promote' | 'rewind' | 'reclone'; readonly node: NodeId }
  | NetworkStepBody<EndpointId, EndpointId, EndpointId>
  | { readonly kind: 'expect'; readonly expectation: ReplicationExpectation };

export type ReplicationScenarioStep = ReplicationStepBody & {
  readonly line: number;
  /** The line as written, without its comment. */
  readonly text: string;
};

export interface ReplicationScenario {
  readonly lab: 'replication';
  readonly config: ReplicationConfig;
  /** Set by `leaders=2|3`: every node is a leader (a region) and conflicts are resolved by `resolve`. */
  readonly multiLeader: MultiLeaderConfig | null;
  readonly steps: readonly ReplicationScenarioStep[];
}

const COMMANDS = 'write, read, load, run, promote, rewind, reclone, crash, restart, isolate, partition, heal, cut, restore, expect';
const HEADER_OPTIONS = 'nodes, mode, failover, fencing, seed, witness, strict, sync, latency, ttl, loop, retry, timeout, heartbeat, leaders, resolve, skew';
/** Options that describe a single primary and its standbys: meaningless when every node is a leader. */
const SINGLE_LEADER_OPTIONS = new Set(['nodes', 'mode', 'failover', 'fencing', 'witness', 'strict', 'sync', 'ttl', 'loop', 'retry', 'timeout', 'heartbeat']);
/** Commands and expectations about primaries, promotion and timelines: meaningless when every node is a leader. */
const SINGLE_LEADER_ONLY = new Set(['promote', 'rewind', 'reclone', 'load', 'primaries', 'split-brain', 'no-split-brain', 'role', 'timeline', 'rpo', 'rto']);
const MULTI_LEADER_ONLY = new Set(['converged', 'not-converged']);

export function parseReplicationScenario(header: ScenarioLine, body: readonly ScenarioLine[]): { ok: true; scenario: ReplicationScenario } | { ok: false; errors: readonly ScenarioError[] } {
  const parsed = parseScenarioLines(header, body, {
    parseHeader: parseReplicationHeader,
    // Keep checking the other lines against the largest cluster, so one run reports every error.
    fallbackConfig: () => ({ config: defaultReplicationConfig({ nodeCount: MAX_NODES, witness: true }), multiLeader: null }),
    parseStep: (line, { config, multiLeader }) => parseReplicationStep(line, config, multiLeader !== null),
  });
  return parsed.ok ? { ok: true, scenario: { lab: 'replication', config: parsed.config.config, multiLeader: parsed.config.multiLeader, steps: parsed.steps } } : parsed;
}

export function parseReplicationHeader(header: ScenarioLine): { config: ReplicationConfig; multiLeader: MultiLeaderConfig | null } {
  const options = header.tokens.slice(1).map((token) => ({ token, ...parseOption(token, header.line) }));
  let config = defaultReplicationConfig();
  let checkColumn = header.tokens[0]!.column;
  const leadersOption = options.find((option) => option.key === 'leaders');
  const leaderCount = leadersOption ? parseWholeNumber(leadersOption.value, header.line, leadersOption.valueColumn, 'leaders', 2, 3) : 0;
  let resolve: ConflictResolution = 'lww';
  let skew: number[] = Array.from({ length: leaderCount }, () => 0);
  for (const { token, key, value, valueColumn } of options) {
    const line = header.line;
    if (leaderCount > 0 && SINGLE_LEADER_OPTIONS.has(key)) throw new ScenarioSyntaxError(line, token.column, `"${key}" has no meaning with leaders=${leaderCount}: every node is a leader`);
    if (leaderCount === 0 && (key === 'resolve' || key === 'skew')) throw new ScenarioSyntaxError(line, token.column, `"${key}" needs leaders=2 or leaders=3 (multi-leader replication)`);
    switch (key) {
      case 'leaders':
        config = { ...config, nodeCount: leaderCount };
        break;
      case 'resolve':
        resolve = oneOf<ConflictResolution>(value, CONFLICT_RESOLUTIONS, line, valueColumn, 'resolve');
        break;
      case 'skew':
        skew = parseSkew(value, line, valueColumn, leaderCount);
        break;
      case 'nodes':
        config = { ...config, nodeCount: parseWholeNumber(value, line, valueColumn, 'nodes', MIN_NODES, MAX_NODES) };
        break;
      case 'seed':
        config = { ...config, seed: parseWholeNumber(value, line, valueColumn, 'seed', 0, 0xffffffff) };
        break;
      case 'mode':
        config = { ...config, mode: oneOf<CommitMode>(value, ['async', 'sync', 'quorum'], line, valueColumn, 'mode') };
        break;
      case 'failover':
        config = { ...config, failover: oneOf<FailoverMode>(value, ['manual', 'naive', 'managed'], line, valueColumn, 'failover') };
        break;
      case 'fencing':
        config = { ...config, fencing: oneOf<Fencing>(value, ['none', 'stonith', 'lease', 'token'], line, valueColumn, 'fencing') };
        break;
      case 'witness':
        config = { ...config, witness: parseSwitch(value, line, valueColumn, 'witness') };
        break;
      case 'strict':
        config = { ...config, strict: parseSwitch(value, line, valueColumn, 'strict') };
        break;
      case 'sync':
        config = { ...config, syncCount: parseWholeNumber(value, line, valueColumn, 'sync (standbys that must flush)', 1, MAX_NODES - 1) };
        checkColumn = valueColumn;
        break;
      case 'latency': {
        const [min, max] = parseRange(value, line, valueColumn, 'latency');
        config = { ...config, latencyMsMin: min, latencyMsMax: max };
        break;
      }
      case 'ttl':
        config = { ...config, ttlMs: parseMs(value, line, valueColumn, 'ttl') };
        break;
      case 'loop':
        config = { ...config, loopWaitMs: parseMs(value, line, valueColumn, 'loop') };
        break;
      case 'retry':
        config = { ...config, retryTimeoutMs: parseMs(value, line, valueColumn, 'retry') };
        break;
      case 'timeout':
        config = { ...config, timeoutMs: parseMs(value, line, valueColumn, 'timeout') };
        break;
      case 'heartbeat':
        config = { ...config, heartbeatMs: parseMs(value, line, valueColumn, 'heartbeat') };
        break;
      default:
        throw new ScenarioSyntaxError(line, token.column, `unknown option "${key}" (known: ${HEADER_OPTIONS})`);
    }
  }
  if (config.syncCount !== 1 && config.mode !== 'quorum') throw new ScenarioSyntaxError(header.line, checkColumn, 'sync=k (ANY k standbys) needs mode=quorum');
  if (config.mode === 'quorum' && config.syncCount > config.nodeCount - 1) {
    throw new ScenarioSyntaxError(header.line, checkColumn, `sync=${config.syncCount} needs at least ${config.syncCount} standbys; nodes=${config.nodeCount} has ${config.nodeCount - 1}`);
  }
  const problems = validateReplicationConfig(config);
  if (problems.length > 0) throw new ScenarioSyntaxError(header.line, header.tokens[0]!.column, problems.join('; '));
  const multiLeader =
    leaderCount === 0 ? null
    : defaultMultiLeaderConfig({ leaderCount, seed: config.seed, resolve, clockSkewMs: skew, ...(options.some((option) => option.key === 'latency') ? { latencyMsMin: config.latencyMsMin, latencyMsMax: config.latencyMsMax } : {}) });
  return { config, multiLeader };
}

/** `n2:-100ms,n3:50` — every leader not named keeps a correct clock. */
function parseSkew(text: string, line: number, column: number, leaderCount: number): number[] {
  const skew = Array.from({ length: leaderCount }, () => 0);
  let offset = column;
  for (const part of text.split(',')) {
    const match = /^n(\d):(-?)(\d+(?:\.\d+)?(?:ms|s)?)$/.exec(part);
    if (!match || Number(match[1]) < 1 || Number(match[1]) > leaderCount) throw new ScenarioSyntaxError(line, offset, `skew is a list like n2:-100ms over n1..n${leaderCount}, got "${part}"`);
    const milliseconds = parseDurationMs({ text: match[3]!, column: offset }, line);
    skew[Number(match[1]) - 1] = match[2] === '-' ? -milliseconds : milliseconds;
    offset += part.length + 1;
  }
  return skew;
}

export function parseReplicationStep(line: ScenarioLine, config: ReplicationConfig, multiLeader = false): ReplicationScenarioStep {
  const [verb, ...args] = line.tokens as [Token, ...Token[]];
  const word = verb.text === 'expect' ? args[0] : verb;
  if (word && multiLeader && SINGLE_LEADER_ONLY.has(word.text)) throw new ScenarioSyntaxError(line.line, word.column, `"${word.text}" has no meaning with leaders=${config.nodeCount}: every node is a leader`);
  if (word && !multiLeader && MULTI_LEADER_ONLY.has(word.text)) throw new ScenarioSyntaxError(line.line, word.column, `"${word.text}" needs leaders=2 or leaders=3 (multi-leader replication)`);
  const after = verb.column + verb.text.length + 1;
  const fail = (token: Token | undefined, message: string): never => {
    throw new ScenarioSyntaxError(line.line, token?.column ?? after, message);
  };
  const expectArgs = (count: number, usage: string) => {
    if (args.length < count) fail(undefined, `missing argument: ${usage}`);
    if (args.length > count) fail(args[count], `unexpected "${args[count]!.text}": ${usage}`);
  };
  const step = (body: ReplicationStepBody): ReplicationScenarioStep => ({ ...body, line: line.line, text: line.text });
  const node = (token: Token) => nodeId(token, line.line, config);
  const endpoint = (token: Token) => endpointId(token, line.line, config);

  if (isNetworkWord(verb.text)) {
    return step(
      parseNetworkWords(line, { ...verb, text: verb.text }, args, {
        crashable: endpoint,
        movable: endpoint,
        endpoint,
        crashableName: 'node',
        movableName: 'node',
        partitionUsage: 'partition n1 | n2',
      }),
    );
  }
  switch (verb.text) {
    case 'write': {
      if (args.length < 1) fail(undefined, 'missing argument: write <key>=<value> [via <node>] [nowait]');
      const { key, value, valueColumn } = parseOption(args[0]!, line.line);
      checkKey(key, line.line, args[0]!.column);
      if (value === 'nil') fail({ text: value, column: valueColumn }, 'a write needs a value (nil means "never written")');
      return step({ kind: 'write', key, value: parseValue(value), ...parseVia(line, args.slice(1), config) });
    }
    case 'read': {
      if (args.length < 1) fail(undefined, 'missing argument: read <key> [via <node>] [nowait]');
      checkKey(args[0]!.text, line.line, args[0]!.column);
      return step({ kind: 'read', key: args[0]!.text, ...parseVia(line, args.slice(1), config) });
    }
    case 'load': {
      if (args.length < 1) fail(undefined, 'missing argument: load <duration> [every=<ms>] [key=<key>], e.g. load 60s every=500ms');
      const durationMs = parseDurationMs(args[0]!, line.line);
      let everyMs = 500;
      let key = 'k';
      for (const token of args.slice(1)) {
        const option = parseOption(token, line.line);
        if (option.key === 'every') everyMs = parseMs(option.value, line.line, option.valueColumn, 'every');
        else if (option.key === 'key') {
          checkKey(option.value, line.line, option.valueColumn);
          key = option.value;
        } else fail(token, `unknown option "${option.key}" (known: every, key)`);
      }
      return step({ kind: 'load', durationMs, everyMs, key });
    }
    case 'run':
      expectArgs(1, 'run <duration>, e.g. run 5s');
      return step({ kind: 'run', durationMs: parseDurationMs(args[0]!, line.line) });
    case 'promote':
    case 'rewind':
    case 'reclone':
      expectArgs(1, `${verb.text} <node>`);
      return step({ kind: verb.text, node: node(args[0]!) });
    case 'expect':
      return step({ kind: 'expect', expectation: parseExpectation(line, verb, args, config) });
    default:
      return fail(verb, `unknown command "${verb.text}" (known: ${COMMANDS})`);
  }
}

function parseVia(line: ScenarioLine, args: readonly Token[], config: ReplicationConfig): { via: NodeId | null; wait: boolean } {
  let via: NodeId | null = null;
  let wait = true;
  for (let index = 0; index < args.length; index++) {
    const token = args[index]!;
    if (token.text === 'nowait') {
      wait = false;
    } else if (token.text === 'via') {
      const target = args[index + 1];
      if (!target) throw new ScenarioSyntaxError(line.line, token.column + 4, 'expected a node after "via"');
      via = nodeId(target, line.line, config);
      index += 1;
    } else {
      throw new ScenarioSyntaxError(line.line, token.column, `unexpected "${token.text}" (known: via <node>, nowait)`);
    }
  }
  return { via, wait };
}

function parseExpectation(line: ScenarioLine, verb: Token, args: readonly Token[], config: ReplicationConfig): ReplicationExpectation {
  const subject = args[0];
  const known = `${REPLICATION_FLAGS.join(', ')}, ${REPLICATION_COUNTS.map((count) => `${count} <op> <n>`).join(', ')}, role <node> <role>, timeline <node> <op> <n>, stored <node> <key>=<value>, last-write <status>`;
  const fail = (token: Token | undefined, message: string): never => {
    throw new ScenarioSyntaxError(line.line, token?.column ?? verb.column + verb.text.length + 1, message);
  };
  if (!subject) return fail(undefined, `missing argument: expect <what> (known: ${known})`);
  const count = (wanted: number, usage: string) => {
    if (args.length < wanted) fail(undefined, `missing argument: expect ${usage}`);
    if (args.length > wanted) fail(args[wanted], `unexpected "${args[wanted]!.text}": expect ${usage}`);
  };
  const comparison = (token: Token): Comparison => {
    if (!COMPARISONS.includes(token.text as Comparison)) fail(token, `expected a comparison (${COMPARISONS.join(' ')}), got "${token.text}"`);
    return token.text as Comparison;
  };
  if ((REPLICATION_FLAGS as readonly string[]).includes(subject.text)) {
    count(1, subject.text);
    return { kind: 'flag', flag: subject.text as ReplicationFlag };
  }
  if ((REPLICATION_COUNTS as readonly string[]).includes(subject.text)) {
    const what = subject.text as ReplicationCount;
    count(3, `${what} <op> <n>${what === 'rpo' || what === 'rto' ? ' (a duration, e.g. 30s)' : ''}`);
    const value = what === 'rpo' || what === 'rto' ? parseDurationMs(args[2]!, line.line) : parseWholeNumber(args[2]!.text, line.line, args[2]!.column, what, 0, 1_000_000);
    return { kind: 'count', what, comparison: comparison(args[1]!), value };
  }
  switch (subject.text) {
    case 'role': {
      count(3, 'role <node> primary|standby|demoted|down');
      const role = args[2]!.text;
      if (!['primary', 'standby', 'demoted', 'down'].includes(role)) fail(args[2], `a role is primary, standby, demoted or down, got "${role}"`);
      return { kind: 'role', node: nodeId(args[1]!, line.line, config), role: role as Role };
    }
    case 'timeline':
      count(4, 'timeline <node> <op> <n>, e.g. expect timeline n2 == 2');
      return { kind: 'timeline', node: nodeId(args[1]!, line.line, config), comparison: comparison(args[2]!), value: parseWholeNumber(args[3]!.text, line.line, args[3]!.column, 'timeline', 1, 1000) };
    case 'stored': {
      count(3, 'stored <node> <key>=<value>');
      const { key, value } = parseOption(args[2]!, line.line);
      checkKey(key, line.line, args[2]!.column);
      return { kind: 'stored', node: nodeId(args[1]!, line.line, config), key, value: value === 'nil' ? null : parseValue(value) };
    }
    case 'last-write': {
      count(2, `last-write ${WRITE_STATUSES.join('|')}`);
      const status = args[1]!.text;
      if (!(WRITE_STATUSES as readonly string[]).includes(status)) fail(args[1], `a write's status is ${WRITE_STATUSES.join(', ')}, got "${status}"`);
      return { kind: 'last-write', status: status as WriteStatusName };
    }
    default:
      return fail(subject, `unknown expectation "${subject.text}" (known: ${known})`);
  }
}

function nodeId(token: Token, line: number, config: ReplicationConfig): NodeId {
  const match = /^n([1-9])$/.exec(token.text);
  if (!match || Number(match[1]) > config.nodeCount) {
    throw new ScenarioSyntaxError(line, token.column, `unknown node "${token.text}" (this cluster has n1..n${config.nodeCount})`);
  }
  return nodeIdOf(Number(match[1]) - 1);
}

/** A database node, or the witness host `w` when the cluster has one. */
function endpointId(token: Token, line: number, config: ReplicationConfig): EndpointId {
  if (token.text === WITNESS_ID) {
    if (!config.witness) throw new ScenarioSyntaxError(line, token.column, 'there is no witness "w" (add witness=on to the first line)');
    return WITNESS_ID;
  }
  return nodeId(token, line, config);
}

function checkKey(key: string, line: number, column: number): void {
  if (!/^[A-Za-z_][\w.-]{0,63}$/.test(key)) throw new ScenarioSyntaxError(line, column, `a key is a name such as x or user.42, got "${key}"`);
}

/** Whole numbers stay numbers (1 and "1" are different values to the checker); anything else is a string. */
function parseValue(text: string): string | number {
  return /^-?\d{1,15}$/.test(text) ? Number(text) : text;
}

function parseSwitch(text: string, line: number, column: number, what: string): boolean {
  if (text === 'on' || text === 'true') return true;
  if (text === 'off' || text === 'false') return false;
  throw new ScenarioSyntaxError(line, column, `${what} must be on or off, got "${text}"`);
}

function oneOf<Value extends string>(text: string, allowed: readonly Value[], line: number, column: number, what: string): Value {
  if (!(allowed as readonly string[]).includes(text)) throw new ScenarioSyntaxError(line, column, `${what} must be ${allowed.join(', ')}, got "${text}"`);
  return text as Value;
}

// ——— Writing a run back as a scenario (the page's "Replay what you did") ———

/** The header line that reads back into `config` (options at their defaults left out). */
export function formatReplicationHeader(config: ReplicationConfig): string {
  const defaults = defaultReplicationConfig();
  const words = ['replication', `nodes=${config.nodeCount}`, `mode=${config.mode}`, `failover=${config.failover}`, `fencing=${config.fencing}`, `seed=${config.seed}`];
  if (config.witness) words.push('witness=on');
  if (config.strict) words.push('strict=on');
  if (config.syncCount !== defaults.syncCount) words.push(`sync=${config.syncCount}`);
  if (config.latencyMsMin !== defaults.latencyMsMin || config.latencyMsMax !== defaults.latencyMsMax) words.push(`latency=${config.latencyMsMin}-${config.latencyMsMax}`);
  const durations: [keyof ReplicationConfig, string][] = [
    ['ttlMs', 'ttl'],
    ['loopWaitMs', 'loop'],
    ['retryTimeoutMs', 'retry'],
    ['timeoutMs', 'timeout'],
    ['heartbeatMs', 'heartbeat'],
  ];
  for (const [field, word] of durations) if (config[field] !== defaults[field]) words.push(`${word}=${config[field]}ms`);
  return words.join(' ');
}

/**
 * A user's command as scenario lines. Reads and writes name their node (`via`) and are written
 * `nowait` (a click does not hold the clock until the answer comes); a value the grammar cannot
 * carry (spaces, `#`, a string of digits) comes back as a comment saying so.
 */
export function formatReplicationCommand(command: ReplicationCommand, groupsAfter: readonly (readonly string[])[]): string[] {
  switch (command.type) {
    case 'write': {
      const value = String(command.value);
      const carried = /^[^\s#=]+$/.test(value) && value !== 'nil' && (typeof command.value === 'number' ? /^-?\d{1,15}$/.test(value) : !/^-?\d{1,15}$/.test(value));
      if (!carried || !/^[A-Za-z_][\w.-]{0,63}$/.test(command.key)) {
        return [`# write ${command.key}=${JSON.stringify(command.value)} via ${command.node}: a value the scenario grammar cannot carry (not replayed)`];
      }
      return [`write ${command.key}=${value} via ${command.node} nowait`];
    }
    case 'read':
      return [`read ${command.key} via ${command.node} nowait`];
    case 'promote':
    case 'rewind':
    case 'reclone':
      return [`${command.type} ${command.node}`];
    default:
      return formatNetworkCommand(command, groupsAfter);
  }
}
