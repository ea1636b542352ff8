// The quorums/CAP lab's scenario grammar: header options, then one command per line, parsed into steps.

import {
  clientIdOf,
  defaultQuorumConfig,
  MAX_CLIENTS,
  MAX_REPLICAS,
  MIN_CLIENTS,
  MIN_REPLICAS,
  replicaIdOf,
  validateQuorumConfig,
  type ClientId,
  type ConsistencyLevel,
  type EndpointId,
  type QuorumCommand,
  type QuorumConfig,
  type QuorumSettings,
  type ReplicaId,
} from '../kernel/protocols/quorum/index.ts';
import type { RegisterValue } from '../kernel/checkers/linearizability/index.ts';
import { parseDurationMs, parseMs, parseOption, parsePercent, parseRange, parseWholeNumber, ScenarioSyntaxError, parseScenarioLines, type ScenarioError, type ScenarioLine, type Token } from './lexer.ts';
import { formatNetworkCommand, parseNetworkWords, type NetworkStepBody } from './network-words.ts';

export type Comparison = '>=' | '<=' | '==' | '>' | '<';

/** Properties of the whole recorded history, each with its negation. */
export const HISTORY_FLAGS = [
  'stale-read',
  'no-stale-read',
  'linearizable',
  'not-linearizable',
  'missed-write',
  'no-missed-write',
  'read-your-writes-violation',
  'monotonic-reads-violation',
  'no-session-anomaly',
  'leader',
  'no-leader',
] as const;
export type HistoryFlag = (typeof HISTORY_FLAGS)[number];

export type QuorumExpectation =
  | { readonly kind: 'flag'; readonly flag: HistoryFlag }
  /** The client's last finished operation ended so. */
  | { readonly kind: 'status'; readonly status: 'ok' | 'fail' | 'timeout'; readonly client: ClientId }
  /** The client's last ok read of the key returned this value. */
  | { readonly kind: 'read'; readonly client: ClientId; readonly key: string; readonly value: RegisterValue }
  /** The replica's own copy of the key holds this value (`nil`: no copy). */
  | { readonly kind: 'stored'; readonly replica: ReplicaId; readonly key: string; readonly value: RegisterValue }
  /** Hinted writes held by all replicas together. */
  | { readonly kind: 'hints'; readonly comparison: Comparison; readonly count: number };

export interface OperationOptions {
  readonly level: ConsistencyLevel | null;
  readonly via: ReplicaId | null;
  /** Issue and go on at once instead of waiting for the outcome. */
  readonly wait: boolean;
}

export type QuorumStepBody =
  | ({ readonly kind: 'write'; readonly client: ClientId; readonly key: string; readonly value: RegisterValue } & OperationOptions)
  | ({ readonly kind: 'read'; readonly client: ClientId; readonly key: string } & OperationOptions)
  | { readonly kind: 'run'; readonly durationMs: number }
  /** Wait until every client's operations have an outcome. */
  | { readonly kind: 'await' }
  /** crash, restart (a replica), isolate, partition, heal, cut, restore: the shared network words. */
  | NetworkStepBody<ReplicaId, EndpointId, EndpointId>
  | { readonly kind: 'set'; readonly settings: Partial<QuorumSettings> }
  | { readonly kind: 'session'; readonly client: ClientId; readonly readYourWrites?: boolean; readonly monotonicReads?: boolean }
  | { readonly kind: 'expect'; readonly expectation: QuorumExpectation };

export type QuorumScenarioStep = QuorumStepBody & {
  readonly line: number;
  /** The line as written, without its comment. */
  readonly text: string;
  /** The comment lines just above it: what a lesson says before this step. */
  readonly narration: string;
};

export interface QuorumScenario {
  readonly lab: 'quorum';
  readonly config: QuorumConfig;
  readonly steps: readonly QuorumScenarioStep[];
}

