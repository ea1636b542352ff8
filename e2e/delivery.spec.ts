// The delivery lab as a user drives it: produce transfers, arm a crash after the side effect and
// watch the balance go wrong; switch the effect to an inbox and see it hold; open the crash-point
// matrix, pick a cell, export it and replay it; play the Kafka exactly-once preset to its asterisk.
// State is read from data-* attributes; screenshots at each key state (1280×720 and 1920×1080).
import { createRequire } from 'node:module';
import { expect, test, type Page } from '@playwright/test';
import { screenshot } from './helpers.ts';

const axeSource = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** axe-core on the page as it is now (the a11y spec checks each route fresh; this checks busy states). */
async function expectNoAxeViolation(page: Page): Promise<void> {
  await page.addScriptTag({ path: axeSource });
  const violations = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((results) => results.violations.map((violation) => violation.id + ' at ' + violation.nodes.map((node) => node.target.join(' ')).join(', ')))`)) as string[];
  expect(violations).toEqual([]);
}

async function open(page: Page, query: string): Promise<void> {
  await page.goto(`/#/delivery?${query}`);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await expect(page.getByTestId('delivery-lab')).toHaveAttribute('data-status', 'running', { timeout: 30_000 });
}

const counters = (page: Page) => page.getByTestId('counters');

/** The smallest font size of any visible text in the lab (projector rule: at least 14 px at 1280×720). */
async function smallestTextPx(page: Page): Promise<{ px: number; text: string }> {
  return page.getByTestId('delivery-lab').evaluate((root) => {
    let smallest = { px: Infinity, text: '' };
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim() ?? '';
      const element = node.parentElement;
      if (!text || !element || element.getClientRects().length === 0) continue;
      const px = parseFloat(getComputedStyle(element).fontSize);
      if (px < smallest.px) smallest = { px, text };
    }
    return smallest;
  });
}

