// The clocks lab's scenario grammar: processes in the header, then local/send/recv events and happens-before expectations.
//
//   clocks processes=p1,p2,p3 seed=3
//   local p1 a
//   send p1 p2 m1                 # send event on p1 carrying message m1
//   recv p2 m1
//   expect p1:a -> p2:recv(m1)    # happens-before; `||` for concurrent
//
// Everything that can be known without running (unknown process, a receive before its send, an
// expectation naming an event that never happens) is reported here with line and column, so a
// bad file exits 2 before anything runs.

import { ExecutionBuilder, ExecutionBuildError, type EventId, type Execution, type ProcessId } from '../kernel/protocols/clocks/index.ts';
import { parseOption, parseWholeNumber, ScenarioSyntaxError, toScenarioError, type ScenarioError, type ScenarioLine, type Token } from './lexer.ts';

export const CLOCKS_PROCESSES_MIN = 1;
export const CLOCKS_PROCESSES_MAX = 8;

/** How an expectation names an event: `p1:a` (a local event), `p2:send(m1)`, `p2:recv(m1)` or `p1:3` (third event on p1). */
export interface ClocksEventReference {
  readonly text: string;
  readonly process: ProcessId;
  readonly column: number;
}

export type ClocksRelationOperator = '->' | '||';

export type ClocksStepBody =
  | { readonly kind: 'local'; readonly process: ProcessId; readonly name: string; readonly eventId: EventId }
  | { readonly kind: 'send'; readonly from: ProcessId; readonly to: ProcessId; readonly message: string; readonly eventId: EventId }
  | { readonly kind: 'recv'; readonly process: ProcessId; readonly message: string; readonly eventId: EventId }
  | {
      readonly kind: 'expect';
      readonly operator: ClocksRelationOperator;
      readonly first: ClocksEventReference;
      readonly second: ClocksEventReference;
      /** Resolved event ids (the expectation may name events later in the file). */
      readonly firstId: EventId;
      readonly secondId: EventId;
    };

export type ClocksScenarioStep = ClocksStepBody & {
  readonly line: number;
  /** The line as written, without its comment. */
  readonly text: string;
  /** The comment lines just above it: what a lesson says before this step. */
  readonly narration: string;
};

export interface ClocksScenario {
  readonly lab: 'clocks';
  readonly processes: readonly ProcessId[];
  /** Recorded for the random generator and printed with the result; the steps themselves are not random. */
  readonly seed: number;
  readonly steps: readonly ClocksScenarioStep[];
  /** The execution the event lines describe (every event line, in file order). */
  readonly execution: Execution;
}

const NAME_PATTERN = /^[A-Za-z0-9_.-]+$/;
const DEFAULT_PROCESSES: readonly ProcessId[] = ['p1', 'p2', 'p3'];

/** Event ids the scenario gives: `p1:a`, `p1:send(m1)`, `p2:recv(m1)`; the same text an expectation uses. */
export function clocksEventId(process: ProcessId, kind: 'local' | 'send' | 'recv', name: string): EventId {
  return kind === 'local' ? `${process}:${name}` : `${process}:${kind}(${name})`;
}

