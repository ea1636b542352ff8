// Scenario files in the lab: a preset from the URL or the menu, played step by step with each
// expectation shown; a broken file reports its errors by line and column.
import { expect, test } from '@playwright/test';
import { readNodes, screenshot } from './helpers.ts';

test('a preset scenario from the URL plays to the end with its expectations passing', async ({ page }) => {
  await page.goto('/#/raft?scenario=leader-crash&speed=max');
  const view = page.getByTestId('scenario-view');
  await expect(view).toBeVisible();
  await expect(page.getByTestId('run-seed')).toHaveAttribute('data-seed', '42');
  // One step by hand: the header's first `run 1s` plays at the chosen speed.
  await page.getByTestId('scenario-next').click();
  await expect(page.getByTestId('scenario-line-4')).toHaveAttribute('data-status', 'done');
  await page.getByTestId('scenario-play').click();
  await expect(view).toHaveAttribute('data-finished', 'true', { timeout: 30_000 });
  await expect(view).toHaveAttribute('data-failed', '0');
  await expect(page.locator('[data-status="passed"]')).toHaveCount(6);
  expect((await readNodes(page)).some((node) => node.role === 'leader')).toBe(true);
  await screenshot(page, 'scenario-finished');
});

test('the preset menu opens a scenario and puts it in the URL', async ({ page }) => {
  await page.goto('/#/raft?seed=5&speed=max');
  await page.getByTestId('scenario-preset').selectOption('minority-partition');
  await page.getByTestId('scenario-open').click();
  await expect(page).toHaveURL(/scenario=minority-partition/);
  await expect(page.getByTestId('scenario-view')).toContainText('minority-partition');
});

test('a scenario file with mistakes shows each error with its line and column', async ({ page }) => {
  await page.goto('/#/raft?seed=5');
  await page.getByTestId('scenario-file').setInputFiles({ name: 'broken.scenario', mimeType: 'text/plain', buffer: Buffer.from('raft nodes=5 seed=1\nrun 2s\ncrash n12\nfly away\n') });
  const errors = page.getByTestId('scenario-errors');
  await expect(errors).toBeVisible();
  await expect(errors).toContainText('Line 3, column');
  await expect(errors).toContainText('Line 4, column 1');
  await screenshot(page, 'scenario-errors');
});

test('an unknown preset in the URL says so instead of failing silently', async ({ page }) => {
  await page.goto('/#/raft?scenario=no-such-thing');
  await expect(page.getByTestId('scenario-errors')).toContainText('There is no Raft preset scenario named “no-such-thing”');
});
