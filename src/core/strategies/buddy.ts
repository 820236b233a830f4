import type { EventSink } from '../events.ts';
import type { OutOfMemory } from '../failure.ts';
import { NIL, type HeapMemory } from '../heap-memory.ts';
import { IdState, type LiveTable } from '../live-table.ts';
import { reallocByMove } from '../realloc-by-move.ts';
import type { FreeBlockVisitor, Strategy } from '../strategy.ts';
import { CheckedBlocks } from './checked-blocks.ts';
import { buddyGeometry, type BuddyGeometry, MIN_ORDER, orderOf } from './buddy-geometry.ts';

/**
 * The classic binary buddy system. The arena is the largest power of two that
 * fits the heap; a block of order k spans 2^k bytes (16 at least: a free block
 * holds its node) at an offset that is a multiple of 2^k, and its buddy is the
 * block at `offset ^ 2^k`. There is no header: the caller frees with the span.
 *
 * Free blocks of order k form a doubly linked list (LIFO), its head in a
 * register, each node {next, prev} written in the free block's own bytes, so a
 * buddy comes off its list in O(1). A bitmap answers "is the block of order k
 * at this offset free?" in O(1): one bit per possible block of every order,
 * numbered like a binary heap (bit (P >> k) - 1 + (offset >> k)), P/64 bytes
 * in all for an arena of P bytes. It cannot live in the free blocks (an
 * allocated buddy's bytes are the program's) nor in the registers (too big),
 * so it lives in the heap (see buddy-geometry.ts):
 * - past the arena when the heap has room there (a heap size that is not a
 *   power of two): the whole arena is blocks, one free block when nothing is
 *   live, and the bitmap counts neither in the footprint nor as a block;
 * - else in the arena's first 2^m bytes (2^m >= P/64), a block that is never
 *   handed out and never free. Blocks lie in [2^m, P): when nothing is live
 *   the free blocks are 2^m, 2^(m+1), ..., P/2, the largest request is P/2,
 *   and the smallest blocks, which small requests split, are at the low end.
 *   At the front (not the end) so that the footprint, measured from offset 0
 *   and including this metadata, stays low; the block list starts at 2^m.
 * Heap bytes past the arena (and the bitmap) are never used.
 *
 * Invariants: free blocks and live blocks tile [usableStart, arena); a
 * block of order k is 2^k-aligned; the bitmap has exactly the free blocks'
 * bits set; no free block's buddy is a free block of the same order (they would have merged);
 * the non-empty mask has bit k set iff list k has a node; the counts in the
 * registers agree with the lists.
 */

/** A free node's fields, as byte offsets inside the free block. */
export const NODE_NEXT = 0;
export const NODE_PREV = 8;

/** Registers: the allocator's struct. */
const R_FREE_BYTES = 0;
const R_FREE_COUNT = 1;
const R_HIGH_WATER = 2;
/** Bit k set iff the free list of order k is not empty. */
const R_NONEMPTY = 3;
/** The end of the highest free node ever written. */
const R_NODES_END = 4;
/** Head of the free list of order k: R_HEADS + k. */
const R_HEADS = 8;
const MAX_ORDER_LIMIT = 30;

export class BuddyAllocator implements Strategy {
  readonly name = 'buddy' as const;
  readonly headerBytes = 0;
  events: EventSink | null = null;
  lastSpan = 0;
  lastFailure: OutOfMemory | null = null;
  /** Where the arena, the usable part and the bitmap lie: a function of the heap size alone. */
  readonly geometry: BuddyGeometry;
  private readonly regs: Int32Array;
  private readonly u32: Uint32Array;
  private readonly names: readonly string[];
  private scratch: CheckedBlocks | null = null;

  constructor(readonly memory: HeapMemory) {
    this.regs = memory.regs;
    this.u32 = memory.u32;
    this.geometry = buddyGeometry(memory.size);
    const names: string[] = [];
    for (let k = MIN_ORDER; k <= this.geometry.maxOrder; k++) names.push(`order ${k} (${2 ** k} B)`);
    this.names = names;
  }

  /** Clears the bitmap and frees the usable part as the fewest buddy blocks. O(bitmap + log P). */
  reset(): void {
    const regs = this.regs;
    const { arena, usableStart, bitmapStart, bitmapBytes } = this.geometry;
    this.memory.clearRegisters();
    regs.fill(NIL, R_HEADS, R_HEADS + MAX_ORDER_LIMIT + 1);
    this.memory.bytes.fill(0, bitmapStart, bitmapStart + bitmapBytes);
    if (usableStart === 0) {
      this.push(0, this.geometry.maxOrder);
      return;
    }
    for (let at = usableStart; at < arena; at *= 2) this.push(at, 31 - Math.clz32(at));
  }

