// Parser for Porcupine's Jepsen etcd register logs ("INFO  jepsen.util - <process> <type> <f> <value>").
import { createHistory, type History, type OperationDraft, type OperationStatus } from './history.ts';
import type { RegisterInput, RegisterOutput, RegisterValue } from './models.ts';
import { HistoryParseError, numberedLines } from './parse-error.ts';

/** The Jepsen etcd test drives a single register; explanations call it by this name. */
export const etcdRegisterKey = 'register';

const linePattern = /^INFO\s+jepsen\.util\s+-\s+(\S+)\s+(\S+)\s+(\S+)(?:\s+(.*?))?\s*$/d;

type Value = { kind: 'nil' } | { kind: 'number'; value: number } | { kind: 'pair'; from: RegisterValue; to: RegisterValue } | { kind: 'timed-out' };

interface Pending {
  readonly process: number;
  readonly function: 'read' | 'write' | 'cas';
  readonly value: Value;
  readonly line: number;
}

function parseScalar(token: string): RegisterValue | undefined {
  if (token === 'nil') return null;
  if (/^-?\d+$/.test(token)) return Number(token);
  return undefined;
}

function parseValue(token: string, line: number, column: number): Value {
  if (token === 'nil') return { kind: 'nil' };
  if (token === ':timed-out') return { kind: 'timed-out' };
  if (/^-?\d+$/.test(token)) return { kind: 'number', value: Number(token) };
  const pair = /^\[\s*(\S+)\s+(\S+)\s*\]$/.exec(token);
  if (pair !== null) {
    const from = parseScalar(pair[1]!);
    const to = parseScalar(pair[2]!);
    if (from !== undefined && to !== undefined) return { kind: 'pair', from, to };
  }
  throw new HistoryParseError(line, column, `cannot read value ${JSON.stringify(token)}: expected nil, an integer, [from to] or :timed-out`);
}

/**
 * Reads the log in line order, which is its real-time order: an operation's times are the line
 * numbers of its invocation and of its return. Interpretation, following Porcupine's etcd model:
 * - `:ok` completes the process's pending operation with the observed output;
 * - `:fail :cas [a b]` is etcd answering "compare failed": a definite observation that the register
 *   did not hold `a`, kept as a cas that did not swap (dropping it would lose that information);
 * - `:fail :read`/`:fail :write` did not happen and are marked `fail` (the checker removes them);
 * - `:info` (a timeout), or no return at all, leaves the operation indeterminate.
 */
export function parseEtcdLog(text: string): History<RegisterInput, RegisterOutput> {
  const drafts: (OperationDraft<RegisterInput, RegisterOutput> | undefined)[] = [];
  const pendingByProcess = new Map<number, Pending & { draftIndex: number }>();

  for (const { line, text: lineText } of numberedLines(text)) {
    if (lineText.trim() === '') continue;
    const match = linePattern.exec(lineText);
    if (match === null) {
      throw new HistoryParseError(line, 1, 'expected "INFO  jepsen.util - <process> <type> <f> <value>"');
    }
    const columnOf = (group: number): number => (match.indices?.[group]?.[0] ?? 0) + 1;
    const processToken = match[1]!;
    const type = match[2]!;
    const functionToken = match[3]!;
    const valueToken = match[4] ?? '';
    if (!/^\d+$/.test(processToken)) throw new HistoryParseError(line, columnOf(1), `process ${JSON.stringify(processToken)} is not an integer`);
    const process = Number(processToken);
    if (functionToken !== ':read' && functionToken !== ':write' && functionToken !== ':cas') {
      throw new HistoryParseError(line, columnOf(3), `unknown function ${JSON.stringify(functionToken)}: expected :read, :write or :cas`);
    }
    const operationFunction = functionToken.slice(1) as Pending['function'];
    if (valueToken === '') throw new HistoryParseError(line, lineText.length + 1, 'missing value');
    const value = parseValue(valueToken, line, columnOf(4));

    if (type === ':invoke') {
      if (pendingByProcess.has(process)) {
        const earlier = pendingByProcess.get(process)!;
        throw new HistoryParseError(line, columnOf(1), `process ${process} invokes again while its operation from line ${earlier.line} is still pending`);
      }
      if (operationFunction === 'write' && value.kind !== 'number' && value.kind !== 'nil') {
        throw new HistoryParseError(line, columnOf(4), 'a write needs a value');
      }
      if (operationFunction === 'cas' && value.kind !== 'pair') throw new HistoryParseError(line, columnOf(4), 'a cas needs [from to]');
      drafts.push(undefined);
      pendingByProcess.set(process, { process, function: operationFunction, value, line, draftIndex: drafts.length - 1 });
      continue;
    }
    if (type !== ':ok' && type !== ':fail' && type !== ':info') {
      throw new HistoryParseError(line, columnOf(2), `unknown type ${JSON.stringify(type)}: expected :invoke, :ok, :fail or :info`);
    }
    const pending = pendingByProcess.get(process);
    if (pending === undefined) throw new HistoryParseError(line, columnOf(1), `process ${process} completes an operation it never invoked`);
    if (pending.function !== operationFunction) {
      throw new HistoryParseError(line, columnOf(3), `process ${process} invoked :${pending.function} on line ${pending.line} but completes :${operationFunction}`);
    }
    pendingByProcess.delete(process);
    drafts[pending.draftIndex] = completeOperation(pending, type, value, line, columnOf(4));
  }
  for (const pending of pendingByProcess.values()) drafts[pending.draftIndex] = completeOperation(pending, ':info', { kind: 'timed-out' }, 0, 0);
  return createHistory(
    drafts.filter((draft): draft is OperationDraft<RegisterInput, RegisterOutput> => draft !== undefined),
    'line',
  );
}

function invocationInput(pending: Pending): RegisterInput {
  const key = etcdRegisterKey;
  const value = pending.value;
  if (pending.function === 'read') return { kind: 'read', key };
  if (pending.function === 'write') return { kind: 'write', key, value: value.kind === 'number' ? value.value : null };
  if (value.kind !== 'pair') throw new Error('unreachable: cas validated at invocation');
  return { kind: 'cas', key, expected: value.from, value: value.to };
}

function completeOperation(pending: Pending, type: ':ok' | ':fail' | ':info', value: Value, line: number, column: number): OperationDraft<RegisterInput, RegisterOutput> {
  const input = invocationInput(pending);
  const base = { clientId: `p${pending.process}`, input, invocationTime: pending.line, completionTime: line, sourceLine: pending.line };
  if (type === ':info') return { ...base, status: 'indeterminate', output: undefined };
  if (input.kind === 'read') {
    if (type === ':fail') return { ...base, status: 'fail', output: undefined };
    if (value.kind !== 'nil' && value.kind !== 'number') throw new HistoryParseError(line, column, 'a read returns nil or an integer');
    return { ...base, status: 'ok', output: { kind: 'read', value: value.kind === 'number' ? value.value : null } };
  }
  if (input.kind === 'write') {
    const written = value.kind === 'number' ? value.value : value.kind === 'nil' ? null : undefined;
    if (written !== input.value) throw new HistoryParseError(line, column, `the write completes with a different value than it was invoked with (line ${pending.line})`);
    const status: OperationStatus = type === ':ok' ? 'ok' : 'fail';
    return { ...base, status, output: { kind: 'write' } };
  }
  if (value.kind !== 'pair' || value.from !== input.expected || value.to !== input.value) {
    throw new HistoryParseError(line, column, `the cas completes with a different [from to] than it was invoked with (line ${pending.line})`);
  }
  return { ...base, status: 'ok', output: { kind: 'cas', swapped: type === ':ok' } };
}
