// The live lab as a user drives it, on REAL etcd: the spec starts the live server (src/live/server-main.ts,
// as `npm start` does), opens the link it prints, and clicks through the drill "kill an etcd member and
// observe quorum behaviour" — one member down and still a leader, a write commits; a second down and a
// write is refused with "quorum lost"; restart both and recover; then the drill's checks and the checker's
// verdict. Without the server the page says how to start it. Screenshots at each key state.
import { expect, test, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { createRequire } from 'node:module';
import { screenshot } from './helpers.ts';

const axeSource = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** axe-core on the page as it is now (the a11y spec checks #/live without a server; this, with real clusters). */
async function expectNoAxeViolations(page: Page): Promise<void> {
  await page.addScriptTag({ path: axeSource });
  const violations = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'], rules: { 'label-content-name-mismatch': { enabled: true } } }).then((results) => results.violations.flatMap((violation) => violation.nodes.map((node) => violation.id + ' at ' + node.target.join(' ') + ': ' + violation.help)))`)) as string[];
  expect(violations).toEqual([]);
}

const appOrigin = `http://127.0.0.1:${process.env.E2E_PORT ?? 4173}`;

test('#/live without a link says exactly how to start the live server', async ({ page }) => {
  await page.goto('/#/live');
  await expect(page.getByTestId('live-help')).toBeVisible();
  await expect(page.getByTestId('start-command')).toHaveText('npm start');
  await expect(page.getByTestId('server-command')).toHaveText(`npx tsx src/live/server-main.ts --app-origin ${appOrigin}`);
  await screenshot(page, 'live-1-no-server');
});

test('a link to a server that is not running says it does not answer and how to start it', async ({ page }) => {
  // Port 9 (discard) is closed here: nothing answers.
  await page.goto('/#/live?api=http://127.0.0.1:9&token=abcdefghijklmnopqrstuvwxyz012345');
  await expect(page.getByTestId('live-help')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole('status').first()).toContainText('does not answer');
  await expect(page.getByTestId('start-command')).toHaveText('npm start');
});

test('a bad link lists its problems', async ({ page }) => {
  await page.goto('/#/live?api=http://evil.example:80&token=x');
  await expect(page.getByText('this machine only')).toBeVisible();
});

test('with etcd missing, the page says exactly what to install, and the PostgreSQL tab still works', async ({ page }) => {
  // ETCD_BIN pointing at nothing: the server finds no etcd (as on a machine without Debian's etcd-server).
  const server = spawn(process.execPath, ['--import', 'tsx', 'src/live/server-main.ts', '--app-origin', appOrigin], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ETCD_BIN: '/nonexistent/etcd' } });
  try {
    const lines = createInterface({ input: server.stdout! });
    const link = await new Promise<string>((resolve, reject) => {
      lines.on('line', (line) => {
        const match = /(http:\/\/\S+\/#\/live\?api=\S+&token=\S+)/.exec(line);
        if (match) resolve(match[1]!);
      });
      server.once('exit', (code) => reject(new Error(`the live server exited (${code}) before printing its link`)));
    });
    await page.goto(link.slice(appOrigin.length));
    await expect(page.getByTestId('live-missing')).toContainText('ETCD_BIN=/nonexistent/etcd is not an executable file.');
    await expect(page.getByTestId('live-missing').locator('code')).toContainText('apt-get install -y etcd-server etcd-client postgresql');
    await screenshot(page, 'live-10-etcd-missing');
    await page.getByTestId('tab-postgres').click();
    await expect(page.getByTestId('start-postgres')).toBeEnabled();
  } finally {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
});

test.describe('on the real systems', () => {
  let server: ChildProcess | undefined;
  let link = '';

  test.beforeAll(async () => {
    server = spawn(process.execPath, ['--import', 'tsx', 'src/live/server-main.ts', '--app-origin', appOrigin], { stdio: ['ignore', 'pipe', 'inherit'] });
    const lines = createInterface({ input: server.stdout! });
    link = await new Promise<string>((resolve, reject) => {
      lines.on('line', (line) => {
        const match = /(http:\/\/\S+\/#\/live\?api=\S+&token=\S+)/.exec(line);
        if (match) resolve(match[1]!);
      });
      server!.once('exit', (code) => reject(new Error(`the live server exited (${code}) before printing its link`)));
    });
  });

  test.afterAll(async () => {
    if (!server || server.exitCode !== null) return;
    // SIGTERM: the server stops etcd and removes its folder (the watchdog would too, on SIGKILL).
    const exited = new Promise((resolve) => server!.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  });

  const leaderOf = (page: Page) => page.locator('[data-testid^="node-n"][data-role="leader"]');
  const lastOutcome = (page: Page) => page.getByTestId('outcome').first();
  const idle = (page: Page) => expect(page.getByTestId('live-busy')).toHaveAttribute('data-busy', 'false', { timeout: 30_000 });

  async function leaderId(page: Page): Promise<string> {
    await expect(leaderOf(page)).toHaveCount(1, { timeout: 30_000 });
    return (await leaderOf(page).getAttribute('data-testid'))!.slice('node-'.length);
  }

  test('the drill: kill a member, then a second, restart both — on real etcd processes', async ({ page }) => {
    test.setTimeout(180_000);
    expect(link.startsWith(`${appOrigin}/#/live?api=http://127.0.0.1:`)).toBe(true);
    await page.goto(link.slice(appOrigin.length));
    await expect(page.getByTestId('live-lab')).toBeVisible({ timeout: 15_000 });
    await expect(page.getByTestId('live-start')).toBeVisible();

    // Setup: three real etcd members; the page shows them with their roles.
    await page.getByTestId('drill-setup').click();
    await idle(page);
    await expect(page.locator('[data-testid^="node-n"]')).toHaveCount(3, { timeout: 30_000 });
    const first = await leaderId(page);
    await expect(page.getByTestId('quorum-sentence')).toContainText('3 of 3 members alive — a majority is 2');
    await screenshot(page, 'live-2-etcd-ready');

    // Kill the leader: 2 of 3 remain, a new leader is elected, a write commits.
    await page.getByTestId(`kill-${first}`).click();
    await idle(page);
    await expect(page.getByTestId(`node-${first}`)).toHaveAttribute('data-role', 'crashed');
    const second = await leaderId(page);
    expect(second).not.toBe(first);
    await expect(page.getByTestId('quorum-sentence')).toContainText('2 of 3 members alive — a majority is 2, writes still commit');
    await page.getByTestId('request-key').fill('b');
    await page.getByTestId('request-value').fill('2');
    await page.getByTestId('send-write').click();
    await idle(page);
    // Via the leader the page knew at the click (an extra election under load may move it): any member, committed.
    await expect(lastOutcome(page)).toContainText(/write b=2 via n\d: committed/);
    await expect(page.getByTestId('verdict')).toHaveAttribute('data-verdict', 'linearizable');
    await screenshot(page, 'live-3-one-down');

    // Kill the second leader: 1 of 3 — the write is refused for want of a quorum.
    await page.getByTestId(`kill-${second}`).click();
    await idle(page);
    await expect(page.getByTestId('quorum-sentence')).toHaveAttribute('data-quorum', 'no');
    await expect(page.getByTestId('quorum-sentence')).toContainText('quorum lost: 1 of 3 members reachable, a write needs 2');
    await page.getByTestId('request-key').fill('c');
    await page.getByTestId('request-value').fill('3');
    await page.getByTestId('send-write').click();
    await idle(page);
    await expect(lastOutcome(page)).toContainText('write c=3');
    await expect(lastOutcome(page)).toContainText('quorum lost: 1 of 3 members reachable, a write needs 2');
    await expect(lastOutcome(page)).not.toHaveAttribute('data-tone', 'ok');
    await screenshot(page, 'live-4-quorum-lost');
    await expectNoAxeViolations(page);

    // Restart both: the cluster recovers, a leader again, and a write commits.
    await page.getByTestId(`restart-${first}`).click();
    await idle(page);
    await page.getByTestId(`restart-${second}`).click();
    await idle(page);
    await expect(page.locator('[data-testid^="node-n"][data-role="crashed"]')).toHaveCount(0, { timeout: 30_000 });
    await expect(page.getByTestId('quorum-sentence')).toContainText('3 of 3 members alive', { timeout: 30_000 });
    await leaderId(page);
    await page.getByTestId('request-key').fill('d');
    await page.getByTestId('request-value').fill('4');
    await page.getByTestId('send-write').click();
    await idle(page);
    await expect(lastOutcome(page)).toContainText(/write d=4 via n\d: committed/);
    await page.getByTestId('send-read').click();
    await idle(page);
    await expect(lastOutcome(page)).toContainText(/linearizable read d via n\d: returned 4/);

    // The drill's automatic checks: each passes and says what it saw.
    await page.getByTestId('drill-check').click();
    await idle(page);
    const checks = page.getByTestId('drill-check-item');
    await expect(checks).toHaveCount(4);
    for (const check of await checks.all()) await expect(check).toHaveAttribute('data-ok', 'true');
    await expect(checks.nth(2)).toContainText('quorum lost: 1 of 3 members reachable, a write needs 2');
    await expect(page.getByTestId('verdict')).toHaveAttribute('data-verdict', 'linearizable');
    await screenshot(page, 'live-5-drill-checked');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await screenshot(page, 'live-5-drill-checked-1080');
  });

  test('the drill: split-brain in a 2-node PostgreSQL pair, then recover with pg_rewind — on real PostgreSQL', async ({ page }) => {
    test.setTimeout(240_000);
    await page.goto(link.slice(appOrigin.length));
    await expect(page.getByTestId('live-lab')).toBeVisible({ timeout: 15_000 });
    await page.getByTestId('tab-postgres').click();
    await page.getByTestId('drill-setup').click();
    await idle(page);
    await expect(page.getByTestId('node-n1')).toHaveAttribute('data-role', 'primary', { timeout: 60_000 });
    await expect(page.getByTestId('node-n2')).toHaveAttribute('data-role', 'standby');
    await expect(page.getByTestId('postgres-sentence')).toContainText('n1 is the primary and accepts writes');

    const write = async (key: string, value: string, via: string) => {
      await page.getByTestId('request-key').fill(key);
      await page.getByTestId('request-value').fill(value);
      await page.getByTestId('request-via').selectOption(via);
      await page.getByTestId('send-write').click();
      await idle(page);
      await expect(page.getByTestId('last-outcome')).toContainText(`write ${key}=${value} via ${via}: committed`);
    };
    await write('x', '1', 'n1');
    await screenshot(page, 'live-6-postgres-streaming');

    // Cut the replication link, promote the standby, and keep writing to the old primary: two primaries.
    await page.getByTestId('isolate-n1').click();
    await idle(page);
    await page.getByTestId('promote-n2').click();
    await idle(page);
    await expect(page.getByTestId('node-n2')).toHaveAttribute('data-role', 'primary', { timeout: 30_000 });
    await expect(page.getByTestId('postgres-sentence')).toContainText('split-brain: n1 and n2 are both primary');
    await write('x', '2', 'n1');
    await write('y', '9', 'n1');
    await write('x', '3', 'n2');
    await expect(page.getByTestId('postgres-sentence')).toHaveAttribute('data-split-brain', 'yes', { timeout: 10_000 });
    // Reading x from the old primary after x=3 was acknowledged by the new one: no single copy explains it.
    await page.getByTestId('request-via').selectOption('n1');
    await page.getByTestId('send-read').click();
    await idle(page);
    await expect(page.getByTestId('last-outcome')).toContainText('read x via n1: returned 2');
    await expect(page.getByTestId('verdict')).toHaveAttribute('data-verdict', 'not-linearizable');
    await screenshot(page, 'live-7-postgres-split-brain');
    await expectNoAxeViolations(page);

    // Recover: heal, rewind the old primary; it streams from n2 on the new timeline.
    await page.getByTestId('heal').click();
    await idle(page);
    await page.getByTestId('rewind-n1').click();
    await idle(page);
    await expect(page.getByTestId('node-n1')).toHaveAttribute('data-role', 'standby', { timeout: 30_000 });
    await expect(page.getByTestId('node-n1')).toHaveAttribute('data-streaming', 'true', { timeout: 30_000 });
    await expect(page.getByTestId('node-n1')).toHaveAttribute('data-timeline', '2');

    await page.getByTestId('drill-check').click();
    await idle(page);
    const checks = page.getByTestId('drill-check-item');
    await expect(checks).toHaveCount(3);
    for (const check of await checks.all()) await expect(check).toHaveAttribute('data-ok', 'true');
    await expect(checks.nth(2)).toContainText('x=2 via n1');
    await expect(checks.nth(2)).toContainText('y=9 via n1');
    await expect(page.locator('.live-writes li[data-status="lost"]')).toHaveCount(2);
    await screenshot(page, 'live-8-postgres-recovered');
  });

  test('drag a member away: it is isolated, a serializable read from it is stale, and the checker says so', async ({ page }) => {
    test.setTimeout(180_000);
    await page.goto(link.slice(appOrigin.length));
    await expect(page.getByTestId('live-lab')).toBeVisible({ timeout: 15_000 });
    await page.getByTestId('tab-etcd').click();
    await page.getByTestId('drill-setup').click();
    await idle(page);
    const leader = await leaderId(page);
    const follower = ['n1', 'n2', 'n3'].find((id) => id !== leader)!;

    await page.getByTestId('request-key').fill('x');
    await page.getByTestId('request-value').fill('1');
    await page.getByTestId('send-write').click();
    await idle(page);
    await expect(lastOutcome(page)).toContainText('write x=1');
    await expect(lastOutcome(page)).toContainText('committed');
    // The follower applies x=1 within a heartbeat or so: read its own copy until it has it.
    await page.getByTestId('request-via').selectOption(follower);
    await expect
      .poll(async () => {
        await page.getByTestId('send-read-serializable').click();
        await idle(page);
        return lastOutcome(page).textContent();
      }, { timeout: 15_000 })
      .toContain(`serializable read x via ${follower}: returned 1`);

    // Drag the follower into empty space: its peer links are cut at the proxies (a network fault, not a kill).
    const node = page.getByTestId(`node-${follower}`);
    const box = (await node.boundingBox())!;
    const canvas = (await page.getByTestId('live-cluster').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 10, box.y + box.height / 2 + 10, { steps: 3 });
    await page.mouse.move(canvas.x + 30, canvas.y + canvas.height - 30, { steps: 8 });
    await page.mouse.up();
    await idle(page);
    await expect(node).not.toHaveAttribute('data-partition', '0', { timeout: 10_000 });
    await expect(page.getByTestId('quorum-sentence')).toContainText('partitioned: 2 of 3 members reachable on one island, a write needs 2');

    // The majority side commits x=2; the isolated member still answers serializable reads from its own copy: x=1.
    await page.getByTestId('request-via').selectOption('auto');
    await page.getByTestId('request-value').fill('2');
    await page.getByTestId('send-write').click();
    await idle(page);
    await expect(lastOutcome(page)).toContainText('write x=2');
    await expect(lastOutcome(page)).toContainText('committed');
    await page.getByTestId('request-via').selectOption(follower);
    await page.getByTestId('send-read-serializable').click();
    await idle(page);
    await expect(lastOutcome(page)).toContainText(`serializable read x via ${follower}: returned 1`);
    await expect(page.getByTestId('verdict')).toHaveAttribute('data-verdict', 'not-linearizable');
    await screenshot(page, 'live-9-stale-read');

    await page.getByTestId('heal').click();
    await idle(page);
    await expect(node).toHaveAttribute('data-partition', '0', { timeout: 10_000 });

    // The background workload: writes of w through the leader and reads back, logged as they answer.
    await page.getByTestId('workload').check();
    await expect(page.getByTestId('outcome').filter({ hasText: /write w=\d+ via n\d: committed/ }).first()).toBeVisible({ timeout: 15_000 });
    await expect(page.getByTestId('outcome').filter({ hasText: /linearizable read w via n\d: returned \d+/ }).first()).toBeVisible({ timeout: 15_000 });
    await page.getByTestId('workload').uncheck();
    await screenshot(page, 'live-11-workload');
  });
});
