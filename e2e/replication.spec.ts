// The replication lab as a user drives it: the seed's drill by clicking (replica → promote → former
// primary returns → rewind), a 2-node split-brain caused by dragging and recovered with rewind (the
// lost writes listed), and STONITH preventing it. State is read from data-* attributes; screenshots at each step.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { screenshot } from './helpers.ts';

async function open(page: Page, query: string): Promise<void> {
  await page.goto(`/#/replication?${query}`);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await expect(page.getByTestId('replication-lab')).toHaveAttribute('data-status', 'running', { timeout: 30_000 });
  await expect(page.getByTestId('node-n1')).toBeVisible();
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
 * Texts on the page rendered below `minPx` (a projector at 1280×720 must read them): each visible text
 * node's font size as drawn — CSS px for HTML, times the drawing's scale for SVG text.
 */
async function textsBelow(page: Page, minPx: number): Promise<string[]> {
  return page.evaluate((min) => {
    const small: string[] = [];
    const walker = document.createTreeWalker(document.querySelector('main') ?? document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim();
      const element = node.parentElement;
      if (!text || !element || !element.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue;
      if (element.closest('details:not([open]) > :not(summary)')) continue;
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      let px = parseFloat(getComputedStyle(element).fontSize);
      // SVG text is drawn at its font size times the drawing's scale on screen.
      const matrix = node.parentNode instanceof SVGGraphicsElement ? node.parentNode.getScreenCTM() : null;
      if (matrix) px *= Math.hypot(matrix.a, matrix.b);
      if (px < min - 0.05) small.push(`${px.toFixed(1)} px: ${text.slice(0, 40)} <${element.tagName.toLowerCase()} class="${element.getAttribute('class') ?? ''}">`);
    }
    return [...new Set(small)];
  }, minPx);
}

const role = (page: Page, node: string) => page.getByTestId(`node-${node}`).getAttribute('data-role');
const writeStatuses = (page: Page) => page.locator('[data-testid="write-history"] li').evaluateAll((items) => items.map((item) => item.getAttribute('data-status')));

test('the drill by clicking: streaming replica → promote → the former primary returns → rewind', async ({ page }) => {
  await open(page, 'seed=1&nodes=2&mode=async&failover=manual&fencing=none');
  await page.getByTestId('write-n1').click();
  await page.getByTestId('write-n1').click();
  await expect.poll(() => writeStatuses(page)).toEqual(['acknowledged', 'acknowledged']);
  await screenshot(page, 'replication-1-streaming');

  // The stream to n2 stalls (click the link to cut it); n1 goes on acknowledging alone.
  await page.locator('[data-testid="link-n1-n2"] .link-hit').click({ force: true });
  await expect(page.getByTestId('link-n1-n2')).toHaveAttribute('data-cut', 'both');
  await page.getByTestId('write-n1').click();
  await expect.poll(() => writeStatuses(page)).toEqual(['acknowledged', 'acknowledged', 'acknowledged']);
  await page.getByTestId('crash-n1').click();
  await expect.poll(() => role(page, 'n1')).toBe('down');
  await page.getByTestId('promote-n2').click();
  await expect.poll(() => role(page, 'n2')).toBe('primary');
  await expect(page.getByTestId('node-n2')).toHaveAttribute('data-timeline', '2');
  await expect(page.getByTestId('measures')).toHaveAttribute('data-lost', '1');
  // pg_stat_replication's four positions for every node, as PostgreSQL names them.
  await expect(page.getByTestId('replication-status').locator('tr[data-node="n2"]')).toContainText('primary (TL 2)');
  await screenshot(page, 'replication-2-promoted');

  // n1 comes back: PostgreSQL starts it as a primary on timeline 1 — two primaries.
  await page.getByTestId('crash-n1').click();
  await page.locator('[data-testid="link-n1-n2"] .link-hit').click({ force: true });
  await expect.poll(() => role(page, 'n1')).toBe('primary');
  await expect(page.getByTestId('split-brain-banner')).toBeVisible();
  await screenshot(page, 'replication-3-former-primary-returns');

  await page.getByTestId('rewind-n1').click();
  await expect.poll(() => role(page, 'n1')).toBe('standby');
  await expect(page.getByTestId('node-n1')).toHaveAttribute('data-timeline', '2');
  await expect(page.getByTestId('split-brain-banner')).toHaveCount(0);
  await expect(page.getByTestId('discards')).toContainText('n1 (rewind');
  await expect(page.locator('[data-testid="write-history"] li[data-status="lost"]')).toHaveCount(1);
  await screenshot(page, 'replication-4-rewound');
  // The WAL view keeps what the rewind threw away, under n1's row: the lost write, crossed out.
  await expect(page.getByTestId('wal-discarded-n1').locator('li[data-lost="true"]')).toHaveCount(1);
  await expect(page.getByTestId('wal-view')).toContainText("n1's records after the fork");
  await page.getByTestId('wal-view').scrollIntoViewIfNeeded();
  await screenshot(page, 'replication-4b-wal-and-lost-writes');
});

test('split-brain in a 2-node pair by dragging, then recovered with rewind: the lost writes are listed', async ({ page }) => {
  await open(page, 'seed=2&nodes=2&mode=async&failover=naive&fencing=none&speed=10000');
  await page.getByTestId('write-n1').click();
  const cluster = page.getByTestId('replication-cluster');
  const box = (await cluster.boundingBox())!;
  await dragTo(page, page.getByTestId('node-n1').locator('.node-shape'), { x: box.x + box.width * 0.08, y: box.y + box.height * 0.85 });
  await expect.poll(async () => (await page.getByTestId('node-n1').getAttribute('data-partition')) !== (await page.getByTestId('node-n2').getAttribute('data-partition'))).toBe(true);
  await page.getByTestId('write-n1').click();
  // n2 hears nothing for 10 s of virtual time and promotes itself.
  await expect.poll(() => role(page, 'n2'), { timeout: 30_000 }).toBe('primary');
  await page.getByTestId('write-n1').click();
  await page.getByTestId('write-n2').click();
  await expect(page.getByTestId('split-brain-banner')).toBeVisible();
  await expect(page.getByTestId('measures')).toHaveAttribute('data-split-brain', 'true', { timeout: 15_000 });
  await screenshot(page, 'replication-5-split-brain');

  await page.getByTestId('heal').click();
  await page.getByTestId('rewind-n1').click();
  await expect.poll(() => role(page, 'n1')).toBe('standby');
  await expect(page.getByTestId('split-brain-banner')).toHaveCount(0);
  await expect(page.locator('[data-testid="write-history"] li[data-status="lost"]')).toHaveCount(2);
  await expect(page.getByTestId('discards')).toBeVisible();
  await screenshot(page, 'replication-6-recovered');

  // The whole drill as a link: a fresh page replays the drag, the promotion, the rewind and the losses.
  await page.getByTestId('actions-link').click();
  const link = await page.getByTestId('actions-text').inputValue();
  expect(link).toContain('#/replication?actions=');
  const shared = await page.context().newPage();
  await shared.goto(link);
  await shared.getByTestId('scenario-play').click();
  await expect(shared.getByTestId('scenario-view')).toHaveAttribute('data-finished', 'true', { timeout: 30_000 });
  await expect.poll(() => role(shared, 'n1')).toBe('standby');
  await expect(shared.locator('[data-testid="write-history"] li[data-status="lost"]')).toHaveCount(2);
  await screenshot(shared, 'replication-6b-shared-run-replayed');
});

test('STONITH on: the same drag never gives two primaries — n2 powers n1 off before promoting', async ({ page }) => {
  await open(page, 'seed=2&nodes=2&mode=async&failover=naive&fencing=stonith&speed=10000');
  await page.getByTestId('write-n1').click();
  const cluster = page.getByTestId('replication-cluster');
  const box = (await cluster.boundingBox())!;
  await dragTo(page, page.getByTestId('node-n1').locator('.node-shape'), { x: box.x + box.width * 0.08, y: box.y + box.height * 0.85 });
  await page.getByTestId('write-n1').click();
  await expect.poll(() => role(page, 'n2'), { timeout: 30_000 }).toBe('primary');
  await expect.poll(() => role(page, 'n1')).toBe('down');
  await page.getByTestId('write-n2').click();
  await expect(page.getByTestId('split-brain-banner')).toHaveCount(0);
  await expect(page.getByTestId('measures')).toHaveAttribute('data-split-brain', 'false');
  await screenshot(page, 'replication-7-stonith');
});

test('the RPO = 0, RTO = 30 s panel: a sweep in the worker with progress, a result in words, and cancel', async ({ page }) => {
  await open(page, 'seed=3&nodes=2');
  const sweep = page.getByTestId('sweep');
  await sweep.scrollIntoViewIfNeeded();
  await sweep.getByRole('combobox').last().selectOption('20');
  await page.getByTestId('sweep-run').click();
  await expect(page.getByTestId('sweep-progress')).toHaveAttribute('value', '20', { timeout: 60_000 });
  await expect(page.getByTestId('sweep-result')).toHaveAttribute('data-zero-loss', '20');
  await expect(page.getByTestId('sweep-result')).toContainText('RPO = 0 held');
  await page.getByTestId('sweep-result').scrollIntoViewIfNeeded();
  await screenshot(page, 'replication-8-sweep');
  await page.getByTestId('sweep-mode').selectOption('async');
  await sweep.getByRole('combobox').last().selectOption('300');
  await page.getByTestId('sweep-run').click();
  await page.getByTestId('sweep-cancel').click();
  await expect(sweep).toContainText('(cancelled)');
});

test('Postgres vs etcd side by side: the primary isolated, async streaming loses acknowledged writes, sync and Raft lose none', async ({ page }) => {
  await open(page, 'seed=4&nodes=3');
  const compare = page.getByTestId('compare');
  await compare.scrollIntoViewIfNeeded();
  await page.getByTestId('compare-fault').selectOption('isolate');
  await compare.getByRole('combobox').last().selectOption('5');
  await page.getByTestId('compare-run').click();
  await expect(page.getByTestId('compare-progress')).toHaveAttribute('value', '5', { timeout: 90_000 });
  const table = page.getByTestId('compare-table');
  expect(Number(await table.locator('tr[data-system="async+managed"]').getAttribute('data-lost-max'))).toBeGreaterThan(0);
  await expect(table.locator('tr[data-system="sync+managed"]')).toHaveAttribute('data-lost-max', '0');
  await expect(table.locator('tr[data-system="raft-3"]')).toHaveAttribute('data-lost-max', '0');
  // The linearizability checker on each trial's client history (writes and reads): sync and Raft pass every trial.
  await expect(table.locator('tr[data-system="sync+managed"]')).toHaveAttribute('data-not-linearizable', '0');
  await expect(table.locator('tr[data-system="raft-3"]')).toHaveAttribute('data-not-linearizable', '0');
  await compare.scrollIntoViewIfNeeded();
  await screenshot(page, 'replication-9-postgres-vs-etcd');
});

test('managed failover: the leader lock and its TTL are on screen; a preset plays from the URL (1920×1080)', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto('/#/replication?scenario=replication-managed-patroni');
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await expect(page.getByTestId('replication-lab')).toHaveAttribute('data-status', 'running', { timeout: 30_000 });
  await expect(page.getByTestId('leader-lock')).toHaveAttribute('data-holder', 'n1');
  await page.getByTestId('node-n1').locator('.node-shape').click({ force: true }).catch(() => undefined);
  await page.keyboard.press('c');
  await expect.poll(() => role(page, 'n1')).toBe('down');
  await page.getByTestId('speed').selectOption('10000');
  await page.getByTestId('play-toggle').click();
  await expect.poll(async () => page.getByTestId('leader-lock').getAttribute('data-holder'), { timeout: 30_000 }).not.toBe('n1');
  await expect.poll(async () => (await role(page, 'n2')) === 'primary' || (await role(page, 'n3')) === 'primary', { timeout: 30_000 }).toBe(true);
  await screenshot(page, 'replication-10-managed-1920');
});

test('every text on the page is at least 14 px at 1280×720 (a projector), in the drill\'s busiest moment', async ({ page }) => {
  await open(page, 'seed=1&nodes=3&mode=sync&failover=managed&fencing=lease&witness=1&scenario=replication-drill');
  await page.getByTestId('write-n1').click();
  await page.getByTestId('crash-n1').click();
  await expect.poll(() => role(page, 'n1')).toBe('down');
  await page.getByTestId('sweep').scrollIntoViewIfNeeded();
  await page.getByTestId('sweep').getByRole('combobox').last().selectOption('20');
  await page.getByTestId('sweep-run').click();
  await expect(page.getByTestId('sweep-result')).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('compare').getByRole('combobox').last().selectOption('5');
  await page.getByTestId('compare-run').click();
  await expect(page.getByTestId('compare-table')).toBeVisible({ timeout: 90_000 });
  await page.locator('details.r-simplifications summary').click();
  expect(await textsBelow(page, 14)).toEqual([]);
  // Five nodes and a witness: the most the picture has to fit.
  await open(page, 'seed=1&nodes=5&mode=quorum&sync=2&failover=managed&fencing=token&witness=1');
  await page.getByTestId('write-primary').click();
  await screenshot(page, 'replication-11-five-nodes');
  expect(await textsBelow(page, 14)).toEqual([]);
});

test('multi-leader on the page: LWW with n2\'s clock behind loses an update; the same writes as siblings lose none', async ({ page }) => {
  await open(page, 'seed=1&nodes=2');
  const panel = page.getByTestId('multileader');
  await panel.scrollIntoViewIfNeeded();
  const result = page.getByTestId('multileader-result');
  // The file as written (lww, n2's clock 2 s behind) plays as soon as the panel shows.
  await expect(result).toHaveAttribute('data-resolve', 'lww');
  await expect(result).toHaveAttribute('data-lost', '1');
  await expect(result).toContainText('silently lost');
  await expect(page.getByTestId('multileader-verdict')).toContainText('not linearizable');
  await result.scrollIntoViewIfNeeded();
  await screenshot(page, 'replication-12-multileader-lww');
  await page.getByTestId('multileader-resolve').selectOption('siblings');
  await page.getByTestId('multileader-play').click();
  await expect(result).toHaveAttribute('data-resolve', 'siblings');
  await expect(result).toHaveAttribute('data-lost', '0');
  await expect(result).toContainText('behaves differently');
  await screenshot(page, 'replication-13-multileader-siblings');
});
