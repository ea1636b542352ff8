// The Raft lab's scenario grammar: header options and one command per line, parsed into steps.

import { defaultRaftConfig, validateRaftConfig, type RaftConfig } from '../kernel/protocols/raft/simulation.ts';
import type { RaftCommand, RaftTiming } from '../kernel/protocols/raft/commands.ts';
import { RAFT_BUGS, type NodeId, type RaftBug, type RaftFeatures } from '../kernel/protocols/raft/types.ts';
import { INVARIANTS, type InvariantName } from '../kernel/protocols/raft/invariants.ts';
import type { DisplayRole } from '../kernel/protocols/raft/trace.ts';
import { parseDurationMs, parseMs, parseOption, parsePercent, parseRange, parseWholeNumber, ScenarioSyntaxError, parseScenarioLines, type ScenarioError, type ScenarioLine, type Token } from './lexer.ts';
import { formatNetworkCommand, parseNetworkWords, type NetworkStepBody } from './network-words.ts';
import { MAX_NODES } from '../kernel/protocols/raft/simulation.ts';

export type NodeReference = { readonly kind: 'node'; readonly id: NodeId } | { readonly kind: 'leader' };

export type Comparison = '>=' | '<=' | '==' | '>' | '<';

export type RaftExpectation =
  /** An alive node is leader of the highest term among alive nodes (optionally: this node). */
  | { readonly kind: 'leader'; readonly node: NodeId | null }
  | { readonly kind: 'no-leader' }
  /** The highest term among alive nodes. */
  | { readonly kind: 'term'; readonly comparison: Comparison; readonly value: number }
  /** The current leader's commitIndex. */
  | { readonly kind: 'committed'; readonly comparison: Comparison; readonly value: number }
  /** A given node is in this role (leader, follower, candidate or crashed). */
  | { readonly kind: 'role'; readonly node: NodeId; readonly role: DisplayRole }
  /** No safety property has been violated so far. */
  | { readonly kind: 'safe' }
  /** This safety property (or, without a name, any) has been violated so far. */
  | { readonly kind: 'violation'; readonly name: InvariantName | null };

export type RaftStepBody =
  | { readonly kind: 'run'; readonly durationMs: number }
  /** crash, restart, isolate (a node or `leader`), partition, heal, cut, restore: the shared network words. */
  | NetworkStepBody<NodeReference, NodeReference, NodeId>
  | { readonly kind: 'timeout'; readonly node: NodeReference }
  | { readonly kind: 'request'; readonly value: string; readonly via: NodeReference | null }
  | { readonly kind: 'set'; readonly timing: Partial<RaftTiming> }
  | { readonly kind: 'log'; readonly node: NodeId; readonly terms: readonly number[]; readonly currentTerm: number }
  | { readonly kind: 'expect'; readonly expectation: RaftExpectation };

export type RaftScenarioStep = RaftStepBody & {
  readonly line: number;
  /** The line as written, without its comment. */
  readonly text: string;
  /** The comment lines just above it: what a lesson says before this step. */
  readonly narration: string;
};

export interface RaftScenario {
  readonly lab: 'raft';
  readonly config: RaftConfig;
  readonly steps: readonly RaftScenarioStep[];
}

const COMPARISONS: readonly Comparison[] = ['>=', '<=', '==', '>', '<'];
const ROLES: readonly DisplayRole[] = ['leader', 'follower', 'candidate', 'crashed'];

/** Header switches for the extensions real systems use: `prevote=on checkquorum=on noop=on`. */
const FEATURE_OPTIONS: Record<string, keyof RaftFeatures> = { prevote: 'preVote', checkquorum: 'checkQuorum', noop: 'leaderNoop' };

function parseSwitch(text: string, line: number, column: number, what: string): boolean {
  if (text === 'on' || text === 'true') return true;
  if (text === 'off' || text === 'false') return false;
  throw new ScenarioSyntaxError(line, column, `${what} must be on or off, got "${text}"`);
}

/** Timing options shared by the header and `set`: name -> how to read it. */
const TIMING_OPTIONS: Record<string, (value: string, line: number, column: number) => Partial<RaftTiming>> = {
  election: (value, line, column) => {
    const [min, max] = parseRange(value, line, column, 'election timeout');
    return { electionTimeoutMsMin: min, electionTimeoutMsMax: max };
  },
  heartbeat: (value, line, column) => ({ heartbeatIntervalMs: parseMs(value, line, column, 'heartbeat') }),
  latency: (value, line, column) => {
    const [min, max] = parseRange(value, line, column, 'latency');
    return { latencyMsMin: min, latencyMsMax: max };
  },
  loss: (value, line, column) => ({ lossPercent: parsePercent(value, line, column, 'loss') }),
  duplication: (value, line, column) => ({ duplicationPercent: parsePercent(value, line, column, 'duplication') }),
};

