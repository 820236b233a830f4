import { describe, expect, it } from 'vitest';
import { HeapDriver } from '../../src/core/driver.ts';
import { buddyGeometry, orderOf } from '../../src/core/strategies/buddy-geometry.ts';
import fc from 'fast-check';
import { chaosSteps, checkChaosProperty, runChaos } from '../support/chaos.ts';

/** 4096 bytes of arena and 64 bytes past it for the bitmap: the whole arena is blocks. */
const ROOMY = 4096 + 64;
const heap = (size = ROOMY) => new HeapDriver({ strategy: 'buddy', heapSize: size });
const freeBlocks = (d: HeapDriver) => {
  const out: [number, number][] = [];
  d.strategy.walkFreeLists((_l, start, span) => {
    out.push([start, span]);
  });
  return out.sort((a, b) => a[0] - b[0]);
};

describe('the buddy system', () => {
  it('takes the smallest power of two that holds the request, never below 16 bytes', () => {
    expect([1, 16, 17, 32, 33, 100, 4096].map((n) => 2 ** orderOf(n))).toEqual([16, 16, 32, 32, 64, 128, 4096]);
  });

  it('puts its bitmap past the arena when the heap has room, else in the arena\'s first block', () => {
    expect(buddyGeometry(ROOMY)).toEqual({ arena: 4096, maxOrder: 12, usableStart: 0, bitmapStart: 4096, bitmapBytes: 64 });
    expect(buddyGeometry(4096)).toEqual({ arena: 4096, maxOrder: 12, usableStart: 64, bitmapStart: 0, bitmapBytes: 64 });
    expect(buddyGeometry(6000).arena).toBe(4096);
    expect(freeBlocks(heap())).toEqual([[0, 4096]]);
    expect(freeBlocks(heap(4096))).toEqual([
      [64, 64],
      [128, 128],
      [256, 256],
      [512, 512],
      [1024, 1024],
      [2048, 2048],
    ]);
    expect(heap(4096).check()).toBeNull();
  });

  it('splits 2^k down to the request, keeping the lower half each time', () => {
    const d = heap();
    const r = d.alloc(0, 100);
    expect(r.ok && [r.offset, r.span]).toEqual([0, 128]);
    expect(r.events.filter((e) => e.kind === 'split')).toEqual([
      { kind: 'split', offset: 0, span: 2048, rest: 2048, left: 2048 },
      { kind: 'split', offset: 0, span: 1024, rest: 1024, left: 1024 },
      { kind: 'split', offset: 0, span: 512, rest: 512, left: 512 },
      { kind: 'split', offset: 0, span: 256, rest: 256, left: 256 },
      { kind: 'split', offset: 0, span: 128, rest: 128, left: 128 },
    ]);
    expect(freeBlocks(d)).toEqual([
      [128, 128],
      [256, 256],
      [512, 512],
      [1024, 1024],
      [2048, 2048],
    ]);
    expect(d.alloc(1, 128).offset).toBe(128);
    expect(d.check()).toBeNull();
  });

  it('merges buddies back into the whole arena when everything is freed', () => {
    const d = heap();
    d.alloc(0, 16);
    d.alloc(1, 16);
    d.free(0);
    const r = d.free(1);
    expect(r.events.filter((e) => e.kind === 'coalesce').map((e) => e.kind === 'coalesce' && e.span)).toEqual([32, 64, 128, 256, 512, 1024, 2048, 4096]);
    expect(freeBlocks(d)).toEqual([[0, 4096]]);
    expect(d.alloc(2, 4096).offset).toBe(0);
    expect(d.check()).toBeNull();
  });

  it('leaves touching free blocks apart when they are not buddies', () => {
    const d = heap();
    for (let id = 0; id < 4; id++) d.alloc(id, 16);
    d.free(1);
    d.free(2);
    expect(freeBlocks(d).slice(0, 2)).toEqual([
      [16, 16],
      [32, 16],
    ]);
    d.free(3);
    expect(freeBlocks(d).slice(0, 2)).toEqual([
      [16, 16],
      [32, 32],
    ]);
    expect(d.check()).toBeNull();
  });

  it('shrinks in place by freeing upper halves, and grows in place into free upper buddies', () => {
    const d = heap();
    d.alloc(0, 500);
    d.memory.bytes.set([1, 2, 3], 0);
    expect(d.realloc(0, 100)).toMatchObject({ offset: 0, span: 128 });
    expect(freeBlocks(d).slice(0, 2)).toEqual([
      [128, 128],
      [256, 256],
    ]);
    const r = d.realloc(0, 1000);
    expect(r).toMatchObject({ offset: 0, span: 1024 });
    expect(r.events.at(-1)).toEqual({ kind: 'in-place', offset: 0, span: 1024 });
    d.alloc(1, 16);
    expect(d.realloc(1, 40)).toMatchObject({ offset: 1024, span: 64 });
    d.alloc(2, 16);
    const moved = d.realloc(1, 100);
    expect(moved).toMatchObject({ offset: 1152, span: 128 });
    expect(Array.from(d.memory.bytes.subarray(0, 3))).toEqual([1, 2, 3]);
    expect(d.check()).toBeNull();
  });

  it('fails out of memory, says why, and changes nothing', () => {
    const d = heap(4096);
    d.alloc(0, 2048);
    d.alloc(1, 1024);
    const bytes = Buffer.from(d.memory.bytes);
    const regs = Array.from(d.memory.regs);
    const r = d.alloc(2, 600);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toEqual({ code: 'out-of-memory', request: 600, block: 1024, totalFree: 512 + 256 + 128 + 64, largestFree: 512 });
    expect(r.events).toEqual([{ kind: 'fail', reason: 'no free block of order 10 (1024 bytes) or larger' }]);
    expect(d.realloc(1, 2000).ok).toBe(false);
    expect(Buffer.from(d.memory.bytes).equals(bytes)).toBe(true);
    expect(Array.from(d.memory.regs)).toEqual(regs);
    expect(d.check()).toBeNull();
  });

  it('has a checker that notices a stray bitmap bit and unmerged buddies', () => {
    const d = heap();
    for (let id = 0; id < 4; id++) d.alloc(id, 16);
    d.free(0);
    expect(d.check()).toBeNull();
    // Bits are numbered like a binary heap: order k at offset b is bit 4096 / 2^k - 1 + b / 2^k.
    const at = (k: number, b: number) => {
      const bit = 4096 / 2 ** k - 1 + b / 2 ** k;
      return [4096 / 4 + (bit >> 5), 1 << (bit & 31)];
    };
    const [w, mask] = at(5, 32); // live blocks #2 and #3 lie there
    d.memory.u32[w] |= mask;
    expect(d.check()).toMatch(/bitmap marks 8 free blocks, the lists hold 7/);
    d.memory.u32[w] &= ~mask;
    const [w1, mask1] = at(4, 16); // live block #1, whose buddy at 0 is free
    d.memory.u32[w1] |= mask1;
    expect(d.check()).toMatch(/buddies but were not merged/);
  });

  it('keeps every invariant through random programs, and gives the whole arena back (bitmap past it)', () => {
    checkChaosProperty({ strategy: 'buddy', heapSize: ROOMY, wholeHeapRequest: 4096 });
  });

  it('keeps every invariant through random programs on a 4096-byte heap (bitmap in the first block)', () => {
    checkChaosProperty({ strategy: 'buddy', heapSize: 4096, wholeHeapRequest: 2048 });
  });

  it('writes no heap byte at or above its touchedEnd', () => {
    fc.assert(
      fc.property(chaosSteps(512), (steps) => {
        const d = runChaos(steps, { strategy: 'buddy', heapSize: 4096 });
        const end = d.strategy.touchedEnd!();
        expect(d.memory.bytes.subarray(end).every((b) => b === 0)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});
