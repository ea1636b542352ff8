// A deliberately simple reference checker: tries every order consistent with real time, with its own tiny specifications.
import type { Operation } from './history.ts';
import type { KeyValueInput, KeyValueOutput, RegisterInput, RegisterOutput, RegisterValue } from './models.ts';

/**
 * Whole-object sequential specification over a plain map, written separately from models.ts so the
 * comparison checks the models too. Returns the next map, or undefined when the output is impossible.
 */
export type SequentialSpecification<Input, Output> = (
  state: ReadonlyMap<string, unknown>,
  input: Input,
  output: Output | undefined,
) => ReadonlyMap<string, unknown> | undefined;

function withValue(state: ReadonlyMap<string, unknown>, key: string, value: unknown): ReadonlyMap<string, unknown> {
  const next = new Map(state);
  next.set(key, value);
  return next;
}

export const registerSpecification: SequentialSpecification<RegisterInput, RegisterOutput> = (state, input, output) => {
  const current = (state.get(input.key) ?? null) as RegisterValue;
  if (input.kind === 'read') {
    if (output === undefined) return state;
    return output.kind === 'read' && output.value === current ? state : undefined;
  }
  if (input.kind === 'write') return withValue(state, input.key, input.value);
  const swaps = current === input.expected;
  if (output !== undefined && (output.kind !== 'cas' || output.swapped !== swaps)) return undefined;
  return swaps ? withValue(state, input.key, input.value) : state;
};

export const keyValueSpecification: SequentialSpecification<KeyValueInput, KeyValueOutput> = (state, input, output) => {
  const current = (state.get(input.key) ?? '') as string;
  if (input.kind === 'get') {
    if (output === undefined) return state;
    return output.kind === 'get' && output.value === current ? state : undefined;
  }
  return withValue(state, input.key, input.kind === 'put' ? input.value : current + input.value);
};

export interface BruteForceResult {
  readonly linearizable: boolean;
  /** The most operations any real-time-respecting legal order places, indeterminate ones all included. */
  readonly longestPrefixLength: number;
}

/**
 * Linearizable iff, for some subset of the indeterminate operations taking effect (the others never
 * do), some permutation of the chosen operations respects real time (an operation may come next
 * only if no other remaining one completed before it was invoked) and is legal in the
 * specification. No memoisation, no partitioning, no linked lists: exponential, and obviously so.
 */
export function bruteForceCheck<Input, Output>(
  allOperations: readonly Operation<Input, Output>[],
  specification: SequentialSpecification<Input, Output>,
): BruteForceResult {
  const operations = allOperations.filter((operation) => operation.status !== 'fail');
  const definite = operations.filter((operation) => operation.status === 'ok');
  const indeterminate = operations.filter((operation) => operation.status === 'indeterminate');

  const longestPrefixLength = deepestOrder(operations, specification, new Map(), 0);

  let linearizable = false;
  for (let subset = 0; subset < 2 ** indeterminate.length && !linearizable; subset++) {
    const chosen = [...definite, ...indeterminate.filter((_, index) => (subset >> index) & 1)];
    linearizable = deepestOrder(chosen, specification, new Map(), 0) === chosen.length;
  }
  return { linearizable, longestPrefixLength };
}

function deepestOrder<Input, Output>(
  remaining: readonly Operation<Input, Output>[],
  specification: SequentialSpecification<Input, Output>,
  state: ReadonlyMap<string, unknown>,
  depth: number,
): number {
  let deepest = depth;
  for (const operation of remaining) {
    const mustWait = remaining.some((other) => other !== operation && other.completionTime < operation.invocationTime);
    if (mustWait) continue;
    const next = specification(state, operation.input, operation.output);
    if (next === undefined) continue;
    const rest = remaining.filter((other) => other !== operation);
    deepest = Math.max(deepest, deepestOrder(rest, specification, next, depth + 1));
    // Everything placed: nothing can go deeper, stop exploring.
    if (deepest === depth + remaining.length) return deepest;
  }
  return deepest;
}
