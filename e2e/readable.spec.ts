// The readable stage (issue 10): on a projector (1280×720) every label in a lab's picture reads at
// 14 px or more on screen, at 1920×1080 at 16 px or more — measured as computed font size × the SVG's
// scale, not by eye — and the picture is the largest thing on the page. Message icons' single letters
// are symbols inside a 14 px shape, named by the legend beside it, and are left out.
import { expect, test, type Page } from '@playwright/test';
import { screenshot } from './helpers.ts';

interface Label {
  readonly px: number;
  readonly text: string;
  readonly className: string;
}

interface Measure {
  readonly labels: readonly Label[];
  readonly pictureArea: number;
  readonly largestCard: { readonly area: number; readonly name: string };
}

/** Every text in the largest drawing on the page, with its size on screen; and the area of the drawing and of the largest card. */
async function measure(page: Page): Promise<Measure> {
  return page.evaluate(() => {
    const visibleArea = (element: Element) => {
      const rect = element.getBoundingClientRect();
      const width = Math.max(0, Math.min(rect.right, window.innerWidth) - Math.max(rect.left, 0));
      const height = Math.max(0, Math.min(rect.bottom, window.innerHeight) - Math.max(rect.top, 0));
      return width * height;
    };
    const svgs = [...document.querySelectorAll('main svg')];
    const picture = svgs.reduce<Element | null>((best, svg) => (best === null || visibleArea(svg) > visibleArea(best) ? svg : best), null);
    const labels: Label[] = [];
    for (const text of picture?.querySelectorAll('text') ?? []) {
      const content = text.textContent?.trim() ?? '';
      const rect = text.getBoundingClientRect();
      if (!content || rect.width === 0 || text.closest('[class*="message"]')) continue;
      const ctm = (text as SVGTextElement).getScreenCTM();
      const scale = ctm ? Math.hypot(ctm.a, ctm.b) : 1;
      labels.push({ px: Math.round(Number.parseFloat(getComputedStyle(text).fontSize) * scale * 10) / 10, text: content.slice(0, 24), className: text.getAttribute('class') ?? '' });
    }
    let largestCard = { area: 0, name: '' };
    for (const card of document.querySelectorAll('main .card, main aside > section')) {
      if (picture && (card.contains(picture) || picture.contains(card))) continue;
      const area = visibleArea(card);
      if (area > largestCard.area) largestCard = { area, name: card.querySelector('h2, h3')?.textContent?.trim() ?? card.className };
    }
    return { labels, pictureArea: picture ? visibleArea(picture) : 0, largestCard };
  });
}

const ROUTES: readonly { readonly name: string; readonly path: string; readonly ready: string }[] = [
  { name: 'raft-5', path: '/#/raft?seed=7', ready: '[data-testid="node-n1"]' },
  { name: 'raft-9', path: '/#/raft?seed=7&nodes=9', ready: '[data-testid="node-n9"]' },
  { name: 'quorums', path: '/#/quorums?seed=3', ready: '[data-testid="quorum-lab"][data-status="running"]' },
  { name: 'hashing', path: '/#/hashing?seed=3', ready: '[data-testid="ring-view"] .node-badge' },
  { name: 'clocks', path: '/#/clocks', ready: '.clocks-svg .clocks-event' },
];

for (const [width, height, minimum] of [
  [1280, 720, 14],
  [1920, 1080, 16],
] as const) {
  test.describe(`at ${width}×${height}`, () => {
    test.use({ viewport: { width, height } });
    for (const route of ROUTES) {
      test(`${route.name}: every label in the picture reads at ${minimum} px or more, and the picture is the largest thing on the page`, async ({ page }) => {
        await page.goto(route.path);
        await expect(page.locator(route.ready).first()).toBeVisible();
        const isSmall = (label: Label) => label.px < minimum - 0.05;
        // The drawing measures its own scale after its first frame: poll until the labels settle.
        await expect.poll(async () => (await measure(page)).labels.filter(isSmall), { message: `labels under ${minimum} px`, timeout: 5_000 }).toEqual([]);
        const result = await measure(page);
        console.log(
          `${route.name} ${width}×${height}: ${result.labels.length} labels, smallest ${Math.min(...result.labels.map((label) => label.px))} px; picture ${Math.round(result.pictureArea)} px², largest card "${result.largestCard.name}" ${Math.round(result.largestCard.area)} px²`,
        );
        expect(result.labels.length).toBeGreaterThan(2);
        expect(result.pictureArea).toBeGreaterThan(result.largestCard.area);
        await screenshot(page, `readable-${route.name}-${width}`);
      });
    }
  });
}
