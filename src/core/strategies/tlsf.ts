import type { EventSink } from '../events.ts';
import type { OutOfMemory } from '../failure.ts';
import { NIL, type HeapMemory } from '../heap-memory.ts';
import { IdState, type LiveTable } from '../live-table.ts';
import { reallocByMove } from '../realloc-by-move.ts';
import type { FreeBlockVisitor, Strategy } from '../strategy.ts';
import { CheckedBlocks } from './checked-blocks.ts';
import { classLower, classOf, className, FL_COUNT, searchClass, SL_COUNT, SL_LOG2 } from './tlsf-classes.ts';

/**
 * Two-level segregated fit (Masmano, Ripoll, Crespo, Real 2004), laid out as
 * in M. Conte's TLSF with 64-bit words. Every block starts with a size word
 * (its span, header included, with a FREE bit and a PREV_FREE bit); the
 * payload follows it, so the overhead is 8 bytes. A free block also holds
 * {next_free, prev_free} after its size word, and its last word holds its
 * own offset, which the next block reads as its `prev_phys` (only valid when
 * PREV_FREE is set, so an allocated block's payload runs to its end; the
 * last block has no next, so that word is not written). Hence no block is
 * smaller than 32 bytes.
 *
 * Free blocks sit in one doubly linked list per size class (tlsf-classes.ts,
 * 32 second-level classes), their heads in registers; a first-level bitmap
 * and one second-level bitmap per first level (registers too) mark the
 * non-empty lists. malloc rounds the span up to the next class and takes the
 * head of the first non-empty list at or above it, found with two
 * find-first-set: O(1), a good fit; the remainder, if 32 bytes or more, goes
 * back as a free block. free merges with both physical neighbours at once:
 * O(1). The whole heap is one free block after reset (no sentinel: the last
 * block ends at the heap end, which the code checks).
 *
 * Invariants: blocks tile [0, heap size) by their size words; a block's
 * PREV_FREE bit is its predecessor's FREE bit, and a free block's last word
 * is its offset (unless it ends the heap); no two free blocks are neighbours; every free block is in
 * the list of its class, every list's blocks are free and of its class; the
 * bitmaps mark exactly the non-empty lists; the counts in the registers agree.
 */

/** Bytes in front of a payload: the size word. */
export const TLSF_HEADER = 8;
/** size word + next_free + prev_free + the prev_phys word at its end. */
export const TLSF_MIN_BLOCK = 32;
const FREE = 1;
const PREV_FREE = 2;
/** A free block's fields, as byte offsets inside it. */
export const NODE_NEXT = 8;
export const NODE_PREV = 16;
/** The first class a block can be in (32 bytes). */
const FIRST_CLASS = classOf(TLSF_MIN_BLOCK);

/** Registers: the allocator's struct. */
const R_FL_BITMAP = 0;
const R_FREE_BYTES = 1;
const R_FREE_COUNT = 2;
const R_HIGH_WATER = 3;
/** The end of the highest boundary tag or free node ever written. */
const R_TAGS_END = 4;
/** Second-level bitmap of first level fl: R_SL_BITMAPS + fl. */
const R_SL_BITMAPS = 8;
/** Head of the list of class i: R_HEADS + i. */
const R_HEADS = R_SL_BITMAPS + FL_COUNT;
const CLASS_COUNT = FL_COUNT * SL_COUNT;

/** The span a request of `n` bytes needs: the size word plus n rounded up to 8, at least 32. O(1). */
export function tlsfSpan(n: number): number {
  const span = Math.ceil(n / 8) * 8 + TLSF_HEADER;
  return span < TLSF_MIN_BLOCK ? TLSF_MIN_BLOCK : span;
}

export class TlsfAllocator implements Strategy {
  readonly name = 'tlsf' as const;
  readonly headerBytes = TLSF_HEADER;
  events: EventSink | null = null;
  lastSpan = 0;
  lastFailure: OutOfMemory | null = null;
  private readonly regs: Int32Array;
  private readonly u32: Uint32Array;
  private readonly size: number;
  private readonly names: readonly string[];
  private scratch: CheckedBlocks | null = null;

  constructor(readonly memory: HeapMemory) {
    this.regs = memory.regs;
    this.u32 = memory.u32;
    this.size = memory.size;
    const names: string[] = [];
    for (let i = FIRST_CLASS; i <= classOf(memory.size); i++) names.push(className(i));
    this.names = names;
  }

