import { describe, expect, it } from 'vitest';
import { columnHeights, RowContents } from '../../src/ui/strip/row-contents.ts';

/** Blocks tiling [0, n * span): even ids allocated, odd ones free. */
function tiling(n: number, span: number) {
  const start = new Float64Array(n);
  const spans = new Float64Array(n).fill(span);
  const id = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    start[k] = k * span;
    id[k] = k % 2 === 0 ? k : -1;
  }
  return { count: n, start, span: spans, id };
}

describe('the contents of a strip row', () => {
  it('lists the blocks at least the threshold wide, in address order, and sums none of them', () => {
    const rows = new RowContents();
    rows.fillRow(tiling(10, 100), 0, 1000, 10, 100, 2);
    expect(Array.from(rows.detailed.subarray(0, rows.detailedCount))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(rows.lastColumn).toBeLessThan(rows.firstColumn);
  });

  it('sums blocks narrower than the threshold per pixel column instead of listing them', () => {
    const rows = new RowContents();
    // 100,000 blocks of 8 bytes at 80 bytes a pixel: 10 blocks a column.
    const blocks = tiling(100_000, 8);
    rows.fillRow(blocks, 0, 800_000, 80, 10_000, 2);
    expect(rows.detailedCount).toBe(0);
    expect(rows.firstColumn).toBe(0);
    expect(rows.lastColumn).toBe(9_999);
    for (const c of [0, 17, 9_999]) {
      expect(rows.allocated[c]).toBeCloseTo(40);
      expect(rows.free[c]).toBeCloseTo(40);
    }
  });

  it('splits a block between the columns it covers in proportion', () => {
    const rows = new RowContents();
    const blocks = { count: 1, start: Float64Array.of(15), span: Float64Array.of(10), id: Int32Array.of(3) };
    rows.fillRow(blocks, 0, 100, 10, 10, 2);
    expect(rows.allocated[1]).toBeCloseTo(5);
    expect(rows.allocated[2]).toBeCloseTo(5);
    expect(rows.free[1]).toBe(0);
  });

  it('counts only the part of a block inside the row', () => {
    const rows = new RowContents();
    const blocks = { count: 1, start: Float64Array.of(95), span: Float64Array.of(10), id: Int32Array.of(1) };
    rows.fillRow(blocks, 100, 200, 10, 10, 2);
    expect(rows.allocated[0]).toBeCloseTo(5);
  });

  it('empties the columns it used when it is reused for another row', () => {
    const rows = new RowContents();
    rows.fillRow(tiling(100, 1), 0, 100, 10, 10, 2);
    rows.fillRow({ count: 0, start: new Float64Array(0), span: new Float64Array(0), id: new Int32Array(0) }, 0, 100, 10, 10, 2);
    expect(Array.from(rows.allocated.subarray(0, 10)).every((v) => v === 0)).toBe(true);
  });

  it('quantises a column to whole pixels, allocated first, never past the bar', () => {
    expect(columnHeights(40, 40, 80, 30)).toEqual([15, 15]);
    expect(columnHeights(80, 0, 80, 30)).toEqual([30, 0]);
    expect(columnHeights(100, 50, 80, 30)).toEqual([30, 0]);
    expect(columnHeights(0, 8, 80, 30)).toEqual([0, 3]);
  });
});
