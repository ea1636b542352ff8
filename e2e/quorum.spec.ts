// The quorums lab as a user drives it: drag a replica and a client apart, write at ONE on one side,
// read at ONE on the other and see the stale read flagged and explained; at QUORUM the minority side
// refuses instead; the PACELC quiz grades an answer; a preset plays. State is read from data-* attributes.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { screenshot } from './helpers.ts';

async function waitRunning(page: Page): Promise<void> {
  await expect(page.getByTestId('quorum-lab')).toHaveAttribute('data-status', 'running', { timeout: 30_000 });
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

async function issue(page: Page, options: { client: string; via: string; level: string; kind: 'read' | 'write' }): Promise<void> {
  await page.getByTestId('op-client').selectOption(options.client);
  await page.getByTestId('op-via').selectOption(options.via);
  await page.getByTestId(options.kind === 'write' ? 'op-write-level' : 'op-read-level').selectOption(options.level);
  await page.getByTestId(options.kind === 'write' ? 'op-write' : 'op-read').click();
}

test('partition by drag, write at ONE on one side, read at ONE on the other: the stale read is flagged and explained; at QUORUM the minority refuses', async ({ page }) => {
  await page.goto('/#/quorums?seed=5&replicas=3&clients=2');
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await waitRunning(page);
  await page.getByTestId('speed').selectOption('250');
  await expect(page.getByTestId('node-r1')).toBeVisible();
  await expect(page.getByTestId('rw-condition')).toHaveAttribute('data-overlap', 'true');
  await screenshot(page, 'quorum-start');

  // x = 1 everywhere first.
  await issue(page, { client: 'c1', via: 'r1', level: 'ALL', kind: 'write' });
  await expect(page.getByTestId('op-0')).toHaveAttribute('data-status', 'ok', { timeout: 15_000 });

  // Drag r1 into empty space (isolating it), then c1 onto r1's island.
  const cluster = page.getByTestId('quorum-cluster');
  const box = (await cluster.boundingBox())!;
  await dragTo(page, page.getByTestId('node-r1'), { x: box.x + box.width * 0.06, y: box.y + box.height * 0.88 });
  const partitionOf = (testId: string) => page.getByTestId(testId).getAttribute('data-partition');
  await expect.poll(async () => (await partitionOf('node-r1')) !== (await partitionOf('node-r2'))).toBe(true);
  await page.waitForTimeout(600);
  await dragTo(page, page.getByTestId('client-c1'), await center(page.getByTestId('node-r1')));
  await expect.poll(async () => page.getByTestId('client-c1').getAttribute('data-partition')).toBe(await page.getByTestId('node-r1').getAttribute('data-partition'));
  const minority = await page.getByTestId('node-r1').getAttribute('data-partition');
  expect(await page.getByTestId('node-r3').getAttribute('data-partition')).not.toBe(minority);
  expect(await page.getByTestId('client-c2').getAttribute('data-partition')).not.toBe(minority);

  // W = 1 on the minority side: r1 alone acknowledges.
  await page.getByTestId('op-write-level').selectOption('ONE');
  await page.getByTestId('op-read-level').selectOption('ONE');
  await expect(page.getByTestId('rw-condition')).toHaveAttribute('data-overlap', 'false');
  await issue(page, { client: 'c1', via: 'r1', level: 'ONE', kind: 'write' });
  await expect(page.getByTestId('op-1')).toHaveAttribute('data-status', 'ok', { timeout: 15_000 });
  // R = 1 on the majority side: r3 answers from its own copy.
  await issue(page, { client: 'c2', via: 'r3', level: 'ONE', kind: 'read' });
  await expect(page.getByTestId('op-2')).toHaveAttribute('data-status', 'ok', { timeout: 15_000 });
  await expect(page.getByTestId('op-2')).toHaveAttribute('data-stale', 'true');
  await expect(page.getByTestId('op-2')).toHaveAccessibleName(/r x→1 ONE ok.*stale read/);
  await expect(page.getByTestId('checker')).toHaveAttribute('data-stale-count', '1');
  await expect(page.getByTestId('stale-read')).toContainText(/read/);
  await expect(page.getByTestId('checker')).toHaveAttribute('data-verdict', 'not-linearizable', { timeout: 20_000 });
  await expect(page.getByTestId('checker-explanation')).toBeVisible();
  await expect(page.getByTestId('history-violation')).toContainText('Not linearizable: The read of x by c2 returned 1');
  await page.getByTestId('history-view').evaluate((element) => element.scrollIntoView({ block: 'end' }));
  await screenshot(page, 'quorum-stale-read');

  // Clicking the flagged read jumps the run to its completion.
  await page.getByTestId('op-2').click();
  await expect(page.getByTestId('selected-operation')).toContainText('#2 c2');
  await expect(page.getByTestId('play-toggle')).toHaveAttribute('data-playing', 'false');
  await page.getByTestId('play-toggle').click();

  // At QUORUM the minority side refuses: the write times out (in doubt), the read fails.
  await issue(page, { client: 'c1', via: 'r1', level: 'QUORUM', kind: 'write' });
  await expect(page.getByTestId('op-3')).toHaveAttribute('data-status', 'timeout', { timeout: 20_000 });
  await issue(page, { client: 'c1', via: 'r1', level: 'QUORUM', kind: 'read' });
  await expect(page.getByTestId('op-4')).toHaveAttribute('data-status', 'fail', { timeout: 20_000 });
  await expect(page.getByTestId('op-4')).toHaveAccessibleName(/QUORUM fail/);
  await page.getByTestId('tab-latency').click();
  await expect(page.getByTestId('availability-table')).toContainText('write QUORUM');
  await page.getByTestId('history-view').evaluate((element) => element.scrollIntoView({ block: 'center' }));
  await screenshot(page, 'quorum-minority-refuses');
  await page.getByTestId('analysis').evaluate((element) => element.scrollIntoView({ block: 'start' }));
  await screenshot(page, 'quorum-latency');
  // The models graph knows what this run broke.
  await page.getByTestId('tab-models').click();
  await expect(page.getByTestId('model-linearizable')).toHaveAttribute('data-violated', 'true');
  await expect(page.getByTestId('model-causal')).toHaveAttribute('data-violated', 'false');
  await page.getByTestId('model-linearizable').click();
  await expect(page.getByTestId('model-violated')).toContainText('not linearizable');
  await page.getByTestId('analysis').evaluate((element) => element.scrollIntoView({ block: 'start' }));
  await screenshot(page, 'quorum-models-violated');
  await page.getByTestId('tab-latency').click();

  // The work survives a reload.
  await page.reload();
  await waitRunning(page);
  await expect(page.getByTestId('restored')).toBeVisible();
  await expect(page.getByTestId('op-2')).toHaveAttribute('data-stale', 'true', { timeout: 15_000 });
});

test('a preset plays step by step and every expectation passes', async ({ page }) => {
  await page.goto('/#/quorums?scenario=quorum-stale-read-one');
  await waitRunning(page);
  await expect(page.getByTestId('scenario-view')).toBeVisible({ timeout: 15_000 });
  await page.getByTestId('scenario-play').click();
  await expect(page.getByTestId('scenario-view')).toHaveAttribute('data-finished', 'true', { timeout: 30_000 });
  await expect(page.getByTestId('scenario-view')).toHaveAttribute('data-failed', '0');
  expect(Number(await page.getByTestId('scenario-view').getAttribute('data-passed'))).toBeGreaterThan(3);
  await expect(page.getByTestId('checker')).toHaveAttribute('data-stale-count', '1');
  await screenshot(page, 'quorum-preset');
});

test('bad URL parameters give a clear message', async ({ page }) => {
  await page.goto('/#/quorums?replicas=12&mode=paxos');
  await expect(page.getByTestId('url-error')).toContainText('“replicas” must be a whole number from 3 to 7');
  await expect(page.getByTestId('url-error')).toContainText('“mode” must be leaderless or consensus');
});

test('the PACELC quiz grades an answer (drag and keyboard), and the models graph loads a preset', async ({ page }) => {
  await page.goto('/#/quorums?seed=5');
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await waitRunning(page);
  await page.getByTestId('tab-pacelc').click();
  await expect(page.getByTestId('pacelc-map')).toBeVisible();
  await page.getByTestId('pacelc-zookeeper').click();
  await expect(page.getByTestId('pacelc-detail')).toContainText('Hunt et al. 2010');
  // Drag Cassandra into PA/EL; choose etcd's quadrant with the keyboard path (the card's menu), wrongly.
  await page.getByTestId('quiz-card-cassandra-one').dragTo(page.getByTestId('quiz-zone-PA/EL'));
  await expect(page.getByTestId('quiz-card-cassandra-one')).toHaveAttribute('data-answer', 'PA/EL');
  await page.getByTestId('quiz-select-etcd-linearizable').selectOption('PA/EL');
  await page.getByTestId('quiz-grade').click();
  await expect(page.getByTestId('quiz-card-cassandra-one')).toHaveAttribute('data-correct', 'true');
  await expect(page.getByTestId('quiz-card-etcd-linearizable')).toHaveAttribute('data-correct', 'false');
  await expect(page.getByTestId('quiz-card-etcd-linearizable')).toContainText('Not quite: etcd (linearizable reads, the default) is PC/EC');
  await expect(page.getByTestId('quiz-score')).toHaveAttribute('data-score', '1');
  await page.getByTestId('analysis').evaluate((element) => element.scrollIntoView({ block: 'start' }));
  await screenshot(page, 'quorum-pacelc-quiz');

  await page.getByTestId('tab-models').click();
  await page.getByTestId('model-read-your-writes').click();
  await expect(page.getByTestId('model-detail')).toContainText('Sticky available');
  await page.getByTestId('model-linearizable').press('Enter');
  await expect(page.getByTestId('model-detail')).toContainText('stale read');
  await page.getByTestId('analysis').evaluate((element) => element.scrollIntoView({ block: 'start' }));
  await screenshot(page, 'quorum-models');
  await page.getByTestId('model-preset').click();
  await expect(page).toHaveURL(/scenario=quorum-stale-read-one/);
  await expect(page.getByTestId('scenario-view')).toBeVisible({ timeout: 15_000 });
});

test('dark theme at 1920×1080 reads', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/#/quorums?scenario=quorum-stale-read-one');
  await waitRunning(page);
  await expect(page.getByTestId('scenario-view')).toBeVisible({ timeout: 15_000 });
  await page.getByTestId('scenario-play').click();
  await expect(page.getByTestId('scenario-view')).toHaveAttribute('data-finished', 'true', { timeout: 30_000 });
  await screenshot(page, 'quorum-dark-1920');
});

