import { newBuffer } from '../heap-memory.ts';

/**
 * A run of 32-bit cells stored sparsely: a bit mask (one bit a cell: set when
 * the cell is not 0) and the non-zero cells' values in order. A simulated
 * heap is mostly zeros (the engine writes metadata — nodes, headers — and
 * realloc copies, never payload), so its image is a small fraction of its
 * bytes: 1/32 for the mask plus 4 bytes a non-zero cell. At worst (no zero
 * cell) 1 + 1/32 of the raw size.
 *
 * Invariant: `values.length` is the number of set bits in `mask`; cells at
 * or above `cells` are 0, and `mask` covers at least every non-zero cell
 * (trailing zero cells are trimmed).
 */
export interface SparseImage {
  /** Cells covered: every cell at or above is 0. */
  readonly cells: number;
  readonly mask: Uint32Array;
  readonly values: Uint32Array;
}

/**
 * Room for `n` cells of an image, in shared memory where the platform has
 * it, so that another thread can decode the image (restore-job.ts).
 */
function newCells(n: number): Uint32Array {
  return new Uint32Array(newBuffer(n * 4, true));
}

/**
 * The image of cells [0, count) of `from`. Two passes: one reads every cell
 * to build the mask, one gathers the non-zero values. O(count).
 */
export function encodeSparse(from: Uint32Array, count: number): SparseImage {
  const words = (count + 31) >>> 5;
  const mask = newCells(words);
  let nonZero = 0;
  let lastWord = -1;
  for (let w = 0; w < words; w++) {
    const m = groupMask(from, w, count);
    if (m !== 0) {
      mask[w] = m;
      lastWord = w;
      nonZero += popcount(m);
    }
  }
  const values = newCells(nonZero);
  let k = 0;
  for (let w = 0; w <= lastWord; w++) k = gatherGroup(from, w, mask[w], values, k);
  return trimmed(mask, lastWord, values);
}

/**
 * The image of cells [0, count) of `from`, given `base`, an image of `from`
 * as it was before the groups that `written` marks (one bit a mask word:
 * 32 cells) were written: those groups are read from `from`, the others
 * are copied from `base`. Same result as {@link encodeSparse} when that
 * holds. O(mask words + non-zero cells + 32 x written groups): a heap that
 * changed in a few places is imaged without reading the rest.
 */
export function encodeSparseSince(base: SparseImage, from: Uint32Array, count: number, written: Uint32Array): SparseImage {
  const words = (count + 31) >>> 5;
  const mask = newCells(words);
  const baseMask = base.mask;
  let nonZero = 0;
  let lastWord = -1;
  for (let w = 0; w < words; w++) {
    const m = isWritten(written, w) ? groupMask(from, w, count) : w < baseMask.length ? baseMask[w] : 0;
    if (m !== 0) {
      mask[w] = m;
      lastWord = w;
      nonZero += popcount(m);
    }
  }
  const values = newCells(nonZero);
  const baseValues = base.values;
  let k = 0;
  // The base's values of the groups not written are copied in runs: `runFrom` is where the run starts in base.values, `b` where the base's next group starts.
  let b = 0;
  let runFrom = 0;
  for (let w = 0; w <= lastWord; w++) {
    const had = w < baseMask.length ? popcount(baseMask[w]) : 0;
    if (isWritten(written, w)) {
      if (b > runFrom) values.set(baseValues.subarray(runFrom, b), k);
      k += b - runFrom;
      k = gatherGroup(from, w, mask[w], values, k);
      b += had;
      runFrom = b;
    } else {
      b += had;
    }
  }
  if (b > runFrom) values.set(baseValues.subarray(runFrom, b), k);
  return trimmed(mask, lastWord, values);
}

/**
 * Zeroes every cell of `into` that may not be 0: those of the groups where
 * `base` has a non-zero cell and those of the groups `written` marks, among
 * groups [from, to). With `into` equal to `base` outside the written
 * groups, every cell of those groups is 0 afterwards. O(mask words +
 * written words + 32 x groups zeroed), in runs of 32-bit stores.
 */
