import type { EventSink } from '../events.ts';
import type { OutOfMemory } from '../failure.ts';
import { NIL, type HeapMemory } from '../heap-memory.ts';
import type { LiveTable } from '../live-table.ts';
import { reallocByMove } from '../realloc-by-move.ts';
import type { FreeBlockVisitor, Strategy, StrategyCache } from '../strategy.ts';
import { CheckedBlocks } from './checked-blocks.ts';
import { LifoFitIndex } from './lifo-fit-index.ts';

/**
 * The Lululucator, byte for byte as ALLOCATOR.md states it: one brk reserves
 * the whole heap at the first alloc; a bump pointer hands out fresh memory; a
 * free pushes a node {next, addr, size} (three 8-byte words, written in the
 * freed block's own bytes) on a LIFO list; an alloc takes the first node in
 * list order that fits, splitting off the front when at least 24 bytes
 * remain. Nothing coalesces. No header: the caller frees with the span.
 *
 * Finding the first fitting node walks the list in the original: O(free
 * nodes), and with no coalescing the list grows to hundreds of thousands of
 * nodes on a long trace. The engine finds the same node in O(log n) with a
 * {@link LifoFitIndex} kept beside the list (a cache of it, derived again
 * from the heap bytes after a restore); the list in the heap bytes stays the
 * truth that the page draws and the checker walks.
 *
 * Invariants: every node lies below the bump pointer, `addr` equals the node's
 * own offset, `size` is a multiple of 8 and at least 24; free blocks and live
 * blocks tile [0, bump pointer).
 */

/** A free node's fields, as byte offsets inside the node. */
export const NODE_NEXT = 0;
export const NODE_ADDR = 8;
export const NODE_SIZE = 16;
/** A node is three words, so no block is smaller. */
export const MIN_BLOCK = 24;

/** Registers: the allocator's struct. */
const R_INIT = 0;
const R_ALLOC_PTR = 1;
const R_FREE_HEAD = 2;
const R_BRK = 3;
const R_FREE_BYTES = 4;
const R_FREE_COUNT = 5;

/** Bytes a request of `n` takes: max(24, n rounded up to a multiple of 8). */
export function lululucatorBlock(n: number): number {
  const rounded = Math.ceil(n / 8) * 8;
  return rounded < MIN_BLOCK ? MIN_BLOCK : rounded;
}

export class Lululucator implements Strategy {
  readonly name = 'lululucator' as const;
  readonly headerBytes = 0;
  /** Nodes, links and realloc's copies go through writeWord and copy. */
  readonly writesOnlyThroughMemory = true;
  events: EventSink | null = null;
  lastSpan = 0;
  lastFailure: OutOfMemory | null = null;
  private readonly regs: Int32Array;
  private readonly u32: Uint32Array;
  private readonly index = new LifoFitIndex();
  /** False until the index matches the list in the heap (after a reset, or derived lazily). */
  private indexed = false;
  /** The checker's scratch blocks, kept between checks. */
  private scratch: CheckedBlocks | null = null;

  constructor(readonly memory: HeapMemory) {
    this.regs = memory.regs;
    this.u32 = memory.u32;
  }

  reset(): void {
    this.memory.clearRegisters();
    this.regs[R_FREE_HEAD] = NIL;
    this.index.clear();
    this.indexed = true;
  }

  invalidateCaches(): void {
    this.indexed = false;
  }

  /**
   * Every free node lies below the bump pointer, so below the footprint: the
   * count and bytes are registers, the largest is the index's root. O(1)
   * once the index is current (deriving it is a walk).
   */
  freeStats(): { count: number; bytes: number; largest: number } | null {
    if (!this.indexed) return null;
    return { count: this.regs[R_FREE_COUNT], bytes: this.regs[R_FREE_BYTES], largest: this.index.largest() };
  }

  /** The search index's nodes, the list's tail first, 8 bytes a free node; null when it is not current. O(slots). */
  captureCache(): StrategyCache | null {
    if (!this.indexed) return null;
    return { arrays: this.index.compactSlots() };
  }

  restoreCache(cache: StrategyCache): void {
    const [offsets, sizes] = cache.arrays;
    this.index.rebuildFrom(offsets, sizes);
    this.indexed = true;
  }

