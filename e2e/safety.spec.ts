// The Raft safety lab as a learner uses it: break a rule, run its preset, watch the invariant panel
// turn red, jump to the violation; PreVote vs a disruptive rejoin; drop a message by hand; chaos.
import { expect, test, type Page } from '@playwright/test';
import { nowMs, pause, readNodes, screenshot, waitForLeader } from './helpers.ts';

/** A side-column card in full: the column scrolls at 720 px, so look at it on a tall page. */
async function panelScreenshot(page: Page, testId: string, name: string): Promise<void> {
  const viewport = page.viewportSize()!;
  await page.setViewportSize({ width: viewport.width, height: 2600 });
  await page.getByTestId(testId).scrollIntoViewIfNeeded();
  await page.getByTestId(testId).screenshot({ path: `e2e/screenshots/${name}.png` });
  await page.setViewportSize(viewport);
}

async function playScenarioToEnd(page: Page): Promise<void> {
  const view = page.getByTestId('scenario-view');
  await expect(view).toBeVisible();
  await page.getByTestId('scenario-play').click();
  await expect(view).toHaveAttribute('data-finished', 'true', { timeout: 30_000 });
}

test('turn a switch on, run its preset, see the panel turn red, click the violation and land on its moment', async ({ page }) => {
  await page.goto('/#/raft?seed=8&speed=max');
  const panel = page.getByTestId('invariant-panel');
  await expect(panel).toHaveAttribute('data-state', 'safe');

  // The switch: restarts the run with the same seed and puts the bug in the URL.
  await page.getByTestId('break-it').locator('summary').click();
  await page.getByTestId('bug-commit-old-term').click();
  await expect(page.getByTestId('bug-commit-old-term')).toBeChecked();
  await expect(page).toHaveURL(/bugs=commit-old-term/);
  await expect(page).toHaveURL(/seed=8/);
  await expect(page.getByTestId('broken-banner')).toContainText('broken on purpose');
  await expect(page.getByTestId('cluster-view').locator('..')).toHaveAttribute('data-broken', 'true');
  await screenshot(page, 'safety-switch-on');
  await panelScreenshot(page, 'break-it', 'safety-break-it-panel');

  // Its preset (the Figure 8 script with the bug on); the panel stays open while a bug is on.
  await page.getByTestId('bug-commit-old-term-preset').click();
  await expect(page).toHaveURL(/scenario=bug-commit-old-term/);
  await playScenarioToEnd(page);
  await expect(page.getByTestId('scenario-view')).toHaveAttribute('data-failed', '0');
  await expect(panel).toHaveAttribute('data-state', 'violated');
  await expect(page.getByTestId('invariant-leader-completeness')).toHaveAttribute('data-ok', 'false');
  await expect(page.getByTestId('invariant-committed-entry-durable')).toHaveAttribute('data-ok', 'false');
  await expect(page.getByTestId('invariant-election-safety')).toHaveAttribute('data-ok', 'true');
  await screenshot(page, 'safety-panel-red');

  // Scrub to the start: the panel is green again at a moment before any violation.
  await page.getByTestId('goto-input').fill('0');
  await page.getByTestId('goto-button').click();
  await expect(panel).toHaveAttribute('data-state', 'safe');

  // Click the "committed entry lost" violation: the scrubber lands on its moment, its nodes light up.
  const violation = page.locator('[data-testid^="violation-"][data-name="committed-entry-durable"]').first();
  const timeMs = Number(await violation.getAttribute('data-time-ms'));
  const nodes = (await violation.getAttribute('data-nodes'))!.split(',');
  expect(timeMs).toBeGreaterThan(0);
  await violation.click();
  await expect(violation).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => nowMs(page)).toBe(timeMs);
  await expect(page.getByTestId('scrubber')).toHaveValue(String(timeMs));
  await expect(panel).toHaveAttribute('data-state', 'violated');
  for (const node of nodes) {
    await expect(page.getByTestId(`node-${node}`)).toHaveAttribute('data-highlighted', 'true');
    // The entry the violation is about is marked in the node's row of the log grid.
    await expect(page.getByTestId(`log-row-${node}`).locator('[data-marked="true"]')).toHaveCount(1);
  }
  const others = (await readNodes(page)).filter((node) => !nodes.includes(node.id));
  for (const other of others) await expect(page.getByTestId(`node-${other.id}`)).toHaveAttribute('data-highlighted', 'false');
  await expect(page.getByTestId('space-time-diagram')).toHaveAttribute('data-highlight-ms', String(timeMs));
  await screenshot(page, 'safety-violation-highlighted');

  // The same moment as a lecturer would project it: 1920×1080, dark theme, timeline in view.
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(page.getByTestId(`node-${nodes[0]}`)).toHaveAttribute('data-highlighted', 'true');
  await page.screenshot({ path: 'e2e/screenshots/safety-violation-1920-dark.png', fullPage: true });
});