/** The Raft grammar: header options, then one step per line. */
export function parseRaftScenario(
  header: ScenarioLine,
  body: readonly ScenarioLine[],
): { ok: true; scenario: RaftScenario } | { ok: false; errors: readonly ScenarioError[] } {
  let started = false;
  const parsed = parseScenarioLines(header, body, {
    parseHeader: parseRaftHeader,
    // Keep checking the other lines against the largest cluster, so one run reports every error.
    fallbackConfig: () => defaultRaftConfig({ nodeCount: MAX_NODES }),
    parseStep: (line, config) => {
      const step = parseRaftStep(line, config);
      if (step.kind === 'log' && started) throw new ScenarioSyntaxError(line.line, 1, '"log" sets a node up and may only come before the first "run"');
      if (step.kind === 'run') started = true;
      return step;
    },
  });
  return parsed.ok ? { ok: true, scenario: { lab: 'raft', config: parsed.config, steps: parsed.steps } } : parsed;
}

export function parseRaftHeader(header: ScenarioLine): RaftConfig {
  let config: RaftConfig = defaultRaftConfig({ seed: 1 });
  for (const token of header.tokens.slice(1)) {
    const { key, value, valueColumn } = parseOption(token, header.line);
    if (key === 'nodes') config = { ...config, nodeCount: parseWholeNumber(value, header.line, valueColumn, 'nodes', 1, 9) };
    else if (key === 'seed') config = { ...config, seed: parseWholeNumber(value, header.line, valueColumn, 'seed', 0, 0xffffffff) };
    else if (key === 'bug' || key === 'bugs') config = { ...config, bugs: parseBugs(value, header.line, valueColumn) };
    else if (key in FEATURE_OPTIONS) {
      config = { ...config, features: { ...config.features, [FEATURE_OPTIONS[key]!]: parseSwitch(value, header.line, valueColumn, key) } };
    }
    else if (key in TIMING_OPTIONS) config = { ...config, ...TIMING_OPTIONS[key]!(value, header.line, valueColumn) };
    else {
      throw new ScenarioSyntaxError(
        header.line,
        token.column,
        `unknown option "${key}" (known: nodes, seed, ${Object.keys(TIMING_OPTIONS).join(', ')}, ${Object.keys(FEATURE_OPTIONS).join(', ')}, bug)`,
      );
    }
  }
  const problems = validateRaftConfig(config);
  if (problems.length > 0) throw new ScenarioSyntaxError(header.line, 1, problems.join('; '));
  return config;
}

