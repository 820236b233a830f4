import type { EventSink } from '../events.ts';
import type { OutOfMemory } from '../failure.ts';
import { NIL as HEAP_NIL, type HeapMemory } from '../heap-memory.ts';
import type { LiveTable } from '../live-table.ts';
import { reallocByMove } from '../realloc-by-move.ts';
import type { FreeBlockVisitor, Strategy } from '../strategy.ts';
import { CheckedBlocks } from './checked-blocks.ts';
import { HoleList, MIN_HOLE as HOLE_MIN } from './hole-list.ts';

/**
 * The fixed-size block allocator of blog_os "Allocator Designs": size classes
 * 8, 16, ..., 2048 bytes, one LIFO free list per class (a node is one `next`
 * word in the free block). A request rounds up to its class; an empty class
 * list takes a fresh block of the class size from a fallback hole list
 * (first fit, address-ordered, coalescing: hole-list.ts), and a request above
 * 2048 bytes goes to the fallback directly (rounded to 8, at least 16). A
 * freed class block goes back on its class list, never to the fallback; a
 * freed large block goes back to the fallback. No header: the span tells a
 * class block (at most 2048) from a large one. Where a fresh class block
 * would leave exactly 8 bytes of a hole (too few for a hole's node), the
 * hole goes out whole and those 8 bytes become a free 8 B block.
 *
 * Invariants: every class-c node is an 8-aligned block of exactly 8 << c
 * bytes inside the heap; class counts and byte totals agree with the lists;
 * the fallback keeps the hole list's invariants (its holes never touch one
 * another); class blocks, fallback holes and live blocks tile [0, heap size);
 * the high-water register is at least the end of every block handed out.
 */

/** NIL and MIN_HOLE, read once: a module-local constant stays fast where a transpiler turns imports into getters (tsx). */
const NIL: number = HEAP_NIL;
const MIN_HOLE: number = HOLE_MIN;

/** Size classes: class c holds blocks of 8 << c bytes. */
export const CLASS_COUNT = 9;
export const SMALLEST_CLASS = 8;
export const LARGEST_CLASS = 2048;
const FALLBACK_LIST = CLASS_COUNT;

/** Registers: class heads, class counts, totals, high water, then the fallback hole list. */
const R_CLASS_HEAD = 0;
const R_CLASS_COUNT = R_CLASS_HEAD + CLASS_COUNT;
const R_CLASS_BLOCKS = R_CLASS_COUNT + CLASS_COUNT;
const R_CLASS_BYTES = R_CLASS_BLOCKS + 1;
const R_HIGH_WATER = R_CLASS_BYTES + 1;
const FALLBACK_BASE = 24;

const NAMES: readonly string[] = [...Array.from({ length: CLASS_COUNT }, (_, c) => `${SMALLEST_CLASS << c} B`), 'large (address-ordered)'];

/** The class of a request or class-block span of 1..2048 bytes: 0 for 8 B, ..., 8 for 2048 B. O(1). */
export function sizeClass(n: number): number {
  return n <= SMALLEST_CLASS ? 0 : 29 - Math.clz32(n - 1);
}

/** Bytes a request of `n` takes: its class size, or above 2048 n rounded to 8. */
export function fixedBlock(n: number): number {
  return n <= LARGEST_CLASS ? SMALLEST_CLASS << sizeClass(n) : (n + 7) & ~7;
}

export class FixedBlock implements Strategy {
  readonly name = 'fixed-block' as const;
  readonly headerBytes = 0;
  events: EventSink | null = null;
  lastSpan = 0;
  lastFailure: OutOfMemory | null = null;
  private readonly regs: Int32Array;
  /** The heap as int32 cells: a word's low half at `offset >> 2`. */
  private readonly i32: Int32Array;
  private readonly fallback: HoleList;
  /** The checker's scratch blocks, kept between checks. */
  private scratch: CheckedBlocks | null = null;

  constructor(readonly memory: HeapMemory) {
    this.regs = memory.regs;
    this.i32 = new Int32Array(memory.buffers.heap);
    this.fallback = new HoleList(memory, FALLBACK_BASE, FALLBACK_LIST, this);
  }

  /** Empty class lists; the whole heap is one fallback hole. O(1). */
  reset(): void {
    this.memory.clearRegisters();
    for (let c = 0; c < CLASS_COUNT; c++) this.regs[R_CLASS_HEAD + c] = NIL;
    this.fallback.reset(0, this.memory.size);
  }

