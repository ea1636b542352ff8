// Finds the Chromium that Playwright drives: $CHROMIUM_PATH, then Debian's /usr/bin/chromium, then the
// headless Chromium that the npm package @sparticuz/chromium ships (a devDependency, so `npm ci` brings
// it on any machine: no apt, no root, no browser download).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** @returns {Promise<{ path: string, source: string, env: Record<string, string> } | null>} */
export async function findChromium() {
  const installed = [
    [process.env.CHROMIUM_PATH, '$CHROMIUM_PATH'],
    ['/usr/bin/chromium', "Debian's chromium"],
    ['/usr/bin/chromium-browser', 'chromium-browser'],
  ].find(([path]) => path && existsSync(path));
  if (installed) return { path: installed[0], source: installed[1], env: {} };
  try {
    const { default: packaged } = await import('@sparticuz/chromium');
    // Unpacks the brotli-compressed binary (and its fonts) into the temp folder once, about 2 s.
    const path = await packaged.executablePath();
    return { path, source: '@sparticuz/chromium (npm)', env: { FONTCONFIG_FILE: writeFontConfig() } };
  } catch (error) {
    console.error(`@sparticuz/chromium could not be unpacked: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}

/**
 * The package unpacks one font (Open Sans) into <tmp>/fonts and its own fontconfig file looks only there,
 * so symbols such as ∥ and → would render as blanks. Ours adds the machine's fonts when it has any.
 */
function writeFontConfig() {
  const folder = join(tmpdir(), 'quorum-lab-fontconfig');
  mkdirSync(folder, { recursive: true });
  const file = join(folder, 'fonts.conf');
  const directories = [join(tmpdir(), 'fonts'), '/usr/share/fonts', '/usr/local/share/fonts'];
  writeFileSync(
    file,
    [
      '<?xml version="1.0"?>',
      '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
      '<fontconfig>',
      ...directories.map((directory) => `  <dir>${directory}</dir>`),
      `  <cachedir>${join(folder, 'cache')}</cachedir>`,
      '</fontconfig>',
      '',
    ].join('\n'),
  );
  return file;
}

export const HOW_TO_GET_CHROMIUM = [
  'No Chromium found for the end-to-end tests.',
  'Looked at $CHROMIUM_PATH, /usr/bin/chromium, /usr/bin/chromium-browser and the npm package @sparticuz/chromium.',
  'Run `npm ci` (it installs @sparticuz/chromium), or point CHROMIUM_PATH at a Chromium/Chrome binary.',
].join('\n');

/**
 * The flags every launch uses (Playwright config and the UI bench). Web security stays on: the e2e
 * must pass with the browser's own rules. Without the networking flags Chromium keeps trying to reach
 * the internet, which this machine's network refuses.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
