// `npm run yours`: a `raft` scenario against your own election node.
//   --node "<command>"  one OS process per node, speaking Maelstrom's JSON protocol, in real time
//                       (the run is recorded: --trace <file> keeps it)
//   --js <file.js>      the browser page's node, headless in the deterministic simulation
//   --ours              our own Raft through the same API (the reference)
//   --workload echo|lin-kv  Maelstrom's clients run against the nodes meanwhile (the scenario's faults
//                       and `run` steps are their test); the summary gives the check's verdict.
// One JSON line per step, then a summary; exit 1 when an expect fails, a node faults or the workload's
// check fails, 2 on bad input.
import { readFileSync, writeFileSync } from 'node:fs';
import { formatScenarioError, parseScenario } from '../scenario/parse.ts';
import type { RaftScenarioStep } from '../scenario/raft.ts';
import { applyElectionStep, electionOnlyErrors, simulatedCluster, type ElectionCluster } from '../scenario/yours-runner.ts';
import { createYoursRun } from '../kernel/protocols/yours/run.ts';
import { ourRaftFactory } from '../kernel/protocols/yours/our-raft.ts';
import { DEFAULT_YOURS_CONFIG, type NodeFault } from '../kernel/protocols/yours/types.ts';
import type { ElectionViolation } from '../kernel/protocols/yours/checkers.ts';
import { compileNode } from '../worker/yours/compileNode.ts';
import { DEFAULT_MAELSTROM_OPTIONS, MaelstromCluster } from './maelstrom/bridge.ts';
import type { YoursTraceEvent } from '../kernel/protocols/yours/simulation.ts';
import { operationsOf, WORKLOADS, type WorkloadName } from '../kernel/protocols/yours/workload.ts';
import { checkWorkload } from '../kernel/protocols/yours/workload-checks.ts';

const USAGE = 'usage: npm run yours -- (--node "<command>" | --js <node.js> | --ours) [--workload election|echo|lin-kv] [--nodes N] [--seed S] [--trace out.json] <file.scenario>\n';

interface Arguments {
  readonly node: string | null;
  readonly js: string | null;
  readonly ours: boolean;
  readonly nodes: number | null;
  readonly seed: number | null;
  readonly trace: string | null;
  readonly workload: WorkloadName;
  readonly file: string;
}

function parseArguments(argv: readonly string[]): Arguments | string {
  const values: { node: string | null; js: string | null; nodes: string | null; seed: string | null; trace: string | null; workload: string | null } = { node: null, js: null, nodes: null, seed: null, trace: null, workload: null };
  let ours = false;
  const files: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const word = argv[index]!;
    if (word === '--ours') ours = true;
    else if (word.startsWith('--') && word.slice(2) in values) {
      const value = argv[++index];
      if (value === undefined) return `${word} needs a value`;
      values[word.slice(2) as keyof typeof values] = value;
    } else if (word.startsWith('--')) return `unknown option ${word}`;
    else files.push(word);
  }
  if (files.length !== 1) return 'give exactly one scenario file';
  if ([values.node !== null, values.js !== null, ours].filter(Boolean).length !== 1) return 'choose one of --node, --js, --ours';
  const whole = (text: string | null, name: string, min: number, max: number): number | null | string => {
    if (text === null) return null;
    return /^\d+$/.test(text) && Number(text) >= min && Number(text) <= max ? Number(text) : `--${name} must be a whole number from ${min} to ${max}`;
  };
  const nodes = whole(values.nodes, 'nodes', 1, 7);
  const seed = whole(values.seed, 'seed', 0, 0xffffffff);
  if (typeof nodes === 'string') return nodes;
  if (typeof seed === 'string') return seed;
  const workload = values.workload ?? 'election';
  if (!(WORKLOADS as readonly string[]).includes(workload)) return `--workload must be one of ${WORKLOADS.join(', ')} (got ${workload})`;
  return { node: values.node, js: values.js, ours, nodes, seed, trace: values.trace, workload: workload as WorkloadName, file: files[0]! };
}