  /** O(log P): the smallest non-empty order that fits, halved down to the request. */
  alloc(size: number): number {
    const k = orderOf(size);
    const regs = this.regs;
    const fits = k > this.geometry.maxOrder ? 0 : regs[R_NONEMPTY] & (-1 << k);
    if (fits === 0) return this.outOfMemory(size, k);
    let j = 31 - Math.clz32(fits & -fits);
    const offset = regs[R_HEADS + j];
    this.unlink(offset, j);
    const taken = j;
    while (j > k) {
      j--;
      const half = 2 ** j;
      this.push(offset + half, j);
      this.events?.emit({ kind: 'split', offset, span: half, rest: offset + half, left: half });
    }
    const span = 2 ** k;
    this.handOut(offset, span);
    if (this.events) {
      const left = 2 ** taken - span;
      this.events.emit({ kind: 'reuse', how: left === 0 ? 'exact' : 'split', node: offset, offset, span, left, rest: left === 0 ? NIL : offset + span, list: taken - MIN_ORDER });
    }
    return offset;
  }

  /** O(log P): merges with the buddy while it is free, then pushes. */
  free(payload: number, span: number): void {
    let offset = payload;
    let k = 31 - Math.clz32(span);
    const max = this.geometry.maxOrder;
    while (k < max) {
      const buddy = offset ^ (2 ** k);
      if (!this.isFree(buddy, k)) break;
      this.unlink(buddy, k);
      if (buddy < offset) offset = buddy;
      k++;
      this.events?.emit({ kind: 'coalesce', offset, span: 2 ** k, with: 'buddy' });
    }
    this.push(offset, k);
    this.events?.emit({ kind: 'push', offset, span: 2 ** k, list: k - MIN_ORDER, at: 'head' });
  }

  /**
   * In place when the order stays, when it shrinks (the upper halves go back
   * free), or when it grows into upper buddies that are all free; else alloc,
   * copy, free. O(log P) plus the copy.
   */
  realloc(payload: number, span: number, requested: number, size: number): number {
    const k = 31 - Math.clz32(span);
    const want = orderOf(size);
    if (want <= k) {
      for (let j = k - 1; j >= want; j--) {
        const half = 2 ** j;
        this.push(payload + half, j);
        this.events?.emit({ kind: 'split', offset: payload, span: half, rest: payload + half, left: half });
      }
      return this.inPlace(payload, 2 ** want);
    }
    if (this.canGrowInPlace(payload, k, want)) {
      for (let j = k; j < want; j++) {
        this.unlink(payload + 2 ** j, j);
        this.events?.emit({ kind: 'coalesce', offset: payload, span: 2 ** (j + 1), with: 'buddy' });
      }
      this.handOut(payload, 2 ** want);
      return this.inPlace(payload, 2 ** want);
    }
    return reallocByMove(this, payload, span, requested, size);
  }

  /** The arena's end: free blocks cover what is not live. */
  end(): number {
    return this.geometry.arena;
  }
  capacity(): number {
    return this.geometry.arena;
  }
  /** The highest byte ever handed out. */
  footprint(): number {
    return this.regs[R_HIGH_WATER];
  }
  /** Above every node, bitmap byte and realloc copy written since reset. O(1). */
  touchedEnd(): number {
    const { bitmapStart, bitmapBytes } = this.geometry;
    return Math.max(this.regs[R_NODES_END], this.regs[R_HIGH_WATER], bitmapStart + bitmapBytes);
  }
  freeBytes(): number {
    return this.regs[R_FREE_BYTES];
  }
  freeBlockCount(): number {
    return this.regs[R_FREE_COUNT];
  }
  bumpPointer(): number {
    return -1;
  }
  /** One list per order, from 16 bytes to the arena; list i holds blocks of order i + 4. */
  freeListNames(): readonly string[] {
    return this.names;
  }

  /** O(free blocks): order by order, each list head first. */
  walkFreeLists(visit: FreeBlockVisitor): void {
    const { usableStart, arena } = this.geometry;
    for (let k = MIN_ORDER; k <= this.geometry.maxOrder; k++) {
      for (let node = this.regs[R_HEADS + k]; node !== NIL; node = this.memory.readWord(node + NODE_NEXT)) {
        if (node < usableStart || node + 16 > arena) break;
        if (visit(k - MIN_ORDER, node, 2 ** k) === false) return;
      }
    }
  }

