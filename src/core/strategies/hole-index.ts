/**
 * A search index over a hole list: the holes' (address, size) pairs in
 * address order, in chunks of at most {@link CHUNK} entries, each chunk with
 * its largest size. Finding the first hole that fits skips whole chunks, and
 * a hole's neighbours are the entries beside it, so no operation chases
 * links through the heap.
 *
 * It is a cache: the hole list in the heap and its registers stay the truth
 * (hole-list.ts rebuilds this index from them whenever they were changed by
 * someone else). Nothing here is shared between threads.
 *
 * Invariants: entries are sorted strictly by address across chunks; chunks
 * 0..chunks-1 are in use, none empty; `max[k]` is at least the largest size
 * in chunk k (an upper bound, so that shrinking an entry is O(1); a search
 * that scans a chunk in vain lowers it to the truth); `count` is the number
 * of entries.
 *
 * A position `p` names an entry: chunk `p >> SHIFT`, slot `p & MASK`.
 * Positions are valid until the next insert or remove.
 */

const SHIFT = 5;
/** Entries a chunk holds; a full chunk splits in two halves. */
export const CHUNK = 1 << SHIFT;
const MASK = CHUNK - 1;
const HALF = CHUNK >> 1;

export class HoleIndex {
  private addr: Int32Array;
  private size: Int32Array;
  private len: Int32Array;
  private max: Int32Array;
  /** Chunks in use. */
  chunks = 0;
  /** Entries in all. */
  count = 0;

  constructor(capacityChunks = 8) {
    this.addr = new Int32Array(capacityChunks * CHUNK);
    this.size = new Int32Array(capacityChunks * CHUNK);
    this.len = new Int32Array(capacityChunks);
    this.max = new Int32Array(capacityChunks);
  }

  /** Forgets every entry. O(1). */
  clear(): void {
    this.chunks = 0;
    this.count = 0;
  }

  addrAt(p: number): number {
    return this.addr[p];
  }
  sizeAt(p: number): number {
    return this.size[p];
  }

  /** The position of the first entry (-1 when empty). O(1). */
  first(): number {
    return this.chunks === 0 ? -1 : 0;
  }

  /** The position of the last entry (-1 when empty). O(1). */
  last(): number {
    const k = this.chunks - 1;
    return k < 0 ? -1 : (k << SHIFT) + this.len[k] - 1;
  }

  /** The entry before `p`, or -1. O(1). */
  prev(p: number): number {
    if ((p & MASK) !== 0) return p - 1;
    const k = p >> SHIFT;
    return k === 0 ? -1 : ((k - 1) << SHIFT) + this.len[k - 1] - 1;
  }

  /** The entry after `p`, or -1. O(1). */
  next(p: number): number {
    const k = p >> SHIFT;
    if ((p & MASK) + 1 < this.len[k]) return p + 1;
    return k + 1 < this.chunks ? (k + 1) << SHIFT : -1;
  }

