import { expect, test } from '@playwright/test';
test.use({ viewport: { width: 1280, height: 720 } });
test('debug', async ({ page }) => {
  page.on('console', (m) => console.log('console', m.type(), m.text()));
  page.on('pageerror', (e) => console.log('pageerror', e.message));
  await page.goto('/#/hashing?seed=3&present=1');
  await expect(page.locator('html')).toHaveAttribute('data-presenting', '');
  await page.waitForTimeout(1000);
  await page.goto('/#/talk?name=crdts-in-5');
  await expect(page.locator('[data-testid="crdt-lab"]')).toBeVisible();
  await page.waitForTimeout(3000);
  console.log(await page.getByTestId('presenter-bar').innerText());
  console.log((await page.locator('[data-testid="scenario-panel"]').innerText()).slice(0, 300));
});
