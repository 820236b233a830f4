import { describe, expect, it } from 'vitest';
import { collectBlocks } from '../../src/core/block-layout.ts';
import { HeapDriver } from '../../src/core/driver.ts';
import { bumpBlock } from '../../src/core/strategies/bump.ts';
import { checkChaosProperty } from '../support/chaos.ts';

const heap = (size = 4096) => new HeapDriver({ strategy: 'bump', heapSize: size });

describe('the bump allocator', () => {
  it('rounds a request up to a multiple of 8, never below one word', () => {
    expect([1, 7, 8, 9, 16, 17, 100].map(bumpBlock)).toEqual([8, 8, 8, 16, 16, 24, 104]);
  });

  it('hands out consecutive blocks from offset 0 and moves the bump pointer', () => {
    const d = heap();
    const r = d.alloc(0, 20);
    expect(r.ok && [r.offset, r.span]).toEqual([0, 24]);
    expect(r.events).toEqual([{ kind: 'bump', offset: 0, span: 24, to: 24 }]);
    expect(d.alloc(1, 1).offset).toBe(24);
    expect(d.strategy.bumpPointer()).toBe(32);
    expect(d.strategy.end()).toBe(32);
    expect(d.check()).toBeNull();
  });

  it('reuses memory only after every block is freed', () => {
    const d = heap();
    d.alloc(0, 24);
    d.alloc(1, 16);
    expect(d.free(0).events).toEqual([]);
    expect(d.alloc(2, 8).offset).toBe(40);
    d.free(1);
    expect(d.strategy.bumpPointer()).toBe(48);
    expect(d.free(2).events).toEqual([{ kind: 'reset', to: 0 }]);
    expect(d.strategy.bumpPointer()).toBe(0);
    expect(d.alloc(3, 8).offset).toBe(0);
    expect(d.check()).toBeNull();
  });

  it('shows freed memory below the bump pointer as dead gaps, neither live nor free', () => {
    const d = heap();
    d.alloc(0, 16);
    d.alloc(1, 16);
    d.alloc(2, 16);
    d.free(1);
    const layout = collectBlocks(d.strategy, d.live);
    expect(Array.from(layout.start)).toEqual([0, 32]);
    expect(d.strategy.freeListNames()).toEqual([]);
    expect(d.strategy.freeBytes()).toBe(0);
    expect(d.metrics().freeBytes).toBe(0);
    expect(d.check()).toBeNull();
  });

  it('keeps the footprint at the highest byte ever handed out after the reset', () => {
    const d = heap();
    d.alloc(0, 100);
    d.free(0);
    d.alloc(1, 8);
    expect(d.strategy.footprint()).toBe(104);
    expect(d.metrics().utilization).toBeCloseTo(100 / 104);
  });

  it('grows or shrinks the last block in place, keeps a shrunk inner block, moves a grown inner one', () => {
    const d = heap();
    d.alloc(0, 16);
    d.alloc(1, 16);
    expect(d.realloc(1, 40)).toMatchObject({ offset: 16, span: 40, events: [{ kind: 'in-place', offset: 16, span: 40 }] });
    expect(d.strategy.bumpPointer()).toBe(56);
    expect(d.realloc(1, 8)).toMatchObject({ offset: 16, span: 8 });
    expect(d.strategy.bumpPointer()).toBe(24);
    expect(d.realloc(0, 8)).toMatchObject({ offset: 0, span: 16 });
    d.memory.bytes.set([7, 8, 9], 0);
    const r = d.realloc(0, 17);
    expect(r).toMatchObject({ offset: 24, span: 24 });
    expect(Array.from(d.memory.bytes.subarray(24, 27))).toEqual([7, 8, 9]);
    expect(d.check()).toBeNull();
  });

  it('fails out of memory at the heap end, counts no dead memory as free, and changes nothing', () => {
    const d = heap(256);
    d.alloc(0, 200);
    d.alloc(1, 8);
    d.free(0);
    const bytes = Buffer.from(d.memory.bytes);
    const regs = Array.from(d.memory.regs);
    const r = d.alloc(2, 56);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toEqual({ code: 'out-of-memory', request: 56, block: 56, totalFree: 48, largestFree: 48 });
    expect(r.events).toMatchObject([{ kind: 'fail' }]);
    expect(Buffer.from(d.memory.bytes).equals(bytes)).toBe(true);
    expect(Array.from(d.memory.regs)).toEqual(regs);
    expect(d.realloc(1, 100).ok).toBe(false);
    expect(Array.from(d.memory.regs)).toEqual(regs);
    expect(d.check()).toBeNull();
  });

  it('has a checker that notices a count that disagrees with the live blocks', () => {
    const d = heap();
    d.alloc(0, 8);
    d.memory.regs[1] = 2;
    expect(d.check()).toMatch(/allocation count/);
    d.memory.regs[1] = 1;
    d.memory.regs[0] = 4;
    expect(d.check()).toMatch(/not 8-aligned/);
  });

  it('keeps every invariant through random alloc, free and realloc sequences, and gives the whole heap back', () => {
    checkChaosProperty({ strategy: 'bump', heapSize: 4096, wholeHeapRequest: 4096 });
  });
});
