import type { Page } from '@playwright/test';
import { STRATEGY_NAMES, type StrategyName } from '../src/core/strategy.ts';
import type { ExplorerPage } from './explorer-page.ts';
import { expect, test } from './fixtures.ts';

/**
 * Jumps until a frame is caught drawn from the first picture of a heap (the
 * seek resolves just after the frame that shows it, most often before the
 * whole heap is read: the whole read waits for the worker to be idle, which
 * it may already be); then draws the whole picture of that version and
 * counts the pixels that differ.
 */
async function firstAgainstWhole(page: Page, length: number) {
  return page.evaluate(async (length) => {
    const { store, connection, strip } = window.lulu!.services;
    const reader = connection.reader;
    const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="heap-strip"]')!;
    const pixels = () => canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    for (let attempt = 0; attempt < 20; attempt++) {
      await store.getState().seek(attempt % 2 === 0 ? length - 1 - attempt : length - attempt);
      const first = reader.latest()!;
      if (first.mergedBelow === 0) continue;
      const firstPixels = pixels();
      const drawnFirst = Number(canvas.dataset.drawnVersion);
      await new Promise<void>((resolve) => {
        const check = () => (reader.current()?.version === first.version ? resolve() : setTimeout(check, 10));
        check();
      });
      strip.current!.drawNow();
      const wholePixels = pixels();
      let differing = 0;
      for (let i = 0; i < firstPixels.length; i++) if (firstPixels[i] !== wholePixels[i]) differing++;
      return { columns: first.columns !== undefined, first: first.blocks.count, whole: reader.current()!.blocks.count, drawnFirst, version: first.version, differing };
    }
    return { columns: false, first: 0, whole: 0, drawnFirst: -1, version: 0, differing: -1 };
  }, length);
}

/** Runs of narrow free blocks between live ones, and a wide block now and then, free or not, on `strategy`'s heap. */
async function fill(explorer: ExplorerPage, page: Page, strategy: StrategyName): Promise<void> {
  await explorer.useHeap(strategy, 1 << 20);
  await page.evaluate(async () => {
    const ops: { op: 'alloc' | 'free'; id: number; size: number }[] = [];
    for (let id = 0; id < 5000; id++) ops.push({ op: 'alloc', id, size: id % 50 === 0 ? 2000 : 16 + ((id * 7919) % 200) });
    for (let id = 0; id < 5000; id++) if (id % 10 < 8 && id % 100 !== 0) ops.push({ op: 'free', id, size: 0 });
    await window.lulu!.replay(ops);
  });
}

test.describe('the strip after a jump', () => {
  const cases: { name: string; strategy: StrategyName; selected: { id: number } | null; columns: boolean; share: number }[] = [
    {
      name: 'first drawn as bytes a pixel column from the unsorted live blocks and the wide free blocks, is pixel for pixel the strip drawn from the whole heap',
      strategy: 'lululucator',
      selected: null,
      columns: true,
      // Only the blocks drawn on their own are listed: the wide ones.
      share: 10,
    },
    {
      // Id 9 lives to the end (the frees spare ids ending in 8 and 9): a narrow block, outlined.
      name: 'with a block selected, first drawn from the live blocks and runs of free blocks, is pixel for pixel the strip drawn from the whole heap, outline included',
      strategy: 'lululucator',
      selected: { id: 9 },
      columns: false,
      share: 2,
    },
    // Every other strategy walks its free lists for its first frame. Some coalesce: fewer narrow blocks to leave out.
    ...STRATEGY_NAMES.filter((name) => name !== 'lululucator').map((strategy) => ({
      name: `with ${strategy}, its free lists walked, first drawn as bytes a pixel column, is pixel for pixel the strip drawn from the whole heap`,
      strategy,
      selected: null,
      columns: true,
      share: 1,
    })),
  ];
  for (const c of cases) {
    test(c.name, async ({ explorer, page }) => {
      await fill(explorer, page, c.strategy);
      const length = await page.evaluate((selected) => {
        const store = window.lulu!.services.store;
        store.getState().select(selected);
        return store.getState().length;
      }, c.selected);
      const result = await firstAgainstWhole(page, length);
      expect(result.columns).toBe(c.columns);
      expect(result.first).toBeLessThan(result.whole / c.share);
      expect(result.drawnFirst).toBe(result.version);
      expect(result.differing).toBe(0);
    });
  }
});
