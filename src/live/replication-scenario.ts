// The `replication` scenario grammar as the real PostgreSQL target reads it (issue 12's contract), until the replication lab's own parser is on main.
//
// Same words, same meanings as the contract. Everything the contract names parses; what real
// processes cannot do here (a failover manager, fencing, re-cloning, one-way cuts, simulated
// latency) is reported by `realTargetProblems` with its line and column, never skipped.

import { parseDurationMs, parseOption, parseWholeNumber, ScenarioSyntaxError, toScenarioError, type ScenarioError, type ScenarioLine, type Token } from '../scenario/lexer.ts';
import { isNetworkWord, parseNetworkWords, type NetworkStepBody } from '../scenario/network-words.ts';

export type Comparison = '>=' | '<=' | '==' | '>' | '<';
const COMPARISONS: readonly Comparison[] = ['>=', '<=', '==', '>', '<'];
export const REPLICATION_ROLES = ['primary', 'standby', 'demoted', 'down'] as const;
export type ReplicationRole = (typeof REPLICATION_ROLES)[number];

export interface ReplicationHeader {
  readonly nodeCount: number;
  readonly mode: 'async' | 'sync' | 'quorum';
  readonly failover: 'manual' | 'naive' | 'managed';
  readonly fencing: string;
  readonly seed: number;
  /** Every option as written, with its column, for the real target's checks. */
  readonly options: readonly { readonly key: string; readonly value: string; readonly column: number }[];
}

export type ReplicationExpectation =
  | { readonly kind: 'primaries'; readonly comparison: Comparison; readonly value: number }
  | { readonly kind: 'split-brain' | 'no-split-brain' | 'linearizable' | 'not-linearizable' }
  | { readonly kind: 'lost-writes'; readonly comparison: Comparison; readonly value: number }
  | { readonly kind: 'role'; readonly node: string; readonly role: ReplicationRole }
  | { readonly kind: 'timeline'; readonly node: string; readonly comparison: Comparison; readonly value: number };

export type ReplicationStepBody =
  | { readonly kind: 'write'; readonly key: string; readonly value: string; readonly via: string | null }
  | { readonly kind: 'read'; readonly key: string; readonly via: string | null }
  | { readonly kind: 'promote' | 'rewind' | 'reclone'; readonly node: string }
  | { readonly kind: 'run'; readonly durationMs: number }
  | NetworkStepBody<string, string, string>
  | { readonly kind: 'expect'; readonly expectation: ReplicationExpectation };

export type ReplicationStep = ReplicationStepBody & { readonly line: number; readonly text: string; readonly column: number };

export interface ReplicationScenario {
  readonly lab: 'replication';
  readonly header: ReplicationHeader;
  readonly steps: readonly ReplicationStep[];
}

const HEADER_CHOICES: Record<string, readonly string[]> = {
  mode: ['async', 'sync', 'quorum'],
  failover: ['manual', 'naive', 'managed'],
  fencing: ['none', 'stonith', 'lease', 'token'],
  witness: ['on', 'off'],
  strict: ['on', 'off'],
};
const FREE_HEADER_OPTIONS = ['sync', 'latency', 'ttl'];

