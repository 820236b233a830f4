import { STRIP_COLORS } from '../src/ui/theme/palette.ts';
import { expect, test } from './fixtures.ts';

test.describe('the heap strip', () => {
  test('redraws from the heap after an operation: the new block appears in its colour', async ({ explorer }) => {
    await explorer.useHeap('lululucator', 4096);
    const before = await explorer.strip.screenshot();
    expect(await explorer.stripColorAt(50)).not.toBe('#77aadd');
    await explorer.alloc(100);
    await expect.poll(() => explorer.stripColorAt(50)).toBe('#77aadd');
    const after = await explorer.strip.screenshot();
    expect(after.equals(before)).toBe(false);
    await explorer.alloc(200);
    await expect.poll(() => explorer.stripColorAt(200)).toBe('#ee8866');
    const version = await explorer.drawnVersion();
    await explorer.free(0);
    await expect.poll(() => explorer.drawnVersion()).toBeGreaterThan(version);
    await expect.poll(() => explorer.stripColorAt(50)).not.toBe('#77aadd');
  });

  test('draws thousands of blocks narrower than a pixel as columns: allocated bytes from the bottom of the bar, free bytes above them', async ({ explorer, page }) => {
    await explorer.useHeap('lululucator', 1 << 20);
    await page.evaluate(async () => {
      const ops: { op: 'alloc' | 'free'; id: number; size: number }[] = [];
      for (let id = 0; id < 20_000; id++) ops.push({ op: 'alloc', id, size: 24 });
      await window.lulu!.replay(ops);
    });
    // The bar's top and its bottom, 12 px either side of its middle (it is 30 px tall).
    await expect.poll(() => explorer.stripColorAt(200_000, -12)).toBe(STRIP_COLORS.aggregatedAllocated);
    await expect.poll(() => explorer.stripColorAt(200_000, 12)).toBe(STRIP_COLORS.aggregatedAllocated);
    await page.evaluate(async () => {
      const ops: { op: 'alloc' | 'free'; id: number; size: number }[] = [];
      for (let id = 0; id < 20_000; id += 2) ops.push({ op: 'free', id, size: 0 });
      await window.lulu!.replay(ops);
    });
    // Every other block free: half of each column's height free, above the allocated half.
    await expect.poll(() => explorer.stripColorAt(200_000, -12)).toBe(STRIP_COLORS.aggregatedFree);
    await expect.poll(() => explorer.stripColorAt(200_000, 12)).toBe(STRIP_COLORS.aggregatedAllocated);
  });

  test('a click on the strip selects the block under the pointer, and a hover tells what it is', async ({ explorer, page }) => {
    await explorer.useHeap('lululucator', 4096);
    await explorer.alloc(300);
    await explorer.alloc(500);
    await explorer.alloc(100);
    const { x, y } = await explorer.stripPoint(600);
    await page.mouse.click(x, y);
    await expect(explorer.selected).toHaveAttribute('data-offset', '304');
    const tooltip = page.getByTestId('strip-tooltip');
    await expect(tooltip).toContainText('allocated #1');
    await expect(tooltip).toContainText('0x0130 (304)');
    await expect(tooltip).toContainText('requested500 B');
    await expect(explorer.blockRows.nth(1)).toHaveAttribute('aria-selected', 'true');
  });

  test('zooms with the wheel around the pointer and back to the whole heap', async ({ explorer, page }) => {
    await explorer.useHeap('lululucator', 4096);
    await explorer.alloc(3000);
    const anchor = await explorer.stripPoint(2560);
    const near = await explorer.stripPoint(2600);
    await page.mouse.move(anchor.x, anchor.y);
    await page.mouse.wheel(0, -500);
    // The byte under the pointer stays there; its neighbours move away from it.
    await expect.poll(async () => (await explorer.stripPoint(2600)).x - anchor.x).toBeGreaterThan((near.x - anchor.x) * 1.8);
    const still = await explorer.stripPoint(2560);
    expect(Math.abs(still.x - anchor.x)).toBeLessThan(2);
    expect(still.y).toBe(anchor.y);
    await page.getByTestId('zoom-all').click();
    await expect.poll(async () => (await explorer.stripPoint(2600)).x).toBeCloseTo(near.x, 0);
  });

  test('a click on a block-list row selects the block and the strip outlines it', async ({ explorer }) => {
    await explorer.useHeap('lululucator', 4096);
    await explorer.alloc(300);
    await explorer.alloc(300);
    await explorer.blockRows.first().click();
    await expect(explorer.selected).toHaveAttribute('data-offset', '0');
    // The selection outline is white on the block's edge.
    const { y } = await explorer.stripPoint(150);
    const left = await explorer.stripPoint(0);
    const color = await explorer.strip.evaluate(
      (canvas, [cx, cy]) => {
        const c = canvas as HTMLCanvasElement;
        const rect = c.getBoundingClientRect();
        const s = c.width / rect.width;
        const d = c.getContext('2d')!.getImageData(Math.round((cx - rect.left) * s), Math.round((cy - rect.top - 17) * s), 1, 1).data;
        return [d[0], d[1], d[2]];
      },
      [left.x + 40, y] as const,
    );
    for (const channel of color) expect(channel).toBeGreaterThan(245);
  });
});
