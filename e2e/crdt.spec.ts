// The CRDT lab as a user drives it: edit on both sides of a partition made by dragging, heal, sync
// and see the replicas converge (metadata one click away, a merge explained on the diagram); the
// add-wins preset; the "when not to" preset where the counter goes negative and Raft refuses.
// State is read from data-* attributes.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { screenshot } from './helpers.ts';

async function waitRunning(page: Page): Promise<void> {
  await expect(page.getByTestId('crdt-lab')).toHaveAttribute('data-status', 'running', { timeout: 30_000 });
}

async function center(locator: Locator): Promise<{ x: number; y: number }> {
  const box = (await locator.boundingBox())!;
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

async function dragTo(page: Page, from: Locator, to: { x: number; y: number }): Promise<void> {
  const start = await center(from);
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move(start.x + 10, start.y + 10, { steps: 3 });
  await page.mouse.move(to.x, to.y, { steps: 8 });
  await page.mouse.up();
}

/**
 * Every visible text on the page drawn below 14 px (SVG text measured after its scale): the
 * projector rule. Returns "size <tag.class> text" lines, empty when the page passes.
 */
async function textBelow14px(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found = new Set<string>();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim();
      const element = node.parentElement;
      if (!text || !element) continue;
      const box = element.getBoundingClientRect();
      const style = getComputedStyle(element);
      if (box.width === 0 || box.height === 0 || style.visibility === 'hidden' || Number(style.opacity) === 0) continue;
      // Only what is on screen: the side cards scroll, the page may too.
      if (box.bottom < 0 || box.top > innerHeight) continue;
      let size = parseFloat(style.fontSize);
      if (element instanceof SVGGraphicsElement) {
        const matrix = element.getScreenCTM();
        if (matrix) size *= Math.hypot(matrix.a, matrix.b);
      }
      if (size < 13.95) found.add(`${size.toFixed(1)}px <${element.tagName.toLowerCase()}.${element.getAttribute('class') ?? ''}> ${text.slice(0, 40)}`);
    }
    return [...found];
  });
}

async function expectReadable(page: Page): Promise<void> {
  expect(await textBelow14px(page), 'text below 14 px at this viewport').toEqual([]);
}

async function operate(page: Page, replica: string, kind: string, argument: string): Promise<void> {
  await page.getByTestId('op-replica').selectOption(replica);
  await page.getByTestId('op-kind').selectOption(kind);
  await page.getByTestId('op-argument').fill(argument);
  await page.getByTestId('op-apply').click();
}

test('partition by drag, edit both sides, heal and sync: the OR-Set converges; metadata and a merge are one click away', async ({ page }) => {
  await page.goto('/#/crdts?type=or-set&replicas=3&seed=1');
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await waitRunning(page);
  await expect(page.getByTestId('replica-r1')).toBeVisible();

  await operate(page, 'r1', 'add', 'milk');
  await page.getByTestId('sync').click();
  await expect(page.getByTestId('replica-r3')).toHaveAttribute('data-value', '{milk}', { timeout: 10_000 });

  // Drag r1 into empty space: an island of its own.
  const cluster = page.getByTestId('crdt-cluster');
  const box = (await cluster.boundingBox())!;
  await dragTo(page, page.getByTestId('replica-r1'), { x: box.x + box.width * 0.08, y: box.y + box.height * 0.85 });
  await expect.poll(async () => (await page.getByTestId('replica-r1').getAttribute('data-partition')) !== (await page.getByTestId('replica-r2').getAttribute('data-partition'))).toBe(true);

  await operate(page, 'r1', 'remove', 'milk');
  await operate(page, 'r2', 'add', 'milk');
  await operate(page, 'r2', 'add', 'eggs');
  await page.getByTestId('sync').click();
  await expect(page.getByTestId('converged')).toHaveAttribute('data-converged', 'false', { timeout: 10_000 });
  await expect(page.getByTestId('replica-r1')).toHaveAttribute('data-value', '{}');
  await expectReadable(page);
  await screenshot(page, 'crdt-partitioned');

  await page.getByTestId('heal').click();
  await page.getByTestId('sync').click();
  await expect(page.getByTestId('converged')).toHaveAttribute('data-converged', 'true', { timeout: 10_000 });
  // Add wins: r2's fresh tag for milk was never observed by r1's remove.
  await expect(page.getByTestId('replica-r1')).toHaveAttribute('data-value', '{eggs,milk}');

  await page.getByTestId('card-r1').getByRole('button').click();
  await expect(page.getByTestId('metadata-r1')).toContainText('Tombstones: milk@r1:1');
  await expect(page.getByTestId('metadata-r1')).toContainText('bytes');
  await page.locator('[data-testid^="exchange-"].merged.changed').last().dispatchEvent('click');
  // The merge shows both states, not only values: the tags and tombstones that decided it.
  await expect(page.getByTestId('merge-detail')).toContainText('⊔ from');
  await expect(page.getByTestId('merge-detail')).toContainText('tombstones milk@r1:1');
  await expectReadable(page);
  await screenshot(page, 'crdt-converged');
  await page.setViewportSize({ width: 1920, height: 1080 });
  await expectReadable(page);
  await screenshot(page, 'crdt-converged-1920');

  // The whole session as a link: a fresh page replays the drag, the edits and the syncs to the same sets.
  await page.getByTestId('actions-link').click();
  const link = await page.getByTestId('actions-text').inputValue();
  expect(link).toContain('#/crdts?actions=');
  const shared = await page.context().newPage();
  await shared.goto(link);
  await shared.getByTestId('scenario-play').click();
  await expect(shared.getByTestId('scenario-view')).toHaveAttribute('data-finished', 'true', { timeout: 30_000 });
  await expect(shared.getByTestId('replica-r1')).toHaveAttribute('data-value', '{eggs,milk}');
  await expect(shared.getByTestId('converged')).toHaveAttribute('data-converged', 'true');
});

