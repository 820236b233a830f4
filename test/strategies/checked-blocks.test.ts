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

describe('checked blocks', () => {
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
