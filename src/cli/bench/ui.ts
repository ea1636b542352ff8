// UI benchmark: frame rate of the built Raft lab in headless Chromium with 9 nodes, before and
// after thousands of messages have piled up on the timeline; the longest main-thread task while the
// clocks lab imports a 5 MB ShiViz log and while a catastrophic parser regex runs (goal: 200 ms).
// Needs a build (`npx vite build`) and Chromium (see scripts/find-chromium.mjs); skipped with a note when either is missing.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../../../scripts/find-chromium.mjs';
import { bigShivizLog } from '../../../e2e/shivizLogs.ts';

const PORT = 4790;
/** The goal: no main-thread task longer than this. */
const LONG_TASK_GOAL_MS = 200;
/** The workload: a 5 MB log of 53,453 events. */
const BIG_LOG_EVENTS = 53_453;

/** Starts recording the longest main-thread task (Chromium's Long Tasks API). */
async function watchLongTasks(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    window.__longestTaskMs = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__longestTaskMs = Math.max(window.__longestTaskMs, entry.duration);
    }).observe({ type: 'longtask' });
  })()`);
}

function verdict(longestMs: number): string {
  return `longest main-thread task ${longestMs.toFixed(0)} ms (goal ≤ ${LONG_TASK_GOAL_MS} ms: ${longestMs <= LONG_TASK_GOAL_MS ? 'met' : 'missed'})`;
}

async function clocksLongTasks(page: Page, log: (line: string) => void): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(`http://127.0.0.1:${PORT}/#/clocks`);
  await page.evaluate('localStorage.clear()');
  await page.goto(`http://127.0.0.1:${PORT}/#/clocks?tab=shiviz`);
  const text = bigShivizLog(BIG_LOG_EVENTS);
  await page.getByTestId('shiviz-file').setInputFiles({ name: 'big.log', mimeType: 'text/plain', buffer: Buffer.from(text) });
  await watchLongTasks(page);
  const started = Date.now();
  await page.getByTestId('shiviz-import').click();
  await page.waitForSelector(`[data-testid="clocks-diagram"][data-event-count="${BIG_LOG_EVENTS}"]`, { timeout: 300_000 });
  const importMs = Date.now() - started;
  log(`ui: clocks lab, ShiViz import of ${(text.length / 1e6).toFixed(1)} MB (${BIG_LOG_EVENTS} events, 8 hosts) in ${(importMs / 1000).toFixed(1)} s: ${verdict(Number(await page.evaluate('window.__longestTaskMs')))}`);

  await page.goto(`http://127.0.0.1:${PORT}/#/clocks?tab=shiviz`);
  await page.getByTestId('shiviz-text').fill(`${'a'.repeat(28)}\nn1 {"n1":1}`);
  await page.getByTestId('shiviz-parser').fill(String.raw`(?<event>(?=a)(a+)+)b\n(?<host>\S*) (?<clock>{.*})`);
  await watchLongTasks(page);
  const regexStarted = Date.now();
  await page.getByTestId('shiviz-import').click();
  await page.waitForSelector('[data-testid="shiviz-failure"]', { timeout: 60_000 });
  log(`ui: clocks lab, parser (?<event>(?=a)(a+)+)b on 28 "a"s: stopped with its error after ${((Date.now() - regexStarted) / 1000).toFixed(1)} s; ${verdict(Number(await page.evaluate('window.__longestTaskMs')))}`);
}

/** The workload: a scenario file of 60,001 steps, opened and stepped in the Raft lab. */
const BIG_SCENARIO_STEPS = 60_001;

