// The consistent hashing lab's scenario grammar: header options and one change or expectation per line.

import {
  defaultHashingConfig,
  hashingLimits,
  strategyNames,
  validateHashingConfig,
  type HashingChange,
  type HashingConfig,
  type HashingSettings,
  type NodeSpec,
  type StrategyName,
} from '../kernel/protocols/hashing/index.ts';
import { parseOption, parseWholeNumber, ScenarioSyntaxError, parseScenarioLines, type ScenarioError, type ScenarioLine, type Token } from './lexer.ts';

export type HashingComparison = '>=' | '<=' | '==' | '>' | '<';

/** What an `expect` line checks, each about the state after the steps before it. */
export type HashingMetric =
  /** Fraction of keys whose serving node changed at the last change (0..1). */
  | 'moved'
  /** The same as a count of keys. */
  | 'moved-keys'
  /** max / mean keys per healthy node. */
  | 'maxload'
  /** max / mean share of requests per healthy node (differs from maxload under Zipf). */
  | 'maxrequests'
  /** Population standard deviation of keys per healthy node, divided by the mean. */
  | 'spread';

export const HASHING_METRICS: readonly HashingMetric[] = ['moved', 'moved-keys', 'maxload', 'maxrequests', 'spread'];

export interface HashingExpectation {
  readonly metric: HashingMetric;
  readonly comparison: HashingComparison;
  readonly value: number;
}

export type HashingStepBody = { readonly kind: 'change'; readonly change: HashingChange } | { readonly kind: 'expect'; readonly expectation: HashingExpectation };

export type HashingScenarioStep = HashingStepBody & {
  readonly line: number;
  /** The line as written, without its comment. */
  readonly text: string;
  /** The comment lines just above it: what a lesson says before this step. */
  readonly narration: string;
};

export interface HashingScenario {
  readonly lab: 'hashing';
  readonly config: HashingConfig;
  /** The header as written, for showing the starting state. */
  readonly headerLine: number;
  readonly headerText: string;
  readonly steps: readonly HashingScenarioStep[];
}

const COMPARISONS: readonly HashingComparison[] = ['>=', '<=', '==', '>', '<'];
const HEADER_OPTIONS = ['strategy', 'nodes', 'vnodes', 'keys', 'seed', 'replicas', 'distribution', 'exponent', 'epsilon', 'weights'];
const SET_OPTIONS = ['strategy', 'vnodes', 'epsilon', 'replicas'];
const VERBS = ['add', 'remove', 'fail', 'recover', 'weight', 'set', 'expect'];
const NODE_ID = /^[A-Za-z][A-Za-z0-9_-]{0,31}$/;

/** The hashing grammar: header options, then one step per line; one error per bad line. */
export function parseHashingScenario(
  header: ScenarioLine,
  body: readonly ScenarioLine[],
): { ok: true; scenario: HashingScenario } | { ok: false; errors: readonly ScenarioError[] } {
  // The node set as it will be at each line, so `remove n99` is caught here, with its column.
  let nodes: readonly NodeSpec[] | null = null;
  const parsed = parseScenarioLines(header, body, {
    parseHeader: parseHashingHeader,
    fallbackConfig: defaultHashingConfig,
    parseStep: (line, config) => {
      nodes ??= config.nodes;
      const step = parseHashingStep(line, nodes);
      if (step.kind === 'change') nodes = nodesAfter(nodes, step.change);
      return step;
    },
  });
  return parsed.ok ? { ok: true, scenario: { lab: 'hashing', config: parsed.config, headerLine: header.line, headerText: header.text, steps: parsed.steps } } : parsed;
}

function parseDecimal(text: string, line: number, column: number, what: string, min: number, max: number): number {
  if (!/^\d+(\.\d+)?$/.test(text)) throw new ScenarioSyntaxError(line, column, `${what} must be a number such as 1.5, got "${text}"`);
  const value = Number(text);
  if (value < min || value > max) throw new ScenarioSyntaxError(line, column, `${what} must be from ${min} to ${max}, got ${value}`);
  return value;
}

