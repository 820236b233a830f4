import { MAX_HEAP_BYTES } from '../heap-memory.ts';
import { IdState, type LiveTable } from '../live-table.ts';

/** Offsets (below 2^30) sort as three 10-bit digits: 3 * 2^10 counters to clear per sort. */
const DIGIT_BITS = 10;
const DIGIT = 1 << DIGIT_BITS;
const DIGIT_MASK = DIGIT - 1;
const DIGITS = 3;
/** The bitmaps' unit: every strategy aligns its blocks to 8 bytes. */
const GRANULE_BITS = 3;
const GRANULE = 1 << GRANULE_BITS;
/** The most granules `disjointByBitmap` keeps a row column for. */
const MAX_ROW_GRANULES = 1 << 24;
/** Marks an empty slot of the start table. */
const EMPTY = -1;

/**
 * A checker's scratch list of blocks: the tiling and coalescing checks of
 * block-layout.ts, in typed arrays and without a visitor call per block, for
 * checkers that run after every operation of a long trace (`--check`).
 * Same rules, same messages as `checkTiling` and `checkCoalesced`.
 *
 * Invariant: rows 0..count hold the blocks added since `clear`, in the order
 * added; `tiling` walks them through a table keyed by start, `disjoint` (and
 * a failed `tiling`, for its message) sorts a permutation of them by start
 * (ties in that order).
 */
export class CheckedBlocks {
  count = 0;
  private start = new Float64Array(256);
  private span = new Float64Array(256);
  /** Block id, -1 for a free block. */
  private id = new Int32Array(256);
  private readonly counts = new Uint32Array(DIGIT + 1);
  /** Open-addressing table start -> row, capacity a power of two at least twice count. */
  private slotStart = new Int32Array(0);
  private slotRow = new Int32Array(0);
  /** Bitmaps over 8-byte granules, for `tilesByBitmap`. */
  private startBits = new Int32Array(0);
  private freeBits = new Int32Array(0);
  private hitBits = new Int32Array(0);
  /** Row of the block starting at each granule whose start bit is set, for `disjointByBitmap`. */
  private rowAt = new Int32Array(0);
  /** 1 where some block ends at the slot's start. */
  private slotHit = new Uint8Array(0);

  clear(): void {
    this.count = 0;
  }

  /** Adds a block. Amortised O(1). */
  add(start: number, span: number, id: number): void {
    if (this.count === this.start.length) this.grow();
    const i = this.count++;
    this.start[i] = start;
    this.span[i] = span;
    this.id[i] = id;
  }

  /** Start of the row-th block added. */
  startOf(row: number): number {
    return this.start[row];
  }

  /** Span of the row-th block added. */
  spanOf(row: number): number {
    return this.span[row];
  }

  /**
   * Adds the live blocks of the caller's table, each starting `header` bytes
   * before its payload. The highest end of them (payload + span), or -1 with
   * none. O(ids).
   */
  addLive(live: LiveTable, header: number): number {
    const { state, payload, span } = live;
    let top = -1;
    for (let id = 0; id < live.idLimit; id++) {
      if (state[id] === IdState.Live) {
        const end = payload[id] + span[id];
        if (end > top) top = end;
        this.add(payload[id] - header, span[id], id);
      }
    }
    return top;
  }

  /**
   * The blocks tile [from, end) (no gap, no overlap, no empty block) and, when
   * `coalesced`, no two free blocks touch. The first broken rule, or null.
   * O(b), and no sort for a sound heap: see `tilesBySets`. Only a broken heap
   * pays for a sort, to name the first broken rule in address order.
   */
  tiling(from: number, end: number, coalesced: boolean): string | null {
    const tiles = this.tilesByBitmap(from, end, coalesced) ?? this.tilesBySets(from, end, coalesced);
    return tiles ? null : this.sortedTiling(from, end, coalesced);
  }