async function raftScenarioLongTasks(page: Page, log: (line: string) => void): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(`http://127.0.0.1:${PORT}/#/raft?seed=3&nodes=3&speed=1`);
  await page.waitForSelector('[data-role="leader"]', { timeout: 20_000 });
  const lines = ['raft nodes=3 seed=3'];
  for (let step = 1; step < BIG_SCENARIO_STEPS; step++) lines.push(step % 2 === 0 ? `request v${step}` : 'run 1ms');
  lines.push('expect leader');
  const text = lines.join('\n');
  // The file is made in the page first: Playwright's setInputFiles decodes it in the page as one
  // long task of its own (0.7 s here), which is the harness, not the app.
  await page.evaluate((content) => {
    (window as unknown as { bigScenario: File }).bigScenario = new File([content], 'big.scenario', { type: 'text/plain' });
  }, text);
  await watchLongTasks(page);
  const started = Date.now();
  await page.evaluate(() => {
    const input = document.querySelector<HTMLInputElement>('[data-testid="scenario-file"]')!;
    const files = new DataTransfer();
    files.items.add((window as unknown as { bigScenario: File }).bigScenario);
    input.files = files.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await page.waitForSelector('[data-testid="scenario-view"]', { timeout: 120_000 });
  const loadMs = Date.now() - started;
  const loadLongest = Number(await page.evaluate('window.__longestTaskMs'));
  await watchLongTasks(page);
  for (let click = 0; click < 5; click++) {
    await page.getByTestId('scenario-next').click();
    await page.waitForSelector(`[data-testid="scenario-line-${click + 2}"][data-status="done"]`, { timeout: 30_000 });
  }
  log(
    `ui: Raft lab, a ${BIG_SCENARIO_STEPS.toLocaleString('en')}-step scenario file (${(text.length / 1e6).toFixed(1)} MB) opened in ${(loadMs / 1000).toFixed(1)} s: ${verdict(loadLongest)}; ` +
      `then 5 single steps: ${verdict(Number(await page.evaluate('window.__longestTaskMs')))}`,
  );
}

async function framesPerSecond(page: Page, durationMs: number): Promise<number> {
  // A string, not a function: tsx compiles functions with name helpers the page does not have.
  return page.evaluate(`new Promise((resolve) => {
    let frames = 0;
    const start = performance.now();
    const count = () => {
      frames += 1;
      if (performance.now() - start < ${durationMs}) requestAnimationFrame(count);
      else resolve((frames * 1000) / (performance.now() - start));
    };
    requestAnimationFrame(count);
  })`) as Promise<number>;
}

async function waitForServer(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // Not up yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no server at ${url} after ${timeoutMs} ms`);
}

export async function runUiBench(log: (line: string) => void): Promise<void> {
  const found = existsSync('dist/index.html') ? await findChromium() : null;
  if (!found) {
    log('ui: skipped (needs `npx vite build` and a Chromium: $CHROMIUM_PATH, /usr/bin/chromium or `npm ci`)');
    return;
  }
  Object.assign(process.env, found.env);
  const server = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(PORT), '--strictPort'], { stdio: 'ignore' });
  const browser = await chromium.launch({
    executablePath: found.path,
    args: [...CHROMIUM_ARGS],
  });
  try {
    await waitForServer(`http://127.0.0.1:${PORT}/`, 20_000);
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    // The home page is nearly static: what this browser on this machine gives at best.
    await page.goto(`http://127.0.0.1:${PORT}/`);
    const baseline = await framesPerSecond(page, 2000);
    await page.goto(`http://127.0.0.1:${PORT}/#/raft?seed=9&nodes=9&speed=1`);
    await page.waitForSelector('[data-role="leader"]', { timeout: 20_000 });
    const atStart = await framesPerSecond(page, 3000);
    const messagesAtStart = Number(await page.locator('[data-message-count]').first().getAttribute('data-message-count'));
    // Pile up history at max speed, then play at 1x again and measure.
    await page.getByTestId('speed').selectOption('max');
    await page.waitForTimeout(8000);
    await page.getByTestId('speed').selectOption('1');
    await page.getByTestId('request-to-leader').click();
    const simulatedMs = Number(await page.getByTestId('clock').getAttribute('data-now-ms'));
    const messages = Number(await page.locator('[data-message-count]').first().getAttribute('data-message-count'));
    const afterHistory = await framesPerSecond(page, 3000);
    log(
      `ui (headless Chromium, software rendering, 1920×1080; the static home page gives ${baseline.toFixed(0)} fps here): Raft lab, 9 nodes, playing at 1x: ` +
        `${atStart.toFixed(0)} fps at the start (${messagesAtStart} messages on the timeline); ` +
        `${afterHistory.toFixed(0)} fps after ${(simulatedMs / 1000).toFixed(0)} simulated s at max speed (${messages} messages on the timeline)`,
    );
    await clocksLongTasks(page, log);
    await raftScenarioLongTasks(page, log);
  } finally {
    await browser.close();
    server.kill();
  }
}