export function parseClocksScenario(
  header: ScenarioLine,
  body: readonly ScenarioLine[],
): { ok: true; scenario: ClocksScenario } | { ok: false; errors: readonly ScenarioError[] } {
  const errors: ScenarioError[] = [];
  let processes: readonly ProcessId[] = DEFAULT_PROCESSES;
  let seed = 1;
  try {
    ({ processes, seed } = parseClocksHeader(header));
  } catch (error) {
    errors.push(toScenarioError(error));
  }
  const builder = new ExecutionBuilder(processes);
  const steps: ClocksScenarioStep[] = [];
  // Positions per process, so `p1:3` can be resolved after every event line has been read.
  const eventsByProcess = new Map<ProcessId, EventId[]>(processes.map((process) => [process, []]));
  const pendingExpectations: { line: ScenarioLine; first: ClocksEventReference; second: ClocksEventReference; operator: ClocksRelationOperator }[] = [];

  for (const line of body) {
    try {
      const step = parseClocksStep(line, processes, builder);
      if (step === null) continue;
      if (step.kind === 'expect') {
        pendingExpectations.push({ line, first: step.first, second: step.second, operator: step.operator });
      } else {
        const process = step.kind === 'send' ? step.from : step.process;
        eventsByProcess.get(process)?.push(step.eventId);
      }
      steps.push(step);
    } catch (error) {
      errors.push(toScenarioError(error));
    }
  }

  const execution = builder.build();
  const known = new Set(execution.events.map((event) => event.id));
  const resolve = (line: ScenarioLine, reference: ClocksEventReference): EventId => {
    const position = /^(.+):(\d+)$/.exec(reference.text);
    if (position && !known.has(reference.text)) {
      const lane = eventsByProcess.get(reference.process) ?? [];
      const index = Number(position[2]);
      const found = lane[index - 1];
      if (found === undefined) {
        throw new ScenarioSyntaxError(line.line, reference.column, `${reference.process} has ${lane.length} event${lane.length === 1 ? '' : 's'}, so there is no event ${reference.text}`);
      }
      return found;
    }
    if (!known.has(reference.text)) {
      const lane = eventsByProcess.get(reference.process) ?? [];
      const hint = lane.length === 0 ? `${reference.process} has no events` : `events on ${reference.process}: ${lane.slice(0, 8).join(', ')}${lane.length > 8 ? ', …' : ''}`;
      throw new ScenarioSyntaxError(line.line, reference.column, `no event "${reference.text}" in this scenario (${hint})`);
    }
    return reference.text;
  };
  const resolvedSteps = steps.map((step) => {
    if (step.kind !== 'expect') return step;
    try {
      const line = pendingExpectations.find((entry) => entry.line.line === step.line)!.line;
      return { ...step, firstId: resolve(line, step.first), secondId: resolve(line, step.second) };
    } catch (error) {
      errors.push(toScenarioError(error));
      return step;
    }
  });
  if (errors.length > 0) return { ok: false, errors: errors.sort((first, second) => first.line - second.line || first.column - second.column) };
  return { ok: true, scenario: { lab: 'clocks', processes, seed, steps: resolvedSteps, execution } };
}

export function parseClocksHeader(header: ScenarioLine): { processes: readonly ProcessId[]; seed: number } {
  let processes: readonly ProcessId[] = DEFAULT_PROCESSES;
  let seed = 1;
  for (const token of header.tokens.slice(1)) {
    const { key, value, valueColumn } = parseOption(token, header.line);
    if (key === 'processes') processes = parseProcessList(value, header.line, valueColumn);
    else if (key === 'seed') seed = parseWholeNumber(value, header.line, valueColumn, 'seed', 0, 0xffffffff);
    else throw new ScenarioSyntaxError(header.line, token.column, `unknown option "${key}" (known: processes, seed)`);
  }
  return { processes, seed };
}

function parseProcessList(value: string, line: number, column: number): ProcessId[] {
  const names: ProcessId[] = [];
  let at = column;
  for (const part of value.split(',')) {
    if (part === '') throw new ScenarioSyntaxError(line, at, 'a process name is empty (check the commas)');
    if (!NAME_PATTERN.test(part)) {
      throw new ScenarioSyntaxError(line, at, `process name "${part}" may only use letters, digits, _ . and -`);
    }
    if (names.includes(part)) throw new ScenarioSyntaxError(line, at, `process ${part} is named twice`);
    names.push(part);
    at += part.length + 1;
  }
  if (names.length < CLOCKS_PROCESSES_MIN || names.length > CLOCKS_PROCESSES_MAX) {
    throw new ScenarioSyntaxError(line, column, `processes must list ${CLOCKS_PROCESSES_MIN} to ${CLOCKS_PROCESSES_MAX} names, got ${names.length}`);
  }
  return names;
}

