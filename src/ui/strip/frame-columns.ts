import type { BlockLayout, FreeWalk } from '../../core/block-layout.ts';
import { sortedOrder } from '../../core/block-layout.ts';
import type { WideFreeBlocks } from '../../core/gap-layout.ts';
import { onGrid } from './row-contents.ts';
import type { RowSpan } from './strip-geometry.ts';

/**
 * What the strip draws at one view, as its first frame of a new heap needs
 * it: the rows and their scale, and the span from which a block is drawn on
 * its own. The strip makes one per view; a picture read for a plan is drawn
 * only while the strip's plan is that same object.
 */
export interface FramePlan {
  readonly rows: readonly RowSpan[];
  /** Bytes a pixel. */
  readonly bpp: number;
  /** Pixels a row. */
  readonly width: number;
  /** Blocks of at least this many bytes are drawn on their own; narrower ones as bytes a pixel column. */
  readonly minSpan: number;
}

/** One row's bytes a pixel column of the blocks narrower than the plan's `minSpan`, allocated and free; columns [first, last] hold them. */
export interface RowColumns {
  readonly allocated: Float64Array;
  readonly free: Float64Array;
  readonly first: number;
  readonly last: number;
}

/** A heap as the strip's first frame draws it for one plan. */
export interface FrameColumns {
  readonly plan: FramePlan;
  /** Row by row, as `plan.rows`. */
  readonly rows: readonly RowColumns[];
  /** The blocks drawn on their own (every live and free block of at least `plan.minSpan` bytes), in address order. */
  readonly detailed: BlockLayout;
  /** Bytes requested for each detailed block (0 for a free one). */
  readonly requested: Float64Array;
}

/** The live blocks to place, in no particular order: entry k of `records` holds `stride` cells, the id, payload, span and requested bytes first. */
export interface LiveRecords {
  readonly records: Int32Array;
  readonly count: number;
  readonly stride: number;
  /** Metadata bytes in front of each payload: a block starts this many bytes before its payload. */
  readonly header: number;
}

/**
 * The free blocks a first frame is read with: `wide`, those of at least the
 * plan's span that the worker listed, for a heap whose live and free
 * blocks tile [0, end) (the Lululucator's: a column's free bytes are then
 * what is left); or `walk`, every free block, walked (a strategy whose
 * lists are short, or that has no such list).
 */
export type FrameFree = { readonly wide: WideFreeBlocks } | { readonly walk: FreeWalk };

/**
 * The strip's first frame of a heap without sorting its live blocks: each
 * narrow block adds its bytes to the columns it covers, as
 * RowContents.fillRow adds them (the same arithmetic); given only the wide
 * free blocks, a column's free bytes are what the heap handed out there
 * less the live bytes and the detailed blocks' bytes. The detailed blocks
 * are the wide live blocks and the wide free ones, sorted (few). Every
 * part of a block in a column is rounded to 1/256 of a byte as fillRow
 * rounds it (onGrid), and such sums are exact: from a walk, the columns
 * are fillRow's over the whole layout, bit for bit, so the pixels are the
 * same; from the wide blocks alone, a column's free bytes differ from the
 * sum of its free blocks' parts by at most 1/512 of a byte a block.
 *
 * O(live + free given + d log d + rows x columns) for d detailed blocks,
 * where a layout sorts every block (block-layout.ts) or the live ones and
 * lays out every gap (gap-layout.ts): after a million operations of the
 * benchmark's trace, one pass over 17,000 live blocks and about 150
 * detailed blocks to draw, where the merged layout sorts the 17,000 and
 * lists 25,000 blocks.
 *
 * Null when the wide free blocks were listed for another span than
 * `plan.minSpan`, or when a block lies outside [0, end) or two detailed
 * blocks overlap (a torn read): the caller reads otherwise.
 */