const COMPARISONS: readonly Comparison[] = ['>=', '<=', '==', '>', '<'];
const COMMANDS = 'write, read, run, await, crash, restart, isolate, partition, heal, cut, restore, set, session, expect';

type SettingReader = (value: string, line: number, column: number, replicaCount: number) => Partial<QuorumSettings>;

/** Options shared by the header and `set`. */
const SETTINGS: Record<string, SettingReader> = {
  latency: (value, line, column) => {
    const [min, max] = parseRange(value, line, column, 'latency');
    return { latencyMsMin: min, latencyMsMax: max };
  },
  loss: (value, line, column) => ({ lossPercent: parsePercent(value, line, column, 'loss') }),
  duplication: (value, line, column) => ({ duplicationPercent: parsePercent(value, line, column, 'duplication') }),
  timeout: (value, line, column) => ({ operationTimeoutMs: parseMs(value, line, column, 'timeout') }),
  'read-repair': (value, line, column) => ({ readRepair: parseSwitch(value, line, column, 'read-repair') }),
  sloppy: (value, line, column) => ({ sloppyQuorum: parseSwitch(value, line, column, 'sloppy') }),
  'sloppy-quorum': (value, line, column) => ({ sloppyQuorum: parseSwitch(value, line, column, 'sloppy-quorum') }),
  fallback: (value, line, column) => ({ fallbackAfterMs: parseMs(value, line, column, 'fallback') }),
  handoff: (value, line, column) => ({ handoffIntervalMs: parseMs(value, line, column, 'handoff') }),
  read: (value, line, column) => ({ readLevel: parseLevel(value, line, column) }),
  write: (value, line, column) => ({ writeLevel: parseLevel(value, line, column) }),
  r: (value, line, column) => ({ readLevel: parseWholeNumber(value, line, column, 'r', 1, MAX_REPLICAS) }),
  w: (value, line, column) => ({ writeLevel: parseWholeNumber(value, line, column, 'w', 1, MAX_REPLICAS) }),
  versions: (value, line, column) => {
    if (value !== 'counter' && value !== 'timestamp') throw new ScenarioSyntaxError(line, column, `versions must be counter or timestamp, got "${value}"`);
    return { versionScheme: value };
  },
  skew: (value, line, column, replicaCount) => ({ clockSkewMs: parseSkew(value, line, column, replicaCount) }),
};

/** The quorum grammar: header options, then one step per line. */
export function parseQuorumScenario(
  header: ScenarioLine,
  body: readonly ScenarioLine[],
): { ok: true; scenario: QuorumScenario } | { ok: false; errors: readonly ScenarioError[] } {
  const parsed = parseScenarioLines(header, body, {
    parseHeader: parseQuorumHeader,
    // Keep checking the other lines against the largest cluster, so one run reports every error.
    fallbackConfig: () => defaultQuorumConfig({ replicaCount: MAX_REPLICAS, clientCount: MAX_CLIENTS }),
    parseStep: parseQuorumStep,
  });
  return parsed.ok ? { ok: true, scenario: { lab: 'quorum', config: parsed.config, steps: parsed.steps } } : parsed;
}

