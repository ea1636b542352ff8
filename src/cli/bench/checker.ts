// Benchmark section for the linearizability checker: every fixture history (time, memory, verdict), optionally Porcupine's own timing side by side.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import {
  checkLinearizability,
  defaultStepBudget,
  keyValueModel,
  parseHistory,
  registerModel,
  startLinearizabilityCheck,
  type CheckedHistoryResult,
  type ParsedHistory,
} from '../../kernel/checkers/linearizability/index.ts';
import { labHistory, labWorkloads } from '../../kernel/checkers/linearizability/lab-histories.ts';
import { randomRegisterHistory } from '../../kernel/checkers/linearizability/random-histories.ts';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const fixtureDirectory = path.resolve(repositoryRoot, 'test', 'fixtures', 'porcupine', 'test_data');
/** Repeated runs per history after the first; the median is reported so one slow run (GC, a busy core) does not decide. */
const repeatCount = 4;
/** Steps per `advance` call: memory is sampled between calls (the verdict does not depend on it). */
const sampleSteps = 100_000;

const mebibytes = (bytes: number): string => (bytes / 2 ** 20).toFixed(1);
const pad = (text: string, width: number): string => text.padEnd(width);
const padLeft = (text: string, width: number): string => text.padStart(width);

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const collectGarbage = (): void => (globalThis as { gc?: () => void }).gc?.();
const heapBytes = (): number => {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
};

/** One check, in slices, as the worker and the CLI run it; the peak of heap + array buffers above the baseline. */
function checkMeasured(parsed: ParsedHistory): { result: CheckedHistoryResult; elapsedMs: number; cpuMs: number; peakBytes: number } {
  collectGarbage();
  const baseline = heapBytes();
  let peak = 0;
  const startCpu = process.cpuUsage();
  const startMs = performance.now();
  const check = parsed.model === 'register' ? startLinearizabilityCheck(parsed.history, registerModel) : startLinearizabilityCheck(parsed.history, keyValueModel);
  let result: CheckedHistoryResult | undefined;
  while (result === undefined && check.stepsUsed < defaultStepBudget) {
    result = check.advance(Math.min(sampleSteps, defaultStepBudget - check.stepsUsed));
    peak = Math.max(peak, heapBytes() - baseline);
  }
  const elapsedMs = performance.now() - startMs;
  const cpu = process.cpuUsage(startCpu);
  return { result: result ?? check.currentResult(), elapsedMs, cpuMs: (cpu.user + cpu.system) / 1000, peakBytes: peak };
}

interface HistoryFile {
  /** Path under test_data, e.g. `jepsen/etcd_002.log`. */
  readonly name: string;
  readonly fullPath: string;
  /** The verdict the source asserts, when known. */
  readonly linearizable: boolean | undefined;
}

function listHistories(testData: string, expected: ReadonlyMap<string, boolean>): HistoryFile[] {
  const files: HistoryFile[] = [];
  for (const folder of ['jepsen', 'kv']) {
    const directory = path.join(testData, folder);
    if (!existsSync(directory)) continue;
    for (const file of readdirSync(directory).sort()) {
      if (!/\.(log|txt)$/.test(file)) continue;
      const name = `${folder}/${file}`;
      files.push({ name, fullPath: path.join(directory, file), linearizable: expected.get(name) });
    }
  }
  return files;
}

