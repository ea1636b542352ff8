// Public entry of the replication and failover lab's kernel: what the scenario runner, the CLI, the worker and the UI import.
export * from './types.ts';
export { ReplicationSimulation, isPrefixOf, recordAt, WATCHDOG_SAFETY_MARGIN_MS, type Acknowledgement, type DcsState, type Discard, type InFlightMessage, type PrimaryInterval, type ReplicationMessage, type ReplicationSnapshot, type WalSenderState } from './simulation.ts';
export * from './checkers.ts';
export { CHECKPOINT_INTERVAL_MS, createReplicationRun, measure, replicationFrame, WAL_VIEW_RECORDS, type DiscardView, type MessageView, type WalRecordView, type NodeView, type ReplicationFrame, type ReplicationHistory, type ReplicationMeasures, type ReplicationRun, type WriteStatus, type WriteView } from './run.ts';
export * from './workload.ts';
export * from './compare.ts';
export { CONFLICT_RESOLUTIONS, createMultiLeaderRun, defaultMultiLeaderConfig, MultiLeaderSimulation, type MultiLeaderRun, type ConflictResolution, type LeaderVersion, type MultiLeaderCommand, type MultiLeaderConfig, type MultiLeaderSnapshot, type MultiLeaderTraceEvent } from './multi-leader.ts';
