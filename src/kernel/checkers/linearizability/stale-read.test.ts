// A stale read planted into any random history is always caught, and the explanation points at it.
import { describe, expect, it } from 'vitest';
import { checkLinearizability } from './checker.ts';
import { createHistory } from './history.ts';
import { registerModel } from './models.ts';
import { randomRegisterHistory } from './random-histories.ts';

describe('planted stale read', () => {
  it('is caught in 2000 random histories, on the key it was planted on', () => {
    for (let seed = 1; seed <= 2000; seed++) {
      const base = randomRegisterHistory(seed, { clientCountMax: 4, operationCountMax: 12, keys: ['x', 'y'] });
      // After every invocation and every completion: the planted operations are concurrent with nothing definite.
      const end = Math.max(0, ...base.operations.map((operation) => (operation.status === 'indeterminate' ? operation.invocationTime : operation.completionTime)));
      // Values 50 and 100 are never written by the generator (it uses 0–2), so nothing indeterminate can excuse the read.
      const planted = createHistory(
        [
          ...base.operations,
          { clientId: 'writer', input: { kind: 'write', key: 'x', value: 50 }, output: { kind: 'write' }, status: 'ok', invocationTime: end + 1, completionTime: end + 2 },
          { clientId: 'writer', input: { kind: 'write', key: 'x', value: 100 }, output: { kind: 'write' }, status: 'ok', invocationTime: end + 3, completionTime: end + 4 },
          { clientId: 'reader', input: { kind: 'read', key: 'x' }, output: { kind: 'read', value: 50 }, status: 'ok', invocationTime: end + 5, completionTime: end + 6 },
        ],
        'ms',
      );
      const result = checkLinearizability(planted, registerModel);
      expect(result.verdict, `seed ${seed}`).toBe('not-linearizable');
      // The base may be non-linearizable itself; when it is, the first failing key may be a different one.
      if (checkLinearizability(base, registerModel).verdict === 'linearizable') {
        expect(result.explanation!.blockedOperation.clientId, `seed ${seed}`).toBe('reader');
        // Either the write of 100 set the state, or it is named as the write real time forces before the read.
        expect(result.explanation!.summary, `seed ${seed}`).toContain('write of 100 to x by writer');
      }
    }
  });
});