test('consensus mode: a leader is elected, a write goes through the log, and a minority replica refuses', async ({ page }) => {
  await page.goto('/#/quorums?seed=4&replicas=3&clients=2&mode=consensus');
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await waitRunning(page);
  await page.getByTestId('speed').selectOption('1000');
  await expect(page.locator('[data-testid^="node-r"][data-role="leader"]')).toHaveCount(1, { timeout: 20_000 });
  await expect(page.getByTestId('rw-condition')).toHaveAttribute('data-overlap', 'consensus');
  await page.getByTestId('op-write').click();
  await expect(page.getByTestId('op-0')).toHaveAttribute('data-status', 'ok', { timeout: 20_000 });
  // Cut c1 and r1 off together (the keyboard path: the Split button), then write through r1.
  await page.getByTestId('split').click();
  await page.getByTestId('op-via').selectOption('r1');
  await page.getByTestId('op-write').click();
  await expect(page.getByTestId('op-1')).toHaveAttribute('data-status', /timeout|fail/, { timeout: 20_000 });
  await expect(page.getByTestId('checker')).toHaveAttribute('data-verdict', 'linearizable', { timeout: 20_000 });
  await screenshot(page, 'quorum-consensus');
});

test('measuring: every level’s latency histogram fills in normal operation, and the quadrant marker follows R and W', async ({ page }) => {
  await page.goto('/#/quorums?seed=11&replicas=5&clients=2');
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await waitRunning(page);
  await page.getByTestId('measure-levels').click();
  for (const label of ['write-ONE', 'read-ONE', 'write-QUORUM', 'read-QUORUM', 'write-ALL', 'read-ALL']) {
    await expect(page.getByTestId(`latency-${label}`)).toContainText('n = 8', { timeout: 30_000 });
  }
  await expect(page.getByTestId('config-quadrant')).toHaveAttribute('data-quadrant', 'PC/EC');
  await page.getByTestId('op-read-level').selectOption('ONE');
  await page.getByTestId('op-write-level').selectOption('ONE');
  await expect(page.getByTestId('config-quadrant')).toHaveAttribute('data-quadrant', 'PA/EL');
  await page.getByTestId('analysis').evaluate((element) => element.scrollIntoView({ block: 'start' }));
  await screenshot(page, 'quorum-latency-measured');
});

