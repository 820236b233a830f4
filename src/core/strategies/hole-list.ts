import type { EventSink } from '../events.ts';
import { NIL as HEAP_NIL, type HeapMemory } from '../heap-memory.ts';
import { HoleIndex } from './hole-index.ts';

/**
 * A list of holes sorted by address, as the linked_list_allocator crate keeps
 * it: each free hole holds its own node in its first 16 bytes, two 8-byte
 * words `next` (the next hole's offset, or NIL) and `size` (bytes in the
 * hole). The list's head, hole count, free bytes, rover and hole-set hash
 * live in five registers from a base, so several lists can share one
 * register file.
 *
 * A short list is searched by following its links through the heap. Once
 * it grows past {@link INDEX_ABOVE} holes, a {@link HoleIndex} mirrors it
 * (address and size of each hole, in address order) and finds the hole and
 * its neighbours without chasing links; every change is then written to
 * both, until the list shrinks below {@link UNINDEX_BELOW} holes. Both ways
 * give the same results, byte for byte: the index is a cache, private to
 * this object. The hash register is a function of the set of holes alone
 * (the XOR of a mix of each hole's address and size, kept up to date in
 * O(1) a change), so the same holes give the same registers however they
 * came about; an indexed list whose own copy of the hash differs from the
 * register (another instance changed the heap, a snapshot was restored)
 * rebuilds its index from the heap first.
 *
 * Invariants: holes are sorted strictly by address and never touch (a freed
 * block merges with the holes it touches); every hole is 8-aligned, at least
 * {@link MIN_HOLE} bytes and a multiple of 8; the count and bytes registers
 * are the list's; the rover is NIL (search from the head) or a hole of the
 * list, the one BEFORE the hole where a next-fit search begins; the hash
 * register is the hash of the holes; when it equals this list's copy, the
 * index holds exactly the list's holes.
 */

/** NIL, read once: a module-local constant stays fast where a transpiler turns imports into getters (tsx). */
const NIL: number = HEAP_NIL;

/** A hole's fields, as byte offsets inside the hole. */
export const HOLE_NEXT = 0;
export const HOLE_SIZE = 8;
/** A hole holds its two-word node, so no hole is smaller. */
export const MIN_HOLE = 16;

/** Registers a hole list uses, from its base. */
export const HOLE_REGISTERS = 5;
const HEAD = 0;
const COUNT = 1;
const BYTES = 2;
const ROVER = 3;
const HASH = 4;

/** The list is indexed once it holds more holes than this, and stops being indexed below {@link UNINDEX_BELOW}. */
export const INDEX_ABOVE = 64;
export const UNINDEX_BELOW = 16;

/** When a list builds and drops its index (tests force one way or the other). */
export interface IndexPolicy {
  readonly indexAbove: number;
  readonly unindexBelow: number;
}

/** Whoever owns the list: its event sink is read at each operation (the driver attaches one after construction). */
export interface EventOwner {
  readonly events: EventSink | null;
}

/** A hole's share of the hole-set hash: a 32-bit mix of its address and size. O(1). */
export function holeHash(start: number, size: number): number {
  let h = (Math.imul(start, 0x9e3779b1) + size) | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  return h ^ (h >>> 13);
}

/** Bytes a request of `n` takes from a hole list: n rounded up to a multiple of 8, at least one node. */
export function holeBlock(n: number): number {
  const rounded = (n + 7) & ~7;
  return rounded < MIN_HOLE ? MIN_HOLE : rounded;
}

export class HoleList {
  /** Span of the block the last successful take handed out (the whole hole when less than a node would remain). */
  takenSpan = 0;
  private readonly regs: Int32Array;
  /** The heap as int32 cells: a word's low half at `offset >> 2`, its high half after it. */
  private readonly i32: Int32Array;
  private readonly index = new HoleIndex();
  /** Whether the index mirrors the list (a long list) or searches follow the links (a short one). */
  private indexed = false;
  /** The hash of the holes the index holds: the register's value while the index is current. */
  private hash = 0;
  private readonly head: number;
  private readonly countReg: number;
  private readonly bytesReg: number;
  private readonly roverReg: number;
  private readonly hashReg: number;

  /**
   * The list whose registers start at `base`; `list` is its index in the
   * strategy's free-list names (for events and walks).
   */
  constructor(
    private readonly memory: HeapMemory,
    readonly base: number,
    readonly list: number,
    private readonly owner: EventOwner,
    private readonly policy: IndexPolicy = { indexAbove: INDEX_ABOVE, unindexBelow: UNINDEX_BELOW },
  ) {
    this.regs = memory.regs;
    this.i32 = new Int32Array(memory.buffers.heap);
    this.head = base + HEAD;
    this.countReg = base + COUNT;
    this.bytesReg = base + BYTES;
    this.roverReg = base + ROVER;
    this.hashReg = base + HASH;
  }

