import type { EventSink } from '../events.ts';
import type { OutOfMemory } from '../failure.ts';
import type { HeapMemory } from '../heap-memory.ts';
import { reallocByMove } from '../realloc-by-move.ts';
import type { FreeBlockVisitor, Strategy } from '../strategy.ts';
import { IdState, type LiveTable } from '../live-table.ts';
import { CheckedBlocks } from './checked-blocks.ts';

/**
 * The bump allocator of blog_os "Allocator Designs": a bump pointer `next`
 * hands out fresh memory and a counter holds the number of live allocations.
 * A free only decrements the counter; when it reaches 0 the bump pointer goes
 * back to the heap start and the whole heap is reusable at once.
 *
 * Freed memory below the bump pointer is "dead" until every block is freed: it
 * is in no free list, neither live nor free, and the block layout shows it as
 * gaps. There are no free lists and no heap metadata at all; the whole state
 * is three registers.
 *
 * Invariants: `next` is 8-aligned and at most the heap size; every live block
 * lies below `next` and no two overlap; the counter equals the number of live
 * blocks, and `next` is 0 when it is 0; the high-water mark is at least `next`.
 */

/** The smallest block: one word. */
export const BUMP_MIN_BLOCK = 8;

/** Registers: the allocator's struct. */
const R_NEXT = 0;
const R_ALLOCATIONS = 1;
const R_HIGH_WATER = 2;

/** Bytes a request of `n` takes: n rounded up to a multiple of 8, at least 8. O(1). */
export function bumpBlock(n: number): number {
  const rounded = Math.ceil(n / 8) * 8;
  return rounded < BUMP_MIN_BLOCK ? BUMP_MIN_BLOCK : rounded;
}

export class BumpAllocator implements Strategy {
  readonly name = 'bump' as const;
  readonly headerBytes = 0;
  /** Its only heap writes are realloc's copies. */
  readonly writesOnlyThroughMemory = true;
  events: EventSink | null = null;
  lastSpan = 0;
  lastFailure: OutOfMemory | null = null;
  private readonly regs: Int32Array;
  private scratch: CheckedBlocks | null = null;

  constructor(readonly memory: HeapMemory) {
    this.regs = memory.regs;
  }

  /** O(registers). */
  reset(): void {
    this.memory.clearRegisters();
  }

  /** O(1): bumps, failing past the heap end. */
  alloc(size: number): number {
    const block = bumpBlock(size);
    const regs = this.regs;
    const offset = regs[R_NEXT];
    if (offset + block > this.memory.size) return this.outOfMemory(size, block);
    this.moveNext(offset + block);
    regs[R_ALLOCATIONS]++;
    this.lastSpan = block;
    this.events?.emit({ kind: 'bump', offset, span: block, to: offset + block });
    return offset;
  }

  /** O(1): counts the block out; the last one out takes the whole heap back. */
  free(): void {
    const regs = this.regs;
    if (--regs[R_ALLOCATIONS] === 0) {
      regs[R_NEXT] = 0;
      this.events?.emit({ kind: 'reset', to: 0 });
    }
  }

  /**
   * In place when the block is the last one handed out (the bump pointer moves
   * to its new end) or when it shrinks (it keeps its span); else alloc, copy,
   * free. O(1) plus the copy.
   */
  realloc(payload: number, span: number, requested: number, size: number): number {
    const block = bumpBlock(size);
    if (payload + span === this.regs[R_NEXT] && payload + block <= this.memory.size) {
      this.moveNext(payload + block);
      return this.inPlace(payload, block);
    }
    if (block <= span) return this.inPlace(payload, span);
    return reallocByMove(this, payload, span, requested, size);
  }

  end(): number {
    return this.regs[R_NEXT];
  }
  capacity(): number {
    return this.memory.size;
  }
  /** The highest byte ever handed out (the bump pointer goes back, this does not). */
  footprint(): number {
    return this.regs[R_HIGH_WATER];
  }
  /** The strategy writes no heap byte but realloc's copies, which land below the high-water mark. O(1). */
  touchedEnd(): number {
    return this.regs[R_HIGH_WATER];
  }
  /** Dead memory is not free: nothing is free below the bump pointer. */
  freeBytes(): number {
    return 0;
  }
  freeBlockCount(): number {
    return 0;
  }
  bumpPointer(): number {
    return this.regs[R_NEXT];
  }
  freeListNames(): readonly string[] {
    return [];
  }
  /** No free lists: visits nothing. O(1). */
  walkFreeLists(_visit: FreeBlockVisitor): void {}

  /** O(ids + b) for b live blocks (a radix sort). */
  check(live: LiveTable): string | null {
    const regs = this.regs;
    const next = regs[R_NEXT];
    if (next < 0 || next > this.memory.size || next % 8 !== 0) return `bump pointer ${next} is outside [0, heap size] or not 8-aligned`;
    if (regs[R_ALLOCATIONS] !== live.liveCount) return `the allocation count says ${regs[R_ALLOCATIONS]}, but ${live.liveCount} blocks are live`;
    if (live.liveCount === 0 && next !== 0) return `no block is live but the bump pointer is ${next}, not 0`;
    if (regs[R_HIGH_WATER] < next || regs[R_HIGH_WATER] > this.memory.size) return `high-water mark ${regs[R_HIGH_WATER]} is below the bump pointer ${next} or past the heap`;
    const { state, payload, span, requested } = live;
    for (let id = 0; id < live.idLimit; id++) {
      if (state[id] !== IdState.Live) continue;
      if (payload[id] % 8 !== 0 || span[id] < BUMP_MIN_BLOCK || span[id] % 8 !== 0) return `block #${id} at ${payload[id]} spans ${span[id]}: not 8-aligned words`;
      if (requested[id] > span[id]) return `block #${id} holds ${requested[id]} bytes in a ${span[id]}-byte block`;
    }
    const blocks = (this.scratch ??= new CheckedBlocks());
    blocks.clear();
    blocks.addLive(live, 0);
    const broken = blocks.disjoint(0, next);
    return broken === null ? null : `${broken} (the bump pointer is ${next})`;
  }

  private moveNext(to: number): void {
    this.regs[R_NEXT] = to;
    if (to > this.regs[R_HIGH_WATER]) this.regs[R_HIGH_WATER] = to;
  }

  private inPlace(payload: number, span: number): number {
    this.lastSpan = span;
    this.events?.emit({ kind: 'in-place', offset: payload, span });
    return payload;
  }

  private outOfMemory(request: number, block: number): -1 {
    const tail = this.memory.size - this.regs[R_NEXT];
    this.lastFailure = { code: 'out-of-memory', request, block, totalFree: tail, largestFree: tail };
    this.events?.emit({ kind: 'fail', reason: 'the bump pointer would pass the heap end (freed memory comes back only when every block is freed)' });
    return -1;
  }
}
