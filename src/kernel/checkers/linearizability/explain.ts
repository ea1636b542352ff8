// Turns the search's longest linearizable prefix into plain words: which operation cannot be placed, and why.
import { formatInterval, formatTime, type Operation, type TimeUnit } from './history.ts';
import type { Model } from './models.ts';
import { entryOrder } from './entry-order.ts';

export interface BlockedCandidate<Input, Output> {
  readonly operation: Operation<Input, Output>;
  /** Why it cannot take effect right after the prefix, in the model's words. */
  readonly reason: string;
}

export interface NonLinearizableExplanation<Input, Output> {
  readonly partitionKey: string;
  /**
   * How the verdict was reached: by the search, or before it by a real-time witness of a stale read
   * (see witness.ts). The fields below mean the same in both, except where they say otherwise.
   */
  readonly foundBy: 'search' | 'stale-read witness';
  /**
   * The longest sequence the search could linearize, in the order the operations take effect. For a
   * stale-read witness: the operation real time forces before the blocked one (the overwrite).
   */
  readonly longestPrefix: readonly Operation<Input, Output>[];
  /** The object's state after that prefix, described by the model ("x holds 2"). */
  readonly stateAfterPrefix: string;
  /**
   * The operation that completed first among those not placed: it had to take effect before its
   * completion, and nothing allowed before then is legal after the prefix.
   */
  readonly blockedOperation: Operation<Input, Output>;
  /** Every operation that could have come next (invoked before the blocked one completed), and why it cannot. */
  readonly candidates: readonly BlockedCandidate<Input, Output>[];
  /**
   * Operations not yet placed that would make the blocked one legal if they took effect first;
   * they all started after it completed, which is why they cannot help.
   */
  readonly tooLate: readonly Operation<Input, Output>[];
  /** One sentence. */
  readonly summary: string;
  /** Several lines: the prefix, the state, each candidate and its reason. */
  readonly text: string;
}

export interface ExplainInput<State, Input, Output> {
  readonly model: Model<State, Input, Output>;
  readonly partitionKey: string;
  /** The operations of the partition, as the search saw them. */
  readonly operations: readonly Operation<Input, Output>[];
  readonly longestPrefix: readonly Operation<Input, Output>[];
  readonly timeUnit: TimeUnit;
}

/**
 * Everything here is recomputed from the prefix the search reported, with the same model and the
 * same entry order, so the words describe what the search actually found. At the deepest point of
 * the search every candidate must be illegal (a legal one would have made the stack deeper, or hit
 * a cache entry recorded by a deeper stack), which is what the candidate list states.
 */
