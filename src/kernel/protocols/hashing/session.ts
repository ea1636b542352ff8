// A cluster under one placement strategy with its key set: apply changes, see who moved, loads, and what else would have happened.
import { createStrategy } from './create.ts';
import { generateKeySet, keyName, type KeyDistribution, type KeySet } from './keys.ts';
import { loadStatistics, summarizeLoad, type LoadStatistics } from './load.ts';
import { compareOwners, idealMovedFraction, type OwnerChange } from './movement.ts';
import { murmur3String } from './murmur3.ts';
import { addNode, removeNode, setNodeUp, setNodeWeight, validateNodes, type NodeId, type NodeSpec } from './nodes.ts';
import { assignServingOwners, replicaSet, type ReplicaSet } from './replicas.ts';
import { strategyNames, type PlacementStrategy, type StrategyName } from './strategy.ts';

/** Everything that fixes a run: the same config always gives the same owners, byte for byte. */
export interface HashingConfig {
  readonly strategy: StrategyName;
  readonly nodes: readonly NodeSpec[];
  readonly vnodesPerNode: number;
  readonly epsilon: number;
  readonly replicaCount: number;
  readonly keyCount: number;
  /** Seed of the key set (names and Zipf ranks). Node tokens use MurmurHash3 seed 0, so they never depend on it. */
  readonly seed: number;
  readonly distribution: KeyDistribution;
}

/** Limits the lab promises to handle (issue 4: 1,000,000 keys, 200 nodes × 500 virtual nodes). */
export const hashingLimits = {
  keyCountMax: 1_000_000,
  nodeCountMax: 200,
  vnodesPerNodeMin: 1,
  vnodesPerNodeMax: 500,
  replicaCountMax: 5,
  weightMax: 10,
  epsilonMax: 10,
  zipfExponentMax: 4,
} as const;

/** The settings `set` may change without rebuilding the key set. */
export type HashingSettings = Partial<Pick<HashingConfig, 'strategy' | 'vnodesPerNode' | 'epsilon' | 'replicaCount'>>;

/** One change, as a user gesture or a scenario line makes it. */
export type HashingChange =
  | { readonly kind: 'add'; readonly id: NodeId; readonly weight: number }
  | { readonly kind: 'remove'; readonly id: NodeId }
  | { readonly kind: 'fail'; readonly id: NodeId }
  | { readonly kind: 'recover'; readonly id: NodeId }
  | { readonly kind: 'weight'; readonly id: NodeId; readonly weight: number }
  | { readonly kind: 'set'; readonly settings: HashingSettings };

export function defaultHashingConfig(overrides: Partial<HashingConfig> = {}): HashingConfig {
  return {
    strategy: 'ring',
    nodes: Array.from({ length: 10 }, (_, index) => ({ id: `n${index + 1}`, weight: 1, up: true })),
    vnodesPerNode: 100,
    epsilon: 0.25,
    replicaCount: 3,
    keyCount: 100_000,
    seed: 1,
    distribution: { kind: 'uniform' },
    ...overrides,
  };
}

/** Problems with a config, as sentences; empty when it can run. */
export function validateHashingConfig(config: HashingConfig): string[] {
  const problems: string[] = [];
  const limits = hashingLimits;
  const wholeIn = (value: number, min: number, max: number) => Number.isInteger(value) && value >= min && value <= max;
  if (!strategyNames.includes(config.strategy)) problems.push(`unknown strategy "${config.strategy}" (known: ${strategyNames.join(', ')})`);
  if (config.nodes.length === 0) problems.push('the cluster needs at least one node');
  if (config.nodes.length > limits.nodeCountMax) problems.push(`at most ${limits.nodeCountMax} nodes, got ${config.nodes.length}`);
  try {
    validateNodes(config.nodes);
  } catch (error) {
    problems.push((error as Error).message);
  }
  for (const node of config.nodes) {
    if (node.weight > limits.weightMax) problems.push(`node ${node.id}: weight must be at most ${limits.weightMax}, got ${node.weight}`);
  }
  if (!wholeIn(config.vnodesPerNode, limits.vnodesPerNodeMin, limits.vnodesPerNodeMax)) {
    problems.push(`virtual nodes per node must be a whole number from ${limits.vnodesPerNodeMin} to ${limits.vnodesPerNodeMax}, got ${config.vnodesPerNode}`);
  }
  if (!(Number.isFinite(config.epsilon) && config.epsilon >= 0 && config.epsilon <= limits.epsilonMax)) {
    problems.push(`epsilon must be from 0 to ${limits.epsilonMax}, got ${config.epsilon}`);
  }
  if (!wholeIn(config.replicaCount, 1, limits.replicaCountMax)) problems.push(`replicas must be a whole number from 1 to ${limits.replicaCountMax}, got ${config.replicaCount}`);
  if (!wholeIn(config.keyCount, 1, limits.keyCountMax)) problems.push(`keys must be a whole number from 1 to ${limits.keyCountMax.toLocaleString('en-US')}, got ${config.keyCount}`);
  if (!wholeIn(config.seed, 0, 0xffffffff)) problems.push(`seed must be a whole number from 0 to 4294967295, got ${config.seed}`);
  if (config.distribution.kind === 'zipf') {
    const exponent = config.distribution.exponent;
    if (!(Number.isFinite(exponent) && exponent >= 0 && exponent <= limits.zipfExponentMax)) {
      problems.push(`Zipf exponent must be from 0 to ${limits.zipfExponentMax}, got ${exponent}`);
    }
  }
  return problems;
}