  /** Makes the list one hole [start, start + size), or empty when `size` is 0. O(1). */
  reset(start: number, size: number): void {
    const regs = this.regs;
    regs[this.roverReg] = NIL;
    this.indexed = false;
    if (size === 0) {
      regs[this.head] = NIL;
      regs[this.countReg] = 0;
      regs[this.bytesReg] = 0;
      regs[this.hashReg] = 0;
    } else {
      this.writeHole(start, NIL, size);
      regs[this.head] = start;
      regs[this.countReg] = 1;
      regs[this.bytesReg] = size;
      regs[this.hashReg] = holeHash(start, size);
    }
  }

  count(): number {
    return this.regs[this.countReg];
  }
  bytes(): number {
    return this.regs[this.bytesReg];
  }
  /** The hole before the one where a next-fit search begins (NIL: the head). O(1). */
  rover(): number {
    return this.regs[this.roverReg];
  }
  /** Whether searches use the index (the list is long) rather than the links. O(1). */
  isIndexed(): boolean {
    return this.indexed;
  }

  /**
   * First fit: the lowest hole of at least `block` bytes gives its front.
   * The offset handed out (span in {@link takenSpan}), or -1 with nothing
   * changed. O(holes below the fit) on a short list, O(holes / 32 + 32) on
   * an indexed one.
   */
  takeFirstFit(block: number): number {
    if (this.sync()) {
      const p = this.index.firstFit(block);
      return p < 0 ? -1 : this.takeIndexed(p, block);
    }
    const i32 = this.i32;
    let prev = NIL;
    let hole = this.regs[this.head];
    while (hole !== NIL) {
      const size = i32[(hole + HOLE_SIZE) >> 2];
      const next = i32[hole >> 2];
      if (size >= block) return this.takeFront(prev, hole, size, next, block, -1);
      prev = hole;
      hole = next;
    }
    return -1;
  }

  /**
   * Best fit: the smallest hole of at least `block` bytes (ties: the lowest)
   * gives its front. Offset or -1 with nothing changed. O(holes) at worst
   * (an indexed list skips groups of holes that are all too small).
   */
  takeBestFit(block: number): number {
    if (this.sync()) {
      const p = this.index.bestFit(block);
      return p < 0 ? -1 : this.takeIndexed(p, block);
    }
    const i32 = this.i32;
    let prev = NIL;
    let hole = this.regs[this.head];
    let best = NIL;
    let bestPrev = NIL;
    let bestSize = 0;
    while (hole !== NIL) {
      const size = i32[(hole + HOLE_SIZE) >> 2];
      if (size >= block && (best === NIL || size < bestSize)) {
        best = hole;
        bestPrev = prev;
        bestSize = size;
        if (size === block) break;
      }
      prev = hole;
      hole = i32[hole >> 2];
    }
    return best === NIL ? -1 : this.takeFront(bestPrev, best, bestSize, i32[best >> 2], block, -1);
  }

  /**
   * Next fit (Knuth): the search begins at the hole after the rover, runs to
   * the end of the list, wraps to the head and stops where it began; the
   * first hole that fits gives its front, and the rover then names the hole
   * before the one that follows the allocation. Offset or -1 with nothing
   * changed. O(holes) at worst on a short list, O(holes / 32 + 32) on an
   * indexed one.
   */
  takeNextFit(block: number): number {
    if (this.sync()) {
      const index = this.index;
      const rover = this.regs[this.roverReg];
      // Where the search begins: the hole after the rover, or the head.
      let start = rover === NIL ? index.first() : index.next(index.locate(rover));
      if (start < 0) start = index.first();
      if (start < 0) return -1;
      let p = index.firstFitFrom(start, block);
      if (p < 0) {
        p = index.firstFit(block);
        if (p < 0 || p >= start) return -1;
      }
      const prevPos = index.prev(p);
      const prev = prevPos < 0 ? NIL : index.addrAt(prevPos);
      const offset = this.takeIndexed(p, block);
      this.regs[this.roverReg] = prev;
      return offset;
    }
    const i32 = this.i32;
    const head = this.regs[this.head];
    let prev = this.regs[this.roverReg];
    let hole = prev === NIL ? head : i32[prev >> 2];
    if (hole === NIL) {
      prev = NIL;
      hole = head;
    }
    if (hole === NIL) return -1;
    const start = hole;
    do {
      const size = i32[(hole + HOLE_SIZE) >> 2];
      const next = i32[hole >> 2];
      if (size >= block) {
        const offset = this.takeFront(prev, hole, size, next, block, -1);
        this.regs[this.roverReg] = prev;
        return offset;
      }
      prev = hole;
      hole = next;
      if (hole === NIL) {
        prev = NIL;
        hole = head;
      }
    } while (hole !== start);
    return -1;
  }

