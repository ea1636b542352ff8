// Playwright config: the Chromium scripts/find-chromium.mjs picked (never a downloaded browser), against `vite preview`.
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS } from './scripts/find-chromium.mjs';

const port = Number(process.env.E2E_PORT ?? 4173);
// Several people can run e2e at once on one machine: each with its own port and build folder.
const distFolder = process.env.E2E_DIST ?? 'dist';

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'e2e/.results',
  timeout: 60_000,
  fullyParallel: false,
  workers: 1,
  // One retry on CI only: a test that fails and then passes is reported as flaky (test-all prints the
  // count), so flakiness stays visible without one slow moment on a loaded machine sinking the run.
  retries: process.env.CI ? 1 : 0,
  reporter: [['list'], ['json', { outputFile: 'e2e/.results/report.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 1280, height: 720 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [...CHROMIUM_ARGS],
    },
  },
  webServer: {
    command: `npx vite preview --host 127.0.0.1 --port ${port} --strictPort --outDir ${distFolder}`,
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
