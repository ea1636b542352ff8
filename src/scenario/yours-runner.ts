// A `raft` scenario run against an election-only node — the learner's, in the simulation or as a
// Maelstrom process: the network words, `run`, and the election expectations (leader, no-leader,
// term, role, safe). What such a node cannot do (requests, logs, forced timeouts, timing it owns
// itself) is an error with its line and column before anything runs.

import type { NetworkCommand } from '../kernel/net/commands.ts';
import type { ElectionViolation } from '../kernel/protocols/yours/checkers.ts';
import type { NodeStatus } from '../kernel/protocols/yours/simulation.ts';
import type { ReportedRole } from '../kernel/protocols/yours/types.ts';
import type { ScenarioError } from './lexer.ts';
import { networkCommandOf } from './network-words.ts';
import type { Comparison, NodeReference, RaftExpectation, RaftScenarioStep } from './raft.ts';

/** What a scenario needs of a cluster of election-only nodes (simulated or real processes). */
export interface ElectionCluster {
  readonly nowMs: number;
  nodes(): readonly { readonly id: string; readonly status: NodeStatus; readonly role: ReportedRole | null; readonly term: number | null }[];
  violations(): readonly ElectionViolation[];
  apply(command: NetworkCommand): void | Promise<void>;
  /** Let `durationMs` pass (virtual time in the simulation, real time for processes). */
  run(durationMs: number): void | Promise<void>;
}

export type ElectionStepOutcome =
  | { readonly kind: 'applied'; readonly command: NetworkCommand }
  | { readonly kind: 'ran'; readonly durationMs: number }
  | { readonly kind: 'expect'; readonly ok: boolean; readonly detail: string }
  | { readonly kind: 'error'; readonly detail: string };

function columnOf(step: RaftScenarioStep, word: string): number {
  const index = step.text.split(/\s+/).indexOf(word);
  if (index <= 0) return 1;
  return step.text.split(/\s+/).slice(0, index).join(' ').length + 2;
}

/** One error per step an election-only node cannot carry out. */
export function electionOnlyErrors(steps: readonly RaftScenarioStep[]): ScenarioError[] {
  const errors: ScenarioError[] = [];
  for (const step of steps) {
    const fail = (column: number, message: string) => errors.push({ line: step.line, column, message });
    if (step.kind === 'request') fail(1, '"request" needs a replicated log: your node runs leader election only');
    else if (step.kind === 'log') fail(1, '"log" sets up a replicated log: your node runs leader election only');
    else if (step.kind === 'timeout') fail(1, '"timeout" forces our Raft\'s election timer: your node keeps its own timers');
    else if (step.kind === 'set') fail(1, '"set" changes our Raft\'s timing: your node chooses its own timeouts');
    else if (step.kind === 'expect' && step.expectation.kind === 'committed') fail(columnOf(step, 'committed'), '"expect committed" needs a replicated log: your node runs leader election only');
    else if (step.kind === 'expect' && step.expectation.kind === 'violation') {
      fail(columnOf(step, 'violation'), '"expect violation" names our Raft\'s invariants; for your node use "expect safe" (one leader per term, terms never go back)');
    }
  }
  return errors;
}

function leaderOf(cluster: ElectionCluster): { id: string; term: number; highest: number } | null {
  const up = cluster.nodes().filter((node) => node.status === 'up');
  const highest = Math.max(0, ...up.map((node) => node.term ?? 0));
  const leader = up.find((node) => node.role === 'leader' && node.term === highest);
  return leader ? { id: leader.id, term: highest, highest } : null;
}

/** What a step asks of the cluster, or its outcome when it needs nothing done (shared by the real and the simulated runner). */
type PlannedStep = { readonly kind: 'run'; readonly durationMs: number } | { readonly kind: 'apply'; readonly command: NetworkCommand } | { readonly kind: 'done'; readonly outcome: ElectionStepOutcome };

function planElectionStep(cluster: ElectionCluster, step: RaftScenarioStep): PlannedStep {
  if (step.kind === 'run') return { kind: 'run', durationMs: step.durationMs };
  if (step.kind === 'expect') return { kind: 'done', outcome: { kind: 'expect', ...checkElectionExpectation(cluster, step.expectation) } };
  if (step.kind === 'request' || step.kind === 'log' || step.kind === 'timeout' || step.kind === 'set') return { kind: 'done', outcome: { kind: 'error', detail: electionOnlyErrors([step])[0]!.message } };
  const resolve = (reference: NodeReference): string | { error: string } => {
    if (reference.kind === 'node') return reference.id;
    const leader = leaderOf(cluster);
    return leader ? leader.id : { error: `there is no leader right now (at ${Math.round(cluster.nowMs)} ms)` };
  };
  const command = networkCommandOf(step, { crashable: resolve, movable: resolve });
  if ('error' in command) return { kind: 'done', outcome: { kind: 'error', detail: command.error } };
  return { kind: 'apply', command };
}

