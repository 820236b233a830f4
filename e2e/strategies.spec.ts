import { STRATEGY_NAMES } from '../src/core/strategy.ts';
import { expect, test } from './fixtures.ts';
import type { BlockRow } from './explorer-page.ts';

/** Blocks in strict address order, none overlapping. */
function expectOrdered(blocks: readonly BlockRow[]): void {
  for (let k = 1; k < blocks.length; k++) expect(blocks[k].offset).toBeGreaterThanOrEqual(blocks[k - 1].offset + blocks[k - 1].size);
}

test.describe('every strategy', () => {
  test('the strategy picker offers each of them', async ({ explorer }) => {
    const options = await explorer.strategy.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(options).toEqual([...STRATEGY_NAMES]);
  });

  for (const name of STRATEGY_NAMES) {
    test(`${name} can be chosen and used: alloc, free, realloc, reset`, async ({ explorer, page }) => {
      await explorer.useHeap(name, 16384);
      await explorer.alloc(100);
      await explorer.alloc(40);
      await explorer.alloc(300);
      // The lists follow the heap a frame after the strip.
      await expect.poll(async () => (await explorer.blocks()).filter((b) => b.state === 'allocated').length).toBe(3);
      let blocks = await explorer.blocks();
      const live = blocks.filter((b) => b.state === 'allocated');
      expect(live.map((b) => [b.id, b.requested])).toEqual(
        expect.arrayContaining([
          [0, 100],
          [1, 40],
          [2, 300],
        ]),
      );
      for (const b of live) expect(b.size).toBeGreaterThanOrEqual(b.requested!);
      expectOrdered(blocks);
      await explorer.free(1);
      await explorer.realloc(0, 500);
      await expect(explorer.selected).toHaveAttribute('data-state', 'allocated');
      await expect.poll(async () => (await explorer.blocks()).find((b) => b.id === 0)?.requested).toBe(500);
      blocks = await explorer.blocks();
      expectOrdered(blocks);
      expect(blocks.filter((b) => b.state === 'allocated').map((b) => b.id).sort()).toEqual([0, 2]);
      expect(blocks.find((b) => b.id === 0)?.requested).toBe(500);
      // Every node of the free lists is a free block of the block list.
      const free = new Set(blocks.filter((b) => b.state === 'free').map((b) => b.offset));
      for (const node of await explorer.freeListRows()) expect(free.has(node.offset)).toBe(true);
      await expect(page.getByTestId('metric-payload')).toHaveAttribute('data-value', '800');
      await explorer.reset();
      await expect(explorer.blockList.locator(`[data-state="allocated"]`)).toHaveCount(0);
      await expect(page.getByTestId('metric-payload')).toHaveAttribute('data-value', '0');
      await expect(explorer.alert).toHaveCount(0);
    });
  }

  test('fixed-block shows one list per size class, each named', async ({ explorer }) => {
    await explorer.useHeap('fixed-block', 16384);
    await explorer.alloc(8);
    await explorer.alloc(60);
    await explorer.alloc(8);
    await explorer.free(0);
    await explorer.free(1);
    await expect.poll(async () => (await explorer.freeListRows()).filter((n) => n.list !== 'large (address-ordered)').map((n) => [n.list, n.size])).toEqual([
      ['8 B', 8],
      ['64 B', 64],
    ]);
  });
});
