/**
 * Where the buddy system's pieces lie in a heap of a given size: the arena
 * (the largest power of two that fits), the part of it blocks may use, and
 * the free-block bitmap. A pure function of the heap size, so that another
 * thread attaching to the same heap finds the same geometry.
 *
 * Invariants: `arena` is a power of two <= the heap size; the bitmap holds
 * one bit per possible block of every order from {@link MIN_ORDER} to the
 * arena's (2 * arena / 16 - 1 bits, rounded up to whole words). It lies past
 * the arena when the heap has room there (`usableStart` = 0: the whole arena
 * is blocks), else in the arena's first power-of-two block, which is then
 * never handed out nor free (`usableStart` = its size).
 */

/** The smallest block: 2^4 = 16 bytes, room for a free node {next, prev}. */
export const MIN_ORDER = 4;

export interface BuddyGeometry {
  /** Bytes in the arena: the largest power of two <= the heap size. */
  readonly arena: number;
  /** log2(arena). */
  readonly maxOrder: number;
  /** Blocks lie in [usableStart, arena): the arena, less its first block when the bitmap is there. */
  readonly usableStart: number;
  readonly bitmapStart: number;
  readonly bitmapBytes: number;
}

/** The order of the block a request of `size` bytes takes: ceil(log2(size)), at least 4. O(1). */
export function orderOf(size: number): number {
  return size <= 2 ** MIN_ORDER ? MIN_ORDER : 32 - Math.clz32(size - 1);
}

/** O(1). */
export function buddyGeometry(heapSize: number): BuddyGeometry {
  const maxOrder = 31 - Math.clz32(heapSize);
  const arena = 2 ** maxOrder;
  const bits = 2 * (arena >>> MIN_ORDER) - 1;
  const bitmapBytes = Math.ceil(bits / 64) * 8;
  if (heapSize - arena >= bitmapBytes) return { arena, maxOrder, usableStart: 0, bitmapStart: arena, bitmapBytes };
  const reserved = Math.max(2 ** MIN_ORDER, 2 ** (32 - Math.clz32(bitmapBytes - 1)));
  return { arena, maxOrder, usableStart: reserved, bitmapStart: 0, bitmapBytes };
}
