// Exam mode and the study tracker as a learner uses them: an essay survives a reload typed just before it;
// a whole attempt on a fast exam clock (the test hook: a localStorage flag) through a replayed drill,
// pauses, talks, time up, results and export, then imported back (and a damaged file refused by line);
// a trade-off matrix filled and graded.
import { expect, test, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { screenshot } from './helpers.ts';

const QUORUM_RUN = ['raft nodes=3 seed=7', 'run 1s', 'crash n1', 'run 1s', 'request a=1', 'run 500ms', 'crash n2', 'request b=2', 'run 2s', 'restart n1', 'restart n2', 'run 2s', 'request c=3'].join('\n');

async function openExam(page: Page, part = 'build') {
  await page.goto(`/#/exam?part=${part}`);
  await expect(page.getByTestId('exam-page')).toBeVisible();
}

test('an essay typed just before a reload is all there after it', async ({ page }) => {
  await openExam(page, 'articulate');
  await page.getByTestId('exam-start-articulate').click();
  await expect(page.getByTestId('exam-part-articulate')).toHaveAttribute('data-state', 'running');
  const essay = page.getByTestId('exam-essay-text-billing');
  await essay.fill('Billing reads need linearizability.\n\nThe leader lives in one region');
  await essay.pressSequentially(' and');
  await expect(page.getByTestId('exam-essay-words-billing')).toHaveAttribute('data-words', '11');
  // Reload at once, without waiting for the IndexedDB write.
  await page.reload();
  await expect(page.getByTestId('exam-essay-text-billing')).toHaveValue('Billing reads need linearizability.\n\nThe leader lives in one region and');
  await expect(page.getByTestId('exam-part-articulate')).toHaveAttribute('data-state', 'running');
  await expect(page.getByTestId('exam-save')).toHaveAttribute('data-status', 'saved');
  // Evidence: a lab run's link and summary go into the essay.
  await page.getByTestId('exam-evidence-billing').locator('summary').click();
  await page.getByTestId('exam-evidence-insert-billing').click();
  await expect(page.getByTestId('exam-essay-text-billing')).toHaveValue(/\[Quorums: a minority refuses\]\(#\/quorums\?scenario=quorum-minority-refuses\): Quorum lab/);
  await screenshot(page, 'exam-articulate');
});

test('a whole attempt on a fast clock: drill, pause, talks, time up, results, export and import', async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('quorum-lab:exam-clock-speed', '300'));
  await openExam(page);
  await expect(page.getByTestId('exam-fast-clock')).toContainText('300×');
  await page.getByTestId('exam-start-build').click();
  await expect(page.getByTestId('exam-part-build')).toHaveAttribute('data-state', 'running');
  await page.getByTestId('exam-pause-reason-build').fill('doorbell');
  await page.getByTestId('exam-pause-build').click();
  await expect(page.getByTestId('exam-part-build')).toHaveAttribute('data-state', 'paused');
  await page.getByTestId('exam-resume-build').click();
  await expect(page.getByTestId('exam-part-build')).toHaveAttribute('data-state', 'running');

  // A run that is not the learner's own (a preset link) is refused in words.
  await page.getByTestId('exam-drill-run-etcd-quorum').fill('http://127.0.0.1/#/raft?scenario=quorum-loss');
  await page.getByTestId('exam-drill-check-etcd-quorum').click();
  await expect(page.getByTestId('exam-drill-problem-etcd-quorum')).toContainText('presets');
  await page.getByTestId('exam-drill-run-etcd-quorum').fill(QUORUM_RUN);
  await page.getByTestId('exam-drill-check-etcd-quorum').click();
  const result = page.getByTestId('exam-drill-result-etcd-quorum');
  await expect(result).toHaveAttribute('data-passed', '4');
  await expect(result).toHaveAttribute('data-target', 'simulated');
  await expect(result).toContainText('a majority down: a write is not committed');
  await screenshot(page, 'exam-build-checked');
  await page.getByTestId('exam-finish-build').click();
  await expect(page.getByTestId('exam-part-build')).toHaveAttribute('data-state', 'ended');

  await page.getByTestId('exam-tab-articulate').click();
  await page.getByTestId('exam-start-articulate').click();
  await page.getByTestId('exam-essay-text-exactly-once').fill('Exactly-once delivery is a lie: build at-least-once with idempotent effects.');
  await page.getByTestId('exam-finish-articulate').click();
  await expect(page.getByTestId('exam-part-articulate')).toHaveAttribute('data-state', 'ended');
  await page.getByTestId('exam-essay-rubric-exactly-once-effect').check();

  await page.getByTestId('exam-tab-whiteboard').click();
  await expect(page.getByTestId('exam-talk-link-raft-in-10')).toHaveAttribute('href', '#/talk?name=raft-in-10');
  await page.getByTestId('exam-start-whiteboard').click();
  await page.getByTestId('exam-talk-start-raft-in-10').click();
  await page.getByTestId('exam-talk-done-raft-in-10').click();
  await expect(page.getByTestId('exam-talk-time-raft-in-10')).toContainText('of 10:00');
  await page.getByTestId('exam-talk-rubric-raft-in-10-terms').check();
  // 30 exam minutes at 300× is 6 s: the part closes by itself at its budget.
  await expect(page.getByTestId('exam-part-whiteboard')).toHaveAttribute('data-state', 'ended', { timeout: 20_000 });

  await page.getByTestId('exam-tab-results').click();
  await expect(page.getByTestId('exam-results-part-whiteboard')).toContainText('time up');
  await expect(page.getByTestId('exam-results-part-build')).toContainText('doorbell');
  await expect(page.getByTestId('exam-results-drill-etcd-quorum')).toContainText('4 of 4 checks passed, on the simulated lab');
  await expect(page.getByTestId('exam-results-essay-exactly-once')).toContainText('10 of 1,500 words; rubric 1 of 6');
  await screenshot(page, 'exam-results');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('exam-export').click()]);
  const markdown = await readFile((await download.path())!, 'utf8');
  expect(markdown).toContain('Exactly-once delivery is a lie: build at-least-once with idempotent effects.');
  expect(markdown).toContain('- pause: ');
  expect(markdown).toContain('crash n2');

  // A new attempt, then the export imported back: the same results.
  await page.getByTestId('exam-new').click();
  await expect(page.getByTestId('exam-results-drill-etcd-quorum')).toContainText('not checked');
  const damaged = markdown.replace('- target: simulated', '- target: somewhere');
  await page.getByTestId('exam-import-file').setInputFiles({ name: 'damaged.md', mimeType: 'text/markdown', buffer: Buffer.from(damaged) });
  const line = damaged.split('\n').findIndex((text) => text === '- target: somewhere') + 1;
  await expect(page.getByTestId('exam-import-message')).toHaveAttribute('data-tone', 'problem');
  await expect(page.getByTestId('exam-import-message')).toContainText(`damaged.md, line ${line}: "target" is live or simulated`);
  await page.getByTestId('exam-import-file').setInputFiles({ name: 'attempt.md', mimeType: 'text/markdown', buffer: Buffer.from(markdown) });
  await expect(page.getByTestId('exam-import-message')).toHaveAttribute('data-tone', 'ok');
  await expect(page.getByTestId('exam-results-drill-etcd-quorum')).toContainText('4 of 4 checks passed, on the simulated lab');
  await expect(page.getByTestId('exam-results-essay-exactly-once')).toContainText('10 of 1,500 words; rubric 1 of 6');
  await page.getByTestId('exam-tab-articulate').click();
  await expect(page.getByTestId('exam-essay-text-exactly-once')).toHaveValue('Exactly-once delivery is a lie: build at-least-once with idempotent effects.');
});