test('a crash after the side effect pays twice; an inbox makes the same crash harmless', async ({ page }) => {
  await open(page, 'seed=1&producer=at-least-once&consumer=commit-after&effect=plain&acks=all');
  await page.getByTestId('produce-10').click();
  await expect(counters(page)).toHaveAttribute('data-effects', '10', { timeout: 20_000 });
  await expect(counters(page)).toHaveAttribute('data-duplicates', '0');
  await screenshot(page, 'delivery-1-ten-paid');

  await page.getByTestId('arm-consumer-after-effect').click();
  await expect(page.getByTestId('armed')).toContainText('crash consumer after-effect');
  await page.getByTestId('produce-1').click();
  await expect(page.getByTestId('consumer')).toHaveAttribute('data-alive', 'false', { timeout: 20_000 });
  await expect(page.getByTestId('notes')).toContainText('then crashed before committing offset');
  await expect(page.getByTestId('explanations')).toContainText('The consumer is down');
  await screenshot(page, 'delivery-2-consumer-crashed-after-effect');

  await page.getByTestId('restart-consumer').click();
  await expect(counters(page)).toHaveAttribute('data-duplicates', '1', { timeout: 20_000 });
  await expect(counters(page)).toHaveAttribute('data-effects', '12');
  await expect(page.getByTestId('explanations')).toContainText('paid more than once');
  await expect(page.getByTestId('guarantee')).toContainText('at least once');
  await screenshot(page, 'delivery-3-duplicate-charge');
  await expectNoAxeViolation(page);
  const smallest = await smallestTextPx(page);
  expect(smallest.px, `smallest text: “${smallest.text}”`).toBeGreaterThanOrEqual(14);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await screenshot(page, 'delivery-3-duplicate-charge-1920');
  await page.emulateMedia({ colorScheme: 'dark' });
  await screenshot(page, 'delivery-3-duplicate-charge-1920-dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 720 });

  // "Replay what you did": the link opens the same run in a fresh page — the same duplicate charge.
  await page.getByTestId('actions-link').click();
  const actionsLink = await page.getByTestId('actions-text').inputValue();
  expect(actionsLink).toContain('#/delivery?actions=');
  const shared = await page.context().newPage();
  await shared.goto(actionsLink);
  await shared.getByTestId('scenario-play').click();
  await expect(shared.getByTestId('scenario-view')).toHaveAttribute('data-finished', 'true', { timeout: 30_000 });
  await expect(counters(shared)).toHaveAttribute('data-duplicates', '1');
  await expect(counters(shared)).toHaveAttribute('data-effects', '12');
  await shared.close();

  // Export the run: the Markdown carries a link that replays it — same seed, same actions at the same moments.
  await page.getByTestId('export-run').click();
  await expect(page.getByTestId('evidence')).toHaveValue(/actual \$12; 1 duplicated/);
  const evidence = await page.getByTestId('evidence').inputValue();
  expect(evidence).toContain('crash consumer after-effect');
  const link = /Replay: (\S+)/.exec(evidence)![1]!;
  await page.goto(link);
  await expect(page.getByTestId('delivery-lab')).toHaveAttribute('data-status', 'running', { timeout: 30_000 });
  await page.getByTestId('scenario-play').click();
  await expect(page.getByTestId('scenario-view')).toHaveAttribute('data-finished', 'true', { timeout: 40_000 });
  await expect(counters(page)).toHaveAttribute('data-effects', '12');
  await expect(counters(page)).toHaveAttribute('data-duplicates', '1');
  await screenshot(page, 'delivery-3b-exported-run-replayed');
  await page.goto('/#/delivery?seed=1&producer=at-least-once&consumer=commit-after&effect=plain&acks=all');
  await expect(page.getByTestId('delivery-lab')).toHaveAttribute('data-status', 'running', { timeout: 30_000 });

  // The same crash with an inbox table: the redelivery is skipped.
  await page.getByTestId('setting-effect').selectOption('inbox');
  await expect(page).toHaveURL(/effect=inbox/);
  await expect(page.getByTestId('delivery-lab')).toHaveAttribute('data-status', 'running', { timeout: 30_000 });
  await page.getByTestId('arm-consumer-after-effect').click();
  await page.getByTestId('produce-10').click();
  await expect(page.getByTestId('consumer')).toHaveAttribute('data-alive', 'false', { timeout: 20_000 });
  await page.getByTestId('restart-consumer').click();
  await expect(counters(page)).toHaveAttribute('data-effects', '10', { timeout: 20_000 });
  await expect(page.getByTestId('notes')).toContainText('already in the inbox table');
  await expect(counters(page)).toHaveAttribute('data-duplicates', '0');
  await screenshot(page, 'delivery-4-inbox-holds');
});

test('the crash-point matrix: computed in the worker, a cell exported and replayed', async ({ page }) => {
  await open(page, 'seed=1');
  await page.getByTestId('matrix-toggle').click();
  await expect(page.getByTestId('matrix-progress')).toHaveAttribute('data-done', 'true', { timeout: 30_000 });
  // Row 5 is transactional/transactional/plain: Kafka's output exactly once, the payment duplicated.
  const cell = page.getByTestId('cell-5-consumer-after-effect');
  await expect(cell).toHaveAttribute('data-outcome', 'duplicated');
  await expect(cell).toContainText('k:once');
  await expect(page.getByTestId('cell-9-consumer-after-effect')).toHaveAttribute('data-outcome', 'exactly-once');
  await cell.click();
  await expect(page.getByTestId('cell-evidence')).toHaveValue(/Outcome: \*\*duplicated\*\*/);
  await screenshot(page, 'delivery-5-matrix');
  await expectNoAxeViolation(page);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await screenshot(page, 'delivery-5-matrix-1920');
  await page.setViewportSize({ width: 1280, height: 720 });

  await page.getByTestId('open-cell').click();
  await expect(page).toHaveURL(/cell=transactional\.transactional\.plain\.acks-all(~|%7E)consumer-after-effect/);
  await expect(page.getByTestId('delivery-lab')).toHaveAttribute('data-status', 'running', { timeout: 30_000 });
  await page.getByTestId('scenario-play').click();
  await expect(page.getByTestId('scenario-view')).toHaveAttribute('data-finished', 'true', { timeout: 40_000 });
  await expect(counters(page)).toHaveAttribute('data-duplicates', '1');
  await expect(page.getByTestId('guarantee')).toContainText('output topic: exactly once');
  await screenshot(page, 'delivery-6-cell-replayed');
});

test('the Kafka exactly-once preset plays to its asterisk, every expectation passing', async ({ page }) => {
  await open(page, 'scenario=delivery-kafka-eos-boundary');
  await page.getByTestId('scenario-play').click();
  await expect(page.getByTestId('scenario-view')).toHaveAttribute('data-finished', 'true', { timeout: 60_000 });
  await expect(page.getByTestId('scenario-view')).toHaveAttribute('data-failed', '0');
  await expect(page.getByTestId('explanations')).toContainText('outside the transaction');
  await screenshot(page, 'delivery-7-eos-preset');
});

test('the idempotency-window preset jumps six minutes ahead (advance) and the expired key pays again', async ({ page }) => {
  await open(page, 'scenario=delivery-idempotency-window');
  await page.getByTestId('scenario-play').click();
  await expect(page.getByTestId('scenario-view')).toHaveAttribute('data-finished', 'true', { timeout: 60_000 });
  await expect(page.getByTestId('scenario-view')).toHaveAttribute('data-failed', '0');
  await expect(counters(page)).toHaveAttribute('data-duplicates', '1');
  await expect(page.getByTestId('notes')).toContainText('had expired');
  await screenshot(page, 'delivery-8-key-expired');
});

test('the home page lists the lab and its card opens it', async ({ page }) => {
  await page.goto('/');
  const card = page.getByTestId('lab-delivery');
  await expect(card).toContainText('Delivery semantics');
  await screenshot(page, 'delivery-0-home-card');
  await card.getByRole('link').first().click();
  await expect(page.getByTestId('delivery-lab')).toHaveAttribute('data-status', 'running', { timeout: 30_000 });
});

test('a bad link says what is wrong', async ({ page }) => {
  await page.goto('/#/delivery?producer=exactly-once&seed=1');
  await expect(page.getByRole('heading', { name: /delivery lab link has a problem/ })).toBeVisible();
  await expect(page.getByText(/“producer” must be one of/)).toBeVisible();
});