test('the add-wins preset plays to its lesson', async ({ page }) => {
  await page.goto('/#/crdts?scenario=crdt-or-set-add-wins');
  await waitRunning(page);
  await expect(page.getByTestId('scenario-view')).toBeVisible({ timeout: 15_000 });
  await page.getByTestId('scenario-play').click();
  await expect(page.getByTestId('scenario-view')).toHaveAttribute('data-finished', 'true', { timeout: 60_000 });
  await expect(page.getByTestId('scenario-view')).toHaveAttribute('data-failed', '0');
  await expect(page.getByTestId('replica-r1')).toHaveAttribute('data-value', '{milk}');
  await screenshot(page, 'crdt-add-wins');
});

test('"when not to": the PN-Counter balance goes negative while Raft refuses the second withdrawal', async ({ page }) => {
  await page.goto('/#/crdts?scenario=crdt-bank-when-not-to');
  await waitRunning(page);
  await expect(page.getByTestId('scenario-view')).toBeVisible({ timeout: 15_000 });
  await page.getByTestId('scenario-play').click();
  await expect(page.getByTestId('scenario-view')).toHaveAttribute('data-finished', 'true', { timeout: 90_000 });
  await expect(page.getByTestId('scenario-view')).toHaveAttribute('data-failed', '0');
  await expect(page.getByTestId('replica-r1')).toHaveAttribute('data-value', '-110');
  await expect(page.getByTestId('bank-last')).toHaveAttribute('data-status', 'refused');
  // Side by side: the CRDT answered every operation at once; Raft refused one and timed out on the minority side.
  await expect(page.getByTestId('bank-summary')).toContainText('answered 5 of 5 at once');
  await expect(page.getByTestId('bank-summary')).toContainText('below 0');
  await expect(page.getByTestId('bank-summary')).toContainText('1 without an answer');
  await expect(page.getByTestId('bank-compare')).toContainText('timeout, 300 ms');
  await expectReadable(page);
  await screenshot(page, 'crdt-bank');
});

test('scrub back and fork: acting in the past discards the future and the run goes on from there', async ({ page }) => {
  await page.goto('/#/crdts?type=g-counter&replicas=3&seed=2');
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await waitRunning(page);
  await expect.poll(async () => Number(await page.getByTestId('clock').getAttribute('data-now-ms'))).toBeGreaterThan(50);
  await operate(page, 'r1', 'inc', '5');
  await page.getByTestId('sync').click();
  await expect(page.getByTestId('replica-r3')).toHaveAttribute('data-value', '5', { timeout: 10_000 });
  await expect(page.getByTestId('past-banner')).toHaveCount(0);

  // Pause, then go back to a moment before the increment.
  await page.getByTestId('play-toggle').click();
  await expect(page.getByTestId('play-toggle')).toHaveAttribute('data-playing', 'false');
  await page.getByTestId('goto-input').fill('10');
  await page.getByTestId('goto-button').click();
  await expect(page.getByTestId('past-banner')).toBeVisible();
  await expect(page.getByTestId('replica-r1')).toHaveAttribute('data-value', '0');
  await expectReadable(page);
  await screenshot(page, 'crdt-past');

  // Acting now forks: r1's increment (in the discarded future) is gone, r2's counts.
  await operate(page, 'r2', 'inc', '2');
  await expect(page.getByTestId('past-banner')).toHaveCount(0);
  await expect(page.getByTestId('replica-r2')).toHaveAttribute('data-value', '2');
  await expect(page.getByTestId('replica-r1')).toHaveAttribute('data-value', '0');
  await page.getByTestId('sync').click();
  await expect(page.getByTestId('replica-r1')).toHaveAttribute('data-value', '2', { timeout: 10_000 });
  await expect(page.getByTestId('converged')).toHaveAttribute('data-converged', 'true');
  await screenshot(page, 'crdt-forked');
});

test('six replicas partitioned three ways stay readable at 1280×720', async ({ page }) => {
  await page.goto('/#/crdts?type=pn-counter&replicas=6&seed=3');
  await waitRunning(page);
  const cluster = page.getByTestId('crdt-cluster');
  const box = (await cluster.boundingBox())!;
  await dragTo(page, page.getByTestId('replica-r1'), { x: box.x + box.width * 0.06, y: box.y + box.height * 0.9 });
  await expect.poll(async () => (await page.getByTestId('replica-r1').getAttribute('data-partition')) !== (await page.getByTestId('replica-r2').getAttribute('data-partition'))).toBe(true);
  const moved = (await cluster.boundingBox())!;
  await dragTo(page, page.getByTestId('replica-r4'), { x: moved.x + moved.width * 0.94, y: moved.y + moved.height * 0.9 });
  await expect.poll(async () => new Set(await page.locator('[data-testid^="replica-r"]').evaluateAll((elements) => elements.map((element) => element.getAttribute('data-partition')))).size).toBe(3);
  await operate(page, 'r1', 'inc', '3');
  await operate(page, 'r4', 'dec', '1');
  await page.getByTestId('sync').click();
  await expect(page.getByTestId('converged')).toHaveAttribute('data-converged', 'false', { timeout: 10_000 });
  await expect(page.getByTestId('converged')).toContainText('islands cannot merge');
  await expectReadable(page);
  await screenshot(page, 'crdt-six-partitioned');
});
