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
  await expect(page.getByTestId('merge-detail')).toContainText('⊔');
  await screenshot(page, 'crdt-converged');
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
  await screenshot(page, 'crdt-bank');
});