  /**
   * `tilesBySets` with the sets as bitmaps over the 8-byte granules of
   * [from, end): starts, free starts, and starts some block ends at. Null
   * (undecided) when a start is not 8-aligned or the bitmaps would be much
   * larger than the blocks (a few big blocks in a big range). O(b + (end -
   * from) / 256) with a small constant.
   */
  private tilesByBitmap(from: number, end: number, coalesced: boolean): boolean | null {
    const n = this.count;
    if (n === 0) return from === end;
    if ((from | 0) !== from || (end | 0) !== end || (from & (GRANULE - 1)) !== 0 || (end & (GRANULE - 1)) !== 0 || end <= from) return null;
    // Every start but the first is some block's end, so the bitmaps need to
    // reach only the highest start, not `end`: a hole strategy's tail hole
    // may span most of the heap.
    let top = from;
    for (let row = 0; row < n; row++) if (this.start[row] > top) top = this.start[row];
    if (!(top < end)) return false;
    const words = ((((top | 0) - from) >>> GRANULE_BITS) >>> 5) + 1;
    // Clearing a word costs about 1% of a block's hash lookups: past that, hash.
    if (words > 32 * n + 1024) return null;
    if (this.startBits.length < words) {
      const size = Math.max(words, this.startBits.length * 2);
      this.startBits = new Int32Array(size);
      this.freeBits = new Int32Array(size);
      this.hitBits = new Int32Array(size);
    }
    const { startBits, freeBits, hitBits, start, span, id } = this;
    startBits.fill(0, 0, words);
    freeBits.fill(0, 0, words);
    hitBits.fill(0, 0, words);
    // Offsets are below 2^30, so `| 0` keeps them exact and the granule math stays in int32.
    const base = from | 0;
    for (let row = 0; row < n; row++) {
      const at = start[row];
      if (!(at >= from && at < end)) return false;
      const rel = (at | 0) - base;
      if ((rel & (GRANULE - 1)) !== 0 || (at | 0) !== at) return null;
      const g = rel >>> GRANULE_BITS;
      const w = g >>> 5;
      const bit = 1 << (g & 31);
      if ((startBits[w] & bit) !== 0) return false;
      startBits[w] |= bit;
      if (id[row] < 0) freeBits[w] |= bit;
    }
    if ((startBits[0] & 1) === 0) return false;
    let endsAtEnd = 0;
    for (let row = 0; row < n; row++) {
      const size = span[row];
      if (!(size > 0)) return false;
      const to = start[row] + size;
      if (to === end) {
        endsAtEnd++;
        continue;
      }
      if (to > top) return false;
      const rel = (to | 0) - base;
      if ((rel & (GRANULE - 1)) !== 0 || (to | 0) !== to) return false;
      const g = rel >>> GRANULE_BITS;
      const w = g >>> 5;
      const bit = 1 << (g & 31);
      if ((startBits[w] & bit) === 0 || (hitBits[w] & bit) !== 0) return false;
      hitBits[w] |= bit;
      if (coalesced && id[row] < 0 && (freeBits[w] & bit) !== 0) return false;
    }
    return endsAtEnd === 1;
  }

  /**
   * True when the blocks tile [from, end) (and, when `coalesced`, no two free
   * blocks touch). With every span positive and the starts distinct, the
   * blocks tile exactly when the ends other than `end` are distinct starts
   * other than `from`, and `end` is one end (or, with no block, from = end):
   * the block ending at each start precedes it, so the blocks form chains;
   * a chain can only begin at `from` (the one start no block ends at) and
   * cannot close on itself (its spans would sum to 0), so one chain runs from
   * `from` to `end` through every block. Each end is looked up on its own,
   * not one after the other as a walk would, so the lookups overlap in the
   * CPU: O(b) expected, about twice as fast as walking.
   */
  private tilesBySets(from: number, end: number, coalesced: boolean): boolean {
    const n = this.count;
    if (n === 0) return from === end;
    if (!this.fillTable()) return false;
    if (!this.holds(from)) return false;
    const { slotStart, slotRow, slotHit, start, span, id } = this;
    const mask = slotStart.length - 1;
    const shift = shiftFor(slotStart.length);
    let endsAtEnd = 0;
    for (let row = 0; row < n; row++) {
      const size = span[row];
      if (!(size > 0)) return false;
      const to = start[row] + size;
      if (to === end) {
        endsAtEnd++;
        continue;
      }
      let slot = hashSlot(to, shift);
      while (slotStart[slot] !== to) {
        if (slotStart[slot] === EMPTY) return false;
        slot = (slot + 1) & mask;
      }
      if (slotHit[slot] !== 0 || to === from) return false;
      slotHit[slot] = 1;
      if (coalesced && id[row] < 0 && id[slotRow[slot]] < 0) return false;
    }
    return endsAtEnd === 1;
  }

