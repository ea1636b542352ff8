// @vitest-environment happy-dom
// The space-time diagram mounts in a DOM without a real canvas, for empty, real and forked traces, and shows text as text.

import { act, StrictMode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRaftRun } from '../../../kernel/protocols/raft/run.ts';
import { defaultRaftConfig } from '../../../kernel/protocols/raft/simulation.ts';
import type { RaftTraceEvent } from '../../../kernel/protocols/raft/trace.ts';
import { SpaceTimeDiagram, type SpaceTimeDiagramProps } from './index.ts';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const NODE_IDS = ['n1', 'n2', 'n3', 'n4', 'n5'];
let container: HTMLDivElement;
let root: Root;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
});

afterEach(() => {
  act(() => root.unmount());
  container.remove();
  vi.useRealTimers();
});

/** In StrictMode, as the app mounts it: effects run, clean up and run again. */
function render(props: SpaceTimeDiagramProps) {
  act(() =>
    root.render(
      <StrictMode>
        <SpaceTimeDiagram {...props} />
      </StrictMode>,
    ),
  );
  // Let the throttled accessible summary catch up.
  act(() => vi.advanceTimersByTime(400));
}

function kernelTrace(): { trace: RaftTraceEvent[]; headMs: number } {
  const run = createRaftRun(defaultRaftConfig({ seed: 1 }));
  run.history.advanceTo(1500);
  const leader = run.simulation.nodes.find((node) => run.simulation.displayRole(node) === 'leader')!;
  run.history.apply({ type: 'crash', node: leader.id });
  run.history.advanceTo(3000);
  return { trace: run.history.trace.slice(), headMs: run.history.headMs };
}

const canvas = () => container.querySelector('canvas[data-testid="space-time-diagram"]')!;

describe('SpaceTimeDiagram', () => {
  it('renders an empty trace', () => {
    render({ trace: [], nodeIds: NODE_IDS, nowMs: 0, headMs: 0 });
    expect(canvas()).not.toBeNull();
    expect(canvas().getAttribute('aria-label')).toContain('5 nodes');
    expect(canvas().getAttribute('data-message-count')).toBe('0');
    expect(container.querySelector('button[aria-pressed="true"]')?.textContent).toContain('Following');
  });

  it('renders a real trace, re-renders as it grows and when the run forks', () => {
    const { trace, headMs } = kernelTrace();
    const onSeek = vi.fn();
    const half = trace.slice(0, trace.length >> 1);
    render({ trace: half, nodeIds: NODE_IDS, nowMs: half[half.length - 1]!.timeMs, headMs: half[half.length - 1]!.timeMs, onSeek });
    render({ trace, nodeIds: NODE_IDS, nowMs: headMs, headMs, onSeek });
    const label = canvas().getAttribute('aria-label')!;
    expect(label).toMatch(/n\d crashed/);
    expect(label).toMatch(/leader term \d/);
    expect(Number(canvas().getAttribute('data-message-count'))).toBeGreaterThan(100);
    expect(container.querySelectorAll('ol li').length).toBe(8);

    // A fork: the trace is cut back and the epoch changes.
    render({ trace: trace.slice(0, 50), traceEpoch: 1, nodeIds: NODE_IDS, nowMs: 400, headMs: 400, onSeek });
    expect(Number(canvas().getAttribute('data-message-count'))).toBeLessThan(50);
  });

  it('seeks where the plot is clicked, clamped to the recorded run', () => {
    const { trace, headMs } = kernelTrace();
    const onSeek = vi.fn();
    render({ trace, nodeIds: NODE_IDS, nowMs: headMs, headMs, onSeek });
    act(() => {
      canvas().dispatchEvent(new MouseEvent('click', { bubbles: true, clientX: 400, clientY: 100 }));
    });
    expect(onSeek).toHaveBeenCalledTimes(1);
    const seekMs = onSeek.mock.calls[0]![0] as number;
    expect(seekMs).toBeGreaterThanOrEqual(0);
    expect(seekMs).toBeLessThanOrEqual(headMs);
  });

  it('shows user-supplied text as text, never as markup', () => {
    const value = '<img src=x onerror="window.pwned=1">';
    const trace: RaftTraceEvent[] = [{ kind: 'action', timeMs: 100, command: { type: 'request', value } }];
    render({ trace, nodeIds: NODE_IDS, nowMs: 200, headMs: 200 });
    expect(container.querySelector('img')).toBeNull();
    expect(container.textContent).toContain(value);
  });

  it('lets the keyboard toggle following and zoom', () => {
    render({ trace: [], nodeIds: NODE_IDS, nowMs: 0, headMs: 0 });
    act(() => {
      canvas().dispatchEvent(new KeyboardEvent('keydown', { key: 'f', bubbles: true }));
    });
    expect(canvas().getAttribute('data-following')).toBe('false');
    act(() => {
      (container.querySelector('button[aria-label="Zoom in"]') as HTMLButtonElement).click();
    });
    expect(canvas()).not.toBeNull();
  });
});
