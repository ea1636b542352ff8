// Property tests: each path of the checker (witness, search, both, in turns) agrees with the brute-force reference on thousands of small random histories.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bruteForceCheck, keyValueSpecification, registerSpecification, type SequentialSpecification } from './brute-force-checker.ts';
import { checkLinearizability, partitionHistory, type StartOptions } from './checker.ts';
import { createHistory, operationsToCheck, precedesInRealTime, type History } from './history.ts';
import { keyValueModel, registerModel, type KeyValueInput, type KeyValueOutput, type Model, type RegisterInput, type RegisterOutput, type RegisterValue } from './models.ts';
import { randomKeyValueHistory, randomRegisterHistory, type RandomHistoryOptions } from './random-histories.ts';
import { findStaleReadWitness } from './witness.ts';

/** Any function from a history to a verdict, so planted-bug variants can go through the same comparison. */
type Checker<Input, Output> = (history: History<Input, Output>) => boolean;

interface Comparison {
  readonly mismatchSeed: number | undefined;
  readonly mismatchDetail: string;
  readonly linearizableCount: number;
  readonly notLinearizableCount: number;
}

function compareWithBruteForce<Input, Output>(
  seedFirst: number,
  historyCount: number,
  generate: (seed: number) => History<Input, Output>,
  check: Checker<Input, Output>,
  specification: SequentialSpecification<Input, Output>,
  extraCheck?: (history: History<Input, Output>, bruteForcePrefixLength: number) => string | undefined,
): Comparison {
  let linearizableCount = 0;
  let notLinearizableCount = 0;
  for (let seed = seedFirst; seed < seedFirst + historyCount; seed++) {
    const history = generate(seed);
    const reference = bruteForceCheck(history.operations, specification);
    const verdict = check(history);
    if (reference.linearizable) linearizableCount++;
    else notLinearizableCount++;
    const detail =
      verdict !== reference.linearizable
        ? `checker says ${verdict ? 'linearizable' : 'not linearizable'}, brute force says ${reference.linearizable ? 'linearizable' : 'not linearizable'}`
        : extraCheck?.(history, reference.longestPrefixLength);
    if (detail !== undefined) {
      return { mismatchSeed: seed, mismatchDetail: `seed ${seed}: ${detail}\n${JSON.stringify(history.operations)}`, linearizableCount, notLinearizableCount };
    }
  }
  return { mismatchSeed: undefined, mismatchDetail: '', linearizableCount, notLinearizableCount };
}

function fastChecker<State, Input, Output>(model: Model<State, Input, Output>, options: StartOptions = {}): Checker<Input, Output> {
  return (history) => {
    const result = checkLinearizability(history, model, { stepBudget: 1_000_000, ...options });
    if (result.verdict === 'unknown') throw new Error('a tiny history exhausted the budget');
    return result.verdict === 'linearizable';
  };
}

/**
 * The explanation must describe what was found honestly. The search's: longest prefix as long as
 * the brute force's, every candidate illegal. A witness's: the overwrite completed before the read
 * was invoked, every source of the value read completed before the overwrite was invoked, and the
 * read is illegal right after the overwrite.
 */
function explanationMatches<State, Input, Output>(model: Model<State, Input, Output>, options: StartOptions = {}) {
  return (history: History<Input, Output>, bruteForcePrefixLength: number): string | undefined => {
    const result = checkLinearizability(history, model, options);
    const explanation = result.explanation;
    if (explanation === undefined) return undefined;
    if (explanation.foundBy === 'stale-read witness') {
      const [overwrite] = explanation.longestPrefix;
      const read = explanation.blockedOperation;
      if (overwrite === undefined || !precedesInRealTime(overwrite, read)) return 'the witness overwrite does not precede the read';
      const witness = findStaleReadWitness(
        operationsToCheck(history).filter((operation) => (model.partitionKey?.(operation.input) ?? '') === explanation.partitionKey),
        model,
      );
      if (witness === undefined || witness.read !== read) return 'the witness cannot be found again';
      if (witness.sources.some((source) => !precedesInRealTime(source, overwrite))) return 'a source of the value read does not precede the overwrite';
      return explanation.candidates.length === 1 && explanation.candidates[0]!.operation === read ? undefined : 'the witness names other candidates';
    }
    if (explanation.longestPrefix.length !== bruteForcePrefixLength) {
      return `longest prefix ${explanation.longestPrefix.length}, brute force reaches ${bruteForcePrefixLength}`;
    }
    if (!explanation.candidates.some((candidate) => candidate.operation === explanation.blockedOperation)) return 'blocked operation is not among the candidates';
    const legal = explanation.candidates.find((candidate) => candidate.reason.startsWith('it is legal here'));
    return legal === undefined ? undefined : `candidate ${legal.operation.id} is legal after the prefix`;
  };
}

