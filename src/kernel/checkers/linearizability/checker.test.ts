// Hand-written cases for the checker: Herlihy & Wing's definition, indeterminate and failed operations, budgets, explanations.
import { describe, expect, it } from 'vitest';
import { checkLinearizability, startLinearizabilityCheck } from './checker.ts';
import { createHistory, type OperationDraft } from './history.ts';
import { keyValueModel, keyValueModelWithoutPartitioning, registerModel, type Model, type RegisterInput, type RegisterOutput, type RegisterValue } from './models.ts';
import { randomRegisterHistory } from './random-histories.ts';

type Draft = OperationDraft<RegisterInput, RegisterOutput>;

function write(clientId: string, value: RegisterValue, invocationTime: number, completionTime: number, status: Draft['status'] = 'ok', key = 'x'): Draft {
  return { clientId, input: { kind: 'write', key, value }, output: { kind: 'write' }, status, invocationTime, completionTime };
}
function read(clientId: string, value: RegisterValue, invocationTime: number, completionTime: number, key = 'x'): Draft {
  return { clientId, input: { kind: 'read', key }, output: { kind: 'read', value }, status: 'ok', invocationTime, completionTime };
}
function cas(clientId: string, expected: RegisterValue, value: RegisterValue, swapped: boolean | undefined, invocationTime: number, completionTime: number): Draft {
  return {
    clientId,
    input: { kind: 'cas', key: 'x', expected, value },
    output: swapped === undefined ? undefined : { kind: 'cas', swapped },
    status: swapped === undefined ? 'indeterminate' : 'ok',
    invocationTime,
    completionTime,
  };
}
const check = (drafts: Draft[]) => checkLinearizability(createHistory(drafts, 'ms'), registerModel);

describe('Herlihy & Wing: each operation appears to take effect at one instant between its invocation and its response', () => {
  it('a read concurrent with a write may see the old or the new value', () => {
    expect(check([write('c1', 1, 0, 10), read('c2', null, 5, 6)]).verdict).toBe('linearizable');
    expect(check([write('c1', 1, 0, 10), read('c2', 1, 5, 6)]).verdict).toBe('linearizable');
  });

  it('a read that starts after a write completed must see it (the planted stale read, proven by real time before the search)', () => {
    const result = check([write('c1', 1, 0, 10), write('c1', 2, 20, 30), read('c2', 1, 40, 50)]);
    expect(result.verdict).toBe('not-linearizable');
    const explanation = result.explanation!;
    expect(explanation.foundBy).toBe('stale-read witness');
    expect(explanation.blockedOperation.clientId).toBe('c2');
    expect(explanation.longestPrefix.map((operation) => operation.id)).toEqual([1]);
    expect(explanation.stateAfterPrefix).toBe('x holds 2');
    expect(explanation.summary).toBe(
      'The read of x by c2 returned 1 at [40 ms, 50 ms] cannot be placed: it returned 1, but x holds 2 at that point ' +
        '(set by the write of 2 to x by c1, which completed at 30 ms, before this operation was invoked at 40 ms), ' +
        'and nothing after that write can bring back what it needs (x holds 1): every operation that would (write of 1 to x by c1 [0 ms, 10 ms]) completed before that write was invoked at 20 ms.',
    );
  });

  it('the same stale read found by the search alone: the longest prefix, and nothing left that would make it legal', () => {
    const result = checkLinearizability(createHistory([write('c1', 1, 0, 10), write('c1', 2, 20, 30), read('c2', 1, 40, 50)], 'ms'), registerModel, { staleReadWitness: false });
    const explanation = result.explanation!;
    expect(explanation.foundBy).toBe('search');
    expect(explanation.longestPrefix.map((operation) => operation.id)).toEqual([0, 1]);
    expect(explanation.stateAfterPrefix).toBe('x holds 2');
    expect(explanation.summary).toBe(
      'The read of x by c2 returned 1 at [40 ms, 50 ms] cannot be placed: it returned 1, but x holds 2 at that point ' +
        '(set by the write of 2 to x by c1, which completed at 30 ms, before this operation was invoked at 40 ms), ' +
        'and no operation left unplaced would make it legal.',
    );
  });

  it('a stale read of the initial state: only the initial state had the value read', () => {
    const result = check([write('c1', 2, 20, 30), read('c2', null, 40, 50)]);
    expect(result.explanation!.foundBy).toBe('stale-read witness');
    expect(result.explanation!.summary).toContain('nothing after that write can bring back what it needs (x is absent (nil)): only the initial state was that way');
  });

  it('no witness when a write of the value read may land late (outcome unknown), or is concurrent with the overwrite', () => {
    // Both are linearizable: the timed-out write of 1 may take effect after the write of 2; the write of 1 may follow the write of 2.
    expect(check([write('c1', 1, 0, 10, 'indeterminate'), write('c1', 2, 20, 30), read('c2', 1, 40, 50)]).verdict).toBe('linearizable');
    expect(check([write('c3', 1, 15, 35), write('c1', 2, 20, 30), read('c2', 1, 40, 50)]).verdict).toBe('linearizable');
  });

  it('the explanation names a later write of the value read, and why it cannot help', () => {
    const result = check([write('c1', 2, 0, 10), read('c2', 1, 20, 30), write('c3', 1, 40, 50)]);
    expect(result.explanation!.tooLate.map((operation) => operation.clientId)).toEqual(['c3']);
    expect(result.explanation!.summary).toContain('the only operations that would make it legal (write of 1 to x by c3, invoked at 40 ms) started after it completed at 30 ms');
  });

  it('real-time order applies across clients, not just within one: reads that see a value then lose it', () => {
    // c2 sees the new value, then c3, strictly later, sees the old one: no single instant fits the write.
    const result = check([write('c1', 1, 0, 100), read('c2', 1, 10, 20), read('c3', null, 30, 40)]);
    expect(result.verdict).toBe('not-linearizable');
    expect(result.explanation!.blockedOperation.clientId).toBe('c3');
  });

  it('operations that touch at an instant are concurrent (a coarse clock never invents a violation)', () => {
    expect(check([write('c1', 1, 0, 10), read('c2', null, 10, 12)]).verdict).toBe('linearizable');
    expect(check([write('c1', 1, 0, 10), read('c2', null, 11, 12)]).verdict).toBe('not-linearizable');
  });

  it('compare-and-set: success and failure are both observations', () => {
    expect(check([write('c1', 1, 0, 1), cas('c2', 1, 2, true, 2, 3), read('c1', 2, 4, 5)]).verdict).toBe('linearizable');
    expect(check([write('c1', 1, 0, 1), cas('c2', 1, 2, false, 2, 3)]).verdict).toBe('not-linearizable');
    expect(check([write('c1', 1, 0, 1), cas('c2', 0, 2, false, 2, 3), read('c1', 1, 4, 5)]).verdict).toBe('linearizable');
  });
});

