// Small random histories for property tests: mostly real executions, some with one output corrupted.
import { Prng } from '../../prng.ts';
import { createHistory, type History, type OperationDraft, type OperationStatus } from './history.ts';
import type { KeyValueInput, KeyValueOutput, RegisterInput, RegisterOutput, RegisterValue } from './models.ts';

export interface RandomHistoryOptions {
  readonly clientCountMax: number;
  readonly operationCountMax: number;
  /** Defaults to 1; set equal to the maximum for an exact size (benchmarks). */
  readonly operationCountMin?: number;
  readonly keys: readonly string[];
  /**
   * Distinct values written (register) or appended tokens (key-value); default 3. Few values make
   * coincidences common (where checkers go wrong); more make stale reads provable by real time.
   */
  readonly valueCount?: number;
  /**
   * Also make one completed read return what an operation that completed before it was invoked
   * wrote or read: a stale read, the bug real systems have, which real time may or may not prove.
   */
  readonly staleRead?: boolean;
  /** Key-value: tokens per put, at most (default 1), so a put can write what a put and appends wrote. */
  readonly putTokensMax?: number;
}

interface Planned<Input> {
  readonly clientId: string;
  readonly input: Input;
  readonly status: OperationStatus;
  readonly invocationTime: number;
  readonly completionTime: number;
  /** When the operation takes effect in the simulated execution; undefined: it never does. */
  readonly effectTime: number | undefined;
}

/**
 * Plans operations on sequential clients with small integer times (so ties and overlaps are
 * common), and an instant at which each takes effect inside its interval. Failed operations never
 * take effect; an indeterminate one takes effect later or never. Small value ranges make
 * coincidences (the same value written twice) common, which is where checkers go wrong.
 */
function planOperations<Input>(prng: Prng, options: RandomHistoryOptions, makeInput: (key: string) => Input, canFail: (input: Input) => boolean): Planned<Input>[] {
  const clientCount = prng.intBetween(1, options.clientCountMax);
  const operationCount = prng.intBetween(options.operationCountMin ?? 1, options.operationCountMax);
  const clientFreeAt = Array.from({ length: clientCount }, () => prng.intBetween(0, 3));
  const planned: Planned<Input>[] = [];
  for (let index = 0; index < operationCount; index++) {
    const client = prng.intBetween(0, clientCount - 1);
    const invocationTime = clientFreeAt[client]! + prng.intBetween(0, 2);
    const completionTime = invocationTime + prng.intBetween(0, 4);
    const input = makeInput(options.keys[prng.intBetween(0, options.keys.length - 1)]!);
    const roll = prng.intBetween(0, 11);
    const status: OperationStatus = roll === 0 && canFail(input) ? 'fail' : roll <= 2 && canFail(input) ? 'indeterminate' : 'ok';
    let effectTime: number | undefined;
    // Effect instants are doubled times plus a tie-breaker, so equal-time operations still get an order.
    if (status === 'ok') effectTime = 2 * prng.intBetween(invocationTime, completionTime) + prng.float();
    if (status === 'indeterminate' && prng.intBetween(0, 2) > 0) effectTime = 2 * prng.intBetween(invocationTime, invocationTime + 8) + prng.float();
    planned.push({ clientId: `c${client + 1}`, input, status, invocationTime, completionTime, effectTime });
    // An indeterminate operation's client moves on (Jepsen retires the process); others wait for completion.
    clientFreeAt[client] = completionTime + 1;
  }
  return planned;
}

/** The effect instant is the generator's secret: the checker must find an order without it. */
function withoutEffectTime<Input>(planned: Planned<Input>): Omit<Planned<Input>, 'effectTime'> {
  const { effectTime: _effectTime, ...operation } = planned;
  return operation;
}

/** Runs the planned operations in effect order to learn each one's real output. */
function execute<Input, Output>(planned: readonly Planned<Input>[], apply: (state: Map<string, unknown>, input: Input) => Output): (Output | undefined)[] {
  const state = new Map<string, unknown>();
  const outputs: (Output | undefined)[] = planned.map(() => undefined);
  const order = planned.map((_, index) => index).filter((index) => planned[index]!.effectTime !== undefined);
  order.sort((a, b) => planned[a]!.effectTime! - planned[b]!.effectTime!);
  for (const index of order) outputs[index] = apply(state, planned[index]!.input);
  return outputs;
}

