// The workloads with the page's templates: the echo and lin-kv starters pass their checks, the
// planted bugs (an echo of other text, reads from a stale local copy) are caught; the starter
// lin-kv node stays linearizable under random fault schedules (seeds printed).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createYoursRun } from '../../kernel/protocols/yours/run.ts';
import { gradeCaseCommands } from '../../kernel/protocols/yours/grade.ts';
import { checkWorkload } from '../../kernel/protocols/yours/workload-checks.ts';
import { operationsOf, type WorkloadName } from '../../kernel/protocols/yours/workload.ts';
import { compileNode } from './compileNode.ts';
import { ECHO_NODE, LIN_KV_NODE, STALE_READ_NODE, WRONG_ECHO_NODE } from './templates.ts';

function play(source: string, workload: Exclude<WorkloadName, 'election'>, seed: number, untilMs: number, faults: boolean) {
  const compiled = compileNode(source);
  if (!compiled.ok) throw new Error(compiled.message);
  const run = createYoursRun({ nodeCount: 3, seed, latencyMsMin: 10, latencyMsMax: 40, lossPercent: 0, workload }, compiled.factory, compiled.describeError);
  if (faults) {
    for (const { atMs, command } of gradeCaseCommands(seed, { nodeCount: 3, faultsMs: untilMs - 1_500 })) {
      run.history.advanceTo(atMs);
      run.history.apply(command);
    }
  }
  run.history.advanceTo(untilMs);
  const trace = run.history.trace.slice();
  const faultsSeen = trace.filter((event) => event.kind === 'fault');
  return { operations: operationsOf(trace), faults: faultsSeen };
}

describe('Maelstrom echo workload on the page’s nodes', () => {
  it('the echo starter answers every request with its own text', () => {
    const { operations, faults } = play(ECHO_NODE, 'echo', 3, 3_000, false);
    expect(faults).toEqual([]);
    expect(operations.length).toBeGreaterThan(20);
    const verdict = checkWorkload('echo', operations);
    expect(verdict.ok).toBe(true);
    expect(verdict.counts.ok).toBeGreaterThan(20);
  });

  it('catches a node that echoes other text, at the moment it answered', () => {
    const verdict = checkWorkload('echo', play(WRONG_ECHO_NODE, 'echo', 3, 3_000, false).operations);
    expect(verdict.ok).toBe(false);
    expect(verdict.summary).toMatch(/answered c\d+'s echo “Please echo \d+” with "PLEASE ECHO \d+"/);
    expect(verdict.problemAtMs).toBeGreaterThan(0);
  });
});

describe('Maelstrom lin-kv workload on the page’s nodes', () => {
  it('the one-primary starter is linearizable, with reads of absent keys failing with error 20', () => {
    const { operations, faults } = play(LIN_KV_NODE, 'lin-kv', 5, 5_000, false);
    expect(faults).toEqual([]);
    const verdict = checkWorkload('lin-kv', operations);
    expect(verdict.ok).toBe(true);
    expect(verdict.counts.ok).toBeGreaterThan(30);
    // Maelstrom's definite errors are :fail (key-does-not-exist, precondition-failed).
    expect(operations.some((operation) => operation.completion?.error?.startsWith('error 20 key-does-not-exist'))).toBe(true);
    expect(operations.some((operation) => operation.completion?.error?.startsWith('error 22 precondition-failed'))).toBe(true);
  });

  it('catches a node that answers reads from a stale local copy, naming the read', () => {
    const verdict = checkWorkload('lin-kv', play(STALE_READ_NODE, 'lin-kv', 5, 5_000, false).operations);
    expect(verdict.ok).toBe(false);
    expect(verdict.summary).toMatch(/^Not linearizable \(key \d\): The read of key \d by c\d+ returned \d/);
    expect(verdict.problemAtMs).not.toBeNull();
    expect(verdict.operationIndex).not.toBeNull();
  });

  it('property: the starter stays linearizable under random crashes, restarts and partitions', () => {
    const fcSeed = Number(process.env.FC_SEED ?? 0x5eed);
    console.log(`lin-kv starter under random faults: fast-check seed ${fcSeed} (FC_SEED=${fcSeed} replays it)`);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), (seed) => {
        const { operations } = play(LIN_KV_NODE, 'lin-kv', seed, 6_000, true);
        const verdict = checkWorkload('lin-kv', operations);
        if (verdict.ok !== true) throw new Error(`seed ${seed}: ${verdict.summary}`);
        // Faults make some operations unknown: the check must still have decided.
        return verdict.counts.ok > 0;
      }),
      { numRuns: 25, seed: fcSeed, verbose: 1 },
    );
  });
});
