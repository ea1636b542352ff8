// The quorum lab's one-minute histories get verdicts within the worker's budget, ONE under partitions included (it used to answer "unknown").
import { describe, expect, it } from 'vitest';
import { checkLinearizability } from './checker.ts';
import { labHistory, labWorkloads } from './lab-histories.ts';
import { registerModel } from './models.ts';

/** The quorum worker's budget (DEFAULT_CHECK_STEP_BUDGET in src/worker/quorumEngine.ts). */
const workerStepBudget = 2_000_000;
const workload = (label: string) => labWorkloads.find((candidate) => candidate.label === label)!;
// Simulating the minute takes a second or two: made once, read by both tests of it.
let oneUnderPartitions: ReturnType<typeof labHistory> | undefined;
const oneHistory = () => (oneUnderPartitions ??= labHistory(workload('leaderless ONE, partitions')));

describe('one simulated minute of the quorum lab (5 closed-loop clients, keys x,y,z, seed 1)', () => {
  it('leaderless ONE under partitions: NOT linearizable, settled by a real-time stale read before the search', () => {
    const history = oneHistory();
    expect(history.operations.length).toBeGreaterThan(8000);
    // Which key's stale read is found first depends on the simulated history (the quorum lab's routing decides it), not on the checker.
    const result = checkLinearizability(history, registerModel, { stepBudget: workerStepBudget });
    expect(result.verdict).toBe('not-linearizable');
    expect(result.explanation!.foundBy).toBe('stale-read witness');
    expect(result.explanation!.blockedOperation.input.kind).toBe('read');
    expect(result.explanation!.summary).toMatch(/^The read of ([xyz]) by c\d returned (\d+|nil) at \[\d+ ms, \d+ ms\] cannot be placed: it returned (\d+|nil), but \1 holds \d+ at that point \(set by the write of \d+ to \1 by c\d, which completed at/);
    expect(result.stepsUsed).toBeLessThan(10_000);
  }, 30_000);

  it('and the search alone, keys in turns, also decides it (key "x" first used to burn the whole budget)', () => {
    const result = checkLinearizability(oneHistory(), registerModel, { stepBudget: workerStepBudget, staleReadWitness: false });
    expect(result.verdict).toBe('not-linearizable');
    expect(result.explanation!.foundBy).toBe('search');
    expect(result.stepsUsed).toBeLessThan(100_000);
  }, 30_000);

  it('consensus under partitions (20 simulated s): linearizable, every key searched to the end', () => {
    const result = checkLinearizability(labHistory(workload('consensus, partitions'), 20_000), registerModel, { stepBudget: workerStepBudget });
    expect(result.verdict).toBe('linearizable');
    expect(result.partitions.every((partition) => partition.verdict === 'linearizable')).toBe(true);
  }, 30_000);
});