  /** The whole heap becomes one free block. O(registers). */
  reset(): void {
    this.memory.clearRegisters();
    this.regs.fill(NIL, R_HEADS, R_HEADS + CLASS_COUNT);
    this.makeFree(0, this.size);
    this.insert(0, this.size);
  }

  /** O(1): good fit by the bitmaps, the remainder split back. */
  alloc(size: number): number {
    const need = tlsfSpan(size);
    const found = this.findGoodFit(need);
    if (found < 0) return this.outOfMemory(size, need);
    const block = this.regs[R_HEADS + found];
    const span = this.u32[block >>> 2] & ~7;
    this.remove(block, span);
    const left = span - need;
    let given = span;
    if (left >= TLSF_MIN_BLOCK) {
      given = need;
      this.setSizeWord(block, need, 0);
      this.makeFree(block + need, left);
      this.insert(block + need, left);
    } else {
      this.setSizeWord(block, span, 0);
      this.setPrevFree(block + span, false);
    }
    this.handOut(block, given);
    if (this.events) {
      const split = given < span;
      this.events.emit({
        kind: 'reuse',
        how: left === 0 ? 'exact' : split ? 'split' : 'whole',
        node: block,
        offset: block,
        span: given,
        left: split ? left : 0,
        rest: split ? block + need : NIL,
        list: found - FIRST_CLASS,
      });
      if (split) this.events.emit({ kind: 'push', offset: block + need, span: left, list: classOf(left) - FIRST_CLASS, at: 'head' });
    }
    return block + TLSF_HEADER;
  }

  /** O(1): merges with the free physical neighbours, then pushes on its class's list. */
  free(payload: number, span: number): void {
    let block = payload - TLSF_HEADER;
    let merged = span;
    let with_: 'prev' | 'next' | 'both' | null = null;
    if (this.u32[block >>> 2] & PREV_FREE) {
      const prev = this.memory.readWord(block - 8);
      const prevSpan = this.u32[prev >>> 2] & ~7;
      this.remove(prev, prevSpan);
      block = prev;
      merged += prevSpan;
      with_ = 'prev';
    }
    const next = block + merged;
    if (next < this.size && this.u32[next >>> 2] & FREE) {
      const nextSpan = this.u32[next >>> 2] & ~7;
      this.remove(next, nextSpan);
      merged += nextSpan;
      with_ = with_ === 'prev' ? 'both' : 'next';
    }
    this.makeFree(block, merged);
    this.insert(block, merged);
    if (this.events) {
      if (with_ !== null) this.events.emit({ kind: 'coalesce', offset: block, span: merged, with: with_ });
      this.events.emit({ kind: 'push', offset: block, span: merged, list: classOf(merged) - FIRST_CLASS, at: 'head' });
    }
  }

  /**
   * In place when the block shrinks (a tail of 32 bytes or more, or any tail
   * next to a free block, goes back free) or when the next block is free and
   * large enough to grow into; else alloc, copy, free. O(1) plus the copy.
   */
  realloc(payload: number, span: number, requested: number, size: number): number {
    const block = payload - TLSF_HEADER;
    const need = tlsfSpan(size);
    const next = block + span;
    const nextFree = next < this.size && (this.u32[next >>> 2] & FREE) !== 0;
    const nextSpan = nextFree ? this.u32[next >>> 2] & ~7 : 0;
    if (need <= span) {
      const left = span - need;
      if (left >= TLSF_MIN_BLOCK || (left > 0 && nextFree)) {
        this.events?.emit({ kind: 'split', offset: block, span: need, rest: block + need, left });
        this.giveBackTail(block, need, left, nextFree ? nextSpan : 0);
        return this.inPlace(block, need);
      }
      return this.inPlace(block, span);
    }
    if (nextFree && span + nextSpan >= need) {
      this.remove(next, nextSpan);
      const total = span + nextSpan;
      this.events?.emit({ kind: 'coalesce', offset: block, span: total, with: 'next' });
      if (total - need >= TLSF_MIN_BLOCK) {
        this.events?.emit({ kind: 'split', offset: block, span: need, rest: block + need, left: total - need });
        this.giveBackTail(block, need, total - need, 0);
        return this.inPlace(block, need);
      }
      this.setSizeWord(block, total, this.u32[block >>> 2] & PREV_FREE);
      this.setPrevFree(block + total, false);
      return this.inPlace(block, total);
    }
    return reallocByMove(this, payload, span, requested, size);
  }