test('keyboard path to partitions: move a client to a new island, cut a link by clicking it, crash with C', async ({ page }) => {
  await page.goto('/#/quorums?seed=9');
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await waitRunning(page);
  await page.getByTestId('move-endpoint').selectOption('c2');
  await page.getByTestId('move-target').selectOption('new');
  await page.getByTestId('move-go').click();
  await expect.poll(async () => (await page.getByTestId('client-c2').getAttribute('data-partition')) !== (await page.getByTestId('node-r1').getAttribute('data-partition'))).toBe(true);
  await page.getByTestId('heal').click();
  // Heal goes through the worker and the layout moves the nodes: click the link where it is after.
  await expect.poll(async () => (await page.getByTestId('client-c2').getAttribute('data-partition')) === (await page.getByTestId('node-r1').getAttribute('data-partition'))).toBe(true);
  await expect(page.getByTestId('link-r1-r2')).toHaveAttribute('data-cut', 'false');
  await page.locator('[data-testid="link-r1-r2"] .link-hit').click({ force: true });
  await expect(page.getByTestId('link-r1-r2')).toHaveAttribute('data-cut', 'true');
  await page.getByTestId('node-r3').focus();
  await page.keyboard.press('c');
  await expect(page.getByTestId('node-r3')).toHaveAttribute('data-role', 'crashed');
  await screenshot(page, 'quorum-cut-and-crash');
});

