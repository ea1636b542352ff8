// Finds the Chromium that Playwright should drive: $CHROMIUM_PATH, then Debian's /usr/bin/chromium.
import { existsSync } from 'node:fs';

export function findChromium() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((path) => path && existsSync(path)) ?? null;
}

export const HOW_TO_GET_CHROMIUM = [
  'No Chromium found for the end-to-end tests.',
  'Looked at $CHROMIUM_PATH, /usr/bin/chromium and /usr/bin/chromium-browser.',
  'Install Debian\'s build:   sudo apt-get update && sudo apt-get install -y chromium',
  'or point CHROMIUM_PATH at an existing Chromium/Chrome binary.',
  '(`npx playwright install` cannot download browsers on this network.)',
].join('\n');