/** The config after a change; throws an Error whose message a user can read when the change cannot be made. */
export function configAfterChange(config: HashingConfig, change: HashingChange): HashingConfig {
  const node = (id: NodeId) => {
    const found = config.nodes.find((candidate) => candidate.id === id);
    if (!found) throw new Error(`there is no node ${id} (nodes: ${config.nodes.map((candidate) => candidate.id).join(', ')})`);
    return found;
  };
  let next: HashingConfig;
  switch (change.kind) {
    case 'add':
      if (config.nodes.some((candidate) => candidate.id === change.id)) throw new Error(`node ${change.id} already exists`);
      next = { ...config, nodes: addNode(config.nodes, change.id, change.weight) };
      break;
    case 'remove':
      node(change.id);
      if (config.nodes.length === 1) throw new Error(`cannot remove ${change.id}: it is the last node`);
      next = { ...config, nodes: removeNode(config.nodes, change.id) };
      break;
    case 'fail':
      if (!node(change.id).up) throw new Error(`${change.id} is already down`);
      next = { ...config, nodes: setNodeUp(config.nodes, change.id, false) };
      break;
    case 'recover':
      if (node(change.id).up) throw new Error(`${change.id} is not down`);
      next = { ...config, nodes: setNodeUp(config.nodes, change.id, true) };
      break;
    case 'weight':
      node(change.id);
      next = { ...config, nodes: setNodeWeight(config.nodes, change.id, change.weight) };
      break;
    case 'set':
      next = { ...config, ...change.settings };
      break;
  }
  const problems = validateHashingConfig(next);
  if (problems.length > 0) throw new Error(problems.join('; '));
  return next;
}

/** Every node that joins gets the first free name n1, n2, …, so ids stay short and readable. */
export function nextNodeId(nodes: readonly NodeSpec[]): NodeId {
  const taken = new Set(nodes.map((node) => node.id));
  for (let number = 1; ; number++) if (!taken.has(`n${number}`)) return `n${number}`;
}

function strategyFor(config: HashingConfig, name: StrategyName = config.strategy): PlacementStrategy {
  return createStrategy(name, config.nodes, { vnodesPerNode: config.vnodesPerNode, epsilon: config.epsilon, hashSeed: 0 });
}

/** Who serves each key: the primary when it is up, else the first healthy node of its preference list. */
function servingOwners(strategy: PlacementStrategy, keyHashes: Uint32Array): Int32Array {
  return placeKeys(strategy, keyHashes).serving;
}

function placeKeys(strategy: PlacementStrategy, keyHashes: Uint32Array): { primary: Int32Array; serving: Int32Array } {
  const primary = strategy.assignOwners(keyHashes);
  const serving = strategy.nodes.every((node) => node.up) ? primary : assignServingOwners(strategy, keyHashes, primary);
  return { primary, serving };
}

const upNodes = (nodes: readonly NodeSpec[]) => nodes.filter((node) => node.up);
const upFlags = (nodes: readonly NodeSpec[]) => nodes.map((node) => node.up);

/** What one change did under the session's own strategy, over every key. */
export interface ChangeOutcome {
  readonly change: HashingChange;
  /** Keys whose serving node changed (a failure moves the down node's keys to stand-ins, hinted). */
  readonly moved: OwnerChange;
  /** The least any placement could move: the shift in healthy nodes' weight shares (≈ K/N for one node). */
  readonly idealMovedFraction: number;
  readonly idealMovedKeyCount: number;
  readonly nodesBefore: readonly NodeSpec[];
  /** Serving owners before the change, by index into `nodesBefore` (the UI animates from there). */
  readonly servingBefore: Int32Array;
}