function parseStrategy(text: string, line: number, column: number): StrategyName {
  if (!(strategyNames as readonly string[]).includes(text)) {
    throw new ScenarioSyntaxError(line, column, `unknown strategy "${text}" (known: ${strategyNames.join(', ')})`);
  }
  return text as StrategyName;
}

function parseWeight(text: string, line: number, column: number): number {
  const weight = parseDecimal(text, line, column, 'weight', 0, hashingLimits.weightMax);
  if (weight === 0) throw new ScenarioSyntaxError(line, column, 'weight must be above 0');
  return weight;
}

/** `weights=n1:2,n3:0.5`: per-node weights for the header's nodes. */
function parseWeights(value: string, line: number, column: number, nodes: readonly NodeSpec[]): NodeSpec[] {
  const weights = new Map<string, number>();
  let at = column;
  for (const part of value.split(',')) {
    const colon = part.indexOf(':');
    if (colon <= 0) throw new ScenarioSyntaxError(line, at, `expected node:weight such as n1:2, got "${part}"`);
    const id = part.slice(0, colon);
    if (!nodes.some((node) => node.id === id)) throw new ScenarioSyntaxError(line, at, unknownNodeMessage(id, nodes));
    weights.set(id, parseWeight(part.slice(colon + 1), line, at + colon + 1));
    at += part.length + 1;
  }
  return nodes.map((node) => (weights.has(node.id) ? { ...node, weight: weights.get(node.id)! } : node));
}

export function parseHashingHeader(header: ScenarioLine): HashingConfig {
  let config = defaultHashingConfig();
  let distributionKind: 'uniform' | 'zipf' = 'uniform';
  let exponent = 1;
  let exponentToken: Token | null = null;
  let weightsOption: { value: string; column: number } | null = null;
  for (const token of header.tokens.slice(1)) {
    const { key, value, valueColumn } = parseOption(token, header.line);
    const whole = (what: string, min: number, max: number) => parseWholeNumber(value, header.line, valueColumn, what, min, max);
    switch (key) {
      case 'strategy':
        config = { ...config, strategy: parseStrategy(value, header.line, valueColumn) };
        break;
      case 'nodes': {
        const count = whole('nodes', 1, hashingLimits.nodeCountMax);
        config = { ...config, nodes: Array.from({ length: count }, (_, index) => ({ id: `n${index + 1}`, weight: 1, up: true })) };
        break;
      }
      case 'vnodes':
        config = { ...config, vnodesPerNode: whole('vnodes', hashingLimits.vnodesPerNodeMin, hashingLimits.vnodesPerNodeMax) };
        break;
      case 'keys':
        config = { ...config, keyCount: whole('keys', 1, hashingLimits.keyCountMax) };
        break;
      case 'seed':
        config = { ...config, seed: whole('seed', 0, 0xffffffff) };
        break;
      case 'replicas':
        config = { ...config, replicaCount: whole('replicas', 1, hashingLimits.replicaCountMax) };
        break;
      case 'epsilon':
        config = { ...config, epsilon: parseDecimal(value, header.line, valueColumn, 'epsilon', 0, hashingLimits.epsilonMax) };
        break;
      case 'distribution':
        if (value !== 'uniform' && value !== 'zipf') {
          throw new ScenarioSyntaxError(header.line, valueColumn, `distribution must be uniform or zipf, got "${value}"`);
        }
        distributionKind = value;
        break;
      case 'exponent':
        exponent = parseDecimal(value, header.line, valueColumn, 'exponent', 0, hashingLimits.zipfExponentMax);
        exponentToken = token;
        break;
      case 'weights':
        // Read after the loop: `nodes=` may come later on the line.
        weightsOption = { value, column: valueColumn };
        break;
      default:
        throw new ScenarioSyntaxError(header.line, token.column, `unknown option "${key}" (known: ${HEADER_OPTIONS.join(', ')})`);
    }
  }
  if (exponentToken && distributionKind !== 'zipf') {
    throw new ScenarioSyntaxError(header.line, exponentToken.column, 'exponent only applies to distribution=zipf');
  }
  if (weightsOption) config = { ...config, nodes: parseWeights(weightsOption.value, header.line, weightsOption.column, config.nodes) };
  config = { ...config, distribution: distributionKind === 'zipf' ? { kind: 'zipf', exponent } : { kind: 'uniform' } };
  const problems = validateHashingConfig(config);
  if (problems.length > 0) throw new ScenarioSyntaxError(header.line, 1, problems.join('; '));
  return config;
}

