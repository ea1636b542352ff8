// Linearizability checker: a real-time stale-read witness first, then Wing & Gong's search with Lowe's memoisation per key, under a step budget.
import { operationsToCheck, type History, type Operation } from './history.ts';
import type { Model } from './models.ts';
import { explainFailure, type NonLinearizableExplanation } from './explain.ts';
import { PartitionSearch } from './search.ts';
import { describeStaleReadWitness, findStaleReadWitness } from './witness.ts';

export type LinearizabilityVerdict = 'linearizable' | 'not-linearizable' | 'unknown';

export interface PartitionResult<Input, Output> {
  /** The key this sub-history belongs to ('' when the model is not partitioned). */
  readonly key: string;
  readonly operationCount: number;
  /** `unknown` also for partitions never reached because an earlier one failed or the budget ran out. */
  readonly verdict: LinearizabilityVerdict;
  readonly stepsUsed: number;
  /**
   * When linearizable: one order in which every operation takes effect (indeterminate ones that
   * took effect included; those that cannot change the state, such as timed-out reads, are left out).
   */
  readonly linearization?: readonly Operation<Input, Output>[];
}

export interface LinearizabilityResult<Input, Output> {
  readonly verdict: LinearizabilityVerdict;
  /** One or a few sentences in plain words, suitable for a terminal or a tooltip. */
  readonly message: string;
  readonly stepsUsed: number;
  readonly partitions: readonly PartitionResult<Input, Output>[];
  /** Present exactly when the verdict is `not-linearizable`. */
  readonly explanation?: NonLinearizableExplanation<Input, Output>;
}

export interface CheckOptions extends StartOptions {
  /**
   * Search steps (one step = one entry visited or one backtrack) before answering `unknown`. The
   * kernel reads no clock: a caller with a time limit calls `advance` in slices instead.
   */
  readonly stepBudget?: number;
}

export const defaultStepBudget = 10_000_000;

/** How the check is run; the defaults are what every caller wants outside tests. */
export interface StartOptions {
  /** Look for a real-time stale-read witness before searching (default true). Tests turn it off to test the search alone. */
  readonly staleReadWitness?: boolean;
  /**
   * Steps each unfinished key gets per turn (default 1024). Keys are searched in turns, the way
   * Porcupine searches them in parallel and stops at the first that fails: one hard key that is
   * linearizable must not hide an easy one that is not.
   */
  readonly turnSteps?: number;
}

const defaultTurnSteps = 1024;

/** A check that can be run in slices: `advance` returns the result once there is one. */
export interface LinearizabilityCheck<Input, Output> {
  /** Runs at most `stepCount` more steps; `undefined` means "not finished yet". */
  advance(stepCount: number): LinearizabilityResult<Input, Output> | undefined;
  readonly stepsUsed: number;
  /** The answer so far, `unknown` while the search is still running. */
  currentResult(): LinearizabilityResult<Input, Output>;
}

/** Checks the whole history within the budget; `unknown` when it runs out. */
export function checkLinearizability<State, Input, Output>(
  history: History<Input, Output>,
  model: Model<State, Input, Output>,
  options: CheckOptions = {},
): LinearizabilityResult<Input, Output> {
  const check = startLinearizabilityCheck(history, model, options);
  return check.advance(options.stepBudget ?? defaultStepBudget) ?? check.currentResult();
}

/** Splits the history by the model's partition key, in order of each key's first operation. */
export function partitionHistory<State, Input, Output>(
  operations: readonly Operation<Input, Output>[],
  model: Model<State, Input, Output>,
): { key: string; operations: Operation<Input, Output>[] }[] {
  const partitions = new Map<string, Operation<Input, Output>[]>();
  for (const operation of operations) {
    const key = model.partitionKey?.(operation.input) ?? '';
    let partition = partitions.get(key);
    if (partition === undefined) {
      partition = [];
      partitions.set(key, partition);
    }
    partition.push(operation);
  }
  return [...partitions].map(([key, partitionOperations]) => ({ key, operations: partitionOperations }));
}

/**
 * Operations whose outcome is unknown and that can neither change the state nor fail (a timed-out
 * read): placing one anywhere is always legal and changes nothing, so it cannot affect the verdict.
 * Left in, each would double the configurations the search may visit.
 */
function canAffectVerdict<State, Input, Output>(operation: Operation<Input, Output>, model: Model<State, Input, Output>): boolean {
  if (operation.status !== 'indeterminate' || model.footprint === undefined) return true;
  const footprint = model.footprint(operation.input, operation.output);
  return footprint.requires !== undefined || footprint.leaves !== 'unchanged';
}

