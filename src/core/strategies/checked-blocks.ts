import { MAX_HEAP_BYTES } from '../heap-memory.ts';
import { IdState, type LiveTable } from '../live-table.ts';

/** Offsets (below 2^30) sort as two 15-bit digits. */
const DIGIT_BITS = 15;
const DIGIT = 1 << DIGIT_BITS;
const DIGIT_MASK = DIGIT - 1;

/**
 * A checker's scratch list of blocks: the tiling and coalescing checks of
 * block-layout.ts, in typed arrays and without a visitor call per block, for
 * checkers that run after every operation of a long trace (`--check`).
 * Same rules, same messages as `checkTiling` and `checkCoalesced`.
 *
 * Invariant: rows 0..count hold the blocks added since `clear`, in the order
 * added; `tiling` and `disjoint` sort a permutation of them by start (ties
 * in that order).
 */
export class CheckedBlocks {
  count = 0;
  private start = new Float64Array(256);
  private span = new Float64Array(256);
  /** Block id, -1 for a free block. */
  private id = new Int32Array(256);
  private readonly counts = new Uint32Array(DIGIT + 1);

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

  /** Adds the live blocks of the caller's table, each starting `header` bytes before its payload. O(ids). */
  addLive(live: LiveTable, header: number): void {
    const { state, payload, span } = live;
    for (let id = 0; id < live.idLimit; id++) {
      if (state[id] === IdState.Live) this.add(payload[id] - header, span[id], id);
    }
  }

  /**
   * The blocks tile [from, end) (no gap, no overlap, no empty block) and, when
   * `coalesced`, no two free blocks touch. The first broken rule, or null.
   * O(b + 2^15): a radix sort.
   */
  tiling(from: number, end: number, coalesced: boolean): string | null {
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
   * a whole offset in a heap. Two stable counting passes over 15-bit digits
   * (offsets are below 2^30): O(b + 2^15), no comparison sort.
   */
  private sortedOrder(): Uint32Array | null {
    const n = this.count;
    const start = this.start;
    for (let i = 0; i < n; i++) {
      const s = start[i];
      if (!(s >= 0 && s < MAX_HEAP_BYTES) || (s | 0) !== s) return null;
    }
    const counts = this.counts;
    const byLow = new Uint32Array(n);
    const order = new Uint32Array(n);
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(start[i] & DIGIT_MASK) + 1]++;
    for (let d = 1; d <= DIGIT; d++) counts[d] += counts[d - 1];
    for (let i = 0; i < n; i++) byLow[counts[start[i] & DIGIT_MASK]++] = i;
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(start[i] >>> DIGIT_BITS) + 1]++;
    for (let d = 1; d <= DIGIT; d++) counts[d] += counts[d - 1];
    for (let k = 0; k < n; k++) {
      const i = byLow[k];
      order[counts[start[i] >>> DIGIT_BITS]++] = i;
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
