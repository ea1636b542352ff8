// Every route checked by axe-core at 1280×720: any violation fails, except the listed ones inside the Raft lab, which its owner is fixing.
import { createRequire } from 'node:module';
import { expect, test } from '@playwright/test';

// label-content-name-mismatch is "experimental" in axe 4 (off by default); the issue found it on every route, so it is switched on.
const axeSource = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

const ROUTES = ['/', '/raft', '/raft/measure', '/quorums', '/hashing', '/clocks', '/no-such-page'];

/**
 * Known violations inside src/app/labs/raft/, left to the engineer editing those files; each is
 * skipped by route, rule AND selector, so anything new still fails. Remove an entry once fixed:
 * - label-content-name-mismatch on the five node glyphs (src/app/labs/raft/NodeGlyph.tsx: the SVG
 *   <title> and the visible id/term/role texts are not part of the aria-label "n1, leader, term 4";
 *   the quorum and hashing glyphs were fixed by aria-hidden texts and no <title>);
 * - page-has-heading-one: the Raft lab page has no h1 (src/app/labs/raft/RaftLab.tsx).
 */
const KNOWN_RAFT_VIOLATIONS: readonly { readonly route: string; readonly rule: string; readonly element: RegExp }[] = [
  // axe names a glyph by whatever selector is unique at that moment (g[data-testid="node-n1"], .node-candidate, …): matched by the glyph's test id instead.
  { route: '/raft', rule: 'label-content-name-mismatch', element: /^node-n\d+$/ },
  { route: '/raft', rule: 'page-has-heading-one', element: /^html$/ },
];

interface AxeNode {
  readonly target: readonly string[];
  readonly failureSummary?: string;
}
interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly AxeNode[];
}

for (const route of ROUTES) {
  test(`axe finds no violation on #${route}`, async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(`/#${route}`);
    await page.evaluate(() => window.localStorage.clear());
    await page.reload();
    await expect(page.locator('main, [role="main"]').first()).toBeVisible();
    // Let the lab start (workers answer, first frame drawn) before judging the page.
    await page.waitForTimeout(1500);
    await page.addScriptTag({ path: axeSource });
    const violations = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'], rules: { 'label-content-name-mismatch': { enabled: true } } }).then((results) => results.violations)`)) as AxeViolation[];
    const found = violations.flatMap((violation) =>
      violation.nodes.map((node) => ({ rule: violation.id, impact: violation.impact, help: violation.help, selector: node.target.join(' ') })),
    );
    const unexpected: typeof found = [];
    for (const entry of found) {
      const element = entry.selector === 'html' ? 'html' : ((await page.locator(entry.selector).first().getAttribute('data-testid').catch(() => null)) ?? '');
      if (!KNOWN_RAFT_VIOLATIONS.some((known) => known.route === route && known.rule === entry.rule && known.element.test(element))) unexpected.push(entry);
    }
    expect(unexpected, unexpected.map((entry) => `${entry.rule} (${entry.impact}) at ${entry.selector}: ${entry.help}`).join('\n')).toEqual([]);
  });
}
