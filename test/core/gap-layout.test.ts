import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collectBlocks } from '../../src/core/block-layout.ts';
import { HeapDriver } from '../../src/core/driver.ts';
import { layoutByGaps } from '../../src/core/gap-layout.ts';
import { NODE_ADDR } from '../../src/core/strategies/lululucator.ts';

/** A Lululucator heap after a random script of allocs and frees. */
function scripted(script: number[]): HeapDriver {
  const driver = new HeapDriver({ strategy: 'lululucator', heapSize: 1 << 16, events: false });
  const live: number[] = [];
  script.forEach((x, i) => {
    if (live.length > 0 && x % 3 === 0) driver.free(live.splice(x % live.length, 1)[0]);
    else if (driver.alloc(i, 1 + x).ok) live.push(i);
  });
  return driver;
}

describe('the layout read from the gaps between live blocks', () => {
  it('is the same layout as a walk of the free list and a sort, block for block', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(400), { maxLength: 300 }), (script) => {
        const driver = scripted(script);
        const byGaps = layoutByGaps(driver.strategy, driver.live)!;
        const byWalk = collectBlocks(driver.strategy, driver.live);
        expect(byGaps).not.toBeNull();
        expect(byGaps.count).toBe(byWalk.count);
        expect(Array.from(byGaps.start)).toEqual(Array.from(byWalk.start));
        expect(Array.from(byGaps.span)).toEqual(Array.from(byWalk.span));
        expect(Array.from(byGaps.id)).toEqual(Array.from(byWalk.id));
        expect(Array.from(byGaps.list)).toEqual(Array.from(byWalk.list));
      }),
      { numRuns: 100 },
    );
  });

  it('gives up (null) when a gap does not decompose into the nodes the registers count, as in a torn read', () => {
    const driver = scripted([10, 20, 30, 40, 50, 3, 6]);
    expect(driver.strategy.freeBlockCount()).toBeGreaterThan(0);
    const layout = layoutByGaps(driver.strategy, driver.live)!;
    const k = Array.from(layout.id).indexOf(-1);
    driver.memory.u32[(layout.start[k] + NODE_ADDR) >>> 2] = 1;
    expect(layoutByGaps(driver.strategy, driver.live)).toBeNull();
  });

  it('is not offered by a strategy whose free blocks do not carry their own span (first-fit walks its list)', () => {
    const driver = new HeapDriver({ strategy: 'first-fit', heapSize: 1 << 12, events: false });
    driver.alloc(0, 100);
    expect(layoutByGaps(driver.strategy, driver.live)).toBeNull();
  });
});