export function randomRegisterHistory(seed: number, options: RandomHistoryOptions): History<RegisterInput, RegisterOutput> {
  const prng = new Prng(seed);
  const value = (): RegisterValue => prng.intBetween(0, (options.valueCount ?? 3) - 1);
  const planned = planOperations<RegisterInput>(
    prng,
    options,
    (key) => {
      const roll = prng.intBetween(0, 5);
      if (roll <= 2) return { kind: 'read', key };
      if (roll <= 4) return { kind: 'write', key, value: value() };
      return { kind: 'cas', key, expected: prng.intBetween(0, 3) === 0 ? null : value(), value: value() };
    },
    (input) => input.kind !== 'read',
  );
  const outputs = execute<RegisterInput, RegisterOutput>(planned, (state, input) => {
    const current = (state.get(input.key) ?? null) as RegisterValue;
    if (input.kind === 'read') return { kind: 'read', value: current };
    if (input.kind === 'write') {
      state.set(input.key, input.value);
      return { kind: 'write' };
    }
    const swapped = current === input.expected;
    if (swapped) state.set(input.key, input.value);
    return { kind: 'cas', swapped };
  });
  const drafts = planned.map((operation, index): OperationDraft<RegisterInput, RegisterOutput> => {
    let output = outputs[index];
    if (output === undefined) {
      // A failed or never-applied operation: give it a plausible output the checker must ignore.
      output = operation.input.kind === 'read' ? { kind: 'read', value: value() } : operation.input.kind === 'write' ? { kind: 'write' } : { kind: 'cas', swapped: false };
    }
    return { ...withoutEffectTime(operation), output: operation.status === 'indeterminate' ? undefined : output };
  });
  corruptOne(prng, drafts, (output): RegisterOutput => {
    if (output.kind === 'read') return { kind: 'read', value: prng.intBetween(0, 3) === 0 ? null : value() };
    if (output.kind === 'cas') return { kind: 'cas', swapped: !output.swapped };
    return output;
  });
  if (options.staleRead === true) {
    plantStaleRead<RegisterInput, RegisterOutput, RegisterValue>(prng, drafts, (draft) => (draft.input.kind === 'read' ? (draft.output?.kind === 'read' ? [draft.output.value] : []) : draft.input.kind === 'write' ? [draft.input.value] : []), (value) => ({ kind: 'read', value }));
  }
  return createHistory(drafts, 'ms');
}

export function randomKeyValueHistory(seed: number, options: RandomHistoryOptions): History<KeyValueInput, KeyValueOutput> {
  const prng = new Prng(seed);
  const token = (): string => 'abcdefghij'[prng.intBetween(0, Math.min(10, options.valueCount ?? 3) - 1)]!;
  const planned = planOperations<KeyValueInput>(
    prng,
    options,
    (key) => {
      const roll = prng.intBetween(0, 4);
      if (roll <= 1) return { kind: 'get', key };
      if (roll !== 2) return { kind: 'append', key, value: token() };
      const tokenCount = options.putTokensMax === undefined ? 1 : prng.intBetween(1, options.putTokensMax);
      return { kind: 'put', key, value: Array.from({ length: tokenCount }, token).join('') };
    },
    (input) => input.kind !== 'get',
  );
  const outputs = execute<KeyValueInput, KeyValueOutput>(planned, (state, input) => {
    const current = (state.get(input.key) ?? '') as string;
    if (input.kind === 'get') return { kind: 'get', value: current };
    state.set(input.key, input.kind === 'put' ? input.value : current + input.value);
    return { kind: input.kind };
  });
  const drafts = planned.map((operation, index): OperationDraft<KeyValueInput, KeyValueOutput> => {
    const output = outputs[index] ?? (operation.input.kind === 'get' ? { kind: 'get', value: token() } : { kind: operation.input.kind });
    return { ...withoutEffectTime(operation), output: operation.status === 'indeterminate' ? undefined : output };
  });
  corruptOne(prng, drafts, (output): KeyValueOutput => (output.kind === 'get' ? { kind: 'get', value: output.value.slice(0, -1) + (prng.intBetween(0, 1) === 0 ? token() : '') } : output));
  if (options.staleRead === true) {
    plantStaleRead<KeyValueInput, KeyValueOutput, string>(prng, drafts, (draft) => (draft.input.kind === 'get' ? (draft.output?.kind === 'get' ? [draft.output.value] : []) : draft.input.kind === 'put' ? [draft.input.value] : []), (value) => ({ kind: 'get', value }));
  }
  return createHistory(drafts, 'ms');
}

/**
 * Picks a completed read (an operation `seen` gives a value for and `read` can rebuild) and makes
 * it return a value seen or written on its key by an operation completed before it was invoked.
 */
function plantStaleRead<Input extends { readonly kind: string; readonly key: string }, Output, Value>(
  prng: Prng,
  drafts: OperationDraft<Input, Output>[],
  seen: (draft: OperationDraft<Input, Output>) => Value[],
  read: (value: Value) => Output,
): void {
  const reads = drafts.map((draft, index) => ({ draft, index })).filter(({ draft }) => draft.status === 'ok' && seen(draft).length > 0 && (draft.input.kind === 'read' || draft.input.kind === 'get'));
  if (reads.length === 0) return;
  const { draft, index } = reads[prng.intBetween(0, reads.length - 1)]!;
  const earlier = drafts.filter((other) => other.status === 'ok' && other.input.key === draft.input.key && other.completionTime < draft.invocationTime).flatMap(seen);
  if (earlier.length === 0) return;
  drafts[index] = { ...draft, output: read(earlier[prng.intBetween(0, earlier.length - 1)]!) };
}

/** Half the time, replace one completed operation's output: the result may or may not still be linearizable. */
function corruptOne<Input, Output>(prng: Prng, drafts: OperationDraft<Input, Output>[], corrupt: (output: Output) => Output): void {
  if (prng.intBetween(0, 1) === 0) return;
  const index = prng.intBetween(0, drafts.length - 1);
  const draft = drafts[index]!;
  if (draft.status !== 'ok' || draft.output === undefined) return;
  drafts[index] = { ...draft, output: corrupt(draft.output) };
}
