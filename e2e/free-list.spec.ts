import { expect, test } from './fixtures.ts';

test.describe('a free list of hundreds of nodes', () => {
  test('keeps only the rows in view in the document, yet scrolls to its last node, which links to NIL and selects like any other', async ({ explorer, page }) => {
    await explorer.useHeap('lululucator', 1 << 20);
    // 1,200 blocks of 24 bytes, every other one freed: 600 nodes on the LIFO list, the last freed at its head.
    await page.evaluate(async () => {
      const ops: { op: 'alloc' | 'free'; id: number; size: number }[] = [];
      for (let id = 0; id < 1200; id++) ops.push({ op: 'alloc', id, size: 24 });
      for (let id = 0; id < 1200; id += 2) ops.push({ op: 'free', id, size: 0 });
      await window.lulu!.replay(ops);
    });
    await expect(explorer.freeList).toHaveAttribute('aria-rowcount', '600');
    await expect(explorer.freeNodes.first()).toHaveAttribute('data-offset', String(1198 * 24));
    expect(await explorer.freeNodes.count()).toBeLessThan(100);

    await explorer.freeList.locator('xpath=..').evaluate((box) => {
      box.scrollTop = box.scrollHeight;
    });
    const last = explorer.freeNodes.and(page.locator('[data-offset="0"]'));
    await expect(last).toBeVisible();
    await expect(last).toContainText('599');
    await expect(last).toContainText('NIL');
    await last.click();
    await expect(explorer.selected).toHaveAttribute('data-offset', '0');
    await expect(explorer.selected).toContainText('node 600 of the free list');
  });
});