  /** O(free nodes): walks the list from its head, else bumps. */
  alloc(size: number): number {
    const block = lululucatorBlock(size);
    const regs = this.regs;
    if (regs[R_INIT] === 0) {
      if (block > this.memory.size) return this.outOfMemory(size, block);
      regs[R_INIT] = 1;
      regs[R_ALLOC_PTR] = 0;
      regs[R_BRK] = this.memory.size;
      this.events?.emit({ kind: 'sbrk', from: 0, to: this.memory.size });
    }
    if (!this.indexed) this.deriveIndex();
    const index = this.index;
    const slot = index.firstFit(block);
    if (slot >= 0) {
      const node = index.offsetOf(slot);
      const span = index.sizeOf(slot);
      const next = this.memory.readWord(node + NODE_NEXT);
      const before = index.previous(slot);
      const prev = before < 0 ? NIL : index.offsetOf(before);
      const left = span - block;
      if (left < MIN_BLOCK) {
        this.link(prev, next);
        index.remove(slot);
        regs[R_FREE_COUNT]--;
        regs[R_FREE_BYTES] -= span;
        this.lastSpan = span;
        this.events?.emit({ kind: 'reuse', how: left === 0 ? 'exact' : 'whole', node, offset: node, span, left: 0, rest: NIL, list: 0 });
        return node;
      }
      const rest = node + block;
      this.writeNode(rest, next, left);
      this.link(prev, rest);
      index.move(slot, rest, left);
      regs[R_FREE_BYTES] -= block;
      this.lastSpan = block;
      this.events?.emit({ kind: 'reuse', how: 'split', node, offset: node, span: block, left, rest, list: 0 });
      return node;
    }
    const offset = regs[R_ALLOC_PTR];
    if (offset + block > regs[R_BRK]) return this.outOfMemory(size, block);
    regs[R_ALLOC_PTR] = offset + block;
    this.lastSpan = block;
    this.events?.emit({ kind: 'bump', offset, span: block, to: offset + block });
    return offset;
  }

  /** O(1): pushes {payload, span} at the head. */
  free(payload: number, span: number): void {
    const regs = this.regs;
    this.writeNode(payload, regs[R_FREE_HEAD], span);
    regs[R_FREE_HEAD] = payload;
    if (this.indexed) this.index.push(payload, span);
    regs[R_FREE_COUNT]++;
    regs[R_FREE_BYTES] += span;
    this.events?.emit({ kind: 'push', offset: payload, span, list: 0, at: 'head' });
  }

  /** Rust's default realloc: alloc new, copy, free old. */
  realloc(payload: number, span: number, requested: number, size: number): number {
    return reallocByMove(this, payload, span, requested, size);
  }

  end(): number {
    return this.regs[R_ALLOC_PTR];
  }
  capacity(): number {
    return this.memory.size;
  }
  /** The bump pointer never moves back, so it is the highest byte ever handed out. */
  footprint(): number {
    return this.regs[R_ALLOC_PTR];
  }
  /** Every write (node, split remainder, realloc copy) lies in a block below the bump pointer, which only a reset moves back. O(1). */
  touchedEnd(): number {
    return this.regs[R_ALLOC_PTR];
  }
  freeBytes(): number {
    return this.regs[R_FREE_BYTES];
  }
  freeBlockCount(): number {
    return this.regs[R_FREE_COUNT];
  }
  bumpPointer(): number {
    return this.regs[R_ALLOC_PTR];
  }
  freeListNames(): readonly string[] {
    return ['free list (LIFO)'];
  }

  /** Free nodes and live blocks tile [0, bump pointer): a node is there when its addr word names it and its size fits. O(nodes in the gap). */
  readFreeBlocksIn(from: number, to: number, start: Float64Array, span: Float64Array, k: number): number {
    const u32 = this.u32;
    const limit = start.length;
    let at = from;
    while (at < to) {
      const i = at >>> 2;
      if (k >= limit || (at & 7) !== 0 || at + MIN_BLOCK > to || u32[i + 2] !== at || u32[i + 3] !== 0 || u32[i + 5] !== 0) return -1;
      const size = u32[i + 4];
      if (size < MIN_BLOCK || (size & 7) !== 0 || at + size > to) return -1;
      start[k] = at;
      span[k] = size;
      k++;
      at += size;
    }
    return k;
  }

  /** From the search index, when it is current: the node's payload offset is its block's start (no header). */
  freeBlocksAtLeast(min: number, into: Int32Array, most: number): number {
    return this.indexed ? this.index.atLeast(min, into, most) : -1;
  }

