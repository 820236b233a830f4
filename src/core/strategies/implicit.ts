import type { EventSink } from '../events.ts';
import type { OutOfMemory } from '../failure.ts';
import { NIL, type HeapMemory } from '../heap-memory.ts';
import { IdState, type LiveTable } from '../live-table.ts';
import { reallocByMove } from '../realloc-by-move.ts';
import type { FreeBlockVisitor, Strategy } from '../strategy.ts';
import { OffsetBitmap } from './offset-bitmap.ts';

/**
 * The CS:APP 3e textbook allocator (section 9.9.12, the book's mm.c), line
 * for line: an implicit free list of blocks that carry a 4-byte header and a
 * 4-byte footer (size | alloc bit), 8-byte aligned payloads, a prologue block
 * and an epilogue header, first fit from the start of the heap, a split when
 * at least 16 bytes remain, immediate coalescing on free, and a heap grown by
 * a simulated sbrk of max(block, 4096) bytes. realloc is the book's: malloc
 * new, copy, free old.
 *
 * Heap layout once initialised (offsets from heap_start):
 *   0 padding word, 4 prologue header (8|1), 8 prologue footer (8|1),
 *   blocks from header 12 (first payload 16) up to the epilogue header
 *   (0|1) at break - 4.
 *
 * Invariants: the blocks tile [12, break - 4); every block's header equals
 * its footer; sizes are multiples of 8 and at least 16; payloads are
 * 8-aligned; no two free blocks touch; the break only grows, is a multiple of
 * 8 and never passes the heap size (the simulated MAX_HEAP); every block
 * below the R_FIRST_FREE hint is allocated. Nothing exists
 * before the first alloc (mm_init runs lazily, then; register R_BRK is 0
 * until then).
 */

/** The book's constants: word, double word, heap extension. */
export const WSIZE = 4;
export const DSIZE = 8;
export const CHUNKSIZE = 1 << 12;
/** Header + footer + alignment: no block is smaller. */
export const MIN_BLOCK = 2 * DSIZE;
/** mm_init's first sbrk: padding, prologue header and footer, epilogue. */
export const PROLOGUE_BYTES = 4 * WSIZE;
/** heap_listp: the prologue block's payload. */
export const HEAP_LISTP = 2 * WSIZE;
/** The first real block's payload. */
export const FIRST_PAYLOAD = PROLOGUE_BYTES;
/** The heap right after mm_init: prologue and epilogue plus one CHUNKSIZE extension. */
export const INITIAL_HEAP = PROLOGUE_BYTES + CHUNKSIZE;

/**
 * Registers: the break (0 before mm_init), the free bytes and blocks below
 * it, and a search hint: a payload at or before the first free block (every
 * block below it is allocated), where find_fit may start without changing
 * the block it finds.
 */
const R_BRK = 0;
const R_FREE_BYTES = 1;
const R_FREE_COUNT = 2;
const R_FIRST_FREE = 3;

const SIZE_MASK = ~7;

/** The book's adjusted block size: 16 for n <= 8, else 8 * ceil((n + 8) / 8). */
export function implicitBlock(n: number): number {
  return n <= DSIZE ? MIN_BLOCK : DSIZE * Math.floor((n + DSIZE + (DSIZE - 1)) / DSIZE);
}

export class Implicit implements Strategy {
  readonly name = 'implicit' as const;
  readonly headerBytes = WSIZE;
  events: EventSink | null = null;
  lastSpan = 0;
  lastFailure: OutOfMemory | null = null;
  private readonly regs: Int32Array;
  /** The checker's set of allocated payloads, kept between checks. */
  private scratch: OffsetBitmap | null = null;
  private readonly u32: Uint32Array;
  /** The search hint find_fit found last (committed by a successful alloc only). */
  private foundHint = FIRST_PAYLOAD;

  constructor(readonly memory: HeapMemory) {
    this.regs = memory.regs;
    this.u32 = memory.u32;
  }

  reset(): void {
    this.memory.clearRegisters();
  }