describe('indeterminate operations (Jepsen :info) may take effect any time after invocation, or never', () => {
  it('a timed-out write may take effect long after its client gave up', () => {
    expect(check([write('c1', 1, 0, 10, 'indeterminate'), read('c2', null, 20, 30), read('c2', 1, 40, 50)]).verdict).toBe('linearizable');
  });

  it('a timed-out write may never take effect', () => {
    expect(check([write('c1', 1, 0, 10, 'indeterminate'), read('c2', null, 20, 30)]).verdict).toBe('linearizable');
  });

  it('but it cannot take effect before it was invoked', () => {
    expect(check([read('c2', 1, 0, 5), write('c1', 1, 10, 20, 'indeterminate')]).verdict).toBe('not-linearizable');
  });

  it('and it takes effect at most once: a value cannot come back after being overwritten', () => {
    const drafts = [write('c1', 1, 0, 0, 'indeterminate'), read('c2', 1, 10, 11), write('c2', 2, 20, 21), read('c2', 1, 30, 31)];
    expect(check(drafts).verdict).toBe('not-linearizable');
  });

  it('an indeterminate cas takes effect only if its comparison holds when it does', () => {
    expect(check([write('c1', 1, 0, 1), cas('c2', 1, 5, undefined, 2, 3), read('c1', 5, 10, 11)]).verdict).toBe('linearizable');
    expect(check([write('c1', 1, 0, 1), cas('c2', 0, 5, undefined, 2, 3), read('c1', 5, 10, 11)]).verdict).toBe('not-linearizable');
  });
});

describe('failed operations (Jepsen :fail) definitely did not happen', () => {
  it('a failed write is removed before checking', () => {
    expect(check([write('c1', 1, 0, 10, 'fail'), read('c2', null, 20, 30)]).verdict).toBe('linearizable');
    expect(check([write('c1', 1, 0, 10, 'fail'), read('c2', 1, 20, 30)]).verdict).toBe('not-linearizable');
  });
});

describe('P-compositionality: a history is linearizable iff each key\'s sub-history is', () => {
  it('checks keys separately and reports the failing one', () => {
    const result = check([write('c1', 1, 0, 10), read('c2', 1, 20, 30), write('c1', 7, 0, 10, 'ok', 'y'), read('c2', 6, 20, 30, 'y')]);
    expect(result.verdict).toBe('not-linearizable');
    expect(result.explanation!.partitionKey).toBe('y');
    expect(result.partitions.map((partition) => [partition.key, partition.verdict])).toEqual([
      ['x', 'linearizable'],
      ['y', 'not-linearizable'],
    ]);
  });

  it('the key-value model gives the same verdict with and without partitioning on random histories', () => {
    // Spot check beside the brute-force comparison, on larger histories than it can afford.
    for (let seed = 1; seed <= 200; seed++) {
      const history = createHistory(
        randomRegisterHistory(seed, { clientCountMax: 4, operationCountMax: 14, keys: ['a', 'b', 'c'] }).operations.map((operation) => ({
          ...operation,
          input: operation.input.kind === 'read' ? { kind: 'get' as const, key: operation.input.key } : { kind: 'append' as const, key: operation.input.key, value: String(operation.input.value) },
          output: operation.output === undefined ? undefined : operation.output.kind === 'read' ? { kind: 'get' as const, value: String(operation.output.value ?? '') } : { kind: 'append' as const },
        })),
        'ms',
      );
      const partitioned = checkLinearizability(history, keyValueModel).verdict;
      const whole = checkLinearizability(history, keyValueModelWithoutPartitioning).verdict;
      expect(partitioned, `seed ${seed}`).toBe(whole);
    }
  });
});

