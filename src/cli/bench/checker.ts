// Benchmark section for the linearizability checker: wall time per Porcupine history, plus a large synthetic history.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import {
  checkLinearizability,
  checkParsedHistory,
  detectHistoryFormat,
  parseHistory,
  registerModel,
  type CheckedHistoryResult,
} from '../../kernel/checkers/linearizability/index.ts';
import { randomRegisterHistory } from '../../kernel/checkers/linearizability/random-histories.ts';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const porcupineDirectory = path.resolve(repositoryRoot, 'test', 'fixtures', 'porcupine', 'test_data');
const porcupineFiles = [
  'jepsen/etcd_000.log',
  'jepsen/etcd_001.log',
  'jepsen/etcd_002.log',
  'jepsen/etcd_100.log',
  'kv/c01-ok.txt',
  'kv/c01-bad.txt',
  'kv/c10-ok.txt',
  'kv/c10-bad.txt',
];
/** Runs per workload; the median is reported so one slow run (GC, a busy core) does not decide. */
const runCount = 5;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function timeRuns<T>(work: () => T): { result: T; medianMs: number; minimumMs: number } {
  const elapsed: number[] = [];
  let result: T | undefined;
  for (let run = 0; run < runCount; run++) {
    const startMs = performance.now();
    result = work();
    elapsed.push(performance.now() - startMs);
  }
  return { result: result!, medianMs: median(elapsed), minimumMs: Math.min(...elapsed) };
}

const pad = (text: string, width: number): string => text.padEnd(width);
const padLeft = (text: string, width: number): string => text.padStart(width);

export async function runCheckerBench(log: (line: string) => void): Promise<void> {
  log(`## linearizability checker (Wing & Gong / Lowe search, median of ${runCount} runs, wall time)`);
  log(`${pad('workload', 24)}${pad('ops', 6)}${pad('info', 6)}${pad('keys', 6)}${pad('verdict', 18)}${padLeft('steps', 10)}${padLeft('parse ms', 10)}${padLeft('check ms', 10)}${padLeft('min ms', 9)}`);
  for (const file of porcupineFiles) {
    let text: string;
    try {
      text = readFileSync(path.join(porcupineDirectory, file), 'utf8');
    } catch {
      log(`${pad(file, 24)}skipped: ${path.join(porcupineDirectory, file)} not found`);
      continue;
    }
    const parse = timeRuns(() => parseHistory(text));
    const parsed = parse.result;
    const check = timeRuns((): CheckedHistoryResult => checkParsedHistory(parsed));
    const operations = parsed.history.operations;
    log(
      `${pad(file, 24)}${pad(String(operations.length), 6)}${pad(String(operations.filter((operation) => operation.status === 'indeterminate').length), 6)}` +
        `${pad(String(check.result.partitions.length), 6)}${pad(check.result.verdict, 18)}${padLeft(String(check.result.stepsUsed), 10)}` +
        `${padLeft(parse.medianMs.toFixed(2), 10)}${padLeft(check.medianMs.toFixed(2), 10)}${padLeft(check.minimumMs.toFixed(2), 9)}` +
        ` (${detectHistoryFormat(text)})`,
    );
  }

  // Until the replicated store exists, a seeded synthetic history of the size a minute of simulated
  // time might produce (5 clients, 3 keys) stands in for "the largest history the lab can produce".
  for (const operationCount of [1_000, 10_000]) {
    const history = randomRegisterHistory(7, { clientCountMax: 5, operationCountMin: operationCount, operationCountMax: operationCount, keys: ['x', 'y', 'z'] });
    const check = timeRuns(() => checkLinearizability(history, registerModel));
    const label = `synthetic ${history.operations.length} ops`;
    log(
      `${pad(label, 24)}${pad(String(history.operations.length), 6)}${pad(String(history.operations.filter((operation) => operation.status === 'indeterminate').length), 6)}` +
        `${pad(String(check.result.partitions.length), 6)}${pad(check.result.verdict, 18)}${padLeft(String(check.result.stepsUsed), 10)}` +
        `${padLeft('-', 10)}${padLeft(check.medianMs.toFixed(2), 10)}${padLeft(check.minimumMs.toFixed(2), 9)} (seed 7)`,
    );
  }
}