  /** The first entry whose address is at least `a`, or -1. O(log holes). */
  locate(a: number): number {
    const chunks = this.chunks;
    if (chunks === 0) return -1;
    const addr = this.addr;
    // The last chunk whose first address is at most a (chunk 0 if none).
    let lo = 0;
    let hi = chunks - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (addr[mid << SHIFT] <= a) lo = mid;
      else hi = mid - 1;
    }
    const base = lo << SHIFT;
    let i = 0;
    let j = this.len[lo];
    while (i < j) {
      const mid = (i + j) >> 1;
      if (addr[base + mid] < a) i = mid + 1;
      else j = mid;
    }
    if (i < this.len[lo]) return base + i;
    return lo + 1 < chunks ? (lo + 1) << SHIFT : -1;
  }

  /** The lowest entry of at least `b` bytes, or -1. O(chunks + CHUNK) amortised. */
  firstFit(b: number): number {
    const max = this.max;
    const chunks = this.chunks;
    for (let k = 0; k < chunks; k++) {
      if (max[k] >= b) {
        const p = this.scanChunk(k, b);
        if (p >= 0) return p;
      }
    }
    return -1;
  }

  /** The lowest entry at or after position `p` of at least `b` bytes, or -1. O(chunks + CHUNK). */
  firstFitFrom(p: number, b: number): number {
    const k0 = p >> SHIFT;
    const size = this.size;
    if (this.max[k0] >= b) {
      const end = (k0 << SHIFT) + this.len[k0];
      for (let q = p; q < end; q++) if (size[q] >= b) return q;
    }
    const max = this.max;
    const chunks = this.chunks;
    for (let k = k0 + 1; k < chunks; k++) {
      if (max[k] >= b) {
        const q = this.scanChunk(k, b);
        if (q >= 0) return q;
      }
    }
    return -1;
  }

  /** The smallest entry of at least `b` bytes (ties: the lowest), or -1. O(holes) at worst. */
  bestFit(b: number): number {
    const max = this.max;
    const size = this.size;
    const chunks = this.chunks;
    let best = -1;
    let bestSize = 0x7fffffff;
    for (let k = 0; k < chunks; k++) {
      if (max[k] < b) continue;
      const base = k << SHIFT;
      const end = base + this.len[k];
      for (let q = base; q < end; q++) {
        const s = size[q];
        if (s >= b && s < bestSize) {
          if (s === b) return q;
          best = q;
          bestSize = s;
        }
      }
    }
    return best;
  }

  /** The largest size (0 when empty). O(holes): every chunk's bound is made exact. */
  largest(): number {
    let largest = 0;
    for (let k = 0; k < this.chunks; k++) {
      this.recomputeMax(k);
      if (this.max[k] > largest) largest = this.max[k];
    }
    return largest;
  }

  /** Changes entry `p` without moving it in address order. O(1). */
  set(p: number, a: number, s: number): void {
    this.addr[p] = a;
    this.size[p] = s;
    const k = p >> SHIFT;
    if (s > this.max[k]) this.max[k] = s;
  }

  /** Removes entry `p` (its chunk's bound stays an upper bound). O(CHUNK), O(chunks) when its chunk empties. */
  remove(p: number): void {
    const k = p >> SHIFT;
    const base = k << SHIFT;
    const end = base + this.len[k] - 1;
    const addr = this.addr;
    const size = this.size;
    for (let q = p; q < end; q++) {
      addr[q] = addr[q + 1];
      size[q] = size[q + 1];
    }
    this.count--;
    if (--this.len[k] === 0) this.removeChunk(k);
  }

  /** Inserts (a, s) before position `p` (-1: after every entry); the caller keeps address order. O(CHUNK), O(chunks) when a chunk splits. */
  insert(p: number, a: number, s: number): void {
    let k: number;
    let i: number;
    if (p < 0) {
      if (this.chunks === 0) this.openChunk(0);
      k = this.chunks - 1;
      i = this.len[k];
    } else {
      k = p >> SHIFT;
      i = p & MASK;
      // At a chunk's front, the chunk before may have room.
      if (i === 0 && k > 0 && this.len[k - 1] < CHUNK) {
        k--;
        i = this.len[k];
      }
    }
    if (this.len[k] === CHUNK) {
      this.splitChunk(k);
      if (i > HALF) {
        k++;
        i -= HALF;
      }
    }
    const base = k << SHIFT;
    const addr = this.addr;
    const size = this.size;
    for (let q = base + this.len[k]; q > base + i; q--) {
      addr[q] = addr[q - 1];
      size[q] = size[q - 1];
    }
    addr[base + i] = a;
    size[base + i] = s;
    this.len[k]++;
    this.count++;
    if (s > this.max[k]) this.max[k] = s;
  }

  /** The first entry of chunk k of at least `b` bytes; when there is none, the chunk's bound becomes exact. */
  private scanChunk(k: number, b: number): number {
    const size = this.size;
    const base = k << SHIFT;
    const end = base + this.len[k];
    let m = 0;
    for (let q = base; q < end; q++) {
      const s = size[q];
      if (s >= b) return q;
      if (s > m) m = s;
    }
    this.max[k] = m;
    return -1;
  }

  private recomputeMax(k: number): void {
    const base = k << SHIFT;
    const end = base + this.len[k];
    let m = 0;
    for (let q = base; q < end; q++) if (this.size[q] > m) m = this.size[q];
    this.max[k] = m;
  }

  /** Moves the upper half of full chunk k into a new chunk k + 1. O(chunks). */
  private splitChunk(k: number): void {
    this.openChunk(k + 1);
    const from = (k << SHIFT) + HALF;
    const to = (k + 1) << SHIFT;
    this.addr.copyWithin(to, from, from + HALF);
    this.size.copyWithin(to, from, from + HALF);
    this.len[k] = HALF;
    this.len[k + 1] = HALF;
    this.recomputeMax(k);
    this.recomputeMax(k + 1);
  }

  /** Makes an empty chunk at k, moving chunks k.. up by one. O(chunks). */
  private openChunk(k: number): void {
    if (this.chunks === this.len.length) this.grow();
    const chunks = this.chunks;
    if (k < chunks) {
      this.addr.copyWithin((k + 1) << SHIFT, k << SHIFT, chunks << SHIFT);
      this.size.copyWithin((k + 1) << SHIFT, k << SHIFT, chunks << SHIFT);
      this.len.copyWithin(k + 1, k, chunks);
      this.max.copyWithin(k + 1, k, chunks);
    }
    this.len[k] = 0;
    this.max[k] = 0;
    this.chunks = chunks + 1;
  }

  /** Removes empty chunk k, moving the chunks above it down. O(chunks). */
  private removeChunk(k: number): void {
    const chunks = this.chunks;
    if (k + 1 < chunks) {
      this.addr.copyWithin(k << SHIFT, (k + 1) << SHIFT, chunks << SHIFT);
      this.size.copyWithin(k << SHIFT, (k + 1) << SHIFT, chunks << SHIFT);
      this.len.copyWithin(k, k + 1, chunks);
      this.max.copyWithin(k, k + 1, chunks);
    }
    this.chunks = chunks - 1;
  }

  private grow(): void {
    const cap = this.len.length * 2;
    const addr = new Int32Array(cap * CHUNK);
    const size = new Int32Array(cap * CHUNK);
    const len = new Int32Array(cap);
    const max = new Int32Array(cap);
    addr.set(this.addr);
    size.set(this.size);
    len.set(this.len);
    max.set(this.max);
    this.addr = addr;
    this.size = size;
    this.len = len;
    this.max = max;
  }
}
