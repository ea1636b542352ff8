// Public entry of the replicated store (quorums/CAP lab): what the worker, the scenario runner, the CLI and the UI import.
export * from './types.ts';
export {
  defaultQuorumConfig,
  validateQuorumConfig,
  validateQuorumSettings,
  type QuorumCommand,
  type QuorumConfig,
  type QuorumSettings,
} from './config.ts';
export { QuorumSimulation, MAX_QUEUED_PER_CLIENT, type Hint, type InFlightMessage, type PendingRequest, type QuorumSnapshot } from './simulation.ts';
export type { QuorumTraceEvent, QuorumTraceKind } from './trace.ts';
export {
  CHECKPOINT_INTERVAL_MS,
  createQuorumRun,
  quorumFrame,
  type ClientView,
  type MessageView,
  type QuorumFrame,
  type QuorumHistory,
  type QuorumRun,
  type ReplicaView,
} from './run.ts';
export {
  checkOperations,
  findMissedWrites,
  findSessionAnomalies,
  findStaleReads,
  levelLabel,
  operationRecord,
  toCheckerHistory,
  type MissedWrite,
  type RegisterHistory,
  type SessionAnomaly,
  type SessionAnomalyKind,
  type StaleRead,
} from './analysis.ts';
export { playSchedule, randomQuorumSchedule, type ScheduledCommand, type WorkloadOptions } from './workload.ts';
