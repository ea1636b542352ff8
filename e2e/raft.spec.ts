// The Raft lab as a user drives it: watch an election, crash the leader, partition by dragging,
// heal, and travel back in time. State is read from data-* attributes and accessible names.
import { expect, test } from '@playwright/test';
import { nowMs, pause, play, readNodes, screenshot, waitForLeader, waitForNode } from './helpers.ts';

test('the app loads, shows its seed, and a leader appears', async ({ page }) => {
  await page.goto('/#/raft?seed=42&nodes=5&speed=1');
  await expect(page.getByTestId('run-seed')).toHaveAttribute('data-seed', '42');
  const leader = await waitForLeader(page);
  await expect(page.getByRole('button', { name: `${leader.id}, leader, term ${leader.term}`, exact: true })).toBeVisible();
  expect(await readNodes(page)).toHaveLength(5);
  await screenshot(page, 'raft-leader');
});

test('a page without a seed picks one and pins it in the URL', async ({ page }) => {
  await page.goto('/#/raft');
  await expect(page).toHaveURL(/seed=\d+/);
  const seed = new URL(page.url().replace('#/raft?', '?')).searchParams.get('seed');
  await expect(page.getByTestId('run-seed')).toHaveAttribute('data-seed', seed!);
});

test('crash the leader from the UI: a new leader appears with a higher term; scrub back to see the old one', async ({ page }) => {
  await page.goto('/#/raft?seed=7&nodes=5&speed=1');
  const oldLeader = await waitForLeader(page);
  await pause(page);
  const crashAtMs = await nowMs(page);
  await page.getByTestId(`node-${oldLeader.id}`).click();
  await page.getByTestId('action-crash').click();
  await expect(page.getByTestId(`node-${oldLeader.id}`)).toHaveAttribute('data-role', 'crashed');
  await screenshot(page, 'raft-leader-crashed');
  await play(page);
  const newLeader = await waitForLeader(page, (node) => node.id !== oldLeader.id && node.term > oldLeader.term);
  expect(newLeader.term).toBeGreaterThan(oldLeader.term);
  await pause(page);
  await screenshot(page, 'raft-new-leader');
  await page.screenshot({ path: 'e2e/screenshots/raft-new-leader-full-page.png', fullPage: true });

  // Time travel: just before the crash the old leader leads again.
  await page.getByTestId('goto-input').fill(String(crashAtMs - 1));
  await page.getByTestId('goto-button').click();
  await expect(page.getByTestId(`node-${oldLeader.id}`)).toHaveAttribute('data-role', 'leader');
  await expect(page.getByTestId('past-banner')).toBeVisible();
  await screenshot(page, 'raft-scrubbed-back');
});

