import { collectBlocks, walkFree, type BlockLayout } from '../../core/block-layout.ts';
import type { HeapMemory } from '../../core/heap-memory.ts';
import type { LiveTable } from '../../core/live-table.ts';
import type { Strategy, StrategyName } from '../../core/strategy.ts';
import { blockIndexAt } from './find-block.ts';

/**
 * What the page shows of a heap at one version: every block in address
 * order, each free list in list order, the bump pointer and the ends, read
 * from the heap's own bytes and registers through the strategy (never from
 * a copy the worker made for the page).
 *
 * Invariants: `blocks` tile what the strategy says they tile; `requested[k]`
 * is 0 for a free block; `next[k]` is the start of the node after block k in
 * its free list (-1 for the last node and for allocated blocks), `rank[k]` its
 * position in the list (0 = head; -1 for allocated blocks).
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
  readonly next: Float64Array;
  readonly rank: Int32Array;
  /** Block index of each live id (-1 when the id is not live). */
  readonly blockOfId: Int32Array;
  readonly lists: readonly FreeListPicture[];
  /** Live view of the heap bytes (the inspector's hex): read it while this picture is current. */
  readonly memory: HeapMemory;
}

export interface FreeListPicture {
  readonly name: string;
  /** Node starts and spans, head first. */
  readonly start: Float64Array;
  readonly span: Float64Array;
}

/**
 * Reads a picture. O(b log b) for b blocks (collectBlocks' sort) plus one
 * walk of the free lists (a torn read that looks cyclic is cut by walkFree).
 */
export function readPicture(strategy: Strategy, live: LiveTable, memory: HeapMemory, version: number, epoch: number): HeapPicture {
  // One walk of the free lists serves the layout and the lists (each node is a cache miss).
  const free = walkFree(strategy);
  const blocks = collectBlocks(strategy, live, free);
  const n = blocks.count;
  const requested = new Float64Array(n);
  const blockOfId = new Int32Array(live.idLimit).fill(-1);
  for (let k = 0; k < n; k++) {
    const id = blocks.id[k];
    if (id >= 0) {
      requested[k] = live.requested[id];
      if (id < blockOfId.length) blockOfId[id] = k;
    }
  }
  const names = strategy.freeListNames();
  const sizes = new Int32Array(names.length);
  for (let j = 0; j < free.count; j++) if (free.list[j] >= 0 && free.list[j] < names.length) sizes[free.list[j]]++;
  const lists = names.map((name, l) => ({ name, start: new Float64Array(sizes[l]), span: new Float64Array(sizes[l]) }));
  const next = new Float64Array(n).fill(-1);
  const rank = new Int32Array(n).fill(-1);
  const filled = new Int32Array(names.length);
  const lastRow = new Int32Array(names.length).fill(-1);
  for (let j = 0; j < free.count; j++) {
    const l = free.list[j];
    if (l < 0 || l >= names.length) continue;
    const i = filled[l]++;
    lists[l].start[i] = free.start[j];
    lists[l].span[i] = free.span[j];
    const k = blocks.freeRow[j];
    rank[k] = i;
    if (lastRow[l] >= 0) next[lastRow[l]] = free.start[j];
    lastRow[l] = k;
  }
  return {
    version,
    epoch,
    strategy: strategy.name,
    heapSize: memory.size,
    headerBytes: strategy.headerBytes,
    end: strategy.end(),
    capacity: strategy.capacity(),
    bump: strategy.bumpPointer(),
    blocks,
    requested,
    next,
    rank,
    blockOfId,
    lists,
    memory,
  };
}

/** Where a selection is: an allocated block by id, any block by an offset inside it. */
export type BlockRef = { readonly id: number } | { readonly offset: number };

/** The block index a selection names in this picture, or -1. O(log b). */
export function resolveBlock(picture: HeapPicture, ref: BlockRef | null): number {
  if (ref === null) return -1;
  if ('id' in ref) return ref.id >= 0 && ref.id < picture.blockOfId.length ? picture.blockOfId[ref.id] : -1;
  return blockIndexAt(picture.blocks, ref.offset);
}

/** The selection that names block `k`: its id when allocated, else its start. O(1). */
export function refOfBlock(picture: HeapPicture, k: number): BlockRef {
  const id = picture.blocks.id[k];
  return id >= 0 ? { id } : { offset: picture.blocks.start[k] };
}

/** Free nodes in all lists. O(lists). */
export function freeNodeCount(picture: HeapPicture): number {
  let n = 0;
  for (const list of picture.lists) n += list.start.length;
  return n;
}
