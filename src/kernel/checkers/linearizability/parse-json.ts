// Quorum Lab's own history format: JSON lines, one operation per line, as the app exports and the scenario CLI prints.
import { createHistory, type Operation, type OperationDraft, type OperationStatus } from './history.ts';
import type { KeyValueInput, KeyValueOutput, RegisterInput, RegisterOutput, RegisterValue } from './models.ts';
import { HistoryParseError, numberedLines } from './parse-error.ts';
import type { ParsedHistory } from './formats.ts';

export const jsonHistoryFormatName = 'quorum-lab-history';
export const jsonHistoryFormatVersion = 1;

const registerOperations = new Set(['read', 'write', 'cas']);
const keyValueOperations = new Set(['get', 'put', 'append']);

type JsonObject = Record<string, unknown>;

/** One exported operation, field names as the scenario CLI prints them (README.md, "JSON lines"). */
export interface JsonOperationRecord {
  client: string;
  op: 'read' | 'write' | 'cas' | 'get' | 'put' | 'append';
  key: string;
  value?: RegisterValue;
  expected?: RegisterValue;
  swapped?: boolean;
  status: 'ok' | 'fail' | 'timeout';
  invoke_ms: number;
  complete_ms: number | null;
}

/**
 * Reads JSON lines. A line with `"format"` is the header (optional, first); a line with `"op"` is
 * an operation; other objects (a verdict line printed by the scenario CLI, say) are skipped so
 * that output can be piped straight in. All operations must belong to one model: read/write/cas
 * (register) or get/put/append (key-value).
 */
export function parseJsonHistory(text: string): ParsedHistory {
  const registerDrafts: OperationDraft<RegisterInput, RegisterOutput>[] = [];
  const keyValueDrafts: OperationDraft<KeyValueInput, KeyValueOutput>[] = [];
  let model: 'register' | 'key-value' | undefined;
  let sawRecord = false;

  for (const { line, text: lineText } of numberedLines(text)) {
    if (lineText.trim() === '') continue;
    const record = parseLine(lineText, line);
    const fieldColumn = (field: string): number => {
      const index = lineText.indexOf(`"${field}"`);
      return index < 0 ? 1 : index + 1;
    };
    const fail = (field: string, reason: string): never => {
      throw new HistoryParseError(line, fieldColumn(field), reason);
    };

    if ('format' in record) {
      if (sawRecord) fail('format', 'the header must be the first line');
      if (record.format !== jsonHistoryFormatName) fail('format', `unknown format ${JSON.stringify(record.format)}: expected "${jsonHistoryFormatName}"`);
      if (record.version !== jsonHistoryFormatVersion) fail('version', `unsupported version ${JSON.stringify(record.version)}: expected ${jsonHistoryFormatVersion}`);
      if (record.model !== undefined && record.model !== 'register' && record.model !== 'key-value') {
        fail('model', `unknown model ${JSON.stringify(record.model)}: expected "register" or "key-value"`);
      }
      model = record.model as typeof model;
      sawRecord = true;
      continue;
    }
    sawRecord = true;
    if (!('op' in record)) continue;

    const op = record.op;
    if (typeof op !== 'string' || (!registerOperations.has(op) && !keyValueOperations.has(op))) {
      return fail('op', `unknown op ${JSON.stringify(op)}: expected read, write, cas, get, put or append`);
    }
    const operationModel = registerOperations.has(op) ? 'register' : 'key-value';
    if (model !== undefined && model !== operationModel) {
      fail('op', `op ${op} belongs to the ${operationModel} model but earlier operations are ${model} operations`);
    }
    model = operationModel;

    const client = record.client;
    if (typeof client !== 'string' && typeof client !== 'number') return fail('client', 'client must be a string');
    const key = record.key;
    if (typeof key !== 'string') return fail('key', 'key must be a string');
    const status = readStatus(record.status, () => fail('status', `status must be "ok", "fail" or "timeout", not ${JSON.stringify(record.status)}`));
    const invocationTime = record.invoke_ms;
    if (typeof invocationTime !== 'number' || !Number.isSafeInteger(invocationTime)) return fail('invoke_ms', 'invoke_ms must be an integer');
    let completionTime = Infinity;
    if (status !== 'indeterminate') {
      const complete = record.complete_ms;
      if (typeof complete !== 'number' || !Number.isSafeInteger(complete)) return fail('complete_ms', 'complete_ms must be an integer (null only when status is "timeout")');
      if (complete < invocationTime) fail('complete_ms', `complete_ms ${complete} is before invoke_ms ${invocationTime}`);
      completionTime = complete;
    }
    const base = { clientId: String(client), status, invocationTime, completionTime, sourceLine: line };
    const needsOutput = status === 'ok';

    if (operationModel === 'register') {
      const readValue = (field: string): RegisterValue => {
        const value = record[field];
        if (value === null || typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) return value;
        return fail(field, `${field} must be a number, a string or null`);
      };
      let input: RegisterInput;
      let output: RegisterOutput | undefined;
      if (op === 'read') {
        input = { kind: 'read', key };
        output = needsOutput || 'value' in record ? { kind: 'read', value: readValue('value') } : undefined;
      } else if (op === 'write') {
        input = { kind: 'write', key, value: readValue('value') };
        output = { kind: 'write' };
      } else {
        input = { kind: 'cas', key, expected: readValue('expected'), value: readValue('value') };
        if (needsOutput && typeof record.swapped !== 'boolean') fail('swapped', 'an ok cas needs "swapped": true or false');
        output = typeof record.swapped === 'boolean' ? { kind: 'cas', swapped: record.swapped } : undefined;
      }
      registerDrafts.push({ ...base, input, output: status === 'indeterminate' ? undefined : output });
    } else {
      const readString = (field: string): string => {
        const value = record[field];
        return typeof value === 'string' ? value : fail(field, `${field} must be a string`);
      };
      let input: KeyValueInput;
      let output: KeyValueOutput | undefined;
      if (op === 'get') {
        input = { kind: 'get', key };
        output = needsOutput || 'value' in record ? { kind: 'get', value: record.value === null ? '' : readString('value') } : undefined;
      } else {
        const kind = op === 'put' ? 'put' : 'append';
        input = { kind, key, value: readString('value') };
        output = { kind };
      }
      keyValueDrafts.push({ ...base, input, output: status === 'indeterminate' ? undefined : output });
    }
  }
  return model === 'key-value'
    ? { model: 'key-value', history: createHistory(keyValueDrafts, 'ms') }
    : { model: 'register', history: createHistory(registerDrafts, 'ms') };
}