  /**
   * Grows a block in place: the hole that starts exactly at `start` gives
   * `need` bytes from its front (all of it when less than a node would
   * remain). The bytes taken (>= need), or -1 with nothing changed when no
   * such hole is large enough. O(holes below `start`) on a short list,
   * O(log holes + 32) on an indexed one.
   */
  takeAt(start: number, need: number): number {
    if (this.sync()) {
      const index = this.index;
      const p = index.locate(start);
      if (p < 0 || index.addrAt(p) !== start || index.sizeAt(p) < need) return -1;
      this.takeIndexed(p, need);
      return this.takenSpan;
    }
    const i32 = this.i32;
    let prev = NIL;
    let hole = this.regs[this.head];
    while (hole !== NIL && hole < start) {
      prev = hole;
      hole = i32[hole >> 2];
    }
    if (hole !== start) return -1;
    const size = i32[(hole + HOLE_SIZE) >> 2];
    if (size < need) return -1;
    this.takeFront(prev, hole, size, i32[hole >> 2], need, -1);
    return this.takenSpan;
  }

  /**
   * Gives [offset, offset + span) back: inserted in address order and merged
   * with the hole before and the hole after when they touch. O(holes below
   * `offset`) on a short list, O(log holes + 32) on an indexed one.
   */
  insertSorted(offset: number, span: number): void {
    const i32 = this.i32;
    // The neighbours: `prev` (and `before` it) below offset, `next` above, with sizes and links.
    let before = NIL;
    let prev = NIL;
    let next: number;
    let prevSize = 0;
    let nextSize = 0;
    let afterNext = NIL;
    let prevPos = -1;
    let nextPos = -1;
    if (this.sync()) {
      const index = this.index;
      nextPos = index.locate(offset);
      prevPos = nextPos < 0 ? index.last() : index.prev(nextPos);
      if (prevPos >= 0) {
        prev = index.addrAt(prevPos);
        prevSize = index.sizeAt(prevPos);
        const b = index.prev(prevPos);
        if (b >= 0) before = index.addrAt(b);
      }
      next = NIL;
      if (nextPos >= 0) {
        next = index.addrAt(nextPos);
        nextSize = index.sizeAt(nextPos);
        const a = index.next(nextPos);
        if (a >= 0) afterNext = index.addrAt(a);
      }
    } else {
      next = this.regs[this.head];
      while (next !== NIL && next < offset) {
        before = prev;
        prev = next;
        next = i32[next >> 2];
      }
      if (prev !== NIL) prevSize = i32[(prev + HOLE_SIZE) >> 2];
      if (next !== NIL) {
        nextSize = i32[(next + HOLE_SIZE) >> 2];
        afterNext = i32[next >> 2];
      }
    }
    const regs = this.regs;
    const index = this.index;
    regs[this.bytesReg] += span;
    const events = this.owner.events;
    events?.emit({ kind: 'push', offset, span, list: this.list, at: 'sorted' });
    const mergePrev = prev !== NIL && prev + prevSize === offset;
    const mergeNext = next !== NIL && offset + span === next;
    const rover = regs[this.roverReg];
    if (mergePrev && mergeNext) {
      const merged = prevSize + span + nextSize;
      this.writeHole(prev, afterNext, merged);
      regs[this.countReg]--;
      // `next` vanishes into `prev`: a search that began at `next` now begins at the merged hole.
      if (rover === next) regs[this.roverReg] = prev;
      else if (rover === prev) regs[this.roverReg] = before;
      this.changeHash(holeHash(prev, prevSize) ^ holeHash(next, nextSize) ^ holeHash(prev, merged));
      if (prevPos >= 0) {
        index.set(prevPos, prev, merged);
        index.remove(nextPos);
      }
      events?.emit({ kind: 'coalesce', offset: prev, span: merged, with: 'both' });
    } else if (mergePrev) {
      i32[(prev + HOLE_SIZE) >> 2] = prevSize + span;
      this.changeHash(holeHash(prev, prevSize) ^ holeHash(prev, prevSize + span));
      if (prevPos >= 0) index.set(prevPos, prev, prevSize + span);
      events?.emit({ kind: 'coalesce', offset: prev, span: prevSize + span, with: 'prev' });
    } else if (mergeNext) {
      const merged = span + nextSize;
      this.writeHole(offset, afterNext, merged);
      this.link(prev, offset);
      if (rover === next) regs[this.roverReg] = offset;
      this.changeHash(holeHash(next, nextSize) ^ holeHash(offset, merged));
      if (nextPos >= 0) index.set(nextPos, offset, merged);
      events?.emit({ kind: 'coalesce', offset, span: merged, with: 'next' });
    } else {
      this.writeHole(offset, next, span);
      this.link(prev, offset);
      regs[this.countReg]++;
      // The new hole lies before the hole where the search begins: keep beginning there.
      if (rover === prev) regs[this.roverReg] = offset;
      this.changeHash(holeHash(offset, span));
      if (this.indexed) index.insert(nextPos, offset, span);
    }
  }