test('frame rate with 7 replicas and 5 clients under a measuring workload (reported, not asserted)', async ({ page }) => {
  await page.goto('/#/quorums?seed=3&replicas=7&clients=5');
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await waitRunning(page);
  await page.getByTestId('measure-levels').click();
  await page.getByTestId('speed').selectOption('100');
  const framesPerSecond = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        let frames = 0;
        const start = performance.now();
        const count = () => {
          frames += 1;
          if (performance.now() - start < 1000) requestAnimationFrame(count);
          else resolve(frames);
        };
        requestAnimationFrame(count);
      }),
  );
  console.log(`quorum lab: ${framesPerSecond} frames per second with 7 replicas, 5 clients and messages in flight`);
  expect(framesPerSecond).toBeGreaterThan(0);
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, 'quorum-seven-replicas');
});

test('the default coordinator stays on the client\'s side: c1 writes at ONE through auto during a split, and the levels say when to pick them', async ({ page }) => {
  await page.goto('/#/quorums?seed=5&replicas=3&clients=2');
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await waitRunning(page);
  await expect(page.getByTestId('level-advice')).toContainText('Pick ONE when answering through a partition matters more than fresh data');
  // r1 and c1 alone, the rest together.
  await page.getByTestId('split').click();
  await expect.poll(async () => (await page.getByTestId('client-c1').getAttribute('data-partition')) !== (await page.getByTestId('node-r2').getAttribute('data-partition'))).toBe(true);
  for (let attempt = 0; attempt < 3; attempt++) await issue(page, { client: 'c1', via: 'auto', level: 'ONE', kind: 'write' });
  for (let op = 0; op < 3; op++) {
    await expect(page.getByTestId(`op-${op}`)).toHaveAttribute('data-status', 'ok', { timeout: 15_000 });
    await expect(page.getByTestId(`op-${op}`)).toHaveAccessibleName(/ONE ok/);
  }
  await screenshot(page, 'quorum-auto-coordinator-split');
});

test('your actions as a link: a write and a write across a split come back in a fresh page, same outcomes', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/#/quorums?seed=4&replicas=3&clients=2');
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await waitRunning(page);
  await page.getByTestId('speed').selectOption('1000');
  await page.getByTestId('op-write').click();
  await expect(page.getByTestId('op-0')).toHaveAttribute('data-status', 'ok', { timeout: 20_000 });
  await page.getByTestId('split').click();
  await page.getByTestId('op-write').click();
  await expect(page.getByTestId('op-1')).toHaveAttribute('data-status', /ok|timeout|fail/, { timeout: 20_000 });
  const statuses = [await page.getByTestId('op-0').getAttribute('data-status'), await page.getByTestId('op-1').getAttribute('data-status')];
  await page.getByTestId('actions-link').click();
  const link = await page.getByTestId('actions-text').inputValue();
  expect(link).toContain('#/quorums?actions=');
  const shared = await context.newPage();
  await shared.goto(link);
  await shared.getByTestId('scenario-play').click();
  await expect(shared.getByTestId('scenario-view')).toHaveAttribute('data-finished', 'true', { timeout: 30_000 });
  await expect(shared.getByTestId('op-1')).toHaveAttribute('data-status', statuses[1]!);
  await expect(shared.getByTestId('op-0')).toHaveAttribute('data-status', statuses[0]!);
});
