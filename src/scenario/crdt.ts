// The CRDT lab's scenario grammar (`crdt`): header options, then one command per line, parsed into
// steps with line and column errors. Network words come from the shared reader (network-words.ts).

import {
  CRDT_TYPE_NAMES,
  defaultCrdtConfig,
  MAX_REPLICAS,
  MIN_REPLICAS,
  PLANTED_BUGS,
  PLANTED_BUG_TYPE,
  replicaIdOf,
  STATE_BASED_TYPES,
  validateCrdtConfig,
  type CrdtCommand,
  type CrdtConfig,
  type CrdtOperation,
  type CrdtSettings,
  type CrdtTypeName,
  type PlantedBug,
  type ReplicaId,
} from '../kernel/protocols/crdt/index.ts';
import { parseDurationMs, parseMs, parseOption, parsePercent, parseRange, parseWholeNumber, ScenarioSyntaxError, toScenarioError, type ScenarioError, type ScenarioLine, type Token } from './lexer.ts';
import { formatNetworkCommand, parseNetworkWords, type NetworkStepBody } from './network-words.ts';

export type Comparison = '>=' | '<=' | '==' | '>' | '<';

export type CrdtExpectation =
  /** Every pair of alive replicas holds equal state, or not. */
  | { readonly kind: 'converged' }
  | { readonly kind: 'diverged' }
  /** The replica's value, written as the language writes values: 7, nil, v, {a,b}, {k=v}. */
  | { readonly kind: 'value'; readonly replica: ReplicaId; readonly expected: string }
  | { readonly kind: 'contains' | 'not-contains'; readonly replica: ReplicaId; readonly element: string }
  | { readonly kind: 'text'; readonly replica: ReplicaId; readonly expected: string }
  /** The replica's metadata size in bytes. */
  | { readonly kind: 'metadata'; readonly replica: ReplicaId; readonly comparison: Comparison; readonly bytes: number }
  /** The last operation line was a no-op (its precondition failed), or took effect. */
  | { readonly kind: 'noop' | 'applied' }
  /** The checkers found nothing so far / found a violation (of this law, if named). */
  | { readonly kind: 'no-violation' }
  | { readonly kind: 'violation'; readonly law: string | null }
  /** Raft twin: the last counter operation's outcome there, and the leader's balance. */
  | { readonly kind: 'raft-status'; readonly status: 'ok' | 'refused' | 'unavailable' | 'timeout' }
  | { readonly kind: 'raft-balance'; readonly comparison: Comparison; readonly value: number };

export type CrdtStepBody =
  /** `wait` false (`nowait`): with raft=on, the next line runs without waiting for the Raft side's answer. */
  | { readonly kind: 'operation'; readonly replica: ReplicaId; readonly operation: CrdtOperation; readonly wait?: boolean }
  /** `wait` false (`nowait`): the next line runs at once, not once the exchange's messages have landed. */
  | { readonly kind: 'merge'; readonly from: ReplicaId; readonly to: ReplicaId; readonly wait?: boolean }
  | { readonly kind: 'sync'; readonly wait?: boolean }
  | { readonly kind: 'run'; readonly durationMs: number }
  /** crash, restart, isolate, partition, heal, cut, restore: the shared network words. */
  | NetworkStepBody<ReplicaId, ReplicaId, ReplicaId>
  | { readonly kind: 'set'; readonly settings: Partial<CrdtSettings> }
  | { readonly kind: 'expect'; readonly expectation: CrdtExpectation };

export type CrdtScenarioStep = CrdtStepBody & {
  readonly line: number;
  /** The line as written, without its comment. */
  readonly text: string;
  /** The comment lines just above it: what a lesson says before this step. */
  readonly narration: string;
};

export interface CrdtScenario {
  readonly lab: 'crdt';
  readonly config: CrdtConfig;
  readonly steps: readonly CrdtScenarioStep[];
}

const COMPARISONS: readonly Comparison[] = ['>=', '<=', '==', '>', '<'];
const COMMANDS = 'inc, dec, withdraw, deposit, add, remove, set, insert, delete, merge, sync, run, crash, restart, isolate, partition, heal, cut, restore, expect';
const EXPECTATIONS = 'converged, diverged, value <replica> == <v>, value <replica> contains|not-contains <x>, text <replica> == "…", metadata <replica> <op> <bytes>, noop, applied, no-violation, violation [law], raft ok|refused|unavailable|timeout, raft balance <op> <n>';
const LAWS = ['commutative', 'associative', 'idempotent', 'monotonic-update', 'monotonic-merge', 'least-upper-bound', 'convergence'];

