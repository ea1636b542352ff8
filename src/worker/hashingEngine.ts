// The consistent hashing lab's engine: owns the session (up to 1,000,000 keys) and answers every call with plain data.
// It is the worker's whole API (see hashing.worker.ts); it never touches the DOM, so tests drive it in Node.

import {
  BoundedLoadsRing,
  ConsistentHashRing,
  hashFunctionName,
  HashingSession,
  maxOverMeanByVnodes,
  topIndexes,
  validateHashingConfig,
  type HashingChange,
  type HashingConfig,
  type HotKeyRemedies,
  type StrategyComparison,
} from '../kernel/protocols/hashing/index.ts';
import type { ScenarioError } from '../scenario/lexer.ts';
import type { ScenarioStepView } from './kit/labEngine.ts';
import { formatHashingChange, type HashingScenario, type HashingScenarioStep } from '../scenario/hashing.ts';
import { applyHashingStep, type HashingStepOutcome, type LastMovement } from '../scenario/hashing-runner.ts';
import { parseScenario } from '../scenario/parse.ts';

/** Keys drawn on the ring: enough to see arcs fill, few enough for 60 fps in SVG. */
export const SAMPLE_KEY_COUNT = 600;
/** Under Zipf the hottest keys are always drawn (they are the point of the picture). */
const HOT_KEYS_DRAWN = 5;
/** Most arcs sent for drawing; beyond it the ring is drawn at 1/ARC_BINS of a turn (figures still use every token). */
const ARC_BINS = 2_880;
/** Most token ticks sent for drawing. */
const TICKS_DRAWN_MAX = 2_000;
/** The comparison table and the vnodes plot run every strategy; above this many keys they use the first keys only. */
export const COMPARISON_KEY_COUNT = 100_000;
export const PLOT_VNODE_COUNTS: readonly number[] = [1, 2, 5, 10, 20, 50, 100, 200, 500];

export interface NodeView {
  readonly id: string;
  readonly weight: number;
  readonly up: boolean;
  readonly keys: number;
  /** Share of all requests this node serves (0..1). */
  readonly requestShare: number;
  /** Tokens on the ring (0 for strategies without a ring). */
  readonly tokenCount: number;
}

export interface LoadView {
  readonly keysMean: number;
  readonly keysMaxOverMean: number;
  readonly keysStandardDeviation: number;
  readonly requestsMaxOverMean: number;
  readonly requestsStandardDeviation: number;
  readonly maxNode: string | null;
}

/** The ring as drawn: arcs between tokens, the owner of each, and tick marks; fractions of a turn. */
export interface RingView {
  readonly hasRing: boolean;
  readonly tokenCount: number;
  readonly arcStarts: Float32Array;
  readonly arcEnds: Float32Array;
  readonly arcOwners: Int16Array;
  /** True when arcs were binned (very many tokens): the picture is approximate, the figures are not. */
  readonly binned: boolean;
  readonly tickPositions: Float32Array;
  readonly tickOwners: Int16Array;
  readonly ticksShown: number;
}

/** The keys drawn: a sample, each with its place, serving node and replicas. */
export interface KeySampleView {
  readonly indexes: Uint32Array;
  readonly positions: Float32Array;
  readonly owners: Int16Array;
  readonly popularity: Float64Array;
  readonly hot: Uint8Array;
  /** Serving replicas, `replicaCount` per key, -1 padded; `hintFor` the down node a stand-in covers, or -1. */
  readonly replicaNodes: Int16Array;
  readonly replicaHints: Int16Array;
  readonly replicaCount: number;
}

export interface ChangeView {
  /** What happened, in words ("add n11"). */
  readonly description: string;
  readonly movedKeyCount: number;
  readonly movedFraction: number;
  readonly idealKeyCount: number;
  readonly idealFraction: number;
  /** For each drawn key that moved: its position in the sample and the id of the node that served it before. */
  readonly movedSamplePositions: Uint32Array;
  readonly movedSampleFrom: readonly string[];
}

/** Every change since the session started (init, or a scenario's start), added up. */
export interface SinceStartView {
  readonly changeCount: number;
  /** Key moves added over all changes: a key that moved twice counts twice. */
  readonly moveCount: number;
  /** Keys that moved at least once. */
  readonly distinctKeyCount: number;
  readonly distinctFraction: number;
}