export function parseQuorumHeader(header: ScenarioLine): QuorumConfig {
  const options = header.tokens.slice(1).map((token) => ({ token, ...parseOption(token, header.line) }));
  // The replica count comes first: n, skew and levels are checked against it.
  const replicasOption = options.find((option) => option.key === 'replicas');
  const replicaCount = replicasOption ? parseWholeNumber(replicasOption.value, header.line, replicasOption.valueColumn, 'replicas', MIN_REPLICAS, MAX_REPLICAS) : 3;
  let config = defaultQuorumConfig({ replicaCount });
  let replicationColumn = 1;
  for (const { token, key, value, valueColumn } of options) {
    if (key === 'replicas') continue;
    if (key === 'clients') config = { ...config, clientCount: parseWholeNumber(value, header.line, valueColumn, 'clients', MIN_CLIENTS, MAX_CLIENTS) };
    else if (key === 'seed') config = { ...config, seed: parseWholeNumber(value, header.line, valueColumn, 'seed', 0, 0xffffffff) };
    else if (key === 'n') {
      config = { ...config, replicationFactor: parseWholeNumber(value, header.line, valueColumn, 'n (copies of each key)', 1, replicaCount) };
      replicationColumn = valueColumn;
    } else if (key === 'mode') {
      if (value !== 'leaderless' && value !== 'consensus') throw new ScenarioSyntaxError(header.line, valueColumn, `mode must be leaderless or consensus, got "${value}"`);
      config = { ...config, mode: value };
    } else if (key === 'session') config = { ...config, ...parseSessionList(value, header.line, valueColumn) };
    else if (key === 'election') {
      const [min, max] = parseRange(value, header.line, valueColumn, 'election timeout');
      config = { ...config, electionTimeoutMsMin: min, electionTimeoutMsMax: max };
    } else if (key === 'heartbeat') config = { ...config, heartbeatIntervalMs: parseMs(value, header.line, valueColumn, 'heartbeat') };
    else if (key in SETTINGS) config = { ...config, ...SETTINGS[key]!(value, header.line, valueColumn, replicaCount) };
    else {
      throw new ScenarioSyntaxError(
        header.line,
        token.column,
        `unknown option "${key}" (known: replicas, clients, mode, seed, n, session, election, heartbeat, ${Object.keys(SETTINGS).join(', ')})`,
      );
    }
  }
  const problems = validateQuorumConfig(config);
  if (problems.length > 0) throw new ScenarioSyntaxError(header.line, replicationColumn, problems.join('; '));
  return config;
}