type SettingReader = (value: string, line: number, column: number, replicaCount: number) => Partial<CrdtSettings>;

/** Options shared by the header and `set`. */
const SETTINGS: Record<string, SettingReader> = {
  latency: (value, line, column) => {
    const [min, max] = parseRange(value, line, column, 'latency');
    return { latencyMsMin: min, latencyMsMax: max };
  },
  loss: (value, line, column) => ({ lossPercent: parsePercent(value, line, column, 'loss') }),
  duplication: (value, line, column) => ({ duplicationPercent: parsePercent(value, line, column, 'duplication') }),
  gossip: (value, line, column) => ({ gossipIntervalMs: value === 'off' || value === '0' ? 0 : parseMs(value, line, column, 'gossip interval') }),
  skew: (value, line, column, replicaCount) => ({ clockSkewMs: parseSkewList(value.split(','), line, column, replicaCount, ':', null) }),
};

export function parseCrdtScenario(header: ScenarioLine, body: readonly ScenarioLine[]): { ok: true; scenario: CrdtScenario } | { ok: false; errors: readonly ScenarioError[] } {
  const errors: ScenarioError[] = [];
  let config: CrdtConfig;
  try {
    config = parseCrdtHeader(header);
  } catch (error) {
    errors.push(toScenarioError(error));
    config = defaultCrdtConfig({ replicaCount: MAX_REPLICAS });
  }
  const steps: CrdtScenarioStep[] = [];
  for (const line of body) {
    try {
      steps.push(parseCrdtStep(line, config));
    } catch (error) {
      errors.push(toScenarioError(error));
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, scenario: { lab: 'crdt', config, steps } };
}

export function parseCrdtHeader(header: ScenarioLine): CrdtConfig {
  const options = header.tokens.slice(1).map((token) => ({ token, ...parseOption(token, header.line) }));
  const replicasOption = options.find((option) => option.key === 'replicas');
  const replicaCount = replicasOption ? parseWholeNumber(replicasOption.value, header.line, replicasOption.valueColumn, 'replicas', MIN_REPLICAS, MAX_REPLICAS) : 3;
  let config = defaultCrdtConfig({ replicaCount });
  let typeSeen = false;
  for (const { token, key, value, valueColumn } of options) {
    const fail = (message: string): never => {
      throw new ScenarioSyntaxError(header.line, valueColumn, message);
    };
    if (key === 'replicas') continue;
    if (key === 'type') {
      if (!(CRDT_TYPE_NAMES as readonly string[]).includes(value)) fail(`unknown type "${value}" (known: ${CRDT_TYPE_NAMES.join(', ')})`);
      config = { ...config, type: value as CrdtTypeName };
      typeSeen = true;
    } else if (key === 'seed') config = { ...config, seed: parseWholeNumber(value, header.line, valueColumn, 'seed', 0, 0xffffffff) };
    else if (key === 'sync') {
      if (value !== 'state' && value !== 'op') fail(`sync must be state or op, got "${value}"`);
      config = { ...config, sync: value as 'state' | 'op' };
    } else if (key === 'delivery') {
      if (value !== 'causal' && value !== 'raw') fail(`delivery must be causal or raw, got "${value}"`);
      config = { ...config, delivery: value as 'causal' | 'raw' };
    } else if (key === 'bug') {
      if (!(PLANTED_BUGS as readonly string[]).includes(value)) fail(`unknown planted bug "${value}" (known: ${PLANTED_BUGS.join(', ')})`);
      config = { ...config, bug: value as PlantedBug };
    } else if (key === 'raft') config = { ...config, raft: parseSwitch(value, header.line, valueColumn, 'raft') };
    else if (key === 'raft-timeout') config = { ...config, raftTimeoutMs: parseMs(value, header.line, valueColumn, 'raft-timeout') };
    else if (key === 'election') {
      const [min, max] = parseRange(value, header.line, valueColumn, 'election timeout');
      config = { ...config, electionTimeoutMsMin: min, electionTimeoutMsMax: max };
    } else if (key === 'heartbeat') config = { ...config, heartbeatIntervalMs: parseMs(value, header.line, valueColumn, 'heartbeat') };
    else if (key in SETTINGS) config = { ...config, ...SETTINGS[key]!(value, header.line, valueColumn, replicaCount) };
    else {
      throw new ScenarioSyntaxError(
        header.line,
        token.column,
        `unknown option "${key}" (known: type, replicas, seed, sync, delivery, bug, raft, raft-timeout, election, heartbeat, ${Object.keys(SETTINGS).join(', ')})`,
      );
    }
  }
  if (!typeSeen) throw new ScenarioSyntaxError(header.line, header.tokens[0]!.column, `the header names the type, e.g. "crdt type=or-set replicas=3 seed=1" (types: ${CRDT_TYPE_NAMES.join(', ')})`);
  if (config.bug !== null && PLANTED_BUG_TYPE[config.bug] !== config.type) {
    throw new ScenarioSyntaxError(header.line, header.tokens[0]!.column, `bug=${config.bug} is planted in ${PLANTED_BUG_TYPE[config.bug]}, not in ${config.type}`);
  }
  const problems = validateCrdtConfig(config);
  if (problems.length > 0) throw new ScenarioSyntaxError(header.line, header.tokens[0]!.column, problems.join('; '));
  return config;
}

/** Lines that wait for something before the next line runs, and so may end in `nowait`. */
const WAITING_VERBS = new Set(['inc', 'deposit', 'dec', 'withdraw', 'merge', 'sync']);

export function parseCrdtStep(line: ScenarioLine, config: CrdtConfig): CrdtScenarioStep {
  const [verb, ...written] = line.tokens as [Token, ...Token[]];
  const wait = !(WAITING_VERBS.has(verb.text) && written.at(-1)?.text === 'nowait');
  const args = wait ? written : written.slice(0, -1);
  const after = verb.column + verb.text.length + 1;
  const fail = (token: Token | undefined, message: string): never => {
    throw new ScenarioSyntaxError(line.line, token?.column ?? after, message);
  };
  const expectArgs = (count: number, usage: string) => {
    if (args.length < count) fail(undefined, `missing argument: ${usage}`);
    if (args.length > count) fail(args[count], `unexpected "${args[count]!.text}": ${usage}`);
  };
  const step = (body: CrdtStepBody): CrdtScenarioStep => ({ ...body, line: line.line, text: line.text, narration: line.narration });
  const replica = (token: Token) => replicaId(token, line.line, config.replicaCount);
  const type = STATE_BASED_TYPES[config.type];
  const operation = (replicaToken: Token, body: CrdtOperation, usage: string): CrdtScenarioStep => {
    if (!type.operations.includes(body.kind)) fail(verb, `a ${type.title} has no ${verb.text}${usage ? ` (${usage})` : ''}`);
    return step({ kind: 'operation', replica: replica(replicaToken), operation: body, ...(wait ? {} : { wait }) });
  };
  const operationsHint = () => `${type.title} takes ${describeOperations(config.type)}`;

  switch (verb.text) {
    case 'inc':
    case 'deposit':
    case 'dec':
    case 'withdraw': {
      expectArgs(2, `${verb.text} <replica> <amount>`);
      const amount = parseWholeNumber(args[1]!.text, line.line, args[1]!.column, 'amount', 1, 1_000_000_000);
      const kind = verb.text === 'deposit' ? 'inc' : verb.text;
      return operation(args[0]!, { kind, amount }, operationsHint());
    }
    case 'add':
    case 'remove': {
      expectArgs(2, `${verb.text} <replica> <element>`);
      checkName(args[1]!, line.line, config.type === 'lww-map' ? 'a key' : 'an element');
      if (config.type === 'lww-map') {
        if (verb.text === 'add') fail(verb, 'an LWW-Map has no add: use set <replica> key=value');
        return operation(args[0]!, { kind: 'remove-key', key: args[1]!.text }, '');
      }
      return operation(args[0]!, { kind: verb.text, element: args[1]!.text }, operationsHint());
    }
    case 'set':
      return parseSet(line, verb, args, config, step, operation, operationsHint);
    case 'insert': {
      if (args.length < 3) fail(undefined, 'missing argument: insert <replica> <position> "text"');
      const position = parseWholeNumber(args[1]!.text, line.line, args[1]!.column, 'position', 0, 1_000_000);
      const text = quotedFrom(line, args[2]!);
      return operation(args[0]!, { kind: 'insert', position, text }, operationsHint());
    }
    case 'delete': {
      expectArgs(2, 'delete <replica> <position>');
      return operation(args[0]!, { kind: 'delete', position: parseWholeNumber(args[1]!.text, line.line, args[1]!.column, 'position', 0, 1_000_000) }, operationsHint());
    }
    case 'merge': {
      expectArgs(2, 'merge <from> <to> (the second replica merges the first one\'s state)');
      const from = replica(args[0]!);
      const to = replica(args[1]!);
      if (from === to) fail(args[1], 'a replica merging itself changes nothing: name two replicas');
      return step({ kind: 'merge', from, to, ...(wait ? {} : { wait }) });
    }
    case 'sync':
      expectArgs(0, 'sync takes no arguments (but nowait)');
      return step({ kind: 'sync', ...(wait ? {} : { wait }) });
    case 'run':
      expectArgs(1, 'run <duration>, e.g. run 500ms');
      return step({ kind: 'run', durationMs: parseDurationMs(args[0]!, line.line) });
    case 'crash':
    case 'restart':
    case 'isolate':
    case 'heal':
    case 'cut':
    case 'restore':
    case 'partition':
      return step(
        parseNetworkWords(line, { ...verb, text: verb.text }, args, {
          crashable: replica,
          movable: replica,
          endpoint: replica,
          crashableName: 'replica',
          movableName: 'replica',
          partitionUsage: 'partition r1 | r2,r3',
        }),
      );
    case 'expect':
      return step({ kind: 'expect', expectation: parseExpectation(line, verb, args, config) });
    default:
      return fail(verb, `unknown command "${verb.text}" (known: ${COMMANDS})`);
  }
}

/** `set r1 v` (register), `set r1 k=v` (map), `set skew r2=+50ms`, `set loss=10 gossip=200ms`. */
function parseSet(
  line: ScenarioLine,
  verb: Token,
  args: readonly Token[],
  config: CrdtConfig,
  step: (body: CrdtStepBody) => CrdtScenarioStep,
  operation: (replicaToken: Token, body: CrdtOperation, usage: string) => CrdtScenarioStep,
  operationsHint: () => string,
): CrdtScenarioStep {
  const first = args[0];
  if (!first) throw new ScenarioSyntaxError(line.line, verb.column + 4, `missing argument: set <replica> <value>, set skew r2=+50ms, or set <option>=<value> (options: ${Object.keys(SETTINGS).join(', ')})`);
  if (first.text === 'skew') {
    if (args.length < 2) throw new ScenarioSyntaxError(line.line, first.column + 5, 'missing argument: set skew r2=+50ms [r3=-20ms …]');
    const parts = args.slice(1).map((token) => token.text);
    return step({ kind: 'set', settings: { clockSkewMs: parseSkewList(parts, line.line, args[1]!.column, config.replicaCount, '=', config.clockSkewMs) } });
  }
  if (/^r\d+$/.test(first.text)) {
    if (args.length < 2) throw new ScenarioSyntaxError(line.line, first.column + first.text.length + 1, 'missing argument: set <replica> <value> (a map: set <replica> key=value)');
    if (config.type === 'lww-map') {
      if (args.length > 2) throw new ScenarioSyntaxError(line.line, args[2]!.column, `unexpected "${args[2]!.text}": set <replica> key=value`);
      const { key, value } = parseOption(args[1]!, line.line);
      checkName({ text: key, column: args[1]!.column }, line.line, 'a key');
      return operation(first, { kind: 'put', key, value }, '');
    }
    const value = args[1]!.text.startsWith('"') ? quotedFrom(line, args[1]!) : args[1]!.text;
    if (!args[1]!.text.startsWith('"') && args.length > 2) throw new ScenarioSyntaxError(line.line, args[2]!.column, `unexpected "${args[2]!.text}": set <replica> <value> (quote a value with spaces)`);
    if (value === 'nil') throw new ScenarioSyntaxError(line.line, args[1]!.column, 'nil means "never written": write another value');
    return operation(first, { kind: 'set', value }, operationsHint());
  }
  let settings: Partial<CrdtSettings> = {};
  for (const token of args) {
    const { key, value, valueColumn } = parseOption(token, line.line);
    const read = SETTINGS[key];
    if (!read) throw new ScenarioSyntaxError(line.line, token.column, `unknown option "${key}" (known: ${Object.keys(SETTINGS).join(', ')}; or set <replica> <value>)`);
    settings = { ...settings, ...read(value, line.line, valueColumn, config.replicaCount) };
  }
  return step({ kind: 'set', settings });
}

function parseExpectation(line: ScenarioLine, verb: Token, args: readonly Token[], config: CrdtConfig): CrdtExpectation {
  const subject = args[0];
  const fail = (token: Token | undefined, message: string): never => {
    throw new ScenarioSyntaxError(line.line, token?.column ?? verb.column + verb.text.length + 1, message);
  };
  if (!subject) return fail(undefined, `missing expectation (known: ${EXPECTATIONS})`);
  const count = (wanted: number, usage: string) => {
    if (args.length < wanted) fail(undefined, `missing argument: expect ${usage}`);
    if (args.length > wanted) fail(args[wanted], `unexpected "${args[wanted]!.text}": expect ${usage}`);
  };
  const replica = (token: Token) => replicaId(token, line.line, config.replicaCount);
  const comparison = (token: Token): Comparison => {
    if (!COMPARISONS.includes(token.text as Comparison)) fail(token, `expected a comparison (${COMPARISONS.join(' ')})`);
    return token.text as Comparison;
  };
  switch (subject.text) {
    case 'converged':
    case 'diverged':
    case 'noop':
    case 'applied':
    case 'no-violation':
      count(1, subject.text);
      return { kind: subject.text };
    case 'violation': {
      if (args.length > 2) fail(args[2], 'unexpected argument: expect violation [law]');
      const law = args[1]?.text ?? null;
      if (law !== null && !LAWS.includes(law)) fail(args[1], `unknown law "${law}" (known: ${LAWS.join(', ')})`);
      return { kind: 'violation', law };
    }
    case 'value': {
      if (args.length < 4) fail(undefined, 'missing argument: expect value <replica> == <value> | contains <x> | not-contains <x>');
      const who = replica(args[1]!);
      const relation = args[2]!;
      if (relation.text === 'contains' || relation.text === 'not-contains') {
        count(4, `value <replica> ${relation.text} <element>`);
        return { kind: relation.text, replica: who, element: args[3]!.text };
      }
      if (relation.text !== '==') fail(relation, 'expected ==, contains or not-contains');
      const expected = args[3]!.text.startsWith('"') ? quotedFrom(line, args[3]!) : args.slice(3).map((token) => token.text).join('');
      return { kind: 'value', replica: who, expected };
    }
    case 'text': {
      if (config.type !== 'sequence') fail(subject, 'expect text is for type=sequence (use expect value)');
      if (args.length < 4 || args[2]!.text !== '==') fail(args[2], 'usage: expect text <replica> == "…"');
      return { kind: 'text', replica: replica(args[1]!), expected: quotedFrom(line, args[3]!) };
    }
    case 'metadata': {
      count(4, 'metadata <replica> <comparison> <bytes>, e.g. expect metadata r1 <= 200');
      return { kind: 'metadata', replica: replica(args[1]!), comparison: comparison(args[2]!), bytes: parseWholeNumber(args[3]!.text, line.line, args[3]!.column, 'bytes', 0, 1_000_000_000) };
    }
    case 'raft': {
      if (!config.raft) fail(subject, 'expect raft … needs raft=on in the header');
      const what = args[1];
      if (!what) return fail(undefined, 'missing argument: expect raft ok|refused|unavailable|timeout, or expect raft balance == <n>');
      if (what.text === 'balance') {
        count(4, 'raft balance <comparison> <n>');
        const value = /^-?\d+$/.test(args[3]!.text) ? Number(args[3]!.text) : fail(args[3], `expected a whole number, got "${args[3]!.text}"`);
        return { kind: 'raft-balance', comparison: comparison(args[2]!), value };
      }
      if (what.text === 'ok' || what.text === 'refused' || what.text === 'unavailable' || what.text === 'timeout') {
        count(2, `raft ${what.text}`);
        return { kind: 'raft-status', status: what.text };
      }
      return fail(what, 'expected ok, refused, unavailable, timeout or balance after "raft"');
    }
    default:
      return fail(subject, `unknown expectation "${subject.text}" (known: ${EXPECTATIONS})`);
  }
}

function describeOperations(type: CrdtTypeName): string {
  switch (type) {
    case 'g-counter':
      return 'inc';
    case 'pn-counter':
      return 'inc, dec, withdraw';
    case 'g-set':
      return 'add';
    case '2p-set':
    case 'or-set':
    case 'rw-set':
      return 'add, remove';
    case 'lww-register':
    case 'mv-register':
      return 'set <replica> <value>';
    case 'lww-map':
      return 'set <replica> key=value, remove <replica> key';
    case 'sequence':
      return 'insert <replica> <position> "text", delete <replica> <position>';
  }
}

/**
 * A double-quoted string starting at `token` and running to the end of the line (JSON escapes).
 * A `#` inside the quotes would start a comment: the lexer cuts comments first.
 */
function quotedFrom(line: ScenarioLine, token: Token): string {
  if (!token.text.startsWith('"')) throw new ScenarioSyntaxError(line.line, token.column, `expected text in double quotes, e.g. "hi there", got ${token.text}`);
  const offset = token.column - line.tokens[0]!.column;
  const raw = line.text.slice(offset).trimEnd();
  if (raw.length < 2 || !raw.endsWith('"')) throw new ScenarioSyntaxError(line.line, token.column, 'unterminated text: the quoted text must end the line with "');
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed === 'string') return parsed;
  } catch {
    // reported below
  }
  throw new ScenarioSyntaxError(line.line, token.column, `cannot read ${raw} as one quoted text (escape an inner quote as \\")`);
}

