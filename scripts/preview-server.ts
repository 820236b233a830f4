import { chromium, type Browser } from '@playwright/test';
import { build, preview, type PreviewServer } from 'vite';
import { chromiumArgs, findChromium } from './find-chromium.mjs';

/**
 * For scripts that drive the page outside the test runner (the screenshot,
 * the page benchmark): build the app, serve it with `vite preview` (with the
 * COOP/COEP headers of vite.config.ts), launch the Chromium the tests use.
 */

export interface Served {
  readonly url: string;
  close(): Promise<void>;
}

/** Builds dist/ (unless `skipBuild`) and serves it on `port`. */
export async function serveApp({ port, skipBuild = false }: { port: number; skipBuild?: boolean }): Promise<Served> {
  if (!skipBuild) await build({ logLevel: 'warn' });
  const server: PreviewServer = await preview({ preview: { port, strictPort: true }, logLevel: 'warn' });
  const url = server.resolvedUrls?.local[0] ?? `http://localhost:${port}/`;
  return { url, close: () => server.close() };
}

/** The Chromium the end-to-end tests use, headless. */
export async function launchChromium(): Promise<Browser> {
  const { executablePath } = findChromium({ quiet: true });
  return chromium.launch({ executablePath, args: chromiumArgs(), headless: true });
}
