import type { EventSink } from './events.ts';
import type { OutOfMemory } from './failure.ts';
import type { HeapMemory } from './heap-memory.ts';
import type { LiveTable } from './live-table.ts';

/** The strategies the explorer offers, in the order the page lists them. */
export const STRATEGY_NAMES = [
  'lululucator',
  'bump',
  'first-fit',
  'next-fit',
  'best-fit',
  'fixed-block',
  'buddy',
  'implicit',
  'tlsf',
] as const;

export type StrategyName = (typeof STRATEGY_NAMES)[number];

export function isStrategyName(name: string): name is StrategyName {
  return (STRATEGY_NAMES as readonly string[]).includes(name);
}

/**
 * Visits one free block: `list` indexes {@link Strategy.freeListNames}, `start`
 * and `span` in bytes. Returning `false` stops the walk (a checker stops a
 * cyclic list this way).
 */
export type FreeBlockVisitor = (list: number, start: number, span: number) => boolean | void;

/**
 * An allocation strategy over a {@link HeapMemory}. All of its state is in the
 * memory's bytes and registers, so another thread can construct the same
 * strategy over the same buffers and walk the heap without calling `reset`.
 *
 * The driver validates every request before calling in: `size` is an integer
 * from 1 to the heap size, and a freed payload is live with the span and
 * requested size the allocator handed out.
 */
export interface Strategy {
  readonly name: StrategyName;
  readonly memory: HeapMemory;
  /** Metadata bytes in front of each payload: a block starts at `payload - headerBytes`. */
  readonly headerBytes: number;
  /** Receives the events of each operation; null (the default) builds none. */
  events: EventSink | null;
  /** Span, metadata included, of the block the last successful alloc or realloc handed out. */
  lastSpan: number;
  /** Why the last alloc or realloc failed. */
  lastFailure: OutOfMemory | null;

  /** Puts the allocator in its initial state (nothing reserved yet). */
  reset(): void;
  /** Allocates `size` bytes; the payload offset, or -1 with {@link lastFailure} set. */
  alloc(size: number): number;
  /** Frees the live block whose payload is at `payload`, handed out with `span` for `requested` bytes. */
  free(payload: number, span: number, requested: number): void;
  /**
   * Resizes a live block; the new payload offset, or -1 with {@link lastFailure}
   * set and nothing changed. Copies min(old, new) requested bytes when it moves.
   */
  realloc(payload: number, span: number, requested: number, size: number): number;

  /** The end of the memory handed out so far: the bump pointer or the break. */
  end(): number;
  /** Where blocks may ever lie: the whole heap for most, the break limit for growing ones. */
  capacity(): number;
  /** Footprint as ALLOCATOR.md defines it (high-water mark of the break or of the highest byte handed out). */
  footprint(): number;
  /**
   * Optional: an upper bound on the heap bytes this strategy has written since
   * its last `reset` (every such byte lies below it), a function of the
   * registers and heap bytes alone (so it comes back with them), at most the
   * heap size. Free blocks' nodes, headers, footers and sentinels count, even
   * above {@link end}. Snapshots read only the bytes below it (see
   * `HeapDriver.snapshot`); without it the driver reads and clears the
   * whole heap (the default bound is the heap size): correct, but each
   * snapshot and restore is then O(heap size), slow for a timeline over a
   * big heap. Must be O(1).
   */
  touchedEnd?(): number;
  /**
   * Optional: true when every heap byte this strategy writes goes through
   * `HeapMemory`'s methods (writeWord, write32, copy, zero), never through
   * its typed arrays. The driver then has the memory track the groups
   * written, and snapshots and restores touch only what changed since the
   * last one (see `HeapDriver.snapshot`). A strategy that sets it and writes
   * around the methods makes snapshots wrong.
   */
  readonly writesOnlyThroughMemory?: boolean;
  /**
   * Optional: forget caches derived from the heap (search indexes), because
   * the heap bytes and registers were replaced (a timeline restore). The
   * strategy derives them again, from the heap, when it next needs them.
   */
  invalidateCaches?(): void;
  /**
   * Optional: a copy of the caches derived from the heap (search indexes),
   * for a timeline checkpoint, so that a restore need not derive them again
   * from the heap (a walk of linked lists, a cache miss a node); null when
   * there is nothing worth keeping. O(cache size).
   */
  captureCache?(): StrategyCache | null;
  /** Optional: puts back a cache captured at the very heap state just restored. O(cache size). */
  restoreCache?(cache: StrategyCache): void;
  /**
   * Optional: the free blocks' count, bytes and largest span, below the
   * footprint, without a walk (from registers and a search index); null
   * when it cannot say cheaply. The measures walk the free lists otherwise.
   */
  freeStats?(): { readonly count: number; readonly bytes: number; readonly largest: number } | null;
  /** Total bytes in free blocks below {@link end}. O(1). */
  freeBytes(): number;
  /** Number of free blocks below {@link end}. O(1). */
  freeBlockCount(): number;

  /** Names of the free lists, indexed by the `list` the visitors receive. */
  freeListNames(): readonly string[];
  /**
   * Optional, for a strategy with one free list whose free blocks and live
   * blocks tile [0, {@link end}) and whose free blocks hold their own span:
   * reads the free blocks that tile the gap [from, to) from their bytes, in
   * address order, into `start` and `span` from index `k` on (at most up to
   * their length). Returns the index after the last one written, or -1 when
   * the gap's bytes are not such blocks (a torn read) or do not fit. Lets a
   * reader lay the heap out in address order from the gaps between live
   * blocks, without walking the list (a cache miss a node). O(blocks in the gap).
   */
  readFreeBlocksIn?(from: number, to: number, start: Float64Array, span: Float64Array, k: number): number;
  /**
   * Optional, where a search index knows the free blocks' sizes: writes the
   * start and span of every free block of at least `min` bytes into `into`
   * (pairs, in no particular order), at most `most` of them. Their count, or
   * -1 when there are more or the index is not current. With
   * {@link readFreeBlocksIn}'s tiling, a reader learns where the wide free
   * blocks are without reading the narrow ones. O(k log n) for k blocks.
   */
  freeBlocksAtLeast?(min: number, into: Int32Array, most: number): number;
  /** Visits the free blocks list by list, each list in its own order (head first). O(free blocks). */
  walkFreeLists(visit: FreeBlockVisitor): void;
  /** The bump pointer where the strategy has one (else -1). */
  bumpPointer(): number;

  /** Checks every invariant of the strategy's structures against the live table; the first broken rule, or null. */
  check(live: LiveTable): string | null;
}

/** A strategy's derived caches, copied for a checkpoint: plain arrays, counted in the checkpoints' budget. */
export interface StrategyCache {
  readonly arrays: readonly Int32Array[];
}