function replicaId(token: Token, line: number, replicaCount: number): ReplicaId {
  const match = /^r([1-9])$/.exec(token.text);
  if (!match || Number(match[1]) > replicaCount) throw new ScenarioSyntaxError(line, token.column, `unknown replica "${token.text}" (this run has r1..r${replicaCount})`);
  return replicaIdOf(Number(match[1]) - 1);
}

function checkName(token: Token, line: number, what: string): void {
  if (!/^[\p{L}\p{N}_][\p{L}\p{N}_.:-]{0,63}$/u.test(token.text)) throw new ScenarioSyntaxError(line, token.column, `${what} is a name such as x or milk, got "${token.text}"`);
}

function parseSwitch(text: string, line: number, column: number, what: string): boolean {
  if (text === 'on' || text === 'true') return true;
  if (text === 'off' || text === 'false') return false;
  throw new ScenarioSyntaxError(line, column, `${what} must be on or off, got "${text}"`);
}

/** `r2:+50ms,r3:-10` (header, separator `:`) or `r2=+50ms r3=-10ms` (set skew, separator `=`); unnamed replicas keep `base`. */
function parseSkewList(parts: readonly string[], line: number, column: number, replicaCount: number, separator: ':' | '=', base: readonly number[] | null): number[] {
  const skew = base ? base.slice() : Array.from({ length: replicaCount }, () => 0);
  let offset = column;
  for (const part of parts) {
    const match = new RegExp(`^r(\\d)${separator}([+-]?)(\\d+(?:ms|s)?)$`).exec(part);
    if (!match || Number(match[1]) < 1 || Number(match[1]) > replicaCount) {
      throw new ScenarioSyntaxError(line, offset, `skew is a list like r2${separator}+50ms${separator === ':' ? ',' : ' '}r3${separator}-10ms over r1..r${replicaCount}, got "${part}"`);
    }
    const milliseconds = parseDurationMs({ text: match[3]!, column: offset }, line);
    skew[Number(match[1]) - 1] = match[2] === '-' ? -milliseconds : milliseconds;
    offset += part.length + 1;
  }
  return skew;
}

