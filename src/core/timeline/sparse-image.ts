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
 * The image of cells [0, count) of `from`. Two passes: one reads every cell
 * to build the mask, one gathers the non-zero values. O(count).
 */
export function encodeSparse(from: Uint32Array, count: number): SparseImage {
  const words = (count + 31) >>> 5;
  const mask = new Uint32Array(words);
  let nonZero = 0;
  let lastWord = -1;
  for (let w = 0; w < words; w++) {
    const base = w << 5;
    if (base + 32 <= count) {
      // Most of a heap is zeros: skip a zero group of 32 cells with one branch.
      let any = 0;
      for (let j = 0; j < 32; j++) any |= from[base + j];
      if (any === 0) continue;
    }
    const top = base + 32 < count ? base + 32 : count;
    let m = 0;
    for (let i = base; i < top; i++) if (from[i] !== 0) m |= 1 << (i - base);
    if (m !== 0) {
      mask[w] = m;
      lastWord = w;
      nonZero += popcount(m);
    }
  }
  const values = new Uint32Array(nonZero);
  let k = 0;
  for (let w = 0; w <= lastWord; w++) {
    let m = mask[w];
    while (m !== 0) {
      const low = m & -m;
      values[k++] = from[(w << 5) + 31 - Math.clz32(low)];
      m ^= low;
    }
  }
  const kept = lastWord + 1;
  const cells = kept === 0 ? 0 : (lastWord << 5) + 32 - Math.clz32(mask[lastWord]);
  return { cells, mask: kept * 2 < words ? mask.slice(0, kept) : mask.subarray(0, kept), values };
}

/** Writes the image's non-zero cells into `into`, whose cells [0, image.cells) must be 0 already. O(mask words + non-zero cells). */
export function decodeSparse(image: SparseImage, into: Uint32Array): void {
  const { mask, values } = image;
  let k = 0;
  for (let w = 0; w < mask.length; w++) {
    let m = mask[w];
    while (m !== 0) {
      const low = m & -m;
      into[(w << 5) + 31 - Math.clz32(low)] = values[k++];
      m ^= low;
    }
  }
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
