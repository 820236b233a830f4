import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HeapMemory } from '../../src/core/heap-memory.ts';
import { HoleList } from '../../src/core/strategies/hole-list.ts';

/** A list over a fresh 1 KiB heap, holes given as [start, size] (listWith(true, ...): searched with its index from the start). */
function listOf(...holes: [number, number][]) {
  return listWith(false, ...holes);
}
function listWith(indexed: boolean, ...holes: [number, number][]) {
  const memory = HeapMemory.create(1024, false);
  const policy = indexed ? { indexAbove: -1, unindexBelow: -1 } : undefined;
  const list = new HoleList(memory, 8, 0, { events: null }, policy);
  list.reset(0, 0);
  for (const [start, size] of holes) list.insertSorted(start, size);
  return { memory, list };
}
const walk = (list: HoleList) => {
  const out: [number, number][] = [];
  list.walk((_l, start, span) => {
    out.push([start, span]);
  }, 1024);
  return out;
};

describe('the hole list', () => {
  it('keeps its registers from its base, so two lists share one register file', () => {
    const { memory, list } = listOf([512, 64]);
    expect(memory.regs.slice(8, 11)).toEqual(Int32Array.from([512, 1, 64]));
    expect(memory.regs[0]).toBe(0);
    expect(list.check(1024, 'list')).toBeNull();
  });

  it('first fit takes the lowest hole that fits, best fit the smallest', () => {
    const a = listOf([0, 64], [128, 32], [256, 48], [512, 512]);
    expect(a.list.takeFirstFit(40)).toBe(0);
    const b = listOf([0, 64], [128, 32], [256, 48], [512, 512]);
    expect(b.list.takeBestFit(40)).toBe(256);
    expect(b.list.takenSpan).toBe(48);
    expect(b.list.takeBestFit(24)).toBe(128);
    expect(b.list.check(1024, 'list')).toBeNull();
  });

  it.each([false, true])('next fit resumes at the merged hole when the hole it would start at vanishes into the one before (indexed: %s)', (indexed) => {
    const { list } = listWith(indexed, [512, 512], [96, 64], [40, 40], [0, 24]);
    // Nothing fits in [0, 24): the search takes [40, 80) whole; it would next begin at [96, 160).
    expect(list.takeNextFit(40)).toBe(40);
    expect(list.rover()).toBe(0);
    // Freeing [24, 96) merges [0, 24), the freed bytes and [96, 160) into one hole at 0.
    list.insertSorted(24, 72);
    expect(walk(list)).toEqual([
      [0, 160],
      [512, 512],
    ]);
    expect(list.check(1024, 'list')).toBeNull();
    expect(list.takeNextFit(16)).toBe(0);
  });

  it.each([false, true])('next fit follows the hole it would start at when that hole moves down by merging with a freed block (indexed: %s)', (indexed) => {
    const { list } = listWith(indexed, [512, 512], [96, 64], [40, 40], [0, 24]);
    expect(list.takeNextFit(40)).toBe(40);
    list.insertSorted(80, 16);
    expect(walk(list)).toEqual([
      [0, 24],
      [80, 80],
      [512, 512],
    ]);
    expect(list.check(1024, 'list')).toBeNull();
    expect(list.takeNextFit(16)).toBe(80);
  });

  it('rebuilds its search index when another instance changed the heap', () => {
    const { memory, list } = listWith(true, [0, 32], [512, 512]);
    expect(list.isIndexed()).toBe(true);
    const other = new HoleList(memory, 8, 0, { events: null }, { indexAbove: -1, unindexBelow: -1 });
    expect(other.takeFirstFit(104)).toBe(512);
    // A stale index would still offer [512, 1024) whole.
    expect(list.takeFirstFit(400)).toBe(616);
    expect(list.takenSpan).toBe(408);
    expect(walk(list)).toEqual([[0, 32]]);
    expect(list.check(1024, 'list')).toBeNull();
    expect(other.check(1024, 'list')).toBeNull();
  });

  it('rebuilds its search index when the heap and registers of another history are copied in', () => {
    const a = listWith(true, [0, 32], [512, 512]);
    const b = listOf([64, 32], [512, 512]);
    expect(a.list.isIndexed()).toBe(true);
    a.memory.bytes.set(b.memory.bytes);
    a.memory.regs.set(b.memory.regs);
    expect(a.list.check(1024, 'list')).toBeNull();
    expect(a.list.takeFirstFit(32)).toBe(64);
  });

  it('keeps the same registers for the same holes, however they came about', () => {
    const a = listOf([0, 32], [512, 512]);
    const b = listOf([0, 32], [64, 32], [512, 512]);
    expect(b.list.takeFirstFit(32)).toBe(0);
    b.list.insertSorted(0, 32);
    expect(b.list.takeAt(64, 32)).toBe(32);
    expect(walk(b.list)).toEqual(walk(a.list));
    expect(Array.from(b.memory.regs.slice(8, 8 + 5))).toEqual(Array.from(a.memory.regs.slice(8, 8 + 5)));
  });

  it('grows a block into the hole that starts right after it, or changes nothing', () => {
    const { list } = listOf([64, 64], [512, 512]);
    expect(list.takeAt(32, 16)).toBe(-1);
    expect(list.takeAt(64, 72)).toBe(-1);
    expect(list.takeAt(64, 56)).toBe(64);
    expect(walk(list)).toEqual([[512, 512]]);
    expect(list.takeAt(512, 8)).toBe(8);
    expect(walk(list)).toEqual([[520, 504]]);
    expect(list.check(1024, 'list')).toBeNull();
  });

  it('reports a cycle, touching holes and wrong counts instead of looping', () => {
    const { memory, list } = listOf([0, 32], [64, 32]);
    memory.writeWord(64, 0);
    expect(list.check(1024, 'list')).toMatch(/out of address order|cycle/);
    const b = listWith(true, [0, 32], [64, 32]);
    b.list.largest();
    b.memory.writeWord(8, 64);
    expect(b.list.check(1024, 'list')).toMatch(/the search index disagrees with the list at hole 0/);
    b.memory.regs[8 + 4]++; // the hash no longer matches: the index is stale, not wrong
    expect(b.list.check(1024, 'list')).toMatch(/touch but were not coalesced/);
    const c = listOf([0, 32]);
    c.memory.regs[9] = 2;
    expect(c.list.check(1024, 'list')).toMatch(/1 holes, its count says 2/);
  });
});