  /** The largest hole's size (0 when empty). O(holes). */
  largest(): number {
    if (this.sync()) return this.index.largest();
    let largest = 0;
    for (let hole = this.regs[this.head]; hole !== NIL; hole = this.i32[hole >> 2]) {
      const size = this.i32[(hole + HOLE_SIZE) >> 2];
      if (size > largest) largest = size;
    }
    return largest;
  }

  /**
   * Visits the holes in address order with this list's index, following the
   * links in the heap; stops when the visitor returns false or a link leaves
   * [0, heapSize). O(holes).
   */
  walk(visit: (list: number, start: number, span: number) => boolean | void, heapSize: number): void {
    for (let hole = this.regs[this.head]; hole !== NIL; hole = this.i32[hole >> 2]) {
      if (hole < 0 || hole + MIN_HOLE > heapSize) return;
      if (visit(this.list, hole, this.i32[(hole + HOLE_SIZE) >> 2]) === false) return;
    }
  }

  /**
   * Checks the list's invariants inside [0, limit): sorted strictly, no two
   * holes touching, aligned nodes of valid size, registers agreeing with a
   * bounded walk (a cycle stops it), the rover on the list, the hash
   * register, and a current index holding the same holes. The first broken
   * rule, or null. O(holes).
   */
  check(limit: number, name: string): string | null {
    const regs = this.regs;
    const i32 = this.i32;
    const claimed = regs[this.countReg];
    const rover = regs[this.roverReg];
    const index = this.index;
    const indexed = this.indexed && this.hash === regs[this.hashReg];
    let hash = 0;
    let p = index.first();
    let count = 0;
    let bytes = 0;
    let prevEnd = -1;
    let roverSeen = rover === NIL;
    for (let hole = regs[this.head]; hole !== NIL; hole = i32[hole >> 2]) {
      if (count >= claimed) return `${name}: more holes than its count ${claimed} (a cycle?)`;
      if (hole < 0 || hole % 8 !== 0 || hole + MIN_HOLE > limit) return `${name}: hole at ${hole} is not an 8-aligned node inside the heap`;
      if (hole <= prevEnd) {
        return hole === prevEnd
          ? `${name}: holes at ${hole} and the one before it touch but were not coalesced`
          : `${name}: hole at ${hole} is out of address order or overlaps the hole before it`;
      }
      const hiNext = i32[(hole >> 2) + 1];
      if (hiNext !== (i32[hole >> 2] === NIL ? -1 : 0)) return `${name}: hole at ${hole} has a bad high half in its next word`;
      const size = i32[(hole + HOLE_SIZE) >> 2];
      if (i32[((hole + HOLE_SIZE) >> 2) + 1] !== 0) return `${name}: hole at ${hole} has a bad high half in its size word`;
      if (size < MIN_HOLE || size % 8 !== 0 || hole + size > limit) return `${name}: hole at ${hole} has bad size ${size}`;
      if (indexed) {
        if (p < 0 || index.addrAt(p) !== hole || index.sizeAt(p) !== size) return `${name}: the search index disagrees with the list at hole ${hole}`;
        p = index.next(p);
      }
      if (hole === rover) roverSeen = true;
      hash ^= holeHash(hole, size);
      count++;
      bytes += size;
      prevEnd = hole + size;
    }
    if (count !== claimed) return `${name}: ${count} holes, its count says ${claimed}`;
    if (bytes !== regs[this.bytesReg]) return `${name}: holes hold ${bytes} bytes, its count says ${regs[this.bytesReg]}`;
    if (!roverSeen) return `${name}: the rover ${rover} is not a hole of the list`;
    if (hash !== regs[this.hashReg]) return `${name}: the hash register ${regs[this.hashReg]} is not the hash ${hash} of the holes`;
    if (indexed && (p >= 0 || index.count !== count)) return `${name}: the search index holds ${index.count} holes, the list ${count}`;
    return null;
  }

