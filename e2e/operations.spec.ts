import { expect, test } from './fixtures.ts';

test.describe('operations by clicks', () => {
  test('alloc hands out blocks from the bump pointer and selects each new block', async ({ explorer }) => {
    await explorer.alloc(100);
    await expect(explorer.selected).toHaveAttribute('data-offset', '0');
    await explorer.alloc(40);
    await explorer.alloc(1);
    await explorer.expectBlocks([
      [0, 104, 'allocated', 0],
      [104, 40, 'allocated', 1],
      [144, 24, 'allocated', 2],
    ]);
    expect((await explorer.blocks()).map((b) => b.requested)).toEqual([100, 40, 1]);
    await expect(explorer.selected).toHaveAttribute('data-offset', '144');
    await expect(explorer.bumpPointer).toHaveAttribute('data-offset', '168');
    await expect(explorer.freeNodes).toHaveCount(0);
  });

  test('free pushes nodes on the Lululucator list in LIFO order, and alloc reuses the head first', async ({ explorer }) => {
    for (const size of [100, 40, 24, 64]) await explorer.alloc(size);
    await explorer.free(0);
    await explorer.free(2);
    await explorer.expectFreeList([144, 0]);
    await expect(explorer.selected).toHaveAttribute('data-state', 'free');
    await explorer.alloc(16);
    // The head (144, 24 bytes) fits exactly: unlinked; 0 stays.
    await explorer.expectFreeList([0]);
    await explorer.expectBlocks([
      [0, 104, 'free', null],
      [104, 40, 'allocated', 1],
      [144, 24, 'allocated', 4],
      [168, 64, 'allocated', 3],
    ]);
    await explorer.alloc(30);
    // 32 bytes from the front of the 104-byte node: 72 left at 32.
    await explorer.expectFreeList([32]);
    await expect(explorer.bumpPointer).toHaveAttribute('data-offset', '232');
  });

  test('first-fit keeps its holes in address order and merges neighbours', async ({ explorer }) => {
    await explorer.useHeap('first-fit', 4096);
    for (const size of [100, 40, 24, 64]) await explorer.alloc(size);
    await explorer.free(2);
    await explorer.free(0);
    await explorer.expectFreeList([0, 144, 232]);
    await explorer.free(1);
    await explorer.expectFreeList([0, 232]);
    await explorer.expectBlocks([
      [0, 168, 'free', null],
      [168, 64, 'allocated', 3],
      [232, 4096 - 232, 'free', null],
    ]);
    await expect(explorer.bumpPointer).toHaveAttribute('data-offset', '-1');
  });

  test('realloc moves the block (alloc new, copy, free old) and keeps it selected', async ({ explorer }) => {
    await explorer.alloc(16);
    await explorer.alloc(16);
    await explorer.realloc(0, 64);
    await explorer.expectBlocks([
      [0, 24, 'free', null],
      [24, 24, 'allocated', 1],
      [48, 64, 'allocated', 0],
    ]);
    await expect(explorer.selected).toHaveAttribute('data-offset', '48');
    await expect(explorer.events.last()).toContainText('moved 0x0000 -> 0x0030, copied 16 bytes');
  });

  test('reset empties the heap: same strategy and size', async ({ explorer }) => {
    await explorer.useHeap('lululucator', 8192);
    await explorer.alloc(100);
    await explorer.alloc(200);
    await explorer.free(0);
    await explorer.reset();
    await expect(explorer.blockRows).toHaveCount(0);
    await expect(explorer.freeNodes).toHaveCount(0);
    await expect(explorer.bumpPointer).toHaveAttribute('data-offset', '0');
    await expect(explorer.strategy).toHaveValue('lululucator');
    await expect(explorer.heapSize).toHaveValue('8192');
    await explorer.alloc(8);
    await explorer.expectBlocks([[0, 24, 'allocated', 0]]);
  });

  test('a click on a free-list row or the inspector`s next link selects the node', async ({ explorer, page }) => {
    for (const size of [24, 24, 24, 24]) await explorer.alloc(size);
    await explorer.free(0);
    await explorer.free(2);
    await explorer.freeNodes.first().click();
    await expect(explorer.selected).toHaveAttribute('data-offset', '48');
    await page.getByTestId('selected-next').click();
    await expect(explorer.selected).toHaveAttribute('data-offset', '0');
    await expect(explorer.selected).toContainText('NIL');
  });

  test('the metrics follow the operations', async ({ explorer, page }) => {
    await explorer.alloc(100);
    await explorer.alloc(20);
    await expect(page.getByTestId('metric-payload')).toHaveAttribute('data-value', '120');
    await expect(page.getByTestId('metric-footprint')).toHaveAttribute('data-value', '128');
    await explorer.free(0);
    await expect(page.getByTestId('metric-payload')).toHaveAttribute('data-value', '20');
    await expect(page.getByTestId('metric-fragmentation')).toHaveAttribute('data-value', '0');
    await expect(page.getByTestId('metric-utilization')).toHaveAttribute('data-value', String(120 / 128));
  });
});
