// The exhaustive mode: every interleaving of a small instance. Correct 2PC keeps atomicity under a
// fault; the planted bug (COMMIT sent before it is logged) and 3PC under a partition are caught,
// each with the shortest path to the broken state.

import { describe, expect, it } from 'vitest';
import { atomicityViolation, defaultExploreOptions, explore, initialModelState, successors, validateExploreOptions } from './explore.ts';

describe('exhaustive mode', () => {
  it('2PC with 3 participants and no fault: every interleaving commits or aborts together', () => {
    const result = explore(defaultExploreOptions({ protocol: '2pc', participantCount: 3, maxFaults: 0 }));
    console.log(`2PC, 3 participants, 0 faults: ${result.distinctStates} distinct states, ${result.transitions} transitions`);
    expect(result.violation).toBeNull();
    expect(result.truncated).toBe(false);
    expect(result.distinctStates).toBeGreaterThan(288); // TwoPhase (no timeouts) has 288; timeouts and termination add more.
  });

  it('2PC with 2 participants and one drop or crash: no state breaks atomicity, and some states must block', () => {
    const result = explore(defaultExploreOptions({ protocol: '2pc', participantCount: 2, maxFaults: 1 }));
    console.log(`2PC, 2 participants, 1 fault: ${result.distinctStates} distinct states, ${result.blockedStates} where a participant must wait`);
    expect(result.violation).toBeNull();
    expect(result.blockedStates).toBeGreaterThan(0);
  });

  it('finds the planted bug: COMMIT sent before it is logged, the coordinator crashes, presumed abort answers "abort"', () => {
    const result = explore(defaultExploreOptions({ protocol: '2pc', participantCount: 2, maxFaults: 2, bug: 'send-before-log' }));
    expect(result.violation).not.toBeNull();
    const actions = result.violation!.path.map((step) => step.action);
    console.log(`send-before-log counterexample after ${result.distinctStates} states:\n  ${actions.join('\n  ')}`);
    expect(actions.some((action) => action.startsWith('crash coordinator'))).toBe(true);
    expect(atomicityViolation(result.violation!.path.at(-1)!.state)).toMatch(/committed while .* aborted/);
  });

  it("finds 3PC's split decision under a partition", () => {
    const result = explore(defaultExploreOptions({ protocol: '3pc', participantCount: 2, maxFaults: 1, faults: ['partition'] }));
    expect(result.violation?.explanation).toMatch(/committed while .* aborted/);
    expect(result.violation!.path.some((step) => step.action.startsWith('partition'))).toBe(true);
  });

  it('3PC with one coordinator or participant crash (no partition, no loss) never splits', () => {
    const result = explore(defaultExploreOptions({ protocol: '3pc', participantCount: 2, maxFaults: 1, faults: ['crash'] }));
    expect(result.violation).toBeNull();
    expect(result.blockedStates).toBeGreaterThan(0); // transient: the coordinator is down and everyone is uncertain, until the timeouts fire
  });

  it("3PC's backup coordinator with 2 participants and up to two crashes (a crash may cut a broadcast short) never splits", () => {
    const result = explore(defaultExploreOptions({ protocol: '3pc', participantCount: 2, maxFaults: 2, faults: ['crash'] }));
    console.log(`3PC, 2 participants, ≤2 crashes: ${result.distinctStates} distinct states, no split`);
    expect(result.truncated).toBe(false);
    expect(result.violation).toBeNull();
  });

  it('finds the planted bug backup-skips-precommit: the backup commits without moving the others to precommitted, and crashes', () => {
    const result = explore(defaultExploreOptions({ protocol: '3pc', participantCount: 2, maxFaults: 2, faults: ['crash'], bug: 'backup-skips-precommit' }));
    expect(result.violation).not.toBeNull();
    const actions = result.violation!.path.map((step) => step.action);
    console.log(`backup-skips-precommit counterexample after ${result.distinctStates} states:\n  ${actions.join('\n  ')}`);
    expect(actions.some((action) => action.startsWith('crash coordinator'))).toBe(true);
    expect(actions.some((action) => action.startsWith('crash p1'))).toBe(true);
    expect(result.violation!.explanation).toMatch(/committed while .* aborted/);
  });

  it('counts a state once however it was reached, and rejects instances it cannot explore', () => {
    const options = defaultExploreOptions({ protocol: '2pc', participantCount: 2, maxFaults: 0 });
    const first = successors(options, initialModelState(options));
    expect(first.length).toBeGreaterThan(0);
    expect(validateExploreOptions({ ...options, participantCount: 5 })).toEqual(['the exhaustive mode takes 2 or 3 participants']);
  });
});
