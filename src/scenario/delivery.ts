// The delivery lab's scenario grammar (`delivery`): header options, then one command per line,
// parsed into steps with line and column errors. `crash`/`restart` without a point are the shared
// network words (network-words.ts); `crash <node> <point>` arms a crash at that point of the next message.
//
//   delivery producer=at-least-once consumer=commit-after effect=plain seed=1 [acks=all] [dedup-window=5m] …
//   produce 100
//   crash producer before-ack | crash consumer after-effect | crash relay after-effect
//   crash consumer | restart consumer
//   lose next ack | failover broker | zombie producer | rebalance [after-effect]
//   run 10s | advance 6m
//   expect effects == 100 | expect duplicates > 0 | expect lost == 0 | expect exactly-once

import {
  ACKS,
  CONSUMER_MODES,
  CONSUMER_POINTS,
  defaultDeliveryConfig,
  EFFECT_MODES,
  ISOLATIONS,
  MAX_PARTITIONS,
  MAX_PRODUCE,
  MIN_PARTITIONS,
  PLANTED_BUGS,
  PRODUCER_MODES,
  PRODUCER_POINTS,
  RELAY_POINTS,
  validateDeliveryConfig,
  type CrashableNode,
  type CrashTrap,
  type DeliveryCommand,
  type DeliveryConfig,
  type Guarantee,
} from '../kernel/protocols/delivery/index.ts';
import { parseOption, parseScenarioLines, parseWholeNumber, ScenarioSyntaxError, type ScenarioError, type ScenarioLine, type Token } from './lexer.ts';
import { formatNetworkCommand, isNetworkWord, parseNetworkWords, type NetworkStepBody } from './network-words.ts';

export type Comparison = '>=' | '<=' | '==' | '>' | '<';
export const COUNTERS = ['effects', 'duplicates', 'lost', 'produced', 'appended', 'pending'] as const;
export type Counter = (typeof COUNTERS)[number];

export type DeliveryExpectation =
  | { readonly kind: 'count'; readonly counter: Counter; readonly comparison: Comparison; readonly value: number }
  /** effects == produced, no duplicate, no loss, nothing pending. */
  | { readonly kind: 'exactly-once' }
  /** The output topic (consume-transform-produce) holds each transfer exactly once. */
  | { readonly kind: 'output-exactly-once' }
  | { readonly kind: 'guarantee'; readonly guarantee: Guarantee };

export type DeliveryStepBody =
  | { readonly kind: 'produce'; readonly count: number }
  | { readonly kind: 'arm-crash'; readonly trap: CrashTrap }
  | { readonly kind: 'lose-next-ack' }
  | { readonly kind: 'failover' }
  | { readonly kind: 'zombie' }
  | { readonly kind: 'rebalance'; readonly when: 'now' | 'after-effect' }
  | { readonly kind: 'run'; readonly durationMs: number }
  /** Jump virtual time (played at once on the page, unlike `run`). */
  | { readonly kind: 'advance'; readonly durationMs: number }
  | NetworkStepBody<CrashableNode, CrashableNode, CrashableNode>
  | { readonly kind: 'expect'; readonly expectation: DeliveryExpectation };

export type DeliveryScenarioStep = DeliveryStepBody & {
  readonly line: number;
  readonly text: string;
  readonly narration: string;
};

export interface DeliveryScenario {
  readonly lab: 'delivery';
  readonly config: DeliveryConfig;
  readonly steps: readonly DeliveryScenarioStep[];
}

const COMPARISONS: readonly Comparison[] = ['>=', '<=', '==', '>', '<'];
const COMMANDS = 'produce, crash, restart, lose next ack, failover broker, zombie producer, rebalance, run, advance, expect';
const HEADER_OPTIONS = 'producer, consumer, effect, seed, acks, isolation, partitions, dedup-window, auto-commit-interval, request-timeout, bug';
const EXPECTATIONS = `${COUNTERS.join('|')} <op> <n>, exactly-once, output exactly-once, guarantee exactly-once|at-least-once|at-most-once|none`;
const POINTS: Record<CrashableNode, readonly string[]> = { producer: PRODUCER_POINTS, consumer: CONSUMER_POINTS, relay: RELAY_POINTS };

/**
 * `500ms`, `10s`, `6m`, `24h` or a bare number of milliseconds. Settings are whole milliseconds; a
 * `run` keeps microseconds (`fraction`), so a run exported from the page replays to the same moment.
 */
