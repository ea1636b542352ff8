// The clocks lab as a user drives it: draw a diagram by clicking and dragging, compare two events, import ShiViz logs, watch last-write-wins lose a write.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { screenshot } from './helpers.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');
const shivizFolder = path.resolve(repoRoot, 'test', 'fixtures', 'shiviz');

async function freshLab(page: Page, hash = '/#/clocks'): Promise<void> {
  await page.goto(hash);
  await page.evaluate(() => window.localStorage.clear());
  await page.goto('about:blank');
  await page.goto(hash);
  if (hash.includes('/clocks')) await expect(page.getByTestId('clocks-lab')).toBeVisible();
}

/** Page coordinates of a time position on a lane: the lane band's vertical middle, `fraction` of the way along the diagram. */
async function lanePoint(page: Page, process: string, fraction: number): Promise<{ x: number; y: number }> {
  const band = (await page.getByTestId(`lane-${process}`).locator('rect').boundingBox())!;
  const frame = (await page.getByTestId('clocks-diagram').boundingBox())!;
  return { x: frame.x + 90 + (frame.width - 130) * fraction, y: band.y + band.height / 2 };
}

async function click(page: Page, point: { x: number; y: number }): Promise<void> {
  await page.mouse.click(point.x, point.y);
}

async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }): Promise<void> {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 8 });
  await page.mouse.up();
}

test('build a diagram by clicking and dragging, then read the relation of two events', async ({ page }) => {
  await freshLab(page);
  await page.getByTestId('clear-events').click();
  await expect(page.locator('[data-event-id]')).toHaveCount(0);

  await click(page, await lanePoint(page, 'p1', 0.15)); // a: local on p1
  await drag(page, await lanePoint(page, 'p2', 0.1), await lanePoint(page, 'p3', 0.45)); // b: send on p2, c: receive on p3
  await click(page, await lanePoint(page, 'p1', 0.6)); // d: local on p1
  await drag(page, await lanePoint(page, 'p3', 0.7), await lanePoint(page, 'p1', 0.85)); // e: send on p3, f: receive on p1
  await expect(page.locator('[data-event-id]')).toHaveCount(6);
  await expect(page.getByTestId('event-c')).toHaveAttribute('data-lamport', '2');
  await expect(page.getByTestId('event-c')).toHaveAttribute('data-vector', '[0, 1, 1]');
  await expect(page.getByTestId('event-f')).toHaveAttribute('data-vector', '[3, 1, 2]');

  // A message dragged backwards in time is refused, with the reason shown.
  await drag(page, await lanePoint(page, 'p2', 0.8), await lanePoint(page, 'p1', 0.3));
  await expect(page.getByTestId('clocks-notice')).toContainText('would come before the send');
  await expect(page.locator('[data-event-id]')).toHaveCount(6);

  // Hovering an event explains its clocks.
  await page.getByTestId('event-f').hover();
  await expect(page.getByTestId('clocks-explanation')).toContainText('max(local 2, received 3) + 1 = 4');

  // One event: causal past and future are marked on the diagram.
  await page.getByTestId('event-c').click();
  await expect(page.getByTestId('event-b')).toHaveAttribute('data-mark', 'past');
  await expect(page.getByTestId('event-f')).toHaveAttribute('data-mark', 'future');
  await expect(page.getByTestId('event-a')).toHaveAttribute('data-mark', 'concurrent');

  // Two events: the relation and its proof.
  await page.getByTestId('event-a').click();
  await expect(page.getByTestId('relation')).toHaveAttribute('data-relation', 'concurrent');
  await expect(page.getByTestId('relation')).toContainText('c ∥ a');
  await screenshot(page, 'clocks-built-concurrent');
  await page.getByTestId('event-f').click();
  await expect(page.getByTestId('relation')).toContainText('a → f');
  await expect(page.getByTestId('relation-proof')).toContainText('so a → f');

  // The work survives a reload.
  await page.reload();
  await expect(page.locator('[data-event-id]')).toHaveCount(6);
  await expect(page.getByTestId('event-f')).toHaveAttribute('data-vector', '[3, 1, 2]');
  await screenshot(page, 'clocks-after-reload');
});