test('the guided Figure 8 preset opens on its introduction and reads beat by beat beside the log grid', async ({ page }) => {
  await page.goto('/#/raft?scenario=figure-8&speed=max');
  const narration = page.getByTestId('scenario-narration');
  // The header comment is the introduction, shown beside the picture (in the stage, not the side column).
  await expect(narration).toHaveAttribute('data-intro', 'true');
  await expect(narration).toContainText('Figure 8 of the Raft paper');
  await expect(page.locator('.raft-stage').getByTestId('scenario-narration')).toBeVisible();
  await screenshot(page, 'safety-figure-8-introduction');
  // "Next ›" plays a beat: a note and the steps after it without one. Step-by-step needed 46 clicks.
  const beat = page.getByTestId('scenario-next-beat');
  /** One beat: click, then wait until it has played (the steps moved on and nothing is playing) before reading the words. */
  const playBeat = async () => {
    await expect(beat).toBeEnabled();
    const before = await narration.getAttribute('data-next-step');
    await beat.click();
    await expect(narration).not.toHaveAttribute('data-next-step', before ?? '');
    await expect(narration).toHaveAttribute('data-playing', 'false', { timeout: 15_000 });
  };
  const beatUntil = async (marker: string) => {
    for (let click = 0; click < 12 && !((await narration.textContent()) ?? '').includes(marker); click++) await playBeat();
  };
  await beatUntil('(a)');
  await expect(narration).toContainText('(a)');
  await expect(narration).toHaveAttribute('data-intro', 'false');
  // The note describes what was just played: S1 leads term 2.
  await expect(page.getByTestId('node-n1')).toHaveAttribute('data-role', 'leader');
  await beatUntil('(c)');
  await expect(narration).toContainText('(c)');
  await expect(narration).toContainText('S1');
  await screenshot(page, 'safety-figure-8-narration');
  let clicks = 0;
  while ((await page.getByTestId('scenario-view').getAttribute('data-finished')) !== 'true' && clicks < 20) {
    await playBeat();
    clicks += 1;
  }
  await expect(page.getByTestId('scenario-view')).toHaveAttribute('data-finished', 'true');
  await expect(page.getByTestId('scenario-view')).toHaveAttribute('data-failed', '0');
  await expect(page.getByTestId('invariant-panel')).toHaveAttribute('data-state', 'safe');
  // One step at a time is still there for those who want it.
  await expect(page.getByTestId('scenario-next')).toHaveText('One step');
});

test('a switch applies to the open preset: Figure 8 with the bug on loses a committed entry; a bug preset with its bug off stays safe', async ({ page }) => {
  await page.goto('/#/raft?scenario=figure-8&speed=max');
  await expect(page.getByTestId('scenario-view')).toBeVisible();
  await page.getByTestId('break-it').locator('summary').click();
  await page.getByTestId('bug-commit-old-term').click();
  await expect(page.getByTestId('bug-commit-old-term')).toBeChecked();
  await expect(page).toHaveURL(/scenario=figure-8/);
  await expect(page).toHaveURL(/bugs=commit-old-term/);
  await playScenarioToEnd(page);
  // The expectations written for correct Raft now fail, and the checker says why.
  await expect(page.getByTestId('invariant-panel')).toHaveAttribute('data-state', 'violated');
  await expect(page.getByTestId('invariant-committed-entry-durable')).toHaveAttribute('data-ok', 'false');
  await expect(page.getByTestId('safety-badge')).toContainText('safety violation');
  expect(Number(await page.getByTestId('scenario-view').getAttribute('data-failed'))).toBeGreaterThan(0);
  await screenshot(page, 'safety-figure-8-with-bug');

  await page.goto('/#/raft?scenario=bug-no-truncate&speed=max');
  await expect(page.getByTestId('bug-no-truncate')).toBeChecked();
  // The switch restarts the run (through the URL): click it, then wait for the new run's state.
  await page.getByTestId('bug-no-truncate').click();
  await expect(page).toHaveURL(/scenario=bug-no-truncate.*[?&]bugs=(&|$)/);
  await expect(page.getByTestId('bug-no-truncate')).not.toBeChecked();
  await expect(page.getByTestId('broken-banner')).toHaveCount(0);
  await playScenarioToEnd(page);
  await expect(page.getByTestId('invariant-panel')).toHaveAttribute('data-state', 'safe');
});

async function highestTermAfter(page: Page, preset: string): Promise<{ term: number; leader: string | null }> {
  await page.goto(`/#/raft?scenario=${preset}&speed=max`);
  await playScenarioToEnd(page);
  await expect(page.getByTestId('scenario-view')).toHaveAttribute('data-failed', '0');
  const nodes = await readNodes(page);
  return { term: Math.max(...nodes.map((node) => node.term)), leader: nodes.find((node) => node.role === 'leader')?.id ?? null };
}