  /** O(free nodes), head first. */
  walkFreeLists(visit: FreeBlockVisitor): void {
    for (let node = this.regs[R_FREE_HEAD]; node !== NIL; node = this.memory.readWord(node + NODE_NEXT)) {
      if (node < 0 || node + MIN_BLOCK > this.memory.size) return;
      if (visit(0, node, this.u32[(node + NODE_SIZE) >>> 2]) === false) return;
    }
  }

  check(live: LiveTable): string | null {
    const regs = this.regs;
    const end = regs[R_ALLOC_PTR];
    if (regs[R_INIT] === 0) {
      return live.liveCount === 0 && regs[R_FREE_HEAD] === NIL ? null : 'blocks exist before the first brk';
    }
    if (regs[R_BRK] !== this.memory.size) return `brk is ${regs[R_BRK]}, not the heap size ${this.memory.size}`;
    if (end < 0 || end > regs[R_BRK] || end % 8 !== 0) return `bump pointer ${end} is outside [0, brk] or not 8-aligned`;
    const blocks = (this.scratch ??= new CheckedBlocks());
    blocks.clear();
    let bytes = 0;
    for (let node = regs[R_FREE_HEAD]; node !== NIL; node = this.memory.readWord(node + NODE_NEXT)) {
      if (blocks.count > regs[R_FREE_COUNT]) return `the free list has more nodes than its count ${regs[R_FREE_COUNT]} (a cycle?)`;
      if (node < 0 || node % 8 !== 0 || node + MIN_BLOCK > end) return `free node at ${node} is not an 8-aligned node below the bump pointer`;
      const addr = this.memory.readWord(node + NODE_ADDR);
      const span = this.u32[(node + NODE_SIZE) >>> 2];
      if (addr !== node) return `free node at ${node} says its addr is ${addr}`;
      if (span < MIN_BLOCK || span % 8 !== 0 || node + span > end) return `free node at ${node} has bad size ${span}`;
      blocks.add(node, span, -1);
      bytes += span;
    }
    if (blocks.count !== regs[R_FREE_COUNT]) return `the free list has ${blocks.count} nodes, its count says ${regs[R_FREE_COUNT]}`;
    if (bytes !== regs[R_FREE_BYTES]) return `the free list holds ${bytes} bytes, its count says ${regs[R_FREE_BYTES]}`;
    if (this.indexed) {
      const broken = this.checkIndex(blocks);
      if (broken !== null) return broken;
    }
    blocks.addLive(live, 0);
    return blocks.tiling(0, end, false);
  }

  /** Derives the search index from the list in the heap. O(free nodes). */
  private deriveIndex(): void {
    const nodes: { offset: number; size: number }[] = [];
    this.walkFreeLists((_list, offset, size) => {
      nodes.push({ offset, size });
    });
    this.index.rebuild(nodes);
    this.indexed = true;
  }

  /**
   * The index lists the same nodes as the heap, in the same order: rows
   * 0..count of `list` hold the heap's list, head first. O(free nodes + slots).
   */
  private checkIndex(list: CheckedBlocks): string | null {
    let k = 0;
    let broken: string | null = null;
    this.index.forEachInListOrder((offset, size) => {
      if (broken === null && (k >= list.count || list.startOf(k) !== offset || list.spanOf(k) !== size)) {
        const heap = k < list.count ? `${list.startOf(k)}/${list.spanOf(k)}` : 'no node';
        broken = `the search index disagrees with the free list at node ${k}: heap has ${heap}, index ${offset}/${size}`;
      }
      k++;
    });
    if (broken === null && k !== list.count) broken = `the search index holds ${k} nodes, the free list ${list.count}`;
    return broken;
  }

  private writeNode(at: number, next: number, span: number): void {
    this.memory.writeWord(at + NODE_NEXT, next);
    this.memory.writeWord(at + NODE_ADDR, at);
    this.memory.writeWord(at + NODE_SIZE, span);
  }

  private link(prev: number, next: number): void {
    if (prev === NIL) this.regs[R_FREE_HEAD] = next;
    else this.memory.writeWord(prev + NODE_NEXT, next);
  }

  private outOfMemory(request: number, block: number): -1 {
    const tail = this.memory.size - this.regs[R_ALLOC_PTR];
    if (!this.indexed) this.deriveIndex();
    const largest = Math.max(tail, this.index.largest());
    this.lastFailure = { code: 'out-of-memory', request, block, totalFree: this.regs[R_FREE_BYTES] + tail, largestFree: largest };
    this.events?.emit({ kind: 'fail', reason: 'no free node fits and the bump pointer would pass brk' });
    return -1;
  }
}
