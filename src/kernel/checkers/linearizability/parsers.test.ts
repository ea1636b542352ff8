// Parsers: each format read correctly, malformed input rejected with line and column, the JSON export read back unchanged.
import { describe, expect, it } from 'vitest';
import { checkParsedHistory, detectHistoryFormat, parseHistory, type ParsedHistory } from './formats.ts';
import { HistoryParseError } from './parse-error.ts';
import { parseEtcdLog } from './parse-etcd.ts';
import { formatJsonHistory, parseJsonHistory } from './parse-json.ts';
import { parseKeyValueLog } from './parse-kv.ts';
import { randomKeyValueHistory, randomRegisterHistory } from './random-histories.ts';

function parseErrorOf(parse: () => unknown): HistoryParseError {
  try {
    parse();
  } catch (error) {
    if (error instanceof HistoryParseError) return error;
    throw error;
  }
  throw new Error('expected a HistoryParseError');
}

describe('Jepsen etcd log', () => {
  it('reads tabs and column-aligned spaces alike, pairs returns with invocations by process', () => {
    const text = [
      'INFO  jepsen.util - 0\t:invoke\t:write\t1',
      'INFO  jepsen.util - 1   :invoke :cas    [1 2]',
      'INFO  jepsen.util - 0\t:ok\t:write\t1',
      'INFO  jepsen.util - 1   :ok     :cas    [1 2]',
      'INFO  jepsen.util - 2   :invoke :read   nil',
      'INFO  jepsen.util - 3   :invoke :write  4',
      'INFO  jepsen.util - 2   :ok     :read   2',
      'INFO  jepsen.util - 3   :info   :write  :timed-out',
      'INFO  jepsen.util - 4   :invoke :cas    [0 3]',
      'INFO  jepsen.util - 4   :fail   :cas    [0 3]',
      'INFO  jepsen.util - 5   :invoke :read   nil',
      'INFO  jepsen.util - 5   :fail   :read   :timed-out',
      '',
    ].join('\n');
    const history = parseEtcdLog(text);
    expect(history.operations.map((operation) => [operation.clientId, operation.input.kind, operation.status, operation.invocationTime, operation.completionTime])).toEqual([
      ['p0', 'write', 'ok', 1, 3],
      ['p1', 'cas', 'ok', 2, 4],
      ['p2', 'read', 'ok', 5, 7],
      ['p3', 'write', 'indeterminate', 6, Infinity],
      ['p4', 'cas', 'ok', 9, 10],
      ['p5', 'read', 'fail', 11, 12],
    ]);
    expect(history.operations[4]!.output).toEqual({ kind: 'cas', swapped: false });
    expect(checkParsedHistory({ model: 'register', history }).verdict).toBe('linearizable');
  });

  it('rejects malformed lines with line and column', () => {
    expect(parseErrorOf(() => parseEtcdLog('INFO  jepsen.util - 0 :invoke :read nil\nWARN something')).message).toBe(
      '2:1: expected "INFO  jepsen.util - <process> <type> <f> <value>"',
    );
    const badValue = parseErrorOf(() => parseEtcdLog('INFO  jepsen.util - 0 :invoke :write x1'));
    expect([badValue.line, badValue.column]).toEqual([1, 38]);
    expect(parseErrorOf(() => parseEtcdLog('INFO  jepsen.util - 0 :ok :read 1')).message).toMatch(/^1:21: process 0 completes an operation it never invoked/);
    expect(parseErrorOf(() => parseEtcdLog('INFO  jepsen.util - 0 :invoke :read nil\nINFO  jepsen.util - 0 :invoke :read nil')).message).toMatch(/^2:21: process 0 invokes again/);
    expect(parseErrorOf(() => parseEtcdLog('INFO  jepsen.util - 0 :invoke :inc 1')).message).toMatch(/^1:31: unknown function/);
  });
});

describe('Porcupine key-value log', () => {
  it('reads EDN maps; a get that returns nil reads as the empty string', () => {
    const history = parseKeyValueLog(
      [
        '{:process 0, :type :invoke, :f :put, :key "a", :value "x"}',
        '{:process 1, :type :invoke, :f :get, :key "a", :value nil}',
        '{:process 0, :type :ok, :f :put, :key "a", :value "x"}',
        '{:process 1, :type :ok, :f :get, :key "a", :value nil}',
        '{:process 2, :type :invoke, :f :append, :key "b", :value "say \\"hi\\""}',
      ].join('\n'),
    );
    expect(history.operations.map((operation) => [operation.input, operation.output, operation.status])).toEqual([
      [{ kind: 'put', key: 'a', value: 'x' }, { kind: 'put' }, 'ok'],
      [{ kind: 'get', key: 'a' }, { kind: 'get', value: '' }, 'ok'],
      [{ kind: 'append', key: 'b', value: 'say "hi"' }, undefined, 'indeterminate'],
    ]);
  });

  it('rejects malformed lines with line and column', () => {
    expect(parseErrorOf(() => parseKeyValueLog('{:process 0, :type :invoke, :f :get, :key "a"}')).line).toBe(1);
    const wrongFunction = parseErrorOf(() => parseKeyValueLog('{:process 0, :type :invoke, :f :delete, :key "a", :value nil}'));
    expect([wrongFunction.line, wrongFunction.column]).toEqual([1, 32]);
    expect(parseErrorOf(() => parseKeyValueLog('\n{:process 0, :type :invoke, :f :put, :key "a", :value nil}')).message).toMatch(/^2:55: a put needs a string value/);
  });
});

