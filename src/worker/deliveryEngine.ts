// The delivery lab's engine: the kit's engine (kit/labEngine.ts) bound to the delivery simulation,
// plus the crash-point matrix computed here, row slice by row slice (each cell a scenario run to
// quiescence), so the page stays responsive and shows progress.

import { createDeliveryRun, deliveryFrame, validateDeliveryConfig, type DeliveryCommand, type DeliveryConfig, type DeliveryFrame, type DeliveryRun, type DeliveryTraceEvent } from '../kernel/protocols/delivery/index.ts';
import { formatDeliveryCommand, formatDeliveryHeader, type DeliveryScenarioStep } from '../scenario/delivery.ts';
import { applyDeliveryStep, type DeliveryStepOutcome } from '../scenario/delivery-runner.ts';
import { allSettings, CURATED_SETTINGS, MATRIX_FAULTS, runCell, type MatrixCell, type MatrixSetting } from '../scenario/delivery-matrix.ts';
import { createLabEngine, type LabInitResult, type LabJournal, type LabScenarioLoadResult, type LabScenarioStepResult, type LabUpdate, type ScenarioStepView } from './kit/labEngine.ts';

export type DeliveryUpdate = LabUpdate<DeliveryFrame, DeliveryTraceEvent, Record<never, never>>;
export type DeliveryInitResult = LabInitResult<DeliveryUpdate>;
export type DeliveryScenarioStepView = ScenarioStepView<DeliveryScenarioStep['kind']>;
export type DeliveryScenarioLoadResult = LabScenarioLoadResult<DeliveryConfig, DeliveryUpdate, DeliveryScenarioStep['kind']>;
export type DeliveryScenarioStepResult = LabScenarioStepResult<DeliveryStepOutcome, DeliveryUpdate>;
export type DeliveryJournal = LabJournal<DeliveryConfig, DeliveryCommand>;

export type MatrixScope = 'curated' | 'all';

export interface MatrixSlice {
  readonly settings: readonly MatrixSetting[];
  readonly rows: readonly (readonly MatrixCell[])[];
  /** The next row to compute; equal to `total` when done. */
  readonly next: number;
  readonly total: number;
}

export function settingsFor(scope: MatrixScope): readonly MatrixSetting[] {
  return scope === 'all' ? allSettings() : CURATED_SETTINGS;
}

export function createDeliveryEngine(wallClockMs: () => number) {
  const engine = createLabEngine<DeliveryConfig, DeliveryCommand, DeliveryRun, DeliveryFrame, DeliveryScenarioStep, DeliveryStepOutcome, DeliveryTraceEvent>(
    {
      lab: 'delivery',
      validateConfig: validateDeliveryConfig,
      createRun: createDeliveryRun,
      frame: deliveryFrame,
      scenarioOf: (scenario) => (scenario.lab === 'delivery' ? scenario : null),
      applyStep: applyDeliveryStep,
      scenarioWriter: { header: formatDeliveryHeader, command: (command) => formatDeliveryCommand(command) },
    },
    wallClockMs,
  );
  return {
    ...engine,
    /** Matrix rows from `from` until `wallBudgetMs` is spent (at least one row). */
    matrixSlice(scope: MatrixScope, from: number, wallBudgetMs: number): MatrixSlice {
      const settings = settingsFor(scope);
      const deadline = wallClockMs() + wallBudgetMs;
      const rows: MatrixCell[][] = [];
      let next = from;
      do {
        rows.push(MATRIX_FAULTS.map((fault) => runCell(settings[next]!, fault)));
        next += 1;
      } while (next < settings.length && wallClockMs() < deadline);
      return { settings: settings.slice(from, next), rows, next, total: settings.length };
    },
  };
}

export type DeliveryEngine = ReturnType<typeof createDeliveryEngine>;