export function parseQuorumStep(line: ScenarioLine, config: QuorumConfig): QuorumScenarioStep {
  const [verb, ...args] = line.tokens as [Token, ...Token[]];
  const after = verb.column + verb.text.length + 1;
  const fail = (token: Token | undefined, message: string): never => {
    throw new ScenarioSyntaxError(line.line, token?.column ?? after, message);
  };
  const expectArgs = (count: number, usage: string) => {
    if (args.length < count) fail(undefined, `missing argument: ${usage}`);
    if (args.length > count) fail(args[count], `unexpected "${args[count]!.text}": ${usage}`);
  };
  const step = (body: QuorumStepBody): QuorumScenarioStep => ({ ...body, line: line.line, text: line.text, narration: line.narration });
  const replica = (token: Token | undefined) => (token ? replicaId(token, line.line, config.replicaCount) : fail(undefined, 'missing replica'));
  const client = (token: Token | undefined) => (token ? clientId(token, line.line, config.clientCount) : fail(undefined, 'missing client'));
  const endpoint = (token: Token) => endpointId(token, line.line, config);

  switch (verb.text) {
    case 'write': {
      if (args.length < 2) fail(undefined, 'missing argument: write <client> <key>=<value> [level=ONE|QUORUM|ALL|w=<n>] [via <replica>] [nowait]');
      const who = client(args[0]);
      const { key, value, valueColumn } = parseOption(args[1]!, line.line);
      checkKey(key, line.line, args[1]!.column);
      if (value === 'nil') fail({ text: value, column: valueColumn }, 'a write needs a value (nil means "never written")');
      return step({ kind: 'write', client: who, key, value: parseValue(value), ...parseOperationOptions(line, args.slice(2), config, 'w') });
    }
    case 'read': {
      if (args.length < 2) fail(undefined, 'missing argument: read <client> <key> [level=ONE|QUORUM|ALL|r=<n>] [via <replica>] [nowait]');
      const who = client(args[0]);
      checkKey(args[1]!.text, line.line, args[1]!.column);
      return step({ kind: 'read', client: who, key: args[1]!.text, ...parseOperationOptions(line, args.slice(2), config, 'r') });
    }
    case 'run':
      expectArgs(1, 'run <duration>, e.g. run 500ms');
      return step({ kind: 'run', durationMs: parseDurationMs(args[0]!, line.line) });
    case 'await':
      expectArgs(0, 'await takes no arguments');
      return step({ kind: 'await' });
    case 'crash':
    case 'restart':
    case 'isolate':
    case 'heal':
    case 'cut':
    case 'restore':
    case 'partition':
      return step(
        parseNetworkWords(line, { ...verb, text: verb.text }, args, {
          crashable: (token) => replica(token),
          movable: endpoint,
          endpoint,
          crashableName: 'replica',
          movableName: 'replica or client',
          partitionUsage: 'partition r1,c1 | r2,r3,c2',
        }),
      );
    case 'set': {
      if (args.length === 0) fail(undefined, `missing argument: set <option>=<value> (options: ${Object.keys(SETTINGS).join(', ')})`);
      let settings: Partial<QuorumSettings> = {};
      for (const token of args) {
        const { key, value, valueColumn } = parseOption(token, line.line);
        const read = SETTINGS[key];
        if (!read) fail(token, `unknown option "${key}" (known: ${Object.keys(SETTINGS).join(', ')})`);
        settings = { ...settings, ...read!(value, line.line, valueColumn, config.replicaCount) };
      }
      if (settings.latencyMsMin !== undefined && settings.latencyMsMin < 1) fail(args[0], 'latency must be at least 1 ms');
      return step({ kind: 'set', settings });
    }
    case 'session': {
      if (args.length < 2) fail(undefined, 'missing argument: session <client> ryw=on|off mr=on|off');
      const who = client(args[0]);
      let session: { readYourWrites?: boolean; monotonicReads?: boolean } = {};
      for (const token of args.slice(1)) {
        const { key, value, valueColumn } = parseOption(token, line.line);
        if (key === 'ryw' || key === 'read-your-writes') session = { ...session, readYourWrites: parseSwitch(value, line.line, valueColumn, key) };
        else if (key === 'mr' || key === 'monotonic-reads') session = { ...session, monotonicReads: parseSwitch(value, line.line, valueColumn, key) };
        else fail(token, `unknown session option "${key}" (known: ryw, mr)`);
      }
      return step({ kind: 'session', client: who, ...session });
    }
    case 'expect':
      return step({ kind: 'expect', expectation: parseExpectation(line, verb, args, config) });
    default:
      return fail(verb, `unknown command "${verb.text}" (known: ${COMMANDS})`);
  }
}

function parseOperationOptions(line: ScenarioLine, args: readonly Token[], config: QuorumConfig, countName: 'r' | 'w'): OperationOptions {
  let level: ConsistencyLevel | null = null;
  let via: ReplicaId | null = null;
  let wait = true;
  for (let index = 0; index < args.length; index++) {
    const token = args[index]!;
    if (token.text === 'nowait') {
      wait = false;
      continue;
    }
    if (token.text === 'via') {
      const target = args[index + 1];
      if (!target) throw new ScenarioSyntaxError(line.line, token.column + 4, 'expected a replica after "via"');
      via = replicaId(target, line.line, config.replicaCount);
      index += 1;
      continue;
    }
    const { key, value, valueColumn } = parseOption(token, line.line);
    if (key === 'level') level = parseLevel(value, line.line, valueColumn);
    else if (key === countName) level = parseWholeNumber(value, line.line, valueColumn, countName, 1, config.replicationFactor);
    else throw new ScenarioSyntaxError(line.line, token.column, `unknown option "${key}" (known: level, ${countName}, via <replica>, nowait)`);
    if (typeof level === 'number' && level > config.replicationFactor) {
      throw new ScenarioSyntaxError(line.line, valueColumn, `${countName} must be at most N = ${config.replicationFactor}, got ${level}`);
    }
  }
  return { level, via, wait };
}

