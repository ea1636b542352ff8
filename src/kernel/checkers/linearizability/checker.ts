// Linearizability checker: Wing & Gong's search with Lowe's memoisation, as Porcupine runs it, per key, under a step budget.
import { operationsToCheck, type History, type Operation } from './history.ts';
import type { Model } from './models.ts';
import { explainFailure, type NonLinearizableExplanation } from './explain.ts';
import { entryOrder } from './entry-order.ts';

export type LinearizabilityVerdict = 'linearizable' | 'not-linearizable' | 'unknown';

export interface PartitionResult<Input, Output> {
  /** The key this sub-history belongs to ('' when the model is not partitioned). */
  readonly key: string;
  readonly operationCount: number;
  /** `unknown` also for partitions never reached because an earlier one failed or the budget ran out. */
  readonly verdict: LinearizabilityVerdict;
  readonly stepsUsed: number;
  /** When linearizable: one order in which every operation takes effect (indeterminate ones included). */
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

export interface CheckOptions {
  /**
   * Search steps (one step = one entry visited or one backtrack) before answering `unknown`. The
   * kernel reads no clock: a caller with a time limit calls `advance` in slices instead.
   */
  readonly stepBudget?: number;
}

export const defaultStepBudget = 10_000_000;

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
  const check = startLinearizabilityCheck(history, model);
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

export function startLinearizabilityCheck<State, Input, Output>(
  history: History<Input, Output>,
  model: Model<State, Input, Output>,
): LinearizabilityCheck<Input, Output> {
  const partitions = partitionHistory(operationsToCheck(history), model);
  const finished: PartitionResult<Input, Output>[] = [];
  let current: PartitionSearch<State, Input, Output> | undefined;
  let stepsUsed = 0;
  let final: LinearizabilityResult<Input, Output> | undefined;

  const partitionSummary = (): PartitionResult<Input, Output>[] => [
    ...finished,
    ...partitions.slice(finished.length).map((partition, index) => ({
      key: partition.key,
      operationCount: partition.operations.length,
      verdict: 'unknown' as const,
      stepsUsed: index === 0 && current !== undefined ? current.stepsUsed : 0,
    })),
  ];

  const keyPhrase = (key: string): string => (key === '' ? 'the history' : `key ${JSON.stringify(key)}`);

  const advance = (stepCount: number): LinearizabilityResult<Input, Output> | undefined => {
    if (final !== undefined) return final;
    let remaining = stepCount;
    while (finished.length < partitions.length) {
      const partition = partitions[finished.length]!;
      current ??= new PartitionSearch(partition.operations, model);
      const before = current.stepsUsed;
      const outcome = current.run(remaining);
      remaining -= current.stepsUsed - before;
      stepsUsed += current.stepsUsed - before;
      if (outcome === 'running') return undefined;
      finished.push({
        key: partition.key,
        operationCount: partition.operations.length,
        verdict: outcome,
        stepsUsed: current.stepsUsed,
        ...(outcome === 'linearizable' ? { linearization: current.linearization() } : {}),
      });
      if (outcome === 'not-linearizable') {
        const explanation = explainFailure({
          model,
          partitionKey: partition.key,
          operations: partition.operations,
          longestPrefix: current.longestPrefix(),
          timeUnit: history.timeUnit,
        });
        current = undefined;
        final = {
          verdict: 'not-linearizable',
          message: `not linearizable: ${keyPhrase(partition.key)} has no linearization. ${explanation.summary}`,
          stepsUsed,
          partitions: partitionSummary(),
          explanation,
        };
        return final;
      }
      current = undefined;
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
    const partition = partitions[finished.length];
    const where = partition === undefined ? '' : ` while checking ${keyPhrase(partition.key)}`;
    return {
      verdict: 'unknown',
      message: `unknown: gave up after ${stepsUsed} search steps${where} (${finished.length} of ${partitions.length} ${partitions.length === 1 ? 'key' : 'keys'} finished${finished.length > 0 ? ', all linearizable' : ''}); a larger budget may decide`,
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

// ---------------------------------------------------------------------------------------------
// The search over one partition.

/**
 * A set of operation indices. Its hash is the XOR of a fixed pseudo-random word per member, so
 * adding or removing a member updates it in O(1) instead of rehashing all the words.
 */
class OperationSet {
  readonly words: Uint32Array;
  hash = 0;

  constructor(size: number) {
    this.words = new Uint32Array(Math.ceil(size / 32));
  }

  static memberHash(index: number): number {
    // splitmix32-style finaliser: well-spread words without any randomness.
    let z = (Math.imul(index + 1, 0x9e3779b9) >>> 0);
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  }

  add(index: number): void {
    this.words[index >>> 5]! |= 1 << (index & 31);
    this.hash = (this.hash ^ OperationSet.memberHash(index)) >>> 0;
  }

  remove(index: number): void {
    this.words[index >>> 5]! &= ~(1 << (index & 31));
    this.hash = (this.hash ^ OperationSet.memberHash(index)) >>> 0;
  }

  equalsWords(words: Uint32Array): boolean {
    for (let i = 0; i < words.length; i++) if (words[i] !== this.words[i]) return false;
    return true;
  }
}

function stringHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

interface CacheEntry {
  readonly words: Uint32Array;
  readonly stateKey: string;
}

interface StackFrame<State> {
  readonly operationIndex: number;
  /** The state before this operation took effect, restored on backtracking. */
  readonly stateBefore: State;
}

type SearchOutcome = 'running' | 'linearizable' | 'not-linearizable';

const none = -1;

/**
 * Lowe's version of Wing & Gong's algorithm. Call and return entries of all operations sit in one
 * doubly linked list in time order. Walking it from the head, a call entry whose operation is legal
 * in the current state is "lifted" (its call and return leave the list) and pushed on a stack;
 * reaching a return entry means the operation it belongs to should already have taken effect, so
 * the search backtracks: it pops the last lifted operation, puts its entries back and tries the
 * next call after it. The list is empty when every operation has been placed. The cache of
 * (set of placed operations, state) pairs prunes configurations already explored: the future of
 * the search depends on nothing else, which is what makes it practical.
 */
class PartitionSearch<State, Input, Output> {
  /** Node 0 is the head sentinel; the call of operation i is node 2i+1, its return node 2i+2. */
  private readonly next: Int32Array;
  private readonly previous: Int32Array;
  private readonly placed: OperationSet;
  private readonly cache = new Map<number, CacheEntry[]>();
  private readonly stack: StackFrame<State>[] = [];
  private state: State;
  private node: number;
  private best: number[] = [];
  private outcome: SearchOutcome = 'running';
  stepsUsed = 0;

  constructor(
    private readonly operations: readonly Operation<Input, Output>[],
    private readonly model: Model<State, Input, Output>,
  ) {
    const nodeCount = 2 * operations.length + 1;
    this.next = new Int32Array(nodeCount).fill(none);
    this.previous = new Int32Array(nodeCount).fill(none);
    this.placed = new OperationSet(operations.length);
    this.state = model.initialState();
    const order = entryOrder(operations);
    let previousNode = 0;
    for (const node of order) {
      this.next[previousNode] = node;
      this.previous[node] = previousNode;
      previousNode = node;
    }
    this.node = this.next[0]!;
  }

  run(stepBudget: number): SearchOutcome {
    let stepsLeft = stepBudget;
    while (this.outcome === 'running') {
      if (this.next[0] === none) {
        this.outcome = 'linearizable';
        break;
      }
      if (stepsLeft <= 0) break;
      stepsLeft--;
      this.stepsUsed++;
      this.step();
    }
    return this.outcome;
  }

  private step(): void {
    const node = this.node;
    const operationIndex = (node - 1) >> 1;
    const isCall = (node & 1) === 1;
    if (isCall) {
      const operation = this.operations[operationIndex]!;
      const nextState = this.model.step(this.state, operation.input, operation.output);
      if (nextState !== undefined) {
        this.placed.add(operationIndex);
        if (this.remember(this.model.stateKey(nextState))) {
          this.stack.push({ operationIndex, stateBefore: this.state });
          this.state = nextState;
          this.lift(node);
          this.node = this.next[0]!;
          return;
        }
        this.placed.remove(operationIndex);
      }
      this.node = this.next[node]!;
      return;
    }
    // A return entry: its operation was not placed before it completed. Undo the last choice.
    // Between reaching a new depth and the next backtrack nothing is pushed, so the stack here is
    // that deepest configuration: copying it now, not at every push, keeps long runs linear.
    if (this.stack.length > this.best.length) this.best = this.stack.map((entry) => entry.operationIndex);
    const frame = this.stack.pop();
    if (frame === undefined) {
      this.outcome = 'not-linearizable';
      return;
    }
    const callNode = 2 * frame.operationIndex + 1;
    this.state = frame.stateBefore;
    this.placed.remove(frame.operationIndex);
    this.unlift(callNode);
    this.node = this.next[callNode]!;
  }

  /** Adds (placed set, state) to the cache; false when it was there already (explored before). */
  private remember(stateKey: string): boolean {
    const hash = (this.placed.hash ^ Math.imul(stringHash(stateKey), 0x27d4eb2d)) >>> 0;
    let bucket = this.cache.get(hash);
    if (bucket === undefined) {
      bucket = [];
      this.cache.set(hash, bucket);
    }
    for (const entry of bucket) {
      if (entry.stateKey === stateKey && this.placed.equalsWords(entry.words)) return false;
    }
    bucket.push({ words: this.placed.words.slice(), stateKey });
    return true;
  }

  /** Removes a call entry and its return entry from the list; their own links stay for `unlift`. */
  private lift(callNode: number): void {
    const returnNode = callNode + 1;
    this.unlink(callNode);
    this.unlink(returnNode);
  }

  /** Exactly undoes `lift`, in reverse order (dancing links). */
  private unlift(callNode: number): void {
    const returnNode = callNode + 1;
    this.relink(returnNode);
    this.relink(callNode);
  }

  private unlink(node: number): void {
    const before = this.previous[node]!;
    const after = this.next[node]!;
    this.next[before] = after;
    if (after !== none) this.previous[after] = before;
  }

  private relink(node: number): void {
    const before = this.previous[node]!;
    const after = this.next[node]!;
    this.next[before] = node;
    if (after !== none) this.previous[after] = node;
  }

  linearization(): Operation<Input, Output>[] {
    return this.stack.map((frame) => this.operations[frame.operationIndex]!);
  }

  /** The deepest stack the search ever reached: the longest linearizable prefix it found. */
  longestPrefix(): Operation<Input, Output>[] {
    return this.best.map((index) => this.operations[index]!);
  }
}
