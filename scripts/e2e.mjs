// `npm run test:e2e`: build, then run the Playwright specs in Chromium (see find-chromium.mjs for which one).
import { spawnSync } from 'node:child_process';
import { findChromium, HOW_TO_GET_CHROMIUM } from './find-chromium.mjs';

const chromium = await findChromium();
if (!chromium) {
  console.error(HOW_TO_GET_CHROMIUM);
  process.exit(1);
}
console.log(`Chromium for the e2e tests: ${chromium.path} (${chromium.source})`);
const build = spawnSync('npx', ['vite', 'build'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const run = spawnSync('npx', ['playwright', 'test', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, ...chromium.env, CHROMIUM_PATH: chromium.path, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' },
});
process.exit(run.status ?? 1);