export function parseReplicationScenario(header: ScenarioLine, body: readonly ScenarioLine[]): { ok: true; scenario: ReplicationScenario } | { ok: false; errors: ScenarioError[] } {
  const errors: ScenarioError[] = [];
  let parsedHeader: ReplicationHeader = { nodeCount: 5, mode: 'async', failover: 'manual', fencing: 'none', seed: 1, options: [] };
  try {
    parsedHeader = parseHeader(header);
  } catch (error) {
    errors.push(toScenarioError(error));
  }
  const steps: ReplicationStep[] = [];
  for (const line of body) {
    try {
      steps.push(parseStep(line, parsedHeader.nodeCount));
    } catch (error) {
      errors.push(toScenarioError(error));
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, scenario: { lab: 'replication', header: parsedHeader, steps } };
}

function parseHeader(header: ScenarioLine): ReplicationHeader {
  let nodeCount = 2;
  let seed = 1;
  const chosen: Record<string, string> = { mode: 'async', failover: 'manual', fencing: 'none' };
  const options: { key: string; value: string; column: number }[] = [];
  for (const token of header.tokens.slice(1)) {
    const { key, value, valueColumn } = parseOption(token, header.line);
    options.push({ key, value, column: token.column });
    if (key === 'nodes') nodeCount = parseWholeNumber(value, header.line, valueColumn, 'nodes', 2, 5);
    else if (key === 'seed') seed = parseWholeNumber(value, header.line, valueColumn, 'seed', 0, 0xffffffff);
    else if (key in HEADER_CHOICES) {
      if (!HEADER_CHOICES[key]!.includes(value)) throw new ScenarioSyntaxError(header.line, valueColumn, `${key} must be one of ${HEADER_CHOICES[key]!.join(', ')}, got "${value}"`);
      chosen[key] = value;
    } else if (!FREE_HEADER_OPTIONS.includes(key)) {
      throw new ScenarioSyntaxError(header.line, token.column, `unknown option "${key}" (known: nodes, seed, ${[...Object.keys(HEADER_CHOICES), ...FREE_HEADER_OPTIONS].join(', ')})`);
    }
  }
  return { nodeCount, seed, mode: chosen.mode as ReplicationHeader['mode'], failover: chosen.failover as ReplicationHeader['failover'], fencing: chosen.fencing!, options };
}

function nodeId(token: Token, line: number, nodeCount: number): string {
  const match = /^n([1-9])$/.exec(token.text);
  if (!match || Number(match[1]) > nodeCount) throw new ScenarioSyntaxError(line, token.column, `unknown node "${token.text}" (this setup has n1..n${nodeCount})`);
  return token.text;
}

function parseStep(line: ScenarioLine, nodeCount: number): ReplicationStep {
  const [verb, ...args] = line.tokens as [Token, ...Token[]];
  const fail = (token: Token | undefined, message: string): never => {
    throw new ScenarioSyntaxError(line.line, token?.column ?? verb.column + verb.text.length + 1, message);
  };
  const node = (token: Token) => nodeId(token, line.line, nodeCount);
  const step = (body: ReplicationStepBody): ReplicationStep => ({ ...body, line: line.line, text: line.text, column: verb.column });
  const via = (from: number): string | null => {
    if (args.length === from) return null;
    if (args[from]!.text !== 'via') fail(args[from], `expected "via <node>", got "${args[from]!.text}"`);
    if (args.length !== from + 2) fail(args[from + 2], 'usage: ... via <node>');
    return node(args[from + 1]!);
  };
  if (isNetworkWord(verb.text)) {
    return step(
      parseNetworkWords(line, { ...verb, text: verb.text }, args, {
        crashable: node,
        movable: node,
        endpoint: node,
        crashableName: 'node',
        movableName: 'node',
        partitionUsage: 'partition n1 | n2',
      }),
    );
  }
  switch (verb.text) {
    case 'write': {
      const assignment = args[0];
      if (!assignment || !/^[^=]+=.*$/.test(assignment.text)) return fail(assignment, 'usage: write <key>=<value> [via <node>]');
      const equals = assignment.text.indexOf('=');
      return step({ kind: 'write', key: assignment.text.slice(0, equals), value: assignment.text.slice(equals + 1), via: via(1) });
    }
    case 'read': {
      if (!args[0]) return fail(undefined, 'usage: read <key> [via <node>]');
      return step({ kind: 'read', key: args[0].text, via: via(1) });
    }
    case 'promote':
    case 'rewind':
    case 'reclone':
      if (args.length !== 1) fail(args[1], `usage: ${verb.text} <node>`);
      return step({ kind: verb.text, node: node(args[0]!) });
    case 'run':
      if (args.length !== 1) fail(args[1], 'usage: run <duration>, e.g. run 2s');
      return step({ kind: 'run', durationMs: parseDurationMs(args[0]!, line.line) });
    case 'expect':
      return step({ kind: 'expect', expectation: parseExpectation(args, fail, node, line.line) });
    default:
      return fail(verb, `unknown command "${verb.text}" (known: write, read, crash, restart, partition, isolate, heal, cut, restore, promote, rewind, reclone, run, expect)`);
  }
}

function parseExpectation(args: readonly Token[], fail: (token: Token | undefined, message: string) => never, node: (token: Token) => string, line: number): ReplicationExpectation {
  const subject = args[0];
  if (!subject) return fail(undefined, 'missing expectation: primaries, split-brain, no-split-brain, lost-writes, role, timeline, linearizable or not-linearizable');
  const comparison = (index: number, what: string): { comparison: Comparison; value: number } => {
    const operator = args[index];
    const number = args[index + 1];
    if (!operator || !COMPARISONS.includes(operator.text as Comparison)) fail(operator, `expected a comparison (${COMPARISONS.join(' ')}) after "${what}"`);
    if (!number) fail(undefined, `expected a number after "${operator!.text}"`);
    if (args.length > index + 2) fail(args[index + 2], `unexpected "${args[index + 2]!.text}"`);
    return { comparison: operator!.text as Comparison, value: parseWholeNumber(number!.text, line, number!.column, what, 0, Number.MAX_SAFE_INTEGER) };
  };
  const alone = () => {
    if (args.length > 1) fail(args[1], `unexpected "${args[1]!.text}"`);
  };
  switch (subject.text) {
    case 'primaries':
      return { kind: 'primaries', ...comparison(1, 'primaries') };
    case 'lost-writes':
      return { kind: 'lost-writes', ...comparison(1, 'lost-writes') };
    case 'split-brain':
    case 'no-split-brain':
    case 'linearizable':
    case 'not-linearizable':
      alone();
      return { kind: subject.text };
    case 'role': {
      if (args.length !== 3) fail(args[3], `usage: expect role <node> ${REPLICATION_ROLES.join('|')}`);
      const role = args[2]!.text as ReplicationRole;
      if (!REPLICATION_ROLES.includes(role)) fail(args[2], `unknown role "${args[2]!.text}" (known: ${REPLICATION_ROLES.join(', ')})`);
      return { kind: 'role', node: node(args[1]!), role };
    }
    case 'timeline': {
      if (!args[1]) fail(undefined, 'usage: expect timeline <node> <op> <n>');
      return { kind: 'timeline', node: node(args[1]!), ...comparison(2, 'timeline') };
    }
    default:
      return fail(subject, `unknown expectation "${subject.text}" (known: primaries, split-brain, no-split-brain, lost-writes, role, timeline, linearizable, not-linearizable)`);
  }
}

/** What real PostgreSQL processes cannot do here, each with its line and column. */
export function replicationRealTargetProblems(scenario: ReplicationScenario, headerLine: number): ScenarioError[] {
  const problems: ScenarioError[] = [];
  for (const option of scenario.header.options) {
    const say = (message: string) => problems.push({ line: headerLine, column: option.column, message });
    if (option.key === 'mode' && option.value === 'quorum') say('mode=quorum (ANY k) is not wired on the real target yet: use async or sync');
    if (option.key === 'failover' && option.value !== 'manual') say(`failover=${option.value} needs a failover manager, which the real target does not run: use failover=manual and "promote"`);
    if (option.key === 'fencing' && option.value !== 'none') say(`fencing=${option.value} is not available on real processes here: use fencing=none`);
    if (['witness', 'strict', 'ttl', 'latency', 'sync'].includes(option.key)) say(`"${option.key}" is a simulation setting; real PostgreSQL has no such knob here`);
  }
  for (const step of scenario.steps) {
    const say = (message: string) => problems.push({ line: step.line, column: step.column, message });
    if (step.kind === 'reclone') say('"reclone" is not available on the real target yet (use "rewind")');
    if (step.kind === 'cut' || step.kind === 'restore') say(`"${step.kind}" (one way) cannot be made on a TCP replication link, which carries WAL one way and feedback the other: use partition or isolate`);
    if (step.kind === 'expect' && step.expectation.kind === 'role' && step.expectation.role === 'demoted') say('"demoted" needs a failover manager; real nodes here are primary, standby or down');
  }
  return problems;
}