  /** Takes from the hole at index position `p`, its neighbours read from the index. O(32). */
  private takeIndexed(p: number, block: number): number {
    const index = this.index;
    const prevPos = index.prev(p);
    const nextPos = index.next(p);
    return this.takeFront(
      prevPos < 0 ? NIL : index.addrAt(prevPos),
      index.addrAt(p),
      index.sizeAt(p),
      nextPos < 0 ? NIL : index.addrAt(nextPos),
      block,
      p,
    );
  }

  /**
   * Hands out the front `block` bytes of `hole` (of `size` bytes, between
   * `prev` and `next`; at index position `p`, or -1 when not indexed): the
   * whole hole when less than a node would remain, else the node moves up to
   * describe the rest. The offset. O(1), O(32) with the index.
   */
  private takeFront(prev: number, hole: number, size: number, next: number, block: number, p: number): number {
    const regs = this.regs;
    const left = size - block;
    if (left < MIN_HOLE) {
      this.link(prev, next);
      regs[this.countReg]--;
      regs[this.bytesReg] -= size;
      if (regs[this.roverReg] === hole) regs[this.roverReg] = prev;
      this.changeHash(holeHash(hole, size));
      if (p >= 0) this.index.remove(p);
      this.takenSpan = size;
      this.owner.events?.emit({ kind: 'reuse', how: left === 0 ? 'exact' : 'whole', node: hole, offset: hole, span: size, left: 0, rest: NIL, list: this.list });
      return hole;
    }
    const rest = hole + block;
    this.writeHole(rest, next, left);
    this.link(prev, rest);
    regs[this.bytesReg] -= block;
    if (regs[this.roverReg] === hole) regs[this.roverReg] = rest;
    this.changeHash(holeHash(hole, size) ^ holeHash(rest, left));
    if (p >= 0) this.index.set(p, rest, left);
    this.takenSpan = block;
    this.owner.events?.emit({ kind: 'reuse', how: 'split', node: hole, offset: hole, span: block, left, rest, list: this.list });
    return hole;
  }

  /**
   * Whether to search with the index: a long list gets one (built from the
   * heap, O(holes), also when someone else changed the holes since), a short
   * one drops it. O(1) mostly.
   */
  private sync(): boolean {
    const count = this.regs[this.countReg];
    if (this.indexed) {
      if (this.regs[this.hashReg] !== this.hash) this.rebuild();
      else if (count < this.policy.unindexBelow) this.indexed = false;
    } else if (count > this.policy.indexAbove) {
      this.rebuild();
    }
    return this.indexed;
  }

  /** Builds the index from the heap list. O(holes). */
  private rebuild(): void {
    const index = this.index;
    index.clear();
    const claimed = this.regs[this.countReg];
    let hash = 0;
    let n = 0;
    for (let hole = this.regs[this.head]; hole !== NIL && n < claimed; hole = this.i32[hole >> 2], n++) {
      if (hole < 0 || hole + MIN_HOLE > this.memory.size) break;
      const size = this.i32[(hole + HOLE_SIZE) >> 2];
      index.insert(-1, hole, size);
      hash ^= holeHash(hole, size);
    }
    // A register that disagrees with the heap is for check() to report; the index follows the heap.
    this.hash = hash;
    this.indexed = true;
  }

  /** XORs `delta` into the hash register (and into this list's copy). O(1). */
  private changeHash(delta: number): void {
    const hash = this.regs[this.hashReg] ^ delta;
    this.regs[this.hashReg] = hash;
    this.hash = hash;
  }

  /** Writes a node {next, size} (two 64-bit words) at `at`. O(1). */
  private writeHole(at: number, next: number, size: number): void {
    const i32 = this.i32;
    const k = at >> 2;
    i32[k] = next;
    i32[k + 1] = next === NIL ? -1 : 0;
    i32[k + 2] = size;
    i32[k + 3] = 0;
  }

  /** Makes `prev`'s next (or the head when `prev` is NIL) point at `to`. O(1). */
  private link(prev: number, to: number): void {
    if (prev === NIL) {
      this.regs[this.head] = to;
    } else {
      const k = prev >> 2;
      this.i32[k] = to;
      this.i32[k + 1] = to === NIL ? -1 : 0;
    }
  }
}
