import { describe, expect, it } from 'vitest';
import { HeapDriver } from '../../src/core/driver.ts';
import { holeBlock } from '../../src/core/strategies/hole-list.ts';
import { checkChaosProperty } from '../support/chaos.ts';
import { checkChaosWithManyHoles } from '../support/many-holes.ts';

const heap = (size = 4096) => new HeapDriver({ strategy: 'first-fit', heapSize: size });
const holes = (d: HeapDriver) => {
  const out: [number, number][] = [];
  d.strategy.walkFreeLists((_l, start, span) => {
    out.push([start, span]);
  });
  return out;
};
const snapshot = (d: HeapDriver) => ({ heap: Buffer.from(d.memory.bytes).toString('base64'), regs: Array.from(d.memory.regs) });

describe('first-fit', () => {
  it('rounds a request up to a multiple of 8, never below the 16-byte node', () => {
    expect([1, 8, 16, 17, 24, 100].map(holeBlock)).toEqual([16, 16, 16, 24, 24, 104]);
  });

  it('starts as one hole covering the whole heap, its node in its own first bytes', () => {
    const d = heap();
    expect(holes(d)).toEqual([[0, 4096]]);
    expect(d.memory.readWord(0)).toBe(-1);
    expect(d.memory.readWord(8)).toBe(4096);
    expect(d.strategy.end()).toBe(4096);
    expect(d.strategy.footprint()).toBe(0);
    expect(d.check()).toBeNull();
  });

  it('hands out the front of a hole and moves its node up', () => {
    const d = heap();
    const r = d.alloc(0, 100);
    expect(r.ok && [r.offset, r.span]).toEqual([0, 104]);
    expect(r.events).toEqual([{ kind: 'reuse', how: 'split', node: 0, offset: 0, span: 104, left: 3992, rest: 104, list: 0 }]);
    expect(holes(d)).toEqual([[104, 3992]]);
    expect(d.memory.readWord(104 + 8)).toBe(3992);
    expect(d.strategy.footprint()).toBe(104);
  });

  it('reuses the lowest hole that fits', () => {
    const d = heap();
    for (const [id, size] of [[0, 64], [1, 16], [2, 128], [3, 16], [4, 128], [5, 16]]) d.alloc(id, size);
    d.free(0);
    d.free(2);
    d.free(4);
    expect(holes(d).slice(0, 3)).toEqual([[0, 64], [80, 128], [224, 128]]);
    expect(d.alloc(6, 100).offset).toBe(80);
    expect(d.alloc(7, 120).offset).toBe(224);
    expect(d.alloc(8, 40).offset).toBe(0);
    expect(d.check()).toBeNull();
  });

  it('hands out a whole hole when less than 16 bytes would remain', () => {
    const d = heap();
    d.alloc(0, 72);
    d.alloc(1, 8);
    d.free(0);
    const r = d.alloc(2, 64);
    expect(r.ok && [r.offset, r.span]).toEqual([0, 72]);
    expect(r.events[0]).toMatchObject({ kind: 'reuse', how: 'whole', span: 72 });
    expect(holes(d)).toEqual([[88, 4008]]);
  });

  it('free coalesces with the hole before, the hole after, and both neighbours', () => {
    const d = heap();
    for (let id = 0; id < 5; id++) d.alloc(id, 32);
    expect(d.free(0).events).toEqual([{ kind: 'push', offset: 0, span: 32, list: 0, at: 'sorted' }]);
    expect(d.free(1).events[1]).toEqual({ kind: 'coalesce', offset: 0, span: 64, with: 'prev' });
    expect(d.free(4).events[1]).toEqual({ kind: 'coalesce', offset: 128, span: 3968, with: 'next' });
    expect(holes(d)).toEqual([
      [0, 64],
      [128, 3968],
    ]);
    d.free(2);
    expect(d.free(3).events[1]).toEqual({ kind: 'coalesce', offset: 0, span: 4096, with: 'both' });
    expect(holes(d)).toEqual([[0, 4096]]);
    expect(d.strategy.freeBlockCount()).toBe(1);
    expect(d.strategy.freeBytes()).toBe(4096);
    expect(d.check()).toBeNull();
  });

  it('keeps the footprint at the highest byte ever handed out', () => {
    const d = heap();
    d.alloc(0, 1000);
    d.alloc(1, 8);
    d.free(1);
    d.free(0);
    expect(d.strategy.footprint()).toBe(1016);
    expect(d.metrics().utilization).toBeCloseTo(1008 / 1016);
  });

  it('fails out of memory, says why, and changes nothing', () => {
    const d = heap(256);
    d.alloc(0, 100);
    d.alloc(1, 8);
    d.free(0);
    const before = snapshot(d);
    const r = d.alloc(2, 200);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toEqual({ code: 'out-of-memory', request: 200, block: 200, totalFree: 104 + 136, largestFree: 136 });
    expect(r.events).toEqual([{ kind: 'fail', reason: 'no hole of 200 bytes (the largest is 136)' }]);
    expect(snapshot(d)).toEqual(before);
    expect(d.check()).toBeNull();
  });

  it('grows a block in place into the hole right after it', () => {
    const d = heap();
    d.alloc(0, 40);
    d.memory.bytes.set([7, 8, 9], 0);
    const r = d.realloc(0, 300);
    expect(r.ok && [r.offset, r.span]).toEqual([0, 304]);
    expect(r.events.at(-1)).toEqual({ kind: 'in-place', offset: 0, span: 304 });
    expect(holes(d)).toEqual([[304, 3792]]);
    expect(Array.from(d.memory.bytes.subarray(0, 3))).toEqual([7, 8, 9]);
    expect(d.check()).toBeNull();
  });

  it('shrinks a block in place and gives the tail back, merged with the hole after it', () => {
    const d = heap();
    d.alloc(0, 200);
    const r = d.realloc(0, 50);
    expect(r.ok && [r.offset, r.span]).toEqual([0, 56]);
    expect(holes(d)).toEqual([[56, 4040]]);
    expect(d.check()).toBeNull();
  });

  it('moves a block whose neighbour is taken, copying the bytes, and frees the old place', () => {
    const d = heap();
    d.alloc(0, 16);
    d.alloc(1, 16);
    d.memory.bytes.set([1, 2, 3, 4], 0);
    const r = d.realloc(0, 64);
    expect(r.offset).toBe(32);
    expect(Array.from(d.memory.bytes.subarray(32, 36))).toEqual([1, 2, 3, 4]);
    expect(holes(d)).toEqual([
      [0, 16],
      [96, 4000],
    ]);
    expect(d.check()).toBeNull();
  });

  it('leaves everything as it was when a realloc cannot be served', () => {
    const d = heap(256);
    d.alloc(0, 64);
    d.alloc(1, 64);
    d.alloc(2, 64);
    d.free(2);
    const before = snapshot(d);
    const r = d.realloc(0, 200);
    expect(r.ok).toBe(false);
    expect(snapshot(d)).toEqual(before);
    expect(d.check()).toBeNull();
  });

  it('keeps every invariant through random programs, and the whole heap is one hole again at the end', () => {
    checkChaosProperty({ strategy: 'first-fit', heapSize: 4096, wholeHeapRequest: 4096 });
  });

  it('keeps every invariant on a list long enough to be searched through its index', () => {
    checkChaosWithManyHoles({ strategy: 'first-fit', heapSize: 32768, blocks: 300, size: 40, wholeHeapRequest: 32768, runs: 10 });
  });
});
