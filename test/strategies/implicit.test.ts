import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HeapDriver } from '../../src/core/driver.ts';
import { CHUNKSIZE, implicitBlock, INITIAL_HEAP } from '../../src/core/strategies/implicit.ts';
import { chaosSteps, checkChaosProperty, runChaos } from '../support/chaos.ts';

const heap = (size = 1 << 16) => new HeapDriver({ strategy: 'implicit', heapSize: size });
/** The free blocks, [block start, span], in address order. */
const freeBlocks = (d: HeapDriver) => {
  const out: [number, number][] = [];
  d.strategy.walkFreeLists((_l, start, span) => {
    out.push([start, span]);
  });
  return out;
};
const header = (d: HeapDriver, payload: number) => d.memory.read32(payload - 4);
const footer = (d: HeapDriver, payload: number) => d.memory.read32(payload + (header(d, payload) & ~7) - 8);

describe('the CS:APP implicit free list', () => {
  it('puts the first payload at 16 in an initial heap of 4112 bytes, behind the prologue', () => {
    const d = heap();
    expect(d.strategy.end()).toBe(0);
    const r = d.alloc(0, 1);
    expect(r.ok && r.offset).toBe(16);
    expect(d.strategy.end()).toBe(INITIAL_HEAP);
    expect(INITIAL_HEAP).toBe(4112);
    expect(d.strategy.footprint()).toBe(4112);
    expect(r.events.slice(0, 2)).toEqual([
      { kind: 'sbrk', from: 0, to: 16 },
      { kind: 'sbrk', from: 16, to: 4112 },
    ]);
    expect([d.memory.read32(0), d.memory.read32(4), d.memory.read32(8)]).toEqual([0, 8 | 1, 8 | 1]);
    expect(d.memory.read32(4112 - 4)).toBe(0 | 1);
    expect(freeBlocks(d)).toEqual([[28, 4096 - 16]]);
    expect(d.check()).toBeNull();
  });

  it('takes 16 bytes for a request of at most 8, else 8 * ceil((n + 8) / 8)', () => {
    expect([1, 7, 8, 9, 16, 17, 24, 25, 100, 4088, 4089].map(implicitBlock)).toEqual([16, 16, 16, 24, 24, 32, 32, 40, 112, 4096, 4104]);
    const d = heap();
    expect(d.alloc(0, 9).span).toBe(24);
    expect(header(d, 16)).toBe(24 | 1);
    expect(footer(d, 16)).toBe(24 | 1);
  });

  it('splits a free block only when at least 16 bytes would remain', () => {
    const d = heap();
    d.alloc(0, 40); // 48-byte block at payload 16
    d.alloc(1, 8);
    d.free(0);
    const whole = d.alloc(2, 32); // asize 40: 8 bytes would remain, so the whole 48 goes out
    expect(whole.ok && [whole.offset, whole.span]).toEqual([16, 48]);
    expect(whole.events).toContainEqual(expect.objectContaining({ kind: 'reuse', how: 'whole', span: 48 }));
    d.free(2);
    const split = d.alloc(3, 24); // asize 32: 16 remain, so it splits
    expect(split.ok && [split.offset, split.span]).toEqual([16, 32]);
    expect(split.events).toContainEqual(expect.objectContaining({ kind: 'reuse', how: 'split', span: 32, left: 16, rest: 12 + 32 }));
    expect(freeBlocks(d)[0]).toEqual([44, 16]);
    expect(d.check()).toBeNull();
  });

  it('coalesces a freed block in the four cases of the book', () => {
    const d = heap();
    // Five 32-byte blocks at payloads 16, 48, 80, 112, 144, then the free rest of the chunk.
    for (let id = 0; id < 5; id++) expect(d.alloc(id, 24).offset).toBe(16 + 32 * id);
    const rest: [number, number] = [12 + 160, 4096 - 160];
    // Case 1: both neighbours allocated, nothing merges.
    const one = d.free(1);
    expect(one.events.some((e) => e.kind === 'coalesce')).toBe(false);
    expect(freeBlocks(d)).toEqual([[44, 32], rest]);
    // Case 3: the previous block is free.
    const prev = d.free(2);
    expect(prev.events).toContainEqual({ kind: 'coalesce', offset: 44, span: 64, with: 'prev' });
    // Case 2: the next block is free.
    const next = d.free(0);
    expect(next.events).toContainEqual({ kind: 'coalesce', offset: 12, span: 96, with: 'next' });
    expect(freeBlocks(d)).toEqual([[12, 96], rest]);
    // Case 4: both neighbours are free (block 4 sits between block 3 and the rest of the chunk).
    d.free(4);
    const both = d.free(3);
    expect(both.events).toContainEqual({ kind: 'coalesce', offset: 12, span: 4096, with: 'both' });
    expect(freeBlocks(d)).toEqual([[12, 4096]]);
    expect(header(d, 16)).toBe(4096);
    expect(footer(d, 16)).toBe(4096);
    expect(d.strategy.freeBlockCount()).toBe(1);
    expect(d.check()).toBeNull();
  });

  it('extends the heap by max(block, 4096) and coalesces the new chunk with a free last block', () => {
    const d = heap();
    d.alloc(0, 4000); // 4008 of the 4096 go out; 88 free bytes remain at the end
    expect(freeBlocks(d)).toEqual([[12 + 4008, 88]]);
    const r = d.alloc(1, 100); // asize 112 fits nowhere: sbrk(4096), merge with the 88 bytes, split
    expect(r.events).toEqual([
      { kind: 'sbrk', from: 4112, to: 4112 + CHUNKSIZE },
      { kind: 'coalesce', offset: 4020, span: 88 + 4096, with: 'prev' },
      { kind: 'reuse', how: 'split', node: 4020, offset: 4020, span: 112, left: 88 + 4096 - 112, rest: 4020 + 112, list: 0 },
    ]);
    expect(r.offset).toBe(4024);
    const big = d.alloc(2, 10000); // larger than a chunk: sbrk(asize) exactly
    expect(big.events[0]).toEqual({ kind: 'sbrk', from: 8208, to: 8208 + implicitBlock(10000) });
    expect(d.check()).toBeNull();
  });

  it('leaves one free block over the whole heap once everything is freed', () => {
    const d = heap();
    const sizes = [5, 300, 17, 4000, 9000, 64, 1];
    sizes.forEach((n, id) => d.alloc(id, n));
    d.realloc(1, 5000);
    for (const id of [3, 0, 6, 1, 5, 2, 4]) expect(d.free(id).ok).toBe(true);
    const brk = d.strategy.end();
    expect(freeBlocks(d)).toEqual([[12, brk - 16]]);
    expect(d.check()).toBeNull();
  });

  it('reallocs by malloc of the new block, copy, then free of the old', () => {
    const d = heap();
    d.alloc(0, 8);
    d.alloc(1, 8);
    d.memory.bytes.set([1, 2, 3, 4, 5], 16);
    const r = d.realloc(0, 40);
    expect(r.ok && r.offset).toBe(48);
    expect(Array.from(d.memory.bytes.subarray(48, 53))).toEqual([1, 2, 3, 4, 5]);
    expect(freeBlocks(d)[0]).toEqual([12, 16]);
    expect(d.check()).toBeNull();
  });

  it('fails out of memory when sbrk would pass the heap size, says why, and changes nothing', () => {
    const d = heap(16384);
    d.alloc(0, 4000);
    d.alloc(1, 4000); // the heap has grown to 8208: block 1 at 4020, 176 free bytes at 8028
    d.free(0); // 4008 free bytes at 12
    const before = Buffer.from(d.memory.bytes);
    const regs = Array.from(d.memory.regs);
    const r = d.alloc(2, 9000); // asize 9008: no fit; 8208 + 9008 > 16384
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toEqual({ code: 'out-of-memory', request: 9000, block: 9008, totalFree: 4008 + 176 + (16384 - 8208), largestFree: 176 + (16384 - 8208) });
      expect(r.events).toEqual([{ kind: 'fail', reason: expect.stringMatching(/sbrk\(9008\) would move the break from 8208 past the heap's end at 16384/) }]);
    }
    expect(Buffer.from(d.memory.bytes).equals(before)).toBe(true);
    expect(Array.from(d.memory.regs)).toEqual(regs);
    expect(d.check()).toBeNull();
  });

  it('fails the first alloc without running mm_init when the heap cannot hold it', () => {
    const d = heap(8192);
    const r = d.alloc(0, 5000);
    expect(r.ok).toBe(false);
    expect(d.strategy.end()).toBe(0);
    expect(d.check()).toBeNull();
    expect(heap(4096).alloc(0, 1).ok).toBe(false); // smaller than the 4112 bytes mm_init needs
  });

  it('keeps every invariant through random alloc, free and realloc sequences', () => {
    // After freeing everything the heap is one free block of at least the first chunk.
    checkChaosProperty({ strategy: 'implicit', heapSize: 1 << 16, maxSize: 4096, wholeHeapRequest: CHUNKSIZE - 8 });
  });

  it('hands out the whole free block after a random program, without growing the heap', () => {
    fc.assert(
      fc.property(chaosSteps(4096), (steps) => {
        const d = runChaos(steps, { strategy: 'implicit', heapSize: 1 << 16 });
        const brk = d.strategy.end();
        if (brk === 0) return;
        expect(freeBlocks(d)).toEqual([[12, brk - 16]]);
        const r = d.alloc(10_000, brk - 24);
        expect(r.ok && [r.offset, r.span]).toEqual([16, brk - 16]);
        expect(d.strategy.end()).toBe(brk);
        expect(d.check()).toBeNull();
      }),
      { numRuns: 100 },
    );
  });
});