  /**
   * mm_malloc. O(blocks): first fit walks every block from the start; a miss
   * costs an sbrk and one coalesce more. Runs mm_init first on the first call.
   */
  alloc(size: number): number {
    const asize = implicitBlock(size);
    const heapSize = this.memory.size;
    if (this.regs[R_BRK] === 0) {
      // mm_init, then mm_malloc: check first that both will succeed, so a failure changes nothing.
      const need = asize <= CHUNKSIZE ? INITIAL_HEAP : INITIAL_HEAP + asize;
      if (need > heapSize) {
        return this.outOfMemory(size, asize, `mm_init and this request need a ${need}-byte heap, the heap is ${heapSize} bytes`);
      }
      this.init();
    }
    let bp = this.findFit(asize);
    const hint = this.foundHint;
    if (bp < 0) {
      const extendSize = asize > CHUNKSIZE ? asize : CHUNKSIZE;
      const brk = this.regs[R_BRK];
      if (brk + extendSize > heapSize) {
        return this.outOfMemory(size, asize, `no free block fits ${asize} bytes and sbrk(${extendSize}) would move the break from ${brk} past the heap's end at ${heapSize}`);
      }
      bp = this.extendHeap(extendSize);
    }
    this.regs[R_FIRST_FREE] = hint;
    this.place(bp, asize);
    return bp;
  }

  /** mm_free: marks the block free in place and coalesces. O(1). */
  free(payload: number): void {
    const u32 = this.u32;
    const h = (payload - WSIZE) >>> 2;
    const size = u32[h] & SIZE_MASK;
    u32[h] = size;
    u32[h + (size >>> 2) - 1] = size;
    this.regs[R_FREE_COUNT]++;
    this.regs[R_FREE_BYTES] += size;
    this.events?.emit({ kind: 'push', offset: payload - WSIZE, span: size, list: 0, at: 'sorted' });
    const start = this.coalesce(payload);
    if (start < this.regs[R_FIRST_FREE]) this.regs[R_FIRST_FREE] = start;
  }

  /** mm_realloc as the book writes it: malloc new, copy, free old. O(alloc) + O(copied bytes). */
  realloc(payload: number, span: number, requested: number, size: number): number {
    return reallocByMove(this, payload, span, requested, size);
  }

  /** The break. */
  end(): number {
    return this.regs[R_BRK];
  }
  /** The simulated MAX_HEAP: sbrk fails past it. */
  capacity(): number {
    return this.memory.size;
  }
  /** The break never moves back, so it is its own high-water mark (mdriver's mem_heapsize()). */
  footprint(): number {
    return this.regs[R_BRK];
  }
  /** Every write (padding, prologue, headers, footers, epilogue, realloc copies) lies below the break. O(1). */
  touchedEnd(): number {
    return this.regs[R_BRK];
  }
  freeBytes(): number {
    return this.regs[R_FREE_BYTES];
  }
  freeBlockCount(): number {
    return this.regs[R_FREE_COUNT];
  }
  bumpPointer(): number {
    return NIL;
  }
  freeListNames(): readonly string[] {
    return ['implicit list (address order)'];
  }

  /** O(blocks): there is no explicit list, so this walks every block by its header and reports the free ones. */
  walkFreeLists(visit: FreeBlockVisitor): void {
    const u32 = this.u32;
    const brk = this.regs[R_BRK];
    if (brk === 0) return;
    for (let at = FIRST_PAYLOAD - WSIZE; at < brk - WSIZE; ) {
      const header = u32[at >>> 2];
      const size = header & SIZE_MASK;
      if (size === 0) return;
      if ((header & 1) === 0 && visit(0, at, size) === false) return;
      at += size;
    }
  }