export interface HashingFrame {
  /** Grows with every change; extras and animations tie to it. */
  readonly version: number;
  readonly config: HashingConfig;
  readonly hashName: string;
  readonly keyCount: number;
  readonly nodes: readonly NodeView[];
  readonly load: LoadView;
  readonly ring: RingView;
  readonly sample: KeySampleView;
  readonly lastChange: ChangeView | null;
  readonly sinceStart: SinceStartView;
  readonly hotKeys: HotKeyRemedies | null;
  /** Wall time the worker spent on the last call, for the page to show when large key sets are slow. */
  readonly computeMs: number;
}

export interface VnodePlotPoint {
  readonly vnodesPerNode: number;
  readonly keysMaxOverMean: number;
  readonly requestsMaxOverMean: number;
}

/** The slower figures: every strategy on the same change, and max/mean against vnodes per node. */
export interface HashingExtras {
  readonly version: number;
  readonly comparison: StrategyComparison;
  readonly plot: readonly VnodePlotPoint[];
  readonly plotKeyCount: number;
}

export interface KeyDetail {
  readonly index: number;
  readonly name: string;
  readonly hash: number;
  readonly position: number;
  readonly popularity: number;
  readonly intended: readonly string[];
  readonly serving: readonly { readonly node: string; readonly hintFor: string | null }[];
}

export type HashingInitResult = { readonly ok: true; readonly frame: HashingFrame } | { readonly ok: false; readonly problems: readonly string[] };
export type HashingChangeResult = { readonly ok: true; readonly frame: HashingFrame } | { readonly ok: false; readonly message: string };

/** The hashing model has no virtual time: its steps are changes and expectations (no `run`). */
export type HashingScenarioStepView = ScenarioStepView<'change' | 'expect'>;

export type HashingScenarioLoadResult =
  | { readonly ok: true; readonly config: HashingConfig; readonly steps: readonly HashingScenarioStepView[]; readonly frame: HashingFrame }
  | { readonly ok: false; readonly errors: readonly ScenarioError[] };

export interface HashingScenarioStepResult {
  readonly outcome: { readonly kind: 'changed' } | { readonly kind: 'expect' | 'error'; readonly ok: boolean; readonly detail: string };
  readonly frame: HashingFrame;
}

export interface HashingEngine {
  init(config: HashingConfig): HashingInitResult;
  change(change: HashingChange): HashingChangeResult;
  frame(): HashingFrame;
  /** Every strategy compared, and the vnodes plot: slower, so asked for after the frame is drawn. */
  extras(): HashingExtras;
  /** A key by index or by name, with its owner and replicas. */
  describeKey(query: string): KeyDetail | { readonly error: string };
  loadScenario(source: string): HashingScenarioLoadResult;
  scenarioStep(index: number): HashingScenarioStepResult;
}

const TURN = 4_294_967_296;

