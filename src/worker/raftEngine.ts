// The Raft lab's engine: the kit's engine (kit/labEngine.ts) bound to the Raft protocol module, its
// invariant checker, its scenario grammar and its chaos nemesis. The worker's whole API (raft.worker.ts).

import { applyCommand, createRaftRun, raftFrame, type RaftFrame, type RaftRun } from '../kernel/protocols/raft/run.ts';
import { validateRaftConfig, type RaftConfig } from '../kernel/protocols/raft/simulation.ts';
import type { RaftCommand } from '../kernel/protocols/raft/commands.ts';
import type { Violation } from '../kernel/protocols/raft/invariants.ts';
import { chaosCommandsBetween } from '../kernel/protocols/raft/fault-schedule.ts';
import type { RaftTraceEvent } from '../kernel/protocols/raft/trace.ts';
import { applyScenarioStep, type StepOutcome } from '../scenario/raft-runner.ts';
import { formatRaftCommand, formatRaftHeader, type RaftScenarioStep } from '../scenario/raft.ts';
import {
  createLabEngine,
  type LabDefinition,
  type LabInitResult,
  type LabScenarioLoadResult,
  type LabScenarioStepResult,
  type LabUpdate,
  type ScenarioStepView as KitScenarioStepView,
} from './kit/labEngine.ts';

export type { ChaosSettings, ChaosState } from './kit/labEngine.ts';

export const DEFAULT_CHAOS_INTENSITY_PERCENT = 20;

interface RaftExtra {
  /**
   * Every safety violation the checker has seen in this branch of the run, up to its head (the
   * run is always checked). Some may lie after the viewed moment, in the recorded future.
   */
  readonly violations: readonly Violation[];
}

export const raftLab: LabDefinition<RaftConfig, RaftCommand, RaftRun, RaftFrame, RaftScenarioStep, StepOutcome, RaftTraceEvent, undefined, RaftExtra> = {
  lab: 'raft',
  validateConfig: validateRaftConfig,
  // Always checked: the safety lab's invariant panel shows what the checker finds.
  createRun: (config) => createRaftRun(config, { checked: true }),
  // Not history.apply: a fork must rebuild the invariant checker too.
  applyCommand,
  frame: raftFrame,
  scenarioOf: (scenario) => (scenario.lab === 'raft' ? scenario : null),
  applyStep: applyScenarioStep,
  nemesis: (config, intensityPercent, fromMs, toMs) => chaosCommandsBetween(config.seed, intensityPercent, config.nodeCount, fromMs, toMs)[0],
  defaultChaosIntensityPercent: DEFAULT_CHAOS_INTENSITY_PERCENT,
  streamTrace: true,
  // A copy: the checker's own array keeps growing (and in-process callers would see it move).
  extra: (run) => ({ violations: run.checker ? run.checker.violations.slice() : [] }),
  scenarioWriter: {
    header: formatRaftHeader,
    command: (command, runAfter) => formatRaftCommand(command, runAfter.simulation.network.getGroups()),
  },
};

/** What every call returns: the frame at the viewed moment, the trace the receiver lacks, violations, chaos. */
export type RaftUpdate = LabUpdate<RaftFrame, RaftTraceEvent, RaftExtra>;
export type RaftInitResult = LabInitResult<RaftUpdate>;
export type ScenarioStepView = KitScenarioStepView<RaftScenarioStep['kind']>;
/** The lab's switches applied to a preset: Figure 8 with the commit-old-term bug on, a bug preset with its bug off. */
export type ScenarioOverrides = Partial<Pick<RaftConfig, 'bugs' | 'features'>>;
export type ScenarioLoadResult = LabScenarioLoadResult<RaftConfig, RaftUpdate, RaftScenarioStep['kind']>;
export type ScenarioStepResult = LabScenarioStepResult<StepOutcome, RaftUpdate>;

export function createRaftEngine(wallClockMs: () => number) {
  return createLabEngine(raftLab, wallClockMs);
}

export type RaftEngine = ReturnType<typeof createRaftEngine>;
