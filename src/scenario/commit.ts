// The transactions lab's scenario grammar (`commit`): header options, then one command per line,
// parsed into steps with line and column errors. Network words come from the shared reader.
//
//   commit protocol=2pc participants=3 seed=1     (protocol: 2pc 3pc saga; saga=orchestrated|choreographed)
//   txn t1 · vote p2 no · crash coordinator · restart p1 · partition coordinator,p1 | p2,p3 · heal
//   drop next p2->coordinator · run 1s · read t2 balances
//   expect outcome t1 committed · expect blocked p2 · expect atomic · expect not-atomic · expect anomaly

import {
  COORDINATOR,
  defaultCommitConfig,
  isParticipantId,
  MAX_PARTICIPANTS,
  MIN_PARTICIPANTS,
  PARTICIPANT_STATES,
  PLANTED_BUGS,
  PROTOCOLS,
  SAGA_STYLES,
  TXN_OUTCOMES,
  validateCommitConfig,
  type CommitCommand,
  type CommitConfig,
  type NodeId,
  type ParticipantDisplayState,
  type ParticipantId,
  type PlantedBug,
  type Protocol,
  type SagaStyle,
  type TxnOutcome,
} from '../kernel/protocols/commit/index.ts';
import { parseDurationMs, parseMs, parseOption, parseRange, parseScenarioLines, parseWholeNumber, ScenarioSyntaxError, type ScenarioError, type ScenarioLine, type Token } from './lexer.ts';
import { formatNetworkCommand, isNetworkWord, parseNetworkWords, type NetworkStepBody } from './network-words.ts';

export type CommitExpectation =
  | { readonly kind: 'outcome'; readonly txn: string; readonly outcome: TxnOutcome }
  /** Prepared (or precommitted), holding locks, past its timeout with no decision known. */
  | { readonly kind: 'blocked' | 'not-blocked'; readonly participant: ParticipantId }
  | { readonly kind: 'state'; readonly participant: ParticipantId; readonly state: ParticipantDisplayState }
  | { readonly kind: 'atomic' | 'not-atomic' | 'anomaly' | 'no-anomaly' };

export type CommitStepBody =
  | { readonly kind: 'txn'; readonly txn: string }
  | { readonly kind: 'vote'; readonly participant: ParticipantId; readonly yes: boolean }
  | { readonly kind: 'drop'; readonly from: NodeId; readonly to: NodeId }
  | { readonly kind: 'read'; readonly reader: string }
  | { readonly kind: 'run'; readonly durationMs: number }
  | NetworkStepBody<NodeId, NodeId, NodeId>
  | { readonly kind: 'expect'; readonly expectation: CommitExpectation };

export type CommitScenarioStep = CommitStepBody & {
  readonly line: number;
  /** The line as written, without its comment. */
  readonly text: string;
  /** The comment lines just above it: what a lesson says before this step. */
  readonly narration: string;
};

export interface CommitScenario {
  readonly lab: 'commit';
  readonly config: CommitConfig;
  readonly steps: readonly CommitScenarioStep[];
}

const COMMANDS = 'txn, vote, drop next, read, run, crash, restart, isolate, partition, heal, cut, restore, expect';
const HEADER_OPTIONS = 'protocol, saga, participants, seed, latency, timeout, semantic-lock, amount, bug';
const EXPECTATIONS = 'outcome <txn> <outcome>, blocked <participant>, not-blocked <participant>, state <participant> <state>, atomic, not-atomic, anomaly, no-anomaly';

export function parseCommitScenario(header: ScenarioLine, body: readonly ScenarioLine[]): { ok: true; scenario: CommitScenario } | { ok: false; errors: readonly ScenarioError[] } {
  const parsed = parseScenarioLines(header, body, {
    parseHeader: parseCommitHeader,
    // Keep checking the other lines against the largest cluster, so one run reports every error.
    fallbackConfig: () => defaultCommitConfig({ participantCount: MAX_PARTICIPANTS }),
    parseStep: parseCommitStep,
  });
  return parsed.ok ? { ok: true, scenario: { lab: 'commit', config: parsed.config, steps: parsed.steps } } : parsed;
}