  /** True when some block starts at `offset` (after `fillTable`). O(1) expected. */
  private holds(offset: number): boolean {
    const { slotStart } = this;
    const mask = slotStart.length - 1;
    for (let slot = hashSlot(offset, shiftFor(slotStart.length)); slotStart[slot] !== EMPTY; slot = (slot + 1) & mask) {
      if (slotStart[slot] === offset) return true;
    }
    return false;
  }

  /** Puts every start in the table; false when a start repeats or is not a heap offset. O(b) expected. */
  private fillTable(): boolean {
    const n = this.count;
    let capacity = 16;
    while (capacity < n * 2) capacity *= 2;
    if (this.slotStart.length < capacity || this.slotStart.length > capacity * 8) {
      this.slotStart = new Int32Array(capacity);
      this.slotRow = new Int32Array(capacity);
      this.slotHit = new Uint8Array(capacity);
    }
    const { slotStart, slotRow, start } = this;
    slotStart.fill(EMPTY);
    this.slotHit.fill(0);
    const mask = slotStart.length - 1;
    const shift = shiftFor(slotStart.length);
    for (let row = 0; row < n; row++) {
      const s = start[row];
      if (!(s >= 0 && s < MAX_HEAP_BYTES) || (s | 0) !== s) return false;
      let slot = hashSlot(s, shift);
      while (slotStart[slot] !== EMPTY) {
        if (slotStart[slot] === s) return false;
        slot = (slot + 1) & mask;
      }
      slotStart[slot] = s;
      slotRow[slot] = row;
    }
    return true;
  }

  /** `tiling` in address order, to name the first broken rule. O(b + 2^10). */
  private sortedTiling(from: number, end: number, coalesced: boolean): string | null {
    const order = this.sortedOrder();
    if (order === null) return this.outside();
    let at = from;
    let prevFree = false;
    let prevStart = -1;
    for (let k = 0; k < this.count; k++) {
      const i = order[k];
      const start = this.start[i];
      const span = this.span[i];
      const free = this.id[i] < 0;
      if (span <= 0) return `${this.what(i)} at ${start} has span ${span}`;
      if (start < at) return `${this.what(i)} at ${start} overlaps the block before it (which ends at ${at})`;
      if (start > at) return `gap: bytes ${at}..${start} belong to no block`;
      if (coalesced && free && prevFree) return `free blocks at ${prevStart} and ${start} touch but were not coalesced`;
      at = start + span;
      prevFree = free;
      prevStart = start;
    }
    if (at > end) return `the last block ends at ${at}, past the end of handed-out memory at ${end}`;
    if (at < end) return `gap: bytes ${at}..${end} belong to no block`;
    return null;
  }

  /**
   * The blocks lie in [from, end) and no two overlap; gaps are allowed (the
   * bump allocator's dead memory). The first broken rule, or null. O(b + 2^15).
   */
  disjoint(from: number, end: number): string | null {
    return this.disjointByBitmap(from, end) === true ? null : this.sortedDisjoint(from, end);
  }

