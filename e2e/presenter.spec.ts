// Presenter mode and talks (issue 17), as a presenter uses them: the Raft talk at a projector's
// 1280×720, every beat by keyboard, text measured from the page; the interviewer who interrupts;
// the rehearsal's timings and rubric still there after a reload.
import { expect, test, type Page } from '@playwright/test';
import { screenshot } from './helpers.ts';

test.use({ viewport: { width: 1280, height: 720 } });

/** The smallest on-screen text size among visible texts (HTML and the picture's SVG labels), with a sample of the smallest. */
async function smallestText(page: Page): Promise<{ px: number; text: string; count: number; small: string[] }> {
  return page.evaluate(() => {
    let smallest = { px: Infinity, text: '', count: 0 };
    const small: string[] = [];
    const visible = (rect: DOMRect) => rect.width > 0 && rect.height > 0 && rect.bottom > 0 && rect.right > 0 && rect.top < window.innerHeight && rect.left < window.innerWidth;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim() ?? '';
      const element = node.parentElement;
      if (!text || !element) continue;
      // Message glyphs' single letters are symbols inside a shape, named by the legend (as in readable.spec.ts).
      if (element.closest('[class*="message"]')) continue;
      const style = getComputedStyle(element);
      if (style.visibility === 'hidden' || Number(style.opacity) === 0 || element.closest('[aria-hidden="true"]')) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const rect = range.getBoundingClientRect();
      if (!visible(rect)) continue;
      // Hidden by an ancestor with opacity 0 (the presenter bar when the pointer rests).
      if (element.closest('.presenter-bar.hidden')) continue;
      let px = Number.parseFloat(style.fontSize);
      const graphic: Element = element;
      if (graphic instanceof SVGGraphicsElement) {
        const ctm = graphic.getScreenCTM();
        if (ctm) px *= Math.hypot(ctm.a, ctm.b);
      }
      smallest.count += 1;
      if (px < 20 && small.length < 12) small.push(`${Math.round(px * 10) / 10}px "${text.slice(0, 20)}" <${element.tagName.toLowerCase()} class="${element.getAttribute('class') ?? ''}"> in ${element.parentElement?.getAttribute('class') ?? ''}`);
      if (px < smallest.px) smallest = { px: Math.round(px * 10) / 10, text: text.slice(0, 30), count: smallest.count };
    }
    return { ...smallest, small };
  });
}

async function waitForBeat(page: Page, beat: number): Promise<void> {
  const indicator = page.getByTestId('presenter-beat');
  await expect(indicator).toHaveAttribute('data-beat', String(beat), { timeout: 30_000 });
  await expect(indicator).toHaveAttribute('data-busy', 'false', { timeout: 30_000 });
}

test('the Raft talk, presented at 1280×720 through every beat with the keyboard', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/#/talk?name=raft-in-10&speed=1');
  await expect(page.locator('html')).toHaveAttribute('data-presenting', '');
  const beatIndicator = page.getByTestId('presenter-beat');
  await expect(beatIndicator).toHaveAttribute('data-beats', '9');
  await expect(page.getByTestId('presenter-caption')).toContainText('Raft in 10 minutes');
  await expect(page.locator('[data-testid="node-n1"]')).toBeVisible();
  await screenshot(page, 'presenter-raft-intro');

  for (let beat = 1; beat <= 9; beat++) {
    await page.keyboard.press(beat % 2 === 0 ? 'Space' : 'ArrowRight');
    await waitForBeat(page, beat);
    await expect(page.getByTestId('presenter-caption-failed')).toHaveCount(0);
    if ([1, 4, 7, 8, 9].includes(beat)) {
      // Pointer moved: the bar shows; measure while everything is on screen.
      await page.mouse.move(640, 300);
      await expect(page.getByTestId('presenter-bar')).toHaveAttribute('data-shown', 'true');
      const smallest = await smallestText(page);
      console.log(`beat ${beat}: ${smallest.count} texts, smallest ${smallest.px} px ("${smallest.text}")`, smallest.small);
      await screenshot(page, `presenter-raft-beat-${beat}`);
      expect(smallest.px).toBeGreaterThanOrEqual(20);
    }
  }
  await expect(page.getByTestId('talk-beat-timer')).toContainText('Why the current-term rule');
  // ← goes back one beat (the state after beat 8), a number jumps to a beat and plays it.
  await page.keyboard.press('ArrowLeft');
  await waitForBeat(page, 8);
  await expect(page.getByTestId('presenter-caption')).toContainText('Figure 8 of the paper');
  await page.keyboard.press('3');
  await waitForBeat(page, 3);
  await expect(page.getByTestId('presenter-caption')).toContainText('heartbeats');
  await expect(page.locator('[data-testid^="node-n"][data-role="leader"]')).toHaveAttribute('data-testid', 'node-n3');
  // The bar hides while the pointer rests, and comes back when it moves.
  await expect(page.getByTestId('presenter-bar')).toHaveAttribute('data-shown', 'false', { timeout: 10_000 });
  await page.mouse.move(300, 200);
  await expect(page.getByTestId('presenter-bar')).toHaveAttribute('data-shown', 'true');
  await expect(page.getByTestId('presenter-pointer')).toBeVisible();
  // B blanks the screen, B again shows it; Esc leaves presenter mode and the URL forgets it.
  await page.keyboard.press('b');
  await expect(page.getByTestId('presenter-blank')).toBeVisible();
  await screenshot(page, 'presenter-raft-blank');
  await page.keyboard.press('b');
  await expect(page.getByTestId('presenter-blank')).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(page.locator('html')).not.toHaveAttribute('data-presenting', '');
  expect(page.url()).not.toContain('present=1');
});

