import { ExplorerPage } from './explorer-page.ts';
import { expect, PLAIN_URL, test } from './fixtures.ts';

test.describe('cross-origin isolation', () => {
  test('the page is cross-origin isolated and reads the heap the worker shares', async ({ explorer, page }) => {
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    await expect(page.getByTestId('isolation')).toHaveAttribute('data-mode', 'shared');
    await explorer.alloc(100);
    await explorer.expectBlocks([[0, 104, 'allocated', 0]]);
    await expect(explorer.bumpPointer).toHaveAttribute('data-offset', '104');
  });

  test('without COOP/COEP the page still works, on snapshots, and says so', async ({ page }) => {
    const plain = new ExplorerPage(page);
    await plain.open(PLAIN_URL);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
    await expect(page.getByTestId('isolation')).toHaveAttribute('data-mode', 'snapshot');
    await expect(page.getByTestId('isolation')).toHaveText('not isolated: snapshots');
    await plain.useHeap('lululucator', 4096);
    await plain.alloc(100);
    await plain.alloc(40);
    await plain.alloc(24);
    await plain.free(0);
    await plain.free(2);
    await plain.expectBlocks([
      [0, 104, 'free', null],
      [104, 40, 'allocated', 1],
      [144, 24, 'free', null],
    ]);
    await plain.expectFreeList([144, 0]);
    await expect(plain.bumpPointer).toHaveAttribute('data-offset', '168');
    await expect.poll(() => plain.stripColorAt(110)).toBe('#ee8866');
  });
});