test('PreVote keeps a rejoining node from disrupting the leader; without it the term jumps', async ({ page }) => {
  const disruptive = await highestTermAfter(page, 'disruptive-rejoin');
  await screenshot(page, 'safety-disruptive-rejoin');
  const withPreVote = await highestTermAfter(page, 'prevote-rejoin');
  await screenshot(page, 'safety-prevote-rejoin');
  expect(withPreVote.term).toBe(1);
  expect(withPreVote.leader).toBe('n1');
  expect(disruptive.term).toBeGreaterThan(withPreVote.term + 2);
  // The extension is on for this run, and its messages have their own entry in the legends.
  await page.getByTestId('extensions').locator('summary').click();
  await expect(page.getByTestId('feature-preVote')).toBeChecked();
  await panelScreenshot(page, 'extensions', 'safety-extensions-panel');
  await expect(page.locator('.legend')).toContainText('PreVote');
  await expect(page.locator('.space-time-diagram__legend')).toContainText('PreVote');
});

test('a cut-off node with PreVote shows it is pre-voting (a label, not colour alone)', async ({ page }) => {
  await page.goto('/#/raft?seed=4&prevote=1&speed=1');
  const leader = await waitForLeader(page);
  const follower = (await readNodes(page)).find((node) => node.id !== leader.id)!;
  await page.getByTestId(`node-${follower.id}`).focus();
  await page.keyboard.press('i');
  const glyph = page.getByTestId(`node-${follower.id}`);
  await expect(glyph).toHaveAttribute('data-prevoting', 'true', { timeout: 15_000 });
  await expect(glyph).toHaveAttribute('aria-label', new RegExp(`^${follower.id}, follower, term \\d+, pre-voting`));
  await expect(glyph.locator('.prevote-badge')).toContainText('PRE-VOTING');
  await pause(page);
  await screenshot(page, 'safety-prevoting');
});

test('click a message in flight to drop it; the drop is recorded as a user action', async ({ page }) => {
  await page.goto('/#/raft?seed=42&speed=0.1');
  await waitForLeader(page);
  await pause(page);
  // Step until a message is on its way where a person could click it: some messages start right
  // beside a node and sit under its labels, so pick one whose centre is not covered.
  const clickableMessage = () =>
    page.evaluate(() => {
      for (const element of document.querySelectorAll('[data-testid^="message-"][data-message-type]')) {
        const box = element.getBoundingClientRect();
        const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
        if (hit && element.contains(hit)) return element.getAttribute('data-testid');
      }
      return null;
    });
  let messageTestId = await clickableMessage();
  for (let step = 0; step < 100 && messageTestId === null; step++) {
    await page.getByTestId('step').click();
    messageTestId = await clickableMessage();
  }
  expect(messageTestId).not.toBeNull();
  const message = page.getByTestId(messageTestId!);
  const messageId = messageTestId!.slice('message-'.length);
  await message.click();
  const selected = page.getByTestId('selected-message');
  await expect(selected).toHaveAttribute('data-message-id', messageId);
  await expect(message).toHaveClass(/selected/);
  await screenshot(page, 'safety-message-selected');
  await page.getByTestId('message-drop').click();
  await expect(page.getByTestId(messageTestId!)).toHaveCount(0);
  await expect(page.getByTestId('timeline-slot')).toContainText(`drop message ${messageId}`);

  // Delay another one by keyboard, through the picker.
  const picker = page.getByTestId('message-picker');
  const options = picker.locator('option[value]:not([value=""])');
  if ((await options.count()) > 0) {
    const value = (await options.first().getAttribute('value'))!;
    await picker.selectOption(value);
    await page.getByTestId('message-delay-200').focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('timeline-slot')).toContainText(`delay message ${value} +200 ms`);
  }
});

test('chaos mode at max speed: faults recorded as actions, the panel stays green for a correct cluster', async ({ page }) => {
  // Nodes jump between islands many times a second: without motion the screenshots show where they are.
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto('/#/raft?seed=21&speed=1');
  await waitForLeader(page);
  const chaos = page.getByTestId('chaos-panel');
  await chaos.locator('summary').click();
  await page.getByTestId('chaos-intensity').fill('60');
  await page.getByTestId('chaos-max-speed').click();
  await expect(chaos).toHaveAttribute('data-enabled', 'true');
  await expect.poll(async () => Number(await page.getByTestId('chaos-faults').getAttribute('data-count')), { timeout: 30_000 }).toBeGreaterThan(100);
  await expect.poll(() => nowMs(page), { timeout: 30_000 }).toBeGreaterThan(30_000);
  await expect(page.getByTestId('invariant-panel')).toHaveAttribute('data-state', 'safe');
  await screenshot(page, 'safety-chaos');
  await pause(page);
  await expect(page.getByTestId('invariant-panel')).toHaveAttribute('data-state', 'safe');
  // The faults are user actions on the timeline (its text summary lists the latest notable events).
  await expect(page.getByTestId('timeline-slot')).toContainText('user action');
  await screenshot(page, 'safety-chaos-paused');
});
