import type { BlockLayout } from '../../core/block-layout.ts';
import { sortedOrder } from '../../core/block-layout.ts';
import type { WideFreeBlocks } from '../../core/gap-layout.ts';
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
  readonly allocated: Float32Array;
  readonly free: Float32Array;
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
 * The strip's first frame of a heap whose live and free blocks tile [0,
 * end), without sorting the live blocks: each narrow live block adds its
 * bytes to the columns it covers, as RowContents.fillRow adds them (the same
 * arithmetic); the free bytes of a column are what the heap handed out
 * there less the live bytes and the detailed blocks' bytes. The detailed
 * blocks are the wide live blocks, sorted (few), merged with `wide`, the
 * free blocks of at least `plan.minSpan` bytes, sorted by start. The sums
 * differ from fillRow's over every block only by floating-point rounding,
 * far below a pixel.
 *
 * O(live + wide log wide + rows x columns), where the merged layout of the
 * gaps (gap-layout.ts) sorts the live blocks and lays out every gap: after
 * a million operations of the benchmark's trace, one pass over 17,000 live
 * blocks and about 150 detailed blocks to draw, where the merged layout
 * sorts the 17,000 and lists 25,000 blocks.
 *
 * Null when `wide` was listed for another span than `plan.minSpan`, or when
 * a block lies outside [0, end) (a torn read): the caller reads otherwise.
 */
export function frameColumns(plan: FramePlan, live: LiveRecords, wide: WideFreeBlocks, end: number): FrameColumns | null {
  const { rows, bpp, width, minSpan } = plan;
  if (wide.from !== minSpan || rows.length === 0) return null;
  const columns = Math.ceil(width);
  const perPx = 1 / bpp;
  const allocated = rows.map(() => new Float64Array(columns));
  const extents = rows.map(() => ({ first: columns, last: -1 }));
  const rowFrom = rows[0].from;
  const perRow = rows[0].to - rows[0].from;
  const { records, count, stride, header } = live;
  const wideLive: number[] = [];
  for (let k = 0; k < count; k++) {
    const record = k * stride;
    const s = records[record + 1] - header;
    const span = records[record + 2];
    const e = s + span;
    if (s < 0 || e > end || span <= 0) return null;
    if (span >= minSpan) {
      wideLive.push(record);
      continue;
    }
    // The rows the block meets, as fillRow finds them: it ends after the row starts and starts before it ends.
    for (let r = Math.max(0, Math.floor((s - rowFrom) / perRow) - 1); r < rows.length && rows[r].from < e; r++) {
      if (e > rows[r].from && s < rows[r].to) addCover(allocated[r], s, e, rows[r], perPx, bpp, columns, 1, extents[r]);
    }
  }
  const detailed = detailedBlocks(records, wideLive, header, wide, end);
  if (!detailed) return null;
  const out = rows.map((row, r) => rowColumns(row, allocated[r], extents[r].first, extents[r].last, detailed.layout, end, bpp, columns));
  return { plan, rows: out, detailed: detailed.layout, requested: detailed.requested };
}

/**
 * A row's columns: the narrow live bytes, and the free bytes of each column
 * of handed-out memory, which is all the rest but the detailed blocks'.
 * O(columns + detailed blocks in the row).
 */
function rowColumns(row: RowSpan, allocated: Float64Array, firstLive: number, lastLive: number, detailed: BlockLayout, end: number, bpp: number, columns: number): RowColumns {
  const perPx = 1 / bpp;
  const outAllocated = new Float32Array(columns);
  const free = new Float32Array(columns);
  let first = firstLive;
  let last = lastLive;
  if (end > row.from) {
    // Bytes handed out in each column, less the detailed blocks' and the narrow live ones'.
    const covered = new Float64Array(columns);
    addCover(covered, row.from, end, row, perPx, bpp, columns, 1);
    for (let k = 0; k < detailed.count; k++) {
      const s = detailed.start[k];
      const e = s + detailed.span[k];
      if (e <= row.from) continue;
      if (s >= row.to) break;
      addCover(covered, s, e, row, perPx, bpp, columns, -1);
    }
    // Below this, a column's free bytes are rounding left by the subtraction, not a block.
    const noise = bpp * 1e-9;
    for (let c = 0; c < columns; c++) {
      const bytes = covered[c] - allocated[c];
      if (bytes > noise) {
        free[c] = bytes;
        if (c < first) first = c;
        if (c > last) last = c;
      }
    }
  }
  for (let c = firstLive; c <= lastLive; c++) outAllocated[c] = allocated[c];
  return { allocated: outAllocated, free, first, last };
}

/**
 * Adds `sign` times the bytes of [s, e) that fall in each column of `row`,
 * with fillRow's arithmetic; widens `extent` to the columns it covers.
 * O(columns covered).
 */
function addCover(into: Float64Array, s: number, e: number, row: RowSpan, perPx: number, bpp: number, columns: number, sign: number, extent?: { first: number; last: number }): void {
  const from = row.from;
  const x0 = s > from ? (s - from) * perPx : 0;
  const x1e = ((e < row.to ? e : row.to) - from) * perPx;
  const x1 = x1e < columns ? x1e : columns;
  if (x1 <= x0) return;
  const c0 = x0 | 0;
  const c1 = Math.min(columns - 1, Math.ceil(x1) - 1);
  for (let c = c0; c <= c1; c++) {
    const cover = (x1 < c + 1 ? x1 : c + 1) - (x0 > c ? x0 : c);
    if (cover > 0) into[c] += sign * cover * bpp;
  }
  if (extent) {
    if (c0 < extent.first) extent.first = c0;
    if (c1 > extent.last) extent.last = c1;
  }
}

/**
 * The wide live blocks (given by their records), sorted, merged with the
 * wide free blocks (sorted already) into one layout; null when two overlap
 * or one passes `end`. O(w log w).
 */
function detailedBlocks(records: Int32Array, wideLive: readonly number[], header: number, wide: WideFreeBlocks, end: number): { layout: BlockLayout; requested: Float64Array } | null {
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
      list[k] = 0;
      f++;
    }
    if (start[k] < at || start[k] + span[k] > end) return null;
    at = start[k] + span[k];
  }
  return { layout: { count: n, start, span, id, list }, requested };
}
