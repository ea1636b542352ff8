// How the lab looks and responds: keyboard-only use, 9 nodes at 1920×1080 in the dark theme,
// reduced motion, and a smooth frame rate at full speed.
import { expect, test } from '@playwright/test';
import { pause, readNodes, screenshot, waitForLeader, waitForNode } from './helpers.ts';

test('the keyboard reaches node actions: focus a node, crash it with C, restart it', async ({ page }) => {
  await page.goto('/#/raft?seed=3&nodes=3&speed=1');
  const leader = await waitForLeader(page);
  const glyph = page.getByTestId(`node-${leader.id}`);
  await glyph.focus();
  await expect(glyph).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId(`inspector-${leader.id}`)).toBeVisible();
  await page.keyboard.press('c');
  await expect(glyph).toHaveAttribute('data-role', 'crashed');
  await expect(glyph).toHaveAccessibleName(new RegExp(`^${leader.id}, crashed, term \\d+$`));
  await page.getByTestId('action-restart').focus();
  await page.keyboard.press('Enter');
  await waitForNode(page, (node) => node.id === leader.id && node.role !== 'crashed');
});

test('a refused client request names the leader and offers to resend it there', async ({ page }) => {
  await page.goto('/#/raft?seed=42&nodes=5&speed=1');
  const leader = await waitForLeader(page);
  await pause(page);
  const follower = (await readNodes(page)).find((node) => node.role === 'follower')!;
  await page.getByTestId(`node-${follower.id}`).click();
  await page.getByTestId('action-request').click();
  const notices = page.getByTestId('notices');
  await expect(notices).toContainText(`${follower.id} refused`);
  await expect(notices).toContainText(`Leader hint: ${leader.id}`);
  await notices.getByRole('button', { name: `Send to ${leader.id}` }).click();
  await expect(notices).toContainText(`${leader.id} accepted`);
});

test('nine nodes at 1920×1080 in the dark theme, with messages in flight, stay smooth', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.emulateMedia({ colorScheme: 'dark', reducedMotion: 'no-preference' });
  await page.goto('/#/raft?seed=9&nodes=9&speed=0.1');
  await waitForLeader(page);
  await page.getByTestId('request-to-leader').click();
  await page.getByTestId('request-to-leader').click();
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
  // Frame rate is measured by `npm run bench` and reported here, never asserted: a loaded CI
  // machine is not a laptop. What must hold is that the page keeps drawing.
  test.info().annotations.push({ type: 'frames per second (9 nodes, 1920×1080)', description: String(framesPerSecond) });
  expect(framesPerSecond).toBeGreaterThan(0);
  await screenshot(page, 'raft-9-nodes-1920-dark');
  await page.getByTestId('speed').selectOption('max');
  await expect.poll(async () => Number(await page.getByTestId('clock').getAttribute('data-now-ms')), { timeout: 10_000 }).toBeGreaterThan(60_000);
  expect((await readNodes(page)).length).toBe(9);
  await screenshot(page, 'raft-9-nodes-max-speed');
});

test('reduced motion: the lab still works and nothing needs animation to be understood', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto('/#/raft?seed=42&nodes=5&speed=1');
  await waitForLeader(page);
  await screenshot(page, 'raft-reduced-motion');
});