describe('the hole list, indexed or not', () => {
  /** One step of a random program on a list: take by some policy, grow in place, or give a range back. */
  type Step = { op: 'first' | 'best' | 'next'; size: number } | { op: 'at'; pick: number; size: number } | { op: 'give'; pick: number };
  const step: fc.Arbitrary<Step> = fc.oneof(
    { weight: 2, arbitrary: fc.record({ op: fc.constantFrom('first' as const, 'best' as const, 'next' as const), size: fc.integer({ min: 2, max: 12 }).map((n) => n * 8) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('at' as const), pick: fc.nat(), size: fc.integer({ min: 1, max: 8 }).map((n) => n * 8) }) },
    { weight: 3, arbitrary: fc.record({ op: fc.constant('give' as const), pick: fc.nat() }) },
  );
  /** First fill the heap with small blocks, so that giving them back leaves many holes. */
  const program = fc.array(step, { minLength: 100, maxLength: 300 }).map((steps): Step[] => [
    ...Array.from({ length: 200 }, (_, i): Step => ({ op: 'first', size: 16 + 8 * (i % 5) })),
    ...steps,
  ]);
  let most = 0;

  it('gives the same heap bytes and registers as following the links', () => {
    fc.assert(
      fc.property(program, (steps) => {
        const make = (policy: { indexAbove: number; unindexBelow: number }) => {
          const memory = HeapMemory.create(8192, false);
          const list = new HoleList(memory, 0, 0, { events: null }, policy);
          list.reset(0, 8192);
          list.largest();
          return { memory, list };
        };
        const links = make({ indexAbove: Infinity, unindexBelow: 0 });
        const indexed = make({ indexAbove: -1, unindexBelow: -1 });
        const taken: [number, number][] = [];
        for (const s of steps) {
          const results = [links, indexed].map(({ list }) => {
            if (s.op === 'at' || s.op === 'give') {
              if (taken.length === 0) return -2;
              const k = s.pick % taken.length;
              if (s.op === 'at') return list.takeAt(taken[k][0] + taken[k][1], s.size);
              list.insertSorted(taken[k][0], taken[k][1]);
              return -3;
            }
            if (s.op === 'first') return list.takeFirstFit(s.size);
            return s.op === 'best' ? list.takeBestFit(s.size) : list.takeNextFit(s.size);
          });
          expect(results[1]).toBe(results[0]);
          expect(indexed.list.isIndexed()).toBe(true);
          expect(links.list.isIndexed()).toBe(false);
          const r = results[0];
          if (s.op === 'give' && r === -3) taken.splice(s.pick % taken.length, 1);
          else if (s.op === 'at' && r >= 0) taken[s.pick % taken.length][1] += r;
          else if (s.op !== 'at' && s.op !== 'give' && r >= 0) taken.push([r, links.list.takenSpan]);
          expect(Buffer.compare(indexed.memory.bytes, links.memory.bytes)).toBe(0);
          expect(Array.from(indexed.memory.regs.slice(0, 5))).toEqual(Array.from(links.memory.regs.slice(0, 5)));
          expect(indexed.list.check(8192, 'indexed')).toBeNull();
          expect(links.list.check(8192, 'links')).toBeNull();
          most = Math.max(most, links.list.count());
        }
      }),
      { numRuns: 15 },
    );
    // The programs must reach lists long enough to split the index's 32-entry chunks.
    expect(most).toBeGreaterThan(40);
  });
});