// ——— Writing a run back as a scenario (the page's "Replay what you did") ———

const NAME = /^[\p{L}\p{N}_][\p{L}\p{N}_.:-]{0,63}$/u;

function formatSkew(skew: readonly number[]): string {
  return skew.map((ms, index) => `r${index + 1}:${ms < 0 ? '-' : '+'}${Math.abs(ms)}ms`).join(',');
}

/** Settings as `key=value` words; with `base`, only those that differ from it. */
function formatCrdtSettings(settings: Partial<CrdtSettings>, base: CrdtSettings | null): string[] {
  const words: string[] = [];
  const differs = <K extends keyof CrdtSettings>(key: K) => settings[key] !== undefined && (base === null || JSON.stringify(settings[key]) !== JSON.stringify(base[key]));
  if (differs('latencyMsMin') || differs('latencyMsMax')) words.push(`latency=${settings.latencyMsMin ?? base?.latencyMsMin}-${settings.latencyMsMax ?? base?.latencyMsMax}`);
  if (differs('lossPercent')) words.push(`loss=${settings.lossPercent}%`);
  if (differs('duplicationPercent')) words.push(`duplication=${settings.duplicationPercent}%`);
  if (differs('gossipIntervalMs')) words.push(`gossip=${settings.gossipIntervalMs === 0 ? 'off' : `${settings.gossipIntervalMs}ms`}`);
  if (differs('clockSkewMs')) words.push(`skew=${formatSkew(settings.clockSkewMs!)}`);
  return words;
}

