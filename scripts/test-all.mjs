// `npm test`: typecheck, lint, unit + property tests, build, e2e; ends with one `N passed, N failed` line.
import { spawnSync } from 'node:child_process';
import { readFileSync, existsSync, mkdirSync } from 'node:fs';
import { findChromium, HOW_TO_GET_CHROMIUM } from './find-chromium.mjs';

let passed = 0;
let failed = 0;
const failures = [];

function step(name, command, args, env = {}) {
  console.log(`\n=== ${name}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) failures.push(name);
  return result.status === 0;
}

/** Tests skipped on purpose (the Go example node when Go is absent), said before the summary line. */
const skipped = [];

function countVitest(file) {
  if (!existsSync(file)) return false;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += (report.numFailedTests ?? 0);
  for (const suite of report.testResults ?? []) {
    for (const test of suite.assertionResults ?? []) {
      if (test.status === 'skipped' || test.status === 'pending') skipped.push(test.fullName ?? test.title);
    }
  }
  return true;
}

function countPlaywright(file) {
  if (!existsSync(file)) return false;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const stats = report.stats ?? {};
  passed += (stats.expected ?? 0) + (stats.flaky ?? 0);
  failed += (stats.unexpected ?? 0);
  if (stats.flaky) console.log(`\nNote: ${stats.flaky} end-to-end test(s) passed only on retry (flaky); see the list above.`);
  return true;
}

mkdirSync('e2e/.results', { recursive: true });

for (const [name, args] of [
  ['typecheck', ['run', '-s', 'typecheck']],
  ['lint', ['run', '-s', 'lint']],
]) {
  if (step(name, 'npm', args)) passed += 1;
  else failed += 1;
}

// The live lab's tests (src/live) run real etcd and PostgreSQL: installed here when root with apt, else the exact command is printed.
if (!step('etcd and PostgreSQL for the live lab', 'node', ['scripts/ensure-live-systems.mjs'])) failed += 1;

step('unit and property tests', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile=e2e/.results/vitest.json']);
if (!countVitest('e2e/.results/vitest.json')) failed += 1;

const built = step('build', 'npx', ['vite', 'build']);
if (built) passed += 1;
else failed += 1;

const chromium = await findChromium();
if (!chromium) {
  console.error(`\n${HOW_TO_GET_CHROMIUM}`);
  failures.push('e2e (no Chromium)');
  failed += 1;
} else if (built) {
  console.log(`\nChromium for the e2e tests: ${chromium.path} (${chromium.source})`);
  step('end-to-end tests', 'npx', ['playwright', 'test'], { ...chromium.env, CHROMIUM_PATH: chromium.path, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' });
  if (!countPlaywright('e2e/.results/report.json')) failed += 1;
}

if (skipped.length > 0) {
  console.log(`\nSkipped (not counted): ${skipped.join('; ')}.`);
  if (skipped.some((name) => /\bGo\b/.test(name))) console.log('The Go example node needs Go (Debian: apt install golang-go); everything else ran.');
}
if (failures.length > 0) console.log(`\nFailed steps: ${failures.join(', ')}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failures.length > 0 || failed > 0 ? 1 : 0);