export function parseDeliveryDuration(text: string, line: number, column: number, what: string, fraction = false): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|min|h)?$/.exec(text);
  if (!match) throw new ScenarioSyntaxError(line, column, `${what} must be a duration such as 500ms, 10s, 6m or 24h, got "${text}"`);
  const unit = match[2] ?? 'ms';
  const factor = unit === 'ms' ? 1 : unit === 's' ? 1000 : unit === 'h' ? 3_600_000 : 60_000;
  const value = fraction ? Math.round(Number(match[1]) * factor * 1000) / 1000 : Math.round(Number(match[1]) * factor);
  if (fraction ? value <= 0 : value < 1) throw new ScenarioSyntaxError(line, column, `${what} must be at least ${fraction ? '1 µs' : '1 ms'}`);
  if (value > 7 * 24 * 3_600_000) throw new ScenarioSyntaxError(line, column, `${what} "${text}" is too long (at most 7 days)`);
  return value;
}

function oneOf<T extends string>(value: string, allowed: readonly T[], line: number, column: number, what: string): T {
  if (!(allowed as readonly string[]).includes(value)) throw new ScenarioSyntaxError(line, column, `${what} must be one of ${allowed.join(', ')}, got "${value}"`);
  return value as T;
}

export function parseDeliveryScenario(header: ScenarioLine, body: readonly ScenarioLine[]): { ok: true; scenario: DeliveryScenario } | { ok: false; errors: readonly ScenarioError[] } {
  const parsed = parseScenarioLines(header, body, {
    parseHeader: parseDeliveryHeader,
    // Keep checking the other lines with an outbox (so `crash relay` is not a second error).
    fallbackConfig: () => defaultDeliveryConfig({ effect: 'outbox' }),
    parseStep: parseDeliveryStep,
  });
  return parsed.ok ? { ok: true, scenario: { lab: 'delivery', config: parsed.config, steps: parsed.steps } } : parsed;
}

export function parseDeliveryHeader(header: ScenarioLine): DeliveryConfig {
  let config = defaultDeliveryConfig();
  for (const token of header.tokens.slice(1)) {
    const { key, value, valueColumn } = parseOption(token, header.line);
    const line = header.line;
    switch (key) {
      case 'producer':
        config = { ...config, producer: oneOf(value, PRODUCER_MODES, line, valueColumn, 'producer') };
        break;
      case 'consumer':
        config = { ...config, consumer: oneOf(value, CONSUMER_MODES, line, valueColumn, 'consumer') };
        break;
      case 'effect':
        config = { ...config, effect: oneOf(value, EFFECT_MODES, line, valueColumn, 'effect') };
        break;
      case 'seed':
        config = { ...config, seed: parseWholeNumber(value, line, valueColumn, 'seed', 0, 0xffffffff) };
        break;
      case 'acks':
        config = { ...config, acks: oneOf(value, ACKS, line, valueColumn, 'acks') };
        break;
      case 'isolation':
        config = { ...config, isolation: oneOf(value, ISOLATIONS, line, valueColumn, 'isolation') };
        break;
      case 'partitions':
        config = { ...config, partitions: parseWholeNumber(value, line, valueColumn, 'partitions', MIN_PARTITIONS, MAX_PARTITIONS) };
        break;
      case 'dedup-window':
        config = { ...config, dedupWindowMs: parseDeliveryDuration(value, line, valueColumn, 'dedup-window') };
        break;
      case 'auto-commit-interval':
        config = { ...config, autoCommitIntervalMs: parseDeliveryDuration(value, line, valueColumn, 'auto-commit-interval') };
        break;
      case 'request-timeout':
        config = { ...config, requestTimeoutMs: parseDeliveryDuration(value, line, valueColumn, 'request-timeout') };
        break;
      case 'bug':
        config = { ...config, bug: oneOf(value, PLANTED_BUGS, line, valueColumn, 'bug') };
        break;
      default:
        throw new ScenarioSyntaxError(line, token.column, `unknown option "${key}" (known: ${HEADER_OPTIONS})`);
    }
  }
  const has = (key: string) => header.tokens.some((token) => token.text.startsWith(`${key}=`));
  if (has('dedup-window') && config.effect !== 'idempotency-key') {
    const token = header.tokens.find((candidate) => candidate.text.startsWith('dedup-window='))!;
    throw new ScenarioSyntaxError(header.line, token.column, 'dedup-window needs effect=idempotency-key (the window is how long the payment service keeps a key)');
  }
  const problems = validateDeliveryConfig(config);
  if (problems.length > 0) throw new ScenarioSyntaxError(header.line, header.tokens[0]!.column, problems.join('; '));
  return config;
}

