import { collectBlocks, walkFree, type BlockLayout } from '../../core/block-layout.ts';
import { layoutByGaps, MERGED_GAP, type WideFreeBlocks } from '../../core/gap-layout.ts';
import type { HeapMemory } from '../../core/heap-memory.ts';
import { DENSE_CELLS, type LiveTable } from '../../core/live-table.ts';
import type { Strategy, StrategyName } from '../../core/strategy.ts';
import { frameColumns, type FrameColumns, type FramePlan } from '../strip/frame-columns.ts';
import { blockIndexAt } from './find-block.ts';
import { FreeLists } from './free-lists.ts';

/**
 * What the page shows of a heap at one version: every block in address
 * order, the free lists (walked as far as someone looks), the bump pointer
 * and the ends, read from the heap's own bytes and registers through the
 * strategy (never from a copy the worker made for the page).
 *
 * Invariants: `blocks` tile what the strategy says they tile; `requested[k]`
 * is 0 for a free block; `free.lengths[l]` counts the blocks of list l.
 */
export interface HeapPicture {
  /** The heap's version word when it was read. */
  readonly version: number;
  /** Counts heaps: a new epoch is a new heap (strategy or size changed). */
  readonly epoch: number;
  readonly strategy: StrategyName;
  readonly heapSize: number;
  /** Metadata bytes in front of each payload. */
  readonly headerBytes: number;
  /** End of the memory handed out so far (bump pointer or break). */
  readonly end: number;
  /** Where blocks may ever lie. */
  readonly capacity: number;
  /** The bump pointer, or -1 when the strategy has none. */
  readonly bump: number;
  readonly blocks: BlockLayout;
  readonly requested: Float64Array;
  /**
   * The block index of live id `id`, or -1 when it is not live. The first
   * call builds a table of the ids, O(blocks + ids); later calls are O(1).
   * Lazy: most pictures (a scrub's, a playback's) are never asked.
   */
  readonly blockOfId: (id: number) => number;
  /** The free lists in list order, walked on demand. */
  readonly free: FreeLists;
  /** Live view of the heap bytes (the inspector's hex): read it while this picture is current. */
  readonly memory: HeapMemory;
  /**
   * 0: every block is its own. Else gaps of free blocks narrower than this
   * are one block each, of list MERGED_GAP (gap-layout.ts), or, with
   * `columns`, blocks narrower than this are not listed at all: the picture
   * is exact only for a strip that draws blocks narrower than this as bytes
   * a column. The strip's first frame of a new heap, read in a fraction of
   * the time; the rest of the page waits for the whole picture.
   */
  readonly mergedBelow: number;
  /**
   * Set on the strip's first frame of a new heap read for one view (its
   * plan): the bytes a pixel column of the blocks too narrow to draw on
   * their own, and `blocks` holds only the others (every block of at least
   * `mergedBelow` bytes). Drawn only at that view; the rest of the page
   * waits for the whole picture.
   */
  readonly columns?: FrameColumns;
}

/** Free nodes walked when a picture is read (the rest on demand): more than the strip's arrows need. */
export const EAGER_FREE_NODES = 256;

/**
 * Reads a picture. For a strategy that lays out by gaps (the Lululucator):
 * O(live log live + free blocks), the free list left unwalked; else one walk
 * of the free lists and a radix sort of every block, O(b).
 * `current` says whether the heap is still at this version (for the free
 * lists' later walks).
 */
export function readPicture(
  strategy: Strategy,
  live: LiveTable,
  memory: HeapMemory,
  version: number,
  epoch: number,
  current: () => boolean = () => true,
  { mergeGapsBelow = 0, free: knownFree, wide }: PictureOptions = {},
): HeapPicture {
  const byGaps = layoutByGaps(strategy, live, mergeGapsBelow, wide);
  let blocks: BlockLayout;
  let free: FreeLists;
  let requested: Float64Array;
  if (byGaps) {
    blocks = byGaps;
    free = knownFree ?? headWalked(strategy, current);
    requested = byGaps.requested;
  } else {
    // One walk of the free lists serves the layout and the lists (each node is a cache miss): the first frame's, if it walked them.
    const walk = knownFree?.walk ?? walkFree(strategy);
    blocks = collectBlocks(strategy, live, walk);
    free = knownFree?.walk ? knownFree : FreeLists.fromWalk(strategy, walk);
    requested = new Float64Array(blocks.count);
    for (let k = 0; k < blocks.count; k++) {
      const id = blocks.id[k];
      if (id >= 0) requested[k] = live.requested[id];
    }
  }
  return assembled(strategy, live, memory, version, epoch, { blocks, requested, free, mergedBelow: byGaps ? byGaps.mergedBelow : 0 });
}