function parseExpectation(line: ScenarioLine, verb: Token, args: readonly Token[], config: QuorumConfig): QuorumExpectation {
  const subject = args[0];
  const fail = (token: Token | undefined, message: string): never => {
    throw new ScenarioSyntaxError(line.line, token?.column ?? verb.column + verb.text.length + 1, message);
  };
  const known = `${HISTORY_FLAGS.join(', ')}, ok|fail|timeout <client>, read <client> <key>=<value>, stored <replica> <key>=<value>, hints <op> <n>`;
  if (!subject) return fail(undefined, `missing expectation (known: ${known})`);
  const count = (wanted: number, usage: string) => {
    if (args.length < wanted) fail(undefined, `missing argument: expect ${usage}`);
    if (args.length > wanted) fail(args[wanted], `unexpected "${args[wanted]!.text}": expect ${usage}`);
  };
  if ((HISTORY_FLAGS as readonly string[]).includes(subject.text)) {
    count(1, subject.text);
    return { kind: 'flag', flag: subject.text as HistoryFlag };
  }
  switch (subject.text) {
    case 'ok':
    case 'fail':
    case 'timeout':
      count(2, `${subject.text} <client>`);
      return { kind: 'status', status: subject.text, client: clientId(args[1]!, line.line, config.clientCount) };
    case 'read':
    case 'stored': {
      count(3, `${subject.text} <${subject.text === 'read' ? 'client' : 'replica'}> <key>=<value>`);
      const { key, value } = parseOption(args[2]!, line.line);
      checkKey(key, line.line, args[2]!.column);
      const expected = value === 'nil' ? null : parseValue(value);
      return subject.text === 'read'
        ? { kind: 'read', client: clientId(args[1]!, line.line, config.clientCount), key, value: expected }
        : { kind: 'stored', replica: replicaId(args[1]!, line.line, config.replicaCount), key, value: expected };
    }
    case 'hints': {
      count(3, 'hints <comparison> <n>, e.g. expect hints == 0');
      if (!COMPARISONS.includes(args[1]!.text as Comparison)) fail(args[1], `expected a comparison (${COMPARISONS.join(' ')}) after "hints"`);
      return { kind: 'hints', comparison: args[1]!.text as Comparison, count: parseWholeNumber(args[2]!.text, line.line, args[2]!.column, 'hints', 0, 1_000_000) };
    }
    default:
      return fail(subject, `unknown expectation "${subject.text}" (known: ${known})`);
  }
}

function replicaId(token: Token, line: number, replicaCount: number): ReplicaId {
  const match = /^r([1-9])$/.exec(token.text);
  if (!match || Number(match[1]) > replicaCount) {
    throw new ScenarioSyntaxError(line, token.column, `unknown replica "${token.text}" (this cluster has r1..r${replicaCount})`);
  }
  return replicaIdOf(Number(match[1]) - 1);
}

function clientId(token: Token, line: number, clientCount: number): ClientId {
  const match = /^c([1-9])$/.exec(token.text);
  if (!match || Number(match[1]) > clientCount) {
    throw new ScenarioSyntaxError(line, token.column, `unknown client "${token.text}" (this scenario has ${clientCount === 1 ? 'c1' : `c1..c${clientCount}`})`);
  }
  return clientIdOf(Number(match[1]) - 1);
}

function endpointId(token: Token, line: number, config: QuorumConfig): EndpointId {
  if (token.text.startsWith('c')) return clientId(token, line, config.clientCount);
  if (token.text.startsWith('r')) return replicaId(token, line, config.replicaCount);
  throw new ScenarioSyntaxError(line, token.column, `unknown replica or client "${token.text}" (replicas r1..r${config.replicaCount}, clients c1..c${config.clientCount})`);
}

function checkKey(key: string, line: number, column: number): void {
  if (!/^[A-Za-z_][\w.-]{0,63}$/.test(key)) throw new ScenarioSyntaxError(line, column, `a key is a name such as x or user.42, got "${key}"`);
}

/** Whole numbers stay numbers (1 and "1" are different values to the checker); anything else is a string. */
function parseValue(text: string): RegisterValue {
  return /^-?\d{1,15}$/.test(text) ? Number(text) : text;
}