export function parseRaftStep(line: ScenarioLine, config: RaftConfig): RaftScenarioStep {
  const [verb, ...args] = line.tokens as [Token, ...Token[]];
  const at = (token: Token | undefined) => token?.column ?? verb.column + verb.text.length + 1;
  const fail = (token: Token | undefined, message: string): never => {
    throw new ScenarioSyntaxError(line.line, at(token), message);
  };
  const expectArgs = (count: number, usage: string) => {
    if (args.length < count) fail(undefined, `missing argument: ${usage}`);
    if (args.length > count) fail(args[count], `unexpected "${args[count]!.text}": ${usage}`);
  };
  const node = (token: Token, allowLeader: boolean): NodeReference => {
    if (allowLeader && token.text === 'leader') return { kind: 'leader' };
    return { kind: 'node', id: nodeId(token, line.line, config.nodeCount, allowLeader) };
  };
  const step = (body: RaftStepBody): RaftScenarioStep => ({ ...body, line: line.line, text: line.text, narration: line.narration });

  switch (verb.text) {
    case 'run':
      expectArgs(1, 'run <duration>, e.g. run 2s');
      return step({ kind: 'run', durationMs: parseDurationMs(args[0]!, line.line) });
    case 'timeout':
      expectArgs(1, 'timeout <node id or leader>');
      return step({ kind: 'timeout', node: node(args[0]!, true) });
    case 'crash':
    case 'restart':
    case 'isolate':
    case 'heal':
    case 'cut':
    case 'restore':
    case 'partition':
      return step(
        parseNetworkWords(line, { ...verb, text: verb.text }, args, {
          crashable: (token) => node(token, true),
          movable: (token) => node(token, true),
          endpoint: (token) => nodeId(token, line.line, config.nodeCount, false),
          crashableName: 'node id or leader',
          movableName: 'node id or leader',
          partitionUsage: 'partition n1,n2 | n3,n4,n5',
        }),
      );
    case 'request': {
      if (args.length === 0) fail(undefined, 'missing argument: request <value> [via <node>]');
      const value = args[0]!.text;
      if (args.length === 1) return step({ kind: 'request', value, via: null });
      if (args[1]!.text !== 'via') fail(args[1], `expected "via <node>" after the value, got "${args[1]!.text}"`);
      if (args.length !== 3) fail(args[3] ?? undefined, 'usage: request <value> via <node>');
      return step({ kind: 'request', value, via: node(args[2]!, true) });
    }
    case 'set': {
      if (args.length === 0) fail(undefined, `missing argument: set <option>=<value> (options: ${Object.keys(TIMING_OPTIONS).join(', ')})`);
      let timing: Partial<RaftTiming> = {};
      for (const token of args) {
        const { key, value, valueColumn } = parseOption(token, line.line);
        const read = TIMING_OPTIONS[key];
        if (!read) fail(token, `unknown option "${key}" (known: ${Object.keys(TIMING_OPTIONS).join(', ')})`);
        timing = { ...timing, ...read!(value, line.line, valueColumn) };
      }
      return step({ kind: 'set', timing });
    }
    case 'log': {
      // Set-up only: `log n2 1,1,1,4 [term=7]` gives n2 entries of those terms (Figure 7 style).
      if (args.length < 2 || args.length > 3) fail(args[3], 'usage: log <node> <term>,<term>,... [term=<n>]');
      const id = nodeId(args[0]!, line.line, config.nodeCount, false);
      const terms = args[1]!.text.split(',').map((text) => parseWholeNumber(text, line.line, args[1]!.column, 'entry term', 1, 1_000_000));
      if (terms.some((term, index) => index > 0 && term < terms[index - 1]!)) fail(args[1], 'entry terms must never decrease along a log');
      let currentTerm = terms[terms.length - 1] ?? 0;
      if (args[2]) {
        const { key, value, valueColumn } = parseOption(args[2], line.line);
        if (key !== 'term') fail(args[2], `unknown option "${key}" (known: term)`);
        currentTerm = parseWholeNumber(value, line.line, valueColumn, 'term', 0, 1_000_000);
      }
      return step({ kind: 'log', node: id, terms, currentTerm });
    }
    case 'expect':
      return step({ kind: 'expect', expectation: parseExpectation(line, verb, args, config.nodeCount) });
    default:
      return fail(
        verb,
        `unknown command "${verb.text}" (known: run, crash, restart, timeout, isolate, partition, heal, cut, restore, request, set, log, expect)`,
      );
  }
}

function parseExpectation(line: ScenarioLine, verb: Token, args: readonly Token[], nodeCount: number): RaftExpectation {
  const subject = args[0];
  const fail = (token: Token | undefined, message: string): never => {
    throw new ScenarioSyntaxError(line.line, token?.column ?? verb.column + verb.text.length + 1, message);
  };
  if (!subject) return fail(undefined, 'missing expectation: leader, no-leader, term <op> <n>, committed <op> <n>, safe or violation [name]');
  switch (subject.text) {
    case 'leader':
      if (args.length > 2) fail(args[2], `unexpected "${args[2]!.text}"`);
      return { kind: 'leader', node: args[1] ? nodeId(args[1], line.line, nodeCount, false) : null };
    case 'no-leader':
      if (args.length > 1) fail(args[1], `unexpected "${args[1]!.text}"`);
      return { kind: 'no-leader' };
    case 'term':
    case 'committed': {
      const operator = args[1];
      const number = args[2];
      if (!operator || !COMPARISONS.includes(operator.text as Comparison)) {
        fail(operator, `expected a comparison (${COMPARISONS.join(' ')}) after "${subject.text}"`);
      }
      if (!number) return fail(undefined, `expected a number after "${operator!.text}"`);
      if (args.length > 3) fail(args[3], `unexpected "${args[3]!.text}"`);
      const value = parseWholeNumber(number.text, line.line, number.column, subject.text, 0, Number.MAX_SAFE_INTEGER);
      return { kind: subject.text, comparison: operator!.text as Comparison, value };
    }
    case 'role': {
      if (args.length !== 3) fail(args[3] ?? undefined, 'usage: expect role <node> leader|follower|candidate|crashed');
      const node = nodeId(args[1]!, line.line, nodeCount, false);
      const role = args[2]!.text as DisplayRole;
      if (!ROLES.includes(role)) fail(args[2], `unknown role "${args[2]!.text}" (known: ${ROLES.join(', ')})`);
      return { kind: 'role', node, role };
    }
    case 'safe':
      if (args.length > 1) fail(args[1], `unexpected "${args[1]!.text}"`);
      return { kind: 'safe' };
    case 'violation': {
      if (args.length > 2) fail(args[2], `unexpected "${args[2]!.text}"`);
      const name = args[1];
      if (name && !INVARIANTS.some((invariant) => invariant.name === name.text)) {
        fail(name, `unknown property "${name.text}" (known: ${INVARIANTS.map((invariant) => invariant.name).join(', ')})`);
      }
      return { kind: 'violation', name: (name?.text as InvariantName | undefined) ?? null };
    }
    default:
      return fail(subject, `unknown expectation "${subject.text}" (known: leader, no-leader, term, committed, role, safe, violation)`);
  }
}