/** A picture of `strategy`'s heap from its blocks and free lists. O(1). */
function assembled(
  strategy: Strategy,
  live: LiveTable,
  memory: HeapMemory,
  version: number,
  epoch: number,
  parts: Pick<HeapPicture, 'blocks' | 'requested' | 'free' | 'mergedBelow' | 'columns'>,
): HeapPicture {
  return {
    version,
    epoch,
    strategy: strategy.name,
    heapSize: memory.size,
    headerBytes: strategy.headerBytes,
    end: strategy.end(),
    capacity: strategy.capacity(),
    bump: strategy.bumpPointer(),
    blockOfId: lazyBlockOfId(parts.blocks, live.idLimit),
    memory,
    ...parts,
  };
}

/**
 * The free lists of a strategy with one list, the head walked now, while
 * the heap is surely this one: the strip's arrows and the free list's first
 * rows never go missing, even when they are drawn after the heap has moved
 * on (a playback). O(EAGER_FREE_NODES).
 */
function headWalked(strategy: Strategy, current: () => boolean): FreeLists {
  const names = strategy.freeListNames();
  const lengths = new Int32Array(names.length);
  lengths[0] = strategy.freeBlockCount();
  const free = new FreeLists(strategy, names, lengths, current);
  free.prefix(EAGER_FREE_NODES);
  return free;
}

export interface PictureOptions {
  /** Read gaps narrower than this as one block each (HeapPicture.mergedBelow), where the strategy can. */
  readonly mergeGapsBelow?: number;
  /** The free lists of a picture of the same heap and version, walked as far as they were (their walk reused if they were read in one). */
  readonly free?: FreeLists;
  /** The wide free blocks the worker listed for this version: with merging, none is read from the heap. */
  readonly wide?: WideFreeBlocks;
}

/**
 * The strip's first frame of a new heap, for `plan`: its columns (without
 * sorting the live blocks: frame-columns.ts) and the blocks drawn on their
 * own. For a strategy whose live and free blocks tile the heap up to its
 * end (one that lays out by gaps), from the `wide` free blocks the worker
 * listed, the free list's head walked as readPicture walks it; for any
 * other, from one walk of its free lists, which also gives the picture's.
 * Null when it cannot (no `wide` blocks, or listed for another span; a torn
 * read): the caller reads the picture otherwise. O(live + free blocks read
 * + columns).
 */
export function readFramePicture(
  strategy: Strategy,
  live: LiveTable,
  memory: HeapMemory,
  version: number,
  epoch: number,
  current: () => boolean,
  plan: FramePlan,
  wide: WideFreeBlocks | undefined,
): HeapPicture | null {
  const byGaps = strategy.readFreeBlocksIn !== undefined;
  if (byGaps && !wide) return null;
  const count = live.liveCount;
  if (count * DENSE_CELLS > live.dense.length) return null;
  // A private copy of the dense list of live blocks: one native copy of shared memory.
  const records = live.dense.slice(0, count * DENSE_CELLS);
  const liveRecords = { records, count, stride: DENSE_CELLS, header: strategy.headerBytes };
  const walk = byGaps ? null : walkFree(strategy);
  const columns = walk ? frameColumns(plan, liveRecords, { walk }, strategy.capacity()) : frameColumns(plan, liveRecords, { wide: wide! }, strategy.end());
  if (!columns) return null;
  const free = walk ? FreeLists.fromWalk(strategy, walk) : headWalked(strategy, current);
  return assembled(strategy, live, memory, version, epoch, { blocks: columns.detailed, requested: columns.requested, free, mergedBelow: plan.minSpan, columns });
}

/** The block index of an id in `blocks` (ids below `idLimit`), from a table built at the first call. */
function lazyBlockOfId(blocks: BlockLayout, idLimit: number): (id: number) => number {
  let table: Int32Array | null = null;
  return (id) => {
    if (table === null) {
      table = new Int32Array(idLimit).fill(-1);
      for (let k = 0; k < blocks.count; k++) {
        const owner = blocks.id[k];
        if (owner >= 0 && owner < idLimit) table[owner] = k;
      }
    }
    return id >= 0 && id < idLimit ? table[id] : -1;
  };
}

/** Where a selection is: an allocated block by id, any block by an offset inside it. */
export type BlockRef = { readonly id: number } | { readonly offset: number };

/** The block index a selection names in this picture, or -1. O(log b). */
export function resolveBlock(picture: HeapPicture, ref: BlockRef | null): number {
  if (ref === null) return -1;
  if ('id' in ref) return picture.blockOfId(ref.id);
  const k = blockIndexAt(picture.blocks, ref.offset);
  // A merged gap is many free blocks: none of them is found in this picture.
  return k >= 0 && picture.blocks.list[k] === MERGED_GAP ? -1 : k;
}

/** The selection that names block `k`: its id when allocated, else its start. O(1). */
export function refOfBlock(picture: HeapPicture, k: number): BlockRef {
  const id = picture.blocks.id[k];
  return id >= 0 ? { id } : { offset: picture.blocks.start[k] };
}

/** Free nodes in all lists. O(lists). */
export function freeNodeCount(picture: HeapPicture): number {
  return picture.free.total;
}