  /** O(blocks + live ids). */
  check(live: LiveTable): string | null {
    const u32 = this.u32;
    const regs = this.regs;
    const brk = regs[R_BRK];
    if (brk === 0) {
      return live.liveCount === 0 && regs[R_FREE_COUNT] === 0 && regs[R_FREE_BYTES] === 0 ? null : 'blocks exist before mm_init';
    }
    if (brk < INITIAL_HEAP || brk > this.memory.size || brk % DSIZE !== 0) return `the break ${brk} is not a multiple of 8 in [${INITIAL_HEAP}, ${this.memory.size}]`;
    if (u32[1] !== (DSIZE | 1) || u32[2] !== (DSIZE | 1)) return `the prologue is broken: header ${u32[1]}, footer ${u32[2]}`;
    const allocated = (this.scratch ??= new OffsetBitmap());
    allocated.reset(brk);
    let allocatedCount = 0;
    let freeCount = 0;
    let freeBytes = 0;
    let prevFree = false;
    let firstFree = 0;
    let bp = FIRST_PAYLOAD;
    for (;;) {
      if (bp > brk) return `the block walk passed the break at ${brk}`;
      const header = u32[(bp - WSIZE) >>> 2];
      const size = header & SIZE_MASK;
      if (size === 0) {
        if (header !== 1) return `the epilogue header at ${bp - WSIZE} is ${header}, not 0|1`;
        if (bp !== brk) return `the epilogue is at ${bp - WSIZE}, not at the break - 4 (${brk - WSIZE})`;
        break;
      }
      if (bp % DSIZE !== 0) return `the payload at ${bp} is not 8-aligned`;
      if (size < MIN_BLOCK) return `the block at ${bp - WSIZE} has size ${size}, less than ${MIN_BLOCK}`;
      if ((header & 6) !== 0) return `the header at ${bp - WSIZE} has stray bits: ${header}`;
      if (bp + size > brk) return `the block at ${bp - WSIZE} (size ${size}) runs past the epilogue`;
      const footer = u32[(bp + size - DSIZE) >>> 2];
      if (footer !== header) return `the block at ${bp - WSIZE}: header ${header} and footer ${footer} differ`;
      const free = (header & 1) === 0;
      if (free) {
        if (prevFree) return `free blocks touch at ${bp - WSIZE} but were not coalesced`;
        if (firstFree === 0) firstFree = bp;
        freeCount++;
        freeBytes += size;
      } else {
        allocated.mark(bp);
        allocatedCount++;
      }
      prevFree = free;
      bp += size;
    }
    const hint = regs[R_FIRST_FREE];
    if (hint < FIRST_PAYLOAD || hint > (firstFree || brk)) return `the search hint ${hint} is past the first free block at ${firstFree || brk}`;
    if (freeCount !== regs[R_FREE_COUNT]) return `the heap has ${freeCount} free blocks, the count says ${regs[R_FREE_COUNT]}`;
    if (freeBytes !== regs[R_FREE_BYTES]) return `the free blocks hold ${freeBytes} bytes, the count says ${regs[R_FREE_BYTES]}`;
    if (allocatedCount !== live.liveCount) return `the heap has ${allocatedCount} allocated blocks, the live table ${live.liveCount}`;
    // Each live payload takes its own allocated block: with the counts equal, live blocks and heap blocks match one to one.
    const { state, payload, span } = live;
    for (let id = 0; id < live.idLimit; id++) {
      if (state[id] !== IdState.Live) continue;
      const at = payload[id];
      if (!allocated.take(at)) return `live block #${id} at payload ${at} is not an allocated block of the heap`;
      const size = u32[(at - WSIZE) >>> 2] & SIZE_MASK;
      if (size !== span[id]) return `live block #${id} spans ${span[id]} bytes in the table, ${size} in its header`;
    }
    return null;
  }

  /** mm_init: padding, prologue, epilogue, then extend_heap(CHUNKSIZE / WSIZE). The caller checked the room. */
  private init(): void {
    const u32 = this.u32;
    this.events?.emit({ kind: 'sbrk', from: 0, to: PROLOGUE_BYTES });
    u32[0] = 0;
    u32[1] = DSIZE | 1;
    u32[2] = DSIZE | 1;
    u32[3] = 0 | 1;
    this.regs[R_BRK] = PROLOGUE_BYTES;
    this.regs[R_FREE_BYTES] = 0;
    this.regs[R_FREE_COUNT] = 0;
    this.regs[R_FIRST_FREE] = FIRST_PAYLOAD;
    this.extendHeap(CHUNKSIZE);
  }

  /**
   * extend_heap: sbrk `bytes` (even words, a multiple of 8); the new free
   * block's header overwrites the old epilogue, a new epilogue follows it,
   * then it coalesces with a free last block. The caller checked the room.
   * O(1). The payload of the resulting free block.
   */
  private extendHeap(bytes: number): number {
    const u32 = this.u32;
    const bp = this.regs[R_BRK];
    const brk = bp + bytes;
    this.regs[R_BRK] = brk;
    this.events?.emit({ kind: 'sbrk', from: bp, to: brk });
    u32[(bp - WSIZE) >>> 2] = bytes;
    u32[(brk - DSIZE) >>> 2] = bytes;
    u32[(brk - WSIZE) >>> 2] = 0 | 1;
    this.regs[R_FREE_COUNT]++;
    this.regs[R_FREE_BYTES] += bytes;
    return this.coalesce(bp);
  }

