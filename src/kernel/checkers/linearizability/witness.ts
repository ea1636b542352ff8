// The sound shortcut before the search: a real-time witness of a stale read proves a key not linearizable in O(n log n).
import { formatInterval, formatTime, type Operation, type TimeUnit } from './history.ts';
import type { Model } from './models.ts';

/**
 * A stale read proven by real time alone. `read` needs the state `required` (a read returned it, a
 * swapped cas compared against it). `overwrite` completed before `read` was invoked and, whenever
 * it takes effect, leaves another state. Every operation that can leave `required` (`sources`) is
 * definite and completed before `overwrite` was invoked. So in any order that respects real time
 * the sources come before the overwrite, the overwrite before the read, and nothing in between can
 * bring `required` back: the read cannot take effect anywhere. `sources` is empty when only the
 * initial state has `required`.
 */
export interface StaleReadWitness<State, Input, Output> {
  readonly read: Operation<Input, Output>;
  readonly required: State;
  readonly overwrite: Operation<Input, Output>;
  /** The state the overwrite leaves. */
  readonly overwritten: State;
  readonly sources: readonly Operation<Input, Output>[];
}

interface TimedOverwrite<State, Input, Output> {
  readonly operation: Operation<Input, Output>;
  readonly leaves: State;
}

/**
 * Finds a witness in one partition, or `undefined`; the reported read is the one that completes
 * first (then the lowest id), so the answer does not depend on anything but the history. Uses the
 * model's `footprint`; the overwrite's state is checked with the model's own `step` (the read must
 * be illegal there), so a model whose footprint claims more than its `step` does gets no witness.
 *
 * The argument needs every source to be definite (an indeterminate write of the value could take
 * effect late, after the overwrite) and an operation whose result depends on the state before
 * (`leaves: 'any'`, an append) counts as a source of every state.
 */
export function findStaleReadWitness<State, Input, Output>(
  operations: readonly Operation<Input, Output>[],
  model: Model<State, Input, Output>,
): StaleReadWitness<State, Input, Output> | undefined {
  const footprint = model.footprint;
  if (footprint === undefined) return undefined;
  const initialKey = model.stateKey(model.initialState());

  /** Per state key: the latest completion among operations that may leave it (Infinity if one is indeterminate). */
  const latestSourceCompletion = new Map<string, number>();
  let latestAnyCompletion = Number.NEGATIVE_INFINITY;
  const overwrites: TimedOverwrite<State, Input, Output>[] = [];
  const reads: { readonly operation: Operation<Input, Output>; readonly required: State; readonly requiredKey: string }[] = [];
  for (const operation of operations) {
    if (operation.status === 'fail') continue;
    const touch = footprint.call(model, operation.input, operation.output);
    const completion = operation.status === 'ok' ? operation.completionTime : Infinity;
    if (touch.leaves === 'any') {
      latestAnyCompletion = Math.max(latestAnyCompletion, completion);
    } else if (touch.leaves !== 'unchanged') {
      const key = model.stateKey(touch.leaves.state);
      latestSourceCompletion.set(key, Math.max(latestSourceCompletion.get(key) ?? Number.NEGATIVE_INFINITY, completion));
      if (operation.status === 'ok' && touch.leaves.surely) overwrites.push({ operation, leaves: touch.leaves.state });
    }
    if (operation.status === 'ok' && touch.requires !== undefined) {
      reads.push({ operation, required: touch.requires, requiredKey: model.stateKey(touch.requires) });
    }
  }
  if (overwrites.length === 0 || reads.length === 0) return undefined;

  // Overwrites by completion; for each prefix, the one invoked last: the best witness for any read
  // invoked after that prefix completed (the later an overwrite starts, the more sources precede it).
  overwrites.sort((a, b) => a.operation.completionTime - b.operation.completionTime || a.operation.id - b.operation.id);
  const latestInvoked: TimedOverwrite<State, Input, Output>[] = [];
  let latest = overwrites[0]!;
  for (const overwrite of overwrites) {
    if (overwrite.operation.invocationTime > latest.operation.invocationTime) latest = overwrite;
    latestInvoked.push(latest);
  }

  let found: StaleReadWitness<State, Input, Output> | undefined;
  for (const { operation: read, required, requiredKey } of reads) {
    if (found !== undefined && (read.completionTime > found.read.completionTime || (read.completionTime === found.read.completionTime && read.id > found.read.id))) continue;
    const sourceCompletion = latestSourceCompletion.get(requiredKey);
    // A value no operation leaves and the initial state does not have is the search's business:
    // there is no real-time argument to make, only "nothing wrote it".
    if (sourceCompletion === undefined && latestAnyCompletion === Number.NEGATIVE_INFINITY && requiredKey !== initialKey) continue;
    const mustPrecede = Math.max(sourceCompletion ?? Number.NEGATIVE_INFINITY, latestAnyCompletion);
    // Overwrites that completed strictly before the read was invoked (equal times are concurrent).
    let low = 0;
    let high = overwrites.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (overwrites[middle]!.operation.completionTime < read.invocationTime) low = middle + 1;
      else high = middle;
    }
    if (low === 0) continue;
    const overwrite = latestInvoked[low - 1]!;
    if (!(mustPrecede < overwrite.operation.invocationTime)) continue;
    // The model's own step must agree that the read is impossible right after the overwrite.
    if (model.step(overwrite.leaves, read.input, read.output) !== undefined) continue;
    found = { read, required, overwrite: overwrite.operation, overwritten: overwrite.leaves, sources: [] };
  }
  if (found === undefined) return undefined;
  const witness = found;
  const requiredKey = model.stateKey(witness.required);
  const sources = operations.filter((operation) => {
    if (operation.status === 'fail') return false;
    const leaves = footprint.call(model, operation.input, operation.output).leaves;
    return leaves === 'any' || (leaves !== 'unchanged' && model.stateKey(leaves.state) === requiredKey);
  });
  return { ...witness, sources };
}