  /** O(ids + b + high-water / 256) for b blocks: a radix sort, the bitmap below the high-water mark. */
  check(live: LiveTable): string | null {
    const regs = this.regs;
    const { maxOrder, usableStart, arena } = this.geometry;
    const memory = this.memory;
    if (regs[R_HIGH_WATER] < 0 || regs[R_HIGH_WATER] > arena || regs[R_HIGH_WATER] % 16 !== 0) return `high-water mark ${regs[R_HIGH_WATER]} is not a block end in the arena`;
    for (let k = maxOrder + 1; k <= MAX_ORDER_LIMIT; k++) {
      if (regs[R_HEADS + k] !== NIL) return `the list of order ${k} is not empty, but the arena's order is ${maxOrder}`;
    }
    if (regs[R_NONEMPTY] & ~(2 ** (maxOrder + 1) - 1) || regs[R_NONEMPTY] & (2 ** MIN_ORDER - 1)) return `the non-empty mask ${regs[R_NONEMPTY]} names orders that cannot be`;
    const limit = regs[R_FREE_COUNT];
    let count = 0;
    let bytes = 0;
    for (let k = MIN_ORDER; k <= maxOrder; k++) {
      const size = 2 ** k;
      const head = regs[R_HEADS + k];
      if ((head !== NIL) !== ((regs[R_NONEMPTY] & (1 << k)) !== 0)) return `the non-empty mask disagrees with the list of order ${k}`;
      let prev = NIL;
      for (let node = head; node !== NIL; node = memory.readWord(node + NODE_NEXT)) {
        if (count >= limit) return `the lists hold more blocks than the count ${limit} (a cycle?)`;
        if (node < usableStart || node % size !== 0 || node + size > arena) return `free block at ${node} of order ${k} is not ${size}-aligned inside [${usableStart}, ${arena})`;
        if (memory.readWord(node + NODE_PREV) !== prev) return `free block at ${node} of order ${k} has prev ${memory.readWord(node + NODE_PREV)}, not ${prev}`;
        if (!this.isFree(node, k)) return `free block at ${node} of order ${k} is not marked free in the bitmap`;
        if (node >= regs[R_HIGH_WATER] + size && node !== this.initialBlock(k)) return `free block at ${node} of order ${k} lies past the high-water mark ${regs[R_HIGH_WATER]} and was not there at reset`;
        if (k < maxOrder && this.isFree(node ^ size, k)) return `free blocks at ${node} and ${node ^ size} of order ${k} are buddies but were not merged`;
        prev = node;
        count++;
        bytes += size;
      }
    }
    if (count !== limit) return `the lists hold ${count} blocks, the count says ${limit}`;
    if (bytes !== regs[R_FREE_BYTES]) return `the lists hold ${bytes} bytes, the count says ${regs[R_FREE_BYTES]}`;
    const marked = this.countMarked();
    if (marked !== count) return `the bitmap marks ${marked} free blocks, the lists hold ${count}`;
    const { state, payload, span, requested } = live;
    for (let id = 0; id < live.idLimit; id++) {
      if (state[id] !== IdState.Live) continue;
      const size = span[id];
      if (size < 16 || (size & (size - 1)) !== 0 || payload[id] % size !== 0) return `block #${id} at ${payload[id]} spans ${size}: not a power of two at least 16 aligned to its size`;
      if (requested[id] > size) return `block #${id} holds ${requested[id]} bytes in a ${size}-byte block`;
    }
    const blocks = (this.scratch ??= new CheckedBlocks());
    blocks.clear();
    blocks.addLive(live, 0);
    for (let k = MIN_ORDER; k <= maxOrder; k++) {
      for (let node = regs[R_HEADS + k]; node !== NIL; node = memory.readWord(node + NODE_NEXT)) blocks.add(node, 2 ** k, -1);
    }
    return blocks.tiling(usableStart, arena, false);
  }

  /** Is the block of order k at `offset` free? O(1): one bitmap bit. */
  private isFree(offset: number, k: number): boolean {
    const bit = (this.geometry.arena >>> k) - 1 + (offset >>> k);
    return (this.u32[(this.geometry.bitmapStart >>> 2) + (bit >>> 5)] & (1 << (bit & 31))) !== 0;
  }

  private mark(offset: number, k: number, free: boolean): void {
    const bit = (this.geometry.arena >>> k) - 1 + (offset >>> k);
    const i = (this.geometry.bitmapStart >>> 2) + (bit >>> 5);
    if (free) this.u32[i] |= 1 << (bit & 31);
    else this.u32[i] &= ~(1 << (bit & 31));
  }

