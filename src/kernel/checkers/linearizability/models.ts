// Sequential specifications the checker linearizes against: a read/write/cas register and a get/put/append key-value store.
import type { Operation } from './history.ts';

/**
 * A sequential specification. The checker asks it one question: from this state, is this
 * operation with this output legal, and if so what is the next state? The describe functions turn
 * the search's findings into plain words; they never decide anything.
 */
export interface Model<State, Input, Output> {
  readonly name: string;
  initialState(): State;
  /**
   * The state after `input` returned `output`, or `undefined` when that output is impossible in
   * `state`. `output` is `undefined` for an indeterminate operation: any output is accepted, the
   * effect is what the operation would do from `state`.
   */
  step(state: State, input: Input, output: Output | undefined): State | undefined;
  /** Equal strings exactly for equal states: the search memoises (linearized set, state) on it. */
  stateKey(state: State): string;
  /**
   * P-compositionality (Herlihy & Wing): when the object is a set of independent objects (one per
   * key), the history is linearizable iff each key's sub-history is. Absent: one partition.
   */
  partitionKey?(input: Input): string;
  /** "read of x by c2 returned 1". */
  describeOperation(operation: Operation<Input, Output>): string;
  /** "x holds 2", given the partition the state belongs to. */
  describeState(state: State, partitionKey: string): string;
  /** Why `operation` cannot take effect in `state`: "it returned 1, but x holds 2". */
  describeIllegal(state: State, operation: Operation<Input, Output>): string;
  /**
   * Optional: how an operation touches the state, in the terms the checker's shortcuts need (the
   * real-time stale-read witness, dropping unknown-outcome reads). It must agree with `step`; the
   * tests check that it does for the models here. A model without it is only searched.
   */
  footprint?(input: Input, output: Output | undefined): Footprint<State>;
}

/**
 * What `step` does with an operation, said once. `requires`: the one state in which it is legal,
 * when there is exactly one (a completed read: it returned that state). `leaves`: `unchanged` (it
 * never changes the state: reads, failed compares), `any` (its result depends on the state before:
 * an append), or a state it leaves whenever it takes effect, whatever came before (`surely`: a
 * write, a put, a swapped cas), or may leave (not `surely`: a cas whose outcome is unknown).
 */
export interface Footprint<State> {
  readonly requires?: State;
  readonly leaves: 'unchanged' | 'any' | { readonly state: State; readonly surely: boolean };
}

// ---------------------------------------------------------------------------------------------
// Register: read / write / compare-and-set, one register per key.

/** `null` is an absent value (Jepsen's `nil`): the initial state of every register. */
export type RegisterValue = number | string | null;

export type RegisterInput =
  | { readonly kind: 'read'; readonly key: string }
  | { readonly kind: 'write'; readonly key: string; readonly value: RegisterValue }
  | { readonly kind: 'cas'; readonly key: string; readonly expected: RegisterValue; readonly value: RegisterValue };

export type RegisterOutput =
  | { readonly kind: 'read'; readonly value: RegisterValue }
  | { readonly kind: 'write' }
  | { readonly kind: 'cas'; readonly swapped: boolean };

export type RegisterOperation = Operation<RegisterInput, RegisterOutput>;