export function parseCommitHeader(header: ScenarioLine): CommitConfig {
  const options = header.tokens.slice(1).map((token) => ({ token, ...parseOption(token, header.line) }));
  let config = defaultCommitConfig();
  const seen = new Set<string>();
  for (const { token, key, value, valueColumn } of options) {
    const line = header.line;
    if (seen.has(key)) throw new ScenarioSyntaxError(line, token.column, `"${key}" is given twice`);
    seen.add(key);
    switch (key) {
      case 'protocol':
        config = { ...config, protocol: oneOf<Protocol>(value, PROTOCOLS, line, valueColumn, 'protocol') };
        break;
      case 'saga':
        config = { ...config, sagaStyle: oneOf<SagaStyle>(value, SAGA_STYLES, line, valueColumn, 'saga') };
        break;
      case 'participants':
        config = { ...config, participantCount: parseWholeNumber(value, line, valueColumn, 'participants', MIN_PARTICIPANTS, MAX_PARTICIPANTS) };
        break;
      case 'seed':
        config = { ...config, seed: parseWholeNumber(value, line, valueColumn, 'seed', 0, 0xffffffff) };
        break;
      case 'latency': {
        const [min, max] = parseRange(value, line, valueColumn, 'latency');
        config = { ...config, latencyMsMin: min, latencyMsMax: max };
        break;
      }
      case 'timeout':
        config = { ...config, timeoutMs: parseMs(value, line, valueColumn, 'timeout') };
        break;
      case 'semantic-lock':
        config = { ...config, semanticLock: parseSwitch(value, line, valueColumn, 'semantic-lock') };
        break;
      case 'amount':
        config = { ...config, amount: parseWholeNumber(value, line, valueColumn, 'amount', 1, 100) };
        break;
      case 'bug':
        config = { ...config, bug: oneOf<PlantedBug>(value, PLANTED_BUGS, line, valueColumn, 'bug') };
        break;
      default:
        throw new ScenarioSyntaxError(line, token.column, `unknown option "${key}" (known: ${HEADER_OPTIONS})`);
    }
  }
  // `saga=choreographed` alone means a saga.
  if (seen.has('saga') && !seen.has('protocol')) config = { ...config, protocol: 'saga' };
  if (seen.has('saga') && config.protocol !== 'saga') throw new ScenarioSyntaxError(header.line, options.find((option) => option.key === 'saga')!.token.column, 'saga=… needs protocol=saga');
  const problems = validateCommitConfig(config);
  if (problems.length > 0) throw new ScenarioSyntaxError(header.line, header.tokens[0]!.column, problems.join('; '));
  return config;
}

