// The CRDT lab's engine: the kit's engine (kit/labEngine.ts) bound to the CRDT simulation. The
// trace is not streamed: its merge events hold whole payloads; the frame carries the operations and
// the recent anti-entropy messages (with the values a merge saw) that the space-time diagram draws.

import { createCrdtRun, crdtFrame, validateCrdtConfig, type CrdtCommand, type CrdtConfig, type CrdtFrame, type CrdtRun, type CrdtTraceEvent } from '../kernel/protocols/crdt/index.ts';
import { formatCrdtCommand, formatCrdtHeader, type CrdtScenarioStep } from '../scenario/crdt.ts';
import { applyCrdtStep, type CrdtStepOutcome } from '../scenario/crdt-runner.ts';
import { createLabEngine, type LabEngine, type LabInitResult, type LabJournal, type LabScenarioLoadResult, type LabScenarioStepResult, type LabUpdate, type ScenarioStepView } from './kit/labEngine.ts';

export type CrdtUpdate = LabUpdate<CrdtFrame, CrdtTraceEvent, Record<never, never>>;
export type CrdtInitResult = LabInitResult<CrdtUpdate>;
export type CrdtScenarioStepView = ScenarioStepView<CrdtScenarioStep['kind']>;
export type CrdtScenarioLoadResult = LabScenarioLoadResult<CrdtConfig, CrdtUpdate, CrdtScenarioStep['kind']>;
export type CrdtScenarioStepResult = LabScenarioStepResult<CrdtStepOutcome, CrdtUpdate>;
export type CrdtJournal = LabJournal<CrdtConfig, CrdtCommand>;
export type CrdtEngine = LabEngine<CrdtConfig, CrdtCommand, CrdtUpdate, CrdtStepOutcome, CrdtScenarioStep['kind']>;

export function createCrdtEngine(wallClockMs: () => number): CrdtEngine {
  return createLabEngine<CrdtConfig, CrdtCommand, CrdtRun, CrdtFrame, CrdtScenarioStep, CrdtStepOutcome, CrdtTraceEvent>(
    {
      lab: 'crdt',
      validateConfig: validateCrdtConfig,
      createRun: createCrdtRun,
      frame: crdtFrame,
      scenarioOf: (scenario) => (scenario.lab === 'crdt' ? scenario : null),
      applyStep: applyCrdtStep,
      scenarioWriter: {
        header: formatCrdtHeader,
        command: (command, runAfter) => formatCrdtCommand(command, runAfter.simulation.network.getGroups(), runAfter.config),
      },
    },
    wallClockMs,
  );
}