function formatRegisterValue(value: RegisterValue): string {
  if (value === null) return 'nil';
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function describeRegisterOperation(operation: RegisterOperation): string {
  const { input, output, clientId } = operation;
  const unknown = operation.status === 'indeterminate' ? ' (outcome unknown)' : '';
  switch (input.kind) {
    case 'read':
      if (output?.kind === 'read') {
        return `read of ${input.key} by ${clientId} returned ${formatRegisterValue(output.value)}`;
      }
      return `read of ${input.key} by ${clientId}${unknown}`;
    case 'write':
      return `write of ${formatRegisterValue(input.value)} to ${input.key} by ${clientId}${unknown}`;
    case 'cas': {
      const result = output?.kind === 'cas' ? (output.swapped ? ' (swapped)' : ' (compare failed)') : unknown;
      return `cas of ${input.key} from ${formatRegisterValue(input.expected)} to ${formatRegisterValue(input.value)} by ${clientId}${result}`;
    }
  }
}

/**
 * Porcupine's etcd model, one register per key: a read must return the current value; a write
 * always succeeds; a cas swaps when the current value equals `expected` and reports whether it did.
 */
export const registerModel: Model<RegisterValue, RegisterInput, RegisterOutput> = {
  name: 'register',
  initialState: () => null,
  step(state, input, output) {
    switch (input.kind) {
      case 'read':
        if (output === undefined) return state;
        return output.kind === 'read' && output.value === state ? state : undefined;
      case 'write':
        return input.value;
      case 'cas': {
        const matches = input.expected === state;
        if (output === undefined) return matches ? input.value : state;
        if (output.kind !== 'cas' || output.swapped !== matches) return undefined;
        return matches ? input.value : state;
      }
    }
  },
  // Type-tagged so the number 1 and the string "1" stay different states.
  stateKey: (state) => (state === null ? 'n' : typeof state === 'number' ? `#${state}` : `s${state}`),
  partitionKey: (input) => input.key,
  footprint(input, output) {
    switch (input.kind) {
      case 'read':
        return output?.kind === 'read' ? { requires: output.value, leaves: 'unchanged' } : { leaves: 'unchanged' };
      case 'write':
        return { leaves: { state: input.value, surely: true } };
      case 'cas':
        if (output === undefined) return { leaves: { state: input.value, surely: false } };
        return output.kind === 'cas' && output.swapped ? { requires: input.expected, leaves: { state: input.value, surely: true } } : { leaves: 'unchanged' };
    }
  },
  describeOperation: describeRegisterOperation,
  describeState: (state, key) => (state === null ? `${key} is absent (nil)` : `${key} holds ${formatRegisterValue(state)}`),
  describeIllegal(state, operation) {
    const { input, output } = operation;
    const current = state === null ? `${input.key} is absent (nil)` : `${input.key} holds ${formatRegisterValue(state)}`;
    if (input.kind === 'read' && output?.kind === 'read') {
      return `it returned ${formatRegisterValue(output.value)}, but ${current} at that point`;
    }
    if (input.kind === 'cas' && output?.kind === 'cas') {
      return output.swapped
        ? `it swapped, so ${input.key} must have held ${formatRegisterValue(input.expected)}, but ${current} at that point`
        : `its compare failed, so ${input.key} must not have held ${formatRegisterValue(input.expected)}, but it did at that point`;
    }
    return `its output does not match the operation (${describeRegisterOperation(operation)})`;
  },
};

// ---------------------------------------------------------------------------------------------
// Key-value store: get / put / append on strings, one string per key (Porcupine's kvModel).

export type KeyValueInput =
  | { readonly kind: 'get'; readonly key: string }
  | { readonly kind: 'put'; readonly key: string; readonly value: string }
  | { readonly kind: 'append'; readonly key: string; readonly value: string };

export type KeyValueOutput =
  | { readonly kind: 'get'; readonly value: string }
  | { readonly kind: 'put' }
  | { readonly kind: 'append' };

export type KeyValueOperation = Operation<KeyValueInput, KeyValueOutput>;

function describeKeyValueOperation(operation: KeyValueOperation): string {
  const { input, output, clientId } = operation;
  const unknown = operation.status === 'indeterminate' ? ' (outcome unknown)' : '';
  switch (input.kind) {
    case 'get':
      if (output?.kind === 'get') return `get of ${JSON.stringify(input.key)} by ${clientId} returned ${JSON.stringify(output.value)}`;
      return `get of ${JSON.stringify(input.key)} by ${clientId}${unknown}`;
    case 'put':
      return `put of ${JSON.stringify(input.value)} to ${JSON.stringify(input.key)} by ${clientId}${unknown}`;
    case 'append':
      return `append of ${JSON.stringify(input.value)} to ${JSON.stringify(input.key)} by ${clientId}${unknown}`;
  }
}

function stepKeyValue(value: string, input: KeyValueInput, output: KeyValueOutput | undefined): string | undefined {
  switch (input.kind) {
    case 'get':
      if (output === undefined) return value;
      return output.kind === 'get' && output.value === value ? value : undefined;
    case 'put':
      return input.value;
    case 'append':
      return value + input.value;
  }
}

function describeKeyValueIllegal(value: string, operation: KeyValueOperation): string {
  const { input, output } = operation;
  if (input.kind === 'get' && output?.kind === 'get') {
    return `it returned ${JSON.stringify(output.value)}, but ${JSON.stringify(input.key)} holds ${JSON.stringify(value)} at that point`;
  }
  return `its output does not match the operation (${describeKeyValueOperation(operation)})`;
}

/** A string per key, initially empty; a get must return the current string. Partitioned by key. */
export const keyValueModel: Model<string, KeyValueInput, KeyValueOutput> = {
  name: 'key-value',
  initialState: () => '',
  step: stepKeyValue,
  stateKey: (state) => state,
  partitionKey: (input) => input.key,
  footprint(input, output) {
    switch (input.kind) {
      case 'get':
        return output?.kind === 'get' ? { requires: output.value, leaves: 'unchanged' } : { leaves: 'unchanged' };
      case 'put':
        return { leaves: { state: input.value, surely: true } };
      case 'append':
        return { leaves: 'any' };
    }
  },
  describeOperation: describeKeyValueOperation,
  describeState: (state, key) => `${JSON.stringify(key)} holds ${JSON.stringify(state)}`,
  describeIllegal: describeKeyValueIllegal,
};

/**
 * The same store checked as one object (a map state, no partitioning), as Porcupine's
 * kvNoPartitionModel: slower, and useful to test that partitioning does not change a verdict.
 */
export const keyValueModelWithoutPartitioning: Model<ReadonlyMap<string, string>, KeyValueInput, KeyValueOutput> = {
  name: 'key-value (not partitioned)',
  initialState: () => new Map(),
  step(state, input, output) {
    const next = stepKeyValue(state.get(input.key) ?? '', input, output);
    if (next === undefined) return undefined;
    if (next === (state.get(input.key) ?? '')) return state;
    const copy = new Map(state);
    copy.set(input.key, next);
    return copy;
  },
  stateKey: (state) => JSON.stringify([...state.entries()].filter(([, value]) => value !== '').sort()),
  describeOperation: describeKeyValueOperation,
  describeState: (state) =>
    state.size === 0 ? 'every key is empty' : [...state.entries()].map(([key, value]) => `${JSON.stringify(key)} holds ${JSON.stringify(value)}`).join(', '),
  describeIllegal: (state, operation) => describeKeyValueIllegal(state.get(operation.input.key) ?? '', operation),
};
