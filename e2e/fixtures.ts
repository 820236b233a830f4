import { test as base } from '@playwright/test';
import { ExplorerPage } from './explorer-page.ts';

/** `explorer`: the page opened on a fresh heap, one per test. */
export const test = base.extend<{ explorer: ExplorerPage }>({
  explorer: async ({ page }, use) => {
    const explorer = new ExplorerPage(page);
    await explorer.open();
    await use(explorer);
  },
});

export { expect } from '@playwright/test';

/** The same app from a static server without COOP/COEP (playwright.config.ts's second server, slot-aware). */
export const PLAIN_URL = `http://127.0.0.1:${4182 + 10 * Number(process.env.E2E_SLOT ?? 0)}/`;
