// Property tests: the optimised checker agrees with the brute-force reference on thousands of small random histories.
import { describe, expect, it } from 'vitest';
import { bruteForceCheck, keyValueSpecification, registerSpecification, type SequentialSpecification } from './brute-force-checker.ts';
import { checkLinearizability } from './checker.ts';
import { createHistory, type History } from './history.ts';
import { keyValueModel, registerModel, type Model, type RegisterInput, type RegisterOutput } from './models.ts';
import { randomKeyValueHistory, randomRegisterHistory, type RandomHistoryOptions } from './random-histories.ts';

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

function fastChecker<State, Input, Output>(model: Model<State, Input, Output>): Checker<Input, Output> {
  return (history) => {
    const result = checkLinearizability(history, model, { stepBudget: 1_000_000 });
    if (result.verdict === 'unknown') throw new Error('a tiny history exhausted the budget');
    return result.verdict === 'linearizable';
  };
}

/** The explanation must describe the search honestly: longest prefix as long as the brute force's, every candidate illegal. */
function explanationMatches<State, Input, Output>(model: Model<State, Input, Output>) {
  return (history: History<Input, Output>, bruteForcePrefixLength: number): string | undefined => {
    const result = checkLinearizability(history, model);
    const explanation = result.explanation;
    if (explanation === undefined) return undefined;
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
  it('register, one key: 5000 random histories, same verdict and same longest prefix', () => {
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