export function explainFailure<State, Input, Output>(
  input: ExplainInput<State, Input, Output>,
): NonLinearizableExplanation<Input, Output> {
  const { model, partitionKey, operations, longestPrefix, timeUnit } = input;
  const rankOfNode = new Map<number, number>();
  entryOrder(operations).forEach((node, rank) => rankOfNode.set(node, rank));
  const localIndex = new Map(operations.map((operation, index) => [operation.id, index]));
  const callRank = (operation: Operation<Input, Output>): number => rankOfNode.get(2 * localIndex.get(operation.id)! + 1)!;
  const returnRank = (operation: Operation<Input, Output>): number => rankOfNode.get(2 * localIndex.get(operation.id)! + 2)!;

  // Replay the prefix, remembering which placed operation last changed the state.
  let state = model.initialState();
  let stateSource: Operation<Input, Output> | undefined;
  const stateChangers: Operation<Input, Output>[] = [];
  for (const operation of longestPrefix) {
    const next = model.step(state, operation.input, operation.output);
    if (next === undefined) throw new Error(`explainFailure: the prefix is not legal at ${model.describeOperation(operation)}`);
    if (model.stateKey(next) !== model.stateKey(state)) {
      stateSource = operation;
      stateChangers.push(operation);
    }
    state = next;
  }

  const placed = new Set(longestPrefix.map((operation) => operation.id));
  const remaining = operations.filter((operation) => !placed.has(operation.id));
  const blocked = remaining.reduce((earliest, operation) => (returnRank(operation) < returnRank(earliest) ? operation : earliest));
  const deadline = returnRank(blocked);

  const candidates = remaining
    .filter((operation) => callRank(operation) < deadline)
    .map((operation): BlockedCandidate<Input, Output> => {
      const legal = model.step(state, operation.input, operation.output) !== undefined;
      return {
        operation,
        reason: legal
          ? 'it is legal here, but every way of continuing after it was already explored and fails'
          : model.describeIllegal(state, operation),
      };
    });

  const tooLate = remaining.filter((operation) => {
    if (operation === blocked || callRank(operation) < deadline) return false;
    const after = model.step(state, operation.input, operation.output);
    return after !== undefined && model.step(after, blocked.input, blocked.output) !== undefined;
  });

  const describe = (operation: Operation<Input, Output>): string =>
    `${model.describeOperation(operation)} ${formatInterval(operation, timeUnit)}`;
  const stateAfterPrefix = model.describeState(state, partitionKey);
  const blockedReason = candidates.find((candidate) => candidate.operation === blocked)?.reason ?? model.describeIllegal(state, blocked);

  let sourcePhrase: string;
  if (stateSource === undefined) {
    sourcePhrase = 'no placed operation changed it from the initial state';
  } else if (stateSource.completionTime < blocked.invocationTime) {
    sourcePhrase = `set by the ${model.describeOperation(stateSource)}, which completed at ${formatTime(stateSource.completionTime, timeUnit)}, before this operation was invoked at ${formatTime(blocked.invocationTime, timeUnit)}`;
  } else {
    sourcePhrase = `set by the ${describe(stateSource)}`;
    // The last change that real time forces before the blocked operation is the stale-read witness.
    const forced = stateChangers.filter((operation) => operation.completionTime < blocked.invocationTime).at(-1);
    if (forced !== undefined) {
      sourcePhrase += `; the ${model.describeOperation(forced)} completed at ${formatTime(forced.completionTime, timeUnit)}, before this operation was invoked at ${formatTime(blocked.invocationTime, timeUnit)}, so it must take effect first`;
    }
  }
  const helpPhrase =
    tooLate.length === 0
      ? 'no operation left unplaced would make it legal'
      : `the only operations that would make it legal (${tooLate.map((operation) => `${model.describeOperation(operation)}, invoked at ${formatTime(operation.invocationTime, timeUnit)}`).join('; ')}) started after it completed at ${formatTime(blocked.completionTime, timeUnit)}`;

  const summary = `The ${model.describeOperation(blocked)} at ${formatInterval(blocked, timeUnit)} cannot be placed: ${blockedReason} (${sourcePhrase}), and ${helpPhrase}.`;

  const lines: string[] = [];
  lines.push(`Key ${JSON.stringify(partitionKey)}: ${operations.length} operations to place.`);
  if (longestPrefix.length === 0) {
    lines.push('Longest linearizable prefix found: empty (not even the first operation can be placed).');
  } else {
    lines.push(`Longest linearizable prefix found (${longestPrefix.length} of ${operations.length} operations, in the order they take effect):`);
    longestPrefix.forEach((operation, index) => lines.push(`  ${index + 1}. ${describe(operation)}`));
  }
  lines.push(`After it, ${stateAfterPrefix}${stateSource === undefined ? ' (initial state)' : ` (set by the ${describe(stateSource)})`}.`);
  lines.push(
    `The ${describe(blocked)} must take effect by ${formatTime(blocked.completionTime, timeUnit)}, but no operation that may take effect before then is legal now:`,
  );
  for (const candidate of candidates) lines.push(`  - ${describe(candidate.operation)}: ${candidate.reason}`);
  if (tooLate.length === 0) {
    lines.push('No operation left unplaced would make it legal by taking effect first.');
  } else {
    for (const operation of tooLate) {
      lines.push(
        `The ${describe(operation)} would make it legal, but it was invoked at ${formatTime(operation.invocationTime, timeUnit)}, after ${formatTime(blocked.completionTime, timeUnit)}.`,
      );
    }
  }
  lines.push('The search tried every order of concurrent operations consistent with real time; none gets further.');

  return {
    partitionKey,
    foundBy: 'search',
    longestPrefix,
    stateAfterPrefix,
    blockedOperation: blocked,
    candidates,
    tooLate,
    summary,
    text: lines.join('\n'),
  };
}