export function parseCommitStep(line: ScenarioLine, config: CommitConfig): CommitScenarioStep {
  const [verb, ...args] = line.tokens as [Token, ...Token[]];
  const after = verb.column + verb.text.length + 1;
  const fail = (token: Token | undefined, message: string): never => {
    throw new ScenarioSyntaxError(line.line, token?.column ?? after, message);
  };
  const expectArgs = (count: number, usage: string) => {
    if (args.length < count) fail(undefined, `missing argument: ${usage}`);
    if (args.length > count) fail(args[count], `unexpected "${args[count]!.text}": ${usage}`);
  };
  const step = (body: CommitStepBody): CommitScenarioStep => ({ ...body, line: line.line, text: line.text, narration: line.narration });
  const node = (token: Token) => nodeId(token, line.line, config);
  const participant = (token: Token) => participantId(token, line.line, config);

  if (isNetworkWord(verb.text)) {
    return step(
      parseNetworkWords(line, verb as Token & { text: typeof verb.text }, args, {
        crashable: node,
        movable: node,
        endpoint: node,
        crashableName: 'node',
        movableName: 'node',
        partitionUsage: 'partition coordinator,p1 | p2,p3',
      }),
    );
  }
  switch (verb.text) {
    case 'txn':
      expectArgs(1, 'txn <name>, e.g. txn t1');
      return step({ kind: 'txn', txn: transactionName(args[0]!, line.line) });
    case 'vote': {
      expectArgs(2, 'vote <participant> yes|no');
      const answer = args[1]!.text;
      if (answer !== 'yes' && answer !== 'no') fail(args[1], `a vote is yes or no, got "${answer}"`);
      return step({ kind: 'vote', participant: participant(args[0]!), yes: answer === 'yes' });
    }
    case 'drop': {
      if (args[0]?.text !== 'next') fail(args[0], 'usage: drop next <from>-><to>, e.g. drop next p2->coordinator');
      expectArgs(2, 'drop next <from>-><to>');
      const link = args[1]!;
      const arrow = link.text.indexOf('->');
      if (arrow <= 0 || arrow === link.text.length - 2) fail(link, `expected <from>-><to>, e.g. p2->coordinator, got "${link.text}"`);
      const from = node({ text: link.text.slice(0, arrow), column: link.column });
      const to = node({ text: link.text.slice(arrow + 2), column: link.column + arrow + 2 });
      if (from === to) fail(link, 'a message goes between two different nodes');
      return step({ kind: 'drop', from, to });
    }
    case 'read': {
      expectArgs(2, 'read <reader> balances, e.g. read t2 balances');
      if (args[1]!.text !== 'balances') fail(args[1], `a reader reads balances, got "${args[1]!.text}"`);
      return step({ kind: 'read', reader: transactionName(args[0]!, line.line) });
    }
    case 'run':
      expectArgs(1, 'run <duration>, e.g. run 1s');
      return step({ kind: 'run', durationMs: parseDurationMs(args[0]!, line.line) });
    case 'expect':
      return step({ kind: 'expect', expectation: parseExpectation(line, verb, args, config) });
    default:
      return fail(verb, `unknown command "${verb.text}" (known: ${COMMANDS})`);
  }
}

function parseExpectation(line: ScenarioLine, verb: Token, args: readonly Token[], config: CommitConfig): CommitExpectation {
  const what = args[0];
  const fail = (token: Token | undefined, message: string): never => {
    throw new ScenarioSyntaxError(line.line, token?.column ?? verb.column + verb.text.length + 1, message);
  };
  const expectArgs = (count: number, usage: string) => {
    if (args.length < count) fail(undefined, `missing argument: expect ${usage}`);
    if (args.length > count) fail(args[count], `unexpected "${args[count]!.text}": expect ${usage}`);
  };
  if (!what) return fail(undefined, `missing expectation (known: ${EXPECTATIONS})`);
  switch (what.text) {
    case 'outcome': {
      expectArgs(3, 'outcome <txn> <outcome>');
      const outcome = oneOf<TxnOutcome>(args[2]!.text, TXN_OUTCOMES, line.line, args[2]!.column, 'outcome');
      return { kind: 'outcome', txn: transactionName(args[1]!, line.line), outcome };
    }
    case 'blocked':
    case 'not-blocked':
      expectArgs(2, `${what.text} <participant>`);
      return { kind: what.text, participant: participantId(args[1]!, line.line, config) };
    case 'state': {
      expectArgs(3, 'state <participant> <state>');
      const state = oneOf<ParticipantDisplayState>(args[2]!.text, PARTICIPANT_STATES, line.line, args[2]!.column, 'state');
      return { kind: 'state', participant: participantId(args[1]!, line.line, config), state };
    }
    case 'atomic':
    case 'not-atomic':
    case 'anomaly':
    case 'no-anomaly':
      expectArgs(1, what.text);
      return { kind: what.text };
    default:
      return fail(what, `unknown expectation "${what.text}" (known: ${EXPECTATIONS})`);
  }
}