function unknownNodeMessage(id: string, nodes: readonly NodeSpec[]): string {
  const ids = nodes.map((node) => node.id);
  const shown = ids.length > 12 ? `${ids.slice(0, 12).join(', ')}, …` : ids.join(', ');
  return `unknown node "${id}" (nodes here: ${shown})`;
}

/** One line of the body, checked against the node set as it stands at that line. */
export function parseHashingStep(line: ScenarioLine, nodes: readonly NodeSpec[]): HashingScenarioStep {
  const [verb, ...args] = line.tokens as [Token, ...Token[]];
  const fail = (token: Token | undefined, message: string): never => {
    throw new ScenarioSyntaxError(line.line, token?.column ?? verb.column + verb.text.length + 1, message);
  };
  const expectArgs = (min: number, max: number, usage: string) => {
    if (args.length < min) fail(undefined, `missing argument: ${usage}`);
    if (args.length > max) fail(args[max], `unexpected "${args[max]!.text}": ${usage}`);
  };
  const existing = (token: Token) => {
    const node = nodes.find((candidate) => candidate.id === token.text);
    if (!node) return fail(token, unknownNodeMessage(token.text, nodes));
    return node;
  };
  const step = (body: HashingStepBody): HashingScenarioStep => ({ ...body, line: line.line, text: line.text, narration: line.narration });
  const change = (value: HashingChange) => step({ kind: 'change', change: value });

  switch (verb.text) {
    case 'add': {
      expectArgs(1, 2, 'add <node id> [weight=<w>]');
      const id = args[0]!;
      if (!NODE_ID.test(id.text)) fail(id, `a node id starts with a letter, then letters, digits, - or _ (at most 32), got "${id.text}"`);
      if (nodes.some((node) => node.id === id.text)) fail(id, `node ${id.text} already exists`);
      if (nodes.length >= hashingLimits.nodeCountMax) fail(id, `at most ${hashingLimits.nodeCountMax} nodes`);
      let weight = 1;
      if (args[1]) {
        const { key, value, valueColumn } = parseOption(args[1], line.line);
        if (key !== 'weight') fail(args[1], `unknown option "${key}" (known: weight)`);
        weight = parseWeight(value, line.line, valueColumn);
      }
      return change({ kind: 'add', id: id.text, weight });
    }
    case 'remove': {
      expectArgs(1, 1, 'remove <node id>');
      existing(args[0]!);
      if (nodes.length === 1) fail(args[0], `cannot remove ${args[0]!.text}: it is the last node`);
      return change({ kind: 'remove', id: args[0]!.text });
    }
    case 'fail':
    case 'recover': {
      expectArgs(1, 1, `${verb.text} <node id>`);
      const node = existing(args[0]!);
      if (verb.text === 'fail' && !node.up) fail(args[0], `${node.id} is already down`);
      if (verb.text === 'recover' && node.up) fail(args[0], `${node.id} is not down (fail it first)`);
      return change({ kind: verb.text, id: node.id });
    }
    case 'weight': {
      expectArgs(2, 2, 'weight <node id> <weight>, e.g. weight n2 2');
      const node = existing(args[0]!);
      return change({ kind: 'weight', id: node.id, weight: parseWeight(args[1]!.text, line.line, args[1]!.column) });
    }
    case 'set': {
      if (args.length === 0) fail(undefined, `missing argument: set <option>=<value> (options: ${SET_OPTIONS.join(', ')})`);
      let settings: HashingSettings = {};
      for (const token of args) {
        const { key, value, valueColumn } = parseOption(token, line.line);
        if (key === 'strategy') settings = { ...settings, strategy: parseStrategy(value, line.line, valueColumn) };
        else if (key === 'vnodes') {
          settings = { ...settings, vnodesPerNode: parseWholeNumber(value, line.line, valueColumn, 'vnodes', hashingLimits.vnodesPerNodeMin, hashingLimits.vnodesPerNodeMax) };
        } else if (key === 'epsilon') settings = { ...settings, epsilon: parseDecimal(value, line.line, valueColumn, 'epsilon', 0, hashingLimits.epsilonMax) };
        else if (key === 'replicas') settings = { ...settings, replicaCount: parseWholeNumber(value, line.line, valueColumn, 'replicas', 1, hashingLimits.replicaCountMax) };
        else fail(token, `unknown option "${key}" (known: ${SET_OPTIONS.join(', ')}; keys, seed and distribution belong on the first line)`);
      }
      return change({ kind: 'set', settings });
    }
    case 'expect':
      return step({ kind: 'expect', expectation: parseExpectation(line, verb, args) });
    default:
      return fail(verb, `unknown command "${verb.text}" (known: ${VERBS.join(', ')})`);
  }
}

