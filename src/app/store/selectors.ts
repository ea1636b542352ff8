// Selectors at module scope, so subscriptions are stable and each returns an existing reference.
import type { RaftNodeView } from '../../kernel/protocols/raft/run.ts';
import type { NodeId } from '../../kernel/protocols/raft/types.ts';
import type { RaftLabState } from './raftStore.ts';

export const selectStatus = (state: RaftLabState) => state.status;
export const selectProblems = (state: RaftLabState) => state.problems;
export const selectConfig = (state: RaftLabState) => state.config;
export const selectNodeIds = (state: RaftLabState) => state.nodeIds;
export const selectNodesById = (state: RaftLabState) => state.nodesById;
export const selectMessages = (state: RaftLabState) => state.messages;
export const selectGroups = (state: RaftLabState) => state.groups;
export const selectCuts = (state: RaftLabState) => state.cuts;
export const selectNowMs = (state: RaftLabState) => state.nowMs;
export const selectFrameNowMs = (state: RaftLabState) => state.frameNowMs;
export const selectHeadMs = (state: RaftLabState) => state.headMs;
export const selectAtHead = (state: RaftLabState) => state.atHead;
export const selectPlaying = (state: RaftLabState) => state.playing;
export const selectSpeed = (state: RaftLabState) => state.speed;
export const selectSelectedNodeId = (state: RaftLabState) => state.selectedNodeId;
export const selectNotices = (state: RaftLabState) => state.notices;
export const selectActions = (state: RaftLabState) => state.actions;
export const selectTraceVersion = (state: RaftLabState) => state.traceVersion;
export const selectTraceLength = (state: RaftLabState) => state.traceLength;
export const selectTraceEpoch = (state: RaftLabState) => state.traceEpoch;

const nodeSelectors = new Map<NodeId, (state: RaftLabState) => RaftNodeView | undefined>();

/** One cached selector per node id, so a memoised node item re-renders only when its node changes. */
export function selectNode(id: NodeId): (state: RaftLabState) => RaftNodeView | undefined {
  let selector = nodeSelectors.get(id);
  if (!selector) {
    selector = (state) => state.nodesById[id];
    nodeSelectors.set(id, selector);
  }
  return selector;
}

/** The alive leader of the highest term, as the scenario language's `leader` means it. */
export function currentLeaderId(state: RaftLabState): NodeId | null {
  let best: RaftNodeView | undefined;
  for (const id of state.nodeIds) {
    const node = state.nodesById[id];
    if (node && node.role === 'leader' && (!best || node.term > best.term)) best = node;
  }
  return best?.id ?? null;
}

export const selectScenario = (state: RaftLabState) => state.scenario;
export const selectViolations = (state: RaftLabState) => state.violations;
export const selectHighlight = (state: RaftLabState) => state.highlight;
export const selectSelectedMessageId = (state: RaftLabState) => state.selectedMessageId;
export const selectChaos = (state: RaftLabState) => state.chaos;
export const selectBugs = (state: RaftLabState) => state.config.bugs;
export const selectFeatures = (state: RaftLabState) => state.config.features;

const highlightSelectors = new Map<NodeId, (state: RaftLabState) => number>();

/**
 * Whether a violation the user picked involves this node, as a number so the selection stays a
 * primitive: -1 not highlighted, 0 highlighted, n > 0 highlighted with log entry n marked.
 */
export function selectHighlightFor(id: NodeId): (state: RaftLabState) => number {
  let selector = highlightSelectors.get(id);
  if (!selector) {
    selector = (state) => (state.highlight && state.highlight.nodes.includes(id) ? (state.highlight.logIndex ?? 0) : -1);
    highlightSelectors.set(id, selector);
  }
  return selector;
}

/** How many violations happened at or before the shown moment (they are in time order). */
export function selectViolationCountSoFar(state: RaftLabState): number {
  const { violations, frameNowMs } = state;
  let count = 0;
  while (count < violations.length && violations[count]!.timeMs <= frameNowMs) count += 1;
  return count;
}

export const selectAnyBug = (state: RaftLabState) => state.config.bugs.length > 0;