/** One strategy's figures for the comparison table. */
export interface StrategyFigures {
  readonly name: StrategyName;
  readonly label: string;
  readonly lookupCost: string;
  readonly memoryEstimateBytes: number;
  readonly supportsWeights: boolean;
  readonly supportsArbitraryRemoval: boolean;
  /** Serving keys moved by the last change (null when the last change switched strategy, or there was none). */
  readonly movedFraction: number | null;
  readonly movedKeyCount: number | null;
  readonly keysMaxOverMean: number;
  readonly requestsMaxOverMean: number;
}

export interface StrategyComparison {
  /** The figures are computed over the first `keyCount` keys (a uniform sample: key hashes are pseudo-random). */
  readonly keyCount: number;
  readonly strategies: readonly StrategyFigures[];
}

export interface HotKeyRemedies {
  /** The hottest key: its index, name and share of all requests. */
  readonly hottestKeyIndex: number;
  readonly hottestKeyName: string;
  readonly hottestKeyShare: number;
  /** Request max/mean as placed. */
  readonly asPlaced: number;
  /** With reads of the hottest keys spread evenly over their serving replicas. */
  readonly readsFromReplicas: number;
  /** With each of the hottest keys split into `splitCount` sub-keys (`key#0` …) hashed apart. */
  readonly splitKeys: number;
  readonly splitCount: number;
  /** How many of the hottest keys the two remedies were applied to. */
  readonly treatedKeyCount: number;
}

/**
 * The stateful side of the lab, kept pure: the worker, the scenario runner and the tests all drive it.
 * It holds the key set and the current owners; every change returns what moved.
 */
export class HashingSession {
  private currentConfig: HashingConfig;
  readonly keySet: KeySet;
  private currentStrategy: PlacementStrategy;
  private currentServing: Int32Array;
  /** Primary owners as placed (bounded loads: a key's owner depends on the keys before it). */
  private currentPrimary: Int32Array;

  constructor(config: HashingConfig) {
    const problems = validateHashingConfig(config);
    if (problems.length > 0) throw new Error(problems.join('; '));
    this.currentConfig = config;
    this.keySet = generateKeySet({ keyCount: config.keyCount, seed: config.seed, distribution: config.distribution });
    this.currentStrategy = strategyFor(config);
    ({ primary: this.currentPrimary, serving: this.currentServing } = placeKeys(this.currentStrategy, this.keySet.hashes));
  }

  get config(): HashingConfig {
    return this.currentConfig;
  }

  get strategy(): PlacementStrategy {
    return this.currentStrategy;
  }

  /** Serving owner of every key, by index into `config.nodes` (-1 when every node is down). */
  get serving(): Int32Array {
    return this.currentServing;
  }

  /** Primary owner of every key as placed, before failures reroute it. */
  get primary(): Int32Array {
    return this.currentPrimary;
  }

  apply(change: HashingChange): ChangeOutcome {
    const before = this.currentConfig;
    const after = configAfterChange(before, change);
    const servingBefore = this.currentServing;
    this.currentConfig = after;
    this.currentStrategy = strategyFor(after);
    ({ primary: this.currentPrimary, serving: this.currentServing } = placeKeys(this.currentStrategy, this.keySet.hashes));
    const moved = compareOwners(before.nodes, servingBefore, after.nodes, this.currentServing);
    const ideal = idealMovedFraction(upNodes(before.nodes), upNodes(after.nodes));
    return {
      change,
      moved,
      idealMovedFraction: ideal,
      idealMovedKeyCount: Math.round(ideal * this.keySet.keyCount),
      nodesBefore: before.nodes,
      servingBefore,
    };
  }

  /** Keys and request share per node; mean and spread count healthy nodes only (a down node serves nothing). */
  loads(): LoadStatistics {
    return loadStatistics(this.currentServing, this.currentConfig.nodes.length, {
      popularity: this.keySet.popularity,
      countedNodes: upFlags(this.currentConfig.nodes),
    });
  }

  keyName(keyIndex: number): string {
    return keyName(this.keySet, keyIndex);
  }

  /** A key's intended replicas and who serves them now (hinted stand-ins for down nodes). */
  replicas(keyIndex: number): ReplicaSet {
    const primary = this.currentStrategy.ownerDependsOnOtherKeys ? this.currentPrimary[keyIndex] : undefined;
    return replicaSet(this.currentStrategy, this.keySet.hashes[keyIndex]!, this.currentConfig.replicaCount, primary);
  }