export function parseDeliveryStep(line: ScenarioLine, config: DeliveryConfig): DeliveryScenarioStep {
  const [verb, ...args] = line.tokens as [Token, ...Token[]];
  const after = verb.column + verb.text.length + 1;
  const fail = (token: Token | undefined, message: string): never => {
    throw new ScenarioSyntaxError(line.line, token?.column ?? after, message);
  };
  const expectArgs = (count: number, usage: string) => {
    if (args.length < count) fail(undefined, `missing argument: ${usage}`);
    if (args.length > count) fail(args[count], `unexpected "${args[count]!.text}": ${usage}`);
  };
  const words = (expected: readonly string[], usage: string) => {
    expectArgs(expected.length, usage);
    expected.forEach((word, index) => {
      if (args[index]!.text !== word) fail(args[index], `expected "${word}": ${usage}`);
    });
  };
  const step = (body: DeliveryStepBody): DeliveryScenarioStep => ({ ...body, line: line.line, text: line.text, narration: line.narration });
  const crashable = (token: Token): CrashableNode => {
    const node = oneOf<CrashableNode>(token.text, ['producer', 'consumer', 'relay'], line.line, token.column, 'the component');
    if (node === 'relay' && config.effect !== 'outbox') fail(token, 'there is no relay: only effect=outbox has one');
    return node;
  };

  switch (verb.text) {
    case 'produce':
      expectArgs(1, 'produce <count>');
      return step({ kind: 'produce', count: parseWholeNumber(args[0]!.text, line.line, args[0]!.column, 'count', 1, MAX_PRODUCE) });
    case 'crash':
      if (args.length === 2) {
        const node = crashable(args[0]!);
        const points = POINTS[node];
        if (!points.includes(args[1]!.text)) fail(args[1], `a ${node} crashes at ${points.join(', ')}, got "${args[1]!.text}"`);
        return step({ kind: 'arm-crash', trap: { node, point: args[1]!.text } as CrashTrap });
      }
      break;
    case 'lose':
      words(['next', 'ack'], 'lose next ack');
      return step({ kind: 'lose-next-ack' });
    case 'failover':
      words(['broker'], 'failover broker');
      return step({ kind: 'failover' });
    case 'zombie':
      words(['producer'], 'zombie producer');
      return step({ kind: 'zombie' });
    case 'rebalance':
      if (args.length === 0) return step({ kind: 'rebalance', when: 'now' });
      words(['after-effect'], 'rebalance [after-effect]');
      return step({ kind: 'rebalance', when: 'after-effect' });
    case 'run':
    case 'advance':
      expectArgs(1, `${verb.text} <duration>`);
      return step({ kind: verb.text, durationMs: parseDeliveryDuration(args[0]!.text, line.line, args[0]!.column, 'the duration', true) });
    case 'expect':
      return step({ kind: 'expect', expectation: parseExpectation(line, args, fail) });
    default:
      break;
  }
  if (isNetworkWord(verb.text)) {
    if (verb.text !== 'crash' && verb.text !== 'restart') fail(verb, `"${verb.text}": the delivery lab has no network partitions (its faults are crashes, lost acks, failovers, zombies and rebalances)`);
    return step(parseNetworkWords(line, verb as Token & { text: 'crash' | 'restart' }, args, { crashable, movable: crashable, endpoint: crashable, crashableName: 'producer|consumer|relay', movableName: 'component', partitionUsage: '' }));
  }
  return fail(verb, `unknown command "${verb.text}" (known: ${COMMANDS})`);
}

