// The learner's code as a node: compiled, sandboxed, budgeted, its errors given with their lines.
import { describe, expect, it } from 'vitest';
import { createYoursRun } from '../../kernel/protocols/yours/run.ts';
import { DEFAULT_YOURS_CONFIG } from '../../kernel/protocols/yours/types.ts';
import { DEFAULT_GRADE_OPTIONS, gradeNode } from '../../kernel/protocols/yours/grade.ts';
import { ourRaftFactory } from '../../kernel/protocols/yours/our-raft.ts';
import { compileNode, instrumentLoops } from './compileNode.ts';
import { FIXED_TIMEOUT_NODE, STARTER_NODE, VOTE_TWICE_NODE } from './templates.ts';

function runSource(source: string, untilMs = 2_000, config = DEFAULT_YOURS_CONFIG) {
  const compiled = compileNode(source);
  if (!compiled.ok) throw new Error(compiled.message);
  const run = createYoursRun(config, compiled.factory, compiled.describeError);
  run.history.advanceTo(untilMs);
  return run;
}

function faults(run: ReturnType<typeof runSource>) {
  return run.history.trace.slice().flatMap((event) => (event.kind === 'fault' ? [event.fault] : []));
}

describe('compiling a node', () => {
  it('instruments every loop without moving a line', () => {
    const { code } = instrumentLoops('for (;;) x();\nwhile (a) { b(); }\ndo y(); while (c);');
    expect(code.split('\n')).toEqual(['for (;;) {__tick(1);x();}', 'while (a) {__tick(2); b(); }', 'do {__tick(3);y();} while (c);']);
  });

  it('gives a syntax error its line and column', () => {
    const result = compileNode('function onStart() {\n  let x = ;\n}');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.place?.line).toBe(2);
      expect(result.message).toMatch(/^Syntax error at line 2/);
    }
  });

  it('the starter elects exactly one leader, and the run replays the same after seeking back', () => {
    const run = runSource(STARTER_NODE);
    const leaders = run.simulation.nodes().filter((node) => node.role === 'leader');
    expect(leaders).toHaveLength(1);
    const before = JSON.stringify(run.simulation.nodes());
    const traceLength = run.history.trace.length;
    run.history.seek(500);
    run.history.seek(2_000);
    expect(JSON.stringify(run.simulation.nodes())).toBe(before);
    expect(run.history.trace.length).toBe(traceLength);
  });

  it('an exception stops that node with the line it came from; the others run on', () => {
    const run = runSource('function onStart() {\n  report({ role: "follower", term: 0 });\n  if (id === "n2") null.boom;\n}');
    const [fault] = faults(run);
    expect(fault).toMatchObject({ node: 'n2', callback: 'onStart', place: { line: 3 } });
    expect(fault!.message).toMatch(/TypeError/);
    expect(run.simulation.nodes().map((node) => node.status)).toEqual(['up', 'failed', 'up']);
  });

  it('an endless loop is stopped by the step budget, with the line of the loop', () => {
    const run = runSource('function onStart() {\n  setTimer("spin", 10);\n}\nfunction onTimer() {\n  while (true) {}\n}');
    const found = faults(run);
    expect(found).toHaveLength(3);
    expect(found[0]!.message).toMatch(/loop turns.*line 5/);
    expect(found[0]!.place?.line).toBe(5);
  });

  it('garbage sends, bad reports, clocks and Math.random are refused with a sentence', () => {
    const cases: [string, RegExp][] = [
      ['send("n9", { type: "x" });', /not a node of this cluster/],
      ['send(peers[0], "hello");', /must be an object/],
      ['send(peers[0], { term: 1 });', /string "type"/],
      ['const a = { type: "x" }; a.self = a; send(peers[0], a);', /cannot be turned into JSON/],
      ['report({ role: "king", term: 1 });', /role must be/],
      ['report({ role: "leader", term: -1 });', /term must be/],
      ['Date.now();', /no clock/],
      ['Math.random();', /use random\(\)/],
      ['setTimeout(() => {}, 10);', /TypeError/],
    ];
    for (const [line, expected] of cases) {
      const run = runSource(`function onStart() {\n  ${line}\n}`, 10, { ...DEFAULT_YOURS_CONFIG, nodeCount: 2 });
      const [fault] = faults(run);
      expect(fault?.message, line).toMatch(expected);
      expect(fault?.place?.line, line).toBe(2);
    }
  });

  it('top-level variables belong to each node: one node cannot see those of another', () => {
    const run = runSource('let count = 0;\nfunction onStart() { count += 1; report({ role: "follower", term: count }); }');
    expect(run.simulation.nodes().map((node) => node.term)).toEqual([1, 1, 1]);
  });
});

describe('grading (each run prints its seeds on failure)', () => {
  const options = DEFAULT_GRADE_OPTIONS;
  const grade = (source: string) => {
    const compiled = compileNode(source);
    if (!compiled.ok) throw new Error(compiled.message);
    return gradeNode(compiled.factory, options, compiled.describeError);
  };

  it('our own Raft passes', () => {
    const report = gradeNode(ourRaftFactory, options);
    expect(report.cases.filter((entry) => !entry.ok).map((entry) => `seed ${entry.seed}: ${entry.problem}`)).toEqual([]);
  });

  it('the starter passes', () => {
    const report = grade(STARTER_NODE);
    expect(report.cases.filter((entry) => !entry.ok).map((entry) => `seed ${entry.seed}: ${entry.problem}`)).toEqual([]);
  });

  it('a node that votes twice in a term is caught: two leaders in one term', () => {
    const report = grade(VOTE_TWICE_NODE);
    const failure = report.cases.find((entry) => !entry.ok);
    console.log(`vote-twice: ${report.failed}/${report.cases.length} failed; first seed ${failure?.seed}: ${failure?.problem}`);
    expect(failure?.violations.some((violation) => violation.kind === 'two-leaders')).toBe(true);
  });

  it('a node without a randomised timeout is caught: no leader after the heal', () => {
    const report = grade(FIXED_TIMEOUT_NODE);
    const failure = report.cases.find((entry) => !entry.ok);
    console.log(`fixed-timeout: ${report.failed}/${report.cases.length} failed; first seed ${failure?.seed}: ${failure?.problem}`);
    expect(failure?.violations.some((violation) => violation.kind === 'no-leader')).toBe(true);
  });
});
