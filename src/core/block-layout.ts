import type { LiveTable } from './live-table.ts';
import type { Strategy } from './strategy.ts';

/**
 * Every block of a heap in address order, in columns: the free blocks the
 * strategy's lists hold and the live blocks of the caller's table. This is
 * what the strip draws, the block list shows and the checker tiles.
 * Cost: O(b log b) for b blocks (one native sort of packed keys).
 */
export interface BlockLayout {
  readonly count: number;
  /** Block start (metadata included), ascending. */
  readonly start: Float64Array;
  readonly span: Float64Array;
  /** The block's id for an allocated block, -1 for a free one. */
  readonly id: Int32Array;
  /** The free list that holds a free block (index into freeListNames), -1 for an allocated one. */
  readonly list: Int32Array;
}

export const BlockState = { Allocated: 'allocated', Free: 'free' } as const;

export function collectBlocks(strategy: Strategy, live: LiveTable): BlockLayout {
  const n = live.liveCount + strategy.freeBlockCount();
  const starts: number[] = [];
  const spans: number[] = [];
  const ids: number[] = [];
  const lists: number[] = [];
  const header = strategy.headerBytes;
  live.forEachLive((id, payload, span) => {
    starts.push(payload - header);
    spans.push(span);
    ids.push(id);
    lists.push(-1);
  });
  strategy.walkFreeLists((list, start, span) => {
    // A corrupt list may be cyclic: stop well past the count the strategy claims.
    if (starts.length > n * 2 + 16) return false;
    starts.push(start);
    spans.push(span);
    ids.push(-1);
    lists.push(list);
  });
  const count = starts.length;
  const order = sortedOrder(starts);
  const layout = {
    count,
    start: new Float64Array(count),
    span: new Float64Array(count),
    id: new Int32Array(count),
    list: new Int32Array(count),
  };
  for (let k = 0; k < count; k++) {
    const i = order[k];
    layout.start[k] = starts[i];
    layout.span[k] = spans[i];
    layout.id[k] = ids[i];
    layout.list[k] = lists[i];
  }
  return layout;
}

/** Indices of `keys` in ascending order (ties by index). */
function sortedOrder(keys: readonly number[]): Uint32Array {
  const n = keys.length;
  const order = new Uint32Array(n);
  const SHIFT = 2 ** 23;
  if (n < SHIFT) {
    // Offsets are below 2^30, so offset * 2^23 + index is exact in a double.
    const packed = new Float64Array(n);
    for (let i = 0; i < n; i++) packed[i] = keys[i] * SHIFT + i;
    packed.sort();
    for (let i = 0; i < n; i++) order[i] = packed[i] % SHIFT;
    return order;
  }
  for (let i = 0; i < n; i++) order[i] = i;
  return order.sort((a, b) => keys[a] - keys[b] || a - b);
}

/**
 * Checks that the blocks tile `[from, end)`: no gap, no overlap, no empty
 * block. The first broken rule, or null. O(b).
 */
export function checkTiling(layout: BlockLayout, from: number, end: number): string | null {
  let at = from;
  for (let k = 0; k < layout.count; k++) {
    const start = layout.start[k];
    const span = layout.span[k];
    const what = layout.id[k] >= 0 ? `block #${layout.id[k]}` : 'free block';
    if (span <= 0) return `${what} at ${start} has span ${span}`;
    if (start < at) return `${what} at ${start} overlaps the block before it (which ends at ${at})`;
    if (start > at) return `gap: bytes ${at}..${start} belong to no block`;
    at = start + span;
  }
  if (at > end) return `the last block ends at ${at}, past the end of handed-out memory at ${end}`;
  if (at < end) return `gap: bytes ${at}..${end} belong to no block`;
  return null;
}

/** Checks that no two free blocks touch (for the coalescing strategies). O(b). */
export function checkCoalesced(layout: BlockLayout): string | null {
  for (let k = 1; k < layout.count; k++) {
    if (layout.id[k] < 0 && layout.id[k - 1] < 0 && layout.start[k - 1] + layout.span[k - 1] === layout.start[k]) {
      return `free blocks at ${layout.start[k - 1]} and ${layout.start[k]} touch but were not coalesced`;
    }
  }
  return null;
}

/** Largest free block and total free bytes, from the free lists. O(free blocks). */
export function freeSummary(strategy: Strategy): { largest: number; total: number; count: number } {
  let largest = 0;
  let total = 0;
  let count = 0;
  const limit = strategy.freeBlockCount() * 2 + 16;
  strategy.walkFreeLists((_list, _start, span) => {
    if (count > limit) return false;
    count++;
    total += span;
    if (span > largest) largest = span;
  });
  return { largest, total, count };
}