test('drag the leader onto an island of its own: the majority elects a new leader; heal', async ({ page }) => {
  await page.goto('/#/raft?seed=11&nodes=5&speed=1');
  const oldLeader = await waitForLeader(page);
  const glyph = page.getByTestId(`node-${oldLeader.id}`);
  const box = (await glyph.boundingBox())!;
  const canvas = (await page.getByTestId('cluster-view').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(canvas.x + 30, canvas.y + 30, { steps: 8 });
  await page.mouse.up();
  const isolated = await waitForNode(page, (node, all) => node.id === oldLeader.id && all.every((other) => other.id === node.id || other.partition !== node.partition));
  const newLeader = await waitForLeader(page, (node) => node.id !== oldLeader.id && node.partition !== isolated.partition && node.term > oldLeader.term);
  // The old leader still believes it leads, but of nothing: alone on its island.
  await expect(glyph).toHaveAttribute('data-role', 'leader');
  expect(newLeader.term).toBeGreaterThan(oldLeader.term);
  await screenshot(page, 'raft-partitioned');

  await page.getByTestId('heal').click();
  await waitForNode(page, (_, all) => all.every((node) => node.partition === 0));
  // Hearing the higher term, the old leader steps down.
  await waitForNode(page, (node) => node.id === oldLeader.id && node.role === 'follower');
  await screenshot(page, 'raft-healed');
});

test('kill a member of 3 with the keyboard: the sentence says when a majority is lost, writes report accepted then committed, ? lists the keys', async ({ page }) => {
  await page.goto('/#/raft?seed=5&nodes=3&speed=1');
  const leader = await waitForLeader(page);
  const words = page.getByTestId('quorum-words');
  await expect(words).toContainText(`${leader.id} leads term ${leader.term}: 3 of 3 nodes on its side, a majority is 2`);
  await page.locator('body').press('r');
  await expect(page.getByTestId('notices')).toContainText('committed at log index 1: 3 of 3 nodes hold it');
  await expect(page.getByTestId('log-grid').locator('td[data-committed="true"]')).toHaveCount(3);
  await screenshot(page, 'raft-keys-committed');
  // Crash both followers by selecting each and pressing C: the leader keeps its role, nothing commits.
  const followers = (await readNodes(page)).filter((node) => node.id !== leader.id);
  for (const follower of followers) {
    await page.getByTestId(`node-${follower.id}`).click();
    await page.locator('body').press('c');
    await expect(page.getByTestId(`node-${follower.id}`)).toHaveAttribute('data-role', 'crashed');
  }
  await expect(words).toContainText('only 1 of 3 nodes are on its side and a write needs 2: it accepts writes that cannot commit');
  // A crashed follower's dashed entry is not a lost one: the grid says so.
  await expect(page.getByTestId(`log-note-${followers[0]!.id}`)).toContainText('entry 1 is committed on a majority');
  await expect(words).toHaveAttribute('data-tone', 'warning');
  // The lab's keys work when no control has the keyboard (a focused node keeps its own keys).
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('Shift+Slash');
  await expect(page.getByTestId('keys-help')).toContainText('crash or restart the selected node');
  await screenshot(page, 'raft-keys-majority-lost');
});

test('your actions come back as a scenario and as a link that opens the same run', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/#/raft?seed=21&nodes=3&speed=1');
  const leader = await waitForLeader(page);
  await page.locator('body').press('r');
  await expect(page.getByTestId('notices')).toContainText('committed at log index 1');
  await page.getByTestId(`node-${leader.id}`).click();
  await page.locator('body').press('c');
  await expect(page.getByTestId(`node-${leader.id}`)).toHaveAttribute('data-role', 'crashed');
  const newLeader = await waitForLeader(page, (node) => node.id !== leader.id);
  await pause(page);
  const before = await readNodes(page);
  const headMs = await nowMs(page);

  await page.getByTestId('actions-copy').click();
  await expect(page.getByTestId('actions-status')).toContainText('copied');
  const text = await page.getByTestId('actions-text').inputValue();
  expect(text).toContain('raft nodes=3 seed=21');
  expect(text).toContain(`crash ${leader.id}`);
  expect(text).toMatch(/request \S+/);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(text);
  await screenshot(page, 'raft-actions-exported');

  await page.getByTestId('actions-link').click();
  const link = await page.getByTestId('actions-text').inputValue();
  expect(link).toContain('#/raft?actions=');
  // Open the link in a fresh page and play the shared run to its end: the same cluster as we left it.
  const shared = await context.newPage();
  await shared.goto(link);
  await expect(shared.getByTestId('scenario-view')).toBeVisible();
  await expect(shared.getByTestId('run-seed')).toHaveAttribute('data-seed', '21');
  await shared.getByTestId('scenario-play').click();
  await expect(shared.getByTestId('scenario-view')).toHaveAttribute('data-finished', 'true', { timeout: 30_000 });
  await pause(shared);
  expect(await nowMs(shared)).toBe(headMs);
  expect(await readNodes(shared)).toEqual(before);
  await expect(shared.getByTestId(`node-${newLeader.id}`)).toHaveAttribute('data-role', 'leader');
  await screenshot(shared, 'raft-actions-replayed');
});

test('a damaged shared link says what is wrong', async ({ page }) => {
  await page.goto('/#/raft?actions=not$valid');
  await expect(page.getByText('the shared run is not a link this app made')).toBeVisible();
});
