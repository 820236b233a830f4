import { defineConfig } from '@playwright/test';
import { chromiumArgs, findChromium } from './scripts/find-chromium.mjs';

/**
 * End-to-end tests of the page. Two servers: the built app with the
 * cross-origin isolation headers (`vite preview`, as `npm start` serves it),
 * and the same files from a plain static server without them (the fallback).
 * The browser is found by scripts/find-chromium.mjs (CONTRACT.md).
 */

/**
 * E2E_SLOT=n (default 0) gives a run its own ports, build and results
 * directories, so that several runs on one machine do not trample each other.
 */
const SLOT = Number(process.env.E2E_SLOT ?? 0);
export const ISOLATED_PORT = 4181 + 10 * SLOT;
export const PLAIN_PORT = 4182 + 10 * SLOT;
const DIST = SLOT === 0 ? 'dist' : `dist-e2e-${SLOT}`;
const { executablePath } = findChromium();

export default defineConfig({
  testDir: 'e2e',
  outputDir: SLOT === 0 ? 'test-results' : `test-results-${SLOT}`,
  fullyParallel: true,
  // The tests mostly wait on the worker and the browser: two at a time even on two cores.
  workers: 2,
  forbidOnly: !!process.env.CI,
  // One retry on CI, where a loaded machine can delay a frame; Playwright still reports such a test as flaky.
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? 'line' : 'list',
  timeout: 30_000,
  expect: { timeout: 7_000 },
  use: {
    baseURL: `http://127.0.0.1:${ISOLATED_PORT}/`,
    browserName: 'chromium',
    launchOptions: { executablePath, args: chromiumArgs() },
    viewport: { width: 1280, height: 800 },
    trace: 'retain-on-failure',
  },
  webServer: [
    {
      command: `npx vite build --logLevel warn --outDir ${DIST} && npx vite preview --outDir ${DIST} --port ${ISOLATED_PORT} --strictPort --host 127.0.0.1`,
      url: `http://127.0.0.1:${ISOLATED_PORT}/`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'ignore',
    },
    {
      command: `node scripts/static-server.mjs --port ${PLAIN_PORT} --dir ${DIST}`,
      url: `http://127.0.0.1:${PLAIN_PORT}/`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: 'ignore',
    },
  ],
});
