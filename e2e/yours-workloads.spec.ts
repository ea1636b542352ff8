// Maelstrom's workloads on the bring-your-own-node page, as a learner meets them: the broken
// key-value node (stale local reads) runs under the lin-kv clients, the linearizability check fails
// in words, "Go to the counterexample" scrubs to the read it blames; the one-primary node then
// passes under chaos mode. State is read from data-* attributes.
import { expect, test, type Page } from '@playwright/test';

const SHOTS = 'e2e/.results/yours-workloads';

async function open(page: Page): Promise<void> {
  await page.goto('/#/raft/yours?seed=5&nodes=3');
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await expect(page.getByTestId('yours-session')).toHaveAttribute('data-status', 'running', { timeout: 30_000 });
}

async function play(page: Page): Promise<void> {
  const toggle = page.getByTestId('play-toggle');
  if ((await toggle.getAttribute('data-playing')) === 'false') await toggle.click();
  await expect(toggle).toHaveAttribute('data-playing', 'true');
}

async function pause(page: Page): Promise<void> {
  const toggle = page.getByTestId('play-toggle');
  if ((await toggle.getAttribute('data-playing')) === 'true') await toggle.click();
  await expect(toggle).toHaveAttribute('data-playing', 'false');
}

async function runTemplate(page: Page, title: string): Promise<void> {
  await page.getByTestId('template-select').selectOption({ label: title });
  await expect(page.getByTestId('workload-select')).toHaveValue('lin-kv');
  // The page has taken in the new text before Run is pressed, and has run it after.
  await expect(page.getByTestId('run-node')).toHaveText('Run my edited node');
  await page.getByTestId('run-node').click();
  await expect(page.getByTestId('run-node')).toHaveText('Run again');
  await expect(page.getByTestId('workload-panel')).toHaveAttribute('data-workload', 'lin-kv', { timeout: 20_000 });
  await expect(page.getByTestId('yours-session')).toHaveAttribute('data-status', 'running');
}

test('lin-kv: stale local reads fail the linearizability check with a counterexample to scrub; one primary passes under chaos', async ({ page }) => {
  await open(page);
  await runTemplate(page, 'Broken key-value store: stale local reads');
  await page.getByTestId('speed').selectOption('1000');
  await play(page);
  await expect(page.getByTestId('workload-panel')).toHaveAttribute('data-verdict', 'failed', { timeout: 30_000 });
  await pause(page);
  await expect(page.getByTestId('workload-verdict')).toContainText('Not linearizable');
  await expect(page.getByTestId('workload-verdict')).toContainText(/The read of key \d by c\d+ returned \d/);

  await page.getByTestId('go-to-counterexample').click();
  // Scrubbed back to the moment the blamed read completed: it is among the operations shown, marked.
  await expect(page.locator('[data-testid="operations"] [data-blamed="true"]')).toHaveCount(1, { timeout: 15_000 });
  await page.getByTestId('workload-panel').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}-1-counterexample.png` });

  await runTemplate(page, 'Key-value store: one primary (lin-kv)');
  const chaosPanel = page.getByTestId('chaos-panel');
  if (!(await chaosPanel.evaluate((element) => (element as HTMLDetailsElement).open))) await chaosPanel.locator('summary').click();
  await expect(page.getByTestId('chaos-toggle')).toBeVisible();
  await page.getByTestId('chaos-toggle').check();
  await expect(page.getByTestId('chaos-panel')).toHaveAttribute('data-enabled', 'true');
  await page.getByTestId('chaos-max-speed').click();
  await expect.poll(async () => Number(await page.getByTestId('chaos-faults').getAttribute('data-count')), { timeout: 30_000 }).toBeGreaterThanOrEqual(5);
  await pause(page);
  await expect(page.getByTestId('workload-panel')).toHaveAttribute('data-verdict', 'ok');
  await expect(page.getByTestId('workload-verdict')).toContainText('Linearizable');
  await page.screenshot({ path: `${SHOTS}-2-chaos-passes.png` });
  await page.getByTestId('chaos-panel').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}-2b-scenario-and-chaos.png` });
  // The code and the workload chosen are kept across a reload.
  await page.reload();
  await expect(page.getByTestId('workload-select')).toHaveValue('lin-kv');
  await expect(page.getByTestId('workload-panel')).toHaveAttribute('data-workload', 'lin-kv', { timeout: 30_000 });
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.screenshot({ path: `${SHOTS}-3-chaos-1920.png` });
});