/** The witness in the words of the search's explanations: which operation cannot be placed, and why. */
export function describeStaleReadWitness<State, Input, Output>(
  witness: StaleReadWitness<State, Input, Output>,
  model: Model<State, Input, Output>,
  partitionKey: string,
  operationCount: number,
  timeUnit: TimeUnit,
): { readonly reason: string; readonly stateAfterOverwrite: string; readonly summary: string; readonly text: string } {
  const { read, overwrite, overwritten, required, sources } = witness;
  const describe = (operation: Operation<Input, Output>): string => `${model.describeOperation(operation)} ${formatInterval(operation, timeUnit)}`;
  const reason = model.describeIllegal(overwritten, read);
  const needed = model.describeState(required, partitionKey);
  const forced = `set by the ${model.describeOperation(overwrite)}, which completed at ${formatTime(overwrite.completionTime, timeUnit)}, before this operation was invoked at ${formatTime(read.invocationTime, timeUnit)}`;
  const comeBack =
    sources.length === 0
      ? `nothing after that write can bring back what it needs (${needed}): only the initial state was that way`
      : `nothing after that write can bring back what it needs (${needed}): every operation that would (${sourceList(sources, describe)}) completed before that write was invoked at ${formatTime(overwrite.invocationTime, timeUnit)}`;
  const summary = `The ${model.describeOperation(read)} at ${formatInterval(read, timeUnit)} cannot be placed: ${reason} (${forced}), and ${comeBack}.`;
  const lines = [
    `Key ${JSON.stringify(partitionKey)}: ${operationCount} operations; settled before the search by a real-time witness of a stale read.`,
    `The ${describe(overwrite)} completed before the ${describe(read)} was invoked, so it takes effect first; after it, ${model.describeState(overwritten, partitionKey)}.`,
    `The ${model.describeOperation(read)} can take effect only when ${needed}.`,
    sources.length === 0
      ? 'No operation brings that back; only the initial state was that way.'
      : `Every operation that could bring that back completed before the ${model.describeOperation(overwrite)} was invoked at ${formatTime(overwrite.invocationTime, timeUnit)}, so none can take effect between the two:`,
    ...sources.map((source) => `  - ${describe(source)}`),
    `So in every order consistent with real time, the ${model.describeOperation(read)} comes after that write with nothing in between to undo it: ${reason}.`,
  ];
  return { reason, stateAfterOverwrite: model.describeState(overwritten, partitionKey), summary, text: lines.join('\n') };
}

/** One sentence has room for two sources; beyond that, the count and the one that completed last (the text lists them all). */
function sourceList<Input, Output>(sources: readonly Operation<Input, Output>[], describe: (operation: Operation<Input, Output>) => string): string {
  if (sources.length <= 2) return sources.map(describe).join('; ');
  const last = sources.reduce((latest, source) => (source.completionTime > latest.completionTime ? source : latest));
  return `${sources.length} operations, the last to complete being the ${describe(last)}`;
}