const oneKey: RandomHistoryOptions = { clientCountMax: 3, operationCountMax: 8, keys: ['x'] };
const twoKeys: RandomHistoryOptions = { clientCountMax: 3, operationCountMax: 7, keys: ['x', 'y'] };

describe('agreement with a brute-force checker (etcd quorum/quick_test.go style)', () => {
  it('register, one key: 5000 random histories, same verdict and same longest prefix (search alone)', () => {
    const searchOnly = { staleReadWitness: false };
    const comparison = compareWithBruteForce(1, 5000, (seed) => randomRegisterHistory(seed, oneKey), fastChecker(registerModel, searchOnly), registerSpecification, explanationMatches(registerModel, searchOnly));
    expect(comparison.mismatchDetail).toBe('');
    // Both verdicts must be well represented, or the comparison proves little.
    expect(comparison.linearizableCount).toBeGreaterThan(1000);
    expect(comparison.notLinearizableCount).toBeGreaterThan(1000);
  });

  it('register, one key: 5000 random histories, same verdict with the witness first, and honest witness explanations', () => {
    const comparison = compareWithBruteForce(1, 5000, (seed) => randomRegisterHistory(seed, oneKey), fastChecker(registerModel), registerSpecification, explanationMatches(registerModel));
    expect(comparison.mismatchDetail).toBe('');
    // Both verdicts must be well represented, or the comparison proves little.
    expect(comparison.linearizableCount).toBeGreaterThan(1000);
    expect(comparison.notLinearizableCount).toBeGreaterThan(1000);
  });

  it('register, two keys: 3000 random histories, partitioned checker against an unpartitioned brute force', () => {
    const comparison = compareWithBruteForce(10_001, 3000, (seed) => randomRegisterHistory(seed, twoKeys), fastChecker(registerModel), registerSpecification);
    expect(comparison.mismatchDetail).toBe('');
    expect(comparison.notLinearizableCount).toBeGreaterThan(300);
  });

  it('key-value store, two keys: 3000 random histories with get/put/append', () => {
    const comparison = compareWithBruteForce(20_001, 3000, (seed) => randomKeyValueHistory(seed, twoKeys), fastChecker(keyValueModel), keyValueSpecification);
    expect(comparison.mismatchDetail).toBe('');
    expect(comparison.linearizableCount).toBeGreaterThan(500);
    expect(comparison.notLinearizableCount).toBeGreaterThan(250);
  });

  it('key-value store, one key: 3000 random histories, same verdict and honest explanations (witness or search)', () => {
    const comparison = compareWithBruteForce(40_001, 3000, (seed) => randomKeyValueHistory(seed, { ...oneKey, valueCount: 6, staleRead: true, putTokensMax: 2 }), fastChecker(keyValueModel), keyValueSpecification, explanationMatches(keyValueModel));
    expect(comparison.mismatchDetail).toBe('');
    expect(comparison.notLinearizableCount).toBeGreaterThan(250);
  });

  it('keys searched in turns of one step each give the verdict of turns of 1024 (round-robin changes the order of work, never the answer)', () => {
    const comparison = compareWithBruteForce(30_001, 2000, (seed) => randomRegisterHistory(seed, { clientCountMax: 4, operationCountMax: 9, keys: ['x', 'y', 'z'] }), fastChecker(registerModel, { turnSteps: 1, staleReadWitness: false }), registerSpecification);
    expect(comparison.mismatchDetail).toBe('');
    expect(comparison.notLinearizableCount).toBeGreaterThan(300);
  });

  it('every uncorrupted random execution is linearizable (the generator is honest and so is the checker)', () => {
    // Seeds whose history the generator left alone are real executions; count via the brute force.
    let checked = 0;
    for (let seed = 1; seed <= 500; seed++) {
      const history = randomRegisterHistory(seed, oneKey);
      if (!bruteForceCheck(history.operations, registerSpecification).linearizable) continue;
      checked++;
      expect(checkLinearizability(history, registerModel).verdict, `seed ${seed}`).toBe('linearizable');
    }
    expect(checked).toBeGreaterThan(100);
  });
});

