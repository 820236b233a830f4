import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LifoFitIndex } from '../../src/core/strategies/lifo-fit-index.ts';

/** The list the index stands for, head first, as plain nodes: the model a walk would give. */
type Node = { offset: number; size: number };

/** The first node of `list` (head first) of at least `size` bytes, as a walk finds it: its index, or -1. */
function walkFirstFit(list: Node[], size: number): number {
  return list.findIndex((n) => n.size >= size);
}

/** The index's list, head first. */
function listOf(index: LifoFitIndex): Node[] {
  const out: Node[] = [];
  index.forEachInListOrder((offset, size) => out.push({ offset, size }));
  return out;
}

/** Checks every query of `index` against the walk over `list`. */
function agrees(index: LifoFitIndex, list: Node[], sizes: number[]): void {
  expect(listOf(index)).toEqual(list);
  expect(index.count).toBe(list.length);
  expect(index.largest()).toBe(list.reduce((m, n) => Math.max(m, n.size), 0));
  for (const size of sizes) {
    // Every node of at least `size` bytes, and no more than asked for.
    const wide = list.filter((n) => n.size >= size).map((n) => [n.offset, n.size]);
    const into = new Int32Array(2 * list.length + 2);
    const count = index.atLeast(size, into, list.length);
    const got = Array.from({ length: count }, (_, j) => [into[2 * j], into[2 * j + 1]]);
    const byOffset = (a: number[], b: number[]) => a[0] - b[0];
    expect(got.sort(byOffset)).toEqual(wide.sort(byOffset));
    if (wide.length > 0) expect(index.atLeast(size, into, wide.length - 1)).toBe(-1);
    const slot = index.firstFit(size);
    const k = walkFirstFit(list, size);
    if (k < 0) expect(slot).toBe(-1);
    else {
      expect([index.offsetOf(slot), index.sizeOf(slot)]).toEqual([list[k].offset, list[k].size]);
      const before = index.previous(slot);
      expect(before < 0 ? null : index.offsetOf(before)).toBe(k === 0 ? null : list[k - 1].offset);
    }
  }
}

const script = fc.array(fc.tuple(fc.constantFrom('push', 'take', 'split'), fc.integer({ min: 1, max: 512 })), { maxLength: 400 });

describe('the LIFO first-fit index', () => {
  it('finds the node a walk of the list finds, and the node before it, after any pushes, unlinks and splits', () => {
    fc.assert(
      fc.property(script, (steps) => {
        const index = new LifoFitIndex();
        const list: Node[] = [];
        let next = 0;
        for (const [kind, size] of steps) {
          if (kind === 'push') {
            index.push(next, size);
            list.unshift({ offset: next, size });
            next += 8;
            continue;
          }
          const slot = index.firstFit(size);
          const k = walkFirstFit(list, size);
          expect(slot < 0).toBe(k < 0);
          if (slot < 0) continue;
          if (kind === 'take' || list[k].size === size) {
            index.remove(slot);
            list.splice(k, 1);
          } else {
            const rest = { offset: list[k].offset + size, size: list[k].size - size };
            index.move(slot, rest.offset, rest.size);
            list[k] = rest;
          }
        }
        agrees(index, list, [1, 8, 64, 256, 512, 513]);
      }),
      { numRuns: 150 },
    );
  });

  it('rebuilt from its own compacted slots, over its old arrays or new ones, answers as before', () => {
    fc.assert(
      fc.property(script, fc.array(fc.integer({ min: 1, max: 600 }), { minLength: 1, maxLength: 20 }), (steps, sizes) => {
        const index = new LifoFitIndex();
        let next = 0;
        for (const [kind, size] of steps) {
          if (kind === 'push') index.push((next += 8), size);
          else {
            const slot = index.firstFit(size);
            if (slot >= 0) index.remove(slot);
          }
        }
        const list = listOf(index);
        const [offsets, sizes0] = index.compactSlots();
        // The same index twice (its arrays kept when the capacity is the same), and a fresh one.
        index.rebuildFrom(offsets, sizes0);
        agrees(index, list, sizes);
        index.rebuildFrom(offsets, sizes0);
        agrees(index, list, sizes);
        const fresh = new LifoFitIndex();
        fresh.rebuildFrom(offsets, sizes0);
        agrees(fresh, list, sizes);
        // Pushes after a rebuild go to the head, as on the heap.
        index.push(1 << 20, 7);
        agrees(index, [{ offset: 1 << 20, size: 7 }, ...list], sizes);
        // And a rebuild forgets them: no slot of the old arrays outlives it.
        index.rebuildFrom(offsets, sizes0);
        agrees(index, list, [...sizes, 7]);
      }),
      { numRuns: 150 },
    );
  });
});