  /** O(1) from a non-empty class list; else first fit in the fallback, O(holes). */
  alloc(size: number): number {
    if (size <= LARGEST_CLASS) {
      const c = size <= SMALLEST_CLASS ? 0 : 29 - Math.clz32(size - 1);
      const regs = this.regs;
      const head = regs[R_CLASS_HEAD + c];
      if (head !== NIL) {
        const span = SMALLEST_CLASS << c;
        regs[R_CLASS_HEAD + c] = this.i32[head >> 2];
        regs[R_CLASS_COUNT + c]--;
        regs[R_CLASS_BLOCKS]--;
        regs[R_CLASS_BYTES] -= span;
        this.lastSpan = span;
        this.events?.emit({ kind: 'reuse', how: 'exact', node: head, offset: head, span, left: 0, rest: NIL, list: c });
        return head;
      }
      return this.freshClassBlock(c, size);
    }
    const block = (size + 7) & ~7;
    const offset = this.fallback.takeFirstFit(block);
    if (offset < 0) return this.outOfMemory(size, block);
    this.handOut(offset, this.fallback.takenSpan);
    return offset;
  }

  /** O(1) for a class block (LIFO push); O(holes) for a large one (address-ordered insert, coalescing). */
  free(payload: number, span: number): void {
    if (span <= LARGEST_CLASS) this.pushClass(29 - Math.clz32(span - 1), payload);
    else this.fallback.insertSorted(payload, span);
  }

  /**
   * In place when the class does not change, or when a large block shrinks
   * (the tail goes back to the fallback) or grows into the fallback hole
   * right after it; else alloc new + copy + free old. O(1) or O(holes), plus
   * the copy when it moves.
   */
  realloc(payload: number, span: number, requested: number, size: number): number {
    if (span <= LARGEST_CLASS) {
      if (size <= LARGEST_CLASS && sizeClass(size) === sizeClass(span)) return this.inPlace(payload, span);
      return reallocByMove(this, payload, span, requested, size);
    }
    if (size <= LARGEST_CLASS) return reallocByMove(this, payload, span, requested, size);
    const block = (size + 7) & ~7;
    if (block <= span) {
      const tail = span - block;
      if (tail < MIN_HOLE) return this.inPlace(payload, span);
      this.inPlace(payload, block);
      this.fallback.insertSorted(payload + block, tail);
      return payload;
    }
    const extra = this.fallback.takeAt(payload + span, block - span);
    if (extra >= 0) {
      this.handOut(payload, span + extra);
      return this.inPlace(payload, span + extra);
    }
    return reallocByMove(this, payload, span, requested, size);
  }

  /** The fallback's tail hole reaches the heap's end. */
  end(): number {
    return this.memory.size;
  }
  capacity(): number {
    return this.memory.size;
  }
  /** The highest byte ever handed out (high-water register). */
  footprint(): number {
    return this.regs[R_HIGH_WATER];
  }
  /**
   * Every write since the reset lies below the high-water mark plus one
   * node: hole nodes sit at hole starts, which are the heap start or the end
   * of a block handed out; copies go into blocks handed out. O(1).
   */
  touchedEnd(): number {
    return Math.min(this.memory.size, this.regs[R_HIGH_WATER] + MIN_HOLE);
  }
  freeBytes(): number {
    return this.regs[R_CLASS_BYTES] + this.fallback.bytes();
  }
  freeBlockCount(): number {
    return this.regs[R_CLASS_BLOCKS] + this.fallback.count();
  }
  bumpPointer(): number {
    return -1;
  }
  /** One name per class ('8 B' ... '2048 B'), then the fallback. */
  freeListNames(): readonly string[] {
    return NAMES;
  }

  /** O(free blocks): each class list head first, then the fallback by address. */
  walkFreeLists(visit: FreeBlockVisitor): void {
    const size = this.memory.size;
    for (let c = 0; c < CLASS_COUNT; c++) {
      const span = SMALLEST_CLASS << c;
      for (let node = this.regs[R_CLASS_HEAD + c]; node !== NIL; node = this.i32[node >> 2]) {
        if (node < 0 || node + span > size) break;
        if (visit(c, node, span) === false) return;
      }
    }
    this.fallback.walk(visit, size);
  }