describe('planted bugs are caught by the brute-force comparison', () => {
  it('a checker that ignores real-time order disagrees on some seed', () => {
    // Widening every interval to the whole history is exactly forgetting real-time order.
    const buggy: Checker<RegisterInput, RegisterOutput> = (history) =>
      fastChecker(registerModel)(
        createHistory(
          history.operations.map((operation) => ({ ...operation, invocationTime: 0, completionTime: 1_000 })),
          history.timeUnit,
        ),
      );
    const comparison = compareWithBruteForce(1, 3000, (seed) => randomRegisterHistory(seed, oneKey), buggy, registerSpecification);
    expect(comparison.mismatchSeed).toBeDefined();
    expect(comparison.mismatchDetail).toMatch(/checker says linearizable, brute force says not linearizable/);
  });

  it('a checker that treats indeterminate operations as never having happened disagrees on some seed', () => {
    const buggy: Checker<RegisterInput, RegisterOutput> = (history) =>
      fastChecker(registerModel)(
        createHistory(
          history.operations.filter((operation) => operation.status !== 'indeterminate'),
          history.timeUnit,
        ),
      );
    const comparison = compareWithBruteForce(1, 3000, (seed) => randomRegisterHistory(seed, oneKey), buggy, registerSpecification);
    expect(comparison.mismatchSeed).toBeDefined();
  });
});

/** Runs the witness alone on each key of the history: the shortcut must never accuse a linearizable history. */
function witnessAccuses<State, Input, Output>(history: History<Input, Output>, model: Model<State, Input, Output>): boolean {
  return partitionHistory(operationsToCheck(history), model).some((partition) => findStaleReadWitness(partition.operations, model) !== undefined);
}

// fast-check drives the seeds; on a failure it prints the counterexample seed and its own run seed.
const historySeed = fc.integer({ min: 1, max: 0x7fffffff });
const propertyParameters = { numRuns: 10_000, seed: 0x11ea7 };

describe('the stale-read witness is sound: whenever it accuses, the brute force finds no linearization', () => {
  it('register model, 10 000 random histories (fast-check)', () => {
    let accusations = 0;
    fc.assert(
      fc.property(historySeed, (seed) => {
        const history = randomRegisterHistory(seed, { clientCountMax: 4, operationCountMax: 8, keys: ['x', 'y'], valueCount: 8, staleRead: true });
        if (!witnessAccuses(history, registerModel)) return true;
        accusations++;
        return !bruteForceCheck(history.operations, registerSpecification).linearizable;
      }),
      propertyParameters,
    );
    // The property means little unless the witness fires often.
    expect(accusations).toBeGreaterThan(400);
  });

  it('key-value model, 10 000 random histories with appends (fast-check)', () => {
    let accusations = 0;
    fc.assert(
      fc.property(historySeed, (seed) => {
        const history = randomKeyValueHistory(seed, { clientCountMax: 4, operationCountMax: 8, keys: ['x', 'y'], valueCount: 6, staleRead: true, putTokensMax: 3 });
        if (!witnessAccuses(history, keyValueModel)) return true;
        accusations++;
        return !bruteForceCheck(history.operations, keyValueSpecification).linearizable;
      }),
      propertyParameters,
    );
    expect(accusations).toBeGreaterThan(50);
  });

  it('the whole checker (witness, then search in turns) agrees with the brute force on 5000 random three-key histories (fast-check)', () => {
    fc.assert(
      fc.property(historySeed, (seed) => {
        const history = randomRegisterHistory(seed, { clientCountMax: 4, operationCountMax: 9, keys: ['x', 'y', 'z'] });
        return fastChecker(registerModel, { turnSteps: 3 })(history) === bruteForceCheck(history.operations, registerSpecification).linearizable;
      }),
      { ...propertyParameters, numRuns: 5000 },
    );
  });
});

describe('planted bugs in the witness are caught by the same property', () => {
  const findsCounterexample = (property: fc.IProperty<[number]>): boolean => fc.check(property, { ...propertyParameters, numRuns: 20_000 }).failed;

  it('forgetting that a write whose outcome is unknown may land late (it is a source of its value) is caught', () => {
    const forgetful: Model<RegisterValue, RegisterInput, RegisterOutput> = {
      ...registerModel,
      footprint: (input, output) => (input.kind === 'write' ? { leaves: { state: input.value, surely: output !== undefined } } : registerModel.footprint!(input, output)),
    };
    // Only the witness runs here, so only its use of the footprint is under test.
    const sloppy: Model<RegisterValue, RegisterInput, RegisterOutput> = {
      ...forgetful,
      footprint: (input, output) => {
        const footprint = forgetful.footprint!(input, output);
        return output === undefined && input.kind === 'write' ? { leaves: 'unchanged', requires: undefined } : footprint;
      },
    };
    expect(
      findsCounterexample(
        fc.property(historySeed, (seed) => {
          const history = randomRegisterHistory(seed, { clientCountMax: 4, operationCountMax: 8, keys: ['x'], valueCount: 8, staleRead: true });
          return !witnessAccuses(history, sloppy) || !bruteForceCheck(history.operations, registerSpecification).linearizable;
        }),
      ),
    ).toBe(true);
  });

  it('forgetting that an append can produce any value (it is a source of every value) is caught', () => {
    const sloppy: Model<string, KeyValueInput, KeyValueOutput> = {
      ...keyValueModel,
      footprint: (input, output) => (input.kind === 'append' ? { leaves: 'unchanged' } : keyValueModel.footprint!(input, output)),
    };
    expect(
      findsCounterexample(
        fc.property(historySeed, (seed) => {
          const history = randomKeyValueHistory(seed, { clientCountMax: 4, operationCountMax: 8, keys: ['x'], valueCount: 3, staleRead: true, putTokensMax: 3 });
          return !witnessAccuses(history, sloppy) || !bruteForceCheck(history.operations, keyValueSpecification).linearizable;
        }),
      ),
    ).toBe(true);
  });
});