export function frameColumns(plan: FramePlan, live: LiveRecords, free: FrameFree, end: number): FrameColumns | null {
  const { rows, width, minSpan } = plan;
  if (rows.length === 0 || ('wide' in free && free.wide.from !== minSpan)) return null;
  const columns = Math.ceil(width);
  const sums = new ColumnSums(plan, columns);
  const { records, count, stride, header } = live;
  const wideLive: number[] = [];
  for (let k = 0; k < count; k++) {
    const record = k * stride;
    const s = records[record + 1] - header;
    const span = records[record + 2];
    if (s < 0 || s + span > end || span <= 0) return null;
    if (span >= minSpan) wideLive.push(record);
    else sums.add(sums.allocated, s, s + span);
  }
  let wide: WideFreeBlocks;
  let walkLists: Int32Array | null = null;
  if ('wide' in free) wide = free.wide;
  else {
    const walked = widestOfWalk(free.walk, minSpan, end, sums);
    if (!walked) return null;
    [wide, walkLists] = walked;
  }
  const detailed = detailedBlocks(records, wideLive, header, wide, walkLists, end);
  if (!detailed) return null;
  const out = rows.map((row, r) => rowColumns(row, sums, r, 'wide' in free ? detailed.layout : null, end, columns));
  return { plan, rows: out, detailed: detailed.layout, requested: detailed.requested };
}

/**
 * Per row, per column, the bytes of the narrow live blocks and, given a
 * walk, of the narrow free ones (exact sums of parts on the 1/256 grid);
 * and the columns they cover.
 */
class ColumnSums {
  readonly allocated: Float64Array[];
  readonly free: Float64Array[];
  readonly first: number[];
  readonly last: number[];
  private readonly perRow: number;

  constructor(
    readonly plan: FramePlan,
    readonly columns: number,
  ) {
    const rows = plan.rows;
    this.allocated = rows.map(() => new Float64Array(columns));
    this.free = rows.map(() => new Float64Array(columns));
    this.first = rows.map(() => columns);
    this.last = rows.map(() => -1);
    this.perRow = rows[0].to - rows[0].from;
  }

  /** Adds the bytes of [s, e) to `into` (one of the two) in the rows it meets, as fillRow finds them: it ends after the row starts and starts before it ends. */
  add(into: Float64Array[], s: number, e: number): void {
    const { rows, bpp } = this.plan;
    for (let r = Math.max(0, Math.floor((s - rows[0].from) / this.perRow) - 1); r < rows.length && rows[r].from < e; r++) {
      if (e <= rows[r].from || s >= rows[r].to) continue;
      const covered = addCover(into[r], s, e, rows[r], 1 / bpp, bpp, this.columns, 1);
      if (covered < 0) continue;
      const c0 = covered >>> 16;
      const c1 = covered & 0xffff;
      if (c0 < this.first[r]) this.first[r] = c0;
      if (c1 > this.last[r]) this.last[r] = c1;
    }
  }
}

/**
 * A walk's free blocks: the narrow ones added to `sums`, the wide ones
 * (at least `minSpan` bytes) sorted by start as the worker lists them,
 * with their lists. Null when one lies outside [0, end). O(walk + w log w).
 */
function widestOfWalk(walk: FreeWalk, minSpan: number, end: number, sums: ColumnSums): [WideFreeBlocks, Int32Array] | null {
  const wide: number[] = [];
  for (let j = 0; j < walk.count; j++) {
    const s = walk.start[j];
    const span = walk.span[j];
    if (s < 0 || s + span > end || span <= 0) return null;
    if (span >= minSpan) wide.push(j);
    else sums.add(sums.free, s, s + span);
  }
  const starts = Float64Array.from(wide, (j) => walk.start[j]);
  const order = sortedOrder(starts, wide.length);
  const pairs = new Int32Array(2 * wide.length);
  const lists = new Int32Array(wide.length);
  for (let k = 0; k < wide.length; k++) {
    const j = wide[order[k]];
    pairs[2 * k] = walk.start[j];
    pairs[2 * k + 1] = walk.span[j];
    lists[k] = walk.list[j];
  }
  return [{ from: minSpan, count: wide.length, pairs }, lists];
}

/**
 * Row `r`'s columns: the narrow live bytes, and the narrow free ones: those
 * summed from a walk, or, given the `detailed` blocks of a heap that live
 * and free blocks tile, the bytes of each column of handed-out memory that
 * neither they nor the narrow live blocks hold: the sums' own arrays, the
 * free ones filled in place. O(columns + detailed blocks in the row).
 */
