/**
 * A set of 8-aligned heap offsets below a limit, one bit each: what a
 * checker marks while it walks the heap and then looks up per live block,
 * without a Map's allocation and hashing. `reset` costs limit / 256 words
 * written; `mark` and `take` are O(1).
 */
export class OffsetBitmap {
  private words = new Int32Array(0);
  private limit = 0;

  /** Empties the set and makes it hold offsets in [0, limit). */
  reset(limit: number): void {
    const needed = (limit >>> 8) + 1;
    if (this.words.length < needed) this.words = new Int32Array(Math.max(needed, this.words.length * 2));
    else this.words.fill(0, 0, needed);
    this.limit = limit;
  }

  /** Adds `offset`, an 8-aligned offset below the limit. */
  mark(offset: number): void {
    const g = offset >>> 3;
    this.words[g >>> 5] |= 1 << (g & 31);
  }

  /** Removes `offset` and says whether it was there; false for any offset the set cannot hold. */
  take(offset: number): boolean {
    if (!(offset >= 0 && offset < this.limit) || (offset & 7) !== 0 || (offset | 0) !== offset) return false;
    const g = offset >>> 3;
    const bit = 1 << (g & 31);
    const w = g >>> 5;
    if ((this.words[w] & bit) === 0) return false;
    this.words[w] &= ~bit;
    return true;
  }
}