export function startLinearizabilityCheck<State, Input, Output>(
  history: History<Input, Output>,
  model: Model<State, Input, Output>,
  options: StartOptions = {},
): LinearizabilityCheck<Input, Output> {
  const useWitness = options.staleReadWitness ?? true;
  const turnSteps = Math.max(1, options.turnSteps ?? defaultTurnSteps);
  const partitions = partitionHistory(
    operationsToCheck(history).filter((operation) => canAffectVerdict(operation, model)),
    model,
  );
  const results: (PartitionResult<Input, Output> | undefined)[] = partitions.map(() => undefined);
  const searches: (PartitionSearch<State, Input, Output> | undefined)[] = partitions.map(() => undefined);
  /** Partitions still being searched, in order of first appearance; `turn` indexes it. */
  let active: number[] = partitions.map((_, index) => index);
  let turn = 0;
  let turnLeft = turnSteps;
  /**
   * The witness scan goes key by key before any search. A key's scan costs one step per operation,
   * paid before it runs, across `advance` calls if need be: the step count bounds all the work, and
   * a budget too small to scan answers `unknown` rather than doing unpaid work.
   */
  let scanIndex = useWitness ? 0 : partitions.length;
  let scanPaid = 0;
  let stepsUsed = 0;
  let final: LinearizabilityResult<Input, Output> | undefined;

  const partitionSummary = (): PartitionResult<Input, Output>[] =>
    partitions.map(
      (partition, index) =>
        results[index] ?? {
          key: partition.key,
          operationCount: partition.operations.length,
          verdict: 'unknown' as const,
          stepsUsed: searches[index]?.stepsUsed ?? 0,
        },
    );

  const keyPhrase = (key: string): string => (key === '' ? 'the history' : `key ${JSON.stringify(key)}`);

  const failWith = (index: number, explanation: NonLinearizableExplanation<Input, Output>, partitionSteps: number): LinearizabilityResult<Input, Output> => {
    const partition = partitions[index]!;
    results[index] = { key: partition.key, operationCount: partition.operations.length, verdict: 'not-linearizable', stepsUsed: partitionSteps };
    const how = explanation.foundBy === 'search' ? 'has no linearization' : 'has no linearization (a stale read, proven by real time before any search)';
    final = {
      verdict: 'not-linearizable',
      message: `not linearizable: ${keyPhrase(partition.key)} ${how}. ${explanation.summary}`,
      stepsUsed,
      partitions: partitionSummary(),
      explanation,
    };
    // The searches still held can go: the answer is final.
    searches.fill(undefined);
    return final;
  };

  /** The witness for one key, in the explanation's terms; `undefined` when the scan finds none. */
  const witnessFailure = (index: number): LinearizabilityResult<Input, Output> | undefined => {
    const partition = partitions[index]!;
    const witness = findStaleReadWitness(partition.operations, model);
    if (witness === undefined) return undefined;
    const words = describeStaleReadWitness(witness, model, partition.key, partition.operations.length, history.timeUnit);
    return failWith(
      index,
      {
        partitionKey: partition.key,
        foundBy: 'stale-read witness',
        longestPrefix: [witness.overwrite],
        stateAfterPrefix: words.stateAfterOverwrite,
        blockedOperation: witness.read,
        candidates: [{ operation: witness.read, reason: words.reason }],
        tooLate: [],
        summary: words.summary,
        text: words.text,
      },
      partition.operations.length,
    );
  };

  const advance = (stepCount: number): LinearizabilityResult<Input, Output> | undefined => {
    if (final !== undefined) return final;
    let remaining = stepCount;
    while (scanIndex < partitions.length) {
      const cost = partitions[scanIndex]!.operations.length;
      const payment = Math.max(0, Math.min(cost - scanPaid, remaining));
      scanPaid += payment;
      remaining -= payment;
      stepsUsed += payment;
      if (scanPaid < cost) return undefined;
      const settled = witnessFailure(scanIndex);
      scanIndex++;
      scanPaid = 0;
      if (settled !== undefined) return settled;
    }
    while (active.length > 0) {
      if (remaining <= 0) return undefined;
      const index = active[turn]!;
      const partition = partitions[index]!;
      const search = (searches[index] ??= new PartitionSearch(partition.operations, model));
      const before = search.stepsUsed;
      const outcome = search.run(Math.min(remaining, turnLeft));
      const used = search.stepsUsed - before;
      remaining -= used;
      stepsUsed += used;
      turnLeft -= used;
      if (outcome === 'not-linearizable') {
        return failWith(
          index,
          explainFailure({ model, partitionKey: partition.key, operations: partition.operations, longestPrefix: search.longestPrefix(), timeUnit: history.timeUnit }),
          search.stepsUsed,
        );
      }
      if (outcome === 'linearizable') {
        results[index] = {
          key: partition.key,
          operationCount: partition.operations.length,
          verdict: 'linearizable',
          stepsUsed: search.stepsUsed,
          linearization: search.linearization(),
        };
        searches[index] = undefined;
        active = active.filter((other) => other !== index);
        if (turn >= active.length) turn = 0;
        turnLeft = turnSteps;
      } else if (turnLeft <= 0) {
        turn = (turn + 1) % active.length;
        turnLeft = turnSteps;
      }
    }
    const operationCount = partitions.reduce((sum, partition) => sum + partition.operations.length, 0);
    final = {
      verdict: 'linearizable',
      message: `linearizable: all ${operationCount} operations (${partitions.length} ${partitions.length === 1 ? 'partition' : 'partitions'}) have a linearization, found in ${stepsUsed} steps`,
      stepsUsed,
      partitions: partitionSummary(),
    };
    return final;
  };

  const currentResult = (): LinearizabilityResult<Input, Output> => {
    if (final !== undefined) return final;
    const finishedCount = partitions.length - active.length;
    const keys = active.map((index) => partitions[index]!.key);
    const where =
      keys.length === 0 ? '' : keys.length === 1 ? ` while checking ${keyPhrase(keys[0]!)}` : ` while checking ${keys.length} keys in turns (${keys.slice(0, 5).map((key) => JSON.stringify(key)).join(', ')}${keys.length > 5 ? ', …' : ''})`;
    return {
      verdict: 'unknown',
      message: `unknown: gave up after ${stepsUsed} search steps${where} (${finishedCount} of ${partitions.length} ${partitions.length === 1 ? 'key' : 'keys'} finished${finishedCount > 0 ? ', all linearizable' : ''}); a larger budget may decide`,
      stepsUsed,
      partitions: partitionSummary(),
    };
  };

  return {
    advance,
    currentResult,
    get stepsUsed() {
      return stepsUsed;
    },
  };
}