export function zeroSince(base: SparseImage, into: Uint32Array, written: Uint32Array, from = 0, to = Infinity, lastWritten = lastWrittenGroup(written)): void {
  const baseMask = base.mask;
  const groups = Math.min(Math.max(baseMask.length, lastWritten + 1), (into.length + 31) >>> 5, to);
  let runFrom = -1;
  for (let w = from; w < groups; w++) {
    const dirty = (w < baseMask.length && baseMask[w] !== 0) || isWritten(written, w);
    if (dirty && runFrom < 0) runFrom = w;
    else if (!dirty && runFrom >= 0) {
      into.fill(0, runFrom << 5, w << 5);
      runFrom = -1;
    }
  }
  if (runFrom >= 0) into.fill(0, runFrom << 5, Math.min(groups << 5, into.length));
}

/** The highest group `written` marks, or -1. O(written words). */
export function lastWrittenGroup(written: Uint32Array): number {
  let word = written.length - 1;
  while (word >= 0 && written[word] === 0) word--;
  return word < 0 ? -1 : (word << 5) + 31 - Math.clz32(written[word]);
}

/** True when `written` marks group `w`. O(1). */
function isWritten(written: Uint32Array, w: number): boolean {
  return ((written[w >>> 5] >>> (w & 31)) & 1) !== 0;
}

/** The mask word of group `w` (cells 32w .. 32w+31, below `count`) of `from`. O(32). */
function groupMask(from: Uint32Array, w: number, count: number): number {
  const base = w << 5;
  if (base + 32 <= count) {
    // Most of a heap is zeros: skip a zero group of 32 cells with one branch.
    let any = 0;
    for (let j = 0; j < 32; j++) any |= from[base + j];
    if (any === 0) return 0;
  }
  const top = base + 32 < count ? base + 32 : count;
  let m = 0;
  for (let i = base; i < top; i++) if (from[i] !== 0) m |= 1 << (i - base);
  return m;
}

/** Copies the cells of group `w` that `m` marks into `values` from index `k`; the index after them. O(bits of m). */
function gatherGroup(from: Uint32Array, w: number, m: number, values: Uint32Array, k: number): number {
  while (m !== 0) {
    const low = m & -m;
    values[k++] = from[(w << 5) + 31 - Math.clz32(low)];
    m ^= low;
  }
  return k;
}

/** The image of a mask whose last non-zero word is `lastWord`: trailing zero words are dropped (copied when that frees more than half). */
function trimmed(mask: Uint32Array, lastWord: number, values: Uint32Array): SparseImage {
  const kept = lastWord + 1;
  const cells = kept === 0 ? 0 : (lastWord << 5) + 32 - Math.clz32(mask[lastWord]);
  let kept32 = mask.subarray(0, kept);
  if (kept * 2 < mask.length) {
    kept32 = newCells(kept);
    kept32.set(mask.subarray(0, kept));
  }
  return { cells, mask: kept32, values };
}

/**
 * Writes the image's non-zero cells of groups [from, to) into `into`, whose
 * cells there must be 0 already; `firstValue` is the index in `values` of
 * the first of them ({@link valuesBefore}). Returns the index after the
 * last value written. O(mask words + non-zero cells) of the range.
 */
export function decodeSparse(image: SparseImage, into: Uint32Array, from = 0, to = Infinity, firstValue = 0): number {
  const { mask, values } = image;
  const end = Math.min(to, mask.length);
  let k = firstValue;
  for (let w = from; w < end; w++) {
    let m = mask[w];
    while (m !== 0) {
      const low = m & -m;
      into[(w << 5) + 31 - Math.clz32(low)] = values[k++];
      m ^= low;
    }
  }
  return k;
}

/** How many non-zero cells the image has before group `group`. O(group). */
export function valuesBefore(image: SparseImage, group: number): number {
  const { mask } = image;
  const end = Math.min(group, mask.length);
  let n = 0;
  for (let w = 0; w < end; w++) if (mask[w] !== 0) n += popcount(mask[w]);
  return n;
}

/** Bytes the image holds (the mask's whole buffer when it is a view). O(1). */
export function sparseBytes(image: SparseImage): number {
  return image.mask.buffer.byteLength + image.values.byteLength;
}

/** Set bits in a 32-bit word. O(1). */
function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}