function parseLevel(text: string, line: number, column: number): ConsistencyLevel {
  const upper = text.toUpperCase();
  if (upper === 'ONE' || upper === 'QUORUM' || upper === 'ALL') return upper;
  if (/^\d+$/.test(text)) return parseWholeNumber(text, line, column, 'level', 1, MAX_REPLICAS);
  throw new ScenarioSyntaxError(line, column, `level must be ONE, QUORUM, ALL or a number of replicas, got "${text}"`);
}

function parseSwitch(text: string, line: number, column: number, what: string): boolean {
  if (text === 'on' || text === 'true') return true;
  if (text === 'off' || text === 'false') return false;
  throw new ScenarioSyntaxError(line, column, `${what} must be on or off, got "${text}"`);
}

function parseSessionList(text: string, line: number, column: number): { readYourWrites: boolean; monotonicReads: boolean } {
  if (text === 'none') return { readYourWrites: false, monotonicReads: false };
  const session = { readYourWrites: false, monotonicReads: false };
  let offset = column;
  for (const name of text.split(',')) {
    if (name === 'ryw' || name === 'read-your-writes') session.readYourWrites = true;
    else if (name === 'mr' || name === 'monotonic-reads') session.monotonicReads = true;
    else throw new ScenarioSyntaxError(line, offset, `unknown session guarantee "${name}" (known: ryw, mr, none)`);
    offset += name.length + 1;
  }
  return session;
}

/** `r2:-100ms,r3:50` — every replica not named keeps a correct clock. */
function parseSkew(text: string, line: number, column: number, replicaCount: number): number[] {
  const skew = Array.from({ length: replicaCount }, () => 0);
  let offset = column;
  for (const part of text.split(',')) {
    const match = /^r(\d):(-?)(\d+(?:ms|s)?)$/.exec(part);
    if (!match || Number(match[1]) < 1 || Number(match[1]) > replicaCount) {
      throw new ScenarioSyntaxError(line, offset, `skew is a list like r2:-100ms,r3:50ms over r1..r${replicaCount}, got "${part}"`);
    }
    const milliseconds = parseDurationMs({ text: match[3]!, column: offset }, line);
    skew[Number(match[1]) - 1] = match[2] === '-' ? -milliseconds : milliseconds;
    offset += part.length + 1;
  }
  return skew;
}


/** A level as the grammar reads it back: a name, or a count with `r=`/`w=` (`countName`). */
function formatLevel(level: ConsistencyLevel, named: string, countName: 'r' | 'w'): string {
  return typeof level === 'number' ? `${countName}=${level}` : `${named}=${level}`;
}

/** The `set` / header options for settings that differ from `base` (every one when base is null). */
function formatSettings(settings: Partial<QuorumSettings>, base: QuorumSettings | null): string[] {
  const words: string[] = [];
  const differs = <K extends keyof QuorumSettings>(key: K) => settings[key] !== undefined && (base === null || JSON.stringify(settings[key]) !== JSON.stringify(base[key]));
  if (differs('latencyMsMin') || differs('latencyMsMax')) {
    const min = settings.latencyMsMin ?? base?.latencyMsMin ?? 1;
    const max = settings.latencyMsMax ?? base?.latencyMsMax ?? min;
    words.push(`latency=${min}-${max}`);
  }
  if (differs('lossPercent')) words.push(`loss=${settings.lossPercent}%`);
  if (differs('duplicationPercent')) words.push(`duplication=${settings.duplicationPercent}%`);
  if (differs('operationTimeoutMs')) words.push(`timeout=${settings.operationTimeoutMs}ms`);
  if (differs('readRepair')) words.push(`read-repair=${settings.readRepair ? 'on' : 'off'}`);
  if (differs('sloppyQuorum')) words.push(`sloppy=${settings.sloppyQuorum ? 'on' : 'off'}`);
  if (differs('fallbackAfterMs')) words.push(`fallback=${settings.fallbackAfterMs}ms`);
  if (differs('handoffIntervalMs')) words.push(`handoff=${settings.handoffIntervalMs}ms`);
  if (differs('readLevel')) words.push(formatLevel(settings.readLevel!, 'read', 'r'));
  if (differs('writeLevel')) words.push(formatLevel(settings.writeLevel!, 'write', 'w'));
  if (differs('versionScheme')) words.push(`versions=${settings.versionScheme}`);
  if (differs('clockSkewMs')) {
    const skew = settings.clockSkewMs!.map((ms, index) => (ms === 0 ? null : `r${index + 1}:${ms}ms`)).filter((part) => part !== null);
    // All zero after a skew: name one replica at 0, which sets every other back to 0 too.
    words.push(`skew=${skew.length > 0 ? skew.join(',') : 'r1:0ms'}`);
  }
  return words;
}

