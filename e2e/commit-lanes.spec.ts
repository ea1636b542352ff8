// The transactions lab, the protocols side by side and replayed runs, as a user: a lesson where the
// coordinator dies with the votes on the wire, read in three live lanes (2PC blocked, 3PC's backup
// coordinator, the saga) and scrubbed back; a counterexample of the exhaustive mode opened as a
// timed run; a run shared by link and replayed. State is read from data-* attributes.
import { expect, test, type Page } from '@playwright/test';
import { screenshot } from './helpers.ts';

async function open(page: Page, query: string): Promise<void> {
  await page.goto(`/#/commit?${query}`);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await expect(page.getByTestId('commit-lab')).toHaveAttribute('data-status', 'running', { timeout: 30_000 });
}

async function goTo(page: Page, timeMs: number): Promise<void> {
  await page.getByTestId('goto-input').fill(String(timeMs));
  await page.getByTestId('goto-button').click();
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now-ms', String(timeMs));
}

test('one fault, three protocols: the lanes say who blocks, who takes over, and scrub with the run', async ({ page }) => {
  await open(page, 'scenario=commit-same-fault-three-protocols&speed=1000');
  // The lesson's introduction sits beside the picture.
  await expect(page.locator('.commit-words [data-testid="scenario-narration"]')).toContainText('One fault, three protocols');
  await page.getByRole('button', { name: 'Play to the end' }).click();
  await expect(page.getByTestId('txn-t1')).toHaveAttribute('data-outcome', 'aborted', { timeout: 30_000 });
  await expect(page.getByTestId('lane-saga')).toHaveAttribute('data-outcome', 'committed');
  // The lesson has played out (nothing running) before the user scrubs.
  await expect(page.getByTestId('scenario-narration')).toHaveAttribute('data-playing', 'false', { timeout: 30_000 });
  // Back to the moment the backup coordinator is collecting states.
  await goTo(page, 300);
  await expect(page.getByTestId('lane-2pc')).toHaveAttribute('data-outcome', 'blocked');
  await expect(page.getByTestId('lane-2pc-words')).toContainText('voted yes and is blocked: it cannot commit or abort until the coordinator returns');
  await expect(page.getByTestId('lane-3pc-p1')).toHaveAttribute('data-backup', 'true');
  await expect(page.getByTestId('lane-3pc-words')).toContainText('so it is the backup coordinator');
  await expect(page.getByTestId('lane-saga-coordinator')).toHaveAttribute('data-alive', 'false');
  await page.getByTestId('lanes').scrollIntoViewIfNeeded();
  await screenshot(page, 'commit-lanes-backup');
  await goTo(page, 1200);
  await expect(page.getByTestId('lane-3pc')).toHaveAttribute('data-outcome', 'aborted');
  await expect(page.getByTestId('lane-3pc-words')).toContainText('rule TR3');
  await expect(page.getByTestId('lane-2pc')).toHaveAttribute('data-outcome', 'blocked');
  await page.setViewportSize({ width: 1920, height: 1080 });
  await screenshot(page, 'commit-lanes-1080');
});

test('a counterexample opens as a timed run in the player, splits, and scrubs back', async ({ page }) => {
  await open(page, 'protocol=3pc&participants=2&seed=1');
  // The panel's defaults: 3PC, 2 participants, one partition.
  await page.getByTestId('explore-button').click();
  await expect(page.getByTestId('explore-result')).toHaveAttribute('data-violation', 'true', { timeout: 60_000 });
  await page.getByTestId('counterexample-open').click();
  await expect(page.getByText('counterexample', { exact: false }).first()).toBeVisible();
  await page.getByRole('button', { name: 'Play to the end' }).click();
  await expect(page.getByTestId('txn-t1')).toHaveAttribute('data-outcome', 'split', { timeout: 30_000 });
  await expect(page.getByTestId('atomic')).toHaveAttribute('data-atomic', 'false');
  await expect(page.getByTestId('lane-3pc-words')).toContainText('SPLIT');
  await expect(page.getByTestId('sentence-coordinator')).toContainText('no timeout can tell the two apart');
  await screenshot(page, 'commit-counterexample-timed');
  // Scrub back to the start: the run is a normal run with a timeline.
  await goTo(page, 10);
  await expect(page.getByTestId('txn-t1')).not.toHaveAttribute('data-outcome', 'split');
  await expect(page.getByTestId('atomic')).toHaveAttribute('data-atomic', 'true');
});

test('your actions as a link: the shared run replays into the same outcome', async ({ page }) => {
  await open(page, 'protocol=2pc&participants=3&seed=5');
  await page.getByTestId('vote-no-p3').check();
  await page.getByTestId('transfer').click();
  await expect(page.getByTestId('txn-t1')).toHaveAttribute('data-outcome', 'aborted', { timeout: 20_000 });
  await page.getByTestId('actions-copy').click();
  await expect(page.getByTestId('actions-text')).toHaveValue(/vote p3 no\nrun \d+ms\ntxn t1/);
  await page.getByTestId('actions-link').click();
  await expect(page.getByTestId('actions-text')).toHaveValue(/#\/commit\?actions=/);
  const link = await page.getByTestId('actions-text').inputValue();
  await page.goto(link);
  await expect(page.getByTestId('commit-lab')).toHaveAttribute('data-status', 'running', { timeout: 30_000 });
  await page.getByRole('button', { name: 'Play to the end' }).click();
  await expect(page.getByTestId('txn-t1')).toHaveAttribute('data-outcome', 'aborted', { timeout: 30_000 });
  await expect(page.getByTestId('node-p3')).toHaveAttribute('data-state', 'aborted');
  await screenshot(page, 'commit-shared-run');
});