/** Verdicts from test/fixtures/README.md's table (`| \`kv/c50-ok.txt\` | linearizable | 1,712 |`). */
function fixtureExpectations(): Map<string, boolean> {
  const readme = readFileSync(path.resolve(repositoryRoot, 'test', 'fixtures', 'README.md'), 'utf8');
  const expected = new Map<string, boolean>();
  for (const match of readme.matchAll(/^\| `((?:jepsen|kv)\/[^`]+)` \| (not linearizable|linearizable) \|/gm)) expected.set(match[1]!, match[2] === 'linearizable');
  return expected;
}

/**
 * Porcupine's test names, files and verdicts, read from its porcupine_test.go: `TestEtcdJepsen002`
 * calls `checkJepsen(t, 2, true)`; `TestKv50ClientsOk` calls `checkKv(t, "c50-ok", true, true)`
 * (the last argument: partitioned; the unpartitioned tests are not the ones timed).
 */
function porcupineTests(porcupineDirectory: string): { testToFile: Map<string, string>; expected: Map<string, boolean> } {
  const source = readFileSync(path.join(porcupineDirectory, 'porcupine_test.go'), 'utf8');
  const testToFile = new Map<string, string>();
  const expected = new Map<string, boolean>();
  for (const match of source.matchAll(/func (TestEtcdJepsen\d+)\(t \*testing\.T\) \{\s*checkJepsen\(t, (\d+), (true|false)\)/g)) {
    const file = `jepsen/etcd_${match[2]!.padStart(3, '0')}.log`;
    testToFile.set(match[1]!, file);
    expected.set(file, match[3] === 'true');
  }
  for (const match of source.matchAll(/func (TestKv\w+)\(t \*testing\.T\) \{\s*checkKv\(t, "([\w-]+)", (true|false), true\)/g)) {
    const file = `kv/${match[2]}.txt`;
    testToFile.set(match[1]!, file);
    expected.set(file, match[3] === 'true');
  }
  return { testToFile, expected };
}

/** Runs Porcupine's own tests once (`go test -v`) and reads each test's seconds; undefined when Go or the checkout is missing. */
function timePorcupine(porcupineDirectory: string, testToFile: ReadonlyMap<string, string>, log: (line: string) => void): Map<string, number> | undefined {
  let output: string;
  try {
    output = execFileSync('go', ['test', '-count=1', '-run', 'TestEtcdJepsen|TestKv[0-9]', '-v', '.'], { cwd: porcupineDirectory, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 2 ** 20 });
  } catch (error) {
    log(`Porcupine not timed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    return undefined;
  }
  const seconds = new Map<string, number>();
  for (const match of output.matchAll(/^--- (PASS|FAIL): (\w+) \(([\d.]+)s\)/gm)) {
    const file = testToFile.get(match[2]!);
    if (file !== undefined) seconds.set(file, Number(match[3]) * 1000);
  }
  return seconds;
}

function benchHistories(label: string, files: readonly HistoryFile[], porcupineMs: ReadonlyMap<string, number> | undefined, log: (line: string) => void): void {
  log(`### ${label}: ${files.length} histories`);
  log(
    `${pad('history', 22)}${padLeft('ops', 6)}${padLeft('info', 6)}${padLeft('keys', 6)}  ${pad('verdict', 18)}${pad('expected', 10)}${pad('found by', 20)}${padLeft('steps', 10)}` +
      `${padLeft('first ms', 10)}${padLeft('(cpu)', 8)}${padLeft('median ms', 11)}${padLeft('peak MiB', 10)}${porcupineMs ? padLeft('Porcupine ms', 14) : ''}`,
  );
  let firstTotalMs = 0;
  let firstCpuTotalMs = 0;
  let medianTotalMs = 0;
  let porcupineTotalMs = 0;
  let peakMax = 0;
  let agree = 0;
  let disagree = 0;
  let unknown = 0;
  for (const file of files) {
    const parsed = parseHistory(readFileSync(file.fullPath, 'utf8'));
    const first = checkMeasured(parsed);
    const repeats: number[] = [first.elapsedMs];
    for (let run = 0; run < repeatCount; run++) repeats.push(checkMeasured(parsed).elapsedMs);
    const medianMs = median(repeats);
    const { result } = first;
    const verdictAsBoolean = result.verdict === 'unknown' ? undefined : result.verdict === 'linearizable';
    let expectedText = '?';
    if (file.linearizable !== undefined) {
      if (verdictAsBoolean === undefined) unknown++;
      else if (verdictAsBoolean === file.linearizable) agree++;
      else disagree++;
      expectedText = verdictAsBoolean === file.linearizable ? 'agrees' : `WRONG (${file.linearizable ? 'lin.' : 'not lin.'})`;
    }
    firstTotalMs += first.elapsedMs;
    firstCpuTotalMs += first.cpuMs;
    medianTotalMs += medianMs;
    peakMax = Math.max(peakMax, first.peakBytes);
    const operations = parsed.history.operations;
    const foundBy = result.explanation?.foundBy ?? (result.verdict === 'linearizable' ? 'search' : '-');
    const porcupine = porcupineMs?.get(file.name);
    if (porcupine !== undefined) porcupineTotalMs += porcupine;
    log(
      `${pad(file.name, 22)}${padLeft(String(operations.length), 6)}${padLeft(String(operations.filter((operation) => operation.status === 'indeterminate').length), 6)}` +
        `${padLeft(String(result.partitions.length), 6)}  ${pad(result.verdict, 18)}${pad(expectedText, 10)}${pad(foundBy, 20)}${padLeft(String(result.stepsUsed), 10)}` +
        `${padLeft(first.elapsedMs.toFixed(1), 10)}${padLeft(first.cpuMs.toFixed(0), 8)}${padLeft(medianMs.toFixed(1), 11)}${padLeft(mebibytes(first.peakBytes), 10)}` +
        `${porcupineMs ? padLeft(porcupine === undefined ? '-' : porcupine.toFixed(0), 14) : ''}`,
    );
  }
  log(
    `total ${label}: first runs ${firstTotalMs.toFixed(0)} ms (${firstCpuTotalMs.toFixed(0)} ms of CPU), medians ${medianTotalMs.toFixed(0)} ms, largest peak ${mebibytes(peakMax)} MiB; ` +
      `verdicts: ${agree} agree, ${disagree} wrong, ${unknown} unknown of ${files.filter((file) => file.linearizable !== undefined).length} with a known verdict` +
      (porcupineMs ? `; Porcupine (go test, one run each, same files) ${porcupineTotalMs.toFixed(0)} ms: ours/Porcupine = ${(firstTotalMs / porcupineTotalMs).toFixed(2)} (first runs), ${(medianTotalMs / porcupineTotalMs).toFixed(2)} (medians)` : ''),
  );
}

