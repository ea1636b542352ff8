// Runs Raft scenario steps against a run (headless in the CLI and tests, inside the worker in the app).

import type { RaftCommand } from '../kernel/protocols/raft/commands.ts';
import { applyCommand, type RaftRun } from '../kernel/protocols/raft/run.ts';
import type { Comparison, NodeReference, RaftExpectation, RaftScenarioStep } from './raft.ts';
import { networkCommandOf } from './network-words.ts';

export type StepOutcome =
  | { readonly kind: 'applied'; readonly command: RaftCommand }
  | { readonly kind: 'ran'; readonly durationMs: number }
  | { readonly kind: 'expect'; readonly ok: boolean; readonly detail: string }
  /** The step could not be carried out now (e.g. "crash leader" with no leader). */
  | { readonly kind: 'error'; readonly detail: string };

/** Carry out one step; a `run` step advances virtual time at once. */
export function applyScenarioStep(run: RaftRun, step: RaftScenarioStep): StepOutcome {
  if (step.kind === 'run') {
    run.history.advanceTo(run.history.viewMs + step.durationMs);
    return { kind: 'ran', durationMs: step.durationMs };
  }
  if (step.kind === 'expect') return { kind: 'expect', ...checkExpectation(run, step.expectation) };
  const command = commandForStep(run, step);
  if ('error' in command) return { kind: 'error', detail: command.error };
  applyCommand(run, command);
  return { kind: 'applied', command };
}

/** The kernel command a (non-run, non-expect) step stands for at this moment. */
export function commandForStep(run: RaftRun, step: RaftScenarioStep): RaftCommand | { error: string } {
  const resolve = (reference: NodeReference): string | { error: string } => {
    if (reference.kind === 'node') return reference.id;
    const leader = run.simulation.currentLeader();
    return leader ? leader.id : { error: `there is no leader right now (at ${run.simulation.nowMs} ms)` };
  };
  switch (step.kind) {
    case 'timeout': {
      const node = resolve(step.node);
      return typeof node === 'string' ? { type: 'timeout', node } : node;
    }
    case 'crash':
    case 'restart':
    case 'isolate':
    case 'heal':
    case 'cut':
    case 'restore':
    case 'partition':
      return networkCommandOf(step, { crashable: resolve, movable: resolve });
    case 'request': {
      if (step.via === null) return { type: 'request', value: step.value };
      const via = resolve(step.via);
      return typeof via === 'string' ? { type: 'request', value: step.value, via } : via;
    }
    case 'set':
      return { type: 'configure', timing: step.timing };
    case 'log':
      return { type: 'load-log', node: step.node, terms: step.terms, currentTerm: step.currentTerm };
    case 'run':
    case 'expect':
      return { error: `"${step.kind}" is not a command` };
  }
}

export function checkExpectation(run: RaftRun, expectation: RaftExpectation): { ok: boolean; detail: string } {
  const { simulation } = run;
  const alive = simulation.nodes.filter((node) => simulation.isAlive(node.id));
  const highestTerm = Math.max(0, ...alive.map((node) => node.currentTerm));
  const leaders = alive.filter((node) => node.role === 'leader' && node.currentTerm === highestTerm);
  const leader = leaders[0];
  switch (expectation.kind) {
    case 'leader': {
      if (!leader) return { ok: false, detail: `no alive node leads term ${highestTerm}, the highest term among alive nodes` };
      if (expectation.node !== null && leader.id !== expectation.node) {
        return { ok: false, detail: `${leader.id} leads term ${highestTerm}, not ${expectation.node}` };
      }
      return { ok: true, detail: `${leader.id} leads term ${highestTerm}` };
    }
    case 'no-leader':
      return leader
        ? { ok: false, detail: `${leader.id} leads term ${highestTerm}` }
        : { ok: true, detail: `no alive node leads term ${highestTerm}` };
    case 'term':
      return compare('highest term among alive nodes', highestTerm, expectation.comparison, expectation.value);
    case 'committed': {
      const current = simulation.currentLeader();
      if (!current) return { ok: false, detail: 'there is no leader whose commitIndex could be read' };
      return compare(`${current.id}'s commitIndex`, current.commitIndex, expectation.comparison, expectation.value);
    }
    case 'role': {
      const node = simulation.node(expectation.node)!;
      const role = simulation.displayRole(node);
      return { ok: role === expectation.role, detail: `${node.id} is ${role} in term ${node.currentTerm}` };
    }
    case 'safe':
    case 'violation': {
      if (!run.checker) return { ok: false, detail: 'this run has no invariant checker attached' };
      const violations = run.checker.violations;
      const first = violations[0];
      if (expectation.kind === 'safe') {
        return first
          ? { ok: false, detail: `${violations.length} violation(s); first: ${first.name} at ${first.timeMs} ms: ${first.detail}` }
          : { ok: true, detail: 'no safety property violated so far' };
      }
      const matching = violations.filter((violation) => expectation.name === null || violation.name === expectation.name);
      return matching[0]
        ? { ok: true, detail: `${matching[0].name} at ${matching[0].timeMs} ms: ${matching[0].detail}` }
        : { ok: false, detail: `no ${expectation.name ?? 'safety'} violation so far` };
    }
  }
}

function compare(what: string, actual: number, comparison: Comparison, expected: number): { ok: boolean; detail: string } {
  const ok =
    comparison === '>=' ? actual >= expected
    : comparison === '<=' ? actual <= expected
    : comparison === '==' ? actual === expected
    : comparison === '>' ? actual > expected
    : actual < expected;
  return { ok, detail: `${what} is ${actual} (expected ${comparison} ${expected})` };
}

/** The cluster as the CLI prints it after each command. */
export function nodesAsJson(run: RaftRun) {
  const { simulation } = run;
  return simulation.nodes.map((node) => {
    const alive = simulation.isAlive(node.id);
    return {
      id: node.id,
      role: simulation.displayRole(node),
      term: node.currentTerm,
      votedFor: node.votedFor,
      commitIndex: alive ? node.commitIndex : 0,
      alive,
      partition: simulation.network.groupIndexOf(node.id),
      log: node.log.map((entry) => ({ term: entry.term, value: entry.value })),
    };
  });
}

/** The violations found so far, as the CLI prints them. */
export function violationsAsJson(run: RaftRun) {
  return (run.checker?.violations ?? []).map((violation) => ({
    name: violation.name,
    t_ms: violation.timeMs,
    nodes: violation.nodes,
    detail: violation.detail,
  }));
}
