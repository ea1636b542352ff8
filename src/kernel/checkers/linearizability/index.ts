// Public entry of the linearizability checker: what the replicated-store simulation, the worker, the UI and the CLI import.
export {
  createHistory,
  formatInterval,
  formatTime,
  operationsToCheck,
  precedesInRealTime,
  type History,
  type Operation,
  type OperationDraft,
  type OperationStatus,
  type TimeUnit,
} from './history.ts';
export {
  keyValueModel,
  keyValueModelWithoutPartitioning,
  registerModel,
  type KeyValueInput,
  type KeyValueOperation,
  type KeyValueOutput,
  type Model,
  type RegisterInput,
  type RegisterOperation,
  type RegisterOutput,
  type RegisterValue,
} from './models.ts';
export {
  checkLinearizability,
  defaultStepBudget,
  partitionHistory,
  startLinearizabilityCheck,
  type CheckOptions,
  type LinearizabilityCheck,
  type LinearizabilityResult,
  type LinearizabilityVerdict,
  type PartitionResult,
} from './checker.ts';
export type { BlockedCandidate, NonLinearizableExplanation } from './explain.ts';
export { HistoryParseError } from './parse-error.ts';
export { etcdRegisterKey, parseEtcdLog } from './parse-etcd.ts';
export { parseKeyValueLog } from './parse-kv.ts';
export { formatJsonHistory, jsonHistoryFormatName, jsonHistoryFormatVersion, parseJsonHistory, type JsonOperationRecord } from './parse-json.ts';
export {
  checkParsedHistory,
  detectHistoryFormat,
  historyFormats,
  parseHistory,
  type CheckedHistoryResult,
  type HistoryFormat,
  type ParsedHistory,
} from './formats.ts';
