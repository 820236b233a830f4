import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collectBlocks } from '../../src/core/block-layout.ts';
import { HeapDriver } from '../../src/core/driver.ts';
import { fixedBlock, sizeClass } from '../../src/core/strategies/fixed-block.ts';
import { chaosSteps, checkChaosProperty, runChaos } from '../support/chaos.ts';
import { checkChaosWithManyHoles } from '../support/many-holes.ts';

const heap = (size = 8192) => new HeapDriver({ strategy: 'fixed-block', heapSize: size });
const LARGE = 9;
/** The free blocks as [list, start, span], list by list. */
const lists = (d: HeapDriver) => {
  const out: [number, number, number][] = [];
  d.strategy.walkFreeLists((list, start, span) => {
    out.push([list, start, span]);
  });
  return out;
};
const snapshot = (d: HeapDriver) => ({ heap: Buffer.from(d.memory.bytes).toString('base64'), regs: Array.from(d.memory.regs) });

describe('fixed-block', () => {
  it('rounds a request up to its size class, and above 2048 bytes to a multiple of 8', () => {
    expect([1, 8, 9, 16, 17, 100, 1024, 1025, 2048].map(fixedBlock)).toEqual([8, 8, 16, 16, 32, 128, 1024, 2048, 2048]);
    expect([2049, 3000].map(fixedBlock)).toEqual([2056, 3000]);
    expect([1, 8, 9, 2048].map(sizeClass)).toEqual([0, 0, 1, 8]);
  });

  it('names one free list per class, then the fallback', () => {
    expect(heap().strategy.freeListNames()).toEqual(['8 B', '16 B', '32 B', '64 B', '128 B', '256 B', '512 B', '1024 B', '2048 B', 'large (address-ordered)']);
  });

  it('takes a fresh class block from the front of the fallback when its list is empty', () => {
    const d = heap();
    const r = d.alloc(0, 100);
    expect(r.ok && [r.offset, r.span]).toEqual([0, 128]);
    expect(r.events).toEqual([{ kind: 'reuse', how: 'split', node: 0, offset: 0, span: 128, left: 8064, rest: 128, list: LARGE }]);
    expect(d.alloc(1, 3).offset).toBe(128);
    expect(lists(d)).toEqual([[LARGE, 136, 8056]]);
    expect(d.strategy.footprint()).toBe(136);
    expect(d.check()).toBeNull();
  });

  it('reuses the freed blocks of a class last in, first out', () => {
    const d = heap();
    for (let id = 0; id < 3; id++) d.alloc(id, 60);
    d.free(0);
    expect(d.free(2).events).toEqual([{ kind: 'push', offset: 128, span: 64, list: 3, at: 'head' }]);
    expect(lists(d).filter(([l]) => l === 3)).toEqual([
      [3, 128, 64],
      [3, 0, 64],
    ]);
    const r = d.alloc(3, 33);
    expect(r.ok && [r.offset, r.span]).toEqual([128, 64]);
    expect(r.events).toEqual([{ kind: 'reuse', how: 'exact', node: 128, offset: 128, span: 64, left: 0, rest: -1, list: 3 }]);
    expect(d.alloc(4, 64).offset).toBe(0);
    expect(d.check()).toBeNull();
  });

  it('never gives a freed class block back to the fallback, even beside a fallback hole', () => {
    const d = heap();
    d.alloc(0, 64);
    d.free(0);
    expect(lists(d)).toEqual([
      [3, 0, 64],
      [LARGE, 64, 8128],
    ]);
    expect(d.alloc(1, 100).offset).toBe(64);
    expect(d.check()).toBeNull();
  });

  it('sends large requests to the fallback, which coalesces them when freed', () => {
    const d = heap();
    expect(d.alloc(0, 3000).span).toBe(3000);
    expect(d.alloc(1, 2049).span).toBe(2056);
    d.alloc(2, 16);
    d.free(0);
    expect(lists(d)).toEqual([
      [LARGE, 0, 3000],
      [LARGE, 5072, 3120],
    ]);
    const r = d.free(1);
    expect(r.events.at(-1)).toEqual({ kind: 'coalesce', offset: 0, span: 5056, with: 'prev' });
    d.free(2);
    expect(lists(d)).toEqual([
      [1, 5056, 16],
      [LARGE, 0, 5056],
      [LARGE, 5072, 3120],
    ]);
    expect(d.check()).toBeNull();
  });

  it('turns the 8 spare bytes of a hole into a free 8 B block rather than lose them', () => {
    const d = heap();
    d.alloc(0, 2100);
    d.alloc(1, 2);
    d.free(0);
    // The fallback holds [0, 2104): a 2048 block leaves 56 bytes, a 32 leaves 24, a 16 leaves exactly 8.
    d.alloc(2, 2000);
    d.alloc(3, 20);
    const r = d.alloc(4, 10);
    expect(r.ok && [r.offset, r.span]).toEqual([2080, 16]);
    expect(lists(d).slice(0, 1)).toEqual([[0, 2096, 8]]);
    expect(d.alloc(5, 1).offset).toBe(2096);
    expect(d.check()).toBeNull();
  });

  it('reallocs in place within a class and when a large block grows into the hole after it', () => {
    const d = heap();
    d.alloc(0, 20);
    expect(d.realloc(0, 30).events).toEqual([{ kind: 'in-place', offset: 0, span: 32 }]);
    d.alloc(1, 2500);
    const r = d.realloc(1, 4000);
    expect(r.ok && [r.offset, r.span]).toEqual([32, 4000]);
    expect(d.realloc(1, 2100).span).toBe(2104);
    expect(lists(d)).toEqual([[LARGE, 2136, 6056]]);
    const m = d.realloc(1, 100);
    expect(m.ok && [m.offset, m.span]).toEqual([2136, 128]);
    expect(d.check()).toBeNull();
  });

  it('fails out of memory, says why, and changes nothing', () => {
    const d = heap(4096);
    d.alloc(0, 3000);
    d.alloc(1, 500);
    d.alloc(2, 24);
    d.free(1);
    const before = snapshot(d);
    const r = d.alloc(3, 1000);
    expect(r.ok).toBe(false);
    // Free: the 512 B block and the fallback's tail [3544, 4096) of 552 bytes.
    if (!r.ok) expect(r.error).toEqual({ code: 'out-of-memory', request: 1000, block: 1024, totalFree: 512 + 552, largestFree: 552 });
    expect(r.events).toEqual([{ kind: 'fail', reason: 'the 1024 B list is empty and no fallback hole can give a 1024-byte block' }]);
    expect(snapshot(d)).toEqual(before);
    const big = d.alloc(4, 2500);
    expect(big.ok).toBe(false);
    expect(d.check()).toBeNull();
  });

  it('keeps every invariant through random programs of class-sized requests', () => {
    checkChaosProperty({ strategy: 'fixed-block', heapSize: 4096 });
  });

  it('coalesces every large block back into the fallback once everything is freed', () => {
    fc.assert(
      fc.property(chaosSteps(6000), (steps) => {
        const d = runChaos(steps, { strategy: 'fixed-block', heapSize: 16384 });
        // Everything is free: the fallback holes are separated by class blocks only.
        const layout = collectBlocks(d.strategy, d.live);
        for (let k = 1; k < layout.count; k++) {
          expect(layout.list[k] === LARGE && layout.list[k - 1] === LARGE).toBe(false);
        }
        const largest = Math.max(0, ...lists(d).filter(([l]) => l === LARGE).map(([, , span]) => span));
        if (largest > 2048) expect(d.alloc(1e6, largest).ok).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('keeps every invariant when the fallback list is long enough to be searched through its index', () => {
    checkChaosWithManyHoles({ strategy: 'fixed-block', heapSize: 400 * 1024, blocks: 160, size: 2100, maxSize: 6000, runs: 8 });
  });
});