export async function applyElectionStep(cluster: ElectionCluster, step: RaftScenarioStep): Promise<ElectionStepOutcome> {
  const planned = planElectionStep(cluster, step);
  if (planned.kind === 'done') return planned.outcome;
  if (planned.kind === 'run') {
    await cluster.run(planned.durationMs);
    return { kind: 'ran', durationMs: planned.durationMs };
  }
  await cluster.apply(planned.command);
  return { kind: 'applied', command: planned.command };
}

/** The same step on a cluster whose calls finish at once (the simulation: the page's scenario player). */
export function applyElectionStepNow(cluster: ElectionCluster & { apply(command: NetworkCommand): void; run(durationMs: number): void }, step: RaftScenarioStep): ElectionStepOutcome {
  const planned = planElectionStep(cluster, step);
  if (planned.kind === 'done') return planned.outcome;
  if (planned.kind === 'run') {
    cluster.run(planned.durationMs);
    return { kind: 'ran', durationMs: planned.durationMs };
  }
  cluster.apply(planned.command);
  return { kind: 'applied', command: planned.command };
}

export function checkElectionExpectation(cluster: ElectionCluster, expectation: RaftExpectation): { ok: boolean; detail: string } {
  const up = cluster.nodes().filter((node) => node.status === 'up');
  const highest = Math.max(0, ...up.map((node) => node.term ?? 0));
  const leader = leaderOf(cluster);
  switch (expectation.kind) {
    case 'leader':
      if (!leader) return { ok: false, detail: `no up node reports leading term ${highest}, the highest term reported by up nodes` };
      if (expectation.node !== null && leader.id !== expectation.node) return { ok: false, detail: `${leader.id} leads term ${highest}, not ${expectation.node}` };
      return { ok: true, detail: `${leader.id} leads term ${highest}` };
    case 'no-leader':
      return leader ? { ok: false, detail: `${leader.id} leads term ${highest}` } : { ok: true, detail: `no up node leads term ${highest}` };
    case 'term':
      return compare('highest term reported by up nodes', highest, expectation.comparison, expectation.value);
    case 'role': {
      const node = cluster.nodes().find((candidate) => candidate.id === expectation.node);
      const role = !node ? 'missing' : node.status !== 'up' ? 'crashed' : (node.role ?? 'silent');
      return { ok: role === expectation.role, detail: `${expectation.node} is ${role}${node?.term != null ? ` in term ${node.term}` : ''}` };
    }
    case 'safe': {
      const violations = cluster.violations().filter((violation) => violation.kind !== 'no-leader');
      return violations[0] ? { ok: false, detail: `${violations.length} violation(s); first at ${Math.round(violations[0].timeMs)} ms: ${violations[0].text}` } : { ok: true, detail: 'one leader per term, no term went back, so far' };
    }
    case 'committed':
    case 'violation':
      return { ok: false, detail: 'not an election expectation (see electionOnlyErrors)' };
  }
}

function compare(what: string, actual: number, comparison: Comparison, expected: number): { ok: boolean; detail: string } {
  const ok = comparison === '>=' ? actual >= expected : comparison === '<=' ? actual <= expected : comparison === '==' ? actual === expected : comparison === '>' ? actual > expected : actual < expected;
  return { ok, detail: `${what} is ${actual} (expected ${comparison} ${expected})` };
}

/** The simulated cluster (the learner's JS node, or ours) as a scenario sees it: virtual time. */
export function simulatedCluster(run: {
  readonly simulation: { readonly nowMs: number; nodes(): ReturnType<ElectionCluster['nodes']> };
  readonly history: { readonly viewMs: number; readonly trace: { readonly length: number; get(index: number): { readonly kind: string } }; apply(command: NetworkCommand): void; advanceTo(timeMs: number): boolean };
}): ElectionCluster & { apply(command: NetworkCommand): void; run(durationMs: number): void } {
  return {
    get nowMs() {
      return run.simulation.nowMs;
    },
    nodes: () => run.simulation.nodes(),
    violations: () => {
      const found: ElectionViolation[] = [];
      for (let index = 0; index < run.history.trace.length; index++) {
        const event = run.history.trace.get(index) as { kind: string; violation?: ElectionViolation };
        if (event.kind === 'violation' && event.violation) found.push(event.violation);
      }
      return found;
    },
    apply: (command) => run.history.apply(command),
    run: (durationMs) => {
      run.history.advanceTo(run.history.viewMs + durationMs);
    },
  };
}
