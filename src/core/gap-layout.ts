import type { BlockLayout } from './block-layout.ts';
import { sortedOrder } from './block-layout.ts';
import { IdState, type LiveTable } from './live-table.ts';
import type { Strategy } from './strategy.ts';

/**
 * The heap in address order without walking the free list, for a strategy
 * with {@link Strategy.freeSpanAt}: sort the live blocks, then read the free
 * blocks that fill each gap between them one after the other, from their own
 * span words. O(live log live + free) with the free blocks read in address
 * order, where a walk of a LIFO list costs a cache miss a node and a sort of
 * every block: about 4 times faster on the Lululucator after a million
 * operations (260,000 free nodes).
 *
 * Null when the strategy has no `freeSpanAt`, or when the bytes do not
 * decompose into exactly `freeBlockCount()` free blocks (a torn read): the
 * caller walks the lists instead. Free blocks are in list 0.
 */
export function layoutByGaps(strategy: Strategy, live: LiveTable): BlockLayout | null {
  if (!strategy.freeSpanAt) return null;
  const end = strategy.end();
  const header = strategy.headerBytes;
  const liveCount = live.liveCount;
  const n = liveCount + strategy.freeBlockCount();
  const liveStart = new Float64Array(liveCount);
  const liveId = new Int32Array(liveCount);
  const { state, payload } = live;
  let rows = 0;
  for (let id = 0; id < live.idLimit && rows < liveCount; id++) {
    if (state[id] !== IdState.Live) continue;
    liveStart[rows] = payload[id] - header;
    liveId[rows] = id;
    rows++;
  }
  if (rows !== liveCount) return null;
  const order = sortedOrder(liveStart, liveCount);
  const start = new Float64Array(n);
  const span = new Float64Array(n);
  const id = new Int32Array(n);
  const list = new Int32Array(n);
  let k = 0;
  let at = 0;
  // Free blocks from `at` up to `to`; false when they do not tile it.
  const fillGap = (to: number): boolean => {
    while (at < to) {
      const s = k < n ? strategy.freeSpanAt!(at, to) : -1;
      if (s <= 0) return false;
      start[k] = at;
      span[k] = s;
      id[k] = -1;
      k++;
      at += s;
    }
    return at === to;
  };
  for (let r = 0; r < liveCount; r++) {
    const row = order[r];
    const from = liveStart[row];
    if (!fillGap(from) || k >= n) return null;
    const blockId = liveId[row];
    start[k] = from;
    span[k] = live.span[blockId];
    id[k] = blockId;
    list[k] = -1;
    k++;
    at = from + live.span[blockId];
  }
  if (!fillGap(end) || k !== n) return null;
  return { count: n, start, span, id, list };
}