describe('Quorum Lab JSON lines', () => {
  it('reads operations, skips records without "op", maps timeout to indeterminate', () => {
    const parsed = parseJsonHistory(
      [
        '{"format":"quorum-lab-history","version":1,"model":"register"}',
        '{"client":"c1","op":"write","key":"x","value":1,"status":"ok","invoke_ms":0,"complete_ms":10}',
        '{"client":"c2","op":"read","key":"x","value":1,"status":"ok","invoke_ms":5,"complete_ms":20}',
        '{"client":"c1","op":"write","key":"x","value":2,"status":"timeout","invoke_ms":30,"complete_ms":null}',
        '{"verdict":"linearizable"}',
      ].join('\n'),
    );
    expect(parsed.model).toBe('register');
    expect(parsed.history.operations.map((operation) => operation.status)).toEqual(['ok', 'ok', 'indeterminate']);
    expect(parsed.history.operations[2]!.completionTime).toBe(Infinity);
  });

  it('rejects bad records with line and column of the field', () => {
    const missing = parseErrorOf(() => parseJsonHistory('\n{"client":"c1","op":"read","key":"x","value":1,"status":"ok","invoke_ms":5}'));
    expect(missing.message).toBe('2:1: complete_ms must be an integer (null only when status is "timeout")');
    const badStatus = parseErrorOf(() => parseJsonHistory('{"client":"c1","op":"read","key":"x","value":1,"status":"maybe","invoke_ms":5,"complete_ms":6}'));
    expect([badStatus.line, badStatus.column]).toEqual([1, 48]);
    const mixed = parseErrorOf(() =>
      parseJsonHistory('{"client":"c1","op":"read","key":"x","value":1,"status":"ok","invoke_ms":5,"complete_ms":6}\n{"client":"c1","op":"get","key":"x","value":"","status":"ok","invoke_ms":7,"complete_ms":8}'),
    );
    expect(mixed.message).toMatch(/^2:\d+: op get belongs to the key-value model/);
    expect(parseErrorOf(() => parseJsonHistory('{"client": }')).line).toBe(1);
  });

  it('round-trips random register and key-value histories through the export format', () => {
    for (let seed = 1; seed <= 100; seed++) {
      const histories: ParsedHistory[] = [
        { model: 'register', history: randomRegisterHistory(seed, { clientCountMax: 3, operationCountMax: 8, keys: ['x', 'y'] }) },
        { model: 'key-value', history: randomKeyValueHistory(seed, { clientCountMax: 3, operationCountMax: 8, keys: ['x', 'y'] }) },
      ];
      for (const parsed of histories) {
        const text = formatJsonHistory(parsed);
        expect(detectHistoryFormat(text)).toBe('json');
        const again = parseHistory(text);
        expect(again.model).toBe(parsed.model);
        // sourceLine is new information from the file; everything else must survive unchanged.
        expect(again.history.operations.map(({ sourceLine: _sourceLine, ...operation }) => operation), `seed ${seed}`).toEqual(
          parsed.history.operations.map((operation) => ({
            ...operation,
            // A failed operation's output is not exported unless it is a read's value: the checker ignores it.
            output: again.history.operations[operation.id]!.output,
          })),
        );
        expect(checkParsedHistory(again).verdict).toBe(checkParsedHistory(parsed).verdict);
      }
    }
  });
});

describe('format detection', () => {
  it('tells the three formats apart and refuses anything else with a line number', () => {
    expect(detectHistoryFormat('\nINFO  jepsen.util - 0 :invoke :read nil')).toBe('etcd');
    expect(detectHistoryFormat('{:process 0, :type :invoke}')).toBe('kv');
    expect(detectHistoryFormat('{"client":"c1"}')).toBe('json');
    expect(parseErrorOf(() => parseHistory('\n\nhello')).message).toMatch(/^3:1: unknown history format/);
  });
});