describe('a planted bug in the search\'s read-first rule is caught by the brute-force comparison', () => {
  it('a footprint that calls completed writes state-keeping makes the search give up on orders it must try', () => {
    // Only completed writes lie, so nothing is dropped before the search and the witness is off:
    // the read-first rule is the one path that sees the lie.
    const lying: Model<RegisterValue, RegisterInput, RegisterOutput> = {
      ...registerModel,
      footprint: (input, output) => (input.kind === 'write' && output !== undefined ? { leaves: 'unchanged' } : registerModel.footprint!(input, output)),
    };
    const comparison = compareWithBruteForce(1, 3000, (seed) => randomRegisterHistory(seed, oneKey), fastChecker(lying, { staleReadWitness: false }), registerSpecification);
    expect(comparison.mismatchSeed).toBeDefined();
    expect(comparison.mismatchDetail).toMatch(/checker says not linearizable, brute force says linearizable/);
  });
});

describe('footprints agree with step (the shortcuts trust them)', () => {
  it('register and key-value: requires and leaves match what step does, over random states, inputs and outputs', () => {
    const registerValue = fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 3 }), fc.constantFrom('1', 'a'));
    const registerInput = fc.oneof(
      fc.record({ kind: fc.constant('read' as const), key: fc.constant('x') }),
      fc.record({ kind: fc.constant('write' as const), key: fc.constant('x'), value: registerValue }),
      fc.record({ kind: fc.constant('cas' as const), key: fc.constant('x'), expected: registerValue, value: registerValue }),
    );
    const registerOutput = fc.option(
      fc.oneof(fc.record({ kind: fc.constant('read' as const), value: registerValue }), fc.constant({ kind: 'write' as const }), fc.record({ kind: fc.constant('cas' as const), swapped: fc.boolean() })),
      { nil: undefined },
    );
    fc.assert(
      fc.property(registerValue, registerInput, registerOutput, (state, input, output) => footprintAgrees(registerModel, state, input, output)),
      propertyParameters,
    );
    const text = fc.constantFrom('', 'a', 'b', 'ab');
    const keyValueInput = fc.oneof(
      fc.record({ kind: fc.constant('get' as const), key: fc.constant('x') }),
      fc.record({ kind: fc.constantFrom('put' as const, 'append' as const), key: fc.constant('x'), value: text }),
    );
    const keyValueOutput = fc.option(fc.oneof(fc.record({ kind: fc.constant('get' as const), value: text }), fc.constant({ kind: 'put' as const }), fc.constant({ kind: 'append' as const })), { nil: undefined });
    fc.assert(
      fc.property(text, keyValueInput, keyValueOutput, (state, input, output) => footprintAgrees(keyValueModel, state, input, output as KeyValueOutput | undefined)),
      propertyParameters,
    );
  });
});

/** `requires`: legal only there; `unchanged`: same state; a `surely` state: exactly it whenever legal; a possible state: it or unchanged. */
function footprintAgrees<State, Input, Output>(model: Model<State, Input, Output>, state: State, input: Input, output: Output | undefined): boolean {
  const footprint = model.footprint!(input, output);
  const next = model.step(state, input, output);
  // Illegal is fine anywhere but in the one state it requires.
  if (next === undefined) return footprint.requires === undefined || model.stateKey(footprint.requires) !== model.stateKey(state);
  if (footprint.requires !== undefined && model.stateKey(footprint.requires) !== model.stateKey(state)) return false;
  const leaves = footprint.leaves;
  if (leaves === 'any') return true;
  if (leaves === 'unchanged') return model.stateKey(next) === model.stateKey(state);
  if (leaves.surely) return model.stateKey(next) === model.stateKey(leaves.state);
  return model.stateKey(next) === model.stateKey(leaves.state) || model.stateKey(next) === model.stateKey(state);
}
