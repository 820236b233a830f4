import { describe, expect, it } from 'vitest';
import { HeapDriver } from '../../src/core/driver.ts';
import { checkChaosProperty } from '../support/chaos.ts';
import { checkChaosWithManyHoles } from '../support/many-holes.ts';

const heap = (size = 4096) => new HeapDriver({ strategy: 'best-fit', heapSize: size });
const holes = (d: HeapDriver) => {
  const out: [number, number][] = [];
  d.strategy.walkFreeLists((_l, start, span) => {
    out.push([start, span]);
  });
  return out;
};
const snapshot = (d: HeapDriver) => ({ heap: Buffer.from(d.memory.bytes).toString('base64'), regs: Array.from(d.memory.regs) });

/** Holes of 96, 48 and 64 bytes (at 0, 112 and 176), then the tail hole. */
function threeHoles(): HeapDriver {
  const d = heap();
  const sizes = [96, 16, 48, 16, 64, 16];
  sizes.forEach((size, id) => d.alloc(id, size));
  d.free(0);
  d.free(2);
  d.free(4);
  expect(holes(d)).toEqual([
    [0, 96],
    [112, 48],
    [176, 64],
    [256, 3840],
  ]);
  return d;
}

describe('best-fit', () => {
  it('picks the smallest hole that fits, wherever it lies', () => {
    const d = threeHoles();
    expect(d.alloc(10, 40).offset).toBe(112);
    expect(d.alloc(11, 60).offset).toBe(176);
    expect(d.alloc(12, 90).offset).toBe(0);
    expect(d.alloc(13, 8).offset).toBe(256);
    expect(d.check()).toBeNull();
  });

  it('takes an exact fit whole and breaks ties by the lowest address', () => {
    const d = heap();
    [48, 16, 48, 16].forEach((size, id) => d.alloc(id, size));
    d.free(2);
    d.free(0);
    const r = d.alloc(9, 48);
    expect(r.ok && [r.offset, r.span]).toEqual([0, 48]);
    expect(r.events[0]).toMatchObject({ kind: 'reuse', how: 'exact' });
  });

  it('free coalesces with both neighbours', () => {
    const d = threeHoles();
    d.free(1);
    expect(holes(d).slice(0, 2)).toEqual([
      [0, 160],
      [176, 64],
    ]);
    const r = d.free(3);
    expect(r.events[1]).toEqual({ kind: 'coalesce', offset: 0, span: 240, with: 'both' });
    d.free(5);
    expect(holes(d)).toEqual([[0, 4096]]);
    expect(d.check()).toBeNull();
  });

  it('fails out of memory, says why, and changes nothing', () => {
    const d = heap(256);
    [64, 16, 64, 64].forEach((size, id) => d.alloc(id, size));
    d.free(0);
    const before = snapshot(d);
    const r = d.alloc(5, 100);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toEqual({ code: 'out-of-memory', request: 100, block: 104, totalFree: 64 + 48, largestFree: 64 });
    expect(snapshot(d)).toEqual(before);
  });

  it('keeps every invariant through random programs, and the whole heap is one hole again at the end', () => {
    checkChaosProperty({ strategy: 'best-fit', heapSize: 4096, wholeHeapRequest: 4096 });
  });

  it('keeps every invariant on a list long enough to be searched through its index', () => {
    checkChaosWithManyHoles({ strategy: 'best-fit', heapSize: 32768, blocks: 300, size: 40, wholeHeapRequest: 32768, runs: 10 });
  });
});