function nodeId(token: Token, line: number, nodeCount: number, leaderAllowed: boolean): NodeId {
  const match = /^n([1-9])$/.exec(token.text);
  if (!match || Number(match[1]) > nodeCount) {
    const known = nodeCount === 1 ? 'n1' : `n1..n${nodeCount}`;
    throw new ScenarioSyntaxError(line, token.column, `unknown node "${token.text}" (this cluster has ${known}${leaderAllowed ? ', or say leader' : ''})`);
  }
  return token.text;
}

function parseBugs(text: string, line: number, column: number): RaftBug[] {
  const bugs: RaftBug[] = [];
  let offset = column;
  for (const name of text.split(',')) {
    if (!RAFT_BUGS.includes(name as RaftBug)) {
      throw new ScenarioSyntaxError(line, offset, `unknown bug "${name}" (known: ${RAFT_BUGS.join(', ')})`);
    }
    bugs.push(name as RaftBug);
    offset += name.length + 1;
  }
  return bugs;
}

/** The header line that reads back into `config` (every option the header knows, defaults left out). */
export function formatRaftHeader(config: RaftConfig): string {
  const defaults = defaultRaftConfig();
  const words = ['raft', `nodes=${config.nodeCount}`, `seed=${config.seed}`];
  const range = (min: number, max: number) => (min === max ? `${min}ms` : `${min}-${max}`);
  if (config.electionTimeoutMsMin !== defaults.electionTimeoutMsMin || config.electionTimeoutMsMax !== defaults.electionTimeoutMsMax) {
    words.push(`election=${range(config.electionTimeoutMsMin, config.electionTimeoutMsMax)}`);
  }
  if (config.heartbeatIntervalMs !== defaults.heartbeatIntervalMs) words.push(`heartbeat=${config.heartbeatIntervalMs}ms`);
  if (config.latencyMsMin !== defaults.latencyMsMin || config.latencyMsMax !== defaults.latencyMsMax) words.push(`latency=${range(config.latencyMsMin, config.latencyMsMax)}`);
  if (config.lossPercent !== defaults.lossPercent) words.push(`loss=${config.lossPercent}%`);
  if (config.duplicationPercent !== defaults.duplicationPercent) words.push(`duplication=${config.duplicationPercent}%`);
  for (const [option, feature] of Object.entries(FEATURE_OPTIONS)) if (config.features[feature]) words.push(`${option}=on`);
  if (config.bugs.length > 0) words.push(`bugs=${config.bugs.join(',')}`);
  return words.join(' ');
}

/**
 * A user's command as scenario lines (see formatNetworkCommand for the network words). A fault on one
 * message in flight has no word in the grammar: it comes back as a comment saying so, and the
 * scenario then replays the rest without it.
 */
export function formatRaftCommand(command: RaftCommand, groupsAfter: readonly (readonly string[])[]): string[] {
  switch (command.type) {
    case 'timeout':
      return [`timeout ${command.node}`];
    case 'request':
      return [command.via ? `request ${command.value} via ${command.via}` : `request ${command.value}`];
    case 'configure': {
      const timing = command.timing;
      const words: string[] = [];
      if (timing.electionTimeoutMsMin !== undefined || timing.electionTimeoutMsMax !== undefined) {
        words.push(`election=${timing.electionTimeoutMsMin ?? timing.electionTimeoutMsMax}-${timing.electionTimeoutMsMax ?? timing.electionTimeoutMsMin}`);
      }
      if (timing.heartbeatIntervalMs !== undefined) words.push(`heartbeat=${timing.heartbeatIntervalMs}ms`);
      if (timing.latencyMsMin !== undefined || timing.latencyMsMax !== undefined) words.push(`latency=${timing.latencyMsMin ?? timing.latencyMsMax}-${timing.latencyMsMax ?? timing.latencyMsMin}`);
      if (timing.lossPercent !== undefined) words.push(`loss=${timing.lossPercent}%`);
      if (timing.duplicationPercent !== undefined) words.push(`duplication=${timing.duplicationPercent}%`);
      return words.length > 0 ? [`set ${words.join(' ')}`] : [];
    }
    case 'load-log':
      return [`log ${command.node} ${command.terms.join(',')} term=${command.currentTerm}`];
    case 'drop-message':
    case 'duplicate-message':
    case 'delay-message':
      return [`# ${command.type.replace('-message', '')} message #${command.messageId} (a click on one message in flight has no scenario word: not replayed)`];
    default:
      return formatNetworkCommand(command, groupsAfter);
  }
}
