import type { BlockLayout } from './block-layout.ts';
import { sortedOrder } from './block-layout.ts';
import { DENSE_CELLS, type LiveTable } from './live-table.ts';
import type { Strategy } from './strategy.ts';

/** A layout read from the gaps, and where its live blocks landed. */
export interface GapLayout extends BlockLayout {
  /** Block index of each live block, in address order. */
  readonly liveRows: Int32Array;
  /** Bytes requested for each block (0 for a free one). */
  readonly requested: Float64Array;
  /** Gaps narrower than this are one block each, of list {@link MERGED_GAP}; 0: none was, every free block is its own. */
  readonly mergedBelow: number;
}

/**
 * The `list` of a block that stands for a run of free blocks, each narrower
 * than the layout's `mergedBelow` (the run itself may be wider): it is
 * free, but not one block.
 */
export const MERGED_GAP = -2;

/**
 * Every free block of at least `from` bytes (the strategy's
 * freeBlocksAtLeast), sorted by start: `pairs` holds start, span.
 */
export interface WideFreeBlocks {
  readonly from: number;
  readonly count: number;
  readonly pairs: Int32Array;
}

/**
 * The heap in address order without walking the free list, for a strategy
 * with {@link Strategy.readFreeBlocksIn}: sort the live blocks, then read the
 * free blocks that fill each gap between them one after the other, from
 * their own span words. O(live log live + free) with the free blocks read in
 * address order, where a walk of a LIFO list costs a cache miss a node and
 * a sort of every block: several times faster on the Lululucator after a
 * million operations (260,000 free nodes).
 *
 * With `mergeBelow` > 0, a gap narrower than it is not read: it becomes one
 * block of list {@link MERGED_GAP}; in a wider gap, each run of two or more
 * free blocks narrower than it becomes one such block. A view that draws
 * blocks that narrow as bytes per pixel column (the strip, zoomed out)
 * draws the same from it. The same reads, but a layout of the live blocks,
 * the wide free blocks and the runs only: 900,000 operations into the
 * benchmark's trace, 43,000 blocks where the whole layout has 255,000.
 * Given the `wide` free blocks (those of at least `wide.from` bytes, which
 * must be no more than `mergeBelow`), it reads none: each gap is its wide
 * blocks and the runs between them, merged with a bound of `wide.from`.
 * O(live log live + wide).
 *
 * Null when the strategy cannot, or when the bytes do not decompose into
 * free blocks (a torn read), or, when no gap was merged, not into exactly
 * `freeBlockCount()` of them: the caller walks the lists instead. Free
 * blocks are in list 0. `mergedBelow` is 0 when no gap was merged (the
 * layout is whole).
 */