test('keyboard: add, select, move and delete without the mouse', async ({ page }) => {
  await freshLab(page);
  await page.getByTestId('clear-events').click();
  await page.getByTestId('lane-label-p2').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('event-a')).toBeVisible();
  await page.getByTestId('append-message').click(); // p1 → p2 at the end of both lanes
  await expect(page.locator('[data-event-id]')).toHaveCount(3);
  await expect(page.getByTestId('event-c')).toHaveAttribute('data-vector', '[1, 2, 0]');
  await page.getByTestId('event-a').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('event-a')).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Delete');
  await expect(page.locator('[data-event-id]')).toHaveCount(2);
  await expect(page.getByTestId('event-c')).toHaveAttribute('data-vector', '[1, 1, 0]');
});

test('Lamport\'s limits, a random execution from the URL and the quiz', async ({ page }) => {
  await freshLab(page, '/#/clocks?seed=7&processes=3&events=12');
  await expect(page.getByTestId('origin')).toContainText('seed 7');
  await expect(page.locator('[data-event-id]')).toHaveCount(12);
  await expect(page.getByTestId('total-order').locator('li')).toHaveCount(12);
  await page.getByTestId('tab-quiz').click();
  await page.getByTestId('quiz-start').click();
  await page.getByTestId('quiz-pair-0').getByRole('button', { name: '∥ concurrent' }).click();
  await expect(page.getByTestId('quiz-pair-0')).toHaveAttribute('data-answered', 'true');
  await expect(page.getByTestId('quiz-score')).toContainText('of 1 right');
  await screenshot(page, 'clocks-quiz');
});

test('import a ShiViz log from a file and draw it; export it again', async ({ page }) => {
  await freshLab(page);
  await page.getByTestId('tab-shiviz').click();
  await page.getByTestId('shiviz-file').setInputFiles(path.join(shivizFolder, 'graph_viz', 'RpcClientServer.log'));
  await expect(page.getByTestId('shiviz-upload-form')).toBeChecked();
  await page.getByTestId('shiviz-import').click();
  await expect(page.getByTestId('shiviz-summary')).toContainText('2 hosts, 10 events, 4 messages');
  await expect(page.locator('[data-event-id]')).toHaveCount(10);
  await expect(page.getByTestId('event-server:2')).toHaveAttribute('data-vector', '[2, 2]');

  await page.getByTestId('shiviz-file').setInputFiles(path.join(shivizFolder, 'log', 'facebook.log'));
  await page.getByTestId('shiviz-known').selectOption({ index: 3 });
  await page.getByTestId('shiviz-import').click();
  await expect(page.getByTestId('shiviz-summary')).toContainText('4 hosts, 47 events, 23 messages');
  await expect(page.locator('[data-event-id]')).toHaveCount(47);
  await expect(page.getByTestId('shiviz-export-text')).toHaveValue(/^\(\?<host>/);
  await page.getByTestId('search').fill('timeline');
  await expect(page.getByTestId('search-count')).toContainText('match');
  await page.getByTestId('clocks-diagram').scrollIntoViewIfNeeded();
  await screenshot(page, 'clocks-shiviz-facebook');
});

test('a malformed log lists its problems with line numbers', async ({ page }) => {
  await freshLab(page);
  await page.getByTestId('tab-shiviz').click();
  await page.getByTestId('shiviz-text').fill('first\nalice {"alice":1}\nsecond\nbob {"bob":1, "carol":1}\nthird\nalice {"alice":3}\n');
  await page.getByTestId('shiviz-import').click();
  const errors = page.getByTestId('shiviz-errors');
  await expect(errors).toBeVisible();
  await expect(errors.locator('li').first()).toContainText('Line');
  await expect(errors).toContainText('Line 4');
  await expect(errors).toContainText('Line 6');
  await page.getByTestId('shiviz-errors').scrollIntoViewIfNeeded();
  await screenshot(page, 'clocks-shiviz-errors');
});

test('physical time: skewed clocks make last-write-wins lose the causally later write; vector clocks keep it', async ({ page }) => {
  await freshLab(page);
  await page.getByTestId('tab-physical').click();
  const demo = page.getByTestId('lww-demo');
  await expect(demo).toHaveAttribute('data-lost', 'true');
  await expect(page.getByTestId('lww-lost')).toContainText('Lost write: x = 2');
  await expect(page.getByTestId('vector-result')).toContainText('x = 2');
  await demo.scrollIntoViewIfNeeded();
  await screenshot(page, 'clocks-lww-lost');
  await page.getByTestId('lww-skew').fill('2');
  await expect(demo).toHaveAttribute('data-lost', 'false');
  await expect(page.getByTestId('skew-summary')).toContainText('received before');
  await page.getByTestId('truetime').scrollIntoViewIfNeeded();
  await screenshot(page, 'clocks-truetime');
});

test('a large log (3,000 events on 8 hosts) stays responsive: draw, collapse local runs, filter hosts, search', async ({ page }) => {
  const generated = spawnSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'src/cli/clocks.ts'), 'generate', '--seed', '5', '--processes', '8', '--events', '3000'], { cwd: repoRoot, encoding: 'utf8' });
  expect(generated.status).toBe(0);
  await freshLab(page);
  await page.getByTestId('tab-shiviz').click();
  await page.getByTestId('shiviz-file').setInputFiles({ name: 'large.log', mimeType: 'text/plain', buffer: Buffer.from(generated.stdout) });
  const started = Date.now();
  await page.getByTestId('shiviz-import').click();
  await expect(page.getByTestId('clocks-diagram')).toHaveAttribute('data-event-count', '3000');
  await expect(page.locator('[data-event-id]')).toHaveCount(3000);
  const drawMs = Date.now() - started;
  await expect(page.getByTestId('clocks-diagram')).toHaveAttribute('data-axis', 'compact');

  await page.getByTestId('collapse-runs').check();
  const collapsed = await page.locator('[data-event-id]').count();
  expect(collapsed).toBeLessThan(3000);
  await page.locator('.clocks-host-filter summary').click();
  for (const host of ['p5', 'p6', 'p7', 'p8']) await page.getByTestId(`host-${host}`).uncheck();
  await expect(page.getByTestId('lane-p5')).toHaveCount(0);
  const searchStarted = Date.now();
  await page.getByTestId('search').fill('e10');
  await expect(page.getByTestId('search-count')).toContainText('match');
  const searchMs = Date.now() - searchStarted;
  // Frames keep coming while the big diagram is on screen.
  const framesPerSecond = await page.evaluate(() => new Promise<number>((resolve) => {
    let frames = 0;
    const start = performance.now();
    const tick = () => {
      frames += 1;
      if (performance.now() - start < 1000) requestAnimationFrame(tick);
      else resolve(frames);
    };
    requestAnimationFrame(tick);
  }));
  // Reported, not asserted: a loaded 2-core CI machine gives fewer frames without anything being wrong here.
  expect(framesPerSecond).toBeGreaterThan(0);
  // Timings are reported, not asserted (they belong to `npm run bench`).
  test.info().annotations.push({ type: 'large log', description: `drawn in ${drawMs} ms, search in ${searchMs} ms, ${collapsed} glyphs after collapsing, ${framesPerSecond} fps` });
  await page.getByTestId('clocks-diagram').scrollIntoViewIfNeeded();
  await screenshot(page, 'clocks-large-log');
});