describe('the step budget: the kernel reads no clock, callers bound the work', () => {
  // Many concurrent indeterminate writes: the search has to explore many subsets before failing.
  const hard: Draft[] = [
    ...Array.from({ length: 14 }, (_, index) => write(`w${index}`, index, 0, 0, 'indeterminate')),
    read('r', 100, 10, 11),
  ];

  it('answers unknown with a clear message when the budget runs out', () => {
    const result = checkLinearizability(createHistory(hard, 'ms'), registerModel, { stepBudget: 1000 });
    expect(result.verdict).toBe('unknown');
    expect(result.stepsUsed).toBe(1000);
    expect(result.message).toMatch(/^unknown: gave up after 1000 search steps while checking key "x"/);
  });

  it('keys still searched in turns when the budget runs out are named, and none is called linearizable', () => {
    const twoHardKeys = createHistory(
      [
        ...hard,
        ...Array.from({ length: 14 }, (_, index) => write(`v${index}`, index, 0, 0, 'indeterminate', 'y')),
        read('r', 100, 10, 11, 'y'),
      ],
      'ms',
    );
    const result = checkLinearizability(twoHardKeys, registerModel, { stepBudget: 5000 });
    expect(result.verdict).toBe('unknown');
    expect(result.message).toMatch(/while checking 2 keys in turns \("x", "y"\) \(0 of 2 keys finished\)/);
    // Both got their turns: the budget was shared, not spent on the first key alone.
    expect(result.partitions.map((partition) => partition.stepsUsed > 1000)).toEqual([true, true]);
  });

  it('can be run in slices and reaches the same answer as one long run', () => {
    const history = createHistory(hard, 'ms');
    const whole = checkLinearizability(history, registerModel);
    const sliced = startLinearizabilityCheck(history, registerModel);
    let result;
    let sliceCount = 0;
    while ((result = sliced.advance(10_000)) === undefined) sliceCount++;
    expect(sliceCount).toBeGreaterThan(1);
    expect(result.verdict).toBe(whole.verdict);
    expect(result.verdict).toBe('not-linearizable');
    expect(result.stepsUsed).toBe(whole.stepsUsed);
  });
});

describe('the witness scan is paid for in steps like the search', () => {
  const stale = () => createHistory([write('c1', 1, 0, 10), write('c1', 2, 20, 30), read('c2', 1, 40, 50)], 'ms');

  it('a budget smaller than the scan answers unknown instead of working unpaid', () => {
    const result = checkLinearizability(stale(), registerModel, { stepBudget: 2 });
    expect(result.verdict).toBe('unknown');
    expect(result.stepsUsed).toBe(2);
    expect(checkLinearizability(stale(), registerModel, { stepBudget: 3 }).verdict).toBe('not-linearizable');
  });

  it('advance(1) over and over reaches the same answer, steps and words as one call, on 300 random histories with stale reads', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const history = randomRegisterHistory(seed, { clientCountMax: 4, operationCountMax: 12, keys: ['x', 'y'], valueCount: 6, staleRead: true });
      const whole = checkLinearizability(history, registerModel);
      const sliced = startLinearizabilityCheck(history, registerModel);
      let result;
      while ((result = sliced.advance(1)) === undefined);
      expect([result.verdict, result.stepsUsed, result.explanation?.summary], `seed ${seed}`).toEqual([whole.verdict, whole.stepsUsed, whole.explanation?.summary]);
    }
  });
});

describe('a checker that cannot fail proves nothing', () => {
  it('a model that accepts every read misses the planted stale read that the real one catches', () => {
    const lenient: Model<RegisterValue, RegisterInput, RegisterOutput> = {
      ...registerModel,
      step: (state, input, output) => (input.kind === 'read' ? state : registerModel.step(state, input, output)),
    };
    const stale = createHistory([write('c1', 1, 0, 10), write('c1', 2, 20, 30), read('c2', 1, 40, 50)], 'ms');
    expect(checkLinearizability(stale, lenient).verdict).toBe('linearizable');
    expect(checkLinearizability(stale, registerModel).verdict).toBe('not-linearizable');
  });
});