test('rehearsing with the interviewer: a fault hits the running simulation with a question; timings and rubric survive a reload', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto('/#/talk?name=raft-in-10&speed=2');
  await expect(page.getByTestId('presenter-beat')).toHaveAttribute('data-beats', '9');
  await page.getByTestId('talk-interrupts').check();
  await expect(page.getByTestId('talk-interrupts')).toBeChecked();
  await page.keyboard.press('ArrowRight');
  await waitForBeat(page, 1);
  const strip = page.getByTestId('talk-strip');
  await expect(strip).toHaveAttribute('data-rehearsal', '1');
  const plannedBeat = Number(await strip.getAttribute('data-interrupt-beat'));
  expect(plannedBeat).toBeGreaterThanOrEqual(2);
  // Straight to the beat the interviewer picked (seeded by the rehearsal): the question comes a few seconds in.
  await page.keyboard.press(String(plannedBeat));
  await waitForBeat(page, plannedBeat);
  const question = page.getByTestId('talk-question');
  await expect(question).toBeVisible({ timeout: 15_000 });
  await expect(question).toContainText('Interviewer');
  const fault = await question.getAttribute('data-fault');
  // The fault is in the running simulation, not only in words.
  if (fault === 'crashed the leader') await expect(page.locator('[data-testid^="node-n"][data-role="crashed"]').first()).toBeVisible();
  else await expect(page.locator('[data-testid="island-1"]')).toHaveAttribute('data-members', 'n2');
  await screenshot(page, 'presenter-raft-interviewer');
  await page.getByTestId('talk-question-answered').click();
  await expect(question).toHaveCount(0);
  await page.getByTestId('talk-finish').click();
  const review = page.getByTestId('talk-review');
  await expect(review).toBeVisible();
  await expect(page.getByTestId('talk-review-interruption')).toContainText(`beat ${plannedBeat}`);
  expect(Number(await page.getByTestId('talk-timing-1').getAttribute('data-ms'))).toBeGreaterThan(0);
  await page.getByTestId('talk-rubric-1').check();
  await page.getByTestId('talk-rubric-3').check();
  await expect(review.locator('legend')).toContainText('2 of 7');
  await screenshot(page, 'presenter-raft-review');

  await page.reload();
  await expect(page.getByTestId('talk-strip')).toBeVisible();
  await page.getByTestId('talk-history-open').click();
  await expect(page.getByTestId('talk-review')).toBeVisible();
  await expect(page.getByTestId('talk-rubric-1')).toBeChecked();
  await expect(page.getByTestId('talk-rubric-2')).not.toBeChecked();
  await expect(page.getByTestId('talk-rubric-3')).toBeChecked();
  expect(Number(await page.getByTestId('talk-timing-1').getAttribute('data-ms'))).toBeGreaterThan(0);
  await expect(page.getByTestId('talk-review-interruption')).toBeVisible();
  await expect(page.getByTestId('talk-history-1')).toContainText('interrupted');
});

test('every lab presents: P, a present=1 link, a bad value gets the URL problem page; the other talks open their labs', async ({ page }) => {
  test.setTimeout(60_000);
  await page.goto('/#/quorums?seed=3&present=maybe');
  await expect(page.getByText('“present” must be on or off (1 or 0); got “maybe”.')).toBeVisible();
  await page.goto('/#/talk?name=nope');
  await expect(page.getByText(/“name” must be one of raft-in-10, crdts-in-5, cap-pacelc-in-5/)).toBeVisible();

  await page.goto('/#/replication?seed=3');
  await expect(page.getByTestId('replication-lab')).toBeVisible();
  // Dark theme: the presenter's colours are the theme's own.
  await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.keyboard.press('p');
  await expect(page.locator('html')).toHaveAttribute('data-presenting', '');
  expect(page.url()).toContain('present=1');
  await screenshot(page, 'presenter-replication');
  await page.keyboard.press('Escape');
  await expect(page.locator('html')).not.toHaveAttribute('data-presenting', '');

  await page.goto('/#/hashing?seed=3&present=1');
  await expect(page.locator('html')).toHaveAttribute('data-presenting', '');
  await page.keyboard.press('p');
  await expect(page.locator('html')).not.toHaveAttribute('data-presenting', '');
  await page.getByTestId('present-button').click();
  await expect(page.locator('html')).toHaveAttribute('data-presenting', '');

  for (const [name, beats, ready] of [
    ['crdts-in-5', '5', '[data-testid="crdt-lab"]'],
    ['cap-pacelc-in-5', '5', '[data-testid="quorum-lab"]'],
  ] as const) {
    await page.goto(`/#/talk?name=${name}`);
    await expect(page.locator(ready)).toBeVisible();
    await expect(page.getByTestId('presenter-beat')).toHaveAttribute('data-beats', beats);
    for (let beat = 1; beat <= 2; beat++) {
      await page.keyboard.press('ArrowRight');
      await waitForBeat(page, beat);
    }
    await expect(page.getByTestId('presenter-caption-failed')).toHaveCount(0);
    await page.mouse.move(600, 300);
    const smallest = await smallestText(page);
    console.log(`${name}: smallest ${smallest.px} px`, smallest.small);
    await screenshot(page, `presenter-${name}`);
    expect(smallest.px).toBeGreaterThanOrEqual(20);
  }
});
