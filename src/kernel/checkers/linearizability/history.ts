// The history a linearizability check reads: operations with a client, input, output, status and an interval.

/**
 * How an operation ended, in Jepsen's terms:
 * - `ok`: it completed and took effect; its output is known.
 * - `fail`: it definitely did not take effect (Jepsen's `:fail`); it is removed before checking.
 * - `indeterminate`: nobody knows (Jepsen's `:info`, a timeout). It may have taken effect at any
 *   moment after its invocation, or never; its output is unknown and its completion is +infinity.
 */
export type OperationStatus = 'ok' | 'fail' | 'indeterminate';

/**
 * One operation of one client. Times are integers in the history's own unit (virtual milliseconds
 * for the app, line numbers for logs whose line order is their only clock).
 */
export interface Operation<Input, Output> {
  /** Position in the history, stable across partitioning; explanations and the UI refer to it. */
  readonly id: number;
  readonly clientId: string;
  readonly input: Input;
  /** Always present when `ok`; `undefined` when `indeterminate`; for `fail` whatever was observed, if anything. */
  readonly output: Output | undefined;
  readonly status: OperationStatus;
  readonly invocationTime: number;
  /** `Infinity` for an indeterminate operation: it may take effect arbitrarily late. */
  readonly completionTime: number;
  /** 1-based line of the invocation in the file it was parsed from, when there was a file. */
  readonly sourceLine?: number;
}

/** What the times count. Only used to phrase explanations ("at 120 ms", "at line 12"). */
export type TimeUnit = 'ms' | 'line';

export interface History<Input, Output> {
  readonly operations: readonly Operation<Input, Output>[];
  readonly timeUnit: TimeUnit;
}

/** Fields of an operation before it is given its id; `completionTime` is ignored when indeterminate. */
export type OperationDraft<Input, Output> = Omit<Operation<Input, Output>, 'id'>;

/** Builds a history, numbering operations in the given order and checking the invariants of the model above. */
export function createHistory<Input, Output>(
  drafts: readonly OperationDraft<Input, Output>[],
  timeUnit: TimeUnit,
): History<Input, Output> {
  const operations = drafts.map((draft, id): Operation<Input, Output> => {
    const indeterminate = draft.status === 'indeterminate';
    const operation: Operation<Input, Output> = {
      ...draft,
      id,
      output: indeterminate ? undefined : draft.output,
      completionTime: indeterminate ? Infinity : draft.completionTime,
    };
    validateOperation(operation);
    return operation;
  });
  return { operations, timeUnit };
}

function validateOperation<Input, Output>(operation: Operation<Input, Output>): void {
  const where = `operation ${operation.id} (client ${operation.clientId})`;
  if (!Number.isSafeInteger(operation.invocationTime)) {
    throw new RangeError(`${where}: invocation time ${operation.invocationTime} is not an integer`);
  }
  if (operation.status === 'indeterminate') return;
  if (!Number.isSafeInteger(operation.completionTime)) {
    throw new RangeError(`${where}: completion time ${operation.completionTime} is not an integer`);
  }
  if (operation.completionTime < operation.invocationTime) {
    throw new RangeError(
      `${where}: completes at ${operation.completionTime}, before its invocation at ${operation.invocationTime}`,
    );
  }
  if (operation.status === 'ok' && operation.output === undefined) {
    throw new RangeError(`${where}: a completed operation needs an output`);
  }
}

/**
 * Real-time order: `first` precedes `second` when it completed strictly before `second` was
 * invoked. Equal times count as concurrent, the permissive reading (as Porcupine orders a call
 * before a return at the same instant), so a coarse clock never invents a violation.
 */
export function precedesInRealTime<Input, Output>(
  first: Operation<Input, Output>,
  second: Operation<Input, Output>,
): boolean {
  return first.completionTime < second.invocationTime;
}

/** The operations the checker must place: failed ones definitely did not happen, so they go. */
export function operationsToCheck<Input, Output>(
  history: History<Input, Output>,
): Operation<Input, Output>[] {
  return history.operations.filter((operation) => operation.status !== 'fail');
}

/** "120 ms" or "line 12"; an indeterminate completion reads "never (indeterminate)". */
export function formatTime(time: number, timeUnit: TimeUnit): string {
  if (time === Infinity) return 'never (indeterminate)';
  return timeUnit === 'ms' ? `${time} ms` : `line ${time}`;
}

/** "[120 ms, 180 ms]" or "[line 3, line 9]". */
export function formatInterval<Input, Output>(operation: Operation<Input, Output>, timeUnit: TimeUnit): string {
  if (operation.completionTime === Infinity) {
    return `[${formatTime(operation.invocationTime, timeUnit)}, no completion: indeterminate]`;
  }
  return `[${formatTime(operation.invocationTime, timeUnit)}, ${formatTime(operation.completionTime, timeUnit)}]`;
}
