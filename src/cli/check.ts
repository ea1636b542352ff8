// `npm run check -- <history> [--format etcd|kv|json] [--budget N] [--time-limit-ms N]`: checks a history for linearizability.
// Exit codes: 0 linearizable, 1 not linearizable, 3 unknown (budget or time limit exhausted), 2 usage error or malformed input
// (printed as file:line:column: message on stderr).

import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import {
  HistoryParseError,
  defaultStepBudget,
  detectHistoryFormat,
  historyFormats,
  keyValueModel,
  parseHistory,
  registerModel,
  startLinearizabilityCheck,
  type CheckedHistoryResult,
  type HistoryFormat,
  type ParsedHistory,
} from '../kernel/checkers/linearizability/index.ts';

const usage = 'usage: npm run check -- <history-file> [--format etcd|kv|json] [--budget <steps>] [--time-limit-ms <ms>]';
const exitLinearizable = 0;
const exitNotLinearizable = 1;
const exitMalformed = 2;
const exitUnknown = 3;

/** Steps per slice when a time limit is given: small enough to stop near the limit, large enough to be cheap. */
const sliceSteps = 50_000;

const formatNames: Record<HistoryFormat, string> = { etcd: 'Jepsen etcd log', kv: 'Porcupine key-value log', json: 'Quorum Lab JSON lines' };

interface Options {
  readonly file: string;
  readonly format: HistoryFormat | undefined;
  readonly stepBudget: number;
  readonly timeLimitMs: number | undefined;
}

function parseArguments(argv: readonly string[]): Options | string {
  let file: string | undefined;
  let format: HistoryFormat | undefined;
  let stepBudget = defaultStepBudget;
  let timeLimitMs: number | undefined;
  for (let position = 0; position < argv.length; position++) {
    const argument = argv[position]!;
    const value = argv[position + 1];
    const positiveInteger = (): number | undefined => (value !== undefined && /^\d+$/.test(value) && Number(value) > 0 ? Number(value) : undefined);
    if (argument === '--format') {
      if (!historyFormats.includes(value as HistoryFormat)) return `--format must be one of ${historyFormats.join(', ')}`;
      format = value as HistoryFormat;
      position++;
    } else if (argument === '--budget') {
      const parsed = positiveInteger();
      if (parsed === undefined) return '--budget needs a positive number of search steps';
      stepBudget = parsed;
      position++;
    } else if (argument === '--time-limit-ms') {
      const parsed = positiveInteger();
      if (parsed === undefined) return '--time-limit-ms needs a positive number of milliseconds';
      timeLimitMs = parsed;
      position++;
    } else if (argument.startsWith('--')) {
      return `unknown option ${argument}`;
    } else if (file === undefined) {
      file = argument;
    } else {
      return `unexpected argument ${argument}`;
    }
  }
  if (file === undefined) return 'missing history file';
  return { file, format, stepBudget, timeLimitMs };
}

/** Runs the check in slices so a wall-clock limit can stop it; the kernel itself never reads a clock. */
function runCheck(parsed: ParsedHistory, options: Options): CheckedHistoryResult {
  const check = parsed.model === 'register' ? startLinearizabilityCheck(parsed.history, registerModel) : startLinearizabilityCheck(parsed.history, keyValueModel);
  const deadlineMs = options.timeLimitMs === undefined ? Infinity : performance.now() + options.timeLimitMs;
  while (check.stepsUsed < options.stepBudget && performance.now() < deadlineMs) {
    const result = check.advance(Math.min(sliceSteps, options.stepBudget - check.stepsUsed));
    if (result !== undefined) return result;
  }
  return check.currentResult();
}

function main(argv: readonly string[]): number {
  const options = parseArguments(argv);
  if (typeof options === 'string') {
    console.error(`${options}\n${usage}`);
    return exitMalformed;
  }
  let text: string;
  try {
    text = readFileSync(options.file, 'utf8');
  } catch (error) {
    console.error(`${options.file}: cannot read: ${error instanceof Error ? error.message : String(error)}`);
    return exitMalformed;
  }
  let parsed: ParsedHistory;
  try {
    parsed = parseHistory(text, options.format);
  } catch (error) {
    if (error instanceof HistoryParseError || error instanceof RangeError) {
      const where = error instanceof HistoryParseError ? `${error.line}:${error.column}` : '1:1';
      const reason = error instanceof HistoryParseError ? error.reason : error.message;
      console.error(`${options.file}:${where}: ${reason}`);
      return exitMalformed;
    }
    throw error;
  }

  const operations = parsed.history.operations;
  const indeterminateCount = operations.filter((operation) => operation.status === 'indeterminate').length;
  const failedCount = operations.filter((operation) => operation.status === 'fail').length;
  const format = options.format ?? detectHistoryFormat(text) ?? 'json';
  const startMs = performance.now();
  const result = runCheck(parsed, options);
  const elapsedMs = performance.now() - startMs;

  console.log(
    `${options.file}: ${formatNames[format]}, ${parsed.model} model, ${operations.length} operations ` +
      `(${indeterminateCount} indeterminate, ${failedCount} failed and removed), ${result.partitions.length} ${result.partitions.length === 1 ? 'key' : 'keys'}`,
  );
  const verdictWord = { linearizable: 'LINEARIZABLE', 'not-linearizable': 'NOT LINEARIZABLE', unknown: 'UNKNOWN' }[result.verdict];
  const how = result.explanation?.foundBy === 'stale-read witness' ? '; a real-time stale-read witness, before any search' : '';
  console.log(`verdict: ${verdictWord} (${result.stepsUsed} steps, ${elapsedMs.toFixed(1)} ms${how})`);
  console.log(result.message);
  if (result.verdict === 'unknown' && result.stepsUsed < options.stepBudget) {
    console.log(`stopped by --time-limit-ms ${options.timeLimitMs} before the step budget of ${options.stepBudget} was used`);
  }
  if (result.explanation !== undefined) {
    console.log('');
    console.log(result.explanation.text);
  }
  if (result.verdict === 'linearizable') return exitLinearizable;
  return result.verdict === 'not-linearizable' ? exitNotLinearizable : exitUnknown;
}

// Piping into `head` closes stdout early; that is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = main(process.argv.slice(2));
