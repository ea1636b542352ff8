// The lab's engine: the learner's node runs, is scrubbed and forked like ours, grades, and a failing
// graded case reopens as a run whose counterexample is there to scrub.
import { describe, expect, it } from 'vitest';
import { DEFAULT_YOURS_CONFIG } from '../kernel/protocols/yours/types.ts';
import { DEFAULT_GRADE_OPTIONS } from '../kernel/protocols/yours/grade.ts';
import { createYoursEngine, OUR_RAFT_SOURCE, type YoursLabConfig } from './yoursEngine.ts';
import { LIN_KV_NODE, STALE_READ_NODE, STARTER_NODE, VOTE_TWICE_NODE } from './yours/templates.ts';
import { readFileSync } from 'node:fs';

let clock = 0;
const config = (source: string, extra: Partial<YoursLabConfig> = {}): YoursLabConfig => ({ ...DEFAULT_YOURS_CONFIG, source, gradeCase: false, ...extra });

describe('the bring-your-own-node engine', () => {
  it('runs the starter, crashes its leader, re-elects, and scrubs back to the same picture', () => {
    const engine = createYoursEngine(() => (clock += 1));
    expect(engine.init(config(STARTER_NODE)).ok).toBe(true);
    const atHalfSecond = JSON.stringify(engine.advanceTo(500, 1e9).frame.nodes);
    let update = engine.advanceTo(1_000, 1e9);
    const leader = update.frame.nodes.find((node) => node.role === 'leader');
    expect(leader).toBeDefined();
    engine.command({ type: 'crash', node: leader!.id });
    update = engine.advanceTo(3_000, 1e9);
    const next = update.frame.nodes.find((node) => node.role === 'leader');
    expect(next && next.id !== leader!.id && next.term! > leader!.term!).toBe(true);
    update = engine.seek(500);
    expect(JSON.stringify(update.frame.nodes)).toBe(atHalfSecond);
    expect(update.atHead).toBe(false);
  });

  it('a node that will not compile is refused with its line, and init says so', () => {
    const engine = createYoursEngine(() => (clock += 1));
    const result = engine.init(config('function onStart( {'));
    expect(result.ok).toBe(false);
    expect(engine.compile('function onStart( {')?.place?.line).toBe(1);
  });

  it('grades: our Raft passes; the vote-twice node fails and its case replays the two leaders', () => {
    const engine = createYoursEngine(() => (clock += 1));
    const ours = engine.grade(OUR_RAFT_SOURCE, 3, 10);
    expect('cases' in ours && ours.failed).toBe(0);
    const broken = engine.grade(VOTE_TWICE_NODE, 3, 30);
    if (!('cases' in broken)) throw new Error(broken.message);
    const failure = broken.cases.find((entry) => !entry.ok)!;
    console.log(`vote-twice: ${broken.failed}/30 failed; opening seed ${failure.seed}`);
    const reopened = engine.init(config(VOTE_TWICE_NODE, { seed: failure.seed, gradeCase: true, latencyMsMin: DEFAULT_GRADE_OPTIONS.latencyMsMin, latencyMsMax: DEFAULT_GRADE_OPTIONS.latencyMsMax }));
    if (!reopened.ok) throw new Error(reopened.problems.join());
    expect(reopened.update.frame.violations[0]?.text).toBe(failure.problem);
    const seeked = engine.seek(failure.problemAtMs!);
    expect(seeked.frame.nodes.filter((node) => node.role === 'leader').length).toBeGreaterThanOrEqual(2);
  });

  it('plays a raft scenario on the learner’s node step by step; steps it cannot do are errors at load, with line and column', () => {
    const engine = createYoursEngine(() => (clock += 1));
    expect(engine.init(config(STARTER_NODE)).ok).toBe(true);
    const loaded = engine.loadScenario(readFileSync('examples/maelstrom/scenarios/election.scenario', 'utf8'));
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    expect(loaded.config.source).toBe(STARTER_NODE);
    const outcomes = loaded.steps.map((_, index) => engine.scenarioStep(index).outcome);
    expect(outcomes.filter((outcome) => outcome.kind === 'expect' && !outcome.ok)).toEqual([]);
    expect(outcomes.filter((outcome) => outcome.kind === 'expect').length).toBeGreaterThan(3);
    const refused = engine.loadScenario('raft nodes=3 seed=1\nrun 1s\nrequest x\n');
    expect(refused).toMatchObject({ ok: false, errors: [{ line: 3, column: 1 }] });
  });

  it('chaos mode brings recorded faults; the lin-kv verdict is in the frame, and grading a workload judges its history', () => {
    const engine = createYoursEngine(() => (clock += 1));
    expect(engine.init(config(LIN_KV_NODE, { workload: 'lin-kv' })).ok).toBe(true);
    engine.setChaos({ enabled: true, intensityPercent: 30 });
    const update = engine.advanceTo(6_000, 1e9);
    expect(update.chaos.faultCount).toBeGreaterThan(5);
    expect(update.frame.verdict).toMatchObject({ workload: 'lin-kv', ok: true });
    expect(update.frame.recentOperations.length).toBeGreaterThan(0);
    const stale = engine.grade(STALE_READ_NODE, 3, 5, 'lin-kv');
    if (!('cases' in stale)) throw new Error(stale.message);
    expect(stale.failed).toBeGreaterThan(0);
    expect(stale.cases.find((entry) => !entry.ok)!.problem).toMatch(/^Not linearizable/);
    const good = engine.grade(LIN_KV_NODE, 3, 5, 'lin-kv');
    expect('cases' in good && good.failed).toBe(0);
  });
});
