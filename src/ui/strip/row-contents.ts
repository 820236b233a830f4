import { MERGED_GAP } from '../../core/gap-layout.ts';
import { firstEndingAfter, type BlockColumns } from '../heap/find-block.ts';
import type { RowColumns } from './frame-columns.ts';

/**
 * What one row of the strip holds: the blocks wide enough to draw one by
 * one, and, per pixel column, the bytes of the blocks too narrow for that
 * (their occupancy). A heap of 100,000 blocks zoomed out thus costs one rect
 * per column, not one per block.
 *
 * Invariants after `fillRow`: `detailed[0..detailedCount)` are block indices
 * in address order, each at least `minPx` wide and not a merged run of free
 * blocks (MERGED_GAP, whose blocks are narrower); for every other block of
 * the row, its bytes inside the row are added to `allocated` or `free` at
 * the columns it covers, in proportion to the part of each column it covers,
 * each part rounded to 1/256 of a byte ({@link onGrid}).
 */
export class RowContents {
  allocated = new Float64Array(0);
  free = new Float64Array(0);
  detailed = new Int32Array(256);
  detailedCount = 0;
  /** Columns touched by narrow blocks: [firstColumn, lastColumn], empty when first > last. */
  firstColumn = 0;
  lastColumn = -1;
  /** After {@link quantise}: each column's {@link columnHeights} in whole pixels, allocated and free. */
  allocatedPx = new Uint16Array(0);
  freePx = new Uint16Array(0);

  /** Quantises the columns [firstColumn, lastColumn] to pixels of a bar `height` tall (allocatedPx, freePx). O(columns). */
  quantise(bpp: number, height: number): void {
    if (this.allocatedPx.length < this.allocated.length) {
      this.allocatedPx = new Uint16Array(this.allocated.length);
      this.freePx = new Uint16Array(this.allocated.length);
    }
    for (let c = this.firstColumn; c <= this.lastColumn; c++) {
      const [a, f] = columnHeights(this.allocated[c], this.free[c], bpp, height);
      this.allocatedPx[c] = a;
      this.freePx[c] = f;
    }
  }

  /** Makes room for `columns` columns and empties the row. O(columns). */
  reset(columns: number): void {
    if (this.allocated.length < columns) {
      this.allocated = new Float64Array(columns);
      this.free = new Float64Array(columns);
    } else if (this.lastColumn >= this.firstColumn) {
      this.allocated.fill(0, this.firstColumn, this.lastColumn + 1);
      this.free.fill(0, this.firstColumn, this.lastColumn + 1);
    }
    this.detailedCount = 0;
    this.firstColumn = columns;
    this.lastColumn = -1;
  }

  /** Adds the bytes of a row read as columns (FrameColumns), after {@link fillRow} of its detailed blocks. O(its columns). */
  addColumns(row: RowColumns): void {
    if (row.last < row.first) return;
    for (let c = row.first; c <= row.last; c++) {
      this.allocated[c] += row.allocated[c];
      this.free[c] += row.free[c];
    }
    if (row.first < this.firstColumn) this.firstColumn = row.first;
    if (row.last > this.lastColumn) this.lastColumn = row.last;
  }

  private pushDetailed(k: number): void {
    if (this.detailedCount === this.detailed.length) {
      const grown = new Int32Array(this.detailed.length * 2);
      grown.set(this.detailed);
      this.detailed = grown;
    }
    this.detailed[this.detailedCount++] = k;
  }

  /**
   * Sorts the blocks of bytes [from, to) of a row `width` pixels wide, at
   * `bpp` bytes a pixel. `isAllocated(k)` tells a block's state.
   * O(log b + blocks in the row).
   */
  fillRow(blocks: BlockColumns & { readonly id: ArrayLike<number>; readonly list?: ArrayLike<number> }, from: number, to: number, bpp: number, width: number, minPx: number): void {
    const columns = Math.ceil(width);
    this.reset(columns);
    const n = blocks.count;
    const start = blocks.start;
    const span = blocks.span;
    const id = blocks.id;
    const list = blocks.list;
    const perPx = 1 / bpp;
    const minSpan = minPx * bpp;
    let first = this.firstColumn;
    let last = this.lastColumn;
    for (let k = firstEndingAfter(blocks, from); k < n; k++) {
      const s = start[k];
      if (s >= to) break;
      const length = span[k];
      if (length >= minSpan && (list === undefined || list[k] !== MERGED_GAP)) {
        this.pushDetailed(k);
        continue;
      }
      const e = s + length;
      const x0 = s > from ? (s - from) * perPx : 0;
      const x1e = ((e < to ? e : to) - from) * perPx;
      const x1 = x1e < columns ? x1e : columns;
      if (x1 <= x0) continue;
      const target = id[k] >= 0 ? this.allocated : this.free;
      const c0 = x0 | 0;
      const c1 = Math.min(columns - 1, Math.ceil(x1) - 1);
      if (c0 === c1) {
        target[c0] += onGrid((x1 - x0) * bpp);
      } else {
        for (let c = c0; c <= c1; c++) {
          const cover = (x1 < c + 1 ? x1 : c + 1) - (x0 > c ? x0 : c);
          if (cover > 0) target[c] += onGrid(cover * bpp);
        }
      }
      if (c0 < first) first = c0;
      if (c1 > last) last = c1;
    }
    this.firstColumn = first;
    this.lastColumn = last;
  }
}

/** Steps a byte count is rounded to: 1/256 of a byte. */
const GRID = 256;

/**
 * `bytes` rounded to 1/256 of a byte. A sum of such numbers is exact below
 * 2^45 bytes, so it is the same whatever the order of its terms: a column
 * holds the same bytes whether its blocks come in address order (a whole
 * picture) or in any other (a first frame read as columns, frame-columns.ts),
 * and the pixels drawn from it are the same. O(1).
 */
export function onGrid(bytes: number): number {
  return Math.round(bytes * GRID) / GRID;
}

/** A column's occupancy quantised to whole pixels of a bar `height` tall: [allocated px, free px]. O(1). */
export function columnHeights(allocatedBytes: number, freeBytes: number, bpp: number, height: number): [number, number] {
  const a = Math.round((Math.min(bpp, allocatedBytes) / bpp) * height);
  const f = Math.round((Math.min(bpp, allocatedBytes + freeBytes) / bpp) * height) - a;
  return [a, Math.max(0, f)];
}
