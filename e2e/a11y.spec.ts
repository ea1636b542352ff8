// Every route checked by axe-core at 1280×720: any violation fails.
import { createRequire } from 'node:module';
import { expect, test } from '@playwright/test';

// label-content-name-mismatch is "experimental" in axe 4 (off by default); the issue found it on every route, so it is switched on.
const axeSource = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

const ROUTES = ['/', '/raft', '/raft/measure', '/quorums', '/hashing', '/clocks', '/replication', '/live', '/commit', '/delivery', '/crdts', '/raft/yours', '/raft/yours?seed=5&template=lin-kv-stale', '/exam', '/study', '/no-such-page'];


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
    expect(found, found.map((entry) => `${entry.rule} (${entry.impact}) at ${entry.selector}: ${entry.help}`).join('\n')).toEqual([]);
  });
}