  check(live: LiveTable): string | null {
    const regs = this.regs;
    const size = this.memory.size;
    let blocks = 0;
    let bytes = 0;
    for (let c = 0; c < CLASS_COUNT; c++) {
      const span = SMALLEST_CLASS << c;
      const claimed = regs[R_CLASS_COUNT + c];
      let count = 0;
      for (let node = regs[R_CLASS_HEAD + c]; node !== NIL; node = this.i32[node >> 2]) {
        if (count >= claimed) return `${NAMES[c]} list: more blocks than its count ${claimed} (a cycle?)`;
        if (node < 0 || node % 8 !== 0 || node + span > size) return `${NAMES[c]} list: block at ${node} is not an 8-aligned block inside the heap`;
        if (this.i32[(node >> 2) + 1] !== (this.i32[node >> 2] === NIL ? -1 : 0)) return `${NAMES[c]} list: block at ${node} has a bad high half in its next word`;
        count++;
      }
      if (count !== claimed) return `${NAMES[c]} list: ${count} blocks, its count says ${claimed}`;
      blocks += count;
      bytes += count * span;
    }
    if (blocks !== regs[R_CLASS_BLOCKS]) return `class lists hold ${blocks} blocks, the total says ${regs[R_CLASS_BLOCKS]}`;
    if (bytes !== regs[R_CLASS_BYTES]) return `class lists hold ${bytes} bytes, the total says ${regs[R_CLASS_BYTES]}`;
    const broken = this.fallback.check(size, NAMES[FALLBACK_LIST]);
    if (broken !== null) return broken;
    const high = regs[R_HIGH_WATER];
    if (high < 0 || high > size || high % 8 !== 0) return `high-water mark ${high} is outside [0, heap size] or not 8-aligned`;
    let wrong: string | null = null;
    live.forEachLive((id, payload, span) => {
      if (wrong !== null) return;
      if (payload + span > high) wrong = `block #${id} ends at ${payload + span}, above the high-water mark ${high}`;
      else if (span <= LARGEST_CLASS && span !== SMALLEST_CLASS << sizeClass(span)) wrong = `block #${id} spans ${span} bytes, not a class size`;
    });
    if (wrong !== null) return wrong;
    // Class blocks are exempt from coalescing; fallback holes never touch each other (checked by the list).
    const tiles = (this.scratch ??= new CheckedBlocks());
    tiles.clear();
    tiles.addLive(live, 0);
    this.walkFreeLists((_list, start, span) => tiles.add(start, span, -1));
    return tiles.tiling(0, size, false);
  }

  /**
   * A fresh class-c block from the fallback (first fit). When the hole went
   * out whole with 8 bytes to spare, those 8 bytes become a free 8 B block.
   * O(holes).
   */
  private freshClassBlock(c: number, size: number): number {
    const span = SMALLEST_CLASS << c;
    const offset = this.fallback.takeFirstFit(span);
    if (offset < 0) return this.outOfMemory(size, span);
    const taken = this.fallback.takenSpan;
    if (taken > span) this.pushClass(0, offset + span);
    this.handOut(offset, span);
    return offset;
  }

  /** Pushes a free block on class list c. O(1). */
  private pushClass(c: number, block: number): void {
    const regs = this.regs;
    const i32 = this.i32;
    const head = regs[R_CLASS_HEAD + c];
    const k = block >> 2;
    i32[k] = head;
    i32[k + 1] = head === NIL ? -1 : 0;
    regs[R_CLASS_HEAD + c] = block;
    regs[R_CLASS_COUNT + c]++;
    regs[R_CLASS_BLOCKS]++;
    regs[R_CLASS_BYTES] += SMALLEST_CLASS << c;
    this.events?.emit({ kind: 'push', offset: block, span: SMALLEST_CLASS << c, list: c, at: 'head' });
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

  private outOfMemory(request: number, block: number): -1 {
    let largest = this.fallback.largest();
    for (let c = CLASS_COUNT - 1; c >= 0; c--) {
      if (this.regs[R_CLASS_HEAD + c] !== NIL) {
        largest = Math.max(largest, SMALLEST_CLASS << c);
        break;
      }
    }
    const totalFree = this.freeBytes();
    this.lastFailure = { code: 'out-of-memory', request, block, totalFree, largestFree: largest };
    this.events?.emit({
      kind: 'fail',
      reason:
        block <= LARGEST_CLASS
          ? `the ${block} B list is empty and no fallback hole can give a ${block}-byte block`
          : `no fallback hole of ${block} bytes (the largest is ${this.fallback.largest()})`,
    });
    return -1;
  }
}