function parseExpectation(line: ScenarioLine, args: readonly Token[], fail: (token: Token | undefined, message: string) => never): DeliveryExpectation {
  const first = args[0];
  if (!first) return fail(undefined, `missing expectation (known: ${EXPECTATIONS})`);
  const rest = (count: number) => {
    if (args.length > count) fail(args[count], `unexpected "${args[count]!.text}" (known: ${EXPECTATIONS})`);
  };
  if (first.text === 'exactly-once') {
    rest(1);
    return { kind: 'exactly-once' };
  }
  if (first.text === 'output') {
    if (args[1]?.text !== 'exactly-once') fail(args[1], 'expected "output exactly-once"');
    rest(2);
    return { kind: 'output-exactly-once' };
  }
  if (first.text === 'guarantee') {
    if (!args[1]) fail(undefined, 'missing guarantee: exactly-once, at-least-once, at-most-once or none');
    rest(2);
    return { kind: 'guarantee', guarantee: oneOf<Guarantee>(args[1]!.text, ['exactly-once', 'at-least-once', 'at-most-once', 'none'], line.line, args[1]!.column, 'the guarantee') };
  }
  if ((COUNTERS as readonly string[]).includes(first.text)) {
    const comparison = args[1];
    if (!comparison || !(COMPARISONS as readonly string[]).includes(comparison.text)) fail(comparison, `expected a comparison (${COMPARISONS.join(' ')}) after ${first.text}`);
    const value = args[2];
    if (!value) fail(undefined, `missing number: expect ${first.text} ${comparison!.text} <n>`);
    rest(3);
    return { kind: 'count', counter: first.text as Counter, comparison: comparison!.text as Comparison, value: parseWholeNumber(value!.text, line.line, value!.column, first.text, 0, 1_000_000) };
  }
  return fail(first, `unknown expectation "${first.text}" (known: ${EXPECTATIONS})`);
}

// ——— Writing a run back as a scenario (the page's "Replay what you did") ———

/** The header line that reads back into `config` (options at their defaults left out). */
export function formatDeliveryHeader(config: DeliveryConfig): string {
  const defaults = defaultDeliveryConfig();
  const words = ['delivery', `producer=${config.producer}`, `consumer=${config.consumer}`, `effect=${config.effect}`, `seed=${config.seed}`];
  if (config.acks !== defaults.acks) words.push(`acks=${config.acks}`);
  if (config.isolation !== defaults.isolation) words.push(`isolation=${config.isolation}`);
  if (config.partitions !== defaults.partitions) words.push(`partitions=${config.partitions}`);
  if (config.effect === 'idempotency-key' && config.dedupWindowMs !== defaults.dedupWindowMs) words.push(`dedup-window=${config.dedupWindowMs}ms`);
  if (config.autoCommitIntervalMs !== defaults.autoCommitIntervalMs) words.push(`auto-commit-interval=${config.autoCommitIntervalMs}ms`);
  if (config.requestTimeoutMs !== defaults.requestTimeoutMs) words.push(`request-timeout=${config.requestTimeoutMs}ms`);
  if (config.bug !== null) words.push(`bug=${config.bug}`);
  return words.join(' ');
}

/** A user's command as the scenario line that does the same. */
export function formatDeliveryCommand(command: DeliveryCommand): string[] {
  switch (command.type) {
    case 'produce':
      return [`produce ${command.count}`];
    case 'arm-crash':
      return [`crash ${command.trap.node} ${command.trap.point}`];
    case 'lose-next-ack':
      return ['lose next ack'];
    case 'failover':
      return ['failover broker'];
    case 'zombie':
      return ['zombie producer'];
    case 'rebalance':
      return [command.when === 'now' ? 'rebalance' : 'rebalance after-effect'];
    default:
      // The delivery lab has no islands: its network words are crash and restart.
      return formatNetworkCommand(command, []);
  }
}

/**
 * The scenario that replays `commands` (each at its virtual time) on `config` up to `endMs`: the
 * essay's evidence exports the run up to the moment on screen, not past it.
 */
export function deliveryScenarioOf(config: DeliveryConfig, commands: readonly { readonly timeMs: number; readonly command: DeliveryCommand }[], endMs: number): string {
  const lines = [formatDeliveryHeader(config)];
  let atMs = 0;
  for (const { timeMs, command } of commands) {
    if (timeMs > atMs) lines.push(`run ${Math.round((timeMs - atMs) * 1000) / 1000}ms`);
    atMs = Math.max(atMs, timeMs);
    lines.push(...formatDeliveryCommand(command));
  }
  if (endMs > atMs) lines.push(`run ${Math.round((endMs - atMs) * 1000) / 1000}ms`);
  return `${lines.join('\n')}\n`;
}
