// The transactions lab as a user drives it: start a 2PC transfer, crash the coordinator while the
// participants are prepared and see them blocked (in words), restart it and see the outcome;
// compare the protocols on that run's faults; drag a participant away in 3PC; play the saga preset
// where a reader sees money in flight; explore every interleaving and replay the counterexample.
// State is read from data-* attributes; screenshots at each key state.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { screenshot } from './helpers.ts';

async function open(page: Page, query: string): Promise<void> {
  await page.goto(`/#/commit?${query}`);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await expect(page.getByTestId('commit-lab')).toHaveAttribute('data-status', 'running', { timeout: 30_000 });
}

async function center(locator: Locator): Promise<{ x: number; y: number }> {
  const box = (await locator.boundingBox())!;
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

test('2PC blocks when the coordinator dies in doubt, and the page says why; the protocols compared on the same faults', async ({ page }) => {
  await open(page, 'protocol=2pc&participants=3&seed=1&speed=100');
  await expect(page.getByTestId('node-p2')).toHaveAttribute('data-state', 'idle');
  // The slowest speed, so that pausing right after the transfer starts lands before the votes are in.
  await page.getByTestId('speed').selectOption('10');
  await page.getByTestId('transfer').click();
  // Pause, then step event by event until every participant is prepared (voted yes, holding locks):
  // the last vote is still on the wire, so the coordinator has not decided. Crash it then.
  await page.getByTestId('play-toggle').click();
  await expect(page.getByTestId('play-toggle')).toHaveAttribute('data-playing', 'false');
  const states = () => page.locator('[data-testid^="node-p"]').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-state')));
  for (let steps = 0; steps < 30 && !(await states()).every((state) => state === 'prepared'); steps++) {
    const before = await page.getByTestId('clock').getAttribute('data-now-ms');
    await page.getByTestId('step').click();
    await expect(page.getByTestId('clock')).not.toHaveAttribute('data-now-ms', before!);
  }
  expect(await states()).toEqual(['prepared', 'prepared', 'prepared']);
  await expect(page.getByTestId('node-coordinator')).toHaveAttribute('data-state', 'collecting votes');
  await screenshot(page, 'commit-2pc-prepared');
  await page.getByTestId('crash-coordinator').click();
  await expect(page.getByTestId('node-coordinator')).toHaveAttribute('data-alive', 'false');
  await page.getByTestId('play-toggle').click();
  await expect(page.getByTestId('node-p2')).toHaveAttribute('data-blocked', 'true', { timeout: 15_000 });
  await expect(page.getByTestId('sentence-p2')).toContainText('p2 voted yes and is blocked: it cannot commit or abort until the coordinator returns');
  await expect(page.getByTestId('txn-t1')).toHaveAttribute('data-outcome', 'blocked');
  await page.getByTestId('read').click();
  await expect(page.getByTestId('read-r1')).toHaveAttribute('data-anomaly', 'waiting');
  await screenshot(page, 'commit-2pc-blocked');
  await page.setViewportSize({ width: 1920, height: 1080 });
  await screenshot(page, 'commit-2pc-blocked-1080');
  await page.setViewportSize({ width: 1280, height: 720 });

  await page.getByTestId('restart-coordinator').click();
  // No COMMIT record in its log: presumed abort.
  await expect(page.getByTestId('txn-t1')).toHaveAttribute('data-outcome', 'aborted', { timeout: 15_000 });
  await expect(page.getByTestId('atomic')).toHaveAttribute('data-atomic', 'true');
  await expect(page.getByTestId('read-r1')).toHaveAttribute('data-anomaly', 'false', { timeout: 10_000 });

  await page.getByTestId('compare-button').click();
  const table = page.getByTestId('compare-table');
  await expect(table).toBeVisible({ timeout: 20_000 });
  await expect(table).toContainText('2PC');
  await expect(table).toContainText('saga (choreographed)');
  await page.getByTestId('compare').scrollIntoViewIfNeeded();
  await screenshot(page, 'commit-compare');
});

test('a participant dragged onto its own island never votes: 3PC aborts; the 3PC preset splits under a partition', async ({ page }) => {
  await open(page, 'protocol=3pc&participants=3&seed=2&speed=50');
  // Drag p2 into empty space: an island of its own.
  const cluster = page.getByTestId('commit-cluster');
  const box = (await cluster.boundingBox())!;
  const start = await center(page.getByTestId('node-p2'));
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move(start.x + 10, start.y + 10, { steps: 3 });
  await page.mouse.move(box.x + box.width * 0.06, box.y + box.height * 0.9, { steps: 8 });
  await page.mouse.up();
  await expect(page.getByTestId('island-1')).toBeVisible();
  await page.getByTestId('transfer').click();
  await expect(page.getByTestId('txn-t1')).toHaveAttribute('data-outcome', 'aborted', { timeout: 20_000 });
  await expect(page.getByTestId('atomic')).toHaveAttribute('data-atomic', 'true');
  await screenshot(page, 'commit-3pc-dragged');

  await open(page, 'scenario=commit-3pc-partition-split');
  await page.getByRole('button', { name: 'Play to the end' }).click();
  await expect(page.getByTestId('txn-t1')).toHaveAttribute('data-outcome', 'split', { timeout: 30_000 });
  await expect(page.getByTestId('atomic')).toHaveAttribute('data-atomic', 'false');
  await expect(page.getByTestId('node-p1')).toHaveAttribute('data-state', 'committed');
  await expect(page.getByTestId('node-p3')).toHaveAttribute('data-state', 'aborted');
  await screenshot(page, 'commit-3pc-split');
});

test('the saga preset: a reader sees money that left p1 and has not arrived; compensation undoes the step', async ({ page }) => {
  await open(page, 'scenario=commit-saga-compensation');
  await page.getByRole('button', { name: 'Play to the end' }).click();
  await expect(page.getByTestId('txn-t1')).toHaveAttribute('data-outcome', 'compensated', { timeout: 30_000 });
  await expect(page.getByTestId('read-t2')).toHaveAttribute('data-anomaly', 'true');
  await expect(page.getByTestId('node-p1')).toHaveAttribute('data-state', 'compensated');
  await screenshot(page, 'commit-saga-compensated');
});

test('the exhaustive mode finds the planted 2PC bug and replays it on the canvas', async ({ page }) => {
  await open(page, 'protocol=2pc&participants=2&seed=1');
  await page.getByTestId('explore-protocol').selectOption('2pc');
  await page.getByTestId('explore-faults').selectOption('2');
  await page.getByTestId('explore-drop').check();
  await page.getByTestId('explore-crash').check();
  await page.getByTestId('explore-partition').uncheck();
  await page.getByTestId('explore-bug').check();
  await page.getByTestId('explore-button').click();
  await expect(page.getByTestId('explore-result')).toHaveAttribute('data-violation', 'true', { timeout: 60_000 });
  await page.getByTestId('replay-start').click();
  await expect(page.getByTestId('commit-cluster').locator('..')).toHaveAttribute('data-replaying', 'true');
  const next = page.getByTestId('replay-next');
  while (await next.isEnabled()) await next.click();
  await expect(page.getByTestId('replay-step')).toContainText('p2 receives ABORT');
  await expect(page.getByTestId('node-p1')).toHaveAttribute('data-state', 'committed');
  await expect(page.getByTestId('node-p2')).toHaveAttribute('data-state', 'aborted');
  await page.getByTestId('commit-cluster').scrollIntoViewIfNeeded();
  await screenshot(page, 'commit-explore-counterexample');
  await page.setViewportSize({ width: 1920, height: 1080 });
  await screenshot(page, 'commit-explore-counterexample-1080');
});