export async function runYoursCli(argv: readonly string[], print: (value: unknown) => void, printError: (text: string) => void): Promise<number> {
  const args = parseArguments(argv);
  if (typeof args === 'string') {
    printError(`${args}\n${USAGE}`);
    return 2;
  }
  let source: string;
  try {
    source = readFileSync(args.file, 'utf8');
  } catch (error) {
    printError(`${args.file}: cannot read: ${(error as Error).message}\n`);
    return 2;
  }
  const parsed = parseScenario(source);
  if (!parsed.ok) {
    for (const error of parsed.errors) printError(`${formatScenarioError(args.file, error)}\n`);
    return 2;
  }
  if (parsed.scenario.lab !== 'raft') {
    printError(`${args.file}:1:1: this is a ${parsed.scenario.lab} scenario; your node runs raft scenarios\n`);
    return 2;
  }
  const steps: readonly RaftScenarioStep[] = parsed.scenario.steps;
  const unsupported = electionOnlyErrors(steps);
  if (unsupported.length > 0) {
    for (const error of unsupported) printError(`${formatScenarioError(args.file, error)}\n`);
    return 2;
  }
  const nodeCount = args.nodes ?? parsed.scenario.config.nodeCount;
  const seed = args.seed ?? parsed.scenario.config.seed;

  let cluster: ElectionCluster & { faults(): readonly NodeFault[]; violations(): readonly ElectionViolation[] };
  let close = async () => {};
  let trace: () => unknown[] = () => [];
  if (args.node !== null) {
    const real = new MaelstromCluster({ ...DEFAULT_MAELSTROM_OPTIONS, command: args.node, nodeCount, seed, workload: args.workload });
    process.once('exit', () => void real.close());
    await real.start();
    cluster = real;
    close = () => real.close();
    trace = () => real.trace;
  } else {
    let factory = ourRaftFactory;
    let describeError;
    if (args.js !== null) {
      let text: string;
      try {
        text = readFileSync(args.js, 'utf8');
      } catch (error) {
        printError(`${args.js}: cannot read: ${(error as Error).message}\n`);
        return 2;
      }
      const compiled = compileNode(text);
      if (!compiled.ok) {
        printError(`${args.js}${compiled.place ? `:${compiled.place.line}:${compiled.place.column}` : ''}: ${compiled.message}\n`);
        return 2;
      }
      factory = compiled.factory;
      describeError = compiled.describeError;
    }
    const run = createYoursRun({ ...DEFAULT_YOURS_CONFIG, nodeCount, seed, workload: args.workload }, factory, describeError);
    const simulated = simulatedCluster(run);
    cluster = {
      ...simulated,
      get nowMs() {
        return run.simulation.nowMs;
      },
      faults: () => run.history.trace.slice().flatMap((event) => (event.kind === 'fault' ? [event.fault] : [])),
    };
    trace = () => run.history.trace.slice();
  }

  let allHeld = true;
  try {
    for (const step of steps) {
      const outcome = await applyElectionStep(cluster, step);
      const base = { line: step.line, cmd: step.text, t_ms: cluster.nowMs };
      const nodes = cluster.nodes().map(({ id, status, role, term }) => ({ id, status, role, term }));
      if (outcome.kind === 'expect' || outcome.kind === 'error') {
        const ok = outcome.kind === 'expect' && outcome.ok;
        if (!ok) allHeld = false;
        print({ ...base, ok, detail: outcome.detail, nodes });
      } else print({ ...base, nodes });
    }
  } finally {
    await close();
  }
  const faults = cluster.faults();
  const violations = cluster.violations();
  const events = trace() as YoursTraceEvent[];
  const verdict = args.workload === 'election' ? null : checkWorkload(args.workload, operationsOf(events));
  const ok = allHeld && faults.length === 0 && verdict?.ok !== false;
  print({
    summary: true,
    ok,
    faults: faults.map((fault) => `${fault.node} at ${fault.timeMs} ms: ${fault.message}`),
    violations: violations.map((violation) => violation.text),
    ...(verdict ? { workload: args.workload, workload_ok: verdict.ok, verdict: verdict.summary, operations: verdict.counts, ...(verdict.problemAtMs !== null ? { problem_at_ms: verdict.problemAtMs } : {}) } : {}),
  });
  if (args.trace !== null) {
    writeFileSync(args.trace, JSON.stringify({ format: 'quorum-lab/yours-trace', version: 1, nodeCount, seed, command: args.node ?? args.js ?? 'ours', workload: args.workload, events }));
  }
  return ok ? 0 : 1;
}

if (process.argv[1]?.endsWith('yours.ts')) {
  void runYoursCli(
    process.argv.slice(2),
    (value) => process.stdout.write(`${JSON.stringify(value)}\n`),
    (text) => process.stderr.write(text),
  ).then((code) => {
    process.exit(code);
  });
}
