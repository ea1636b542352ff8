// Shared steps for the specs: read the cluster from data-* attributes, wait on them (never on sleeps).
import { expect, type Page } from '@playwright/test';

export interface NodeState {
  readonly id: string;
  readonly role: string;
  readonly term: number;
  readonly partition: number;
}

export async function readNodes(page: Page): Promise<NodeState[]> {
  return page.locator('[data-testid^="node-n"]').evaluateAll((elements) =>
    elements.map((element) => ({
      id: element.getAttribute('data-testid')!.slice('node-'.length),
      role: element.getAttribute('data-role')!,
      term: Number(element.getAttribute('data-term')),
      partition: Number(element.getAttribute('data-partition')),
    })),
  );
}

/** Waits until some node satisfies `predicate` and returns it. */
export async function waitForNode(page: Page, predicate: (node: NodeState, all: NodeState[]) => boolean, timeoutMs = 20_000): Promise<NodeState> {
  let found: NodeState | undefined;
  await expect
    .poll(
      async () => {
        const nodes = await readNodes(page);
        found = nodes.find((node) => predicate(node, nodes));
        return found !== undefined;
      },
      { timeout: timeoutMs, intervals: [50, 100, 200] },
    )
    .toBe(true);
  return found!;
}

export function waitForLeader(page: Page, predicate: (node: NodeState, all: NodeState[]) => boolean = () => true): Promise<NodeState> {
  return waitForNode(page, (node, all) => node.role === 'leader' && predicate(node, all));
}

export async function pause(page: Page): Promise<void> {
  const toggle = page.getByTestId('play-toggle');
  if ((await toggle.getAttribute('data-playing')) === 'true') await toggle.click();
  await expect(toggle).toHaveAttribute('data-playing', 'false');
}

export async function play(page: Page): Promise<void> {
  const toggle = page.getByTestId('play-toggle');
  if ((await toggle.getAttribute('data-playing')) === 'false') await toggle.click();
  await expect(toggle).toHaveAttribute('data-playing', 'true');
}

export async function nowMs(page: Page): Promise<number> {
  return Number(await page.getByTestId('clock').getAttribute('data-now-ms'));
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `e2e/screenshots/${name}.png` });
}

/**
 * "Replay what you did" as a user: copy the lab's link, open it in a fresh page and play the shared
 * run to its end. Returns that page, to compare its outcome with the one the link was made from.
 */
export async function openSharedRun(page: Page, route: string): Promise<Page> {
  await page.getByTestId('actions-link').click();
  const link = await page.getByTestId('actions-text').inputValue();
  expect(link).toContain(`#${route}?actions=`);
  const shared = await page.context().newPage();
  await shared.goto(link);
  await shared.getByTestId('scenario-play').click();
  await expect(shared.getByTestId('scenario-view')).toHaveAttribute('data-finished', 'true', { timeout: 30_000 });
  return shared;
}