export function createHashingEngine(wallClockMs: () => number): HashingEngine {
  let session: HashingSession | null = null;
  let version = 0;
  let lastChange: ChangeView | null = null;
  /** The config before the last change, for "the same change under the other strategies". */
  let previousConfig: HashingConfig | null = null;
  let sampleIndexes = new Uint32Array(0);
  let computeMs = 0;
  let scenario: HashingScenario | null = null;
  let scenarioLast: LastMovement = { count: 0, fraction: 0 };
  // One flag per key: has it ever moved since the start? (1 MB for a million keys.)
  let everMoved = new Uint8Array(0);
  let sinceStart = { changeCount: 0, moveCount: 0, distinctKeyCount: 0 };

  const requireSession = (): HashingSession => {
    if (!session) throw new Error('The hashing engine has no session yet: call init(config) first.');
    return session;
  };

  const chooseSample = (current: HashingSession) => {
    const { keyCount, distribution } = current.config;
    const first = Math.min(SAMPLE_KEY_COUNT, keyCount);
    const chosen = new Set<number>();
    for (let i = 0; i < first; i++) chosen.add(i);
    // Key hashes are pseudo-random, so the first keys are a fair sample; the hottest join them under Zipf.
    if (distribution.kind === 'zipf') for (const index of topIndexes(current.keySet.popularity, HOT_KEYS_DRAWN)) chosen.add(index);
    sampleIndexes = Uint32Array.from(chosen);
  };

  const start = (config: HashingConfig) => {
    session = new HashingSession(config);
    version += 1;
    lastChange = null;
    previousConfig = null;
    everMoved = new Uint8Array(config.keyCount);
    sinceStart = { changeCount: 0, moveCount: 0, distinctKeyCount: 0 };
    chooseSample(session);
  };

  const applyChange = (change: HashingChange) => {
    const current = requireSession();
    const before = current.config;
    const outcome = current.apply(change);
    previousConfig = before;
    version += 1;
    let distinctKeyCount = sinceStart.distinctKeyCount;
    for (const keyIndex of outcome.moved.movedKeyIndexes) {
      if (keyIndex >= everMoved.length) {
        // The key set grew: keep the flags of the keys there were.
        const grown = new Uint8Array(Math.max(keyIndex + 1, current.config.keyCount));
        grown.set(everMoved);
        everMoved = grown;
      }
      if (everMoved[keyIndex] === 0) {
        everMoved[keyIndex] = 1;
        distinctKeyCount += 1;
      }
    }
    sinceStart = { changeCount: sinceStart.changeCount + 1, moveCount: sinceStart.moveCount + outcome.moved.movedKeyCount, distinctKeyCount };
    // Which drawn keys moved, and from which node (by id: indexes shift when a node leaves).
    const moved = new Set(outcome.moved.movedKeyIndexes.length <= 50_000 ? outcome.moved.movedKeyIndexes : []);
    const positions: number[] = [];
    const from: string[] = [];
    sampleIndexes.forEach((keyIndex, position) => {
      const wasMoved = moved.size > 0 ? moved.has(keyIndex) : binaryHas(outcome.moved.movedKeyIndexes, keyIndex);
      if (!wasMoved) return;
      positions.push(position);
      const previousOwner = outcome.servingBefore[keyIndex]!;
      from.push(previousOwner < 0 ? '' : outcome.nodesBefore[previousOwner]!.id);
    });
    lastChange = {
      description: formatHashingChange(change),
      movedKeyCount: outcome.moved.movedKeyCount,
      movedFraction: outcome.moved.movedFraction,
      idealKeyCount: outcome.idealMovedKeyCount,
      idealFraction: outcome.idealMovedFraction,
      movedSamplePositions: Uint32Array.from(positions),
      movedSampleFrom: from,
    };
    return outcome;
  };

  const timed = <T>(work: () => T): T => {
    const startedMs = wallClockMs();
    const result = work();
    computeMs = wallClockMs() - startedMs;
    return result;
  };

  const makeFrame = (): HashingFrame => {
    const current = requireSession();
    const { config } = current;
    const loads = current.loads();
    const nodes: NodeView[] = config.nodes.map((node, index) => ({
      id: node.id,
      weight: node.weight,
      up: node.up,
      keys: loads.keys.perNode[index]!,
      requestShare: loads.requests.perNode[index]!,
      tokenCount: 0,
    }));
    const ring = ringView(current, nodes);
    return {
      version,
      config,
      hashName: hashFunctionName,
      keyCount: current.keySet.keyCount,
      nodes,
      load: {
        keysMean: loads.keys.mean,
        keysMaxOverMean: loads.keys.maxOverMean,
        keysStandardDeviation: loads.keys.standardDeviation,
        requestsMaxOverMean: loads.requests.maxOverMean,
        requestsStandardDeviation: loads.requests.standardDeviation,
        maxNode: loads.keys.maxNode < 0 ? null : config.nodes[loads.keys.maxNode]!.id,
      },
      ring,
      sample: sampleView(current, sampleIndexes),
      lastChange,
      sinceStart: { ...sinceStart, distinctFraction: current.keySet.keyCount === 0 ? 0 : sinceStart.distinctKeyCount / current.keySet.keyCount },
      hotKeys: config.distribution.kind === 'zipf' ? current.hotKeyRemedies() : null,
      computeMs,
    };
  };

  return {
    init(config) {
      const problems = validateHashingConfig(config);
      if (problems.length > 0) return { ok: false, problems };
      scenario = null;
      timed(() => start(config));
      return { ok: true, frame: makeFrame() };
    },
    change(change) {
      try {
        timed(() => applyChange(change));
      } catch (error) {
        return { ok: false, message: (error as Error).message };
      }
      return { ok: true, frame: makeFrame() };
    },
    frame: () => makeFrame(),
    extras() {
      const current = requireSession();
      const { config, keySet } = current;
      const comparison = current.compareStrategies(previousConfig, COMPARISON_KEY_COUNT);
      const plotKeyCount = Math.min(keySet.keyCount, COMPARISON_KEY_COUNT);
      const plot = maxOverMeanByVnodes(
        config.nodes.filter((node) => node.up),
        keySet.hashes.subarray(0, plotKeyCount),
        PLOT_VNODE_COUNTS,
        { popularity: keySet.popularity.subarray(0, plotKeyCount) },
      ).map((point) => ({ vnodesPerNode: point.vnodesPerNode, keysMaxOverMean: point.keysMaxOverMean, requestsMaxOverMean: point.requestsMaxOverMean }));
      return { version, comparison, plot, plotKeyCount };
    },
    describeKey(query) {
      const current = requireSession();
      const trimmed = query.trim();
      let index = /^\d+$/.test(trimmed) ? Number(trimmed) : -1;
      if (index < 0 && trimmed.startsWith(current.keySet.namePrefix)) {
        const rest = trimmed.slice(current.keySet.namePrefix.length);
        if (/^\d+$/.test(rest)) index = Number(rest);
      }
      if (!(index >= 0 && index < current.keySet.keyCount)) {
        return { error: `No key “${trimmed}”: give a key number from 0 to ${current.keySet.keyCount - 1} or a name like ${current.keyName(0)}.` };
      }
      const nodes = current.config.nodes;
      const replicas = current.replicas(index);
      const hash = current.keySet.hashes[index]!;
      return {
        index,
        name: current.keyName(index),
        hash,
        position: hash / TURN,
        popularity: current.keySet.popularity[index]!,
        intended: replicas.intended.map((node) => nodes[node]!.id),
        serving: replicas.serving.map((placement) => ({ node: nodes[placement.node]!.id, hintFor: placement.hintFor < 0 ? null : nodes[placement.hintFor]!.id })),
      };
    },
    loadScenario(source) {
      const parsed = parseScenario(source);
      if (!parsed.ok) return { ok: false, errors: parsed.errors };
      if (parsed.scenario.lab !== 'hashing') {
        return { ok: false, errors: [{ line: 1, column: 1, message: `this is a ${parsed.scenario.lab} scenario: open it in the ${parsed.scenario.lab} lab` }] };
      }
      const loaded = parsed.scenario;
      scenario = loaded;
      scenarioLast = { count: 0, fraction: 0 };
      timed(() => start(loaded.config));
      return {
        ok: true,
        config: loaded.config,
        steps: loaded.steps.map((step) => ({ line: step.line, text: step.text, kind: step.kind, durationMs: null, narration: step.narration })),
        frame: makeFrame(),
      };
    },
    scenarioStep(index) {
      if (!scenario) throw new Error('No scenario is loaded.');
      const step: HashingScenarioStep | undefined = scenario.steps[index];
      if (!step) throw new Error(`The scenario has no step ${index}.`);
      let outcome: HashingStepOutcome;
      if (step.kind === 'change') {
        try {
          const changed = timed(() => applyChange(step.change));
          scenarioLast = { count: changed.moved.movedKeyCount, fraction: changed.moved.movedFraction };
          outcome = { kind: 'changed', outcome: changed };
        } catch (error) {
          outcome = { kind: 'error', detail: (error as Error).message };
        }
      } else {
        outcome = applyHashingStep(requireSession(), step, scenarioLast);
      }
      return {
        outcome: outcome.kind === 'changed' ? { kind: 'changed' } : { kind: outcome.kind, ok: outcome.kind === 'expect' && outcome.ok, detail: outcome.detail },
        frame: makeFrame(),
      };
    },
  };
}