test('study tracker: a trade-off matrix from memory, graded with the reasons', async ({ page }) => {
  await page.goto('/#/study?tab=matrices');
  const cell = (id: string) => page.getByTestId(`study-select-replication.${id}`);
  await cell('sync.latency').selectOption('round-trip');
  await cell('sync.loss').selectOption('none');
  await cell('sync.standby-down').selectOption('block');
  await cell('async.latency').selectOption('local');
  await cell('async.loss').selectOption('none'); // wrong on purpose
  await page.getByTestId('study-grade-replication').click();
  await expect(page.getByTestId('study-score-replication')).toHaveAttribute('data-score', '4');
  await expect(page.getByTestId('study-cell-replication.async.loss')).toHaveAttribute('data-correct', 'false');
  await expect(page.getByTestId('study-matrix-replication')).toContainText('Writes the standby had not received when the primary died are gone after promotion.');
  await screenshot(page, 'study-matrices');
  // Progress is kept: a reload finds the answers.
  await page.reload();
  await expect(cell('async.loss')).toHaveValue('none');
  await page.getByTestId('study-tab-systems').click();
  await page.getByTestId('study-system-select-kafka.consensus').selectOption('zab');
  await page.getByTestId('study-systems-grade').click();
  await expect(page.getByTestId('study-system-kafka.consensus')).toHaveAttribute('data-correct', 'true');
  await expect(page.getByTestId('study-system-notes-kafka')).toContainText('Accepted');
  await page.getByTestId('study-tab-checklist').click();
  await page.getByTestId('study-tick-etcd-kill').check();
  await expect(page.getByTestId('study-progress')).toHaveAttribute('data-done', '1');
  await screenshot(page, 'study-checklist');
});