function parseLine(lineText: string, line: number): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(lineText);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(message);
    throw new HistoryParseError(line, position === null ? 1 : Number(position[1]) + 1, `invalid JSON: ${message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HistoryParseError(line, 1, 'each line must be one JSON object (one operation per line)');
  }
  return value as JsonObject;
}

function readStatus(value: unknown, fail: () => never): OperationStatus {
  if (value === 'ok' || value === 'fail') return value;
  // "timeout" is the scenario CLI's word; "indeterminate" and "info" are accepted as synonyms.
  if (value === 'timeout' || value === 'indeterminate' || value === 'info') return 'indeterminate';
  return fail();
}

function recordFor(operation: Operation<RegisterInput, RegisterOutput> | Operation<KeyValueInput, KeyValueOutput>): JsonOperationRecord {
  const { input, output } = operation;
  // Field order is for people reading the file: who, what, which key, then values, then outcome and times.
  const record: JsonOperationRecord = { client: operation.clientId, op: input.kind, key: input.key } as JsonOperationRecord;
  if (input.kind === 'cas') record.expected = input.expected;
  if (input.kind === 'write' || input.kind === 'cas' || input.kind === 'put' || input.kind === 'append') record.value = input.value;
  if (output?.kind === 'read' || output?.kind === 'get') record.value = output.value;
  if (output?.kind === 'cas') record.swapped = output.swapped;
  record.status = operation.status === 'indeterminate' ? 'timeout' : operation.status;
  record.invoke_ms = operation.invocationTime;
  record.complete_ms = operation.status === 'indeterminate' ? null : operation.completionTime;
  return record;
}

/** Writes a history as JSON lines (header first) that `parseJsonHistory` reads back unchanged. */
export function formatJsonHistory(parsed: ParsedHistory): string {
  const lines = [JSON.stringify({ format: jsonHistoryFormatName, version: jsonHistoryFormatVersion, model: parsed.model })];
  for (const operation of parsed.history.operations) lines.push(JSON.stringify(recordFor(operation)));
  return `${lines.join('\n')}\n`;
}