function binaryHas(sorted: Uint32Array, value: number): boolean {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low < sorted.length && sorted[low] === value;
}

/** Arcs and ticks of the ring strategies; token counts per node go into `nodes` (mutated before it is frozen in the frame). */
function ringView(session: HashingSession, nodes: NodeView[]): RingView {
  const strategy = session.strategy;
  const tokens = strategy instanceof ConsistentHashRing || strategy instanceof BoundedLoadsRing ? strategy.tokens : null;
  if (!tokens || tokens.positions.length === 0) {
    return {
      hasRing: false,
      tokenCount: 0,
      arcStarts: new Float32Array(0),
      arcEnds: new Float32Array(0),
      arcOwners: new Int16Array(0),
      binned: false,
      tickPositions: new Float32Array(0),
      tickOwners: new Int16Array(0),
      ticksShown: 0,
    };
  }
  const { positions, owners } = tokens;
  const tokenCount = positions.length;
  const counts = new Int32Array(nodes.length);
  for (let i = 0; i < tokenCount; i++) counts[owners[i]!]!++;
  nodes.forEach((node, index) => {
    (node as { tokenCount: number }).tokenCount = counts[index]!;
  });
  // Arc i runs from token i-1 to token i and belongs to token i's node; the first wraps past the top.
  const starts: number[] = [];
  const ends: number[] = [];
  const arcOwners: number[] = [];
  const push = (start: number, end: number, owner: number) => {
    const last = arcOwners.length - 1;
    if (last >= 0 && arcOwners[last] === owner && ends[last] === start) ends[last] = end;
    else {
      starts.push(start);
      ends.push(end);
      arcOwners.push(owner);
    }
  };
  const binned = tokenCount > ARC_BINS;
  if (!binned) {
    const firstOwner = owners[0]!;
    push(0, positions[0]! / TURN, firstOwner);
    for (let i = 1; i < tokenCount; i++) push(positions[i - 1]! / TURN, positions[i]! / TURN, owners[i]!);
    push(positions[tokenCount - 1]! / TURN, 1, firstOwner);
  } else {
    // Too many arcs to draw: each bin takes the owner of its midpoint, found by walking the sorted tokens once.
    let token = 0;
    for (let bin = 0; bin < ARC_BINS; bin++) {
      const middle = ((bin + 0.5) / ARC_BINS) * TURN;
      while (token < tokenCount && positions[token]! < middle) token++;
      push(bin / ARC_BINS, (bin + 1) / ARC_BINS, owners[token === tokenCount ? 0 : token]!);
    }
  }
  const stride = Math.max(1, Math.ceil(tokenCount / TICKS_DRAWN_MAX));
  const ticksShown = Math.ceil(tokenCount / stride);
  const tickPositions = new Float32Array(ticksShown);
  const tickOwners = new Int16Array(ticksShown);
  for (let i = 0, t = 0; t < tokenCount; i++, t += stride) {
    tickPositions[i] = positions[t]! / TURN;
    tickOwners[i] = owners[t]!;
  }
  return {
    hasRing: true,
    tokenCount,
    arcStarts: Float32Array.from(starts),
    arcEnds: Float32Array.from(ends),
    arcOwners: Int16Array.from(arcOwners),
    binned,
    tickPositions,
    tickOwners,
    ticksShown,
  };
}