export async function runCheckerBench(log: (line: string) => void): Promise<void> {
  log(
    `## linearizability checker: startLinearizabilityCheck + advance in ${sampleSteps}-step slices until a verdict (budget ${defaultStepBudget} steps), ` +
      `wall time of the first run and the median of ${repeatCount + 1}, peak heap + array buffers above a post-GC baseline; ` +
      `Node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'} x${os.cpus().length}, load average ${os.loadavg()[0]!.toFixed(1)} ` +
      '(wall times stretch with the load; the CPU column does less so; Porcupine checks keys in parallel goroutines, ours one after another in one thread)',
  );
  benchHistories('repository fixtures (test/fixtures/porcupine/test_data)', listHistories(fixtureDirectory, fixtureExpectations()), undefined, log);

  // Optional: Porcupine's whole test suite (108 histories) with its own timing, when a checkout and Go are at hand.
  const porcupineDirectory = process.env.PORCUPINE_DIR;
  if (porcupineDirectory === undefined) {
    log('(set PORCUPINE_DIR to a Porcupine checkout, with go on the PATH, to check and time all 108 of its histories beside Porcupine itself)');
  } else {
    const { testToFile, expected } = porcupineTests(porcupineDirectory);
    const porcupineMs = timePorcupine(porcupineDirectory, testToFile, log);
    benchHistories(`Porcupine's test suite (${porcupineDirectory}/test_data, go test ${porcupineMs ? 'timed' : 'not timed'})`, listHistories(path.join(porcupineDirectory, 'test_data'), expected), porcupineMs, log);
  }

  // The quorum lab's largest histories; the worker gives its check 2 M steps.
  log('### quorum lab: one simulated minute, 5 closed-loop clients, keys x,y,z, seed 1 (as npm run bench -- quorum), worker budget 2000000 steps');
  for (const workload of labWorkloads) {
    const history = labHistory(workload);
    for (const staleReadWitness of [true, false]) {
      const startMs = performance.now();
      const result = checkLinearizability(history, registerModel, { stepBudget: 2_000_000, staleReadWitness });
      const elapsedMs = performance.now() - startMs;
      log(
        `${pad(workload.label, 30)}${padLeft(String(history.operations.length), 6)} ops ${staleReadWitness ? 'witness + search' : 'search alone    '}  ` +
          `${pad(result.verdict, 18)}${pad(result.explanation?.foundBy ?? '', 20)}${padLeft(String(result.stepsUsed), 9)} steps ${padLeft(elapsedMs.toFixed(1), 8)} ms`,
      );
    }
  }

  // A seeded synthetic history of the size a minute of simulated time might produce (5 clients, 3 keys).
  log('### synthetic register histories (seed 7, 5 clients, keys x,y,z)');
  for (const operationCount of [1_000, 10_000]) {
    const history = randomRegisterHistory(7, { clientCountMax: 5, operationCountMin: operationCount, operationCountMax: operationCount, keys: ['x', 'y', 'z'] });
    const times: number[] = [];
    let result: CheckedHistoryResult | undefined;
    for (let run = 0; run <= repeatCount; run++) {
      const startMs = performance.now();
      result = checkLinearizability(history, registerModel);
      times.push(performance.now() - startMs);
    }
    log(`synthetic ${operationCount} ops: ${result!.verdict} in ${result!.stepsUsed} steps, median ${median(times).toFixed(1)} ms`);
  }
}