function parseExpectation(line: ScenarioLine, verb: Token, args: readonly Token[]): HashingExpectation {
  const fail = (token: Token | undefined, message: string): never => {
    throw new ScenarioSyntaxError(line.line, token?.column ?? verb.column + verb.text.length + 1, message);
  };
  const [subject, operator, number] = args;
  if (!subject) return fail(undefined, `missing expectation: ${HASHING_METRICS.join(', ')} followed by a comparison and a number`);
  if (!(HASHING_METRICS as readonly string[]).includes(subject.text)) {
    return fail(subject, `unknown expectation "${subject.text}" (known: ${HASHING_METRICS.join(', ')})`);
  }
  const metric = subject.text as HashingMetric;
  if (!operator || !(COMPARISONS as readonly string[]).includes(operator.text)) {
    return fail(operator, `expected a comparison (${COMPARISONS.join(' ')}) after "${subject.text}"`);
  }
  if (!number) return fail(undefined, `expected a number after "${operator.text}"`);
  if (args.length > 3) fail(args[3], `unexpected "${args[3]!.text}"`);
  const value =
    metric === 'moved-keys'
      ? parseWholeNumber(number.text, line.line, number.column, 'moved-keys', 0, hashingLimits.keyCountMax)
      : metric === 'moved'
        ? parseDecimal(number.text, line.line, number.column, 'moved (a fraction of keys)', 0, 1)
        : parseDecimal(number.text, line.line, number.column, metric, 0, 1_000_000);
  return { metric, comparison: operator.text as HashingComparison, value };
}

/** The node set after a change, for checking later lines (ids only matter; the kernel re-validates). */
function nodesAfter(nodes: readonly NodeSpec[], change: HashingChange): readonly NodeSpec[] {
  switch (change.kind) {
    case 'add':
      return [...nodes, { id: change.id, weight: change.weight, up: true }];
    case 'remove':
      return nodes.filter((node) => node.id !== change.id);
    case 'fail':
    case 'recover':
      return nodes.map((node) => (node.id === change.id ? { ...node, up: change.kind === 'recover' } : node));
    case 'weight':
      return nodes.map((node) => (node.id === change.id ? { ...node, weight: change.weight } : node));
    case 'set':
      return nodes;
  }
}

/** A change as the scenario line that makes it: the lab turns the user's gestures into a scenario. */
export function formatHashingChange(change: HashingChange): string {
  switch (change.kind) {
    case 'add':
      return change.weight === 1 ? `add ${change.id}` : `add ${change.id} weight=${change.weight}`;
    case 'remove':
    case 'fail':
    case 'recover':
      return `${change.kind} ${change.id}`;
    case 'weight':
      return `weight ${change.id} ${change.weight}`;
    case 'set': {
      const { strategy, vnodesPerNode, epsilon, replicaCount } = change.settings;
      const parts = [
        strategy === undefined ? null : `strategy=${strategy}`,
        vnodesPerNode === undefined ? null : `vnodes=${vnodesPerNode}`,
        epsilon === undefined ? null : `epsilon=${epsilon}`,
        replicaCount === undefined ? null : `replicas=${replicaCount}`,
      ].filter((part) => part !== null);
      return `set ${parts.join(' ')}`;
    }
  }
}
