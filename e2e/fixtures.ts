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