/** The header line that reads back into `config` (options at their defaults left out). */
export function formatQuorumHeader(config: QuorumConfig): string {
  const defaults = defaultQuorumConfig({ replicaCount: config.replicaCount });
  const words = ['quorum', `replicas=${config.replicaCount}`, `clients=${config.clientCount}`, `mode=${config.mode}`, `seed=${config.seed}`];
  if (config.replicationFactor !== config.replicaCount) words.push(`n=${config.replicationFactor}`);
  const session = [config.readYourWrites ? 'ryw' : null, config.monotonicReads ? 'mr' : null].filter((name) => name !== null);
  if (session.length > 0) words.push(`session=${session.join(',')}`);
  if (config.electionTimeoutMsMin !== defaults.electionTimeoutMsMin || config.electionTimeoutMsMax !== defaults.electionTimeoutMsMax) {
    words.push(`election=${config.electionTimeoutMsMin}-${config.electionTimeoutMsMax}`);
  }
  if (config.heartbeatIntervalMs !== defaults.heartbeatIntervalMs) words.push(`heartbeat=${config.heartbeatIntervalMs}ms`);
  words.push(...formatSettings(config, defaults));
  return words.join(' ');
}

/**
 * A user's command as scenario lines. Operations are written `nowait` (a click does not hold the
 * clock until the answer comes); a value the grammar cannot carry (spaces, `#`) comes back as a
 * comment saying so.
 */
export function formatQuorumCommand(command: QuorumCommand, groupsAfter: readonly (readonly string[])[]): string[] {
  switch (command.type) {
    case 'operation': {
      const request = command.request;
      const options = [
        ...(request.level !== undefined ? [formatLevel(request.level, 'level', request.kind === 'write' ? 'w' : 'r')] : []),
        ...(request.via ? [`via ${request.via}`] : []),
        'nowait',
      ].join(' ');
      if (request.kind === 'read') return [`read ${request.client} ${request.key} ${options}`];
      const value = String(request.value);
      if (!/^[^\s#|=]+$/.test(value) || (typeof request.value === 'string' && /^-?\d{1,15}$/.test(value)) || value === 'nil') {
        return [`# write ${request.client} ${request.key}=${JSON.stringify(request.value)}: a value the scenario grammar cannot carry (not replayed)`];
      }
      return [`write ${request.client} ${request.key}=${value} ${options}`];
    }
    case 'configure': {
      const words = formatSettings(command.settings, null);
      return words.length > 0 ? [`set ${words.join(' ')}`] : [];
    }
    case 'session': {
      const words = [
        ...(command.readYourWrites !== undefined ? [`ryw=${command.readYourWrites ? 'on' : 'off'}`] : []),
        ...(command.monotonicReads !== undefined ? [`mr=${command.monotonicReads ? 'on' : 'off'}`] : []),
      ];
      return words.length > 0 ? [`session ${command.client} ${words.join(' ')}`] : [];
    }
    default:
      return formatNetworkCommand(command, groupsAfter);
  }
}