function rowColumns(row: RowSpan, sums: ColumnSums, r: number, detailed: BlockLayout | null, end: number, columns: number): RowColumns {
  const allocated = sums.allocated[r];
  const free = sums.free[r];
  let first = sums.first[r];
  let last = sums.last[r];
  if (detailed !== null && end > row.from) {
    // Bytes handed out in each column, less the detailed blocks' and the narrow live ones'.
    const bpp = sums.plan.bpp;
    const covered = new Float64Array(columns);
    addCover(covered, row.from, end, row, 1 / bpp, bpp, columns, 1);
    for (let k = 0; k < detailed.count; k++) {
      const s = detailed.start[k];
      const e = s + detailed.span[k];
      if (e <= row.from) continue;
      if (s >= row.to) break;
      addCover(covered, s, e, row, 1 / bpp, bpp, columns, -1);
    }
    // Below this, a column's free bytes are the grid's rounding, not a block.
    const noise = 1 / 64;
    for (let c = 0; c < columns; c++) {
      const bytes = covered[c] - allocated[c];
      if (bytes > noise) {
        free[c] = bytes;
        if (c < first) first = c;
        if (c > last) last = c;
      }
    }
  }
  return { allocated, free, first, last };
}

/**
 * Adds `sign` times the bytes of [s, e) that fall in each column of `row`,
 * with fillRow's arithmetic. The columns covered, first << 16 | last, or -1
 * for none (columns are fewer than 2^15). O(columns covered).
 */
function addCover(into: Float64Array, s: number, e: number, row: RowSpan, perPx: number, bpp: number, columns: number, sign: number): number {
  const from = row.from;
  const x0 = s > from ? (s - from) * perPx : 0;
  const x1e = ((e < row.to ? e : row.to) - from) * perPx;
  const x1 = x1e < columns ? x1e : columns;
  if (x1 <= x0) return -1;
  const c0 = x0 | 0;
  const c1 = Math.min(columns - 1, Math.ceil(x1) - 1);
  for (let c = c0; c <= c1; c++) {
    const cover = (x1 < c + 1 ? x1 : c + 1) - (x0 > c ? x0 : c);
    if (cover > 0) into[c] += sign * onGrid(cover * bpp);
  }
  return (c0 << 16) | c1;
}

/**
 * The wide live blocks (given by their records), sorted, merged with the
 * wide free blocks (sorted already; in `lists`' lists, else list 0) into
 * one layout; null when two overlap or one passes `end`. O(w log w).
 */
function detailedBlocks(records: Int32Array, wideLive: readonly number[], header: number, wide: WideFreeBlocks, lists: Int32Array | null, end: number): { layout: BlockLayout; requested: Float64Array } | null {
  const liveCount = wideLive.length;
  const starts = new Float64Array(liveCount);
  for (let j = 0; j < liveCount; j++) starts[j] = records[wideLive[j] + 1] - header;
  const order = sortedOrder(starts, liveCount);
  const n = liveCount + wide.count;
  const start = new Float64Array(n);
  const span = new Float64Array(n);
  const id = new Int32Array(n);
  const list = new Int32Array(n);
  const requested = new Float64Array(n);
  const pairs = wide.pairs;
  let l = 0;
  let f = 0;
  let at = 0;
  for (let k = 0; k < n; k++) {
    const takeLive = f >= wide.count || (l < liveCount && starts[order[l]] < pairs[2 * f]);
    if (takeLive) {
      const record = wideLive[order[l++]];
      start[k] = records[record + 1] - header;
      span[k] = records[record + 2];
      id[k] = records[record];
      list[k] = -1;
      requested[k] = records[record + 3];
    } else {
      start[k] = pairs[2 * f];
      span[k] = pairs[2 * f + 1];
      id[k] = -1;
      list[k] = lists === null ? 0 : lists[f];
      f++;
    }
    if (start[k] < at || start[k] + span[k] > end) return null;
    at = start[k] + span[k];
  }
  return { layout: { count: n, start, span, id, list }, requested };
}
