import { expect, test } from './fixtures.ts';

test.describe('errors a user can cause', () => {
  test('size 0: an alert, and the heap is unchanged', async ({ explorer }) => {
    await explorer.alloc(100);
    const before = await explorer.snapshot();
    await explorer.alloc(0);
    await expect(explorer.alert).toHaveText(/size 0: nothing to allocate/);
    expect(await explorer.snapshot()).toEqual(before);
  });

  test('a size larger than the heap: an alert, and the heap is unchanged', async ({ explorer }) => {
    await explorer.useHeap('lululucator', 4096);
    await explorer.alloc(64);
    const before = await explorer.snapshot();
    await explorer.alloc(5000);
    await expect(explorer.alert).toHaveText(/size 5000 is larger than the whole heap/);
    expect(await explorer.snapshot()).toEqual(before);
  });

  test('out of memory gives the reason (the request, total free, the largest hole), and changes nothing', async ({ explorer }) => {
    await explorer.useHeap('lululucator', 4096);
    await explorer.alloc(1000);
    await explorer.alloc(1000);
    await explorer.alloc(1000);
    await explorer.free(1);
    const before = await explorer.snapshot();
    await explorer.alloc(1500);
    await expect(explorer.alert).toHaveText(/out of memory: 1500 bytes .*asked, 2096 bytes free in all but the largest hole is 1096 bytes/);
    expect(await explorer.snapshot()).toEqual(before);
    await expect(explorer.events.last()).toHaveAttribute('data-ok', 'false');
  });

  test('freeing nothing (no selection, or a free block): an alert, and nothing changes', async ({ explorer, page }) => {
    await explorer.alloc(100);
    await explorer.alloc(100);
    await page.keyboard.press('Escape');
    const before = await explorer.snapshot();
    await explorer.freeButton.click();
    await expect(explorer.alert).toHaveText(/nothing to free: select an allocated block first/);
    expect(await explorer.snapshot()).toEqual(before);
    await explorer.free(0);
    const afterFree = await explorer.snapshot();
    await explorer.freeButton.click();
    await expect(explorer.alert).toHaveText(/nothing to free: the block at 0x0000 is free/);
    expect(await explorer.snapshot()).toEqual(afterFree);
  });

  test('the alert goes with the next successful operation', async ({ explorer }) => {
    await explorer.alloc(0);
    await expect(explorer.alert).toBeVisible();
    await explorer.alloc(8);
    await expect(explorer.alert).toHaveCount(0);
  });
});
