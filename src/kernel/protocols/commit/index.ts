// Public entry of the transactions lab's kernel: what the scenario runner, the CLI, the worker and the UI import.
export * from './types.ts';
export * from './protocol.ts';
export * from './measure.ts';
export { defaultExploreOptions, explore, modelFrame, validateExploreOptions, type ExploreOptions, type ExploreResult, type ExploreStep, type ModelFrame, type ModelMove, type ModelState } from './explore.ts';
export { CommitSimulation, MAX_VIOLATIONS, type CommitSnapshot, type CommitTraceEvent, type ReadRecord, type TxnRecord } from './simulation.ts';
export * from './run.ts';
export { laneConfig, laneHeadline, Lanes, LANE_PROTOCOLS, type LaneView } from './lanes.ts';
