import { describe, expect, it } from 'vitest';
import { HeapDriver } from '../../src/core/driver.ts';
import { checkChaosProperty } from '../support/chaos.ts';
import { checkChaosWithManyHoles } from '../support/many-holes.ts';

const heap = (size = 4096) => new HeapDriver({ strategy: 'next-fit', heapSize: size });
const holes = (d: HeapDriver) => {
  const out: [number, number][] = [];
  d.strategy.walkFreeLists((_l, start, span) => {
    out.push([start, span]);
  });
  return out;
};
const snapshot = (d: HeapDriver) => ({ heap: Buffer.from(d.memory.bytes).toString('base64'), regs: Array.from(d.memory.regs) });

describe('next-fit', () => {
  it('resumes the search after the last allocation, where first fit would go back to the lowest hole', () => {
    const d = heap();
    d.alloc(0, 32);
    d.alloc(1, 32);
    d.free(0);
    expect(holes(d)).toEqual([
      [0, 32],
      [64, 4032],
    ]);
    expect(d.alloc(2, 32).offset).toBe(64);
    expect(d.alloc(3, 32).offset).toBe(96);
    expect(d.check()).toBeNull();
  });

  it('wraps around to the lowest hole when nothing after the rover fits', () => {
    const d = heap(256);
    d.alloc(0, 64);
    d.alloc(1, 64);
    d.alloc(2, 120);
    expect(holes(d)).toEqual([]);
    d.free(0);
    expect(d.alloc(3, 48).offset).toBe(0);
    expect(d.check()).toBeNull();
  });

  it('starts the next search at the hole after the block it cut, even when that hole is lower than others', () => {
    const d = heap();
    for (let id = 0; id < 6; id++) d.alloc(id, 64);
    d.free(1);
    d.free(3);
    // Holes: [64, 64), [192, 64), tail. The rover is at the tail; wrapping finds 64 first.
    d.alloc(6, 4096 - 384 - 8);
    expect(d.alloc(7, 16).offset).toBe(64);
    expect(d.alloc(8, 16).offset).toBe(80);
    expect(d.check()).toBeNull();
  });

  it('fails out of memory, says why, and changes nothing', () => {
    const d = heap(256);
    d.alloc(0, 64);
    d.alloc(1, 64);
    d.free(0);
    const before = snapshot(d);
    const r = d.alloc(2, 160);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toEqual({ code: 'out-of-memory', request: 160, block: 160, totalFree: 64 + 128, largestFree: 128 });
    expect(snapshot(d)).toEqual(before);
  });

  it('keeps every invariant through random programs, and the whole heap is one hole again at the end', () => {
    checkChaosProperty({ strategy: 'next-fit', heapSize: 4096, wholeHeapRequest: 4096 });
  });

  it('keeps every invariant on a list long enough to be searched through its index', () => {
    checkChaosWithManyHoles({ strategy: 'next-fit', heapSize: 32768, blocks: 300, size: 40, wholeHeapRequest: 32768, runs: 10 });
  });
});
