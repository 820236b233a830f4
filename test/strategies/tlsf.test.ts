import { describe, expect, it } from 'vitest';
import { HeapDriver } from '../../src/core/driver.ts';
import { classLower, classOf, className, searchClass } from '../../src/core/strategies/tlsf-classes.ts';
import { tlsfSpan } from '../../src/core/strategies/tlsf.ts';
import fc from 'fast-check';
import { chaosSteps, checkChaosProperty, runChaos } from '../support/chaos.ts';

const heap = (size = 4096) => new HeapDriver({ strategy: 'tlsf', heapSize: size });
const freeBlocks = (d: HeapDriver) => {
  const out: [number, number][] = [];
  d.strategy.walkFreeLists((_l, start, span) => {
    out.push([start, span]);
  });
  return out.sort((a, b) => a[0] - b[0]);
};
const FREE = 1;
const PREV_FREE = 2;

describe('two-level segregated fit', () => {
  it('spans a request as an 8-byte size word plus the payload rounded up to 8, at least 32', () => {
    expect([1, 24, 25, 100, 4088].map(tlsfSpan)).toEqual([32, 32, 40, 112, 4096]);
  });

  it('maps spans to classes of 8 bytes below 256 and 32 classes per power of two above', () => {
    expect([32, 248, 256, 264, 520, 4096].map(classOf)).toEqual([4, 31, 32, 33, 64, 160]);
    expect([classLower(64), classLower(65), className(64), className(4)]).toEqual([512, 528, '512–527 B', '32 B']);
    const wrong: number[] = [];
    for (let span = 32; span < 1 << 20; span += 8) {
      const c = classOf(span);
      const inClass = classLower(c) <= span && span < classLower(c + 1);
      const goodFit = classLower(searchClass(span)) >= span && searchClass(span) - c <= 1;
      if (!inClass || !goodFit) wrong.push(span);
    }
    expect(wrong).toEqual([]);
  });

  it('starts as one free block over the whole heap and hands out the front of it', () => {
    const d = heap();
    expect(freeBlocks(d)).toEqual([[0, 4096]]);
    const r = d.alloc(0, 100);
    expect(r.ok && [r.offset, r.span]).toEqual([8, 112]);
    expect(r.events[0]).toEqual({ kind: 'reuse', how: 'split', node: 0, offset: 0, span: 112, left: 3984, rest: 112, list: 160 - 4 });
    expect(freeBlocks(d)).toEqual([[112, 3984]]);
    expect(d.strategy.footprint()).toBe(112);
    expect(d.check()).toBeNull();
  });

  it('finds a good fit in O(1): the first non-empty class at or above the rounded-up request, not a search inside a class', () => {
    const d = heap();
    d.alloc(0, 512); // span 520 at 0
    d.alloc(1, 24); // span 32 at 520
    d.alloc(2, 1992); // span 2000 at 552
    d.alloc(3, 24); // span 32 at 2552; 1512 bytes free from 2584
    d.free(0);
    d.free(2);
    // 520 fits the free 520 block exactly, but that block's class (512-527) may hold
    // blocks too small: good fit rounds up to class 528-543 and takes the next non-empty one.
    expect(d.alloc(4, 512)).toMatchObject({ offset: 2584 + 8, span: 520 });
    // 512 rounds to class 512-527 itself: every block there fits, and the 520 block goes out whole.
    const r = d.alloc(5, 504);
    expect(r).toMatchObject({ offset: 8, span: 520 });
    expect(r.events[0]).toMatchObject({ kind: 'reuse', how: 'whole' });
    expect(d.check()).toBeNull();
  });

  it('coalesces a freed block with its free physical neighbours at once, through boundary tags', () => {
    const d = heap();
    for (let id = 0; id < 4; id++) d.alloc(id, 24); // spans of 32 at 0, 32, 64, 96
    expect(d.free(0).events).toEqual([{ kind: 'push', offset: 0, span: 32, list: 0, at: 'head' }]);
    expect(d.memory.u32[0]).toBe(32 | FREE);
    expect(d.memory.readWord(24)).toBe(0);
    expect(d.memory.u32[32 / 4]).toBe(32 | PREV_FREE);
    d.free(2);
    expect(d.free(1).events[0]).toEqual({ kind: 'coalesce', offset: 0, span: 96, with: 'both' });
    expect(freeBlocks(d)).toEqual([
      [0, 96],
      [128, 3968],
    ]);
    expect(d.free(3).events[0]).toEqual({ kind: 'coalesce', offset: 0, span: 4096, with: 'both' });
    expect(freeBlocks(d)).toEqual([[0, 4096]]);
    expect(d.check()).toBeNull();
  });

  it('grows into a free next block and shrinks by giving the tail back, in place', () => {
    const d = heap();
    d.alloc(0, 100);
    d.memory.bytes.set([4, 5, 6], 8);
    expect(d.realloc(0, 300)).toMatchObject({ offset: 8, span: 312 });
    expect(d.realloc(0, 50)).toMatchObject({ offset: 8, span: 64 });
    expect(freeBlocks(d)).toEqual([[64, 4032]]);
    d.alloc(1, 24);
    expect(d.realloc(0, 56)).toMatchObject({ offset: 8, span: 64, events: [{ kind: 'in-place', offset: 0, span: 64 }] });
    const moved = d.realloc(0, 120);
    expect(moved).toMatchObject({ offset: 104, span: 128 });
    expect(Array.from(d.memory.bytes.subarray(104, 107))).toEqual([4, 5, 6]);
    expect(d.check()).toBeNull();
  });

  it('fails out of memory, says why, and changes nothing', () => {
    const d = heap(256);
    d.alloc(0, 100);
    d.alloc(1, 24);
    d.free(0);
    const bytes = Buffer.from(d.memory.bytes);
    const regs = Array.from(d.memory.regs);
    const r = d.alloc(2, 150);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toEqual({ code: 'out-of-memory', request: 150, block: 160, totalFree: 224, largestFree: 112 });
    expect(r.events).toMatchObject([{ kind: 'fail' }]);
    expect(d.realloc(1, 200).ok).toBe(false);
    expect(Buffer.from(d.memory.bytes).equals(bytes)).toBe(true);
    expect(Array.from(d.memory.regs)).toEqual(regs);
    expect(d.check()).toBeNull();
  });

  it('has a checker that notices bitmaps that disagree with the lists and broken boundary tags', () => {
    const d = heap();
    d.alloc(0, 24);
    d.alloc(1, 24);
    d.free(0);
    expect(d.check()).toBeNull();
    const sl0 = d.memory.regs[8];
    d.memory.regs[8] = 0;
    expect(d.check()).toMatch(/bitmap/);
    d.memory.regs[8] = sl0;
    d.memory.u32[32 / 4] &= ~PREV_FREE;
    expect(d.check()).toMatch(/PREV_FREE/);
  });

  it('keeps every invariant through random programs, and gives the whole heap back', () => {
    checkChaosProperty({ strategy: 'tlsf', heapSize: 4096, wholeHeapRequest: 4096 - 8 });
  });

  it('writes no heap byte at or above its touchedEnd', () => {
    fc.assert(
      fc.property(chaosSteps(512), (steps) => {
        const d = runChaos(steps, { strategy: 'tlsf', heapSize: 4096 });
        const end = d.strategy.touchedEnd!();
        expect(d.memory.bytes.subarray(end).every((b) => b === 0)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});
