import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkCoalesced, checkTiling, type BlockLayout } from '../../src/core/block-layout.ts';
import { CheckedBlocks } from '../../src/core/strategies/checked-blocks.ts';

/** Blocks as [start, span, id] rows (id -1: free), as the checker adds them. */
const rows = fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 12 }), fc.integer({ min: -1, max: 3 })), { maxLength: 12 });

function layoutOf(blocks: [number, number, number][]): BlockLayout {
  const sorted = blocks.map((b, i) => [...b, i]).sort((a, b) => a[0] - b[0] || a[3] - b[3]);
  return {
    count: sorted.length,
    start: Float64Array.from(sorted, (b) => b[0]),
    span: Float64Array.from(sorted, (b) => b[1]),
    id: Int32Array.from(sorted, (b) => b[2]),
    list: Int32Array.from(sorted, (b) => (b[2] < 0 ? 0 : -1)),
  };
}

/**
 * A tiling of [0, end) in blocks of whole `unit`s, then a few mutations that
 * may break it: the near-misses the fast paths must not accept. A unit of 8
 * takes the checker's bitmap path, 4 its hash-table path.
 */
const nearTilings = (unit: number) => fc
  .record({
    granules: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 14 }),
    frees: fc.array(fc.boolean(), { minLength: 14, maxLength: 14 }),
    mutations: fc.array(fc.tuple(fc.constantFrom('shift', 'grow', 'shrink', 'drop', 'copy', 'gap'), fc.nat(13)), { maxLength: 2 }),
    order: fc.array(fc.nat(), { minLength: 14, maxLength: 14 }),
  })
  .map(({ granules, frees, mutations, order }) => {
    const blocks: [number, number, number][] = [];
    let at = 0;
    granules.forEach((g, i) => {
      blocks.push([at, g * unit, frees[i] ? -1 : i]);
      at += g * unit;
    });
    for (const [what, k] of mutations) {
      const b = blocks[k % blocks.length];
      if (what === 'shift') b[0] += unit;
      else if (what === 'grow') b[1] += unit;
      else if (what === 'shrink') b[1] -= unit;
      else if (what === 'drop' && blocks.length > 1) blocks.splice(k % blocks.length, 1);
      else if (what === 'copy') blocks.push([...b]);
      else if (what === 'gap') for (const c of blocks) if (c[0] > b[0]) c[0] += unit;
    }
    const shuffled = blocks.map((b, i) => ({ b, key: order[i % order.length] + i / 100 })).sort((x, y) => x.key - y.key).map((x) => x.b);
    return { blocks: shuffled, end: at };
  });

/** The reference for `disjoint`: sort, then no block starts before the one before it ends. */
function disjointByHand(blocks: [number, number, number][], end: number): boolean {
  const sorted = [...blocks].sort((a, b) => a[0] - b[0]);
  let covered = 0;
  for (const [start, span] of sorted) {
    if (span <= 0 || start < covered) return false;
    covered = start + span;
  }
  return covered <= end;
}

describe('checked blocks', () => {
  it('accept a heap only when the block layout tiles it, with and without coalescing, aligned or not', () => {
    fc.assert(
      fc.property(fc.constantFrom(8, 4).chain(nearTilings), fc.constantFrom(0, 8, -8), ({ blocks, end }, endShift) => {
        const checked = new CheckedBlocks();
        for (const [start, span, id] of blocks) checked.add(start, span, id);
        const layout = layoutOf(blocks);
        expect(checked.tiling(0, end + endShift, false)).toBe(checkTiling(layout, 0, end + endShift));
        const both = checkTiling(layout, 0, end + endShift) ?? checkCoalesced(layout);
        expect(checked.tiling(0, end + endShift, true) === null).toBe(both === null);
      }),
      { numRuns: 2000 },
    );
  });

  it('accept aligned blocks as disjoint exactly when sorting them by hand finds no overlap', () => {
    fc.assert(
      fc.property(fc.constantFrom(8, 4).chain(nearTilings), fc.constantFrom(0, 8, -8, 64), ({ blocks, end }, endShift) => {
        const checked = new CheckedBlocks();
        for (const [start, span, id] of blocks) checked.add(start, span, id);
        expect(checked.disjoint(0, end + endShift) === null).toBe(disjointByHand(blocks, end + endShift));
      }),
      { numRuns: 2000 },
    );
  });

  it('find the same gaps, overlaps and untouched free neighbours as the block layout', () => {
    fc.assert(
      fc.property(rows, fc.integer({ min: 0, max: 60 }), (blocks, end) => {
        const checked = new CheckedBlocks();
        for (const [start, span, id] of blocks) checked.add(start, span, id);
        const layout = layoutOf(blocks);
        expect(checked.tiling(0, end, false)).toBe(checkTiling(layout, 0, end));
        const both = checkTiling(layout, 0, end) ?? checkCoalesced(layout);
        expect(checked.tiling(0, end, true) === null).toBe(both === null);
      }),
      { numRuns: 500 },
    );
  });

  it('allow gaps but no overlap when asked only for disjoint blocks', () => {
    const checked = new CheckedBlocks();
    checked.add(16, 8, 1);
    checked.add(0, 8, 0);
    expect(checked.disjoint(0, 24)).toBeNull();
    expect(checked.disjoint(0, 16)).toBe('the last block ends at 24, past 16');
    checked.add(20, 8, 2);
    expect(checked.disjoint(0, 64)).toBe('block #2 at 20 overlaps the block before it (which ends at 24)');
    checked.clear();
    checked.add(-8, 8, 3);
    expect(checked.disjoint(0, 64)).toBe('block #3 at -8 is not an offset in any heap');
  });
});
