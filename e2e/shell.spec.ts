// The app shell as a visitor meets it: the home page, routes, bad links, themes.
import { expect, test } from '@playwright/test';
import { screenshot } from './helpers.ts';

test('the home page lists the labs', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Labs' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Raft' })).toBeVisible();
  // Every lab is listed; each is either open (a link to its page) or says it is coming next.
  for (const lab of ['hashing', 'clocks', 'quorums']) {
    const card = page.getByTestId(`lab-${lab}`);
    await expect(card).toBeVisible();
    const open = await card.getByRole('link').count();
    if (open === 0) await expect(card).toContainText('Coming next');
  }
  await screenshot(page, 'home');
});

test('a bad URL parameter shows an inline error, not a blank page', async ({ page }) => {
  await page.goto('/#/raft?nodes=12&seed=abc');
  const error = page.getByTestId('url-error');
  await expect(error).toBeVisible();
  await expect(error).toContainText('“nodes” must be a whole number from 1 to 9; got “12”');
  await expect(error).toContainText('“seed” must be a whole number');
  await screenshot(page, 'bad-url');
  await page.goto('/#/raft?colour=blue');
  await expect(page.getByTestId('url-error')).toContainText('Unknown parameter “colour”');
  // Every lab reads its URL with the kit's reader: a parameter given twice, or a clocks link out of range.
  await page.goto('/#/quorums?seed=1&seed=2');
  await expect(page.getByTestId('url-error')).toContainText('“seed” is given more than once (“1”, “2”): keep one.');
  await page.goto('/#/clocks?seed=3&events=999');
  await expect(page.getByTestId('url-error')).toContainText('“events” must be a whole number from 2 to 60; got “999”.');
  await screenshot(page, 'bad-url-clocks');
  await page.goto('/#/nowhere');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('No such page');
});

test('the theme toggle switches between dark and light', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await screenshot(page, 'home-dark');
});