  /** Pushes the block of order k at `offset` on its list and marks it free. O(1). */
  private push(offset: number, k: number): void {
    const regs = this.regs;
    const head = regs[R_HEADS + k];
    this.memory.writeWord(offset + NODE_NEXT, head);
    this.memory.writeWord(offset + NODE_PREV, NIL);
    if (head !== NIL) this.memory.writeWord(head + NODE_PREV, offset);
    regs[R_HEADS + k] = offset;
    regs[R_NONEMPTY] |= 1 << k;
    if (offset + 16 > regs[R_NODES_END]) regs[R_NODES_END] = offset + 16;
    regs[R_FREE_COUNT]++;
    regs[R_FREE_BYTES] += 2 ** k;
    this.mark(offset, k, true);
  }

  /** Takes the free block of order k at `offset` off its list and unmarks it. O(1). */
  private unlink(offset: number, k: number): void {
    const regs = this.regs;
    const next = this.memory.readWord(offset + NODE_NEXT);
    const prev = this.memory.readWord(offset + NODE_PREV);
    if (prev === NIL) {
      regs[R_HEADS + k] = next;
      if (next === NIL) regs[R_NONEMPTY] &= ~(1 << k);
    } else {
      this.memory.writeWord(prev + NODE_NEXT, next);
    }
    if (next !== NIL) this.memory.writeWord(next + NODE_PREV, prev);
    regs[R_FREE_COUNT]--;
    regs[R_FREE_BYTES] -= 2 ** k;
    this.mark(offset, k, false);
  }

  /** Can the block of order k at `offset` become order `want` by absorbing free upper buddies? O(log P). */
  private canGrowInPlace(offset: number, k: number, want: number): boolean {
    if (want > this.geometry.maxOrder || offset % 2 ** want !== 0) return false;
    for (let j = k; j < want; j++) if (!this.isFree(offset + 2 ** j, j)) return false;
    return true;
  }

  private handOut(offset: number, span: number): void {
    this.lastSpan = span;
    if (offset + span > this.regs[R_HIGH_WATER]) this.regs[R_HIGH_WATER] = offset + span;
  }

  private inPlace(payload: number, span: number): number {
    this.lastSpan = span;
    this.events?.emit({ kind: 'in-place', offset: payload, span });
    return payload;
  }

  /**
   * Set bits of the bitmap where a free block may be: per order k, the blocks
   * that start below the high-water mark + 2^k, and the initial block of that
   * order. (Upper halves split off a block handed out start below its end;
   * a freed or merged block starts below it.) O(high-water / 256 + log P) words.
   */
  private countMarked(): number {
    const { arena, maxOrder } = this.geometry;
    const high = this.regs[R_HIGH_WATER];
    let n = 0;
    for (let k = MIN_ORDER; k <= maxOrder; k++) {
      const base = (arena >>> k) - 1;
      const scanned = Math.min(arena >>> k, (high >>> k) + 2);
      n += this.countBits(base, base + scanned);
      const initial = this.initialBlock(k);
      if (initial >= 0 && initial >>> k >= scanned && this.isFree(initial, k)) n++;
    }
    return n;
  }

  /** Set bits from bit `from` to bit `to` (excluded) of the bitmap. O((to - from) / 32). */
  private countBits(from: number, to: number): number {
    if (from >= to) return 0;
    const base = this.geometry.bitmapStart >>> 2;
    const first = from >>> 5;
    const last = (to - 1) >>> 5;
    let n = 0;
    for (let w = first; w <= last; w++) {
      let x = this.u32[base + w];
      if (w === first) x &= -1 << (from & 31);
      if (w === last) x &= -1 >>> (31 - ((to - 1) & 31));
      while (x !== 0) {
        x &= x - 1;
        n++;
      }
    }
    return n;
  }

  /** Where reset put a free block of order k, or -1. O(1). */
  private initialBlock(k: number): number {
    const { usableStart, maxOrder } = this.geometry;
    if (usableStart === 0) return k === maxOrder ? 0 : -1;
    return k < maxOrder && 2 ** k >= usableStart ? 2 ** k : -1;
  }

  private outOfMemory(request: number, k: number): -1 {
    const nonempty = this.regs[R_NONEMPTY];
    const largest = nonempty === 0 ? 0 : 2 ** (31 - Math.clz32(nonempty));
    this.lastFailure = { code: 'out-of-memory', request, block: 2 ** k, totalFree: this.regs[R_FREE_BYTES], largestFree: largest };
    this.events?.emit({
      kind: 'fail',
      reason: k > this.geometry.maxOrder ? `a ${2 ** k}-byte block is larger than the ${this.geometry.arena}-byte arena` : `no free block of order ${k} (${2 ** k} bytes) or larger`,
    });
    return -1;
  }
}
