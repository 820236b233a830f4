import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collectBlocks, walkFree, sortedOrder } from '../../src/core/block-layout.ts';
import { HeapDriver } from '../../src/core/driver.ts';

describe('the block layout', () => {
  it('lists every live and free block once, in address order, and says where each free node landed', () => {
    fc.assert(
      fc.property(fc.constantFrom('lululucator', 'first-fit', 'fixed-block', 'buddy'), fc.array(fc.nat(400), { maxLength: 300 }), (strategy, script) => {
        const driver = new HeapDriver({ strategy, heapSize: 1 << 16, events: false });
        const live: number[] = [];
        script.forEach((x, i) => {
          if (live.length > 0 && x % 3 === 0) driver.free(live.splice(x % live.length, 1)[0]);
          else if (driver.alloc(i, 1 + x).ok) live.push(i);
        });
        const free = walkFree(driver.strategy);
        const layout = collectBlocks(driver.strategy, driver.live, free);
        expect(layout.count).toBe(driver.live.liveCount + free.count);
        const starts = Array.from(layout.start);
        expect(starts).toEqual([...starts].sort((a, b) => a - b));
        const ids = Array.from(layout.id).filter((id) => id >= 0).sort((a, b) => a - b);
        expect(ids).toEqual([...live].sort((a, b) => a - b));
        for (let j = 0; j < free.count; j++) {
          const k = layout.freeRow[j];
          expect([layout.start[k], layout.span[k], layout.id[k], layout.list[k]]).toEqual([free.start[j], free.span[j], -1, free.list[j]]);
        }
      }),
      { numRuns: 80 },
    );
  });
});

describe('the address order of blocks', () => {
  it('sorts offsets by value, equal ones by index, as a stable sort does, heap offsets or not (a torn read), aligned or not', () => {
    const offsets = fc.array(fc.integer({ min: 0, max: 2 ** 30 - 1 }), { maxLength: 400 });
    // Block starts share low zero bits, which the sort shifts out: multiples of 8, or of any power of two.
    const aligned = fc.tuple(fc.integer({ min: 0, max: 12 }), fc.array(fc.integer({ min: 0, max: 2 ** 17 }), { maxLength: 400 })).map(([bits, list]) => list.map((v) => v * 2 ** bits));
    const anyKeys = fc.array(fc.integer({ min: -(2 ** 30) + 1, max: 2 ** 30 - 1 }), { maxLength: 200 });
    fc.assert(
      fc.property(fc.oneof(offsets, aligned, anyKeys, fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 400 })), (list) => {
        const keys = Float64Array.from(list);
        const expected = list.map((_, i) => i).sort((a, b) => keys[a] - keys[b] || a - b);
        expect(Array.from(sortedOrder(keys, keys.length))).toEqual(expected);
      }),
    );
  });
});
