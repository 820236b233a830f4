/**
 * Binary searches over blocks in address order (a BlockLayout's `start` and
 * `span` columns: starts ascending, blocks not overlapping). O(log n) each.
 */

export interface BlockColumns {
  readonly count: number;
  readonly start: ArrayLike<number>;
  readonly span: ArrayLike<number>;
}

/** Index of the last block starting at or before `offset`, or -1. O(log n). */
export function lastStartingAtOrBefore(blocks: BlockColumns, offset: number): number {
  let lo = 0;
  let hi = blocks.count - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (blocks.start[mid] <= offset) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

/** Index of the block that contains byte `offset`, or -1 (a gap, or past the last block). O(log n). */
export function blockIndexAt(blocks: BlockColumns, offset: number): number {
  const k = lastStartingAtOrBefore(blocks, offset);
  return k >= 0 && offset < blocks.start[k] + blocks.span[k] ? k : -1;
}

/** Index of the first block that ends after `offset` (it may start after it); `count` when none. O(log n). */
export function firstEndingAfter(blocks: BlockColumns, offset: number): number {
  const k = lastStartingAtOrBefore(blocks, offset);
  if (k < 0) return 0;
  return blocks.start[k] + blocks.span[k] > offset ? k : k + 1;
}