/** The header line that reads back into `config` (options at their defaults left out). */
export function formatCrdtHeader(config: CrdtConfig): string {
  const defaults = defaultCrdtConfig({ replicaCount: config.replicaCount });
  const words = ['crdt', `type=${config.type}`, `replicas=${config.replicaCount}`, `seed=${config.seed}`];
  if (config.sync !== defaults.sync) words.push(`sync=${config.sync}`);
  if (config.delivery !== defaults.delivery) words.push(`delivery=${config.delivery}`);
  if (config.bug !== null) words.push(`bug=${config.bug}`);
  if (config.raft) words.push('raft=on');
  if (config.raftTimeoutMs !== defaults.raftTimeoutMs) words.push(`raft-timeout=${config.raftTimeoutMs}ms`);
  if (config.electionTimeoutMsMin !== defaults.electionTimeoutMsMin || config.electionTimeoutMsMax !== defaults.electionTimeoutMsMax) {
    words.push(`election=${config.electionTimeoutMsMin}-${config.electionTimeoutMsMax}`);
  }
  if (config.heartbeatIntervalMs !== defaults.heartbeatIntervalMs) words.push(`heartbeat=${config.heartbeatIntervalMs}ms`);
  words.push(...formatCrdtSettings(config, defaults));
  return words.join(' ');
}

