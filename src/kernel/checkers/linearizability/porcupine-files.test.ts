// Porcupine's Jepsen etcd and key-value histories (test/fixtures/porcupine) give the verdicts its README states.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkLinearizability } from './checker.ts';
import { createHistory } from './history.ts';
import { checkParsedHistory, detectHistoryFormat, parseHistory } from './formats.ts';
import { keyValueModelWithoutPartitioning, registerModel } from './models.ts';
import { parseEtcdLog } from './parse-etcd.ts';
import { parseKeyValueLog } from './parse-kv.ts';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const testDataDirectory = path.resolve(repositoryRoot, 'test', 'fixtures', 'porcupine', 'test_data');
const read = (file: string): string => readFileSync(path.join(testDataDirectory, file), 'utf8');

// From test/fixtures/README.md §1, asserted by Porcupine's porcupine_test.go and ahorn/linearizability-checker.
const expectations = [
  { file: 'jepsen/etcd_000.log', linearizable: false, operationCount: 85 },
  { file: 'jepsen/etcd_001.log', linearizable: false, operationCount: 86 },
  { file: 'jepsen/etcd_002.log', linearizable: true, operationCount: 77 },
  { file: 'jepsen/etcd_100.log', linearizable: true, operationCount: 77 },
  { file: 'kv/c01-ok.txt', linearizable: true, operationCount: 58 },
  { file: 'kv/c01-bad.txt', linearizable: false, operationCount: 38 },
  { file: 'kv/c10-ok.txt', linearizable: true, operationCount: 337 },
  { file: 'kv/c10-bad.txt', linearizable: false, operationCount: 405 },
  { file: 'kv/c50-ok.txt', linearizable: true, operationCount: 1712 },
  { file: 'kv/c50-bad.txt', linearizable: false, operationCount: 2024 },
] as const;

describe('Porcupine test data: verdicts as stated in the README', () => {
  for (const { file, linearizable, operationCount } of expectations) {
    it(`${file} is ${linearizable ? 'linearizable' : 'NOT linearizable'} (${operationCount} operations)`, () => {
      const text = read(file);
      expect(detectHistoryFormat(text)).toBe(file.startsWith('jepsen') ? 'etcd' : 'kv');
      const parsed = parseHistory(text);
      expect(parsed.history.operations.length).toBe(operationCount);
      const result = checkParsedHistory(parsed);
      expect(result.verdict).toBe(linearizable ? 'linearizable' : 'not-linearizable');
      expect(result.explanation !== undefined).toBe(!linearizable);
    });
  }

  it('etcd logs: :info operations are indeterminate and :fail :read is dropped (etcd_100)', () => {
    const parsed = parseHistory(read('jepsen/etcd_100.log'));
    const operations = parsed.history.operations;
    expect(operations.filter((operation) => operation.status === 'indeterminate').length).toBe(11);
    expect(operations.filter((operation) => operation.status === 'fail' && operation.input.kind === 'read').length).toBe(5);
  });

  it('c01-bad: the witness the README gives, a get of "7" on line 59 missing the append completed on line 56', () => {
    const result = checkParsedHistory(parseHistory(read('kv/c01-bad.txt')));
    const explanation = result.explanation!;
    expect(explanation.partitionKey).toBe('7');
    expect(explanation.blockedOperation.sourceLine).toBe(59);
    expect(explanation.stateAfterPrefix).toBe('"7" holds "x 0 0 yx 0 3 y"');
    expect(result.message).toContain('returned "x 0 0 y"');
  });

  it('etcd_000: the explanation names a read that cannot be placed and writes that came too late', () => {
    const explanation = checkParsedHistory(parseHistory(read('jepsen/etcd_000.log'))).explanation!;
    expect(explanation.blockedOperation.input.kind).toBe('read');
    expect(explanation.longestPrefix.length).toBeGreaterThan(0);
    expect(explanation.candidates.every((candidate) => !candidate.reason.startsWith('it is legal'))).toBe(true);
  });

  it('key-value files: the same verdicts without partitioning (c01 only; c10 takes minutes unpartitioned, as in Go)', () => {
    expect(checkLinearizability(parseKeyValueLog(read('kv/c01-ok.txt')), keyValueModelWithoutPartitioning).verdict).toBe('linearizable');
    expect(checkLinearizability(parseKeyValueLog(read('kv/c01-bad.txt')), keyValueModelWithoutPartitioning).verdict).toBe('not-linearizable');
  });

  it('etcd logs: reading :fail :cas as "did not happen" (Knossos) instead of "compare failed" (Porcupine) gives the same verdicts', () => {
    for (const { file, linearizable } of expectations.filter((expectation) => expectation.file.startsWith('jepsen'))) {
      const history = parseEtcdLog(read(file));
      const dropped = createHistory(
        history.operations.map((operation) => (operation.output?.kind === 'cas' && !operation.output.swapped ? { ...operation, status: 'fail' as const } : operation)),
        history.timeUnit,
      );
      expect(checkLinearizability(dropped, registerModel).verdict, file).toBe(linearizable ? 'linearizable' : 'not-linearizable');
    }
  });

  it('c50-bad: decided by the search in turns long before the budget (one key after another, key "0" alone took over 3 M steps without an answer)', () => {
    const result = checkParsedHistory(parseHistory(read('kv/c50-bad.txt')));
    expect(result.verdict).toBe('not-linearizable');
    expect(result.stepsUsed).toBeLessThan(500_000);
    expect(result.explanation!.foundBy).toBe('search');
    // The keys still searched when one failed stay unknown; none is called linearizable by mistake.
    expect(result.partitions.filter((partition) => partition.verdict === 'not-linearizable')).toHaveLength(1);
  });

  it('a budget too small for etcd_002 answers unknown, not a wrong verdict', () => {
    const result = checkParsedHistory(parseHistory(read('jepsen/etcd_002.log')), { stepBudget: 10_000 });
    expect(result.verdict).toBe('unknown');
  });
});
