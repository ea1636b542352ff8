// Public entry of the CRDT lab's kernel: what the worker, the scenario runner, the CLI, the bench and the UI import.
export * from './types.ts';
export * from './vector.ts';
export { gCounter, pnCounter, opGCounter, opPNCounter, type GCounterState, type PNCounterState, type CounterDelta } from './counters.ts';
export { gSet, twoPhaseSet, observedRemoveSet, removeWinsSet, opObservedRemoveSet, dotOf, type Dot, type GSetState, type TwoPhaseSetState, type ObservedRemoveSetState, type RemoveWinsSetState, type OpOrSetState, type OrSetDownstream } from './sets.ts';
export { lwwRegister, mvRegister, lwwMap, compareStamps, formatStamp, type Stamp, type LwwRegisterState, type MvRegisterState, type LwwMapState, type Sibling } from './registers.ts';
export { rgaSequence, opRgaSequence, textOf, nodesOf, EMPTY_SEQUENCE, CHUNK_NODES, type RgaNode, type RgaChunk, type RgaState, type RgaDownstream } from './sequence.ts';
export { STATE_BASED_TYPES, OP_BASED_TYPES } from './registry.ts';
export * from './checkers.ts';
export { PLANTED_BUGS, PLANTED_BUG_TYPE, PLANTED_BUG_TYPES, PLANTED_BUG_DESCRIPTION, type PlantedBug } from './planted-bugs.ts';
export { ELEMENTS, ALL_TYPE_NAMES, operationFor, operationForLength, playHistory, type HistoryStep, type HistoryResult } from './random.ts';
export { defaultCrdtConfig, validateCrdtConfig, validateCrdtSettings, type CrdtCommand, type CrdtConfig, type CrdtSettings, type SyncMode, type DeliveryMode } from './config.ts';
export { CrdtSimulation, MAX_VIOLATIONS, envelopeId, describeOperation, type CrdtMessage, type CrdtSnapshot, type ExchangeRecord, type OpEnvelope, type OperationRecord, type ReplicaState } from './simulation.ts';
export { BankOnRaft, type BankOperation, type BankOperationKind, type BankStatus } from './bank-raft.ts';
export type { CrdtTraceEvent, CrdtTraceKind, CrdtMessageKind } from './trace.ts';
export { CHECKPOINT_INTERVAL_MS, FRAME_EXCHANGES, createCrdtRun, crdtFrame, type BankView, type CrdtFrame, type CrdtHistory, type CrdtMessageView, type CrdtReplicaView, type CrdtRun } from './run.ts';