  /**
   * find_fit: the first free block from heap_listp with size >= asize; its
   * payload or -1. The walk starts at the R_FIRST_FREE hint (the blocks
   * below it are allocated, so the book's walk would pass them by) and leaves
   * in {@link foundHint} the first free block it met, or the epilogue: the
   * caller stores it once the alloc has succeeded. O(blocks).
   */
  private findFit(asize: number): number {
    const u32 = this.u32;
    let h = (this.regs[R_FIRST_FREE] - WSIZE) >>> 2;
    let firstFree = -1;
    for (;;) {
      const header = u32[h];
      const size = header & SIZE_MASK;
      if (size === 0) break;
      if ((header & 1) === 0) {
        if (firstFree < 0) firstFree = h;
        if (asize <= size) break;
      }
      h += size >>> 2;
    }
    this.foundHint = ((firstFree < 0 ? h : firstFree) << 2) + WSIZE;
    return (u32[h] & SIZE_MASK) === 0 ? -1 : (h << 2) + WSIZE;
  }

  /** place: allocates the front `asize` bytes of free block `bp`, splitting when >= 16 bytes remain. O(1). */
  private place(bp: number, asize: number): void {
    const u32 = this.u32;
    const regs = this.regs;
    const h = (bp - WSIZE) >>> 2;
    const csize = u32[h] & SIZE_MASK;
    const left = csize - asize;
    regs[R_FREE_COUNT]--;
    regs[R_FREE_BYTES] -= csize;
    if (left >= MIN_BLOCK) {
      u32[h] = asize | 1;
      u32[h + (asize >>> 2) - 1] = asize | 1;
      const rh = h + (asize >>> 2);
      u32[rh] = left;
      u32[rh + (left >>> 2) - 1] = left;
      regs[R_FREE_COUNT]++;
      regs[R_FREE_BYTES] += left;
      this.lastSpan = asize;
      this.events?.emit({ kind: 'reuse', how: 'split', node: bp - WSIZE, offset: bp - WSIZE, span: asize, left, rest: bp - WSIZE + asize, list: 0 });
    } else {
      u32[h] = csize | 1;
      u32[h + (csize >>> 2) - 1] = csize | 1;
      this.lastSpan = csize;
      this.events?.emit({ kind: 'reuse', how: left === 0 ? 'exact' : 'whole', node: bp - WSIZE, offset: bp - WSIZE, span: csize, left: 0, rest: NIL, list: 0 });
    }
  }

  /** coalesce: merges free block `bp` with free neighbours (the book's 4 cases); the merged block's payload. O(1). */
  private coalesce(bp: number): number {
    const u32 = this.u32;
    const prevFooter = u32[(bp - DSIZE) >>> 2];
    let size = u32[(bp - WSIZE) >>> 2] & SIZE_MASK;
    const nextHeader = u32[(bp + size - WSIZE) >>> 2];
    const prevAlloc = prevFooter & 1;
    const nextAlloc = nextHeader & 1;
    if (prevAlloc && nextAlloc) return bp;
    let start = bp;
    if (prevAlloc) {
      size += nextHeader & SIZE_MASK;
      this.regs[R_FREE_COUNT]--;
    } else if (nextAlloc) {
      start = bp - (prevFooter & SIZE_MASK);
      size += prevFooter & SIZE_MASK;
      this.regs[R_FREE_COUNT]--;
    } else {
      start = bp - (prevFooter & SIZE_MASK);
      size += (prevFooter & SIZE_MASK) + (nextHeader & SIZE_MASK);
      this.regs[R_FREE_COUNT] -= 2;
    }
    u32[(start - WSIZE) >>> 2] = size;
    u32[(start + size - DSIZE) >>> 2] = size;
    this.events?.emit({ kind: 'coalesce', offset: start - WSIZE, span: size, with: prevAlloc ? 'next' : nextAlloc ? 'prev' : 'both' });
    return start;
  }

  /** Records why an alloc failed; nothing was changed. The free room counts the heap not yet obtained by sbrk. */
  private outOfMemory(request: number, block: number, reason: string): -1 {
    const brk = this.regs[R_BRK];
    const heapSize = this.memory.size;
    if (brk === 0) {
      const room = heapSize - PROLOGUE_BYTES;
      this.lastFailure = { code: 'out-of-memory', request, block, totalFree: room, largestFree: room };
    } else {
      const tail = heapSize - brk;
      let largest = 0;
      let lastFree = 0;
      this.walkFreeLists((_l, start, span) => {
        if (span > largest) largest = span;
        if (start + span === brk - WSIZE) lastFree = span;
      });
      if (lastFree + tail > largest) largest = lastFree + tail;
      this.lastFailure = { code: 'out-of-memory', request, block, totalFree: this.regs[R_FREE_BYTES] + tail, largestFree: largest };
    }
    this.events?.emit({ kind: 'fail', reason });
    return -1;
  }
}
