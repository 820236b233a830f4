import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { launchChromium, serveApp } from './preview-server.ts';
import { REALISTIC_SESSION, type ScriptedStep } from './realistic-session.ts';

/**
 * Takes docs/screenshot.png: the page with a realistic heap (tens of blocks,
 * a free list of several nodes, a block selected), made by clicking, as a
 * user would. Usage: npx tsx scripts/screenshot.ts [--out docs/screenshot.png] [--skip-build]
 */

const args = process.argv.slice(2);
const out = resolve(args.includes('--out') ? args[args.indexOf('--out') + 1] : 'docs/screenshot.png');
const served = await serveApp({ port: 4179, skipBuild: args.includes('--skip-build') });
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
  // tsx keeps function names with a `__name` helper that the page does not have.
  await page.addInitScript('globalThis.__name = (f) => f');
  await page.goto(served.url);
  await page.getByTestId('worker-status').and(page.locator('[data-state="ready"]')).waitFor();
  await playSession(page, REALISTIC_SESSION);
  // Two steps back: the timeline shows where it is, and what a click there would replace.
  const length = await page.evaluate(() => window.lulu!.services.store.getState().length);
  await page.getByTestId('step-back').click();
  await page.getByTestId('step-back').click();
  await page.getByTestId('step').filter({ hasText: `${length - 2} / ${length}` }).waitFor();
  await page.mouse.move(0, 0);
  await page.waitForTimeout(200);
  await mkdir(dirname(out), { recursive: true });
  await page.screenshot({ path: out });
  process.stdout.write(`wrote ${out}\n`);
} finally {
  await browser.close();
  await served.close();
}

async function playSession(page: import('@playwright/test').Page, steps: readonly ScriptedStep[]): Promise<void> {
  const blocks = page.getByTestId('block-list').getByTestId('block');
  for (const step of steps) {
    const before = await page.evaluate(() => window.lulu!.services.store.getState().length);
    switch (step.kind) {
      case 'heap':
        await page.getByTestId('heap-size').fill(String(step.bytes));
        await page.getByTestId('heap-size').press('Enter');
        await page.getByTestId('bump-pointer').and(page.locator(`[data-offset="0"]`)).waitFor();
        continue;
      case 'alloc':
        await page.getByTestId('alloc-size').fill(String(step.size));
        await page.getByTestId('alloc').click();
        break;
      case 'free':
        await blocks.and(page.locator(`[data-id="${step.id}"]`)).click();
        await page.getByTestId('free').click();
        break;
      case 'realloc':
        await blocks.and(page.locator(`[data-id="${step.id}"]`)).click();
        await page.getByTestId('alloc-size').fill(String(step.size));
        await page.getByTestId('realloc').click();
        break;
      case 'select-free':
        await page.getByTestId('free-list').getByTestId('free-node').nth(step.rank).click();
        continue;
      case 'size':
        await page.getByTestId('alloc-size').fill(String(step.size));
        continue;
    }
    await page.waitForFunction((n) => window.lulu!.services.store.getState().length > n, before);
  }
}
