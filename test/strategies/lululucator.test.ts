import { describe, expect, it } from 'vitest';
import { HeapDriver } from '../../src/core/driver.ts';
import { lululucatorBlock } from '../../src/core/strategies/lululucator.ts';
import { checkChaosProperty } from '../support/chaos.ts';

const heap = (size = 4096) => new HeapDriver({ strategy: 'lululucator', heapSize: size });
const offsets = (d: HeapDriver) => {
  const out: [number, number][] = [];
  d.strategy.walkFreeLists((_l, start, span) => {
    out.push([start, span]);
  });
  return out;
};

describe('the Lululucator', () => {
  it('rounds a request up to a multiple of 8, never below the 24-byte node', () => {
    expect([1, 8, 17, 24, 25, 100, 250].map(lululucatorBlock)).toEqual([24, 24, 24, 24, 32, 104, 256]);
  });

  it('reserves the whole heap with one brk at the first alloc, then bumps', () => {
    const d = heap();
    const r = d.alloc(0, 100);
    expect(r.ok && r.offset).toBe(0);
    expect(r.events[0]).toEqual({ kind: 'sbrk', from: 0, to: 4096 });
    expect(d.alloc(1, 10).offset).toBe(104);
    expect(d.strategy.bumpPointer()).toBe(128);
  });

  it('hands out the front of a larger free node and moves the node up (100 from 250)', () => {
    const d = heap();
    d.alloc(0, 250);
    d.alloc(1, 8);
    d.free(0);
    expect(offsets(d)).toEqual([[0, 256]]);
    const r = d.alloc(2, 100);
    expect(r.offset).toBe(0);
    expect(r.span).toBe(104);
    expect(offsets(d)).toEqual([[104, 152]]);
    expect(d.memory.readWord(104 + 8)).toBe(104);
    expect(d.check()).toBeNull();
  });

  it('hands out a whole node when less than 24 bytes would remain', () => {
    const d = heap();
    d.alloc(0, 40);
    d.alloc(1, 8);
    d.free(0);
    const r = d.alloc(2, 24);
    expect(r.ok && [r.offset, r.span]).toEqual([0, 40]);
    expect(offsets(d)).toEqual([]);
    d.free(2);
    expect(offsets(d)).toEqual([[0, 40]]);
  });

  it('takes the first node that fits in LIFO order, not the lowest address', () => {
    const d = heap();
    for (let id = 0; id < 4; id++) d.alloc(id, 64);
    d.free(0);
    d.free(2);
    expect(offsets(d)).toEqual([
      [128, 64],
      [0, 64],
    ]);
    expect(d.alloc(4, 64).offset).toBe(128);
    expect(d.alloc(5, 64).offset).toBe(0);
  });

  it('never merges neighbouring free blocks', () => {
    const d = heap();
    d.alloc(0, 32);
    d.alloc(1, 32);
    d.free(0);
    d.free(1);
    const r = d.alloc(2, 64);
    expect(r.offset).toBe(64);
    expect(offsets(d)).toEqual([
      [32, 32],
      [0, 32],
    ]);
  });

  it('fails out of memory past brk, says why, and changes nothing', () => {
    const d = heap(256);
    d.alloc(0, 200);
    d.alloc(1, 24);
    d.free(0);
    const before = Buffer.from(d.memory.bytes);
    const r = d.alloc(2, 240);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toEqual({ code: 'out-of-memory', request: 240, block: 240, totalFree: 200 + 32, largestFree: 200 });
    expect(Buffer.from(d.memory.bytes).equals(before)).toBe(true);
    expect(d.check()).toBeNull();
  });

  it('reallocs by allocating first, copying, then freeing the old block', () => {
    const d = heap();
    d.alloc(0, 16);
    d.memory.bytes.set([1, 2, 3, 4, 5], 0);
    const r = d.realloc(0, 48);
    expect(r.offset).toBe(24);
    expect(Array.from(d.memory.bytes.subarray(24, 29))).toEqual([1, 2, 3, 4, 5]);
    expect(offsets(d)).toEqual([[0, 24]]);
  });

  it('rejects bad requests as values and leaves the heap as it was', () => {
    const d = heap();
    d.alloc(0, 8);
    expect(d.alloc(1, 0)).toMatchObject({ ok: false, error: { code: 'bad-size', why: 'zero' } });
    expect(d.alloc(1, -3)).toMatchObject({ ok: false, error: { code: 'bad-size', why: 'negative' } });
    expect(d.alloc(1, 1.5)).toMatchObject({ ok: false, error: { code: 'bad-size', why: 'not-integer' } });
    expect(d.alloc(1, 5000)).toMatchObject({ ok: false, error: { code: 'bad-size', why: 'larger-than-heap' } });
    expect(d.free(7)).toMatchObject({ ok: false, error: { code: 'not-live', why: 'never-allocated' } });
    d.free(0);
    expect(d.free(0)).toMatchObject({ ok: false, error: { code: 'not-live', why: 'already-freed' } });
    expect(d.check()).toBeNull();
  });

  it('keeps every invariant through random alloc, free and realloc sequences', () => {
    checkChaosProperty({ strategy: 'lululucator', heapSize: 4096 });
  });
});

describe('the Lululucator free statistics', () => {
  it('give the count, bytes and largest node a walk of the list gives, without walking', () => {
    const driver = new HeapDriver({ strategy: 'lululucator', heapSize: 1 << 16, events: false });
    let seed = 11;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed;
    };
    const live: number[] = [];
    for (let i = 0; i < 2000; i++) {
      if (live.length > 0 && random() % 3 === 0) driver.free(live.splice(random() % live.length, 1)[0]);
      else if (driver.alloc(i, 1 + (random() % 300)).ok) live.push(i);
      const stats = driver.strategy.freeStats!();
      if (stats === null) continue;
      let count = 0;
      let bytes = 0;
      let largest = 0;
      driver.strategy.walkFreeLists((_l, _s, span) => {
        count++;
        bytes += span;
        largest = Math.max(largest, span);
      });
      expect(stats).toEqual({ count, bytes, largest });
    }
  });
});