test('open a Raft run in the clocks lab: its messages become a space-time diagram with vector clocks', async ({ page }) => {
  await freshLab(page, '/#/raft?seed=42&nodes=3&speed=1');
  await expect(page.getByTestId('run-seed')).toHaveAttribute('data-seed', '42');
  await expect.poll(async () => page.locator('[data-testid^="node-n"][data-role="leader"]').count(), { timeout: 20_000 }).toBe(1);
  await page.getByTestId('open-in-clocks').click();
  await expect(page.getByTestId('clocks-lab')).toBeVisible();
  await expect(page).toHaveURL(/#\/clocks$/);
  await expect(page.getByTestId('origin')).toContainText('Raft run seed 42, 3 nodes');
  await expect(page.getByTestId('clocks-notice')).toContainText('Opened the Raft run');
  expect(await page.locator('[data-event-id]').count()).toBeGreaterThan(3);
  await expect(page.getByTestId('lane-n1')).toBeVisible();
  const firstReceive = page.locator('.clocks-event.kind-receive').first();
  await expect(firstReceive).toHaveAttribute('data-vector', /\[\d+, \d+, \d+\]/);
  await screenshot(page, 'clocks-from-raft');
});

test('dark theme at 1920×1080, time flowing down, with an event selected', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
  await freshLab(page, '/#/clocks?seed=11&processes=5&events=18');
  await page.getByTestId('orientation').click();
  await expect(page.getByTestId('clocks-diagram')).toHaveAttribute('data-orientation', 'vertical');
  const some = page.locator('.clocks-event.kind-receive').nth(2);
  await some.locator('.clocks-dot').click();
  await expect(page.locator('[data-mark="past"]').first()).toBeVisible();
  await screenshot(page, 'clocks-vertical-dark-1920');
});