  /** The whole heap is blocks, free or live. */
  end(): number {
    return this.size;
  }
  capacity(): number {
    return this.size;
  }
  /** The highest byte ever handed out, size word included. */
  footprint(): number {
    return this.regs[R_HIGH_WATER];
  }
  /** Above every tag, node and realloc copy written since reset (the last block has no prev_phys word to write). O(1). */
  touchedEnd(): number {
    return Math.max(this.regs[R_TAGS_END], this.regs[R_HIGH_WATER]);
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
  /** One list per size class a block of this heap can be in, from 32 bytes up: list i is class i + 4. */
  freeListNames(): readonly string[] {
    return this.names;
  }

  /** O(free blocks + classes): class by class, each list head first. */
  walkFreeLists(visit: FreeBlockVisitor): void {
    const last = FIRST_CLASS + this.names.length - 1;
    for (let i = FIRST_CLASS; i <= last; i++) {
      for (let node = this.regs[R_HEADS + i]; node !== NIL; node = this.memory.readWord(node + NODE_NEXT)) {
        if (node < 0 || node % 8 !== 0 || node + TLSF_MIN_BLOCK > this.size) break;
        if (visit(i - FIRST_CLASS, node, this.u32[node >>> 2] & ~7) === false) return;
      }
    }
  }

  /** O(ids + b + classes) for b blocks (a radix sort). */
  check(live: LiveTable): string | null {
    return this.checkBitmaps() ?? this.checkLists() ?? this.checkPhysical(live) ?? this.checkLayout(live);
  }

  /** Bitmaps mark exactly the non-empty lists. O(classes). */
  private checkBitmaps(): string | null {
    const regs = this.regs;
    const last = FIRST_CLASS + this.names.length - 1;
    for (let fl = 0; fl < FL_COUNT; fl++) {
      const sl = regs[R_SL_BITMAPS + fl];
      if ((sl !== 0) !== ((regs[R_FL_BITMAP] & (1 << fl)) !== 0)) return `the first-level bitmap disagrees with second-level bitmap ${fl}`;
      for (let s = 0; s < SL_COUNT; s++) {
        const i = (fl << SL_LOG2) | s;
        const head = regs[R_HEADS + i];
        if ((head !== NIL) !== ((sl & (1 << s)) !== 0)) return `the bitmaps disagree with the list of class ${i} (${className(i)})`;
        if (head !== NIL && (i < FIRST_CLASS || i > last)) return `the list of class ${i} is not empty, but no block of this heap can be in it`;
      }
    }
    if (regs[R_FL_BITMAP] & ~(2 ** FL_COUNT - 1)) return `the first-level bitmap ${regs[R_FL_BITMAP]} names levels that do not exist`;
    return null;
  }

  /** Each list: bounded walk, free blocks of its class, prev links. O(free blocks + classes). */
  private checkLists(): string | null {
    const regs = this.regs;
    const limit = regs[R_FREE_COUNT];
    let count = 0;
    let bytes = 0;
    for (let i = FIRST_CLASS; i < CLASS_COUNT; i++) {
      let prev = NIL;
      for (let node = regs[R_HEADS + i]; node !== NIL; node = this.memory.readWord(node + NODE_NEXT)) {
        if (count >= limit) return `the lists hold more blocks than the count ${limit} (a cycle?)`;
        if (node < 0 || node % 8 !== 0 || node + TLSF_MIN_BLOCK > this.size) return `free block at ${node} is not an 8-aligned block inside the heap`;
        const word = this.u32[node >>> 2];
        const span = word & ~7;
        if ((word & FREE) === 0) return `block at ${node} is in the list of class ${i} but not marked free`;
        if (span < TLSF_MIN_BLOCK || node + span > this.size || classOf(span) !== i) return `free block at ${node} spans ${span}, which is not class ${i} (${className(i)})`;
        if (this.memory.readWord(node + NODE_PREV) !== prev) return `free block at ${node} has prev_free ${this.memory.readWord(node + NODE_PREV)}, not ${prev}`;
        prev = node;
        count++;
        bytes += span;
      }
    }
    if (count !== limit) return `the lists hold ${count} blocks, the count says ${limit}`;
    if (bytes !== regs[R_FREE_BYTES]) return `the lists hold ${bytes} bytes, the count says ${regs[R_FREE_BYTES]}`;
    return null;
  }

  /** Walks the blocks by their size words: boundary tags, no free neighbours, live blocks as the table says. O(b). */
  private checkPhysical(live: LiveTable): string | null {
    let at = 0;
    let prev = NIL;
    let prevFree = false;
    let free = 0;
    let used = 0;
    while (at < this.size) {
      const word = this.u32[at >>> 2];
      const span = word & ~7;
      const isFree = (word & FREE) !== 0;
      if (span < TLSF_MIN_BLOCK || at + span > this.size) return `block at ${at} has size word ${span}: below 32 or past the heap end`;
      if (((word & PREV_FREE) !== 0) !== prevFree) return `block at ${at} has PREV_FREE ${(word & PREV_FREE) !== 0}, but the block before it is ${prevFree ? 'free' : 'not free'}`;
      if (prevFree && this.memory.readWord(at - 8) !== prev) return `block at ${at}: prev_phys says ${this.memory.readWord(at - 8)}, not ${prev}`;
      if (isFree && prevFree) return `free blocks at ${prev} and ${at} touch but were not coalesced`;
      if (isFree) free++;
      else used++;
      prev = at;
      prevFree = isFree;
      at += span;
    }
    if (free !== this.regs[R_FREE_COUNT]) return `${free} blocks are marked free, the lists hold ${this.regs[R_FREE_COUNT]}`;
    if (used !== live.liveCount) return `${used} blocks are marked allocated, ${live.liveCount} are live`;
    const { state, payload, span, requested } = live;
    for (let id = 0; id < live.idLimit; id++) {
      if (state[id] !== IdState.Live) continue;
      const block = payload[id] - TLSF_HEADER;
      const word = block >= 0 && block < this.size ? this.u32[block >>> 2] : FREE;
      if (block % 8 !== 0 || word & FREE || (word & ~7) !== span[id]) return `block #${id} at ${block}: its size word (${word}) does not say allocated, ${span[id]} bytes`;
      if (requested[id] > span[id] - TLSF_HEADER) return `block #${id} holds ${requested[id]} bytes in a ${span[id]}-byte block`;
    }
    const high = this.regs[R_HIGH_WATER];
    if (high < 0 || high > this.size || high % 8 !== 0) return `high-water mark ${high} is not an 8-aligned offset in the heap`;
    return null;
  }

  private checkLayout(live: LiveTable): string | null {
    const blocks = (this.scratch ??= new CheckedBlocks());
    blocks.clear();
    blocks.addLive(live, TLSF_HEADER);
    const last = FIRST_CLASS + this.names.length - 1;
    for (let i = FIRST_CLASS; i <= last; i++) {
      for (let node = this.regs[R_HEADS + i]; node !== NIL; node = this.memory.readWord(node + NODE_NEXT)) blocks.add(node, this.u32[node >>> 2] & ~7, -1);
    }
    return blocks.tiling(0, this.size, true);
  }

  /** The class of the list to take from: the first non-empty at or above the good-fit class, or -1. O(1). */
  private findGoodFit(need: number): number {
    const regs = this.regs;
    const i = searchClass(need);
    let fl = i >>> SL_LOG2;
    if (fl >= FL_COUNT) return -1;
    let slMap = regs[R_SL_BITMAPS + fl] & (-1 << (i & (SL_COUNT - 1)));
    if (slMap === 0) {
      const flMap = fl + 1 < FL_COUNT ? regs[R_FL_BITMAP] & (-1 << (fl + 1)) : 0;
      if (flMap === 0) return -1;
      fl = 31 - Math.clz32(flMap & -flMap);
      slMap = regs[R_SL_BITMAPS + fl];
    }
    return (fl << SL_LOG2) | (31 - Math.clz32(slMap & -slMap));
  }

  /** Pushes a free block on the head of its class's list and marks the list non-empty. O(1). */
  private insert(block: number, span: number): void {
    const regs = this.regs;
    const i = classOf(span);
    const head = regs[R_HEADS + i];
    this.memory.writeWord(block + NODE_NEXT, head);
    this.memory.writeWord(block + NODE_PREV, NIL);
    if (head !== NIL) this.memory.writeWord(head + NODE_PREV, block);
    regs[R_HEADS + i] = block;
    const fl = i >>> SL_LOG2;
    regs[R_SL_BITMAPS + fl] |= 1 << (i & (SL_COUNT - 1));
    regs[R_FL_BITMAP] |= 1 << fl;
    regs[R_FREE_COUNT]++;
    regs[R_FREE_BYTES] += span;
  }

  /** Takes a free block off its class's list, clearing the bitmaps when the list empties. O(1). */
  private remove(block: number, span: number): void {
    const regs = this.regs;
    const next = this.memory.readWord(block + NODE_NEXT);
    const prev = this.memory.readWord(block + NODE_PREV);
    if (prev === NIL) {
      const i = classOf(span);
      regs[R_HEADS + i] = next;
      if (next === NIL) {
        const fl = i >>> SL_LOG2;
        regs[R_SL_BITMAPS + fl] &= ~(1 << (i & (SL_COUNT - 1)));
        if (regs[R_SL_BITMAPS + fl] === 0) regs[R_FL_BITMAP] &= ~(1 << fl);
      }
    } else {
      this.memory.writeWord(prev + NODE_NEXT, next);
    }
    if (next !== NIL) this.memory.writeWord(next + NODE_PREV, prev);
    regs[R_FREE_COUNT]--;
    regs[R_FREE_BYTES] -= span;
  }

  /**
   * Writes a free block's boundary tags: size word, the prev_phys word at its
   * end (none for the last block: no block reads it), the next block's
   * PREV_FREE. O(1).
   */
  private makeFree(block: number, span: number): void {
    this.setSizeWord(block, span, FREE);
    const end = block + span;
    const written = end < this.size ? end : block + TLSF_MIN_BLOCK - 8;
    if (end < this.size) {
      this.memory.writeWord(end - 8, block);
      this.u32[end >>> 2] |= PREV_FREE;
    }
    if (written > this.regs[R_TAGS_END]) this.regs[R_TAGS_END] = written;
  }

  /**
   * Shrinks the allocated block at `block` to `keep` bytes; its tail of `left`
   * bytes, merged with a free next block of `nextSpan` bytes (0: none), goes back free. O(1).
   */
  private giveBackTail(block: number, keep: number, left: number, nextSpan: number): void {
    if (nextSpan > 0) {
      this.remove(block + keep + left, nextSpan);
      this.events?.emit({ kind: 'coalesce', offset: block + keep, span: left + nextSpan, with: 'next' });
    }
    this.setSizeWord(block, keep, this.u32[block >>> 2] & PREV_FREE);
    this.makeFree(block + keep, left + nextSpan);
    this.insert(block + keep, left + nextSpan);
  }

  private setSizeWord(block: number, span: number, flags: number): void {
    this.u32[block >>> 2] = span | flags;
    this.u32[(block >>> 2) + 1] = 0;
  }

  private setPrevFree(block: number, prevFree: boolean): void {
    if (block >= this.size) return;
    const i = block >>> 2;
    this.u32[i] = prevFree ? this.u32[i] | PREV_FREE : this.u32[i] & ~PREV_FREE;
  }

  private handOut(block: number, span: number): void {
    this.lastSpan = span;
    if (block + span > this.regs[R_HIGH_WATER]) this.regs[R_HIGH_WATER] = block + span;
  }

  private inPlace(block: number, span: number): number {
    this.handOut(block, span);
    this.events?.emit({ kind: 'in-place', offset: block, span });
    return block + TLSF_HEADER;
  }

  private outOfMemory(request: number, need: number): -1 {
    const block = classLower(searchClass(need));
    let largest = 0;
    const flMap = this.regs[R_FL_BITMAP];
    if (flMap !== 0) {
      const fl = 31 - Math.clz32(flMap);
      const i = (fl << SL_LOG2) | (31 - Math.clz32(this.regs[R_SL_BITMAPS + fl]));
      for (let node = this.regs[R_HEADS + i]; node !== NIL; node = this.memory.readWord(node + NODE_NEXT)) {
        largest = Math.max(largest, this.u32[node >>> 2] & ~7);
      }
    }
    this.lastFailure = { code: 'out-of-memory', request, block, totalFree: this.regs[R_FREE_BYTES], largestFree: largest };
    this.events?.emit({ kind: 'fail', reason: `no free list from class ${className(searchClass(need))} up holds a block (good fit rounds ${need} bytes up to ${block})` });
    return -1;
  }
}