/**
 * A user's command as scenario lines. A click never holds the clock, so merges, syncs and (with
 * raft=on) counter operations are written `nowait`; text the grammar cannot carry (a `#`, which
 * starts a comment, or a name with spaces) comes back as a comment saying so.
 */
export function formatCrdtCommand(command: CrdtCommand, groupsAfter: readonly (readonly string[])[], config: CrdtConfig): string[] {
  const cannot = (what: string) => [`# ${what}: text the scenario grammar cannot carry (not replayed)`];
  const quoted = (text: string) => (text.includes('#') ? null : JSON.stringify(text));
  switch (command.type) {
    case 'operation': {
      const { replica, operation } = command;
      switch (operation.kind) {
        case 'inc':
        case 'dec':
        case 'withdraw':
          return [`${operation.kind} ${replica} ${operation.amount}${config.raft ? ' nowait' : ''}`];
        case 'add':
        case 'remove':
          return NAME.test(operation.element) ? [`${operation.kind} ${replica} ${operation.element}`] : cannot(`${operation.kind} ${replica} ${JSON.stringify(operation.element)}`);
        case 'remove-key':
          return NAME.test(operation.key) ? [`remove ${replica} ${operation.key}`] : cannot(`remove ${replica} ${JSON.stringify(operation.key)}`);
        case 'put':
          return NAME.test(operation.key) && /^[^\s#="]+$/.test(operation.value) && operation.value !== 'nil'
            ? [`set ${replica} ${operation.key}=${operation.value}`]
            : cannot(`set ${replica} ${JSON.stringify(operation.key)}=${JSON.stringify(operation.value)}`);
        case 'set': {
          if (/^[^\s#="]+$/.test(operation.value) && operation.value !== 'nil') return [`set ${replica} ${operation.value}`];
          const text = quoted(operation.value);
          return text && operation.value !== 'nil' ? [`set ${replica} ${text}`] : cannot(`set ${replica} ${JSON.stringify(operation.value)}`);
        }
        case 'insert': {
          const text = quoted(operation.text);
          return text ? [`insert ${replica} ${operation.position} ${text}`] : cannot(`insert ${replica} ${operation.position} ${JSON.stringify(operation.text)}`);
        }
        case 'delete':
          return [`delete ${replica} ${operation.position}`];
      }
      break;
    }
    case 'merge':
      return [`merge ${command.from} ${command.to} nowait`];
    case 'sync':
      return ['sync nowait'];
    case 'configure': {
      const words = formatCrdtSettings(command.settings, null);
      return words.length > 0 ? [`set ${words.join(' ')}`] : [];
    }
    default:
      return formatNetworkCommand(command, groupsAfter);
  }
  return [];
}
