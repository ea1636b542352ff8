// Runs a clocks scenario: stamps the execution with Lamport and vector clocks and checks each expectation.

import { computeClocks, relationOf, stampOf, vectorRecord, type ClockAnalysis, type EventId, type ProcessId } from '../kernel/protocols/clocks/index.ts';
import type { ClocksScenario, ClocksScenarioStep } from './clocks.ts';

export interface ClocksEventJson {
  readonly id: EventId;
  readonly process: ProcessId;
  readonly lamport: number;
  readonly vector: Readonly<Record<ProcessId, number>>;
}

export type ClocksStepOutcome =
  | { readonly kind: 'event'; readonly event: ClocksEventJson; readonly lamportExplanation: string; readonly vectorExplanation: string }
  | { readonly kind: 'expect'; readonly ok: boolean; readonly statement: string; readonly detail: string };

export interface ClocksScenarioResult {
  readonly analysis: ClockAnalysis;
  readonly outcomes: readonly { readonly step: ClocksScenarioStep; readonly outcome: ClocksStepOutcome }[];
  readonly allHeld: boolean;
  /** Every event, in file order, as the CLI's final line lists them. */
  readonly events: readonly ClocksEventJson[];
}

export function eventJson(analysis: ClockAnalysis, eventId: EventId): ClocksEventJson {
  const stamp = stampOf(analysis, eventId);
  return { id: stamp.event.id, process: stamp.event.process, lamport: stamp.lamport, vector: vectorRecord(analysis.processes, stamp.vector) };
}

/**
 * Clocks never change once an event has happened, so the whole execution is stamped once and each
 * line reports the clocks of its event; an expectation compares the two vectors (Fidge/Mattern).
 */
export function runClocksScenario(scenario: ClocksScenario): ClocksScenarioResult {
  // The parser built the execution with ExecutionBuilder, which only appends possible events: it is valid.
  const analysis = computeClocks(scenario.execution);
  const outcomes = scenario.steps.map((step) => ({ step, outcome: outcomeOf(analysis, step) }));
  return {
    analysis,
    outcomes,
    allHeld: outcomes.every(({ outcome }) => outcome.kind !== 'expect' || outcome.ok),
    events: analysis.events.map((stamp) => eventJson(analysis, stamp.event.id)),
  };
}

function outcomeOf(analysis: ClockAnalysis, step: ClocksScenarioStep): ClocksStepOutcome {
  if (step.kind !== 'expect') {
    const stamp = stampOf(analysis, step.eventId);
    return { kind: 'event', event: eventJson(analysis, step.eventId), lamportExplanation: stamp.lamportExplanation, vectorExplanation: stamp.vectorExplanation };
  }
  const explanation = relationOf(analysis, step.firstId, step.secondId);
  const wanted = step.operator === '->' ? 'before' : 'concurrent';
  const ok = explanation.relation === wanted;
  const expected = step.operator === '->' ? `${step.firstId} → ${step.secondId}` : `${step.firstId} ∥ ${step.secondId}`;
  const detail = ok ? explanation.proof : `expected ${expected}, but ${explanation.statement}. ${explanation.proof}`;
  return { kind: 'expect', ok, statement: explanation.statement, detail };
}