  /**
   * Every strategy on the current node set, over the first `sampleKeyCount` keys; with `previous`,
   * also how many keys the last change would have moved under each (null when it switched strategy).
   */
  compareStrategies(previous: HashingConfig | null, sampleKeyCount: number): StrategyComparison {
    const keyCount = Math.min(sampleKeyCount, this.keySet.keyCount);
    const hashes = this.keySet.hashes.subarray(0, keyCount);
    const popularity = this.keySet.popularity.subarray(0, keyCount);
    const after = this.currentConfig;
    const comparable = previous !== null && previous.strategy === after.strategy;
    const strategies = strategyNames.map((name): StrategyFigures => {
      const strategy = strategyFor(after, name);
      const serving = servingOwners(strategy, hashes);
      const loads = loadStatistics(serving, after.nodes.length, { popularity, countedNodes: upFlags(after.nodes) });
      let moved: OwnerChange | null = null;
      if (comparable) moved = compareOwners(previous.nodes, servingOwners(strategyFor(previous, name), hashes), after.nodes, serving);
      return {
        name,
        label: strategy.label,
        lookupCost: strategy.lookupCost,
        memoryEstimateBytes: strategy.memoryEstimateBytes,
        supportsWeights: strategy.supportsWeights,
        supportsArbitraryRemoval: strategy.supportsArbitraryRemoval,
        movedFraction: moved === null ? null : moved.movedFraction,
        movedKeyCount: moved === null ? null : moved.movedKeyCount,
        keysMaxOverMean: loads.keys.maxOverMean,
        requestsMaxOverMean: loads.requests.maxOverMean,
      };
    });
    return { keyCount, strategies };
  }

  /**
   * What more virtual nodes cannot do and what does: a single hot key lives on one node however many
   * tokens there are. Spreading its reads over its R replicas, or splitting it into sub-keys, does help.
   */
  hotKeyRemedies(treatedKeyCount = 8, splitCount = 8): HotKeyRemedies {
    const { popularity } = this.keySet;
    const nodes = this.currentConfig.nodes;
    const counted = upFlags(nodes);
    const hottest = topIndexes(popularity, treatedKeyCount);
    const base = new Float64Array(nodes.length);
    for (let key = 0; key < this.currentServing.length; key++) {
      const owner = this.currentServing[key]!;
      if (owner >= 0) base[owner]! += popularity[key]!;
    }
    const replicated = base.slice();
    const split = base.slice();
    for (const key of hottest) {
      const share = popularity[key]!;
      const owner = this.currentServing[key]!;
      if (owner < 0) continue;
      replicated[owner]! -= share;
      split[owner]! -= share;
      const holders = this.replicas(key).serving.map((placement) => placement.node);
      const readers = holders.length > 0 ? holders : [owner];
      for (const node of readers) replicated[node]! += share / readers.length;
      for (let part = 0; part < splitCount; part++) {
        const partOwner = this.servingOwnerOfHash(murmur3String(`${this.keyName(key)}#${part}`));
        split[partOwner < 0 ? owner : partOwner]! += share / splitCount;
      }
    }
    const hottestKeyIndex = hottest[0] ?? 0;
    return {
      hottestKeyIndex,
      hottestKeyName: this.keyName(hottestKeyIndex),
      hottestKeyShare: popularity[hottestKeyIndex] ?? 0,
      asPlaced: summarizeLoad(base, counted).maxOverMean,
      readsFromReplicas: summarizeLoad(replicated, counted).maxOverMean,
      splitKeys: summarizeLoad(split, counted).maxOverMean,
      splitCount,
      treatedKeyCount: hottest.length,
    };
  }

  /** Where a key placed alone would be served (bounded loads: its ring successor, capacity aside). */
  private servingOwnerOfHash(keyHash: number): number {
    const owner = this.currentStrategy.ownerOf(keyHash);
    if (owner < 0 || this.currentConfig.nodes[owner]!.up) return owner;
    const walk = this.currentStrategy.preferenceList(keyHash, this.currentConfig.nodes.length, owner);
    return walk.find((node) => this.currentConfig.nodes[node]!.up) ?? -1;
  }
}

/** Indexes of the `count` largest values, largest first (ties by index): one pass, no full sort. */
export function topIndexes(values: Float64Array, count: number): number[] {
  const top: number[] = [];
  for (let index = 0; index < values.length; index++) {
    const value = values[index]!;
    if (top.length === count && value <= values[top[top.length - 1]!]!) continue;
    let position = top.length;
    while (position > 0 && values[top[position - 1]!]! < value) position--;
    top.splice(position, 0, index);
    if (top.length > count) top.pop();
  }
  return top;
}