  /**
   * `disjoint` by a scan of a bitmap of starts in address order, each start's
   * row kept at its granule: O(b + (end - from) / 256), no sort. Null
   * (undecided) when a start is not 8-aligned or the range has more than
   * 2^24 granules (64 MiB of row column).
   */
  private disjointByBitmap(from: number, end: number): boolean | null {
    const n = this.count;
    if ((from | 0) !== from || (end | 0) !== end || (from & (GRANULE - 1)) !== 0 || end < from) return null;
    const granules = ((end - from) >>> GRANULE_BITS) + 1;
    if (granules > MAX_ROW_GRANULES) return null;
    const words = (granules >>> 5) + 1;
    if (this.startBits.length < words) this.startBits = new Int32Array(Math.max(words, this.startBits.length * 2));
    if (this.rowAt.length < granules) this.rowAt = new Int32Array(Math.max(granules, Math.min(MAX_ROW_GRANULES, this.rowAt.length * 2)));
    const { startBits, rowAt, start, span } = this;
    startBits.fill(0, 0, words);
    for (let row = 0; row < n; row++) {
      const at = start[row];
      if (!(at >= from && at < end)) return false;
      const rel = (at | 0) - from;
      if ((rel & (GRANULE - 1)) !== 0 || (at | 0) !== at) return null;
      const g = rel >>> GRANULE_BITS;
      const bit = 1 << (g & 31);
      if ((startBits[g >>> 5] & bit) !== 0) return false;
      startBits[g >>> 5] |= bit;
      rowAt[g] = row;
    }
    let covered = from;
    for (let w = 0; w < words; w++) {
      for (let m = startBits[w]; m !== 0; m &= m - 1) {
        const row = rowAt[(w << 5) + 31 - Math.clz32(m & -m)];
        if (!(span[row] > 0) || start[row] < covered) return false;
        covered = start[row] + span[row];
      }
    }
    return covered <= end;
  }

  /** `disjoint` in address order by a sort, to name the first broken rule. O(b + 2^10). */
  private sortedDisjoint(from: number, end: number): string | null {
    const order = this.sortedOrder();
    if (order === null) return this.outside();
    let at = from;
    for (let k = 0; k < this.count; k++) {
      const i = order[k];
      const start = this.start[i];
      if (this.span[i] <= 0) return `${this.what(i)} at ${start} has span ${this.span[i]}`;
      if (start < at) return at === from ? `${this.what(i)} at ${start} lies below ${from}` : `${this.what(i)} at ${start} overlaps the block before it (which ends at ${at})`;
      at = start + this.span[i];
    }
    if (at > end) return `the last block ends at ${at}, past ${end}`;
    return null;
  }

  /**
   * Row indices by ascending start (ties by row), or null when a start is not
   * a whole offset in a heap. Three stable counting passes over 10-bit digits
   * (offsets are below 2^30): O(b + 2^10), no comparison sort.
   */
  private sortedOrder(): Uint32Array | null {
    const n = this.count;
    const start = this.start;
    for (let i = 0; i < n; i++) {
      const s = start[i];
      if (!(s >= 0 && s < MAX_HEAP_BYTES) || (s | 0) !== s) return null;
    }
    const counts = this.counts;
    let order = new Uint32Array(n);
    let next = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    for (let d = 0; d < DIGITS; d++) {
      const shift = d * DIGIT_BITS;
      counts.fill(0);
      for (let i = 0; i < n; i++) counts[((start[i] >>> shift) & DIGIT_MASK) + 1]++;
      for (let k = 1; k <= DIGIT; k++) counts[k] += counts[k - 1];
      for (let k = 0; k < n; k++) {
        const i = order[k];
        next[counts[(start[i] >>> shift) & DIGIT_MASK]++] = i;
      }
      [order, next] = [next, order];
    }
    return order;
  }

  private outside(): string {
    let i = 0;
    while (this.start[i] >= 0 && this.start[i] < MAX_HEAP_BYTES && (this.start[i] | 0) === this.start[i]) i++;
    return `${this.what(i)} at ${this.start[i]} is not an offset in any heap`;
  }

  private what(i: number): string {
    return this.id[i] < 0 ? 'free block' : `block #${this.id[i]}`;
  }

  private grow(): void {
    const n = this.start.length * 2;
    const start = new Float64Array(n);
    const span = new Float64Array(n);
    const id = new Int32Array(n);
    start.set(this.start);
    span.set(this.span);
    id.set(this.id);
    this.start = start;
    this.span = span;
    this.id = id;
  }
}

/** Fibonacci hashing of an offset into a table of 2^(32 - shift) slots: the product's top bits. */
function hashSlot(offset: number, shift: number): number {
  return Math.imul(offset, 0x9e3779b1) >>> shift;
}

/** The shift that makes `hashSlot` cover a power-of-two `capacity` of at least 2 slots. */
function shiftFor(capacity: number): number {
  return 32 - Math.log2(capacity);
}
