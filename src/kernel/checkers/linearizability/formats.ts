// The history formats `npm run check` reads, detected from the text, and the check of a parsed history with its model.
import { checkLinearizability, type CheckOptions, type LinearizabilityResult } from './checker.ts';
import type { History } from './history.ts';
import { keyValueModel, registerModel, type KeyValueInput, type KeyValueOutput, type RegisterInput, type RegisterOutput } from './models.ts';
import { HistoryParseError } from './parse-error.ts';
import { parseEtcdLog } from './parse-etcd.ts';
import { parseJsonHistory } from './parse-json.ts';
import { parseKeyValueLog } from './parse-kv.ts';

export type HistoryFormat = 'etcd' | 'kv' | 'json';
export const historyFormats: readonly HistoryFormat[] = ['etcd', 'kv', 'json'];

/** A history together with the model it is meant for. */
export type ParsedHistory =
  | { readonly model: 'register'; readonly history: History<RegisterInput, RegisterOutput> }
  | { readonly model: 'key-value'; readonly history: History<KeyValueInput, KeyValueOutput> };

export type CheckedHistoryResult = LinearizabilityResult<RegisterInput, RegisterOutput> | LinearizabilityResult<KeyValueInput, KeyValueOutput>;

/** Guesses the format from the first non-blank line; `undefined` when nothing fits. */
export function detectHistoryFormat(text: string): HistoryFormat | undefined {
  const firstLine = text.split('\n').find((line) => line.trim() !== '')?.trim();
  if (firstLine === undefined) return 'json';
  if (firstLine.startsWith('INFO')) return 'etcd';
  if (firstLine.startsWith('{:')) return 'kv';
  if (firstLine.startsWith('{')) return 'json';
  return undefined;
}

export function parseHistory(text: string, format?: HistoryFormat): ParsedHistory {
  const chosen = format ?? detectHistoryFormat(text);
  switch (chosen) {
    case 'etcd':
      return { model: 'register', history: parseEtcdLog(text) };
    case 'kv':
      return { model: 'key-value', history: parseKeyValueLog(text) };
    case 'json':
      return parseJsonHistory(text);
    case undefined: {
      const lineIndex = text.split('\n').findIndex((line) => line.trim() !== '');
      throw new HistoryParseError(lineIndex + 1, 1, 'unknown history format: expected a Jepsen etcd log (INFO  jepsen.util ...), a key-value log ({:process ...}) or JSON lines ({"client": ...}); or pass --format');
    }
  }
}

/** Checks a parsed history against the model it names (register or key-value, both partitioned by key). */
export function checkParsedHistory(parsed: ParsedHistory, options: CheckOptions = {}): CheckedHistoryResult {
  return parsed.model === 'register'
    ? checkLinearizability(parsed.history, registerModel, options)
    : checkLinearizability(parsed.history, keyValueModel, options);
}