/** One line; event lines are appended to `builder` at once so order problems are found where they are written. */
function parseClocksStep(line: ScenarioLine, processes: readonly ProcessId[], builder: ExecutionBuilder): ClocksScenarioStep | null {
  const [verb, ...args] = line.tokens as [Token, ...Token[]];
  // A missing argument is reported just after the last thing written on the line.
  const at = (token: Token | undefined) => token?.column ?? endOfLine(line);
  const fail = (token: Token | undefined, message: string): never => {
    throw new ScenarioSyntaxError(line.line, at(token), message);
  };
  const expectArgs = (count: number, usage: string) => {
    if (args.length < count) fail(undefined, `missing argument: ${usage}`);
    if (args.length > count) fail(args[count], `unexpected "${args[count]!.text}": ${usage}`);
  };
  const process = (token: Token): ProcessId => {
    if (!processes.includes(token.text)) fail(token, `unknown process "${token.text}" (this scenario has ${processes.join(', ')})`);
    return token.text;
  };
  const name = (token: Token, what: string): string => {
    if (!NAME_PATTERN.test(token.text)) fail(token, `${what} "${token.text}" may only use letters, digits, _ . and -`);
    return token.text;
  };
  const build = <T>(token: Token, append: () => T): T => {
    try {
      return append();
    } catch (error) {
      if (error instanceof ExecutionBuildError) return fail(token, error.message);
      throw error;
    }
  };
  const step = (body: ClocksStepBody): ClocksScenarioStep => ({ ...body, line: line.line, text: line.text, narration: line.narration });

  switch (verb.text) {
    case 'local': {
      expectArgs(2, 'local <process> <name>, e.g. local p1 a');
      const where = process(args[0]!);
      const label = name(args[1]!, 'event name');
      const eventId = build(args[1]!, () => builder.local(where, label, clocksEventId(where, 'local', label)));
      return step({ kind: 'local', process: where, name: label, eventId });
    }
    case 'send': {
      expectArgs(3, 'send <from> <to> <message>, e.g. send p1 p2 m1');
      const from = process(args[0]!);
      const to = process(args[1]!);
      if (from === to) fail(args[1], `${from} cannot send to itself: a step on one process is a local event`);
      const message = name(args[2]!, 'message name');
      const eventId = build(args[2]!, () => builder.send(from, to, message, `send ${message}`, clocksEventId(from, 'send', message)));
      return step({ kind: 'send', from, to, message, eventId });
    }
    case 'recv':
    case 'receive': {
      expectArgs(2, 'recv <process> <message>, e.g. recv p2 m1');
      const where = process(args[0]!);
      const message = name(args[1]!, 'message name');
      const eventId = build(args[1]!, () => builder.receive(where, message, `recv ${message}`, clocksEventId(where, 'recv', message)));
      return step({ kind: 'recv', process: where, message, eventId });
    }
    case 'expect':
      return step(parseExpectation(line, args, processes));
    default:
      return fail(verb, `unknown command "${verb.text}" (known: local, send, recv, expect)`);
  }
}

function endOfLine(line: ScenarioLine): number {
  const last = line.tokens[line.tokens.length - 1]!;
  return last.column + last.text.length + 1;
}

function parseExpectation(line: ScenarioLine, args: readonly Token[], processes: readonly ProcessId[]): ClocksStepBody {
  const usage = 'expect <event> -> <event> (happens before) or expect <event> || <event> (concurrent), e.g. expect p1:a -> p2:recv(m1)';
  const fail = (token: Token | undefined, message: string): never => {
    throw new ScenarioSyntaxError(line.line, token?.column ?? endOfLine(line), message);
  };
  const [first, operatorToken, ...rest] = args;
  if (!first) return fail(undefined, `missing expectation: ${usage}`);
  if (!operatorToken) return fail(undefined, `missing relation after "${first.text}": -> or ||`);
  let operator: ClocksRelationOperator;
  let secondToken: Token | undefined;
  // The shared lexer makes each "|" its own token, so "||" arrives as two adjacent bars.
  const bar = rest[0];
  if (operatorToken.text === '|' && bar?.text === '|' && bar.column === operatorToken.column + 1) {
    operator = '||';
    secondToken = rest[1];
    if (rest.length > 2) fail(rest[2], `unexpected "${rest[2]!.text}": ${usage}`);
  } else if (operatorToken.text === '->' || operatorToken.text === '→') {
    operator = '->';
    secondToken = rest[0];
    if (rest.length > 1) fail(rest[1], `unexpected "${rest[1]!.text}": ${usage}`);
  } else if (operatorToken.text === '∥') {
    operator = '||';
    secondToken = rest[0];
    if (rest.length > 1) fail(rest[1], `unexpected "${rest[1]!.text}": ${usage}`);
  } else {
    return fail(operatorToken, `expected -> (happens before) or || (concurrent), got "${operatorToken.text}"`);
  }
  if (!secondToken) return fail(undefined, `missing the second event: ${usage}`);
  return {
    kind: 'expect',
    operator,
    first: eventReference(line, first, processes),
    second: eventReference(line, secondToken, processes),
    firstId: first.text,
    secondId: secondToken.text,
  };
}

function eventReference(line: ScenarioLine, token: Token, processes: readonly ProcessId[]): ClocksEventReference {
  const colon = token.text.indexOf(':');
  if (colon <= 0 || colon === token.text.length - 1) {
    throw new ScenarioSyntaxError(line.line, token.column, `expected an event like p1:a, p1:send(m1), p2:recv(m1) or p1:2, got "${token.text}"`);
  }
  const process = token.text.slice(0, colon);
  if (!processes.includes(process)) {
    throw new ScenarioSyntaxError(line.line, token.column, `unknown process "${process}" (this scenario has ${processes.join(', ')})`);
  }
  return { text: token.text, process, column: token.column };
}
