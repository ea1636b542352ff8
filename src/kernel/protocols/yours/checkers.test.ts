// The election checks, each shown catching the bug it exists for, on reports alone and in a run.
import { describe, expect, it } from 'vitest';
import { checkLeaderAfterHeal, ElectionChecker } from './checkers.ts';
import { createYoursRun } from './run.ts';
import { DEFAULT_YOURS_CONFIG, type NodeFactory } from './types.ts';
import { ourRaftFactory } from './our-raft.ts';

describe('§5.2 Election Safety: "at most one leader can be elected in a given term"', () => {
  it('catches a second leader in the same term, not a leader in a later term', () => {
    const checker = new ElectionChecker();
    expect(checker.observe(10, 'n1', 'leader', 2)).toEqual([]);
    expect(checker.observe(20, 'n2', 'leader', 3)).toEqual([]);
    const [violation] = checker.observe(30, 'n3', 'leader', 3);
    expect(violation).toMatchObject({ kind: 'two-leaders', term: 3, nodes: ['n2', 'n3'] });
  });

  it('catches a term going back on a node, and says why after a restart', () => {
    const checker = new ElectionChecker();
    checker.observe(10, 'n1', 'candidate', 4);
    const [violation] = checker.observe(20, 'n1', 'follower', 0, true);
    expect(violation).toMatchObject({ kind: 'term-decreased', node: 'n1', fromTerm: 4, toTerm: 0 });
    expect(violation!.text).toMatch(/disk\.write/);
  });

  it('liveness: no leader at the highest term after a heal is a violation', () => {
    const nodes = [
      { id: 'n1', up: true, role: 'leader' as const, term: 2 },
      { id: 'n2', up: true, role: 'candidate' as const, term: 3 },
    ];
    expect(checkLeaderAfterHeal(nodes, 1000, 4000)?.kind).toBe('no-leader');
    expect(checkLeaderAfterHeal([{ ...nodes[0]!, term: 3 }, nodes[1]!], 1000, 4000)).toBeNull();
  });
});

describe('hosting a node', () => {
  /** A planted bug: two nodes both declare themselves leader of term 1. */
  const everyoneLeads: NodeFactory = (api) => ({ onStart: () => api.report({ role: 'leader', term: 1 }) });

  it('a run of nodes that all lead term 1 records the violation in its trace', () => {
    const run = createYoursRun(DEFAULT_YOURS_CONFIG, everyoneLeads);
    run.history.advanceTo(10);
    const violations = run.history.trace.slice().filter((event) => event.kind === 'violation');
    expect(violations).toHaveLength(2);
  });

  it('our Raft keeps its term across a crash (persisted with disk.write), so no term goes back', () => {
    const run = createYoursRun(DEFAULT_YOURS_CONFIG, ourRaftFactory);
    run.history.advanceTo(1_000);
    const leader = run.simulation.nodes().find((node) => node.role === 'leader')!;
    run.history.apply({ type: 'crash', node: leader.id });
    run.history.advanceTo(2_000);
    run.history.apply({ type: 'restart', node: leader.id });
    run.history.advanceTo(3_000);
    expect(run.history.trace.slice().filter((event) => event.kind === 'violation')).toEqual([]);
    expect(run.simulation.nodes().filter((node) => node.role === 'leader')).toHaveLength(1);
  });

  it('a node that forgets its term on restart is caught', () => {
    const forgetful: NodeFactory = (api) => {
      let term = 0;
      return {
        onStart: () => {
          api.report({ role: 'follower', term });
          api.setTimer('grow', 10);
        },
        onTimer: () => {
          term += 1;
          api.report({ role: 'follower', term });
        },
      };
    };
    const run = createYoursRun({ ...DEFAULT_YOURS_CONFIG, nodeCount: 1 }, forgetful);
    run.history.advanceTo(50);
    run.history.apply({ type: 'crash', node: 'n1' });
    run.history.apply({ type: 'restart', node: 'n1' });
    run.history.advanceTo(60);
    const kinds = run.history.trace.slice().flatMap((event) => (event.kind === 'violation' ? [event.violation.kind] : []));
    expect(kinds).toEqual(['term-decreased']);
  });
});

describe('a recording shown again', () => {
  it('rebuilds the frame at any moment from the recorded events alone, the same as the live run', async () => {
    const { recordingFrame, parseRecording } = await import('./recording.ts');
    const { yoursFrame } = await import('./run.ts');
    const run = createYoursRun(DEFAULT_YOURS_CONFIG, ourRaftFactory);
    run.history.advanceTo(700);
    run.history.apply({ type: 'isolate', node: 'n1' });
    run.history.advanceTo(1_500);
    const text = JSON.stringify({ format: 'quorum-lab/yours-trace', version: 1, nodeCount: 3, seed: 1, command: 'ours', events: run.history.trace.slice() });
    const parsed = parseRecording(text);
    if (!parsed.ok) throw new Error(parsed.problem);
    for (const timeMs of [300, 700, 1_200]) {
      run.history.seek(timeMs);
      const live = yoursFrame(run);
      const replayed = recordingFrame(parsed.recording, timeMs);
      expect(replayed.nodes.map(({ id, status, role, term }) => ({ id, status, role, term }))).toEqual(live.nodes.map(({ id, status, role, term }) => ({ id, status, role, term })));
      expect(replayed.groups).toEqual(live.groups);
      expect(replayed.messages.map((message) => message.id)).toEqual(live.messages.map((message) => message.id));
    }
    expect(parseRecording('{"format":"something-else"}').ok).toBe(false);
    expect(parseRecording('not json').ok).toBe(false);
  });
});