function sampleView(session: HashingSession, indexes: Uint32Array): KeySampleView {
  const { keySet, serving, config } = session;
  const replicaCount = config.replicaCount;
  const count = indexes.length;
  const positions = new Float32Array(count);
  const owners = new Int16Array(count);
  const popularity = new Float64Array(count);
  const hot = new Uint8Array(count);
  const replicaNodes = new Int16Array(count * replicaCount).fill(-1);
  const replicaHints = new Int16Array(count * replicaCount).fill(-1);
  const hottest = new Set(config.distribution.kind === 'zipf' ? topIndexes(keySet.popularity, HOT_KEYS_DRAWN) : []);
  indexes.forEach((keyIndex, position) => {
    positions[position] = keySet.hashes[keyIndex]! / TURN;
    owners[position] = serving[keyIndex]!;
    popularity[position] = keySet.popularity[keyIndex]!;
    hot[position] = hottest.has(keyIndex) ? 1 : 0;
    session.replicas(keyIndex).serving.forEach((placement, slot) => {
      if (slot >= replicaCount) return;
      replicaNodes[position * replicaCount + slot] = placement.node;
      replicaHints[position * replicaCount + slot] = placement.hintFor;
    });
  });
  return { indexes, positions, owners, popularity, hot, replicaNodes, replicaHints, replicaCount };
}
