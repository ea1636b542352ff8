// Public surface of the hashing model, for the worker, the scenario runner, the CLI and the lab's tests.
export { hashFunctionName, murmur3Bytes, murmur3String, murmur3TwoWords, fmix32 } from './murmur3.ts';
export { addNode, makeNodes, removeNode, setNodeUp, setNodeWeight, validateNodes, nodeCountMax } from './nodes.ts';
export type { NodeId, NodeSpec } from './nodes.ts';
export { defaultStrategyOptions, strategyNames } from './strategy.ts';
export type { PlacementStrategy, StrategyName, StrategyOptions } from './strategy.ts';
export { createStrategy } from './create.ts';
export { ModNPlacement } from './mod-n.ts';
export { ConsistentHashRing, buildRingTokens, successorTokenIndex, tokenCountFor, tokenPosition } from './ring.ts';
export type { RingTokens } from './ring.ts';
export { RendezvousPlacement } from './rendezvous.ts';
export { JumpPlacement, jumpBucket } from './jump.ts';
export { BoundedLoadsRing, boundedLoadCapacities } from './bounded-loads.ts';
export { assignServingOwners, replicaSet } from './replicas.ts';
export type { ReplicaPlacement, ReplicaSet } from './replicas.ts';
export { compareOwners, idealMovedFraction, movementForChange, movementUnderEveryStrategy } from './movement.ts';
export type { Movement, OwnerChange } from './movement.ts';
export { generateKeySet, hottestKeys, keyName, sampleRequests, zipfPopularity } from './keys.ts';
export type { KeyDistribution, KeySet, KeySetOptions } from './keys.ts';
export { loadStatistics, maxOverMeanByVnodes, summarizeLoad } from './load.ts';
export type { LoadOptions, LoadStatistics, LoadSummary, VnodeLoadPoint } from './load.ts';
export {
  checkCapacity,
  checkOnlyLeaverKeysMove,
  checkOnlyMovesToJoiner,
  checkPreferenceList,
  checkSameOwners,
} from './checkers.ts';
export type { Violation } from './checkers.ts';
export {
  HashingSession,
  configAfterChange,
  defaultHashingConfig,
  hashingLimits,
  nextNodeId,
  topIndexes,
  validateHashingConfig,
} from './session.ts';
export type { ChangeOutcome, HashingChange, HashingConfig, HashingSettings, HotKeyRemedies, StrategyComparison, StrategyFigures } from './session.ts';
