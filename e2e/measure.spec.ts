// The election experiment (Raft §9.3, Figure 16) as a user runs it: open Measure, run a small experiment, read the plot and the table.
import { expect, test, type Page } from '@playwright/test';
import { screenshot } from './helpers.ts';

const FIGURE_16 = ['150-150', '150-151', '150-155', '150-175', '150-200', '150-300', '12-24'];

async function runSmallExperiment(page: Page, seed: number, trials: number) {
  await page.goto(`/#/raft/measure?seed=${seed}&trials=${trials}`);
  await expect(page.getByRole('heading', { name: /How long does a Raft election take/ })).toBeVisible();
  await expect(page.getByTestId('measure-seed')).toHaveValue(String(seed));
  await page.getByTestId('measure-start').click();
  await expect(page.getByTestId('measure-page')).toHaveAttribute('data-status', 'done', { timeout: 45_000 });
}

test('run Figure 16 with 20 trials per range: one line per range, numbers in the table, the paper beside them', async ({ page }) => {
  await runSmallExperiment(page, 1, 20);
  await expect(page).toHaveURL(/seed=1&trials=20/);
  await expect(page.getByTestId('measure-status')).toContainText(`Done: ${20 * FIGURE_16.length} trials`);
  const plot = page.getByTestId('cdf-plot');
  await expect(plot.locator('[data-testid^="cdf-line-"]')).toHaveCount(FIGURE_16.length);
  for (const key of FIGURE_16) {
    await expect(plot.getByTestId(`cdf-line-${key}`)).toHaveCount(1);
    await expect(page.getByTestId(`range-row-${key}`)).toHaveAttribute('data-trials-done', '20');
  }
  // No randomness: perfect clocks never break the tie, so there is no line above 0 %.
  await expect(plot.getByTestId('cdf-line-150-150')).toHaveAttribute('data-empty', 'true');
  await expect(page.getByTestId('range-row-150-150')).toHaveAttribute('data-elected', '0');
  // Every other range elects leaders, and its median is a number of milliseconds.
  for (const key of FIGURE_16.slice(2)) {
    await expect(page.getByTestId(`range-row-${key}`)).toHaveAttribute('data-elected', '20');
    expect(Number(await page.getByTestId(`range-row-${key}`).getAttribute('data-median-ms'))).toBeGreaterThan(0);
  }
  // The table is real table markup a screen reader can walk.
  const table = page.getByRole('table', { name: /Downtime in ms: seed 1, 20 trials per range/ });
  await expect(table.getByRole('row')).toHaveCount(FIGURE_16.length + 1);
  await expect(table.getByRole('rowheader', { name: '12–24 ms' })).toBeVisible();
  await expect(page.getByTestId('paper-comparison')).toContainText('Median downtime 287 ms');
  await expect(page.getByTestId('paper-comparison')).toContainText(/No new leader within 30 s in any of 20 trials/);
  await screenshot(page, 'measure-done');
  await page.screenshot({ path: 'e2e/screenshots/measure-done-full-page.png', fullPage: true });
});

test('the same seed gives the same numbers; the dark theme and a large screen read well', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await runSmallExperiment(page, 1, 20);
  const medians = await page.locator('[data-testid^="range-row-"]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-median-ms')));
  // A fresh page, a fresh worker: the numbers come from the seed alone.
  await page.reload();
  await runSmallExperiment(page, 1, 20);
  expect(await page.locator('[data-testid^="range-row-"]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-median-ms')))).toEqual(medians);
  await screenshot(page, 'measure-dark-1920');
});

test('a run can be cancelled and keeps what it measured; the page stays responsive meanwhile', async ({ page }) => {
  await page.goto('/#/raft/measure?seed=5&trials=1000');
  await page.getByTestId('measure-start').click();
  await expect(page.getByTestId('measure-page')).toHaveAttribute('data-status', 'running');
  await expect.poll(async () => Number(await page.getByTestId('range-row-12-24').getAttribute('data-trials-done'))).toBeGreaterThan(5);
  // The main thread is free: animation frames keep coming while trials run.
  const framesInHalfSecond = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        let frames = 0;
        const started = performance.now();
        const tick = () => {
          frames++;
          if (performance.now() - started < 500) requestAnimationFrame(tick);
          else resolve(frames);
        };
        requestAnimationFrame(tick);
      }),
  );
  // The page keeps drawing while trials run (how fast is the bench's business, not the test's).
  test.info().annotations.push({ type: 'frames in 0.5 s during a 1000-trial run', description: String(framesInHalfSecond) });
  expect(framesInHalfSecond).toBeGreaterThan(0);
  await screenshot(page, 'measure-running');
  await page.getByTestId('measure-cancel').click();
  await expect(page.getByTestId('measure-page')).toHaveAttribute('data-status', 'cancelled');
  await expect(page.getByTestId('measure-status')).toContainText(/Cancelled after \d+ of 7000 trials/);
  const done = Number(await page.getByTestId('range-row-12-24').getAttribute('data-trials-done'));
  expect(done).toBeGreaterThan(0);
  expect(done).toBeLessThan(1000);
});

test('the Raft lab links to the measure page', async ({ page }) => {
  await page.goto('/#/raft?seed=3');
  await page.getByRole('link', { name: /Measure election time/ }).click();
  await expect(page).toHaveURL(/#\/raft\/measure\?seed=\d+/);
  await expect(page.getByTestId('measure-start')).toBeVisible();
});
