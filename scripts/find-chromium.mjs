// Finds a Chromium for Playwright, as CONTRACT.md says: Playwright's own browser
// where it is installed, else /usr/bin/chromium, else (root on Debian) the
// `chromium` package installed with apt-get. Prints its choice in one line.
// Usable as a module (findChromium) and as a script (`node scripts/find-chromium.mjs`).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const SYSTEM_CHROMIUM = '/usr/bin/chromium';
/** Set once found, so Playwright's worker processes reuse the choice (and print nothing). */
const ENV = 'LULU_CHROMIUM';

function playwrightBrowser() {
  try {
    const require = createRequire(import.meta.url);
    const { chromium } = require('playwright-core');
    const path = chromium.executablePath();
    return path && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

function installWithApt() {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!root || !existsSync('/etc/debian_version')) return false;
  process.stderr.write('chromium: none found; installing the Debian package with apt-get (about 30 s)\n');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'], env });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: ['ignore', 'ignore', 'inherit'], env });
  return existsSync(SYSTEM_CHROMIUM);
}

/**
 * The browser to launch: `{ executablePath, source }`; executablePath is
 * undefined for Playwright's own browser. Throws when there is none and none
 * can be installed.
 */
export function findChromium({ quiet = false } = {}) {
  const known = process.env[ENV];
  if (known) return { executablePath: known === 'playwright' ? undefined : known, source: 'cached' };
  let choice;
  if (playwrightBrowser()) choice = { executablePath: undefined, source: `Playwright's browser (${playwrightBrowser()})` };
  else if (existsSync(SYSTEM_CHROMIUM)) choice = { executablePath: SYSTEM_CHROMIUM, source: `${SYSTEM_CHROMIUM} (system package)` };
  else if (installWithApt()) choice = { executablePath: SYSTEM_CHROMIUM, source: `${SYSTEM_CHROMIUM} (just installed with apt-get)` };
  else {
    throw new Error(
      'no Chromium for the end-to-end tests: run `npx playwright install chromium`, or install the chromium package (apt-get install chromium) so that /usr/bin/chromium exists',
    );
  }
  process.env[ENV] = choice.executablePath ?? 'playwright';
  if (!quiet) process.stdout.write(`chromium: ${choice.source}\n`);
  return choice;
}

/** Launch arguments that suit a headless machine (and root, which needs --no-sandbox). */
export function chromiumArgs() {
  const args = [
    '--disable-gpu',
    '--disable-quic',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ];
  if (typeof process.getuid === 'function' && process.getuid() === 0) args.push('--no-sandbox');
  return args;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    findChromium();
  } catch (e) {
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  }
}
