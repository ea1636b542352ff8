// Parser for Porcupine's key-value logs: one EDN map per line, {:process 0, :type :invoke, :f :get, :key "1", :value nil}.
import { createHistory, type History, type OperationDraft } from './history.ts';
import type { KeyValueInput, KeyValueOutput } from './models.ts';
import { HistoryParseError, numberedLines } from './parse-error.ts';

const ednString = String.raw`"(?:[^"\\]|\\.)*"`;
const linePattern = new RegExp(
  String.raw`^\{\s*:process\s+(\S+?),\s*:type\s+(\S+?),\s*:f\s+(\S+?),\s*:key\s+(${ednString}),\s*:value\s+(nil|${ednString})\s*\}\s*$`,
  'd',
);

interface Pending {
  readonly process: number;
  readonly function: 'get' | 'put' | 'append';
  readonly key: string;
  readonly value: string | null;
  readonly line: number;
  readonly draftIndex: number;
}

/** EDN string escapes used by Jepsen (\" \\ \n \t) are also JSON's, so JSON reads them. */
function readEdnString(token: string, line: number, column: number): string {
  try {
    return JSON.parse(token) as string;
  } catch {
    throw new HistoryParseError(line, column, `cannot read string ${token}`);
  }
}

/**
 * Line order is real-time order; times are line numbers. Every invoke is completed by the next
 * :ok (or :fail, :info) of the same process. A get returning nil reads as the empty string, the
 * model's initial value.
 */
export function parseKeyValueLog(text: string): History<KeyValueInput, KeyValueOutput> {
  const drafts: (OperationDraft<KeyValueInput, KeyValueOutput> | undefined)[] = [];
  const pendingByProcess = new Map<number, Pending>();

  for (const { line, text: lineText } of numberedLines(text)) {
    if (lineText.trim() === '') continue;
    const match = linePattern.exec(lineText);
    if (match === null) {
      throw new HistoryParseError(line, 1, 'expected {:process <int>, :type <type>, :f <f>, :key "<key>", :value <nil|"<value>">}');
    }
    const columnOf = (group: number): number => (match.indices?.[group]?.[0] ?? 0) + 1;
    if (!/^\d+$/.test(match[1]!)) throw new HistoryParseError(line, columnOf(1), `process ${JSON.stringify(match[1])} is not an integer`);
    const process = Number(match[1]);
    const type = match[2]!;
    const functionToken = match[3]!;
    if (functionToken !== ':get' && functionToken !== ':put' && functionToken !== ':append') {
      throw new HistoryParseError(line, columnOf(3), `unknown function ${JSON.stringify(functionToken)}: expected :get, :put or :append`);
    }
    const operationFunction = functionToken.slice(1) as Pending['function'];
    const key = readEdnString(match[4]!, line, columnOf(4));
    const value = match[5] === 'nil' ? null : readEdnString(match[5]!, line, columnOf(5));

    if (type === ':invoke') {
      const earlier = pendingByProcess.get(process);
      if (earlier !== undefined) {
        throw new HistoryParseError(line, columnOf(1), `process ${process} invokes again while its operation from line ${earlier.line} is still pending`);
      }
      if (operationFunction !== 'get' && value === null) throw new HistoryParseError(line, columnOf(5), `a ${operationFunction} needs a string value`);
      drafts.push(undefined);
      pendingByProcess.set(process, { process, function: operationFunction, key, value, line, draftIndex: drafts.length - 1 });
      continue;
    }
    if (type !== ':ok' && type !== ':fail' && type !== ':info') {
      throw new HistoryParseError(line, columnOf(2), `unknown type ${JSON.stringify(type)}: expected :invoke, :ok, :fail or :info`);
    }
    const pending = pendingByProcess.get(process);
    if (pending === undefined) throw new HistoryParseError(line, columnOf(1), `process ${process} completes an operation it never invoked`);
    if (pending.function !== operationFunction || pending.key !== key) {
      throw new HistoryParseError(line, columnOf(3), `process ${process} invoked :${pending.function} of ${JSON.stringify(pending.key)} on line ${pending.line} but completes :${operationFunction} of ${JSON.stringify(key)}`);
    }
    if (operationFunction !== 'get' && value !== pending.value) {
      throw new HistoryParseError(line, columnOf(5), `the ${operationFunction} completes with a different value than it was invoked with (line ${pending.line})`);
    }
    pendingByProcess.delete(process);
    drafts[pending.draftIndex] = draftFor(pending, type, value, line);
  }
  for (const pending of pendingByProcess.values()) drafts[pending.draftIndex] = draftFor(pending, ':info', null, 0);
  return createHistory(
    drafts.filter((draft): draft is OperationDraft<KeyValueInput, KeyValueOutput> => draft !== undefined),
    'line',
  );
}

function draftFor(pending: Pending, type: ':ok' | ':fail' | ':info', value: string | null, line: number): OperationDraft<KeyValueInput, KeyValueOutput> {
  const { key } = pending;
  const input: KeyValueInput =
    pending.function === 'get' ? { kind: 'get', key } : { kind: pending.function, key, value: pending.value ?? '' };
  const base = { clientId: `p${pending.process}`, input, invocationTime: pending.line, completionTime: line, sourceLine: pending.line };
  if (type === ':info') return { ...base, status: 'indeterminate', output: undefined };
  if (type === ':fail') return { ...base, status: 'fail', output: undefined };
  const output: KeyValueOutput = input.kind === 'get' ? { kind: 'get', value: value ?? '' } : { kind: input.kind };
  return { ...base, status: 'ok', output };
}
