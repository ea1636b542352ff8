// Bring your own node, as a learner uses it: the starter elects a leader in our cluster view; a
// drag isolates the leader and the rest elect another; a broken node (votes twice in a term) is
// graded, fails, and its counterexample opens to scrub; fixed in the editor, it passes; a node
// that spins or throws is stopped with its line, the page alive. State is read from data-* attributes.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { STARTER_NODE, VOTE_TWICE_NODE } from '../src/worker/yours/templates.ts';

const SHOTS = 'e2e/.results/yours';

async function center(locator: Locator): Promise<{ x: number; y: number }> {
  const box = (await locator.boundingBox())!;
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

async function open(page: Page, query = 'seed=3&nodes=3'): Promise<void> {
  await page.goto(`/#/raft/yours?${query}`);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await expect(page.getByTestId('yours-session')).toHaveAttribute('data-status', 'running', { timeout: 30_000 });
}

async function replaceCode(page: Page, text: string): Promise<void> {
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(text);
}

async function play(page: Page): Promise<void> {
  const toggle = page.getByTestId('play-toggle');
  if ((await toggle.getAttribute('data-playing')) === 'false') await toggle.click();
}

async function leaders(page: Page): Promise<string[]> {
  return page.locator('[data-testid^="node-n"][data-role="leader"]').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-testid')!.slice(5)));
}

test('the starter elects a leader; dragging the leader away makes the others elect a new one', async ({ page }) => {
  await open(page);
  await play(page);
  await expect.poll(() => leaders(page), { timeout: 20_000 }).toHaveLength(1);
  const [first] = await leaders(page);
  await page.screenshot({ path: `${SHOTS}-1-leader.png` });

  // Drag the leader into empty space: it is isolated on an island of its own.
  const svg = page.getByTestId('yours-cluster');
  const box = (await svg.boundingBox())!;
  const start = await center(page.getByTestId(`node-${first}`));
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move(start.x + 10, start.y + 10, { steps: 3 });
  await page.mouse.move(box.x + box.width - 30, box.y + 30, { steps: 8 });
  await page.mouse.up();
  await expect(page.locator('[data-testid^="island-"]')).toHaveCount(2);
  await expect
    .poll(async () => (await leaders(page)).filter((id) => id !== first), { timeout: 20_000 })
    .toHaveLength(1);
  await page.screenshot({ path: `${SHOTS}-2-partitioned.png` });
  await expect(page.getByTestId('yours-checks')).toHaveAttribute('data-violations', '0');
});

test('grade a node that votes twice: it fails, a counterexample opens to scrub; fixed, it passes', async ({ page }) => {
  await open(page);
  await replaceCode(page, VOTE_TWICE_NODE);
  await page.getByTestId('grade-node').click();
  await expect(page.getByTestId('grade-panel')).toHaveAttribute('data-state', 'failed', { timeout: 60_000 });
  await expect(page.getByTestId('grade-summary')).toContainText('runs failed');

  await page.getByTestId('open-case').first().click();
  await expect(page.getByTestId('yours-session')).not.toHaveAttribute('data-grade-case', '');
  await expect(page.getByTestId('yours-violation').first()).toContainText('Two leaders in term');
  // Opened at the moment of the violation: two hexagons on the picture, the past banner above it.
  await expect(page.getByTestId('past-banner')).toBeVisible({ timeout: 20_000 });
  await expect.poll(() => leaders(page).then((ids) => ids.length), { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
  await page.screenshot({ path: `${SHOTS}-3-counterexample.png` });
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.screenshot({ path: `${SHOTS}-3-counterexample-1080.png` });
  await page.setViewportSize({ width: 1280, height: 720 });

  // Scrub back to the start: no leader yet, nothing violated so far on screen.
  await page.getByTestId('yours-timeline').click({ position: { x: 20, y: 10 } });
  await expect.poll(() => leaders(page).then((ids) => ids.length)).toBeLessThan(2);

  await replaceCode(page, STARTER_NODE);
  await page.getByTestId('grade-node').click();
  await expect(page.getByTestId('grade-panel')).toHaveAttribute('data-state', 'passed', { timeout: 60_000 });
  await expect(page.getByTestId('grade-summary')).toContainText('Passed all 30 runs');
  await page.screenshot({ path: `${SHOTS}-4-passed.png` });
});

test('code that spins, throws or does not parse is stopped with its line; the page stays alive', async ({ page }) => {
  await open(page);
  await replaceCode(page, 'function onStart() {\n  setTimer("t", 5);\n}\nfunction onTimer() {\n  while (true) {}\n}\n');
  await page.getByTestId('run-node').click();
  await play(page);
  await expect(page.getByTestId('yours-fault').first()).toContainText('loop turns', { timeout: 20_000 });
  await expect(page.getByTestId('yours-fault').first()).toContainText('line 5');
  await expect(page.getByTestId('node-n1')).toHaveAttribute('data-role', 'failed');
  await page.screenshot({ path: `${SHOTS}-5-spin.png` });

  await replaceCode(page, 'function onStart( {\n}\n');
  await page.getByTestId('run-node').click();
  await expect(page.getByTestId('run-error')).toContainText('Syntax error at line');
  // The learner's text survives a reload.
  await page.reload();
  await expect(page.locator('.cm-content')).toContainText('function onStart( {');
});

test('a recording of real Maelstrom processes opens in the same views and scrubs; it cannot be changed', async ({ page }) => {
  // Recorded with: npm run yours -- --node "node examples/maelstrom/raft-election.mjs" --trace … examples/maelstrom/scenarios/election.scenario
  await open(page);
  await page.getByTestId('recording-file').setInputFiles('e2e/fixtures/yours-maelstrom-recording.json');
  await expect(page.getByTestId('yours-recording')).toBeVisible();
  await expect(page.getByTestId('yours-recording')).toContainText('node examples/maelstrom/raft-election.mjs');
  // Halfway through the recording: somebody leads.
  const timeline = page.getByTestId('yours-timeline');
  const box = (await timeline.boundingBox())!;
  await timeline.click({ position: { x: box.width * 0.45, y: 10 } });
  await expect.poll(() => leaders(page)).toHaveLength(1);
  await page.screenshot({ path: `${SHOTS}-6-recording.png` });
  await page.getByTestId('node-n1').click();
  await expect(page.getByRole('alert')).toContainText('A recording cannot be changed');
  await expect(page.getByTestId('yours-checks')).toHaveAttribute('data-violations', '0');
});