export function layoutByGaps(strategy: Strategy, live: LiveTable, mergeBelow = 0, wide?: WideFreeBlocks): GapLayout | null {
  if (!strategy.readFreeBlocksIn) return null;
  const end = strategy.end();
  const header = strategy.headerBytes;
  const liveCount = live.liveCount;
  const exact = mergeBelow <= 0;
  const n = liveCount + strategy.freeBlockCount();
  // A private copy of the dense list of live blocks (live-table.ts): one native copy of shared memory, then
  // every read of a block is one cache line, in the sort's order as in the list's.
  if (liveCount * DENSE_CELLS > live.dense.length) return null;
  const records = live.dense.slice(0, liveCount * DENSE_CELLS);
  const liveStart = new Float64Array(liveCount);
  for (let k = 0; k < liveCount; k++) liveStart[k] = records[k * DENSE_CELLS + 1] - header;
  const order = sortedOrder(liveStart, liveCount);
  const out = new LayoutColumns(exact ? n : 2 * liveCount + 16);
  const liveRows = new Int32Array(liveCount);
  // The requested bytes of the live blocks in address order.
  const requestedByRank = new Float64Array(liveCount);
  let merged = 0;
  const useWide = !exact && wide !== undefined && wide.from > 0 && wide.from <= mergeBelow;
  if (useWide) mergeBelow = wide.from;
  let w = 0;
  /** The gap's wide blocks, and the runs of narrower ones between them each as one block. */
  const gapAround = (from: number, to: number): boolean => {
    const pairs = wide!.pairs;
    let cursor = from;
    for (; w < wide!.count && pairs[2 * w] < to; w++) {
      const start = pairs[2 * w];
      const span = pairs[2 * w + 1];
      if (start < cursor || start + span > to) return false;
      if (start > cursor) {
        out.push(cursor, start - cursor, -1, MERGED_GAP);
        merged++;
      }
      out.push(start, span, -1, 0);
      cursor = start + span;
    }
    if (cursor < to) {
      out.push(cursor, to - cursor, -1, MERGED_GAP);
      merged++;
    }
    return true;
  };
  /** Adds the free blocks of bytes [from, to); false when they do not decompose. */
  const gap = (from: number, to: number): boolean => {
    if (useWide) return gapAround(from, to);
    if (!exact && to - from < mergeBelow) {
      out.push(from, to - from, -1, MERGED_GAP);
      merged++;
      return true;
    }
    if (exact) {
      const k = strategy.readFreeBlocksIn!(from, to, out.start, out.span, out.count);
      if (k < 0) return false;
      out.id.fill(-1, out.count, k);
      out.list.fill(0, out.count, k);
      out.count = k;
      return true;
    }
    const read = scratch.read(strategy, from, to);
    if (read < 0) return false;
    const { start, span } = scratch;
    let run = 0;
    const flush = (end: number) => {
      if (run === 1) out.push(start[end - 1], span[end - 1], -1, 0);
      else if (run > 1) {
        out.push(start[end - run], start[end - 1] + span[end - 1] - start[end - run], -1, MERGED_GAP);
        merged++;
      }
      run = 0;
    };
    for (let j = 0; j < read; j++) {
      if (span[j] < mergeBelow) {
        run++;
        continue;
      }
      flush(j);
      out.push(start[j], span[j], -1, 0);
    }
    flush(read);
    return true;
  };
  let at = 0;
  for (let r = 0; r < liveCount; r++) {
    const record = order[r] * DENSE_CELLS;
    const from = records[record + 1] - header;
    const span = records[record + 2];
    if (from < at) return null;
    if (from > at && !gap(at, from)) return null;
    if (exact && out.count >= n) return null;
    liveRows[r] = out.count;
    requestedByRank[r] = records[record + 3];
    out.push(from, span, records[record], -1);
    at = from + span;
  }
  if (end < at) return null;
  if (end > at && !gap(at, end)) return null;
  if (useWide && w !== wide!.count) return null;
  if (merged === 0 && out.count !== n) return null;
  const layout = out.trimmed();
  const requested = new Float64Array(layout.count);
  for (let r = 0; r < liveCount; r++) requested[liveRows[r]] = requestedByRank[r];
  return { ...layout, liveRows, requested, mergedBelow: merged > 0 ? mergeBelow : 0 };
}

/**
 * Room to read a gap's free blocks into before they are merged: kept from
 * one layout to the next (a merged layout is read at each step of a scrub),
 * grown as needed. Not reentrant.
 */
const scratch = {
  start: new Float64Array(1024),
  span: new Float64Array(1024),
  /** Reads the free blocks of [from, to) from index 0; their count, or -1 when torn. */
  read(strategy: Strategy, from: number, to: number): number {
    for (;;) {
      const k = strategy.readFreeBlocksIn!(from, to, this.start, this.span, 0);
      if (k >= 0) return k;
      // Out of room, or torn: a free block takes 8 bytes at least, so with room for that many it is torn.
      const most = Math.ceil((to - from) / 8);
      if (this.start.length >= most) return -1;
      const capacity = Math.min(most, 2 * this.start.length);
      this.start = new Float64Array(capacity);
      this.span = new Float64Array(capacity);
    }
  },
};

/** A block layout's columns, growing by doubling. */
class LayoutColumns {
  count = 0;
  start: Float64Array;
  span: Float64Array;
  id: Int32Array;
  list: Int32Array;

  constructor(capacity: number) {
    this.start = new Float64Array(capacity);
    this.span = new Float64Array(capacity);
    this.id = new Int32Array(capacity);
    this.list = new Int32Array(capacity);
  }

  push(start: number, span: number, id: number, list: number): void {
    if (this.count === this.start.length) this.grow(2 * this.start.length + 16);
    const k = this.count++;
    this.start[k] = start;
    this.span[k] = span;
    this.id[k] = id;
    this.list[k] = list;
  }

  /** Room for `capacity` blocks, keeping the first `count`. O(count). */
  grow(capacity: number): void {
    const start = new Float64Array(capacity);
    start.set(this.start.subarray(0, this.count));
    const span = new Float64Array(capacity);
    span.set(this.span.subarray(0, this.count));
    const id = new Int32Array(capacity);
    id.set(this.id.subarray(0, this.count));
    const list = new Int32Array(capacity);
    list.set(this.list.subarray(0, this.count));
    this.start = start;
    this.span = span;
    this.id = id;
    this.list = list;
  }

  /** The layout, in views of exactly `count` blocks (no copy). */
  trimmed(): BlockLayout {
    const n = this.count;
    return { count: n, start: this.start.subarray(0, n), span: this.span.subarray(0, n), id: this.id.subarray(0, n), list: this.list.subarray(0, n) };
  }
}