test('the split-brain drill done by clicking in the replication lab, its run checked by the exam', async ({ page }) => {
  await page.goto('/#/replication?nodes=2&mode=async&failover=manual&fencing=none&seed=2');
  await expect(page.getByTestId('replication-lab')).toHaveAttribute('data-status', 'running', { timeout: 30_000 });
  await expect(page.getByTestId('node-n1')).toHaveAttribute('data-role', 'primary');
  await page.getByTestId('node-n1').focus();
  await page.keyboard.press('i');
  // Isolated: the two nodes on different islands.
  await expect.poll(async () => (await page.getByTestId('node-n1').getAttribute('data-partition')) !== (await page.getByTestId('node-n2').getAttribute('data-partition'))).toBe(true);
  await page.getByTestId('promote-n2').click();
  await expect(page.getByTestId('node-n2')).toHaveAttribute('data-role', 'primary');
  await page.getByTestId('write-n2').click();
  await page.getByTestId('write-n1').click();
  await expect(page.getByTestId('measures')).toHaveAttribute('data-split-brain', 'true', { timeout: 20_000 });
  await page.getByTestId('heal').click();
  await page.getByTestId('rewind-n1').click();
  await expect(page.getByTestId('node-n1')).toHaveAttribute('data-role', 'standby', { timeout: 20_000 });
  await expect(page.getByTestId('measures')).not.toHaveAttribute('data-lost', '0');
  await page.getByTestId('actions-copy').click();
  await expect(page.getByTestId('actions-text')).toHaveValue(/replication nodes=2[\s\S]*rewind n1/);
  const run = await page.getByTestId('actions-text').inputValue();
  expect(run).toContain('rewind n1');

  await page.goto('/#/exam?part=build');
  await page.getByTestId('exam-start-build').click();
  await page.getByTestId('exam-drill-run-postgres-split-brain').fill(run);
  await page.getByTestId('exam-drill-check-postgres-split-brain').click();
  const result = page.getByTestId('exam-drill-result-postgres-split-brain');
  await expect(result).toHaveAttribute('data-passed', '4');
  await expect(result).toContainText('n1 is a standby on timeline 2 streaming from n2');
  await screenshot(page, 'exam-split-brain-checked');
});

test('without IndexedDB the page says nothing is kept and offers the export at once', async ({ page }) => {
  await page.addInitScript(() => {
    // A browser that refuses IndexedDB (some private modes).
    Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true });
  });
  await openExam(page, 'articulate');
  await expect(page.getByTestId('exam-save')).toHaveAttribute('data-status', 'unavailable');
  await expect(page.getByTestId('exam-save')).toContainText('Not kept in this browser');
  await page.getByTestId('exam-start-articulate').click();
  await page.getByTestId('exam-essay-text-billing').fill('Still here after a reload, from the synchronous copy.');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('exam-save-export').click()]);
  expect(download.suggestedFilename()).toMatch(/^exam-attempt-.*\.md$/);
  await page.reload();
  await expect(page.getByTestId('exam-essay-text-billing')).toHaveValue('Still here after a reload, from the synchronous copy.');
});