function transactionName(token: Token, line: number): string {
  if (!/^[A-Za-z][\w-]{0,15}$/.test(token.text)) throw new ScenarioSyntaxError(line, token.column, `a transaction name is a letter then letters, digits, - or _ (at most 16), got "${token.text}"`);
  return token.text;
}

function participantId(token: Token, line: number, config: CommitConfig): ParticipantId {
  const index = isParticipantId(token.text) ? Number(token.text.slice(1)) : 0;
  if (index < 1 || index > config.participantCount) {
    throw new ScenarioSyntaxError(line, token.column, `unknown participant "${token.text}" (participants: ${Array.from({ length: config.participantCount }, (_, at) => `p${at + 1}`).join(', ')})`);
  }
  return token.text as ParticipantId;
}

function nodeId(token: Token, line: number, config: CommitConfig): NodeId {
  if (token.text === COORDINATOR) return COORDINATOR;
  if (isParticipantId(token.text) && Number(token.text.slice(1)) <= config.participantCount) return token.text as ParticipantId;
  throw new ScenarioSyntaxError(line, token.column, `unknown node "${token.text}" (nodes: coordinator, ${Array.from({ length: config.participantCount }, (_, at) => `p${at + 1}`).join(', ')})`);
}

function parseSwitch(text: string, line: number, column: number, what: string): boolean {
  if (text === 'on' || text === 'true') return true;
  if (text === 'off' || text === 'false') return false;
  throw new ScenarioSyntaxError(line, column, `${what} is on or off, got "${text}"`);
}

function oneOf<Value extends string>(text: string, allowed: readonly Value[], line: number, column: number, what: string): Value {
  if (!(allowed as readonly string[]).includes(text)) throw new ScenarioSyntaxError(line, column, `${what} must be one of ${allowed.join(', ')}, got "${text}"`);
  return text as Value;
}

// ——— Writing it back: the user's actions as a scenario ("Replay what you did") ———

/** The header line that reads back into `config` (options at their defaults left out). */
export function formatCommitHeader(config: CommitConfig): string {
  const defaults = defaultCommitConfig();
  const words = ['commit', `protocol=${config.protocol}`];
  if (config.protocol === 'saga') words.push(`saga=${config.sagaStyle}`);
  words.push(`participants=${config.participantCount}`, `seed=${config.seed}`);
  if (config.latencyMsMin !== defaults.latencyMsMin || config.latencyMsMax !== defaults.latencyMsMax) words.push(`latency=${config.latencyMsMin}-${config.latencyMsMax}`);
  if (config.timeoutMs !== defaults.timeoutMs) words.push(`timeout=${config.timeoutMs}ms`);
  if (config.semanticLock) words.push('semantic-lock=on');
  if (config.amount !== defaults.amount) words.push(`amount=${config.amount}`);
  if (config.bug !== null) words.push(`bug=${config.bug}`);
  return words.join(' ');
}

/**
 * One user command as scenario lines. A vote for one transaction only has no word in the grammar
 * (the page's buttons always mean "from now on"), so it is written as such with a comment.
 */
export function formatCommitCommand(command: CommitCommand, groupsAfter: readonly (readonly string[])[]): string[] {
  switch (command.type) {
    case 'txn':
      return [`txn ${command.txn}`];
    case 'vote':
      return command.txn === null ? [`vote ${command.participant} ${command.yes ? 'yes' : 'no'}`] : [`# vote ${command.participant} ${command.yes ? 'yes' : 'no'} in ${command.txn} only: written for every later transaction`, `vote ${command.participant} ${command.yes ? 'yes' : 'no'}`];
    case 'drop-next':
      return [`drop next ${command.from}->${command.to}`];
    case 'read':
      return [`read ${command.reader} balances`];
    default:
      return formatNetworkCommand(command, groupsAfter);
  }
}
